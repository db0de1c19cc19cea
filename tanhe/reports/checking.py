"""A report as the checks engine reads it (``tanhe.plant-year/1`` with its ``check_data``), and
the engine's findings on it. The platform's pages, the download and the province-wide screening
all call :func:`document` and :func:`report_checks`, so ``tanhe check`` on the downloaded file
gives the same findings as the page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tanhe.accounting import InputErrors, PlantYearResult, plant_year_from_data
from tanhe.accounting.report_form import Table
from tanhe.checks import CheckRun, Finding, Subject, registry, run, subject_from_documents
from tanhe.checks.reading import check_data_from
from tanhe.reports import calculation
from tanhe.reports.calculation import CellRow
from tanhe.reports.models import Origin, Report, ReportCell
from tanhe.reports.places import Place
from tanhe.reports.problems import Problem, Severity


def check_data(report: Report, cells: Iterable[ReportCell | CellRow]) -> dict[str, Any]:
    """What the rules read beside the entries: the report's computed values as it states them
    (复算)."""
    names = {u.pk: u.name for u in report.plan_version.units.all()}
    reported = []
    for c in cells:
        if c.origin != Origin.AUTO or not c.value:
            continue
        field = c.key if c.table != "electricity" else f"electricity_{c.key}"
        reported.append({"unit": names.get(c.unit_id), "fuel": c.fuel or None,
                         "month": c.month or None, "field": field, "value": c.value})  # fmt: skip
    return {"reported": reported}


def document(report: Report) -> dict[str, Any]:
    """The report's ``tanhe.plant-year/1`` document with ``check_data``."""
    cells = calculation.cell_rows(report)
    doc = calculation.plant_year_data(report, cells)
    doc["check_data"] = check_data(report, cells)
    return doc


def report_checks(report: Report) -> CheckRun | None:
    """The findings on ``report``; None when its entries do not compute yet (the page shows the
    input problems instead)."""
    try:
        subject = subject_from_documents(document(report))
    except InputErrors:
        return None
    return run(subject)


def _subject(report: Report, result: PlantYearResult) -> Subject | None:
    out = calculation.outcome(report)
    try:
        plant = plant_year_from_data(out.document)
        data = check_data_from({"check_data": check_data(report, calculation.cell_rows(report))})
    except InputErrors:
        return None
    return Subject(plant, result, data)


def _table(finding: Finding) -> Table:
    if finding.fuel:
        return Table.FUEL
    if finding.field and finding.field.startswith("electricity_"):
        return Table.ELECTRICITY
    return Table.PRODUCTION


def problems(report: Report, result: PlantYearResult) -> list[Problem]:
    """The findings on a draft as the report's warnings (``check.<rule>`` problems at the form's
    places; worded by :func:`tanhe.reports.problems.message` through the rule registry)."""
    subject = _subject(report, result)
    if subject is None:
        return []
    ids = {u.name: u.pk for u in report.plan_version.units.all()}
    out = []
    for f in run(subject).findings:
        key = f.field.removeprefix("electricity_") if f.field else ""
        place = Place(ids.get(f.unit or ""), _table(f).value, f.fuel or "", key, f.month or 0)
        severity = (
            Severity.ERROR if registry.get(f.rule).severity == "error" else (Severity.WARNING)
        )
        out.append(Problem(f"check.{f.rule}", place, severity, {"finding": f}))
    return out
