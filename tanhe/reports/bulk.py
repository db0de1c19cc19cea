"""Many reports' documents at once, streamed: the province-wide screening and
``bench/national.py``. Reports go in chunks, ordered by id; each chunk costs a few queries
(reports, their plan units, allocated fuels, then cells, daily records and heat measurements
read through a server-side cursor on PostgreSQL and grouped by report). Only a chunk's rows are
in memory at a time.

The document is built by :func:`tanhe.reports.calculation.document_from_rows` and the
``check_data`` by :func:`tanhe.reports.checking.check_data` — the very functions
``checking.document(report)`` calls, on the same rows: one rule, one place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from tanhe.accounting import InputErrors
from tanhe.checks import registry, run, subject_from_documents
from tanhe.plans.models import PlanUnit
from tanhe.reports import calculation, check_rows, checking
from tanhe.reports.calculation import (
    DAILY_FIELDS,
    DAILY_ORDER,
    HEAT_FIELDS,
    HEAT_ORDER,
    CellRow,
    DailyRow,
    HeatRow,
    ReportRows,
)
from tanhe.reports.models import (
    AllocatedFuel,
    DailyFuelRecord,
    HeatMeasurement,
    Report,
    ReportCell,
)

CHUNK = 50  # reports per chunk: ~250k rows of a national coal province
FETCH = 20_000  # rows per round trip of the server-side cursor
CELL_FIELDS = ("unit_id", "table", "fuel", "key", "month", "value", "origin")


def _stream(model: type[Any], ids: Sequence[int], fields: tuple[str, ...], order: tuple[str, ...]
            ) -> Iterator[tuple[int, list[tuple[Any, ...]]]]:  # fmt: skip
    """(report id, its rows) for ``ids`` in id order, each report's rows in ``order``."""
    rows = (
        model.objects.filter(report_id__in=ids)
        .order_by("report_id", *order)
        .values_list("report_id", *fields)
        .iterator(chunk_size=FETCH)
    )
    for report_id, group in groupby(rows, key=itemgetter(0)):
        yield report_id, [row[1:] for row in group]


def _by_report(
    model: type[Any], ids: Sequence[int], fields: tuple[str, ...], order: tuple[str, ...]
) -> dict[int, list[tuple[Any, ...]]]:
    return dict(_stream(model, ids, fields, order))


def chunk_documents(ids: Sequence[int]) -> Iterator[tuple[Report, dict[str, Any]]]:
    """(report, its ``tanhe.plant-year/1`` document with ``check_data``) for one chunk of
    report ids, in id order — exactly ``checking.document(report)`` for each."""
    reports = list(
        Report.objects.filter(pk__in=ids)
        .order_by("pk")
        .select_related("enterprise", "plan_version__basic")
        # one query for the document's units and check_data's (with their facilities)
        .prefetch_related(check_rows.prefetch_units())
    )
    ids = [r.pk for r in reports]
    related = check_rows.check_rows_for(reports)
    allocated: dict[int, set[str]] = defaultdict(set)
    for report_id, fuel in AllocatedFuel.objects.filter(report_id__in=ids).values_list(
        "report_id", "fuel"
    ):
        allocated[report_id].add(fuel)
    daily = _by_report(DailyFuelRecord, ids, DAILY_FIELDS, DAILY_ORDER)
    heat = _by_report(HeatMeasurement, ids, HEAT_FIELDS, HEAT_ORDER)
    cells = _stream(ReportCell, ids, CELL_FIELDS, ("id",))
    pending = next(cells, None)
    for report in reports:
        mine: list[CellRow] = []
        if pending is not None and pending[0] == report.pk:
            mine = [CellRow(*row) for row in pending[1]]
            pending = next(cells, None)
        plan_units = list(report.plan_version.units.all())
        rows = report_rows(report, plan_units, allocated[report.pk],
                           daily.get(report.pk, []), heat.get(report.pk, []))  # fmt: skip
        document = calculation.document_from_rows(rows, mine)
        document["check_data"] = checking.check_data(report, mine, related[report.pk])
        yield report, document


def report_rows(
    report: Report,
    plan_units: Sequence[PlanUnit],
    allocated: set[str],
    daily: Sequence[tuple[Any, ...]],
    heat: Sequence[tuple[Any, ...]],
) -> ReportRows:
    """A report's :class:`ReportRows` from prefetched rows (as ``calculation.report_rows``
    queries them: reporting rows in the plan's order, a merged row's members)."""
    members: dict[int, list[PlanUnit]] = defaultdict(list)
    for u in plan_units:
        if u.merged_into_id is not None:
            members[u.merged_into_id].append(u)
    return ReportRows(
        year=report.year,
        name=report.plan_version.basic.name,
        credit_code=report.enterprise.credit_code,
        split_purchased_electricity=report.split_purchased_electricity,
        units=[u for u in plan_units if u.merged_into_id is None],
        members=members,
        daily=[DailyRow(*r) for r in daily],
        heat=[HeatRow(*r) for r in heat],
        allocated=frozenset(allocated),
    )


def report_ids(**filters: Any) -> list[int]:
    """The ids of the reports matching ``filters``, in order (to cut into chunks)."""
    return list(Report.objects.filter(**filters).order_by("pk").values_list("pk", flat=True))


def chunks(ids: Sequence[int], size: int = CHUNK) -> list[list[int]]:
    return [list(ids[i : i + size]) for i in range(0, len(ids), size)]


# (credit code, unit, fuel, month, rule), severity
FoundRow = tuple[tuple[str, str | None, str | None, int | None, str], str]


def chunk_findings(ids: Sequence[int]) -> tuple[list[FoundRow], dict[str, int]]:
    """Re-account and check one chunk of reports (what ``checking.report_checks`` does for one):
    every finding with its place and severity, and counts (reports, units, refused)."""
    found: list[FoundRow] = []
    counts = dict.fromkeys(("reports", "units", "refused"), 0)
    for report, document in chunk_documents(ids):
        counts["reports"] += 1
        counts["units"] += len(document["units"])
        try:
            subject = subject_from_documents(document)
        except InputErrors:
            counts["refused"] += 1
            continue
        code = report.enterprise.credit_code or ""
        for f in run(subject).findings:
            where = (code, f.unit, f.fuel, f.month, f.rule)
            found.append((where, registry.get(f.rule).severity.value))
    return found, counts
