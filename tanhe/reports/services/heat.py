"""供热计量: steam and hot-water measurements of a month; the month's 供热量 is computed from
them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from tanhe.accounting.report_form import Table
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.inputs import InputRefused, has_control_characters
from tanhe.plans.models import PlanUnit
from tanhe.reports.models import STEAM_BALANCE_FIELDS

from .. import calculation, values
from ..models import (
    HeatKind,
    HeatMeasurement,
    Report,
)
from ..places import Lock, Place
from ..problems import HEAT_FIELDS, Problem, input_problem, lock_problem
from ..selectors import unit_names
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
    # steam only, where metered (表16): return and make-up water, the exchanger's efficiency
    return_t: str = ""
    return_enthalpy_kj_per_kg: str = ""
    makeup_t: str = ""
    makeup_enthalpy_kj_per_kg: str = ""
    exchanger_efficiency_pct: str = ""


HEAT_NUMBER_DECIMALS = {
    "mass_t": 3, "enthalpy_kj_per_kg": 2, "temperature_c": 2, "return_t": 3,
    "return_enthalpy_kj_per_kg": 2, "makeup_t": 3, "makeup_enthalpy_kj_per_kg": 2,
    "exchanger_efficiency_pct": 2,
}  # fmt: skip
# a water mass needs its enthalpy (表16's balance)
_PAIRS = (("return_t", "return_enthalpy_kj_per_kg"), ("makeup_t", "makeup_enthalpy_kj_per_kg"))
HEAT_LABEL_MAX = 100  # HeatMeasurement.label


@transaction.atomic
def save_heat_measurements(
    *, actor: User, report: Report, unit: PlanUnit, month: int, rows: Iterable[HeatInput]
) -> int:
    """Replace a month's steam / hot-water measurements, all or none; the month's 供热量 is then
    computed from them by 自动计算 (and cannot also be entered directly)."""
    report = _editable(actor, report)
    units = {u.pk: u for u in calculation.reporting_units(report)}
    _require_place(CellInput(unit, Table.PRODUCTION, "", "heat_gj", month, ""), report, units)
    month_place = Place(unit.pk, Table.PRODUCTION.value, "", "heat_gj", month)
    if month in _sealed_months(report):
        raise CellErrors([lock_problem(Lock.SEALED, month_place)], unit_names(report))
    problems: list[Problem] = []
    clean: list[HeatMeasurement] = []
    for i, row in enumerate(rows, start=1):
        if row.kind not in set(HeatKind):
            problems.append(Problem("heat.kind", month_place, params={"heat_row": i}))
            continue
        numbers, refused = _measured(row, month_place, i)
        problems += refused
        where = {"heat_row": i, "field": "label"}
        if has_control_characters(row.label):
            params = {"heat_row": i, "label": str(HEAT_FIELDS["label"])}
            problems.append(Problem("control_characters", month_place, params=params))
        elif len(row.label.strip()) > HEAT_LABEL_MAX:
            problems.append(Problem("heat.label_too_long", month_place,
                                    params={**where, "max": HEAT_LABEL_MAX}))  # fmt: skip
        clean.append(
            HeatMeasurement(report=report, unit=unit, month=month, position=i, kind=row.kind,
                            label=row.label.strip(), **numbers)
        )  # fmt: skip
    if problems:
        raise CellErrors(problems, unit_names(report))
    old = report.heat_measurements.filter(unit=unit, month=month)
    before = old.count()
    old.delete()
    HeatMeasurement.objects.bulk_create(clean)
    _audit(actor, Action.REPORT_HEAT, report, report,
           changes={f"{unit.name}/{month}": (before, len(clean))})  # fmt: skip
    return len(clean)


def _measured(row: HeatInput, place: Place, i: int) -> tuple[dict[str, str], list[Problem]]:
    """A measurement's numbers as stored, and the problems of those refused."""
    needed = ("mass_t", "enthalpy_kj_per_kg" if row.kind == HeatKind.STEAM else "temperature_c")
    numbers: dict[str, str] = {}
    problems: list[Problem] = []
    for field in needed:
        where = {"heat_row": i, "field": field}
        text = getattr(row, field)
        try:
            numbers[field] = values.number_with_places(text, HEAT_NUMBER_DECIMALS[field])
        except InputRefused as exc:
            problems.append(input_problem(exc.problem, text, place, **where))
            continue
        if not numbers[field]:
            problems.append(Problem("required", place, params=where))
    if row.kind == HeatKind.STEAM:
        problems += _balance(row, numbers, place, i)
    return numbers, problems


def _balance(row: HeatInput, numbers: dict[str, str], place: Place, i: int) -> list[Problem]:
    """The optional return / make-up water and exchanger efficiency of a steam row (表16)."""
    problems: list[Problem] = []
    for field in STEAM_BALANCE_FIELDS:
        text = getattr(row, field)
        try:
            numbers[field] = values.number_with_places(text, HEAT_NUMBER_DECIMALS[field])
        except InputRefused as exc:
            problems.append(input_problem(exc.problem, text, place, heat_row=i, field=field))
    for mass, enthalpy in _PAIRS:
        if numbers.get(mass) and not numbers.get(enthalpy):
            problems.append(Problem("required", place, params={"heat_row": i,
                                                               "field": enthalpy}))  # fmt: skip
    efficiency = numbers.get("exchanger_efficiency_pct")
    if efficiency and not 0 < Decimal(efficiency) <= 100:
        problems.append(Problem("heat.efficiency", place, params={
            "heat_row": i, "field": "exchanger_efficiency_pct"}))  # fmt: skip
    return problems
