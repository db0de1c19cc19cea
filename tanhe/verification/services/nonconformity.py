"""不符合项 (guide 4.4.4): the team writes the list, its leader issues it, the plant answers each
item within 5 working days (原因分析, 整改措施, evidence, a corrected value where it corrects data),
the team verifies the correction in writing and closes or rejects each item. An answer written
after the deadline is kept and marked late (逾期提交), never refused. The plant's corrections of its
data go into its 终版, a new version of its report (``start_final_version``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Organisation, User
from tanhe.audit.actions import Action
from tanhe.checks.findings import NcCategory
from tanhe.documents.models import StoredFile
from tanhe.documents.services import FileRejected, store_file
from tanhe.plans.models import PlanUnit
from tanhe.reports.models import Report
from tanhe.reports.services.final import create_final_version
from tanhe.workdays.calendar import add_working_days

from .. import selectors_values as sv
from ..models import (
    Answer,
    ChecklistItem,
    FindingReview,
    NonConformity,
    NonConformityState,
    Sample,
    Task,
    TaskState,
)
from ..values_catalogue import CODES
from . import sampling
from ._common import _audit, is_enterprise, locked, move, require_leader, require_member

if TYPE_CHECKING:
    from tanhe.documents.services import Upload

ANSWER_DAYS = 5  # 4.4.4: 收到不符合项清单后的5个工作日内
OPEN_STATES = (TaskState.REVIEW, TaskState.ONSITE, TaskState.CORRECTION)
S = NonConformityState
Uploads = Sequence[tuple[str, "Upload"]]


def _store(actor: User, owner: Organisation, uploads: Uploads) -> list[StoredFile]:
    """Each upload stored for ``owner``; a refused file is named in a ValidationError."""
    stored = []
    for name, upload in uploads:
        try:
            stored.append(store_file(upload=upload, name=name, owner=owner, actor=actor))
        except FileRejected as exc:
            raise ValidationError({"uploads": str(exc)}) from exc
    return stored


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _own(task: Task, objects: Iterable[Any], label: str) -> list[Any]:
    """``objects`` (checklist items, findings, samples) if each belongs to ``task``."""
    out = list(objects)
    if any(o.task_id != task.pk for o in out):
        raise ValidationError(_("所选%(what)s不属于本核查任务") % {"what": label})
    return out


def _escalate(actor: User, samples: list[Sample]) -> None:
    """Each sample a non-conformity was found in is enlarged (4.4.2: 30 % → 50 % → 80 % → 100 %)
    by the sampling step's service."""
    for sample in samples:
        sampling.escalate_for_nonconformity(actor, sample)


def _check_datum(task: Task, code: str, unit: PlanUnit | None, fuel: str) -> None:
    """The 附件2 datum a non-conformity concerns must be one the team can later confirm: typed or
    descriptive (the engine computes the others), of the unit and fuel the report has."""
    if code not in CODES:
        raise ValidationError({"value_code": _("未知的数据编码")})
    if CODES[code].kind == "computed":
        raise ValidationError(
            {"value_code": _("“%(name)s”由核算引擎计算，请选择其所依据的数据")
             % {"name": CODES[code].label}}
        )  # fmt: skip
    assert unit is not None  # checked by the caller
    if (unit.name, code, fuel) not in sv.initial_values(task):
        raise ValidationError(
            {"fuel": _("机组“%(unit)s”的报告中没有这项数据（%(code)s%(fuel)s）")
             % {"unit": unit.name, "code": code, "fuel": f" {fuel}" if fuel else ""}}
        )  # fmt: skip


