"""The on-site plan (核查技术指南 4.4.1): the plant is notified at least 3 working days before the
visit, counted on the national working-day calendar (国庆 2025: 9月28日 调休上班, 10月1日至8日放假);
remote verification only with the authority's approval; the notified plan is read-only and the
plant sees it on its own page — its own task only, once notified."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.verification.models import OnsitePlan, OnsiteState, RemoteState, TaskState
from tanhe.verification.services import onsite as services
from tanhe.verification.services.onsite import earliest_visit

from .onsite_setup import *  # noqa: F403  (the fixtures)

pytestmark = pytest.mark.django_db

FRIDAY = date(2025, 9, 26)  # before 国庆: 9-27 Sat off, 9-28 Sun 调休上班, 9-29, 9-30
MONDAY = date(2025, 9, 29)  # 9-30, then 10-01..10-08 off, 10-09, 10-10


def full_plan(actor, task, start: date, end: date | None = None) -> OnsitePlan:
    return services.save_plan(
        actor,
        task,
        purpose_scope="核查2025年度排放报告及支撑材料",
        roles="陈立新（组长）：燃料数据；孙悦：生产数据",
        schedule="第一天上午首次会议，下午查看燃料计量",
        visit_start=start,
        visit_end=end or start,
        interviewees="燃料部主任、化验室负责人",
        facilities="入炉煤皮带秤、化验室",
    )


def test_three_working_days_are_counted_on_the_calendar():
    assert earliest_visit(FRIDAY) == date(2025, 9, 30)  # 9-28 (调休) counts, 9-27 does not
    assert earliest_visit(MONDAY) == date(2025, 10, 10)  # the holiday week does not count


def test_a_visit_two_working_days_ahead_is_refused_naming_the_earliest_date(task, leader):
    full_plan(leader, task, date(2025, 9, 29))  # the 2nd working day after Friday 9-26
    with pytest.raises(ValidationError) as refused:
        services.notify_plant(leader, task, today=FRIDAY)
    assert "2025-09-30" in refused.value.messages[0]
    assert "3个工作日" in refused.value.messages[0]
    plan = OnsitePlan.objects.get(task=task)
    assert plan.state == OnsiteState.DRAFT and plan.notified_at is None
    task.refresh_from_db()
    assert task.state == TaskState.REVIEW


def test_across_national_day_the_third_working_day_is_accepted(task, leader):
    full_plan(leader, task, date(2025, 10, 9))  # 2nd working day after Monday 9-29
    with pytest.raises(ValidationError, match="2025-10-10"):
        services.notify_plant(leader, task, today=MONDAY)
    full_plan(leader, task, date(2025, 10, 10), date(2025, 10, 11))
    plan = services.notify_plant(leader, task, today=MONDAY)
    assert plan.state == OnsiteState.NOTIFIED and plan.notified_at is not None
    task.refresh_from_db()
    assert task.state == TaskState.ONSITE
    assert AuditEntry.objects.filter(action=Action.ONSITE_NOTIFY).count() == 1


def test_a_visit_on_the_third_working_day_after_friday_is_accepted(task, leader):
    full_plan(leader, task, date(2025, 9, 30))
    assert services.notify_plant(leader, task, today=FRIDAY).state == OnsiteState.NOTIFIED


def test_a_year_without_a_calendar_is_refused_with_its_message(task, leader):
    full_plan(leader, task, date(2028, 1, 20))
    with pytest.raises(ValidationError, match="2027年的法定节假日安排尚未录入"):
        services.notify_plant(leader, task, today=date(2027, 12, 30))


def test_the_notice_needs_every_part_of_the_plan(task, leader):
    services.save_plan(leader, task, purpose_scope="核查", visit_start=date(2025, 10, 20))
    with pytest.raises(ValidationError) as refused:
        services.notify_plant(leader, task, today=MONDAY)
    text = refused.value.messages[0]
    assert "核查组的组成和分工" in text and "现场访问对象" in text and "核查目的" not in text


def test_the_visit_cannot_end_before_it_starts(task, leader):
    with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
        full_plan(leader, task, date(2025, 10, 20), date(2025, 10, 19))


def test_the_notified_plan_is_read_only(task, leader, member):
    full_plan(member, task, date(2025, 10, 20))  # a member drafts
    services.notify_plant(leader, task, today=MONDAY)
    with pytest.raises(ValidationError, match="不能再修改"):
        services.save_plan(member, task, schedule="改期")
    with pytest.raises(ValidationError, match="不能再修改"):
        services.request_remote(leader, task, "台风")
    with pytest.raises(ValidationError, match="不能再修改"):
        services.notify_plant(leader, task, today=MONDAY)
    assert OnsitePlan.objects.get(task=task).schedule.startswith("第一天")


def test_only_the_leader_notifies_and_only_members_draft(task, member, outsider):
    full_plan(member, task, date(2025, 10, 20))
    with pytest.raises(PermissionDenied):
        services.notify_plant(member, task, today=MONDAY)
    with pytest.raises(PermissionDenied):
        services.save_plan(outsider, task, schedule="x")


# -- remote verification -------------------------------------------------------------------------
def test_remote_needs_a_reason_and_the_authoritys_approval(task, leader, authority, member):
    full_plan(leader, task, date(2025, 10, 20))
    with pytest.raises(ValidationError, match="不可抗力"):
        services.request_remote(leader, task, "  ")
    with pytest.raises(PermissionDenied):
        services.request_remote(member, task, "台风登陆")
    services.request_remote(leader, task, "台风登陆，交通中断（不可抗力）")
    with pytest.raises(ValidationError, match="尚待主管部门审批"):
        services.notify_plant(leader, task, today=MONDAY)  # not notified as remote unapproved
    with pytest.raises(PermissionDenied):
        services.decide_remote(leader, task, approve=True)  # the agency cannot approve itself
    plan = services.decide_remote(authority, task, approve=True, note="同意")
    assert plan.remote == RemoteState.APPROVED and plan.remote_decided_by == authority
    plan = services.notify_plant(leader, task, today=MONDAY)
    assert plan.state == OnsiteState.NOTIFIED and plan.remote == RemoteState.APPROVED
    assert AuditEntry.objects.filter(action=Action.REMOTE_DECIDE).count() == 1


def test_a_refused_request_means_on_site(task, leader, authority):
    full_plan(leader, task, date(2025, 10, 20))
    services.request_remote(leader, task, "疫情封控（不可抗力）")
    with pytest.raises(ValidationError, match="说明理由"):
        services.decide_remote(authority, task, approve=False)
    services.decide_remote(authority, task, approve=False, note="可现场核查")
    with pytest.raises(ValidationError, match="不能再次申请"):
        services.request_remote(leader, task, "再次申请")
    plan = services.notify_plant(leader, task, today=MONDAY)
    assert plan.remote == RemoteState.REFUSED


def test_the_authority_decides_on_the_page(client, task, leader, authority):
    full_plan(leader, task, date(2025, 10, 20))
    services.request_remote(leader, task, "台风（不可抗力）")
    client.force_login(authority)
    page = client.get(reverse("verification:onsite", args=[task.pk]))
    assert page.status_code == 200 and b"remote-decide-form" in page.content
    client.post(reverse("verification:onsite_remote_refuse", args=[task.pk]), {"note": ""})
    assert OnsitePlan.objects.get(task=task).remote == RemoteState.REQUESTED  # needs a reason
    client.post(reverse("verification:onsite_remote_approve", args=[task.pk]), {"note": "同意"})
    plan = OnsitePlan.objects.get(task=task)
    assert plan.remote == RemoteState.APPROVED and plan.remote_decision_note == "同意"


# -- pages and who sees them ---------------------------------------------------------------------
def test_the_team_drafts_and_notifies_through_the_page(client, task, leader, monkeypatch):
    monkeypatch.setattr(services, "notice_day", lambda: MONDAY)
    client.force_login(leader)
    page = client.get(reverse("verification:onsite", args=[task.pk]))
    assert page.status_code == 200 and b"plan-form" in page.content
    assert b"2025-10-10" in page.content  # the earliest date, shown before the notice
    response = client.post(
        reverse("verification:onsite_plan_save", args=[task.pk]),
        {
            "purpose_scope": "核查",
            "roles": "组长",
            "schedule": "一天",
            "visit_start": "2025-10-09",
            "interviewees": "厂长",
            "facilities": "皮带秤",
        },
    )
    assert response.status_code == 302
    assert OnsitePlan.objects.get(task=task).interviewees == "厂长"
    client.post(reverse("verification:onsite_notify", args=[task.pk]))
    # 10-09 is too soon: the refusal, naming the earliest date, is flashed; still a draft
    assert OnsitePlan.objects.get(task=task).state == OnsiteState.DRAFT
    page = client.get(reverse("verification:onsite", args=[task.pk]))
    assert "最早可于2025-10-10开始" in page.content.decode()
    client.post(
        reverse("verification:onsite_plan_save", args=[task.pk]),
        {"purpose_scope": "核查", "roles": "组长", "schedule": "一天", "visit_start": "2025-10-10",
         "interviewees": "厂长", "facilities": "皮带秤"},
    )  # fmt: skip
    client.post(reverse("verification:onsite_notify", args=[task.pk]))
    assert OnsitePlan.objects.get(task=task).state == OnsiteState.NOTIFIED
    page = client.get(reverse("verification:onsite", args=[task.pk]))
    assert b"plan-form" not in page.content and b"onsite-notice" in page.content


def test_a_non_member_of_the_holding_agency_reads_but_cannot_act(client, task, outsider):
    client.force_login(outsider)
    assert client.get(reverse("verification:onsite", args=[task.pk])).status_code == 200
    response = client.post(
        reverse("verification:onsite_plan_save", args=[task.pk]), {"purpose_scope": "x"}
    )
    assert response.status_code == 403
    assert not OnsitePlan.objects.filter(task=task).exists()


def test_another_agency_gets_404(client, task, other_agency_user):
    client.force_login(other_agency_user)
    assert client.get(reverse("verification:onsite", args=[task.pk])).status_code == 404
    url = reverse("verification:onsite_plan_save", args=[task.pk])
    assert client.post(url, {"purpose_scope": "x"}).status_code == 404


def test_the_plant_sees_the_notice_once_notified_and_only_its_own(
    client, task, leader, plant, other_plant
):
    url = reverse("verification:plant_onsite", args=[task.pk])
    full_plan(leader, task, date(2025, 10, 20))
    client.force_login(plant)
    assert client.get(url).status_code == 404  # a draft is not shown
    assert client.get(reverse("verification:onsite", args=[task.pk])).status_code == 404
    services.notify_plant(leader, task, today=MONDAY)
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "2025-10-20" in text and "入炉煤皮带秤" in text and "现场核查" in text
    assert "陈立新" in text  # the team
    client.force_login(other_plant)
    assert client.get(url).status_code == 404
