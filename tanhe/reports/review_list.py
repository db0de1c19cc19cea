"""The authority's list of submitted reports (/review/reports/) with what a reviewer sorts by:
the version's total emissions and warnings (worked out once per submitted version and kept in
``ReportFigures``: a submitted version never changes) and its months ended but not sealed (live:
a month may still be sealed). A fixed number of queries whatever the number of reports; sorted
exactly (Decimal) on the server.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from . import calculation, selectors
from .completeness import warnings
from .models import FilingState, MonthFiling, Report, ReportFigures, ReportState
from .monthly_display import ended_q, month_ended

SORTS = ("plant", "total", "warnings", "unsealed", "state", "submitted")


def ended_months(year: int, on: date) -> int:
    """How many months of ``year`` are over on ``on`` (the months that may be, or should have
    been, sealed): the monthly pages' own rule (``monthly_display.month_ended``)."""
    return sum(1 for m in range(1, 13) if month_ended(year, m, on))


def unsealed_months(lines: Sequence[Any]) -> list[Any]:
    """The months over and not sealed, from ``monthly_display.year_overview``'s lines."""
    return [line for line in lines if line.ended and line.state != "sealed"]


def with_sealed(queue: QuerySet[Report], on: date) -> QuerySet[Report]:
    """``queue`` with ``sealed_ended``: its months over on ``on`` that are sealed."""
    sealed = (
        MonthFiling.objects.filter(
            enterprise=OuterRef("enterprise_id"),
            year=OuterRef("year"),
            state=FilingState.SEALED,
        )
        .filter(ended_q(on))
        .order_by()
        .values("enterprise")
        .annotate(n=Count("id"))
        .values("n")
    )
    return queue.annotate(
        sealed_ended=Coalesce(Subquery(sealed, output_field=IntegerField()), Value(0))
    )


# -- the figures of a submitted version --------------------------------------------------------
def work_out(report: Report) -> ReportFigures:
    """The version's total emissions (the 信息汇总表's 全厂合计) and its warnings, as its
    review page shows them."""
    outcome = calculation.outcome(report)
    _rows, total = selectors.summary(report, outcome)
    count = len(warnings(report, outcome.result)) if outcome.result is not None else 0
    return ReportFigures(report=report, total=str(total.total) if total else "", warnings=count)


def figures(reports: Sequence[Report]) -> dict[int, ReportFigures]:
    """Each report's figures by id: those kept in one query; a version submitted since the last
    list is worked out now, once, and kept."""
    kept = {f.report_id: f for f in ReportFigures.objects.filter(report__in=list(reports))}
    missing = [r for r in reports if r.pk not in kept and r.state != ReportState.DRAFT]
    if missing:
        made = [work_out(r) for r in missing]
        ReportFigures.objects.bulk_create(made, ignore_conflicts=True)
        kept |= {f.report_id: f for f in made}
    return kept


@dataclass
class ListRow:
    report: Report
    total: Decimal | None
    warnings: int | None
    unsealed: int


def rows(queue: QuerySet[Report], on: date, sort: str, descending: bool) -> list[ListRow]:
    """Every report of ``queue`` as a row of the list, sorted by ``sort`` (one of ``SORTS``;
    the default: waiting first, then newest submitted)."""
    reports = list(with_sealed(queue, on).select_related("enterprise"))
    kept = figures(reports)
    out = []
    for report in reports:
        f = kept.get(report.pk)
        total = Decimal(f.total) if f is not None and f.total else None
        unsealed = ended_months(report.year, on) - report.sealed_ended  # type: ignore[attr-defined]
        out.append(ListRow(report, total, f.warnings if f else None, unsealed))
    out.sort(key=_default_key)
    if sort not in SORTS:
        return out
    present = [r for r in out if _value(r, sort) is not None]
    present.sort(key=lambda r: _value(r, sort), reverse=descending)
    return present + [r for r in out if _value(r, sort) is None]  # nothing to sort by: last


def _default_key(row: ListRow) -> tuple[Any, ...]:
    r = row.report
    stamp = r.submitted_at.timestamp() if r.submitted_at else 0.0
    return (r.state != ReportState.SUBMITTED, -stamp, r.enterprise.name, -r.year, -r.number)


def _value(row: ListRow, sort: str) -> Any:
    return {
        "plant": row.report.enterprise.name,
        "total": row.total,
        "warnings": row.warnings,
        "unsealed": row.unsealed,
        "state": str(row.report.state),
        "submitted": row.report.submitted_at,
    }[sort]
