"""The enterprise's workbench: its plan, the annual report of the latest data year with its due
date, the twelve months' 存证, what the report lacks, its open warnings, the authority's
comments, the next step that matches the real state, and charts of the engine's monthly
numbers per unit. Each fact is read from the module that owns its rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tanhe.accounting.results import PlantYearResult
from tanhe.accounts.models import Organisation, OrganisationStatus
from tanhe.plans.models import PlanState, PlanVersion
from tanhe.reports import calculation, completeness, monthly_display, problems
from tanhe.reports.labels import month_label
from tanhe.reports.models import Report, ReportComment, ReportState

from . import due_dates
from .charts import Chart, Series, draw


@dataclass(frozen=True, slots=True)
class Step:
    """What to do next, in words, and where."""

    text: str
    url: str
    urgent: bool = False


@dataclass
class ReportCard:
    report: Report | None
    year: int
    due: date | None
    due_source: str
    on: date  # today, as the page sees it
    returned: Report | None = None  # the version the authority returned, now being corrected
    comments: list[ReportComment] = field(default_factory=list)
    months: list[monthly_display.MonthLine] = field(default_factory=list)
    blocking: list[problems.Shown] = field(default_factory=list)  # what stops submission
    warnings: list[problems.Shown] = field(default_factory=list)
    engine_ok: bool = True
    charts: list[Chart] = field(default_factory=list)

    @property
    def submitted(self) -> bool:
        return self.report is not None and self.report.state != ReportState.DRAFT

    @property
    def submitted_late(self) -> bool:
        sent = self.report.submitted_at if self.report is not None else None
        return sent is not None and due_dates.past_due(self.due, timezone.localdate(sent))

    @property
    def overdue(self) -> bool:
        """Not submitted by the due date (the due date itself still counts as in time). A version
        returned for correction was submitted: like the months' countdown, this one stopped then."""
        return (
            not self.submitted and self.returned is None and due_dates.past_due(self.due, self.on)
        )

    def count(self, state: str) -> int:
        return sum(1 for line in self.months if line.state == state)

    @property
    def months_sealed(self) -> int:
        return self.count("sealed")

    @property
    def months_overdue(self) -> int:
        return self.count("overdue")


@dataclass
class EnterpriseBench:
    org: Organisation
    plan: PlanVersion | None  # the latest version
    plan_in_force: PlanVersion | None  # the latest approved version
    card: ReportCard
    step: Step


def latest_plan(org: Organisation) -> tuple[PlanVersion | None, PlanVersion | None]:
    versions = org.plan_versions.order_by("-number")
    return versions.first(), versions.filter(state=PlanState.APPROVED).first()


def current_report(org: Organisation) -> Report | None:
    """The latest version of the latest data year's report (Report orders so)."""
    return Report.objects.filter(enterprise=org).select_related("previous").first()


def report_year(report: Report | None, on: date) -> int:
    """The year the card is about: the report's, else the last year whose report falls due."""
    return report.year if report is not None else on.year - 1


def returned_version(report: Report | None) -> Report | None:
    """The returned version a draft corrects (退回补正 copies it into the draft)."""
    if report is None or report.state != ReportState.DRAFT:
        return None
    previous = report.previous
    return previous if previous is not None and previous.state == ReportState.RETURNED else None


def report_card(org: Organisation, on: date) -> ReportCard:
    report = current_report(org)
    year = report_year(report, on)
    rule = due_dates.rule_for(year)
    card = ReportCard(
        report, year, rule.due(year) if rule else None, rule.source_text if rule else "", on
    )
    if report is None:
        return card
    card.returned = returned_version(report)
    commented = card.returned or report
    card.comments = list(ReportComment.objects.filter(report=commented).select_related("author"))
    card.months = monthly_display.year_overview(report, on)
    outcome = calculation.outcome(report)
    units = dict(report.plan_version.units.values_list("pk", "name"))
    if report.state == ReportState.DRAFT:
        card.blocking = problems.shown(completeness.submission_problems(report, outcome), units)
    card.engine_ok = outcome.result is not None
    if outcome.result is not None:
        card.warnings = [
            s
            for s in problems.shown(completeness.warnings(report, outcome.result), units)
            if not s.blocks
        ]
        card.charts = unit_charts(outcome.result)
    return card


