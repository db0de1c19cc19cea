"""Daily 入炉 / batch 入厂 records of a fuel month; the month's totals are built from them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from tanhe.accounting.report_form import ROW_BY_KEY as FORM_ROWS
from tanhe.accounting.report_form import STATE_KEY, Table, form_decimals
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.inputs import InputRefused
from tanhe.plans.models import PlanUnit

from .. import calculation
from ..models import (
    STATE_VALUES,
    DailyFuelRecord,
    Report,
)
from ..places import Lock, Place
from ..problems import Problem, input_problem, lock_problem
from ..selectors import unit_names
from ._common import CellErrors, _audit, _editable
from .cells import CellInput, _clean_value, _require_place, _sealed_months
from .conflicts import month_conflicts


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
    actor: User,
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
    month_place = Place(unit.pk, Table.FUEL.value, fuel, "", month)
    if month in _sealed_months(report):
        raise CellErrors([lock_problem(Lock.SEALED, month_place)], unit_names(report))
    decimals = form_decimals(report.year)
    problems: list[Problem] = []
    clean = []
    for row in rows:
        if (row.day.year, row.day.month) != (report.year, month):
            day = {"day": row.day.isoformat(), "year": report.year, "month": month}
            problems.append(Problem("daily.out_of_month", month_place, params=day))
            continue
        typed, refused = _day_values(row, unit, fuel, month, decimals)
        problems += refused
        if row.state not in STATE_VALUES:
            place = Place(unit.pk, Table.FUEL.value, fuel, STATE_KEY, month)
            problems.append(Problem("daily.state", place, params={"day": row.day.isoformat()}))
        clean.append((row, typed))
    if len({r.state for r, _ in clean}) > 1:
        problems.append(Problem("daily.mixed_states", month_place))
    if len({r.day for r, _ in clean}) != len(clean):
        problems.append(Problem("daily.duplicate_day", month_place))
    if clean and not problems:  # one value, one way: the records' carbon beside a typed basis
        carbon = any(v.get("carbon_content") for _r, v in clean)
        problems = month_conflicts(report, unit.pk, fuel, month, daily_carbon=carbon)
    if problems:
        raise CellErrors(problems, unit_names(report))
    old = report.daily_records.filter(unit=unit, fuel=fuel, day__month=month)
    before = old.count()
    old.delete()
    DailyFuelRecord.objects.bulk_create(
        DailyFuelRecord(report=report, unit=unit, fuel=fuel, day=r.day, state=r.state,
                        quantity=v["consumption"], ncv=v.get("ncv", ""),
                        carbon_content=v.get("carbon_content", ""))
        for r, v in clean
    )  # fmt: skip
    _audit(actor, Action.REPORT_DAILY, report, report,
           changes={f"{unit.name}/{fuel}/{month}": (before, len(clean))})  # fmt: skip
    return len(clean)


def _day_values(
    row: DailyInput, unit: PlanUnit, fuel: str, month: int, decimals: dict[str, int]
) -> tuple[dict[str, str], list[Problem]]:
    """A record's quantity, NCV and carbon as stored, and the problems of those refused."""
    typed: dict[str, str] = {}
    problems: list[Problem] = []
    day = {"day": row.day.isoformat()}
    for key, text in (("consumption", row.quantity), ("ncv", row.ncv),
                      ("carbon_content", row.carbon_content)):  # fmt: skip
        place = Place(unit.pk, Table.FUEL.value, fuel, key, month)
        try:
            typed[key] = _clean_value(CellInput(unit, Table.FUEL, fuel, key, month, text),
                                      FORM_ROWS[(Table.FUEL, key)], decimals)  # fmt: skip
        except InputRefused as exc:
            problems.append(input_problem(exc.problem, text, place, **day))
    if typed.get("consumption") == "":
        place = Place(unit.pk, Table.FUEL.value, fuel, "consumption", month)
        problems.append(Problem("required", place, params=day))
    return typed, problems
