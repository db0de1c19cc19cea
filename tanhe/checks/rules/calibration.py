"""Calibration (校准): a meter not calibrated, calibrated late or outside its accuracy → the
conservative adjustment (核查技术指南 发电设施 5.4.1.1 and 表7 注意事项; the factors are
:mod:`tanhe.accounting.calibration`'s), shown beside the reported value."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from tanhe.accounting import calibration as cal
from tanhe.accounting.model import CalibrationStatus
from tanhe.checks import words as w
from tanhe.checks.findings import Finding, NcCategory, Severity
from tanhe.checks.registry import Kind, rule
from tanhe.checks.subject import Subject, text
from tanhe.checks.values import Key

_CLAUSE = (
    "核查技术指南（发电设施）5.4.1.1、表7 注意事项：未校准 检测结果×(1+规定准确度)；准确度超过"
    "规定 ×(1+校准准确度−规定准确度)；延迟校准 未覆盖时间段按未校准处理",
    "Verification guide (power generation) 5.4.1.1 and table 7: not calibrated × (1 + required "
    "accuracy); out of tolerance × (1 + calibrated − required accuracy); late: the "
    "uncovered period as not calibrated",
)
_STATUS_ZH = {
    "out_of_tolerance": "准确度超过规定要求",
    "not_calibrated": "未校准",
    "delayed": "延迟校准",
}
# quantities whose conservative side is higher (they raise emissions) or lower (they raise the
# output the allocation rests on)
_RAISING = frozenset({"consumption", "electricity_mwh"})


@rule(
    "calibration.applied",
    kind=Kind.CALIBRATION,
    severity=Severity.INFO,
    category=NcCategory.MEASUREMENT,
    clause=_CLAUSE,
    since=2019,
    message=(
        "计量器具{status}：消耗量{observed}已按保守原则调整为{expected}",
        "meter {status_en}: consumption {observed} conservatively adjusted to {expected}",
    ),
)
def applied(subject: Subject) -> Iterator[Finding]:
    """A fuel month's own calibration: the engine has already applied the adjustment."""
    values = subject.values
    for unit, fuel, m in subject.fuel_months():
        c = m.calibration
        if c is None or c.status is CalibrationStatus.IN_TOLERANCE or m.consumption is None:
            continue
        adjusted = values.get((unit.code, fuel.fuel, m.month, "consumption"))
        yield Finding(
            "calibration.applied",
            unit.code,
            fuel.fuel,
            m.month,
            "consumption",
            text(m.consumption),
            text(adjusted),
            {"status": _STATUS_ZH[c.status.value], "status_en": c.status.value},
        )


@rule(
    "calibration.meter",
    kind=Kind.CALIBRATION,
    severity=Severity.WARNING,
    category=NcCategory.MEASUREMENT,
    clause=_CLAUSE,
    since=2019,
    message=(
        "{instrument}{status}：报告值{observed}，保守处理后为{expected}",
        "{instrument_en} {status_en}: reported {observed}, conservatively {expected}",
    ),
)
def meter(subject: Subject) -> Iterator[Finding]:
    values = subject.values
    for c in subject.data.calibrations:
        if c.calibration.status is CalibrationStatus.IN_TOLERANCE:
            continue
        value = values.get((c.unit, c.fuel, c.month, c.field))
        if value is None:
            continue
        direction = 1 if c.field in _RAISING else -1
        factor = cal.adjustment_factor(c.calibration, direction)
        adjusted = value * factor
        yield Finding(
            "calibration.meter",
            c.unit,
            c.fuel,
            c.month,
            c.field,
            text(value),
            text(adjusted.quantize(Decimal("0.01"))),
            {
                "status": _STATUS_ZH[c.calibration.status.value],
                "status_en": c.calibration.status.value,
                **w.pair(
                    "instrument",
                    (c.instrument, c.instrument) if c.instrument else ("计量器具", "meter"),
                ),
            },
            (c.instrument,) if c.instrument else (),
            _effect(values, c.unit, c.fuel, c.month, c.field, factor),
        )


def _effect(
    values: dict[Key, Decimal],
    unit: str | None,
    fuel: str | None,
    month: int | None,
    field: str,
    factor: Decimal,
) -> Decimal | None:
    """Emissions scale with consumption and purchased electricity: the change in tCO2."""
    if field == "consumption":
        emissions = values.get((unit, fuel, month, "emissions_tco2"))
    elif field == "electricity_mwh":
        emissions = values.get((unit, None, month, "electricity_emissions_tco2"))
    else:
        return None
    return None if emissions is None else (emissions * (factor - 1)).quantize(Decimal("0.01"))
