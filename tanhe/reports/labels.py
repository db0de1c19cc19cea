"""How the report pages name things, in the reader's language: rows, fuels, fuel states, modes,
months. One function per term — every page, message and export asks here (documents in Chinese
call the pure functions these wrap with ``"zh"``)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from tanhe.accounting.fuels import fuel_label
from tanhe.accounting.report_form import Row

from .models import FuelState, Mode

# The two parameters of the 确定方式表 (how a month's value was tested).
TEST_PARAMETERS = {"ncv": gettext_lazy("低位发热量"), "carbon_content": gettext_lazy("元素碳含量")}


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
    """ "3月" / "Mar" — a month as the tables and messages name it."""
    return calendar.month_abbr[month] if english() else f"{month}月"


def unit_name(name: str | None) -> str:
    """A unit's name; ``None`` is the plant (全厂)."""
    return name if name is not None else _("全厂")


def listed(items: Iterable[str]) -> str:
    """Names in a row, as the reader's language lists them: "烟煤、柴油" / "Bituminous, Diesel"."""
    return _("、").join(items)


def months_text(months: Iterable[int]) -> str:
    """ "全年" / "whole year" for all twelve; else "1月、3月" / "Jan, Mar"."""
    chosen = sorted(months)
    if chosen == list(range(1, 13)):
        return _("全年")
    return listed(month_label(m) for m in chosen)


def test_row_words(unit: str, fuel: str, parameter: str, month: int) -> str:
    """A row of the 确定方式表 in words: "1号机组 烟煤 低位发热量 3月"."""
    label = TEST_PARAMETERS.get(parameter, parameter)
    return " ".join((unit, fuel_name(fuel), str(label), month_label(month)))
