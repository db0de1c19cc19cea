"""The report's cells → the engine's plant-year → the engine's result, and back to cells.

Only what the enterprise entered goes in (cells of origin 填报); everything 自动计算 fills comes
out of the engine's result. No formula lives here: the engine computes, this module translates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from tanhe.accounting import InputErrors, PlantYearResult, calculate, plant_year_from_data
from tanhe.accounting.errors import Issue
from tanhe.accounting.report_form import MONTHS, PRODUCTION_ROWS, STATE_KEY, Entry, Table
from tanhe.accounting.report_form import ROW_BY_KEY as FORM_ROWS
from tanhe.plans.models import PlanUnit
from tanhe.reports.models import STEAM_BALANCE_FIELDS

from .models import Mode, Origin, Report, ReportCell

PLANT = None  # the unit of plant-level cells (外购电量无法分机组, 辅助燃料按发电量分配)
# keys the engine reads from the enterprise's entries, per table
FUEL_INPUTS = (
    "consumption",
    "ncv",
    "carbon_content",
    "carbon_content_ad",
    "carbon_content_d",
    "moisture_ar",
    "moisture_ad",
)
# filled by 自动计算 in the fuel table (consumption only for a month built from daily records)
FUEL_COMPUTED = ("consumption", "ncv", "carbon_content", "unit_heat_carbon", "oxidation_rate_pct",
                 "heat_gj", "emissions_tco2")  # fmt: skip
# the production rows the enterprise may enter (the form's own list), as the interchange's keys
PRODUCTION_INPUTS = tuple(r.key for r in PRODUCTION_ROWS if r.entry is not Entry.COMPUTED)

CellKey = tuple[int | None, str, str, str, int]  # unit id, table, fuel, key, month


def cell_key(cell: ReportCell | CellRow) -> CellKey:
    return (cell.unit_id, cell.table, cell.fuel, cell.key, cell.month)


def reporting_units(report: Report) -> list[PlanUnit]:
    """The rows the report is filled for: single units and 合并填报 rows, not their members."""
    units = report.plan_version.units.filter(merged_into__isnull=True)
    return list(units.order_by("position", "id").prefetch_related("members"))


def is_entered(cell: ReportCell | CellRow) -> bool:
    """An entry of the enterprise's that the engine takes as input."""
    if not cell.value or cell.origin != Origin.USER:
        return False
    row = FORM_ROWS.get((Table(cell.table), cell.key))
    if cell.key == STATE_KEY:
        return True
    return row is not None and row.entry in (Entry.INPUT, Entry.INPUT_OR_COMPUTED)


def _number(value: Decimal) -> str:
    """A Decimal as the interchange format's plain decimal string."""
    text = format(value, "f")
    return text


def _unit_data(unit: PlanUnit, members: Sequence[PlanUnit] | None = None) -> dict[str, Any]:
    """A unit as the interchange's ``units[]`` entry; ``members``: a 合并填报 row's members in
    order, with ``standby_for`` loaded (fetched when not given)."""
    data: dict[str, Any] = {
        "code": unit.name,
        "name": unit.name,
        "type": unit.unit_type,
        "subtype": unit.subtype,
        "capacity_mw": _number(unit.capacity_mw.normalize()),
    }
    if unit.gas_class:
        data["gas_class"] = unit.gas_class
    if unit.is_merged:
        if members is None:
            members = list(unit.members.order_by("position", "id").select_related("standby_for"))
        data["members"] = [
            {
                "code": m.name,
                "name": m.name,
                "type": m.unit_type,
                "subtype": m.subtype,
                "capacity_mw": _number(m.capacity_mw.normalize()),
                "standby_for": m.standby_for.name if m.standby_for else None,
            }
            for m in members
        ]
    return data


class DailyRow(NamedTuple):
    """The fields of a daily record the document reads."""

    unit_id: int
    fuel: str
    day: date
    quantity: str
    ncv: str
    carbon_content: str
    state: str


