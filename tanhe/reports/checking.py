"""A report as the checks engine reads it (``tanhe.plant-year/1`` with its ``check_data``), and
the engine's findings on it. The platform's pages, the download and the province-wide screening
all call :func:`document` and :func:`report_checks`, so ``tanhe check`` on the downloaded file
gives the same findings as the page."""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from tanhe.accounting import InputErrors, PlantYearResult, calculate, plant_year_from_data
from tanhe.accounting.classification import MergeCondition
from tanhe.accounting.report_form import Table
from tanhe.checks import CheckRun, Finding, Subject, registry, run, subject_from_documents
from tanhe.checks.reading import check_data_from
from tanhe.plans import merging
from tanhe.plans.models import FacilityCategory, PlanUnit
from tanhe.reports import calculation
from tanhe.reports.calculation import CellRow
from tanhe.reports.check_rows import CheckRows, check_rows
from tanhe.reports.models import Origin, Report, ReportCell, ReportState
from tanhe.reports.places import Place
from tanhe.reports.problems import Problem, Severity

# plan section 6 parameter (plans.parameters) -> the engine's field name, as ``reported`` names
# the report's values (fuel-table keys as is, electricity-table keys prefixed ``electricity_``)
SOURCE_FIELDS = {
    "co2_emissions": "total_emissions_tco2",
    "combustion_emissions": "combustion_emissions_tco2",
    "electricity_emissions": "electricity_emissions_tco2",
    "consumption": "consumption",
    "ncv": "ncv",
    "carbon_content": "carbon_content",
    "unit_heat_carbon": "unit_heat_carbon",
    "oxidation_rate": "oxidation_rate_pct",
    "purchased_electricity": "electricity_mwh",
    "grid_emission_factor": "electricity_grid_emission_factor",
    "generation": "generation_mwh",
    "supply": "supply_mwh",
    "heat_supply": "heat_gj",
    "heat_ratio": "heat_ratio_pct",
    "power_coal_rate": "power_coal_rate",
    "heat_coal_rate": "heat_coal_rate",
    "running_hours": "running_hours",
    "load_factor": "load_factor_pct",
}
FACILITY_CATEGORIES = (FacilityCategory.BOILER, FacilityCategory.TURBINE)
PLANT_NAME = "全厂"  # ValueEvidence.unit_name of plant-level rows (services._common.PLANT_NAME)


def _exact(value: Decimal | None) -> str | None:
    """A stored Decimal as the format's exact text (no exponent, no trailing zeros)."""
    return None if value is None else format(value.normalize(), "f")


def _field(table: str, key: str) -> str:
    return f"electricity_{key}" if table == Table.ELECTRICITY else key


def _drop_empty(row: dict[str, Any]) -> dict[str, Any]:
    """The record without its empty optional values (the reader takes them as not given)."""
    return {k: v for k, v in row.items() if v not in (None, "")}


def _reported(names: dict[int, str], cells: Iterable[ReportCell | CellRow]) -> list[dict[str, Any]]:
    out = []
    for c in cells:
        if c.origin != Origin.AUTO or not c.value:
            continue
        out.append({"unit": names.get(c.unit_id) if c.unit_id else None, "fuel": c.fuel or None,
                    "month": c.month or None, "field": _field(c.table, c.key),
                    "value": c.value})  # fmt: skip
    return out


def _tests(rows: CheckRows) -> list[dict[str, Any]]:
    out = []
    for t in rows.tests:
        row = {"unit": t.unit.name, "fuel": t.fuel, "month": t.month, "parameter": t.parameter,
               "method": t.method, "laboratory": t.laboratory, "accreditation": t.accreditation,
               "report_number": t.report_number,
               "sampled_on": t.sampled_on.isoformat() if t.sampled_on else None,
               "reported_on": t.reported_on.isoformat() if t.reported_on else None}  # fmt: skip
        out.append(_drop_empty(row))
    return out


