"""Reads of the annual report shared by its pages, the Excel and PDF documents and the authority:
the tables as grids, the 信息汇总表, what stops submission and the warnings before it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Min
from django.http import Http404
from django.utils import timezone

from tanhe.accounting import result_to_dict
from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounting.report_form import MONTHS, ROW_BY_KEY, STATE_KEY, Row, Table, rows_for
from tanhe.accounting.results import PlantYearResult, UnitResult
from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Organisation, User
from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.fingerprint import fingerprint
from tanhe.plans.models import PlanUnit

from . import calculation
from .models import FilingState, MonthFiling, Report, ReportCell
from .places import PlaceRules


def reports_of(enterprise: Organisation) -> list[Report]:
    return list(enterprise.reports.select_related("plan_version").order_by("-year", "-number"))


def get_report(user: User, pk: int) -> Report:
    """The report if ``user`` may see it; otherwise 404 (existence is not disclosed)."""
    report = (
        Report.objects.select_related("enterprise", "plan_version", "stamped_pdf")
        .filter(pk=pk)
        .first()
    )
    if report is None or not perm.can_view_enterprise(user, report.enterprise, report.year):
        raise Http404
    return report


def sealed_months(report: Report) -> dict[int, MonthFiling]:
    filings = MonthFiling.objects.filter(enterprise=report.enterprise, year=report.year)
    return {f.month: f for f in filings if f.state == FilingState.SEALED}


def unit_names(report: Report) -> dict[int, str]:
    """Every unit of the report's plan by id (members of 合并填报 rows too): messages name them."""
    return dict(report.plan_version.units.values_list("pk", "name"))


def plan_units(report: Report) -> dict[int, PlanUnit]:
    """Every unit of the report's plan by id (members of 合并填报 rows too)."""
    return {u.pk: u for u in report.plan_version.units.all()}


class StoredCell(NamedTuple):
    pk: int
    value: str
    mode: str
    origin: str
    source: str


def stored_cells(report: Report, tables: Iterable[str]) -> dict[calculation.CellKey, StoredCell]:
    """The report's cells of these tables as plain tuples by place (a full table has
    thousands: model instances would cost more than the save)."""
    rows = report.cells.filter(table__in=list(tables)).values_list(
        "unit_id", "table", "fuel", "key", "month", "pk", "value", "mode", "origin", "source"
    )
    return {
        (unit, table, fuel, key, month): StoredCell(pk, value, mode, origin, source)
        for unit, table, fuel, key, month, pk, value, mode, origin, source in rows
    }


def place_rules(
    report: Report,
    sealed: frozenset[int] | None = None,
    units: Sequence[PlanUnit] | None = None,
) -> PlaceRules:
    """What decides which places of ``report`` may be typed (:mod:`tanhe.reports.places`);
    ``sealed`` and ``units`` (its reporting units) when the caller has them already."""
    if sealed is None:
        sealed = frozenset(sealed_months(report))
    if units is None:
        units = calculation.reporting_units(report)
    daily = {
        (u, f, d.month) for u, f, d in report.daily_records.values_list("unit_id", "fuel", "day")
    }
    return PlaceRules(
        frozen=report.is_frozen,
        sealed=sealed,
        daily=frozenset(daily),
        heat=frozenset(report.heat_measurements.values_list("unit_id", "month")),
        merged=frozenset(u.pk for u in units if u.is_merged),
        split=report.split_purchased_electricity,
        allocated=frozenset(allocated_fuels(report)),
        computed_once=report.autocalc_at is not None,
    )


def allocated_fuels(report: Report) -> list[str]:
    """The auxiliary fuels the report gives for the plant, allocated over the units by their
    generation (seed 000 机组信息 说明 c), in the order of :func:`allocation_candidates`."""
    chosen = calculation.allocated_fuels(report)
    order = allocation_candidates(report)
    return sorted(chosen, key=lambda f: (order.index(f) if f in order else len(order), f))


def allocation_candidates(report: Report) -> list[str]:
    """The fuels a report may allocate by generation: the fossil fuels at least one of its
    reporting units lists, in plan order."""
    out: list[str] = []
    catalogue = fuel_catalogue()
    for unit in calculation.reporting_units(report):
        for fuel in unit.fuel_names:
            known = catalogue.get(fuel)
            if known is not None and not known.is_biomass and fuel not in out:
                out.append(fuel)
    return out


