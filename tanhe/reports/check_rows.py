"""The rows ``check_data`` is built from, fetched for one report or for a chunk of reports at
once (the province-wide screening, ``bench/national.py``): the plan's units with their
facilities, the 确定方式表, the files offered as proof and the plan's 数据的确定方式. The builders
in :mod:`tanhe.reports.checking` read only these, so both ways give the same document."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from tanhe.plans.models import PlanMethod, PlanUnit
from tanhe.reports.models import Report, ReportEvidence, TestRecord, ValueEvidence

TEST_ORDER = ("unit__position", "unit_id", "fuel", "parameter", "month")
VALUE_EVIDENCE_ORDER = ("month", "unit_name", "table", "fuel", "key", "id")
REPORT_EVIDENCE_ORDER = ("kind", "added_at", "id")
METHOD_ORDER = ("unit__position", "unit_id", "id")
METHOD_FIELDS = ("unit_id", "parameter", "fuel", "method_type", "fuel_state")


@dataclass
class CheckRows:
    units: list[PlanUnit]  # every unit of the plan (members too), facilities prefetched
    tests: list[TestRecord] = field(default_factory=list)
    value_evidence: list[ValueEvidence] = field(default_factory=list)
    report_evidence: list[ReportEvidence] = field(default_factory=list)
    methods: list[tuple[Any, ...]] = field(default_factory=list)  # METHOD_FIELDS


def units_queryset() -> Any:
    return (
        PlanUnit.objects.select_related("merged_into", "standby_for")
        .prefetch_related("facilities")
        .order_by("position", "id")
    )


def check_rows(report: Report) -> CheckRows:
    """One report's rows (a few queries)."""
    return CheckRows(
        units=list(units_queryset().filter(version_id=report.plan_version_id)),
        tests=list(report.test_records.select_related("unit").order_by(*TEST_ORDER)),
        value_evidence=list(
            ValueEvidence.objects.filter(enterprise_id=report.enterprise_id, year=report.year)
            .select_related("file")
            .order_by(*VALUE_EVIDENCE_ORDER)
        ),
        report_evidence=list(
            report.evidence.select_related("file").order_by(*REPORT_EVIDENCE_ORDER)
        ),
        methods=list(
            report.plan_version.methods.order_by(*METHOD_ORDER).values_list(*METHOD_FIELDS)
        ),
    )


def prefetch_units() -> Any:
    """The plan's units for :func:`check_rows_for` (``reports`` prefetched with it)."""
    return Prefetch("plan_version__units", queryset=units_queryset())


def check_rows_for(reports: Sequence[Report]) -> dict[int, CheckRows]:
    """Every report's rows, one query per kind for them all; ``reports`` come with
    :func:`prefetch_units`."""
    ids = [r.pk for r in reports]
    tests: dict[int, list[TestRecord]] = defaultdict(list)
    for t in (
        TestRecord.objects.filter(report_id__in=ids)
        .select_related("unit")
        .order_by("report_id", *TEST_ORDER)
    ):
        tests[t.report_id].append(t)
    files: dict[int, list[ReportEvidence]] = defaultdict(list)
    for e in (
        ReportEvidence.objects.filter(report_id__in=ids)
        .select_related("file")
        .order_by("report_id", *REPORT_EVIDENCE_ORDER)
    ):
        files[e.report_id].append(e)
    values: dict[tuple[int, int], list[ValueEvidence]] = defaultdict(list)
    enterprises = {r.enterprise_id for r in reports}
    years = {r.year for r in reports}
    for v in ValueEvidence.objects.filter(enterprise_id__in=enterprises, year__in=years
                                          ).select_related("file").order_by(
        "enterprise_id", "year", *VALUE_EVIDENCE_ORDER
    ):  # fmt: skip
        values[(v.enterprise_id, v.year)].append(v)
    methods: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    versions = {r.plan_version_id for r in reports}
    for row in PlanMethod.objects.filter(version_id__in=versions).order_by(
        "version_id", *METHOD_ORDER
    ).values_list("version_id", *METHOD_FIELDS):  # fmt: skip
        methods[row[0]].append(row[1:])
    return {
        r.pk: CheckRows(
            units=list(r.plan_version.units.all()),
            tests=tests[r.pk],
            value_evidence=values[(r.enterprise_id, r.year)],
            report_evidence=files[r.pk],
            methods=methods[r.plan_version_id],
        )
        for r in reports
    }
