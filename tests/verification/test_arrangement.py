"""核查安排 (guide 4.1): the campaign lists every enterprise of the province with the version it
verifies (or none: 未提交排放报告), tasks are assigned singly or in bulk with a due date,
re-assigned with a reason until the review starts, accepted or declined (with a reason) by the
agency's manager; every step audited; the pages of the authority and the agency."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tanhe.audit.models import AuditEntry
from tanhe.demo.enterprises import JIAWANG, TAIZHOU, XIDONG
from tanhe.reports import services as report_services
from tanhe.reports.models import Report, ReportState
from tanhe.verification.models import Campaign, Task, TaskState
from tanhe.verification.services import arrangement

from .arrangement_world import *  # noqa: F403  (the fixtures)
from .arrangement_world import YEAR, declare, due, org, task_of, user

pytestmark = pytest.mark.django_db


def actions(obj) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(obj.pk), object_type=obj._meta.label_lower)
        .order_by("pk")
        .values_list("action", flat=True)
    )


# -- the campaign ---------------------------------------------------------------------------------
def test_campaign_lists_every_enterprise_with_the_version_it_verifies(campaign):
    tasks = {t.enterprise.name: t for t in campaign.tasks.select_related("enterprise", "report")}
    listed = arrangement.enterprises_to_verify(campaign.province_id)
    assert set(tasks) == {o.name for o in listed} and len(tasks) >= 5
    submitted = Report.objects.get(enterprise=org(TAIZHOU), year=YEAR)
    assert submitted.state == ReportState.SUBMITTED
    assert tasks[org(TAIZHOU).name].report == submitted
    # 锡东 and 贾汪 have drafts only: listed, without a report (estimated conservatively)
    assert tasks[org(XIDONG).name].report is None
    assert tasks[org(JIAWANG).name].report is None
    assert all(t.state == TaskState.UNASSIGNED for t in tasks.values())
    assert actions(campaign) == ["campaign.create"]


def test_a_returned_version_is_not_verified(reviewer):
    report = Report.objects.get(enterprise=org(TAIZHOU), year=YEAR)
    report_services.return_for_correction(actor=reviewer, report=report, text="请补充")
    assert arrangement.report_to_verify(org(TAIZHOU), YEAR) is None  # its correction is a draft


def test_an_accepted_version_is_verified(reviewer):
    report = Report.objects.get(enterprise=org(TAIZHOU), year=YEAR)
    report_services.accept(actor=reviewer, report=report)
    assert arrangement.report_to_verify(org(TAIZHOU), YEAR) == report


def test_one_campaign_per_year_and_only_the_provinces_authority(campaign, reviewer):
    with pytest.raises(ValidationError, match="已有2025年度核查工作"):
        arrangement.create_campaign(reviewer, YEAR)
    with pytest.raises(PermissionDenied):
        arrangement.create_campaign(user("hb-reviewer"), YEAR, province_id=campaign.province_id)
    with pytest.raises(PermissionDenied):
        arrangement.create_campaign(user("agency-admin"), YEAR - 1)
    with pytest.raises(ValidationError, match="报告年度"):
        arrangement.create_campaign(reviewer, timezone.localdate().year + 1)
    assert Campaign.objects.filter(year=YEAR).count() == 1


def test_add_enterprises_links_a_report_submitted_later(campaign, reviewer, jiawang):
    report = Report.objects.get(enterprise=org(JIAWANG), year=YEAR)
    Report.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    added, relinked = arrangement.add_enterprises(reviewer, campaign)
    assert added == [] and [t.pk for t in relinked] == [jiawang.pk]
    assert Task.objects.get(pk=jiawang.pk).report == report


# -- assignment -----------------------------------------------------------------------------------
def test_bulk_assignment(campaign, reviewer, agency, taizhou, jiawang):
    arrangement.assign(reviewer, [taizhou, jiawang], agency, due(20))
    for task in Task.objects.filter(pk__in=[taizhou.pk, jiawang.pk]):
        assert (task.state, task.agency, task.due_date) == (TaskState.ASSIGNED, agency, due(20))
        assert task.assigned_at is not None
        assert actions(task) == ["task.assign"]


def test_assignment_is_refused_without_agency_or_due_date_or_with_a_past_one(
    reviewer, agency, taizhou, other_agency
):
    with pytest.raises(ValidationError, match="请选择技术服务机构"):
        arrangement.assign(reviewer, [taizhou], None, due())
    with pytest.raises(ValidationError, match="请填写完成期限"):
        arrangement.assign(reviewer, [taizhou], agency, None)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="已过"):
        arrangement.assign(reviewer, [taizhou], agency, yesterday)
    with pytest.raises(ValidationError, match="不是已启用的技术服务机构"):
        arrangement.assign(reviewer, [taizhou], org(TAIZHOU), due())
    other_agency.status = "pending"
    other_agency.save()
    with pytest.raises(ValidationError, match="不是已启用的技术服务机构"):
        arrangement.assign(reviewer, [taizhou], other_agency, due())
    with pytest.raises(ValidationError, match="请选择要分配的核查任务"):
        arrangement.assign(reviewer, [], agency, due())
    assert Task.objects.get(pk=taizhou.pk).state == TaskState.UNASSIGNED
    assert actions(taizhou) == []


def test_only_the_provinces_authority_assigns(taizhou, agency):
    for who in ("hb-reviewer", "agency-admin", TAIZHOU.organisation["credit_code"]):
        with pytest.raises(PermissionDenied):
            arrangement.assign(user(who), [taizhou], agency, due())


def test_an_assigned_task_is_not_assigned_again_but_reassigned(reviewer, assigned, other_agency):
    with pytest.raises(ValidationError, match="重新分配"):
        arrangement.assign(reviewer, [assigned], other_agency, due())


def test_reassignment_needs_a_reason_and_ends_the_earlier_team(reviewer, accepted, other_agency):
    declare(accepted, "agency-lead", leader=True)
    with pytest.raises(ValidationError, match="请填写重新分配的原因"):
        arrangement.reassign(reviewer, accepted, other_agency, due(), "  ")
    task = arrangement.reassign(reviewer, accepted, other_agency, due(40), "原机构存在利益冲突")
    task.refresh_from_db()
    assert (task.state, task.agency, task.due_date) == (TaskState.ASSIGNED, other_agency, due(40))
    assert task.assignment_note == "原机构存在利益冲突"
    assert task.accepted_at is None and not task.members.exists()
    assert task.declarations.count() == 1  # the declaration stays on record
    assert actions(task) == ["task.assign", "task.accept", "task.reassign"]


def test_reassignment_to_the_same_agency_changes_the_due_date(reviewer, accepted, agency):
    task = arrangement.reassign(reviewer, accepted, agency, due(60), "企业申请延期")
    assert (task.state, task.due_date) == (TaskState.ACCEPTED, due(60))


def test_reassignment_is_refused_once_the_review_started(reviewer, formed, other_agency):
    Task.objects.filter(pk=formed.pk).update(state=TaskState.REVIEW)
    with pytest.raises(ValidationError, match="“文件评审”阶段，核查组已开始工作，不能重新分配"):
        arrangement.reassign(reviewer, formed, other_agency, due(), "原因")
    Task.objects.filter(pk=formed.pk).update(state=TaskState.CONFIRMED)
    with pytest.raises(ValidationError, match="不能重新分配"):
        arrangement.reassign(reviewer, formed, other_agency, due(), "原因")


def test_a_declined_task_is_assigned_to_another_agency(reviewer, assigned, other_agency):
    arrangement.decline(user("agency-admin"), assigned, "近3年曾为该单位提供咨询服务")
    arrangement.assign(reviewer, [assigned], other_agency, due())
    task = Task.objects.get(pk=assigned.pk)
    assert (task.state, task.agency, task.decline_reason) == (TaskState.ASSIGNED, other_agency, "")


# -- the agency's answer --------------------------------------------------------------------------
def test_the_agencys_manager_accepts(assigned):
    for who in ("agency-verifier", "agency-tech", "other-lead", "js-reviewer"):
        with pytest.raises(PermissionDenied):
            arrangement.accept(user(who), assigned)
    task = arrangement.accept(user("agency-admin"), assigned)
    assert task.state == TaskState.ACCEPTED and task.accepted_at is not None
    assert actions(task) == ["task.assign", "task.accept"]
    with pytest.raises(ValidationError, match="不能变为"):
        arrangement.accept(user("agency-lead"), task)


def test_declining_needs_a_reason(assigned):
    with pytest.raises(ValidationError, match="请填写拒绝的原因"):
        arrangement.decline(user("agency-lead"), assigned, "")
    with pytest.raises(PermissionDenied):
        arrangement.decline(user("agency-verifier"), assigned, "没空")
    task = arrangement.decline(user("agency-lead"), assigned, "人员不足")
    assert (task.state, task.decline_reason) == (TaskState.DECLINED, "人员不足")
    assert actions(task) == ["task.assign", "task.decline"]


# -- pages ----------------------------------------------------------------------------------------
def test_authority_creates_a_campaign_and_assigns_in_bulk_on_its_pages(client, reviewer, agency):
    client.force_login(reviewer)
    page = client.get(reverse("verification:campaigns"))
    assert page.status_code == 200 and "创建年度核查工作" in page.text
    response = client.post(reverse("verification:campaign_create"), {"year": str(YEAR)})
    created = Campaign.objects.get(year=YEAR)
    assert response.status_code == 302
    assert response["Location"] == reverse("verification:campaign", args=[created.pk])
    ids = [str(task_of(created, s).pk) for s in (TAIZHOU, JIAWANG)]
    client.post(
        reverse("verification:assign", args=[created.pk]),
        {"tasks": ids, "agency": str(agency.pk), "due_date": due(15).isoformat()},
    )
    assert set(created.tasks.filter(state="assigned").values_list("pk", flat=True)) == {
        int(i) for i in ids
    }
    page = client.get(reverse("verification:campaign", args=[created.pk]))
    text = page.text
    assert "未提交排放报告" in text and agency.name in text and due(15).isoformat() in text
    assert 'data-state="assigned">2<' in text


def test_a_refused_assignment_is_flashed(client, reviewer, taizhou, agency):
    client.force_login(reviewer)
    response = client.post(
        reverse("verification:assign", args=[taizhou.campaign_id]),
        {"tasks": [str(taizhou.pk)], "agency": str(agency.pk), "due_date": "2020-01-01"},
        follow=True,
    )
    assert "已过" in response.text
    assert Task.objects.get(pk=taizhou.pk).state == TaskState.UNASSIGNED


def test_reassign_page_action(client, reviewer, assigned, other_agency):
    client.force_login(reviewer)
    url = reverse("verification:reassign", args=[assigned.pk])
    data = {"agency": str(other_agency.pk), "due_date": due(9).isoformat(), "reason": ""}
    response = client.post(url, data, follow=True)
    assert "请填写重新分配的原因" in response.text
    client.post(url, data | {"reason": "调整工作量"})
    assert Task.objects.get(pk=assigned.pk).agency == other_agency


def test_overdue_tasks_are_listed(client, reviewer, assigned):
    Task.objects.filter(pk=assigned.pk).update(due_date=datetime.date(2026, 1, 5))
    client.force_login(reviewer)
    page = client.get(reverse("verification:campaign", args=[assigned.campaign_id]))
    overdue = page.text.split('id="overdue"')[1].split("</section>")[0]
    assert org(TAIZHOU).name in overdue and "2026-01-05" in overdue


def test_other_roles_do_not_reach_the_authoritys_pages(client, campaign):
    for who in ("agency-admin", TAIZHOU.organisation["credit_code"]):
        client.force_login(user(who))
        assert client.get(reverse("verification:campaigns")).status_code == 403
        assert client.get(reverse("verification:campaign", args=[campaign.pk])).status_code == 403
    client.force_login(user("hb-reviewer"))  # another province's authority: its own campaigns
    page = client.get(reverse("verification:campaigns"))
    assert page.status_code == 200 and 'id="campaigns"' not in page.text
    assert client.get(reverse("verification:campaign", args=[campaign.pk])).status_code == 404


def test_agency_accepts_and_declines_on_its_page(client, reviewer, campaign, agency, taizhou):
    jiawang = task_of(campaign, JIAWANG)
    arrangement.assign(reviewer, [taizhou, jiawang], agency, due())
    client.force_login(user("agency-lead"))
    page = client.get(reverse("verification:agency_tasks"))
    assert page.status_code == 200 and org(TAIZHOU).name in page.text and "接受" in page.text
    response = client.post(reverse("verification:accept", args=[taizhou.pk]))
    assert response["Location"] == reverse("verification:team", args=[taizhou.pk])
    client.post(reverse("verification:decline", args=[jiawang.pk]), {"reason": "利益冲突"})
    states = dict(Task.objects.filter(pk__in=[taizhou.pk, jiawang.pk]).values_list("pk", "state"))
    assert states == {taizhou.pk: "accepted", jiawang.pk: "declined"}
    page = client.get(reverse("verification:agency_tasks"))
    table = page.text.split('id="agency-tasks"')[1]
    assert org(TAIZHOU).name in table and org(JIAWANG).name not in table  # declined: not its
    client.force_login(user("agency-verifier"))  # no manager: no buttons, and refused
    page = client.get(reverse("verification:agency_tasks"))
    assert 'action="/verification/tasks/' not in page.text
    other = client.post(reverse("verification:decline", args=[taizhou.pk]), {"reason": "x"})
    assert other.status_code == 403
    client.force_login(user("other-lead"))
    assert client.post(reverse("verification:accept", args=[taizhou.pk])).status_code == 404
