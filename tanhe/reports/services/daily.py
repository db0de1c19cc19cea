"""Daily 入炉 / batch 入厂 records of a fuel month; the month's totals are built from them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounting.report_form import ROW_BY_KEY as FORM_ROWS
from tanhe.accounting.report_form import Table
from tanhe.plans.models import PlanUnit

from .. import calculation
from ..models import (
    STATE_VALUES,
    DailyFuelRecord,
    Report,
)
from ._common import CellErrors, _audit, _editable
from .cells import CellInput, _clean_value, _decimals, _require_place, _sealed_months


# -- daily records --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DailyInput:
    """One day's (or batch's) quantity, NCV and carbon content as entered."""

    day: date
    quantity: str
    ncv: str = ""
    carbon_content: str = ""
    state: str = "fired"


@transaction.atomic
def save_daily_records(
    *,
    actor: Any,
    report: Report,
    unit: PlanUnit,
    fuel: str,
    month: int,
    rows: Iterable[DailyInput],
) -> int:
    """Replace a fuel month's daily 入炉 (or batch 入厂) records, all or none. The month's
    consumption, NCV and carbon then come from them (自动计算, quantity-weighted)."""
    report = _editable(actor, report)
    units = {u.pk: u for u in calculation.reporting_units(report)}
    _require_place(CellInput(unit, Table.FUEL, fuel, "consumption", month, ""), report, units)
    if month in _sealed_months(report):
        raise CellErrors([f"{month}月已存证，修改须先提出修改申请并说明原因"])
    decimals = _decimals(report)
    problems: list[str] = []
    clean = []
    for row in rows:
        where = f"{unit.name} {_fuel_name(fuel)} {row.day.isoformat()}"
        if (row.day.year, row.day.month) != (report.year, month):
            problems.append(f"{where}：日期不在{report.year}年{month}月")
            continue
        typed = {}
        for key, text in (("consumption", row.quantity), ("ncv", row.ncv),
                          ("carbon_content", row.carbon_content)):  # fmt: skip
            try:
                typed[key] = _clean_value(CellInput(unit, Table.FUEL, fuel, key, month, text),
                                          FORM_ROWS[(Table.FUEL, key)], decimals)  # fmt: skip
            except ValueError as exc:
                label = FORM_ROWS[(Table.FUEL, key)].label_zh
                problems.append(f"{where} {label}：{exc}")
        if typed.get("consumption") == "":
            problems.append(f"{where} 消耗量：未填写")
        if row.state not in STATE_VALUES:
            problems.append(f"{where} 燃料状态：须为入炉或入厂")
        clean.append((row, typed))
    if len({r.state for r, _ in clean}) > 1:
        problems.append(f"{unit.name} {_fuel_name(fuel)} {month}月：入炉与入厂记录不能混用")
    if len({r.day for r, _ in clean}) != len(clean):
        problems.append(f"{unit.name} {_fuel_name(fuel)} {month}月：同一日期填写了多条记录")
    if problems:
        raise CellErrors(problems)
    old = report.daily_records.filter(unit=unit, fuel=fuel, day__month=month)
    before = old.count()
    old.delete()
    DailyFuelRecord.objects.bulk_create(
        DailyFuelRecord(report=report, unit=unit, fuel=fuel, day=r.day, state=r.state,
                        quantity=v["consumption"], ncv=v.get("ncv", ""),
                        carbon_content=v.get("carbon_content", ""))
        for r, v in clean
    )  # fmt: skip
    _audit(actor, "report.daily", report, report,
           changes={f"{unit.name}/{fuel}/{month}": (before, len(clean))})  # fmt: skip
    return len(clean)


def _fuel_name(fuel: str) -> str:
    f = fuel_catalogue().get(fuel)
    return f.name_zh if f else fuel
