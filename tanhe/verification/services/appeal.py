"""核查复核 (guide §6): the plant applies within 7 working days of the notification (reason and
evidence); the authority starts and ends the technical assessment (技术论证), then decides within
10 working days after it ended — upheld, or changed with the new figures as exact decimals. The
decision is shown to the plant on its appeal page (the notice) and published (§7). The deadlines
and the transition table are in ``selectors_appeal``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.documents.models import StoredFile
from tanhe.documents.services import FileRejected, store_file
from tanhe.inputs import InputRefused
from tanhe.reports.values import number_with_places

from .. import selectors_appeal as sa
from ..models import Appeal, AppealOutcome, AppealState, Task
from ._common import _audit, is_authority, is_enterprise, locked

if TYPE_CHECKING:
    from tanhe.documents.services import Upload

Uploads = Sequence[tuple[str, "Upload"]]
Figures = Mapping[str, Mapping[str, str]]  # unit code -> {"combustion": …, "electricity": …}


def _move(appeal: Appeal, to: str) -> str:
    """Move ``appeal`` to ``to`` (unsaved) along ``APPEAL_TRANSITIONS``; the state it had."""
    before = appeal.state
    if to not in sa.APPEAL_TRANSITIONS[before]:
        raise ValidationError(
            _("复核当前状态为“%(state)s”，不能变为“%(to)s”")
            % {"state": appeal.get_state_display(), "to": AppealState(to).label}
        )
    appeal.state = to
    return before


def _require_authority(actor: User, task: Task) -> None:
    if not is_authority(actor, task):
        raise PermissionDenied(_("只有该省级生态环境主管部门可以办理复核"))


def _locked_appeal(task: Task) -> Appeal:
    appeal = Appeal.objects.select_for_update().filter(task=task).first()
    if appeal is None:
        raise ValidationError(_("该核查任务尚无复核申请"))
    return appeal


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _store(actor: User, task: Task, uploads: Uploads) -> list[StoredFile]:
    stored = []
    for name, upload in uploads:
        try:
            stored.append(store_file(upload=upload, name=name, owner=task.enterprise, actor=actor))
        except FileRejected as exc:
            raise ValidationError({"uploads": str(exc)}) from exc
    return stored


@transaction.atomic
def file_appeal(
    actor: User,
    task: Task,
    reason: str,
    uploads: Uploads = (),
    files: Iterable[StoredFile] = (),
    today: date | None = None,
) -> Appeal:
    """The plant applies for 复核 of its notified result: on the 7th working day after the
    notification at the latest; once per verification."""
    task = locked(task)
    perm.require(
        perm.can_file(actor, task.enterprise) and is_enterprise(actor, task),
        _("只有该重点排放单位的报送账号可以申请复核"),
    )
    notification = sa.notification_of(task)
    if notification is None:
        raise ValidationError(_("核查结果尚未告知，不能申请复核"))
    if Appeal.objects.filter(task=task).exists():
        raise ValidationError(_("已申请复核，每次核查只能申请一次"))
    today = today or timezone.localdate()
    due = sa.filing_deadline(notification)
    if today > due:
        raise ValidationError(
            _(
                "复核申请期限已过：应在被告知核查结论之日（%(notified)s）起%(days)s个工作日内"
                "（即%(due)s前）申请，今天（%(today)s）不能再申请复核"
            )
            % {
                "notified": notification.notified_on.isoformat(),
                "days": sa.FILE_DAYS,
                "due": due.isoformat(),
                "today": today.isoformat(),
            }
        )
    if today < notification.notified_on:
        raise ValidationError(_("申请日期不能早于核查结果告知日期"))
    reason = _text(reason, "reason", _("请填写申请复核的理由"))
    appeal = Appeal.objects.create(task=task, reason=reason, filed_by=actor, filed_on=today)
    appeal.evidence.set([*files, *_store(actor, task, uploads)])
    _audit(actor, Action.APPEAL_FILE, appeal, task,
           changes={"state": (None, AppealState.FILED), "filed_on": (None, today.isoformat())},
           note=reason)  # fmt: skip
    return appeal


@transaction.atomic
def start_assessment(actor: User, task: Task, today: date | None = None) -> Appeal:
    """The authority starts the technical assessment (技术论证) of the plant's application."""
    task = locked(task)
    _require_authority(actor, task)
    appeal = _locked_appeal(task)
    before = _move(appeal, AppealState.ASSESSING)
    appeal.save(update_fields=["state"])
    today = today or timezone.localdate()
    _audit(actor, Action.APPEAL_ASSESS, appeal, task,
           changes={"state": (before, appeal.state), "started_on": (None, today.isoformat())},
           note=_("技术论证开始（%(day)s）") % {"day": today.isoformat()})  # fmt: skip
    return appeal


