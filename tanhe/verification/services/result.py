"""告知核查结果 (guide 4.7): before notifying, the province may order a 复查 of the verification
(written or on site, by its own staff, experts or another agency) and records its conclusion;
once the report is submitted and no 复查 is open it notifies the plant in writing, dated, with the
confirmed total as the engine computes it from the confirmed values; the plant acknowledges."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Organisation, OrganisationKind, User
from tanhe.audit.actions import Action

from .. import selectors_result as sr
from ..models import Notification, Recheck, RecheckConclusion, RecheckMode, RecheckPerformer, Task
from ._common import _audit, is_authority, is_enterprise, locked

TEXT_LIMIT = 2000


def _require_authority(actor: User, task: Task) -> None:
    perm.require(is_authority(actor, task), _("只有本省生态环境主管部门可以进行此操作"))


def _choice(value: str, choices: type[RecheckMode] | type[RecheckPerformer], field: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: _("请选择有效的选项")})
    return value


def _text(value: str, field: str, label: str, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("请填写%(label)s") % {"label": label}})
    if len(value) > TEXT_LIMIT:
        raise ValidationError(
            {field: _("%(label)s不能超过%(n)s个字符") % {"label": label, "n": TEXT_LIMIT}}
        )
    return value


def _performer_agency(performer: str, agency: Organisation | None, task: Task) -> None:
    """委托其他技术服务机构: an agency, not the one that verified the task."""
    if performer != RecheckPerformer.AGENCY:
        if agency is not None:
            raise ValidationError({"performer_agency": _("只有委托技术服务机构复查时才选择机构")})
        return
    if agency is None or agency.kind != OrganisationKind.AGENCY:
        raise ValidationError({"performer_agency": _("请选择承担复查的技术服务机构")})
    if agency.pk == task.agency_id:
        raise ValidationError(
            {"performer_agency": _("复查须由承担该任务核查以外的其他技术服务机构承担")}
        )


@transaction.atomic
def order_recheck(
    actor: User,
    task: Task,
    mode: str,
    performer: str,
    performer_names: str = "",
    scope: str = "",
    performer_agency: Organisation | None = None,
) -> Recheck:
    """The authority orders a 复查 of the submitted report before the result is notified."""
    task = locked(task)
    _require_authority(actor, task)
    if refusals := sr.recheck_refusals(task):
        raise ValidationError(refusals)
    mode = _choice(mode, RecheckMode, "mode")
    performer = _choice(performer, RecheckPerformer, "performer")
    _performer_agency(performer, performer_agency, task)
    names = _text(performer_names, "performer_names", _("复查人员"))
    if len(names) > Recheck._meta.get_field("performer_names").max_length:  # type: ignore[operator]
        raise ValidationError({"performer_names": _("复查人员不能超过200个字符")})
    recheck = Recheck.objects.create(
        task=task, mode=mode, performer=performer, performer_agency=performer_agency,
        performer_names=names, scope=_text(scope, "scope", _("复查内容"), required=True),
        ordered_by=actor,
    )  # fmt: skip
    changes = {"mode": (None, mode), "performer": (None, performer)}
    _audit(actor, Action.RECHECK_ORDER, recheck, task, changes=changes, note=recheck.scope)
    return recheck


@transaction.atomic
def conclude_recheck(actor: User, task: Task, conclusion: str, findings: str) -> Recheck:
    """The authority records the open 复查's conclusion (合格 / 不合格) and its findings."""
    task = locked(task)
    _require_authority(actor, task)
    recheck = Recheck.objects.select_for_update().filter(task=task, conclusion="").first()
    if recheck is None:
        raise ValidationError(_("没有尚未记录结论的复查"))
    if conclusion not in RecheckConclusion.values:
        raise ValidationError({"conclusion": _("请选择复查结论：合格或不合格")})
    recheck.findings = _text(findings, "findings", _("复查意见"), required=True)
    recheck.conclusion = conclusion
    recheck.concluded_by = actor
    recheck.concluded_at = timezone.now()
    recheck.save(update_fields=["conclusion", "findings", "concluded_by", "concluded_at"])
    _audit(actor, Action.RECHECK_CONCLUDE, recheck, task,
           changes={"conclusion": ("", conclusion)}, note=recheck.findings)  # fmt: skip
    return recheck


@transaction.atomic
def notify_result(
    actor: User, task: Task, message: str = "", today: date | None = None
) -> Notification:
    """The authority notifies the plant of the verification result, dated ``today``: only once
    the report is submitted and no 复查 is open. The confirmed total is the engine's from the
    confirmed values, kept as notified."""
    task = locked(task)
    _require_authority(actor, task)
    if refusals := sr.notify_refusals(task):
        raise ValidationError(refusals)
    report = sr.verification_report(task)
    assert report is not None
    total = format(sr.confirmed_total(task), "f")
    notification = Notification.objects.create(
        task=task, report=report, notified_on=today or timezone.localdate(), notified_by=actor,
        total_emissions=total, estimated=sr.is_estimate(task),
        message=_text(message, "message", _("告知说明")),
    )  # fmt: skip
    changes = {
        "total_emissions": (None, total),
        "notified_on": (None, str(notification.notified_on)),
    }
    _audit(actor, Action.RESULT_NOTIFY, notification, task, changes=changes)
    return notification


@transaction.atomic
def acknowledge_result(actor: User, task: Task) -> Notification:
    """The plant acknowledges the notified result (确认收悉), once."""
    task = locked(task)
    perm.require(is_enterprise(actor, task), _("只有该重点排放单位可以确认收悉核查结果"))
    notification = Notification.objects.select_for_update().filter(task=task).first()
    if notification is None:
        raise ValidationError(_("核查结果尚未告知"))
    if notification.acknowledged_at is not None:
        raise ValidationError(_("已确认收悉核查结果"))
    notification.acknowledged_by = actor
    notification.acknowledged_at = timezone.now()
    notification.save(update_fields=["acknowledged_by", "acknowledged_at"])
    at = notification.acknowledged_at.isoformat()
    _audit(
        actor,
        Action.RESULT_ACKNOWLEDGE,
        notification,
        task,
        changes={"acknowledged_at": (None, at)},
    )
    return notification
