"""Re-calculation (复算): every computed value the report states, re-derived by the engine
(核查技术指南 发电设施 5.4.1.3: "通过验证排放量计算公式是否正确、排放量的累加是否正确、排放量的计算
是否可再现等方式确认排放量的计算结果是否正确")."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from tanhe.checks.data import Reported
from tanhe.checks.findings import Finding, NcCategory, Severity
from tanhe.checks.registry import Kind, rule
from tanhe.checks.subject import Subject, text
from tanhe.checks.values import EMISSION_FIELDS


def _number(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def matches(reported: Decimal, computed: Decimal) -> bool:
    """Equal once the engine's (guide-rounded) value is rounded to the places the report gives:
    a report showing fewer places than the guide fixes is not wrong for it."""
    if reported == computed:
        return True
    places, computed_places = reported.as_tuple().exponent, computed.as_tuple().exponent
    if not isinstance(places, int) or not isinstance(computed_places, int):
        return False
    if places <= computed_places:  # as many places as the engine or more: must be equal
        return False
    return computed.quantize(Decimal(1).scaleb(places), ROUND_HALF_UP) == reported


def _effect_level(reported: tuple[Reported, ...]) -> str:
    """Where a difference counts towards materiality, once: unit totals if stated, else the
    plant's total, else the fuel and electricity months (never a sum and its parts)."""
    if any(r.unit and r.field == "total_emissions_tco2" and r.month is None for r in reported):
        return "unit"
    if any(r.unit is None and r.field == "total_emissions_tco2" for r in reported):
        return "plant"
    return "months"


def _counts(r: Reported, level: str) -> bool:
    if r.field not in EMISSION_FIELDS:
        return False
    if level == "unit":
        return bool(r.unit) and r.field == "total_emissions_tco2" and r.month is None
    if level == "plant":
        return r.unit is None and r.field == "total_emissions_tco2"
    return r.month is not None and (r.fuel is not None or r.field == "electricity_emissions_tco2")


@rule(
    "recalculation.value",
    kind=Kind.RECALCULATION,
    severity=Severity.ERROR,
    blocks=True,
    category=NcCategory.EVIDENCE,
    since=2019,
    clause=(
        "核查技术指南（发电设施）5.4.1.3 排放量：验证计算公式、累加正确并可再现",
        "Verification guide (power generation) 5.4.1.3: formulas, sums and reproducibility of the "
        "emissions",
    ),
    message=(
        "报告值{observed}与按核算指南复算的{expected}不一致（差{difference}）",
        "reported {observed} differs from the guide's recalculation {expected} "
        "(difference {difference})",
    ),
)
def recalculated(subject: Subject) -> Iterator[Finding]:
    computed = subject.values
    level = _effect_level(subject.data.reported)
    for r in subject.data.reported:
        value = computed.get((r.unit, r.fuel, r.month, r.field))
        number = _number(r.value)
        if value is None or number is None or matches(number, value):
            continue
        effect = value - number if _counts(r, level) else None
        yield Finding(
            "recalculation.value",
            r.unit,
            r.fuel,
            r.month,
            r.field,
            r.value,
            text(value),
            {"difference": text(value - number)},
            (),
            effect,
        )


@rule(
    "recalculation.unknown_value",
    kind=Kind.RECALCULATION,
    severity=Severity.INFO,
    since=2019,
    clause=(
        "核查技术指南（发电设施）5.4.1.3 排放量的计算是否可再现",
        "Verification guide (power generation) 5.4.1.3: the emissions are reproducible",
    ),
    message=(
        "报告值{observed}无法复算：引擎没有该位置的数值",
        "reported {observed} cannot be re-derived: the engine has no value there",
    ),
)
def unknown(subject: Subject) -> Iterator[Finding]:
    computed = subject.values
    for r in subject.data.reported:
        if (r.unit, r.fuel, r.month, r.field) not in computed:
            yield Finding("recalculation.unknown_value", r.unit, r.fuel, r.month, r.field, r.value)
