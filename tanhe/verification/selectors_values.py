"""Confirmed values (guide 4.5, 附录2 附件2) read from the engine: the plant's initial values (the
version under verification), its final values (its submitted 终版) and the team's confirmed values,
and the confirmed totals — the engine run on the verified plant-year with the confirmed data put
in its place. Nothing is computed here: a conservative treatment is the engine's own (the
calibration adjustment of tanhe/accounting/calibration.py on a fuel month; a default carbon or NCV
by taking the measured value out, as the rule consistency.default_carbon does); a team value
replaces the reported one in the interchange document the engine reads."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tanhe.accounting import InputErrors, PlantYearResult, calculate, plant_year_from_data
from tanhe.accounting.quantities import Mode
from tanhe.accounting.results import UnitResult
from tanhe.inputs import fraction_digits
from tanhe.plans.models import PlanUnit
from tanhe.reports import calculation
from tanhe.reports import selectors as report_selectors
from tanhe.reports.models import Report, ReportState
from tanhe.reports.services.final import final_version

from .models import ConfirmedValue, Task, ValueBasis
from .values_catalogue import CODES, Code, Datum, data_of, measure, unit_values

Document = dict[str, Any]
CARBON_KEYS = ("carbon_content", "carbon_content_ad", "carbon_content_d", "gas_tests")
NCV_KEYS = ("ncv", "ncv_ad")


# -- the engine --------------------------------------------------------------------------------
def document_of(report: Report) -> Document:
    """The interchange document of ``report``'s entries (what the engine reads)."""
    return calculation.plant_year_data(report, calculation.cell_rows(report))


def run(document: Document) -> PlantYearResult:
    """The engine's result for ``document``; a ValidationError naming the engine's issues."""
    try:
        return calculate(plant_year_from_data(document))
    except InputErrors as exc:
        raise ValidationError([issue.message("zh") for issue in exc.issues]) from exc


def _values(result: PlantYearResult, units: dict[str, PlanUnit]) -> dict[Datum, str]:
    out: dict[Datum, str] = {}
    for unit in result.units:
        out |= unit_values(unit, units.get(unit.code))
    return out


def _units(report: Report) -> dict[str, PlanUnit]:
    return {u.name: u for u in calculation.reporting_units(report)}


def _memo(task: Task, key: object, make: Callable[[], Any]) -> Any:
    """``make()`` once per task object: a page or a service asks the engine once for each
    state of the data (the verified version is frozen; confirmed values are keyed by their
    last change)."""
    cache: dict[object, Any] = task.__dict__.setdefault("_values_memo", {})
    if key not in cache:
        cache[key] = make()
    return cache[key]


def _verified_document(task: Task) -> Document:
    """The frozen verified version's document (callers copy before changing it)."""
    assert task.report is not None
    report = task.report
    return _memo(task, ("document", report.pk), lambda: document_of(report))  # type: ignore[no-any-return]


def initial_result(task: Task) -> PlantYearResult:
    if task.report is None:
        raise ValidationError(_("该重点排放单位未提交排放报告，没有可核查的报告数据"))
    return _memo(task, "initial", lambda: run(_verified_document(task)))  # type: ignore[no-any-return]


def initial_values(task: Task) -> dict[Datum, str]:
    """附件2's 初始报告数值: the version under verification."""
    assert task.report is not None
    return _values(initial_result(task), _units(task.report))


def submitted_final(task: Task) -> Report | None:
    """The plant's 终版 of the task's year, once submitted (a draft is not a value yet)."""
    final = final_version(task.enterprise, task.year)
    if final is None or final.state not in (ReportState.SUBMITTED, ReportState.ACCEPTED):
        return None
    return final


def final_values(task: Task) -> dict[Datum, str]:
    """附件2's 最终报告数值: the submitted 终版 (empty without one, or if it does not compute)."""
    final = submitted_final(task)
    if final is None:
        return {}
    outcome = calculation.compute(final)
    return {} if outcome.result is None else _values(outcome.result, _units(final))


# -- the confirmed data put in the document ----------------------------------------------------
def _unit(document: Document, name: str) -> dict[str, Any]:
    for unit in document["units"]:
        if unit["code"] == name:
            found: dict[str, Any] = unit  # the document's own entry, changed in place
            return found
    raise ValidationError(_("报告中没有机组“%(unit)s”") % {"unit": name})


