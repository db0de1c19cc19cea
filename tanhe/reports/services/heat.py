"""供热计量: steam and hot-water measurements of a month; the month's 供热量 is computed from
them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from tanhe.accounting.report_form import Table
from tanhe.inputs import InputRefused, has_control_characters
from tanhe.plans.models import PlanUnit
from tanhe.validators import control_message, number_message

from .. import calculation, values
from ..models import (
    HeatKind,
    HeatMeasurement,
    Report,
)
from ._common import CellErrors, _audit, _editable
from .cells import CellInput, _require_place, _sealed_months


# -- heat measurements ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class HeatInput:
    """One steam or hot-water measurement of a month: mass (t) and enthalpy (kJ/kg, steam) or
    supply temperature (℃, hot water)."""

    kind: str
    mass_t: str
    enthalpy_kj_per_kg: str = ""
    temperature_c: str = ""
    label: str = ""


HEAT_NUMBER_DECIMALS = {"mass_t": 3, "enthalpy_kj_per_kg": 2, "temperature_c": 2}
HEAT_LABELS = {"mass_t": "质量", "enthalpy_kj_per_kg": "焓值", "temperature_c": "供水温度"}
HEAT_LABEL_MAX = 100  # HeatMeasurement.label


@transaction.atomic
def save_heat_measurements(
    *, actor: Any, report: Report, unit: PlanUnit, month: int, rows: Iterable[HeatInput]
) -> int:
    """Replace a month's steam / hot-water measurements, all or none; the month's 供热量 is then
    computed from them by 自动计算 (and cannot also be entered directly)."""
    report = _editable(actor, report)
    units = {u.pk: u for u in calculation.reporting_units(report)}
    _require_place(CellInput(unit, Table.PRODUCTION, "", "heat_gj", month, ""), report, units)
    if month in _sealed_months(report):
        raise CellErrors([f"{month}月已存证，修改须先提出修改申请并说明原因"])
    problems: list[str] = []
    clean: list[HeatMeasurement] = []
    for i, row in enumerate(rows, start=1):
        where = f"{unit.name} {month}月 供热计量第{i}行"
        if row.kind not in set(HeatKind):
            problems.append(f"{where}：请选择蒸汽或热水")
            continue
        needed = ("mass_t", "enthalpy_kj_per_kg" if row.kind == HeatKind.STEAM else "temperature_c")
        numbers: dict[str, str] = {}
        for field in needed:
            text = getattr(row, field)
            try:
                numbers[field] = values.number_with_places(text, HEAT_NUMBER_DECIMALS[field])
            except InputRefused as exc:
                rule = number_message(text, exc.problem)
                problems.append(f"{where} {HEAT_LABELS[field]}：{rule}")
                continue
            if not numbers[field]:
                problems.append(f"{where} {HEAT_LABELS[field]}：未填写")
        if has_control_characters(row.label):
            problems.append(f"{where} {control_message('计量点')}")
        elif len(row.label.strip()) > HEAT_LABEL_MAX:
            problems.append(f"{where} 计量点：不能超过 {HEAT_LABEL_MAX} 个字")
        clean.append(
            HeatMeasurement(report=report, unit=unit, month=month, position=i, kind=row.kind,
                            label=row.label.strip(), **numbers)
        )  # fmt: skip
    if problems:
        raise CellErrors(problems)
    old = report.heat_measurements.filter(unit=unit, month=month)
    before = old.count()
    old.delete()
    HeatMeasurement.objects.bulk_create(clean)
    _audit(actor, "report.heat", report, report,
           changes={f"{unit.name}/{month}": (before, len(clean))})  # fmt: skip
    return len(clean)