def _evidence(report: Report, rows: CheckRows) -> list[dict[str, Any]]:
    """Files offered as proof: each value row's (月度存证) and the report's own (材料上传, ``field``
    = the kind of file, unit, fuel and month not given)."""
    plant = report.enterprise.credit_code
    out = []
    for v in rows.value_evidence:
        out.append(_drop_empty({
            "sha256": v.file.sha256, "name": v.file.original_name,
            "unit": None if v.unit_name == PLANT_NAME else v.unit_name, "fuel": v.fuel or None,
            "month": v.month or None, "field": _field(v.table, v.key), "plant": plant,
        }))  # fmt: skip
    for e in rows.report_evidence:
        out.append(_drop_empty({"sha256": e.file.sha256, "name": e.file.original_name,
                                "field": e.kind, "plant": plant}))  # fmt: skip
    return out


def _sources(rows: CheckRows, names: dict[int, str]) -> list[dict[str, Any]]:
    """数据的确定方式 of the plan the report is bound to: each parameter's method and, for a fuel's
    consumption, its 燃料状态."""
    out = []
    for m in rows.methods:
        unit_id, parameter, fuel, method, state = m
        if parameter not in SOURCE_FIELDS or not (method or state):
            continue
        out.append(_drop_empty({"unit": names[unit_id], "fuel": fuel or None,
                                "field": SOURCE_FIELDS[parameter], "method": method or None,
                                "state": state or None}))  # fmt: skip
    return out


def _reporting_name(unit: PlanUnit) -> str:
    """The row a unit is reported on: its 合并填报 row's name for a member."""
    return unit.merged_into.name if unit.merged_into is not None else unit.name


def _facilities(units: list[PlanUnit]) -> list[dict[str, Any]]:
    """Boilers and turbines inside the boundary, on the row they are reported on (a member's
    facilities count for its 合并填报 row)."""
    out = []
    for unit in units:
        for f in sorted(unit.facilities.all(), key=lambda f: (f.category, f.code, f.pk)):
            if f.category not in FACILITY_CATEGORIES or not f.in_boundary:
                continue
            out.append(_drop_empty({"unit": _reporting_name(unit), "category": f.category,
                                    "code": f.code, "capacity_tph": _exact(f.capacity_tph),
                                    "rated_power_mw": _exact(f.rated_power_mw)}))  # fmt: skip
    return out


def _merges(units: list[PlanUnit]) -> list[dict[str, Any]]:
    """Each 合并填报 row's members with what the plan says of them on the merge conditions
    (plans.merging.traits) and the enterprise's explanation where they differ."""
    out = []
    for row in (u for u in units if u.is_merged):
        members = [u for u in units if u.merged_into_id == row.pk]
        listed: list[dict[str, str | None]] = []
        for m in members:
            values = merging.traits(m).values
            listed.append({"code": m.name, **{c.value: values.get(c) for c in MergeCondition}})
        out.append(_drop_empty({"unit": row.name, "members": listed,
                                "explanation": row.merge_exception or None}))  # fmt: skip
    return out


def check_data(
    report: Report, cells: Iterable[ReportCell | CellRow], rows: CheckRows | None = None
) -> dict[str, Any]:
    """What the rules read beside the entries, from what the platform holds: the report's
    computed values as it states them (复算), its 确定方式表, the files offered as proof (with
    their SHA-256), and from its plan the 数据的确定方式, the boilers and turbines and the
    合并填报 rows. Only the sections that have records; every number as exact text."""
    rows = check_rows(report) if rows is None else rows
    units = rows.units
    names = {u.pk: u.name for u in units}
    sections = {
        "reported": _reported(names, cells),
        "tests": _tests(rows),
        "evidence": _evidence(report, rows),
        "sources": _sources(rows, names),
        "facilities": _facilities(units),
        "merges": _merges(units),
        # the main product each reporting row is registered with (表3: any heat makes it CHP)
        "products": {
            u.name: u.main_product for u in units if u.merged_into_id is None and u.main_product
        },
    }
    return {key: rows for key, rows in sections.items() if rows}


def document(report: Report) -> dict[str, Any]:
    """The report's ``tanhe.plant-year/1`` document with ``check_data``."""
    cells = calculation.cell_rows(report)
    doc = calculation.plant_year_data(report, cells)
    doc["check_data"] = check_data(report, cells)
    return doc


