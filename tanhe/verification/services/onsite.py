"""现场核查计划 (guide 4.4.1): the team drafts the plan, the leader notifies the plant at least 3
working days before the visit ("核查组应于现场核查前3个工作日通知重点排放单位"), after which the
plan is read-only. Remote verification (远程核查) only with the authority's approval of a reason
(不可抗力); a refused request means the visit is on site."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.workdays.calendar import add_working_days

from ..models import OnsitePlan, OnsiteState, RemoteState, Task, TaskState
from ._common import (
    _audit,
    is_authority,
    locked,
    move,
    require_leader,
    require_member,
    require_state,
)

NOTICE_WORKING_DAYS = 3  # 4.4.1: 核查组应于现场核查前3个工作日通知重点排放单位
TEXT_FIELDS = ("purpose_scope", "roles", "schedule", "interviewees", "facilities", "sampling_plan")
DATE_FIELDS = ("visit_start", "visit_end")
PLAN_FIELDS = (*TEXT_FIELDS, *DATE_FIELDS)
# what the notice must name (the sampling plan may follow from the samples drawn)
REQUIRED_FOR_NOTICE = (
    "purpose_scope", "roles", "schedule", "visit_start", "interviewees", "facilities",
)  # fmt: skip
PLANNING_STATES = (TaskState.REVIEW, TaskState.ONSITE)


def notice_day() -> date:
    """The local date a notice is given on (one place, so tests can name the day)."""
    return timezone.localdate()


def earliest_visit(on: date | None = None) -> date:
    """The first day a visit may start when the plant is notified ``on`` (today by default):
    the 3rd working day after it (``CalendarMissing`` for a year without a calendar)."""
    return add_working_days(on or notice_day(), NOTICE_WORKING_DAYS)


def _plan(task: Task) -> OnsitePlan:
    """The task's plan, locked (created as a draft the first time)."""
    plan, _created = OnsitePlan.objects.select_for_update().get_or_create(task=task)
    return plan


def _require_draft(plan: OnsitePlan) -> None:
    if plan.state != OnsiteState.DRAFT:
        raise ValidationError(_("现场核查计划已通知重点排放单位，不能再修改"))


