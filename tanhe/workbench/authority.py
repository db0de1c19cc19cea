"""The authority's workbench: the reports and plans waiting for its review, the plants whose
annual report is overdue (with their months overdue), and the province's total emissions by
year from the submitted reports (the engine's result kept at submission, not recomputed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.utils.translation import gettext as _

from tanhe.accounts.models import Organisation, OrganisationKind, OrganisationStatus
from tanhe.authority.selectors import reports_to_screen
from tanhe.plans.models import PlanState, PlanVersion
from tanhe.reports import monthly_display
from tanhe.reports.models import Report, ReportState, ReportSubmission

from . import due_dates
from .charts import Chart, Series, draw

COUNTED = (ReportState.SUBMITTED, ReportState.ACCEPTED)  # a returned version is superseded


def pending_reviews(province_id: int) -> int:
    """Reports of the province submitted and not yet decided (the review list's 已提交)."""
    return Report.objects.filter(
        enterprise__province_id=province_id, state=ReportState.SUBMITTED
    ).count()


def pending_plans(province_id: int) -> int:
    return PlanVersion.objects.filter(
        enterprise__province_id=province_id, state=PlanState.SUBMITTED
    ).count()


@dataclass(frozen=True, slots=True)
class OverduePlant:
    enterprise: Organisation
    report: Report | None  # its draft of the year; None: not even created
    months_overdue: int | None  # None without a report (its months cannot be read)


@dataclass(frozen=True, slots=True)
class Overdue:
    year: int
    due: date
    plants: list[OverduePlant]


def overdue_plants(province_id: int, on: date) -> Overdue | None:
    """The active plants of the province whose report on the latest year already due was not
    submitted by its due date; ``None`` when no year has fallen due yet."""
    year = due_dates.latest_due_year(on)
    due = due_dates.annual_report_due(year) if year is not None else None
    if year is None or due is None:
        return None
    latest = {r.enterprise_id: r for r in reports_to_screen(province_id, year)}
    plants = []
    for org in Organisation.objects.filter(
        kind=OrganisationKind.ENTERPRISE,
        province_id=province_id,
        status=OrganisationStatus.ACTIVE,
    ).order_by("name"):
        report = latest.get(org.pk)
        if report is not None and report.state != ReportState.DRAFT:
            continue
        months = None
        if report is not None:
            lines = monthly_display.year_overview(report, on)
            months = sum(1 for line in lines if line.state == "overdue")
        plants.append(OverduePlant(org, report, months))
    return Overdue(year, due, plants)


@dataclass(frozen=True, slots=True)
class YearTotal:
    year: int
    reports: int
    accepted: int
    emissions: Decimal  # tCO2, the sum of the reports' totals as submitted


def province_totals(province_id: int) -> list[YearTotal]:
    """Per data year, the latest submitted or accepted version of each plant's report, summed."""
    latest: dict[tuple[int, int], tuple[int, str, Decimal]] = {}
    # as text (the stored decimal string): a JSON key read as a value comes back a float on SQLite
    total_text = KeyTextTransform("total_emissions_tco2", KeyTransform("result", "content"))
    rows = (
        ReportSubmission.objects.filter(
            report__enterprise__province_id=province_id, report__state__in=COUNTED
        )
        .annotate(total=total_text)
        .values_list(
            "report__enterprise_id", "report__year", "report__number", "report__state", "total"
        )
    )
    for enterprise, year, number, state, text in rows:
        key = (enterprise, year)
        if key not in latest or latest[key][0] < number:
            latest[key] = (number, state, Decimal(str(text)))
    years: dict[int, YearTotal] = {}
    for (_enterprise, year), (_number, state, total) in sorted(latest.items()):
        before = years.get(year, YearTotal(year, 0, 0, Decimal(0)))
        years[year] = YearTotal(
            year,
            before.reports + 1,
            before.accepted + (state == ReportState.ACCEPTED),
            before.emissions + total,
        )
    return [years[y] for y in sorted(years)]


def totals_chart(totals: list[YearTotal]) -> Chart | None:
    if not totals:
        return None
    labels = tuple(str(t.year) for t in totals)
    series = (Series(_("排放总量"), tuple(t.emissions for t in totals)),)
    return draw(
        Chart("province", _("全省年度排放总量"), "tCO2", labels, series, axis=_("年度")), height=240
    )


@dataclass(frozen=True, slots=True)
class AuthorityBench:
    pending_reviews: int
    pending_plans: int
    overdue: Overdue | None
    totals: list[YearTotal]
    chart: Chart | None


def bench(province_id: int, on: date | None = None) -> AuthorityBench:
    on = on or monthly_display.today()
    totals = province_totals(province_id)
    return AuthorityBench(
        pending_reviews(province_id),
        pending_plans(province_id),
        overdue_plants(province_id, on),
        totals,
        totals_chart(totals),
    )