def units_listing(report: Report, fuel: str) -> list[PlanUnit]:
    """The reporting units whose plan lists ``fuel`` (those an allocation is split over)."""
    return [u for u in calculation.reporting_units(report) if fuel in u.fuel_names]


# -- grids ----------------------------------------------------------------------------------------
@dataclass
class GridRow:
    row: Row
    unit_label: str
    cells: list[ReportCell | None]  # months 1–12
    annual: str = ""


@dataclass
class GridBlock:
    """One unit (and fuel, in the fuel table) with its rows."""

    unit: PlanUnit
    fuel: str
    title: str
    rows: list[GridRow] = field(default_factory=list)
    states: list[ReportCell | None] = field(default_factory=list)  # fuel table: 入炉/入厂
    # production table of a 合并填报 row: each member's 运行小时数 (entered; the row's is computed)
    member_hours: list[tuple[PlanUnit, GridRow]] = field(default_factory=list)

    @property
    def biomass(self) -> bool:
        """A co-fired biomass fuel: dry-basis rows, no 燃料状态 and no daily records."""
        fuel = fuel_catalogue().get(self.fuel)
        return fuel is not None and fuel.is_biomass


def _sum(cells: list[ReportCell | None]) -> str:
    values = [c.decimal for c in cells if c is not None and c.decimal is not None]
    return format(sum(values, Decimal(0)), "f") if values else ""


def grid(report: Report, table: Table, result: PlantYearResult | None = None) -> list[GridBlock]:
    cells: dict[tuple[int | None, str, str], dict[int, ReportCell]] = defaultdict(dict)
    for c in report.cells.filter(table=table):
        cells[(c.unit_id, c.fuel, c.key)][c.month] = c
    engine = {u.code: u for u in result.units} if result else {}
    blocks = []
    for unit in calculation.reporting_units(report):
        fuels = unit.fuel_names if table == Table.FUEL else [""]
        for fuel in fuels:
            f = fuel_catalogue().get(fuel)
            title = f"{unit.name} {f.name_zh}" if f else unit.name
            block = GridBlock(unit, fuel, title)
            rate_kind = "gas" if unit.unit_type == "gas" else "coal"
            for row in rows_for(table, f):
                months = [cells[(unit.pk, fuel, row.key)].get(m) for m in MONTHS]
                grid_row = GridRow(row, row.unit_for(f, rate_kind), months)
                grid_row.annual = _annual(row, months, engine.get(unit.name), table, fuel)
                block.rows.append(grid_row)
            if table == Table.FUEL and not block.biomass:
                block.states = [cells[(unit.pk, fuel, STATE_KEY)].get(m) for m in MONTHS]
            if table == Table.PRODUCTION:
                hours = ROW_BY_KEY[(Table.PRODUCTION, "running_hours")]
                for member in calculation.members_of(unit):
                    months = [cells[(member.pk, "", "running_hours")].get(m) for m in MONTHS]
                    block.member_hours.append((member, GridRow(hours, "h", months, _sum(months))))
            blocks.append(block)
    return blocks


def plant_electricity(report: Report) -> list[ReportCell | None]:
    cells = {c.month: c for c in report.cells.filter(unit__isnull=True, table=Table.ELECTRICITY)}
    return [cells.get(m) for m in MONTHS]


def plant_fuel(report: Report, fuel: str) -> list[ReportCell | None]:
    """The plant's monthly consumption of an auxiliary fuel allocated by generation."""
    rows = report.cells.filter(unit__isnull=True, table=Table.FUEL, fuel=fuel, key="consumption")
    cells = {c.month: c for c in rows}
    return [cells.get(m) for m in MONTHS]


def _annual(
    row: Row, months: list[ReportCell | None], unit: UnitResult | None, table: Table, fuel: str
) -> str:
    if row.annual == "sum":
        return _sum(months)
    if unit is None or row.annual == "none":
        return ""
    if table == Table.FUEL:
        for f in unit.fuels:
            if f.fuel == fuel:
                value = getattr(f.annual, row.key, None)
                return "" if value is None else format(value, "f")
        return ""
    if table == Table.PRODUCTION:
        value = getattr(unit.production.annual, row.key, None)
        return "" if value is None else format(value, "f")
    return ""


# -- 信息汇总表 -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SummaryRow:
    name: str
    fuel_type: str
    capacity_mw: str
    combustion: Decimal
    electricity: Decimal
    total: Decimal