def unit_charts(result: PlantYearResult) -> list[Chart]:
    """Monthly emissions, generation and 供电碳排放强度 per unit, as the engine computed them
    (the intensity is the national form's: the power share of emissions over supply)."""
    labels = tuple(month_label(m) for m in range(1, 13))

    def series(attr: str) -> tuple[Series, ...]:
        out = []
        for unit in result.units:
            by_month = {m.month: getattr(m.values, attr) for m in unit.production.months}
            out.append(Series(unit.name, tuple(by_month.get(m) for m in range(1, 13))))
        return tuple(out)

    month = _("月份")
    charts = [
        Chart("emissions", _("月度排放量"), "tCO2", labels, series("emissions_tco2"), axis=month),
        Chart("generation", _("月度发电量"), "MWh", labels, series("generation_mwh"), axis=month),
        Chart(
            "intensity",
            _("月度供电碳排放强度"),
            "tCO2/MWh",
            labels,
            series("power_intensity"),
            kind="line",
            axis=month,
        ),
    ]
    return [draw(c) for c in charts if not c.empty]


def next_step(
    org: Organisation, plan: PlanVersion | None, in_force: PlanVersion | None, card: ReportCard
) -> Step:
    """The one thing to do next, from the real state: account, plan, report, months."""
    if org.status != OrganisationStatus.ACTIVE:
        return Step(_("贵单位尚未启用，请联系所在省份的生态环境主管部门。"), "", True)
    if in_force is None:
        return _plan_step(plan)
    report = card.report
    if report is None:
        return Step(
            _("创建%(year)s年度排放报告。") % {"year": card.year},
            reverse("reports:list"),
            card.overdue,
        )
    if card.returned is not None:
        return Step(
            _("主管部门已退回补正：按意见修改后重新提交。"),
            reverse("reports:edit", args=[report.pk, "submit"]),
            True,
        )
    if report.state == ReportState.SUBMITTED:
        return Step(
            _("年度排放报告已提交，等待主管部门审核。"), reverse("reports:view", args=[report.pk])
        )
    if report.state == ReportState.ACCEPTED:
        return Step(_("年度排放报告已通过审核。"), reverse("reports:view", args=[report.pk]))
    if card.months_overdue:
        return Step(
            ngettext(
                "%(n)s个月逾期未存证：先完成月度存证。",
                "%(n)s个月逾期未存证：先完成月度存证。",
                card.months_overdue,
            )
            % {"n": card.months_overdue},
            reverse("reports:months", args=[report.pk]),
            True,
        )
    if card.blocking:
        return Step(
            ngettext(
                "补全报告中的%(n)s项问题后提交。",
                "补全报告中的%(n)s项问题后提交。",
                len(card.blocking),
            )
            % {"n": len(card.blocking)},
            reverse("reports:edit", args=[report.pk, "submit"]),
            card.overdue,
        )
    return Step(
        _("报告已完整，可以提交。"),
        reverse("reports:edit", args=[report.pk, "submit"]),
        card.overdue,
    )


def _plan_step(plan: PlanVersion | None) -> Step:
    if plan is None:
        return Step(_("编制数据质量控制计划。"), reverse("plans:list"), True)
    url = reverse("plans:view", args=[plan.pk])
    if plan.state == PlanState.SUBMITTED:
        return Step(_("数据质量控制计划已提交，等待主管部门审核。"), url)
    if plan.state == PlanState.RETURNED:
        return Step(_("数据质量控制计划被退回：按意见修改后重新提交。"), url, True)
    return Step(_("完成并提交数据质量控制计划。"), url, True)


def bench(org: Organisation, on: date | None = None) -> EnterpriseBench:
    on = on or monthly_display.today()
    plan, in_force = latest_plan(org)
    card = report_card(org, on)
    return EnterpriseBench(org, plan, in_force, card, next_step(org, plan, in_force, card))