def previous_report(report: Report) -> Report | None:
    """The same enterprise's report for the year before: its 终版 if there is one, else its
    latest submitted or accepted version (a draft or a version returned for correction is not
    last year's report)."""
    states = (ReportState.SUBMITTED, ReportState.ACCEPTED)
    found = Report.objects.filter(enterprise_id=report.enterprise_id, year=report.year - 1,
                                  state__in=states)  # fmt: skip
    return (
        found.select_related("enterprise", "plan_version").order_by("-is_final", "-number").first()
    )


def previous_document(report: Report) -> dict[str, Any] | None:
    """Last year's document (:func:`document` of :func:`previous_report`), or None when there is
    no such report or its entries do not compute."""
    previous = previous_report(report)
    if previous is None:
        return None
    doc = document(previous)
    try:
        calculate(plant_year_from_data(doc))
        check_data_from(doc)
    except InputErrors:
        return None
    return doc


def report_checks(report: Report) -> CheckRun | None:
    """The findings on ``report`` (year-over-year with last year's report, when there is one);
    None when its entries do not compute yet (the page shows the input problems instead)."""
    try:
        subject = subject_from_documents(document(report), previous_document(report))
    except InputErrors:
        return None
    return run(subject)


def report_by_id(pk: int) -> Report | None:
    """A report by id, for the command line (no user: the operator's own tool)."""
    return Report.objects.select_related("enterprise", "plan_version").filter(pk=pk).first()


def latest_report(credit_code: str, year: int) -> Report | None:
    """The latest version of an enterprise's report for ``year``."""
    found = Report.objects.filter(enterprise__credit_code=credit_code.strip(), year=year)
    return found.select_related("enterprise", "plan_version").order_by("-number").first()


def file_name(report: Report) -> str:
    """The download's name: ``<credit code>-<year>-v<number>.plant-year.json``."""
    return f"{report.enterprise.credit_code}-{report.year}-v{report.number}.plant-year.json"


def to_json(doc: dict[str, Any]) -> str:
    """A document as the download writes it: pretty-printed UTF-8 text."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _subject(report: Report, result: PlantYearResult) -> Subject | None:
    out = calculation.outcome(report)
    try:
        plant = plant_year_from_data(out.document)
        data = check_data_from({"check_data": check_data(report, calculation.cell_rows(report))})
    except InputErrors:
        return None
    previous = previous_document(report)
    if previous is None:
        return Subject(plant, result, data)
    prev_plant = plant_year_from_data(previous)
    return Subject(plant, result, data, calculate(prev_plant), prev_plant,
                   check_data_from(previous))  # fmt: skip


def _table(finding: Finding) -> Table:
    if finding.fuel:
        return Table.FUEL
    if finding.field and finding.field.startswith("electricity_"):
        return Table.ELECTRICITY
    return Table.PRODUCTION


def _findings(report: Report, result: PlantYearResult) -> tuple[Finding, ...]:
    """The run on ``report`` and ``result``, once per request (kept on the instance like
    ``calculation.outcome``: the completeness list and the warnings share it)."""
    cached: tuple[PlantYearResult, tuple[Finding, ...]] | None = report.__dict__.get(
        "_tanhe_findings"
    )
    if cached is not None and cached[0] is result:
        return cached[1]
    subject = _subject(report, result)
    findings = () if subject is None else run(subject).findings
    report.__dict__["_tanhe_findings"] = (result, findings)
    return findings


def problems(report: Report, result: PlantYearResult, *, blocking: bool) -> list[Problem]:
    """The findings on a draft as ``check.<rule>`` problems at the form's places (worded by
    :func:`tanhe.reports.problems.message` through the rule registry): with ``blocking`` those
    the guide makes mandatory (they stop submission), else the others (shown, never blocking)."""
    ids = {u.name: u.pk for u in report.plan_version.units.all()}
    out = []
    for f in _findings(report, result):
        rule = registry.get(f.rule)
        if rule.blocks is not blocking:
            continue
        key = f.field.removeprefix("electricity_") if f.field else ""
        place = Place(ids.get(f.unit or ""), _table(f).value, f.fuel or "", key, f.month or 0)
        severity = Severity.ERROR if rule.severity == "error" else Severity.WARNING
        out.append(Problem(f"check.{f.rule}", place, severity, {"finding": f}))
    return out