@transaction.atomic
def create(
    actor: User,
    task: Task,
    description: str,
    category: str,
    items: Iterable[ChecklistItem] = (),
    findings: Iterable[FindingReview] = (),
    samples: Iterable[Sample] = (),
    files: Iterable[StoredFile] = (),
    uploads: Uploads = (),
    value_code: str = "",
    unit: PlanUnit | None = None,
    fuel: str = "",
) -> NonConformity:
    """A team member writes a non-conformity (待开具) with the items, findings and samples behind
    it and its evidence; ``value_code``/``unit``/``fuel`` name the 附件2 datum it concerns."""
    task = locked(task)
    require_member(actor, task)
    if task.state not in OPEN_STATES:
        raise ValidationError(
            _("核查任务当前状态为“%(state)s”，不能填写不符合项")
            % {"state": task.get_state_display()}
        )
    description = _text(description, "description", _("请填写不符合项描述"))
    if category not in NcCategory._value2member_map_:
        raise ValidationError({"category": _("请选择核查技术指南4.4.4所列的不符合项类别")})
    if fuel and not value_code:
        raise ValidationError({"value_code": _("请选择涉及的数据编码")})
    if (value_code or fuel) and unit is None:
        raise ValidationError({"unit": _("涉及数据的不符合项须指明机组")})
    if unit is not None and (task.report is None or unit.version_id != task.report.plan_version_id):
        raise ValidationError({"unit": _("所选机组不属于核查的报告版本")})
    if value_code:
        _check_datum(task, value_code, unit, fuel)
    items = _own(task, items, _("文件评审条目"))
    findings = _own(task, findings, _("自动核验发现"))
    samples = _own(task, samples, _("抽样"))
    number = (task.nonconformities.aggregate(n=Max("number"))["n"] or 0) + 1
    nc = NonConformity.objects.create(
        task=task, number=number, description=description, category=category,
        value_code=value_code, unit=unit, fuel=fuel, created_by=actor,
    )  # fmt: skip
    nc.items.set(items)
    nc.findings.set(findings)
    nc.samples.set(samples)
    assert task.agency is not None  # a team exists only for an assigned task
    nc.files.set([*files, *_store(actor, task.agency, uploads)])
    _audit(actor, Action.NC_CREATE, nc, task, changes={"number": (None, number)},
           note=description)  # fmt: skip
    _escalate(actor, samples)
    return nc


@transaction.atomic
def issue(actor: User, task: Task, today: date | None = None) -> list[NonConformity]:
    """The leader issues every non-conformity still 待开具 at once: the plant has 5 working days
    from ``today`` (its receipt) to answer. From 现场核查 the task moves to 不符合项整改; further
    items found while verifying corrections are issued the same way."""
    task = locked(task)
    require_leader(actor, task)
    if task.state not in (TaskState.ONSITE, TaskState.CORRECTION):
        raise ValidationError(
            _("现场核查后才能开具不符合项清单（当前状态为“%(state)s”）")
            % {"state": task.get_state_display()}
        )
    drafts = list(task.nonconformities.select_for_update().filter(state=S.DRAFT))
    if not drafts:
        raise ValidationError(_("没有待开具的不符合项"))
    today = today or timezone.localdate()
    due = add_working_days(today, ANSWER_DAYS)
    now = timezone.now()
    for nc in drafts:
        nc.state, nc.issued_at, nc.due_date = S.ISSUED, now, due
        nc.save(update_fields=["state", "issued_at", "due_date"])
        changes = {"state": (S.DRAFT, S.ISSUED), "due_date": (None, due.isoformat())}
        _audit(actor, Action.NC_ISSUE, nc, task, changes=changes)
    if task.state == TaskState.ONSITE:
        move(task, TaskState.CORRECTION)
        task.save(update_fields=["state", "updated_at"])
    return drafts


def _locked_nc(nc: NonConformity) -> NonConformity:
    return (
        NonConformity.objects.select_for_update(of=("self",)).select_related("task").get(pk=nc.pk)
    )


@transaction.atomic
def answer(
    actor: User,
    nc: NonConformity,
    cause: str,
    action: str,
    corrected_value: str = "",
    files: Iterable[StoredFile] = (),
    uploads: Uploads = (),
    today: date | None = None,
) -> Answer:
    """The plant's answer: 原因分析, 整改措施, evidence and, where the item concerns a datum, the
    corrected value. After the deadline it is kept and marked late; a second answer before the
    team decides is kept beside the first."""
    task = locked(nc.task)
    nc = _locked_nc(nc)
    perm.require(
        perm.can_file(actor, task.enterprise) and is_enterprise(actor, task),
        _("只有该重点排放单位的报送账号可以答复不符合项"),
    )
    if nc.state not in (S.ISSUED, S.ANSWERED):
        raise ValidationError(
            _("不符合项%(n)s当前状态为“%(state)s”，不能提交整改")
            % {"n": nc.number, "state": nc.get_state_display()}
        )
    cause = _text(cause, "cause", _("请填写原因分析"))
    action = _text(action, "action", _("请填写整改措施"))
    corrected_value = _corrected(corrected_value)
    today = today or timezone.localdate()
    late = nc.due_date is not None and today > nc.due_date
    reply = Answer.objects.create(
        nonconformity=nc, cause=cause, action=action, corrected_value=corrected_value,
        late=late, submitted_by=actor,
    )  # fmt: skip
    reply.files.set([*files, *_store(actor, task.enterprise, uploads)])
    before = nc.state
    nc.state = S.ANSWERED
    nc.save(update_fields=["state"])
    _audit(actor, Action.NC_ANSWER, nc, task,
           changes={"state": (before, S.ANSWERED), "late": (None, late)}, note=action)  # fmt: skip
    return reply