DAILY_FIELDS = DailyRow._fields


class HeatRow(NamedTuple):
    """The fields of a heat measurement the document reads."""

    unit_id: int
    month: int
    kind: str
    mass_t: str
    enthalpy_kj_per_kg: str
    temperature_c: str
    return_t: str
    return_enthalpy_kj_per_kg: str
    makeup_t: str
    makeup_enthalpy_kj_per_kg: str
    exchanger_efficiency_pct: str


HEAT_FIELDS = HeatRow._fields
DAILY_ORDER = ("day", "id")  # per (unit, fuel, month) the days in order
HEAT_ORDER = ("month", "position", "id")  # per (unit, month) the meters in the form's order


@dataclass(frozen=True, slots=True)
class ReportRows:
    """Everything the document of a report is built from besides its cells, fetched once: by
    :func:`report_rows` for one report, or streamed for many at once (the province-wide
    screening, ``bench/national.py``) — one builder, :func:`document_from_rows`, for both."""

    year: int
    name: str  # the plan's 企业名称
    credit_code: str | None
    split_purchased_electricity: bool
    units: Sequence[PlanUnit]  # the reporting rows, in the form's order (reporting_units)
    members: Mapping[int, Sequence[PlanUnit]]  # a merged row's members, standby_for loaded
    daily: Sequence[DailyRow]  # in DAILY_ORDER
    heat: Sequence[HeatRow]  # in HEAT_ORDER
    allocated: frozenset[str]


def report_rows(report: Report) -> ReportRows:
    """The rows of ``report`` (its cells apart), queried."""
    units = reporting_units(report)
    members = {
        u.pk: list(u.members.order_by("position", "id").select_related("standby_for"))
        for u in units
        if u.is_merged
    }
    daily = report.daily_records.order_by(*DAILY_ORDER).values_list(*DAILY_FIELDS)
    heat = report.heat_measurements.order_by(*HEAT_ORDER).values_list(*HEAT_FIELDS)
    return ReportRows(
        year=report.year,
        name=report.plan_version.basic.name,
        credit_code=report.enterprise.credit_code,
        split_purchased_electricity=report.split_purchased_electricity,
        units=units,
        members=members,
        daily=[DailyRow(*r) for r in daily],
        heat=[HeatRow(*r) for r in heat],
        allocated=allocated_fuels(report),
    )


