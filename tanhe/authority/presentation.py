"""A stored finding as the list and the exports show it: the message and the clause in the
reader's language, worded by the rule registry (the same words as the report's warnings)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tanhe.accounting.fuels import fuel_label
from tanhe.checks import Finding, registry, words

from .models import FindingKind, ScreeningFinding


def reader_lang() -> str:
    """The registry's language for the active one: English, or Chinese for everything else."""
    return "en" if (get_language() or "").startswith("en") else "zh"


def severity_label(severity: str) -> str:
    labels = {"error": _("错误"), "warning": _("警告"), "info": _("提示")}
    return labels.get(severity, severity)


@dataclass(frozen=True)
class Shown:
    """A finding's words in the reader's language: the place (fuel, month, row of the form),
    the rule's family, the message and the clause."""

    row: ScreeningFinding
    message: str
    clause: str
    severity: str
    fuel: str = ""
    month: str = ""
    field: str = ""
    kind: str = ""


def rule_kind(rule_id: str, lang: str) -> str:
    """The family a rule belongs to (复算, 合理取值范围 …), for lists that name the rule."""
    return words.kind_label(registry.get(rule_id).kind, lang) if rule_id else ""


def show(row: ScreeningFinding, lang: str) -> Shown:
    message, clause = _words(row, lang)
    try:
        kind = rule_kind(row.rule, lang)
    except KeyError:  # a rule retired since the run
        kind = ""
    return Shown(
        row,
        message,
        clause,
        severity_label(row.severity),
        fuel=fuel_label(row.fuel, lang) if row.fuel else "",
        month=words.month_label(row.month, lang),
        field=words.field_label(row.field, row.fuel or None, lang),
        kind=kind,
    )


def _words(row: ScreeningFinding, lang: str) -> tuple[str, str]:
    if row.kind == FindingKind.NOT_COMPUTABLE:
        return _("报告数据不完整，无法计算，未做筛查"), ""
    if row.kind == FindingKind.FAILURE:
        error = str(row.params.get("error", "")) if isinstance(row.params, dict) else ""
        return _("筛查此报告时出错：%(error)s") % {"error": error}, ""
    finding = Finding(
        rule=row.rule,
        unit=row.unit or None,
        fuel=row.fuel or None,
        month=row.month,
        field=row.field or None,
        observed=row.observed or None,
        expected=row.expected or None,
        params={str(k): str(v) for k, v in _params(row).items()},
    )
    try:
        return registry.message(finding, lang), registry.clause(finding, lang)
    except KeyError:  # a rule retired since the run: its id still says what it was
        return row.rule, ""


def _params(row: ScreeningFinding) -> dict[str, Any]:
    return row.params if isinstance(row.params, dict) else {}