def _corrected(text: str) -> str:
    from tanhe.inputs import InputRefused
    from tanhe.reports.values import number_with_places

    try:
        return number_with_places(text or "", None)
    except InputRefused as exc:
        raise ValidationError({"corrected_value": _("更正后的数值须为数字")}) from exc


def _decide(
    actor: User, nc: NonConformity, note: str, to: str, refusal: Callable[[NonConformity], str]
) -> NonConformity:
    """Close or reject ``nc`` (locked, with its task) unless ``refusal`` names a reason."""
    task = locked(nc.task)
    nc = _locked_nc(nc)
    require_member(actor, task)
    if message := refusal(nc):
        raise ValidationError(message)
    note = _text(note, "note", _("请填写核查结论（书面验证的说明）"))
    before = nc.state
    nc.state, nc.decided_by, nc.decided_at, nc.decision_note = to, actor, timezone.now(), note
    nc.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    _audit(
        actor,
        Action.NC_CLOSE if to == S.CLOSED else Action.NC_REJECT,
        nc,
        task,
        changes={"state": (before, to)},
        note=note,
    )
    return nc


@transaction.atomic
def close(actor: User, nc: NonConformity, note: str) -> NonConformity:
    """The team accepts the plant's correction (书面或现场验证): the item is closed and frozen."""

    def refusal(current: NonConformity) -> str:
        if current.state == S.ANSWERED:
            return ""
        return _("不符合项%(n)s尚无待验证的整改答复（状态“%(state)s”），不能关闭") % {
            "n": current.number,
            "state": current.get_state_display(),
        }

    return _decide(actor, nc, note, S.CLOSED, refusal)


@transaction.atomic
def reject(actor: User, nc: NonConformity, note: str, today: date | None = None) -> NonConformity:
    """The team does not accept the correction, or the plant let the deadline pass without an
    answer: the item is rejected and frozen; its datum is then treated conservatively (4.5)."""
    day = today or timezone.localdate()

    def refusal(current: NonConformity) -> str:
        overdue = (
            current.state == S.ISSUED and current.due_date is not None and day > current.due_date
        )
        if current.state == S.ANSWERED or overdue:
            return ""
        return _(
            "不符合项%(n)s状态为“%(state)s”：只能对已提交的整改或逾期未答复的不符合项作出不通过结论"
        ) % {"n": current.number, "state": current.get_state_display()}

    return _decide(actor, nc, note, S.REJECTED, refusal)


def final_allowed(task: Task) -> bool:
    """Whether the plant may start its 终版 from the version under verification: the list was
    issued to it (the task is in 不符合项整改 or confirmed) and the version is submitted."""
    return bool(
        task.report is not None
        and task.state in (TaskState.CORRECTION, TaskState.CONFIRMED)
        and task.nonconformities.exclude(state=S.DRAFT).exists()
    )


@transaction.atomic
def start_final_version(actor: User, task: Task, reason: str) -> Report:
    """The plant's 终版: a new version copied from the version under verification, in which it
    corrects its data (never in the submitted version); edited and submitted on the report
    pages. One 终版 per year (reports.services.final)."""
    task = locked(task)
    perm.require(
        perm.can_file(actor, task.enterprise), _("只有该重点排放单位的报送账号可以创建终版")
    )
    if not final_allowed(task):
        raise ValidationError(_("核查组开具不符合项清单后，才能依据核查发现创建终版"))
    assert task.report is not None
    return create_final_version(
        actor=actor, report=task.report, reason=reason, under_verification=True
    )