def _months(document: Document, name: str, fuel: str) -> list[dict[str, Any]]:
    for f in _unit(document, name).get("fuels", []):
        if f["fuel"] == fuel:
            months: list[dict[str, Any]] = f["months"]
            return months
    raise ValidationError(
        _("机组“%(unit)s”的报告中没有燃料“%(fuel)s”") % {"unit": name, "fuel": fuel}
    )


def _strip(months: Iterable[dict[str, Any]], keys: tuple[str, ...]) -> None:
    """The measured values out of each month (and of its daily records): the engine then takes
    the accounting guide's default (consistency.default_carbon does the same)."""
    for m in months:
        for key in keys:
            m.pop(key, None)
        for record in m.get("daily", ()):
            for key in keys:
                record.pop(key, None)


def _flatten(months: list[dict[str, Any]], unit: UnitResult, fuel: str) -> None:
    """A month built from daily records becomes the month's values as the engine reported them
    (its consumption, and its measured NCV and carbon), so that its consumption can be set."""
    reported = {m.month: m for f in unit.fuels if f.fuel == fuel for m in f.months}
    for b in unit.biomass:
        if b.fuel == fuel:
            for bm in b.months:
                if m := next((x for x in months if x["month"] == bm.month and "daily" in x), None):
                    m.pop("daily")
                    m |= {"consumption": format(bm.consumption, "f"), "ncv": format(bm.ncv, "f")}
    for m in months:
        if "daily" not in m or m["month"] not in reported:
            continue
        m.pop("daily")
        r = reported[m["month"]]
        m["consumption"] = format(r.consumption, "f")
        if r.state is not None:
            m["state"] = r.state.value
        if r.modes.get("ncv") != Mode.DEFAULT:
            m["ncv"] = format(r.ncv, "f")
        if r.modes.get("carbon_content") != Mode.DEFAULT:
            m["carbon_content"] = format(r.carbon_content, "f")


def distribute(rows: list[dict[str, Any]], key: str, target: Decimal) -> None:
    """A year value put into the months in proportion to the reported months, each to the
    decimals of ``target``; the rounding remainder on the largest month, so the months add up
    to ``target`` exactly."""
    values = [Decimal(str(r.get(key) or "0")) for r in rows]
    total = sum(values, Decimal(0))
    if not total:
        if target:
            raise ValidationError(_("报告中该数据各月均为零，无法按月分配核查确认数值"))
        return
    step = Decimal(1).scaleb(-fraction_digits(format(target, "f")))
    new = [(v * target / total).quantize(step, rounding=ROUND_HALF_UP) for v in values]
    largest = max(range(len(new)), key=lambda i: values[i])
    new[largest] += target - sum(new, Decimal(0))
    for row, value in zip(rows, new, strict=True):
        row[key] = format(value, "f")


def _production(doc: Document, unit: UnitResult, key: str, code: str) -> list[dict[str, Any]]:
    data = _unit(doc, unit.code)
    if code == "N" and data.get("members"):
        raise ValidationError(_("合并填报机组的运行小时数按各机组填报，不能整体替换"))
    rows: list[dict[str, Any]] = data.get("production", [])
    if code == "M":  # 供热量 from steam / hot-water measurements: the month's reported heat
        heat = {p.month: p.values.heat_gj for p in unit.production.months}
        for row in rows:
            if row.pop("steam", None) is not None or row.pop("hot_water", None) is not None:
                row["heat_gj"] = format(heat.get(row["month"]) or Decimal(0), "f")
    return rows


def _set_value(doc: Document, unit: UnitResult, code: str, fuel: str, value: Decimal) -> None:
    """The team's value of one datum in the document (a year value over its months)."""
    data = _unit(doc, unit.code)
    if code == "capacity":
        if data.get("members"):
            raise ValidationError(_("合并填报机组的装机容量按各机组填报，不能整体替换"))
        data["capacity_mw"] = format(value, "f")
    elif code in ("A", "bio_consumption"):
        months = _months(doc, unit.code, fuel)
        _flatten(months, unit, fuel)
        distribute(months, "consumption", value)
    elif code in ("B", "C", "bio_ncv"):
        months = _months(doc, unit.code, fuel)
        key, keys = ("carbon_content", CARBON_KEYS) if code == "B" else ("ncv", NCV_KEYS)
        _strip(months, keys)
        for m in months:
            m[key] = format(value, "f")
    elif code == "H":
        rows = data.get("purchased_electricity")
        if rows is None:
            raise ValidationError(_("该机组的购入电量由全厂分配，不能按机组替换"))
        distribute(rows, "mwh", value)
    elif code in ("K", "M", "N"):
        key = {"K": "generation_mwh", "M": "heat_gj", "N": "running_hours"}[code]
        distribute(_production(doc, unit, key, code), key, value)