def result_data(
    report: Report, outcome: calculation.Outcome | None = None
) -> dict[str, Any] | None:
    """The engine's result as data: for a submitted version the one frozen with its
    submission, else the engine's answer now (``None`` while the engine cannot compute)."""
    submission = getattr(report, "submission", None) if report.is_frozen else None
    if submission is not None:
        frozen: dict[str, Any] | None = submission.content.get("result")
        return frozen
    outcome = outcome or calculation.outcome(report)
    return result_to_dict(outcome.result, trace=False) if outcome.result is not None else None


def summary(
    report: Report, outcome: calculation.Outcome | None = None
) -> tuple[list[SummaryRow], SummaryRow | None]:
    """信息汇总表: each unit's and the plant's emissions as the engine computed them (never a
    second sum of stored cells); no rows while the engine cannot compute."""
    data = result_data(report, outcome)
    if data is None:
        return [], None
    units = {u.name: u for u in calculation.reporting_units(report)}
    rows = []
    for u in data["units"]:
        unit = units.get(u["name"])
        rows.append(
            SummaryRow(
                u["name"],
                unit.get_fuel_type_display() if unit else u.get("type_zh", ""),
                u["capacity_mw"],
                Decimal(u["combustion_emissions_tco2"]),
                Decimal(u["electricity_emissions_tco2"]),
                Decimal(u["total_emissions_tco2"]),
            )
        )
    total = SummaryRow(
        "全厂合计",
        "/",
        data["capacity_mw"],
        Decimal(data["combustion_emissions_tco2"]),
        Decimal(data["electricity_emissions_tco2"]),
        Decimal(data["total_emissions_tco2"]),
    )
    return rows, total


def data_fingerprint(report: Report) -> str:
    """The report's data fingerprint: SHA-256 of :func:`report_content`'s canonical JSON, as
    printed (and in QR codes) on every page of its PDF."""
    return fingerprint(report_content(report))


def report_content(report: Report) -> dict[str, Any]:
    """The report as data, for the submission snapshot, the diff between versions and documents."""
    names = {u.pk: u.name for u in calculation.reporting_units(report)}
    rows = report.cells.exclude(value="").values_list(
        "unit_id", "table", "fuel", "key", "month", "value", "mode"
    )
    cells = sorted((names.get(u, "全厂"), *rest) for u, *rest in rows)
    return {
        "year": report.year,
        "number": report.number,
        "plan_version": report.plan_version.number,
        "contact": {
            "person": report.contact_person,
            "phone": report.contact_phone,
            "email": report.contact_email,
        },
        "split_purchased_electricity": report.split_purchased_electricity,
        "allocated_fuels": allocated_fuels(report),
        "cells": [
            {"unit": u, "table": t, "fuel": f, "key": k, "month": m, "value": v, "mode": mo}
            for u, t, f, k, m, v, mo in cells
        ],
        "evidence": [
            {"kind": e.kind, "name": e.file.original_name, "sha256": e.file.sha256}
            for e in report.evidence.select_related("file").order_by("kind", "id")
        ],
        "declaration": {
            "entity": report.declared_entity,
            "legal_representative": report.declared_legal_representative,
        },
    }


# -- monthly 存证 ---------------------------------------------------------------------------------
def reported_on(report: Report) -> date | None:
    """The day the year's annual report was first submitted (any version), in local time: the
    months' 存证 countdown stops there."""
    first = (
        Report.objects.filter(enterprise=report.enterprise, year=report.year)
        .exclude(submitted_at=None)
        .order_by("submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    return timezone.localdate(first) if first is not None else None


def first_sealed(filings: Mapping[int, MonthFiling]) -> dict[int, date]:
    """Each filing's first seal, in local time: ``first_sealed_at``, kept through amendments
    (a re-seal moves ``sealed_at``); for a filing from before it was kept, ``sealed_at`` of a
    month sealed once, else the filing's audit trail's first seal."""
    out = {m: timezone.localdate(f.first_sealed_at or f.sealed_at) for m, f in filings.items()}
    # filed before ``first_sealed_at`` was kept: the audit trail's first seal
    resealed = {
        str(f.pk): m for m, f in filings.items() if f.revision > 1 and f.first_sealed_at is None
    }
    if resealed:
        rows = (
            AuditEntry.objects.filter(
                action=Action.REPORT_MONTH_SEAL,
                object_type=MonthFiling._meta.label_lower,
                object_id__in=list(resealed),
            )
            .values("object_id")
            .annotate(first=Min("at"))
        )
        out |= {resealed[r["object_id"]]: timezone.localdate(r["first"]) for r in rows}
    return out
