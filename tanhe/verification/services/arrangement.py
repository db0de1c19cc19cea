"""核查安排 (guide 4.1): the province's campaign for a reporting year, one task per enterprise,
assigned to a verification agency (singly or in bulk) with a due date, re-assigned with a reason,
accepted or declined (with a reason) by the agency.

Access follows assignment: while an agency holds a task (``HELD_STATES``) it reads the plant's
plan, report, records and evidence of that year (``accounts.permissions.holds_task``); a decline or
a re-assignment to another agency ends it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Organisation, OrganisationKind, OrganisationStatus, User
from tanhe.audit.actions import Action
from tanhe.audit.services import record
from tanhe.reports.models import Report, ReportState

from ..models import Campaign, Task, TaskState
from ._common import _audit, is_agency_manager, is_authority, locked, move

FIRST_YEAR = 2013  # the national reporting of power plants' emissions began with 2013's data
# a task may be (re-)assigned until the team starts its document review
REASSIGNABLE = (TaskState.ASSIGNED, TaskState.DECLINED, TaskState.ACCEPTED)
ASSIGNABLE = (TaskState.UNASSIGNED, TaskState.DECLINED)
# the report version linked to a task may follow the enterprise's newer submission until then
RELINKABLE = (TaskState.UNASSIGNED, TaskState.ASSIGNED, TaskState.DECLINED, TaskState.ACCEPTED)


# -- what a campaign lists ------------------------------------------------------------------------
def enterprises_to_verify(province_id: int) -> QuerySet[Organisation]:
    """The province's enterprises a campaign lists: those in its 名录 or approved by it
    (``Organisation.held``), with or without a report."""
    return Organisation.objects.filter(
        kind=OrganisationKind.ENTERPRISE, province_id=province_id
    ).filter(Q(in_registry=True) | Q(status=OrganisationStatus.ACTIVE))


def report_to_verify(enterprise: Organisation, year: int) -> Report | None:
    """The version a task verifies: the newest version of ``year`` that is submitted or accepted
    (a returned version is superseded by its correction, a draft is not a report yet, a 终版 is
    what verification produces). ``None``: the enterprise has not reported; its emissions are
    estimated conservatively (guide 4.2)."""
    return (
        Report.objects.filter(
            enterprise=enterprise,
            year=year,
            state__in=(ReportState.SUBMITTED, ReportState.ACCEPTED),
            is_final=False,
        )
        .order_by("-number")
        .first()
    )


def _check_year(year: object) -> int:
    today = timezone.localdate()
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= today.year:
        raise ValidationError(
            {
                "year": _("报告年度须为%(first)s年至%(last)s年之间的年份")
                % {"first": FIRST_YEAR, "last": today.year}
            }
        )
    return year


# -- the campaign ---------------------------------------------------------------------------------
@transaction.atomic
def create_campaign(actor: User, year: int, province_id: int | None = None) -> Campaign:
    """创建年度核查工作: the province's campaign for ``year`` (by default the actor's province),
    with one task per enterprise to verify."""
    if province_id is None:
        org = actor.organisation if actor.is_authenticated else None
        province_id = org.province_id if org is not None else None
    perm.require(
        perm.is_authority_for(actor, province_id), _("只有本省主管部门可以创建年度核查工作")
    )
    assert province_id is not None
    year = _check_year(year)
    if Campaign.objects.filter(province_id=province_id, year=year).exists():
        raise ValidationError({"year": _("本省已有%(year)s年度核查工作") % {"year": year}})
    campaign = Campaign.objects.create(province_id=province_id, year=year, created_by=actor)
    tasks = _add_tasks(campaign)
    missing = sum(1 for t in tasks if t.report_id is None)
    _audit_campaign(actor, campaign, tasks, missing)
    return campaign


def _audit_campaign(actor: User, campaign: Campaign, tasks: list[Task], missing: int) -> None:
    """The campaign's audit row, filed under the authority (its tasks' rows under each plant)."""
    record(
        actor=actor,
        action=Action.CAMPAIGN_CREATE,
        obj=campaign,
        changes={"tasks": (0, len(tasks))},
        organisation=actor.organisation,
        note=_("列入%(n)s家重点排放单位，其中%(missing)s家未提交排放报告")
        % {"n": len(tasks), "missing": missing},
    )


def _add_tasks(campaign: Campaign) -> list[Task]:
    listed = set(campaign.tasks.values_list("enterprise_id", flat=True))
    tasks = []
    for enterprise in enterprises_to_verify(campaign.province_id).exclude(pk__in=listed):
        report = report_to_verify(enterprise, campaign.year)
        tasks.append(Task.objects.create(campaign=campaign, enterprise=enterprise, report=report))
    return tasks


@transaction.atomic
def add_enterprises(actor: User, campaign: Campaign) -> tuple[list[Task], list[Task]]:
    """更新名单: add the enterprises listed since the campaign was created, and link the newest
    submitted version to tasks whose document review has not started (a report submitted late,
    or corrected after a return). Returns (tasks added, tasks whose version changed)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    perm.require(
        perm.is_authority_for(actor, campaign.province_id),
        _("只有本省主管部门可以更新年度核查工作"),
    )
    added = _add_tasks(campaign)
    relinked = []
    for task in campaign.tasks.filter(state__in=RELINKABLE).exclude(pk__in=[t.pk for t in added]):
        report = report_to_verify(task.enterprise, campaign.year)
        if report is not None and report.pk != task.report_id:
            before = task.report_id
            task.report = report
            task.save(update_fields=["report", "updated_at"])
            _audit(actor, Action.TASK_ASSIGN, task, task, changes={"report": (before, report.pk)},
                   note=_("核查的报告版本更新为第%(n)s版") % {"n": report.number})  # fmt: skip
            relinked.append(task)
    if added:
        _audit_campaign(actor, campaign, added, sum(1 for t in added if t.report_id is None))
    return added, relinked


