"""The workbench's reads on the demo (江苏省, 2025 reports), on fixed days: the annual report's
due date from its dated entry, the plant's months, completeness, warnings, next step and
charts (the engine's numbers, exactly), a returned report flagged with the authority's
comment; the authority's pending reviews, overdue plants and province totals; the agency's
tasks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tanhe.demo.enterprises import JIAWANG, SUYU, TAIZHOU, WUJIANG, XIDONG
from tanhe.reports import calculation, services
from tanhe.reports.models import Report, ReportState, ReportSubmission
from tanhe.workbench import agency, authority, due_dates, enterprise

from .conftest import org, user

pytestmark = pytest.mark.django_db
LATE = date(2026, 12, 7)  # the 2025 reports were due on 2026-03-31
EARLY = date(2025, 12, 20)  # November's 存证 is due 2026-01-09, December's 2026-02-09


# -- the due date ---------------------------------------------------------------------------------
def test_the_annual_report_is_due_on_31_march_of_the_following_year_by_its_source():
    assert due_dates.annual_report_due(2025) == date(2026, 3, 31)
    assert due_dates.annual_report_due(2023) == date(2024, 3, 31)
    rule = due_dates.rule_for(2025)
    assert rule is not None and "43号" in rule.source and "第十一条" in rule.source
    assert "No. 43" in rule.source_en


def test_no_due_date_is_claimed_before_the_first_dated_entry():
    assert due_dates.annual_report_due(2021) is None


def test_the_latest_year_due_is_the_one_whose_due_day_has_passed():
    assert due_dates.latest_due_year(date(2026, 3, 31)) == 2024  # due that day: still in time
    assert due_dates.latest_due_year(date(2026, 4, 1)) == 2025
    due = date(2026, 3, 31)
    assert not due_dates.past_due(due, due) and due_dates.past_due(due, date(2026, 4, 1))
    assert not due_dates.past_due(None, date(2099, 1, 1))  # no dated entry: never overdue


# -- the enterprise -------------------------------------------------------------------------------
def test_a_draft_with_two_months_overdue_is_sent_to_its_months_first(demo):
    bench = enterprise.bench(org(JIAWANG), LATE)
    card = bench.card
    assert (card.year, card.due) == (2025, date(2026, 3, 31))
    assert card.overdue and not card.submitted
    assert (card.months_sealed, card.months_overdue) == (10, 2)
    assert [line.state for line in card.months[10:]] == ["overdue", "overdue"]
    # what stops submission: the engine's test-report rule, 12 required files, declaration, scan
    assert len(card.blocking) == 15 and "11月" in card.blocking[0].where
    assert len(card.warnings) == 5
    assert bench.step.text == "2个月逾期未存证：先完成月度存证。"
    assert bench.step.url == f"/reports/{card.report.pk}/months/" and bench.step.urgent
    assert (bench.plan.number, bench.plan.state) == (2, "draft")  # the revision being drawn up
    assert bench.plan_in_force.number == 1


def test_before_the_months_fall_due_the_next_step_is_what_the_report_lacks(demo):
    bench = enterprise.bench(org(JIAWANG), EARLY)
    assert bench.card.months_overdue == 0 and not bench.card.overdue
    assert [line.state for line in bench.card.months[10:]] == ["open", "open"]
    assert bench.step.text == "补全报告中的15项问题后提交。"
    assert bench.step.url == f"/reports/{bench.card.report.pk}/edit/submit/"


def test_a_submitted_report_waits_for_review_and_is_never_told_to_fill_in_its_plan(demo):
    bench = enterprise.bench(org(TAIZHOU), LATE)
    assert bench.card.submitted and not bench.card.overdue
    assert bench.card.blocking == []  # a frozen version is not re-checked for completeness
    assert bench.step.text == "年度排放报告已提交，等待主管部门审核。"
    assert "质量控制计划" not in bench.step.text


def test_the_plan_steps_follow_the_plan_state(demo):
    assert enterprise.bench(org(XIDONG), LATE).step.text == (
        "数据质量控制计划已提交，等待主管部门审核。"
    )
    assert enterprise.bench(org(WUJIANG), LATE).step.text == (
        "数据质量控制计划被退回：按意见修改后重新提交。"
    )
    suyu = enterprise.bench(org(SUYU), LATE)
    assert suyu.step.text == "完成并提交数据质量控制计划。"
    assert suyu.card.report is None and suyu.card.year == 2025  # the year that fell due


def test_the_charts_are_the_engines_monthly_numbers_per_unit(demo):
    card = enterprise.bench(org(TAIZHOU), LATE).card
    charts = {c.key: c for c in card.charts}
    assert list(charts) == ["emissions", "generation", "intensity"]
    emissions = charts["emissions"]
    assert [s.name for s in emissions.series] == ["1号机组", "2号机组"]
    assert emissions.rows[0] == ("1月", ["310,347.39", "308,345.70"])
    assert emissions.rows[11] == ("12月", ["315,482.30", "317,131.30"])
    assert charts["generation"].rows[0] == ("1月", ["398,724.678", "395,778.499"])
    assert charts["intensity"].rows[11] == ("12月", ["0.821", "0.820"])
    result = calculation.outcome(card.report).result
    assert result is not None
    unit = result.units[0]
    assert emissions.series[0].values == tuple(
        m.values.emissions_tco2 for m in unit.production.months
    )
    assert emissions.image.startswith("data:image/svg+xml;base64,")


def test_a_returned_report_is_flagged_with_the_authoritys_comment(demo):
    report = Report.objects.get(enterprise=org(TAIZHOU), year=2025, number=1)
    services.return_for_correction(
        actor=user("js-reviewer"), report=report, text="2号机组9月的元素碳含量检测报告编号有误"
    )
    bench = enterprise.bench(org(TAIZHOU), LATE)
    card = bench.card
    assert card.report.number == 2 and card.report.state == ReportState.DRAFT
    assert card.returned is not None and card.returned.pk == report.pk
    assert not card.overdue  # it was submitted in time; the correction is not "overdue"
    assert [c.text for c in card.comments] == ["2号机组9月的元素碳含量检测报告编号有误"]
    assert bench.step.text == "主管部门已退回补正：按意见修改后重新提交。"
    assert bench.step.urgent and bench.step.url == f"/reports/{card.report.pk}/edit/submit/"
    # the copy keeps the files; its declaration and stamped scan are made again
    assert [b.where for b in card.blocking] == ["提交确认", "提交确认"]


# -- the authority --------------------------------------------------------------------------------
def test_the_authority_sees_its_pending_reviews_overdue_plants_and_totals(demo):
    province = user("js-reviewer").organisation.province_id
    bench = authority.bench(province, LATE)
    assert bench.pending_reviews == 5  # 泰州江畔 and the four 合成 plants
    assert bench.pending_plans == 1  # 锡东热电
    overdue = bench.overdue
    assert overdue is not None and (overdue.year, overdue.due) == (2025, date(2026, 3, 31))
    assert [(p.enterprise.name, p.months_overdue) for p in overdue.plants] == [
        ("南通海港发电有限公司", None),
        ("宿迁宿豫耦合发电有限公司", None),
        ("徐州贾汪矸石综合利用发电有限公司", 2),
        ("无锡锡东热电有限公司", 12),
        ("盐城滨海热电有限公司", None),
        ("苏州吴淞江燃机发电有限公司", None),
    ]
    [total] = bench.totals
    assert (total.year, total.reports, total.accepted) == (2025, 5, 0)
    assert total.emissions == Decimal("34210295.22")
    submitted = ReportSubmission.objects.filter(report__enterprise__province_id=province)
    assert total.emissions == sum(
        Decimal(s.content["result"]["total_emissions_tco2"]) for s in submitted
    )
    assert bench.chart is not None and bench.chart.rows == [("2025", ["34,210,295.22"])]


def test_before_any_report_falls_due_nobody_is_overdue(demo):
    province = user("js-reviewer").organisation.province_id
    overdue = authority.overdue_plants(province, date(2026, 3, 31))
    assert overdue is not None and overdue.year == 2024  # no plant of the demo reported 2024
    assert len(overdue.plants) == 11


def test_another_province_sees_none_of_jiangsu(demo):
    province = user("hb-reviewer").organisation.province_id
    bench = authority.bench(province, LATE)
    assert (bench.pending_reviews, bench.pending_plans, bench.totals) == (0, 0, [])
    assert bench.chart is None


# -- the agency -----------------------------------------------------------------------------------
def test_the_agency_sees_its_tasks_the_one_to_accept_first(demo):
    lead = user("agency-lead")
    bench = agency.bench(lead.organisation, LATE)
    assert (bench.waiting, bench.open, bench.overdue) == (1, 4, 4)  # due 2026-06-30
    assert bench.tasks[0].task.enterprise.name == "泰兴滨江发电有限公司（合成）"
    assert bench.tasks[-1].task.state == "confirmed" and not bench.tasks[-1].overdue
    assert [(state, n) for state, _label, n in bench.counts] == [
        ("assigned", 1),
        ("review", 1),
        ("onsite", 1),
        ("correction", 1),
        ("confirmed", 1),
    ]
    assert agency.bench(lead.organisation, date(2026, 6, 30)).overdue == 0


def test_the_demos_months_read_sealed_on_time_even_the_amended_one(demo):
    """The demo is built on any day: a month it amends and seals again (泰州江畔's March) was
    first sealed on time too, not on the day the demo was built."""
    card = enterprise.bench(org(TAIZHOU), LATE).card
    march = card.months[2]
    assert march.filing is not None and march.filing.revision == 2
    assert [line.month for line in card.months if line.late_days] == []