def _changes(plan: OnsitePlan, fields: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    changes = {}
    for name, value in fields.items():
        before = getattr(plan, name)
        if before != value:
            changes[name] = (str(before or ""), str(value or ""))
            setattr(plan, name, value)
    return changes


def _check_dates(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError(_("现场核查结束日期不能早于开始日期"))


@transaction.atomic
def save_plan(actor: User, task: Task, **fields: Any) -> OnsitePlan:
    """Save the draft plan (any team member, while the task is in document review or on site)."""
    task = locked(task)
    require_member(actor, task)
    require_state(task, *PLANNING_STATES)
    unknown = sorted(set(fields) - set(PLAN_FIELDS))
    if unknown:
        raise ValueError(f"not fields of the on-site plan: {', '.join(unknown)}")
    plan = _plan(task)
    _require_draft(plan)
    cleaned: dict[str, Any] = {}
    for name, value in fields.items():
        if name in DATE_FIELDS:
            if value is not None and not isinstance(value, date):
                raise ValueError(f"{name} must be a date")
            cleaned[name] = value
        else:
            cleaned[name] = (value or "").strip()
    _check_dates(
        cleaned.get("visit_start", plan.visit_start), cleaned.get("visit_end", plan.visit_end)
    )
    changes = _changes(plan, cleaned)
    plan.save()
    _audit(actor, Action.ONSITE_SAVE, plan, task, changes=changes)
    return plan


@transaction.atomic
def notify_plant(actor: User, task: Task, today: date | None = None) -> OnsitePlan:
    """The leader notifies the plant of the plan: every part named, the visit no sooner than the
    3rd working day after ``today``, a remote request decided. The plan is then read-only and the
    task moves from document review to on-site verification."""
    task = locked(task)
    require_leader(actor, task)
    require_state(task, *PLANNING_STATES)
    plan = _plan(task)
    _require_draft(plan)
    labels = {field.name: field.verbose_name for field in OnsitePlan._meta.fields}
    missing = [str(labels[name]) for name in REQUIRED_FOR_NOTICE if not getattr(plan, name)]
    if missing:
        raise ValidationError(
            _("通知前请填写现场核查计划的：%(fields)s") % {"fields": _("、").join(missing)}
        )
    if plan.remote == RemoteState.REQUESTED:
        raise ValidationError(_("远程核查申请尚待主管部门审批，审批后才能通知重点排放单位"))
    assert plan.visit_start is not None
    _check_dates(plan.visit_start, plan.visit_end)
    today = today or notice_day()
    earliest = earliest_visit(today)
    if plan.visit_start < earliest:
        raise ValidationError(
            _(
                "应于现场核查前%(n)s个工作日通知重点排放单位（核查指南4.4.1）：今天（%(today)s）"
                "通知，现场核查最早可于%(earliest)s开始，计划的开始日期%(start)s太早"
            )
            % {
                "n": NOTICE_WORKING_DAYS,
                "today": today.isoformat(),
                "earliest": earliest.isoformat(),
                "start": plan.visit_start.isoformat(),
            }
        )
    plan.state = OnsiteState.NOTIFIED
    plan.notified_at = timezone.now()
    plan.save(update_fields=["state", "notified_at", "updated_at"])
    before = task.state
    if task.state == TaskState.REVIEW:
        move(task, TaskState.ONSITE)
        task.save(update_fields=["state", "updated_at"])
    _audit(
        actor,
        Action.ONSITE_NOTIFY,
        plan,
        task,
        changes={"state": (OnsiteState.DRAFT, OnsiteState.NOTIFIED), "task": (before, task.state)},
        note=_("现场核查 %(start)s 至 %(end)s，%(how)s")
        % {
            "start": plan.visit_start.isoformat(),
            "end": (plan.visit_end or plan.visit_start).isoformat(),
            "how": _("远程核查") if plan.remote == RemoteState.APPROVED else _("现场核查"),
        },
    )
    return plan


@transaction.atomic
def request_remote(actor: User, task: Task, reason: str) -> OnsitePlan:
    """The leader asks the authority for remote verification, giving the force majeure
    (不可抗力) that prevents the visit. One request per plan: a refused request stands."""
    task = locked(task)
    require_leader(actor, task)
    require_state(task, *PLANNING_STATES)
    plan = _plan(task)
    _require_draft(plan)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("申请远程核查须说明不可抗力的原因"))
    if plan.remote == RemoteState.REQUESTED:
        raise ValidationError(_("远程核查申请已提交，尚待主管部门审批"))
    if plan.remote in (RemoteState.APPROVED, RemoteState.REFUSED):
        raise ValidationError(
            _("主管部门已审批远程核查申请（%(state)s），不能再次申请")
            % {"state": plan.get_remote_display()}
        )
    plan.remote, plan.remote_reason = RemoteState.REQUESTED, reason
    plan.save(update_fields=["remote", "remote_reason", "updated_at"])
    _audit(
        actor,
        Action.REMOTE_REQUEST,
        plan,
        task,
        changes={"remote": ("", RemoteState.REQUESTED)},
        note=reason,
    )
    return plan


@transaction.atomic
def decide_remote(actor: User, task: Task, approve: bool, note: str = "") -> OnsitePlan:
    """The province's authority approves or refuses a pending remote request (a refusal gives
    its reason); refused, the verification is on site."""
    task = locked(task)
    perm.require(is_authority(actor, task), _("只有该省主管部门可以审批远程核查"))
    plan = OnsitePlan.objects.select_for_update().filter(task=task).first()
    if plan is None or plan.remote != RemoteState.REQUESTED:
        raise ValidationError(_("没有待审批的远程核查申请"))
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError(_("不批准远程核查时请说明理由"))
    decided = RemoteState.APPROVED if approve else RemoteState.REFUSED
    plan.remote, plan.remote_decided_by, plan.remote_decision_note = decided, actor, note
    plan.save(update_fields=["remote", "remote_decided_by", "remote_decision_note", "updated_at"])
    _audit(
        actor,
        Action.REMOTE_DECIDE,
        plan,
        task,
        changes={"remote": (RemoteState.REQUESTED, decided)},
        note=note,
    )
    return plan