def apply(doc: Document, record: ConfirmedValue, unit: UnitResult) -> None:
    """One confirmed value into ``doc``: its conservative treatment, or the team's value."""
    code, fuel, treatment = record.code, record.fuel, record.treatment or {}
    if treatment.get("kind") == "calibration":
        calibration = {
            k: str(v) for k, v in treatment.items() if k != "kind" and v not in ("", None)
        }
        for m in _months(doc, unit.code, fuel):
            m["calibration"] = calibration
    elif treatment.get("kind") == "default":
        _strip(_months(doc, unit.code, fuel), CARBON_KEYS if code == "B" else NCV_KEYS)
    elif record.basis != ValueBasis.REPORTED and CODES[code].kind == "input":
        _set_value(doc, unit, code, fuel, Decimal(record.confirmed))


def confirmed_document(task: Task, records: Iterable[ConfirmedValue] | None = None) -> Document:
    """The verified version's document with every confirmed value of ``records`` (default: the
    task's) in place."""
    assert task.report is not None
    initial = initial_result(task)
    by_name = {u.code: u for u in initial.units}
    doc = copy.deepcopy(_verified_document(task))
    rows = task.confirmed_values.select_related("unit") if records is None else records
    for record in sorted(rows, key=lambda r: (r.unit_id, r.code, r.fuel)):
        apply(doc, record, by_name[record.unit.name])
    return doc


def confirmed_result(
    task: Task, records: Iterable[ConfirmedValue] | None = None
) -> PlantYearResult:
    if records is not None:
        return run(confirmed_document(task, records))
    state = tuple(task.confirmed_values.order_by("pk").values_list("pk", "confirmed_at"))
    return _memo(task, ("confirmed", state), lambda: run(confirmed_document(task)))  # type: ignore[no-any-return]


# -- the page's tables -------------------------------------------------------------------------
@dataclass(frozen=True)
class ValueRow:
    unit: PlanUnit
    code: Code
    fuel: str
    measure: str
    initial: str
    final: str
    confirmed: str  # the engine's value after the confirmed data (computed data too)
    record: ConfirmedValue | None


@dataclass(frozen=True)
class UnitTotal:
    name: str
    reported: Decimal | None
    confirmed: Decimal

    @property
    def difference(self) -> Decimal | None:
        return None if self.reported is None else self.confirmed - self.reported


@dataclass(frozen=True)
class Totals:
    units: list[UnitTotal]
    reported: Decimal | None
    confirmed: Decimal

    @property
    def difference(self) -> Decimal | None:
        return None if self.reported is None else self.confirmed - self.reported


def confirmed_totals(task: Task) -> Totals:
    """Each unit's reported emissions (the engine's result frozen with the submission) beside
    its confirmed emissions (the engine on the confirmed data), and the plant's."""
    assert task.report is not None
    rows, total = report_selectors.summary(task.report)
    reported = {r.name: r.total for r in rows}
    result = confirmed_result(task)
    units = [UnitTotal(u.code, reported.get(u.code), u.total_emissions_tco2) for u in result.units]
    return Totals(units, total.total if total else None, result.total_emissions_tco2)


def value_rows(task: Task) -> list[tuple[PlanUnit, list[ValueRow]]]:
    """附件2 per unit: every datum with its initial, final and confirmed value and the team's
    record (basis, reason) where there is one."""
    assert task.report is not None
    units = _units(task.report)
    initial = initial_result(task)
    initial_data = _values(initial, units)
    final = final_values(task)
    confirmed = _values(confirmed_result(task), units)
    records = {
        (r.unit.name, r.code, r.fuel): r for r in task.confirmed_values.select_related("unit")
    }
    out = []
    for unit in initial.units:
        rows = []
        for code, fuel in data_of(unit):
            key = (unit.code, code.key, fuel)
            record = records.get(key)
            shown = record.confirmed if record and code.kind == "text" else confirmed.get(key, "")
            rows.append(
                ValueRow(
                    units[unit.code],
                    code,
                    fuel,
                    measure(code, unit, fuel),
                    initial_data.get(key, ""),
                    final.get(key, ""),
                    shown,
                    record,
                )
            )
        out.append((units[unit.code], rows))
    return out


def unit_values_of(result: PlantYearResult, name: str) -> dict[Datum, str]:
    """The 附件2 data of the unit ``name`` in ``result`` (the numbers; no plan needed)."""
    return {k: v for u in result.units if u.code == name for k, v in unit_values(u, None).items()}