def _daily(rows: Iterable[DailyRow]) -> dict[tuple[int, str, int], list[dict[str, str]]]:
    """Daily 入炉 / batch 入厂 records by unit, fuel and month, as the interchange's ``daily``."""
    out: dict[tuple[int, str, int], list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        row = {"day": r.day.isoformat(), "quantity": r.quantity, "state": r.state}
        if r.ncv:
            row["ncv"] = r.ncv
        if r.carbon_content:
            row["carbon_content"] = r.carbon_content
        out[(r.unit_id, r.fuel, r.day.month)].append(row)
    return out


def _heat(rows: Iterable[HeatRow]) -> dict[tuple[int, int], dict[str, list[dict[str, str]]]]:
    """Steam and hot-water measurements by unit and month, as the interchange's lists."""
    out: dict[tuple[int, int], dict[str, list[dict[str, str]]]] = defaultdict(
        lambda: {"steam": [], "hot_water": []}
    )
    for h in rows:
        if h.kind == "steam":
            flow = {"mass_t": h.mass_t, "enthalpy_kj_per_kg": h.enthalpy_kj_per_kg}
            flow |= {k: getattr(h, k) for k in STEAM_BALANCE_FIELDS if getattr(h, k)}
            out[(h.unit_id, h.month)]["steam"].append(flow)
        else:
            out[(h.unit_id, h.month)]["hot_water"].append(
                {"mass_t": h.mass_t, "temperature_c": h.temperature_c}
            )
    return {k: {kind: rows for kind, rows in v.items() if rows} for k, v in out.items()}


def plant_year_data(report: Report, cells: Iterable[ReportCell | CellRow]) -> dict[str, Any]:
    """The interchange document (``tanhe.plant-year/1``) of the report's entries
    (:func:`document_from_rows` on the report's rows)."""
    return document_from_rows(report_rows(report), cells)


def document_from_rows(rows: ReportRows, cells: Iterable[ReportCell | CellRow]) -> dict[str, Any]:
    """The interchange document (``tanhe.plant-year/1``) of a report's entries. A fuel month
    with daily records takes its consumption, NCV and carbon from them, not from the cells. An
    auxiliary fuel allocated by generation (seed 000 机组信息 说明 c) is the plant's
    ``plant_auxiliary_fuels``: the units listing it keep their months of it without consumption."""
    daily = _daily(rows.daily)
    allocated = rows.allocated
    heat = _heat(rows.heat)
    entered: dict[int | None, dict[str, dict[int, dict[str, str]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(dict))
    )
    for cell in cells:
        if is_entered(cell):
            entered[cell.unit_id][f"{cell.table}:{cell.fuel}"][cell.month][cell.key] = cell.value
    units = []
    for unit in rows.units:
        members = rows.members.get(unit.pk, ())
        data = _unit_data(unit, members)
        tables = entered.get(unit.pk, {})
        fuels = []
        for fuel in unit.fuel_names:
            months = dict(tables.get(f"{Table.FUEL}:{fuel}", {}))
            for m in MONTHS:
                if (unit.pk, fuel, m) in daily:
                    months.setdefault(m, {})
            fuel_rows = []
            for m, values in sorted(months.items()):
                row = {"month": m, **_fuel_month(values)}
                if fuel in allocated:  # the plant's consumption, allocated by the engine
                    row.pop("consumption", None)
                if records := daily.get((unit.pk, fuel, m)):
                    for key in ("consumption", "ncv", "carbon_content", "state"):
                        row.pop(key, None)
                    row["daily"] = records
                fuel_rows.append(row)
            if fuel_rows or fuel in allocated:  # listing it: the unit shares the plant's
                fuels.append({"fuel": fuel, "months": fuel_rows})
        if fuels:
            data["fuels"] = fuels
        electricity = tables.get(f"{Table.ELECTRICITY}:", {})
        if electricity and not rows.split_purchased_electricity:
            data["purchased_electricity"] = [
                {"month": m, "mwh": v["mwh"]} for m, v in sorted(electricity.items()) if "mwh" in v
            ]
        production = {m: dict(v) for m, v in tables.get(f"{Table.PRODUCTION}:", {}).items()}
        hours = _member_hours(members, entered)
        for m in [*hours, *(m for (u, m) in heat if u == unit.pk)]:
            production.setdefault(m, {})
        if production:
            data["production"] = []
            for m, v in sorted(production.items()):
                row = {"month": m} | {k: v[k] for k in PRODUCTION_INPUTS if k in v}
                if flows := heat.get((unit.pk, m)):  # 供热量 from steam / hot-water measurements
                    row.pop("heat_gj", None)
                    row |= flows
                if unit.is_merged:  # 合并填报: the members' hours, capacity-weighted by the engine
                    row.pop("running_hours", None)
                    if m in hours:
                        row["member_running_hours"] = hours[m]
                data["production"].append(row)
        units.append(data)
    document: dict[str, Any] = {
        "format": "tanhe.plant-year/1",
        "year": rows.year,
        "enterprise": {"name": rows.name, "credit_code": rows.credit_code},
        "units": units,
    }
    plant = entered.get(PLANT, {}).get(f"{Table.ELECTRICITY}:", {})
    if rows.split_purchased_electricity and plant:
        document["plant_purchased_electricity"] = [
            {"month": m, "mwh": v["mwh"]} for m, v in sorted(plant.items()) if "mwh" in v
        ]
    auxiliary = []
    for fuel in sorted(allocated):
        months = entered.get(PLANT, {}).get(f"{Table.FUEL}:{fuel}", {})
        aux = [{"month": m, "consumption": v["consumption"]}
               for m, v in sorted(months.items()) if "consumption" in v]  # fmt: skip
        if aux:
            auxiliary.append({"fuel": fuel, "months": aux})
    if auxiliary:
        document["plant_auxiliary_fuels"] = auxiliary
    return document


def allocated_fuels(report: Report) -> frozenset[str]:
    """The auxiliary fuels ``report`` allocates by generation (seed 000 机组信息 说明 c)."""
    return frozenset(report.allocated_fuels.values_list("fuel", flat=True))


def members_of(unit: PlanUnit) -> list[PlanUnit]:
    return list(unit.members.order_by("position", "id")) if unit.is_merged else []


def _member_hours(members: Iterable[PlanUnit], entered: Any) -> dict[int, dict[str, str]]:
    """运行小时数 of each member of a 合并填报 row, by month: {month: {member name: hours}}."""
    out: dict[int, dict[str, str]] = defaultdict(dict)
    for member in members:
        months = entered.get(member.pk, {}).get(f"{Table.PRODUCTION}:", {})
        for m, values in months.items():
            if "running_hours" in values:
                out[m][member.name] = values["running_hours"]
    return out


def _fuel_month(values: dict[str, str]) -> dict[str, str]:
    out = {k: values[k] for k in FUEL_INPUTS if k in values}
    if STATE_KEY in values:
        out["state"] = values[STATE_KEY]
    return out


@dataclass(frozen=True, slots=True)
class Outcome:
    """The engine's answer for a report: a result, or the input issues that stop it."""

    result: PlantYearResult | None
    issues: list[Issue]
    document: dict[str, Any]

    def messages(self, lang: str = "zh") -> list[str]:
        """The issues in words, in ``lang`` ("zh" / "en"), each with the engine's location."""
        return [issue.message(lang) for issue in self.issues]


class CellRow(NamedTuple):
    """The fields of a cell the engine bridge reads (loading model instances costs more)."""

    unit_id: int | None
    table: str
    fuel: str
    key: str
    month: int
    value: str
    origin: str


def cell_rows(report: Report) -> list[CellRow]:
    fields = ("unit_id", "table", "fuel", "key", "month", "value", "origin")
    # in the order they were written, so that a document lists its reported values the same way
    # on every database and in the bulk screening (ordered by report, then id)
    return [CellRow(*row) for row in report.cells.order_by("id").values_list(*fields)]


def outcome(report: Report) -> Outcome:
    """The engine's answer for ``report``, computed once per request: kept on the instance
    (each request reads its own), so that the tables, the summary, the warnings and the
    completeness check of one page share one calculation."""
    cached: Outcome | None = report.__dict__.get("_tanhe_outcome")
    if cached is None:
        cached = report.__dict__["_tanhe_outcome"] = compute(report)
    return cached


def compute(report: Report, cells: Iterable[ReportCell | CellRow] | None = None) -> Outcome:
    cells = cell_rows(report) if cells is None else list(cells)
    document = plant_year_data(report, cells)
    try:
        result = calculate(plant_year_from_data(document))
    except InputErrors as exc:
        return Outcome(None, list(exc.issues), document)
    return Outcome(result, [], document)


@dataclass(frozen=True, slots=True)
class Computed:
    """A value the engine computed for one cell; ``source`` names the issuing document of a
    default value or parameter (from the engine's trace), kept with the cell."""

    key: CellKey
    value: str
    mode: str
    source: str = ""


# the trace steps whose note names the document behind a cell's value
SOURCE_STEPS = {
    "ncv": ("ncv_default",),
    "unit_heat_carbon": ("unit_heat_carbon_default",),
    "carbon_content": ("unit_heat_carbon_default",),
    "oxidation_rate_pct": ("combustion_emissions",),
    "grid_emission_factor": ("electricity_emissions",),
}


def _source(key: str, steps: Iterable[Any]) -> str:
    wanted = SOURCE_STEPS.get(key, ())
    for step in steps:
        if step.quantity in wanted and step.note:
            return str(step.note)[:200]
    return ""


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def computed_cells(
    report: Report, result: PlantYearResult, cells: Iterable[ReportCell | CellRow]
) -> Iterator[Computed]:
    """Every cell 自动计算 fills: grey cells, and the 'either' cells the enterprise left empty."""
    return computed_from_rows(report_rows(report), result, cells)


def computed_from_rows(
    rows: ReportRows, result: PlantYearResult, cells: Iterable[ReportCell | CellRow]
) -> Iterator[Computed]:
    """:func:`computed_cells` of a report's prefetched rows (the synthetic data generator)."""
    entered = {cell_key(c) for c in cells if is_entered(c)}
    allocated = rows.allocated  # their units' consumption comes from the plant's
    daily = set(_daily(rows.daily))
    heat = set(_heat(rows.heat))
    by_name = {u.name: u for u in rows.units}
    for unit_result in result.units:
        uid = by_name[unit_result.code].pk
        for fuel in unit_result.fuels:
            for m in fuel.months:
                from_days = (uid, fuel.fuel, m.month) in daily  # totals come from the days
                for key in FUEL_COMPUTED:
                    place = (uid, Table.FUEL.value, fuel.fuel, key, m.month)
                    if key == "consumption" and not from_days and fuel.fuel not in allocated:
                        continue
                    if place in entered and not from_days:
                        continue
                    mode = str(m.modes.get(key, Mode.CALCULATED))
                    source = (
                        _source(key, m.steps)
                        if mode == Mode.DEFAULT or key in ("oxidation_rate_pct",)
                        else ""
                    )
                    yield Computed(place, _text(getattr(m, key)), mode, source)
        for b in unit_result.biomass:  # 生物质热量 of each month
            for bm in b.months:
                place = (uid, Table.FUEL.value, b.fuel, "heat_gj", bm.month)
                yield Computed(place, _text(bm.heat_gj), Mode.CALCULATED)
        for e in unit_result.electricity.months:
            if unit_result.electricity.split_from_plant:
                place = (uid, Table.ELECTRICITY.value, "", "mwh", e.month)
                yield Computed(place, _text(e.mwh), Mode.CALCULATED)
            for key in ("grid_emission_factor", "emissions_tco2"):
                place = (uid, Table.ELECTRICITY.value, "", key, e.month)
                if key == "grid_emission_factor":
                    source = _source(key, e.steps)
                    yield Computed(place, _text(e.grid_emission_factor), Mode.DEFAULT, source)
                else:
                    yield Computed(place, _text(e.emissions_tco2), Mode.CALCULATED)
        merged = by_name[unit_result.code].is_merged
        for p in unit_result.production.months:
            if (uid, p.month) in heat:  # 供热量 from its steam / hot-water measurements
                place = (uid, Table.PRODUCTION.value, "", "heat_gj", p.month)
                yield Computed(place, _text(p.values.heat_gj), Mode.CALCULATED)
            if merged:  # the row's hours are the members' capacity-weighted hours
                place = (uid, Table.PRODUCTION.value, "", "running_hours", p.month)
                yield Computed(place, _text(p.values.running_hours), Mode.CALCULATED)
            for key in (
                "heat_ratio_pct",
                "power_coal_rate",
                "heat_coal_rate",
                "load_factor_pct",
                "power_intensity",
                "heat_intensity",
                "biomass_heat_share_pct",
                "biomass_share_check_pct",
            ):
                place = (uid, Table.PRODUCTION.value, "", key, p.month)
                if place in entered:
                    continue
                yield Computed(place, _text(getattr(p.values, key)), Mode.CALCULATED)