@transaction.atomic
def end_assessment(actor: User, task: Task, assessment: str, today: date | None = None) -> Appeal:
    """The authority records the assessment's opinion; ``today`` is the day it ended, which
    starts the 10 working days of the decision."""
    task = locked(task)
    _require_authority(actor, task)
    appeal = _locked_appeal(task)
    before = _move(appeal, AppealState.ASSESSED)
    appeal.assessment = _text(assessment, "assessment", _("请填写技术论证意见"))
    appeal.assessed_by = actor
    appeal.assessment_ended_on = today or timezone.localdate()
    appeal.save(update_fields=["state", "assessment", "assessed_by", "assessment_ended_on"])
    _audit(actor, Action.APPEAL_ASSESS, appeal, task,
           changes={"state": (before, appeal.state),
                    "assessment_ended_on": (None, appeal.assessment_ended_on.isoformat())},
           note=appeal.assessment)  # fmt: skip
    return appeal


def _amount(text: str, field: str, label: str) -> Decimal:
    """A figure typed by the authority: a number without sign (the input rule refuses "-1"),
    kept exactly as typed."""
    try:
        canonical = number_with_places(text or "", None)
    except InputRefused as exc:
        raise ValidationError(
            {field: _("“%(label)s”须为不带符号的数字") % {"label": label}}
        ) from exc
    if not canonical:
        raise ValidationError({field: _("请填写“%(label)s”") % {"label": label}})
    return Decimal(canonical)


def new_figures(task: Task, figures: Figures, total: str = "") -> dict[str, Any]:
    """The changed figures, tCO2, as exact decimal strings: per unit of the notified result its
    combustion and electricity emissions (each unit's total and the plant's are their sums);
    a task without units (no verified report) takes the plant's total as typed."""
    units = [u.code for u in sa.notified_units(task)]
    if not units:
        value = _amount(total, "total", _("变更后的排放总量"))
        return {"total": str(value), "units": {}}
    if set(figures) - set(units):
        raise ValidationError({"figures": _("所填机组不属于核查确认的机组")})
    out: dict[str, dict[str, str]] = {}
    plant = Decimal(0)
    for code in units:
        given = figures.get(code, {})
        combustion = _amount(given.get("combustion", ""), "figures",
                             _("%(unit)s化石燃料燃烧排放量") % {"unit": code})  # fmt: skip
        electricity = _amount(given.get("electricity", ""), "figures",
                              _("%(unit)s购入电力排放量") % {"unit": code})  # fmt: skip
        unit_total = combustion + electricity
        plant += unit_total
        out[code] = {"combustion": str(combustion), "electricity": str(electricity),
                     "total": str(unit_total)}  # fmt: skip
    return {"total": str(plant), "units": out}


def _require_in_time(appeal: Appeal, today: date) -> None:
    """Refuse a decision after the 10th working day from the end of the assessment."""
    due = sa.decision_deadline(appeal)
    if appeal.state != AppealState.ASSESSED or due is None or today <= due:
        return
    assert appeal.assessment_ended_on is not None  # a deadline exists
    raise ValidationError(
        _(
            "复核结论期限已过：应在技术论证结束（%(ended)s）后%(days)s个工作日内"
            "（即%(due)s前）作出，今天（%(today)s）不能再作出复核结论"
        )
        % {
            "ended": appeal.assessment_ended_on.isoformat(),
            "days": sa.DECIDE_DAYS,
            "due": due.isoformat(),
            "today": today.isoformat(),
        }
    )


@transaction.atomic
def decide(
    actor: User,
    task: Task,
    outcome: str,
    conclusion: str,
    figures: Figures | None = None,
    total: str = "",
    today: date | None = None,
) -> Appeal:
    """The authority's 复核结论, on the 10th working day after the assessment ended at the
    latest: upheld, or changed with the new figures. The plant sees it on its appeal page."""
    task = locked(task)
    _require_authority(actor, task)
    appeal = _locked_appeal(task)
    today = today or timezone.localdate()
    _require_in_time(appeal, today)
    before = _move(appeal, AppealState.DECIDED)
    if outcome not in AppealOutcome.values:
        raise ValidationError({"outcome": _("请选择复核结论：维持或变更核查结论")})
    conclusion = _text(conclusion, "conclusion", _("请填写复核结论说明"))
    changed = outcome == AppealOutcome.CHANGED
    appeal.new_figures = new_figures(task, figures or {}, total) if changed else {}
    appeal.outcome, appeal.conclusion = outcome, conclusion
    appeal.decided_by, appeal.decided_on, appeal.decided_at = actor, today, timezone.now()
    appeal.save(update_fields=["state", "outcome", "conclusion", "new_figures", "decided_by",
                               "decided_on", "decided_at"])  # fmt: skip
    changes: dict[str, tuple[Any, Any]] = {
        "state": (before, appeal.state),
        "outcome": (None, outcome),
    }
    if changed:
        notification = sa.notification_of(task)
        notified = notification.total_emissions if notification else None
        changes["total"] = (notified, appeal.new_figures["total"])
    _audit(actor, Action.APPEAL_DECIDE, appeal, task, changes=changes, note=conclusion)
    return appeal