# -- assignment -----------------------------------------------------------------------------------
def _check_agency(agency: Organisation | None) -> Organisation:
    if agency is None:
        raise ValidationError({"agency": _("请选择技术服务机构")})
    if agency.kind != OrganisationKind.AGENCY or agency.status != OrganisationStatus.ACTIVE:
        raise ValidationError(
            {"agency": _("“%(name)s”不是已启用的技术服务机构") % {"name": agency.name}}
        )
    return agency


def _check_due(due_date: datetime.date | None, today: datetime.date | None = None) -> datetime.date:
    if due_date is None:
        raise ValidationError({"due_date": _("请填写完成期限")})
    if due_date < (today or timezone.localdate()):
        raise ValidationError(
            {
                "due_date": _("完成期限%(due)s已过，请选择今天或以后的日期")
                % {"due": due_date.isoformat()}
            }
        )
    return due_date


def _hand_over(task: Task, agency: Organisation, due_date: datetime.date) -> None:
    """Give ``task`` to ``agency`` afresh: its earlier agency's acceptance and team end."""
    task.agency = agency
    task.due_date = due_date
    task.assigned_at = timezone.now()
    task.accepted_at = None
    task.decline_reason = ""
    task.technical_reviewer = None
    task.members.all().delete()  # the declarations stay: they are the record of who declared


@transaction.atomic
def assign(
    actor: User,
    tasks: Iterable[Task],
    agency: Organisation | None,
    due_date: datetime.date | None,
    today: datetime.date | None = None,
) -> list[Task]:
    """分配: give each task (not yet assigned, or declined) to ``agency`` with ``due_date`` (not
    before ``today``, the local date by default); all or none."""
    chosen = [locked(t) for t in tasks]
    if not chosen:
        raise ValidationError({"tasks": _("请选择要分配的核查任务")})
    for task in chosen:
        perm.require(is_authority(actor, task), _("只有本省主管部门可以分配核查任务"))
    agency = _check_agency(agency)
    due_date = _check_due(due_date, today)
    refused = [t for t in chosen if t.state not in ASSIGNABLE]
    if refused:
        raise ValidationError(
            _("以下核查任务已分配，如需更换机构请使用“重新分配”：%(names)s"),
            params={"names": "、".join(t.enterprise.name for t in refused)},
        )
    for task in chosen:
        before = (task.state, task.agency_id, task.due_date)
        move(task, TaskState.ASSIGNED)
        _hand_over(task, agency, due_date)
        task.assignment_note = ""
        task.save()
        _audit(actor, Action.TASK_ASSIGN, task, task, changes={
            "state": (before[0], task.state), "agency": (before[1], agency.pk),
            "due_date": (before[2], due_date),
        }, note=agency.name)  # fmt: skip
    return chosen


@transaction.atomic
def reassign(
    actor: User,
    task: Task,
    agency: Organisation | None,
    due_date: datetime.date | None,
    reason: str,
) -> Task:
    """重新分配 with a reason, until the team starts its document review. To another agency:
    the task waits for its acceptance and the earlier team ends. To the same agency: the due
    date changes (a declined task is offered to it again)."""
    task = locked(task)
    perm.require(is_authority(actor, task), _("只有本省主管部门可以重新分配核查任务"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写重新分配的原因")})
    if task.state not in REASSIGNABLE:
        if task.state == TaskState.UNASSIGNED:
            raise ValidationError(_("该任务尚未分配，请使用“分配”"))
        raise ValidationError(
            _("核查任务已进入“%(state)s”阶段，核查组已开始工作，不能重新分配"),
            params={"state": task.get_state_display()},
        )
    agency = _check_agency(agency)
    due_date = _check_due(due_date)
    before = (task.state, task.agency_id, task.due_date)
    if agency.pk != task.agency_id:
        move(task, TaskState.ASSIGNED)
        _hand_over(task, agency, due_date)
    else:
        if task.state == TaskState.DECLINED:
            move(task, TaskState.ASSIGNED)
            task.decline_reason = ""
        task.due_date = due_date
    task.assignment_note = reason
    task.save()
    _audit(actor, Action.TASK_REASSIGN, task, task, changes={
        "state": (before[0], task.state), "agency": (before[1], agency.pk),
        "due_date": (before[2], due_date),
    }, note=reason)  # fmt: skip
    return task


# -- the agency's answer --------------------------------------------------------------------------
@transaction.atomic
def accept(actor: User, task: Task) -> Task:
    """接受: the assigned agency's 机构管理员 or 核查组长 accepts; the team is formed next."""
    task = locked(task)
    perm.require(
        is_agency_manager(actor, task), _("只有受托机构的机构管理员或核查组长可以接受核查任务")
    )
    before = move(task, TaskState.ACCEPTED)
    task.accepted_at = timezone.now()
    task.save()
    _audit(actor, Action.TASK_ACCEPT, task, task, changes={"state": (before, task.state)})
    return task


@transaction.atomic
def decline(actor: User, task: Task, reason: str) -> Task:
    """拒绝 with a reason (e.g. a conflict of interest): the agency no longer sees the plant and
    the authority assigns the task again."""
    task = locked(task)
    perm.require(
        is_agency_manager(actor, task), _("只有受托机构的机构管理员或核查组长可以拒绝核查任务")
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写拒绝的原因")})
    before = move(task, TaskState.DECLINED)
    task.decline_reason = reason
    task.save()
    _audit(actor, Action.TASK_DECLINE, task, task, changes={"state": (before, task.state)},
           note=reason)  # fmt: skip
    return task
