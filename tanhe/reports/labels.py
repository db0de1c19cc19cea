"""How the report pages name things, in the reader's language: rows, fuels, fuel states, modes,
months. One function per term — every page, message and export asks here (documents in Chinese
call the pure functions these wrap with ``"zh"``)."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tanhe.accounting.fuels import fuel_label
from tanhe.accounting.report_form import Row

from .models import FuelState, Mode


def lang() -> str:
    """The engine's language code for the active Django language: "en" or "zh"."""
    return "en" if (get_language() or "").startswith("en") else "zh"


def english() -> bool:
    return lang() == "en"


def row_label(row: Row) -> str:
    return row.label_en if english() else row.label_zh


def fuel_name(key: str) -> str:
    return fuel_label(key, lang())


def state_label(value: str) -> str:
    """入炉 / 入厂 (as fired / as received), or the value itself when it is neither."""
    return str(FuelState(value).label) if value in FuelState.values else value


def mode_label(mode: str) -> str:
    return str(Mode(mode).label) if mode in Mode.values else ""


def month_label(month: int) -> str:
    """ "3月" / "Mar" — a month as the tables head it."""
    return _("%(month)s月") % {"month": month}


def unit_name(name: str | None) -> str:
    """A unit's name; ``None`` is the plant (全厂)."""
    return name if name is not None else _("全厂")
