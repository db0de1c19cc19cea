"""文件评审 (guide 4.3, §5 表1–表18): the leader opens the review with the checklist of the
plant's units and fuels and the checks engine's findings on the verified report; the team writes
records per method (查/问/看/验, append-only), concludes each item, confirms or dismisses each
finding with a reason, and names the on-site focus."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.checks import checklist
from tanhe.checks.run import finding_dict
from tanhe.documents.models import StoredFile
from tanhe.documents.services import FileRejected, store_file
from tanhe.inputs import InputRefused, parse_number
from tanhe.reports.checking import report_checks
from tanhe.validators import free_text, number_message

from ..models import (
    ChecklistItem,
    Conclusion,
    FindingDecision,
    FindingReview,
    ItemRecord,
    Method,
    Task,
    TaskState,
)
from ..selectors_review import plant_units, report_files, unit_refs
from . import team
from ._common import _audit, locked, move, require_leader, require_member, require_state

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

# the states in which the team works on the checklist (records, conclusions, findings)
WORKING_STATES = (TaskState.REVIEW, TaskState.ONSITE, TaskState.CORRECTION)
FOCUS_STATES = (TaskState.REVIEW, TaskState.ONSITE)  # the on-site plan follows the focus
TEXT_MAX = 4000


# -- start ----------------------------------------------------------------------------------------
def team_problems(task: Task) -> list[str]:
    """Why the review cannot start yet because of the team (empty: the team is complete); the
    rules of guide 4.2 live in the team step."""
    return [str(p) for p in team.team_problems(task)]


@transaction.atomic
def start_review(actor: User, task: Task) -> list[ChecklistItem]:
    """开始文件评审: the leader instantiates the checklist for the report's units and fuels and
    attaches each of the checks engine's findings on the verified report to its item."""
    task = locked(task)
    require_leader(actor, task)
    require_state(task, TaskState.ACCEPTED)
    report = task.report
    if report is None:
        raise ValidationError(
            _("该单位未提交排放报告，没有可评审的报告：未报告单位的核查（保守估算）另行处理")
        )
    if problems := team_problems(task):
        raise ValidationError([_("核查组尚不完整：%(p)s") % {"p": p} for p in problems])
    units = plant_units(report)
    items = _instantiate(task, units)
    run = report_checks(report)
    findings = _attach_findings(task, items, units, run.findings if run is not None else ())
    before = move(task, TaskState.REVIEW)
    task.review_started_at = timezone.now()
    task.save(update_fields=["state", "review_started_at", "updated_at"])
    note = _("评审条目 %(items)s 项，自动核验发现 %(findings)s 条") % {
        "items": len(items),
        "findings": findings,
    }
    if run is None:
        note += _("；报告数据无法计算，未运行自动核验")
    _audit(actor, Action.REVIEW_START, task, task, changes={"state": (before, task.state)},
           note=note)  # fmt: skip
    return list(task.checklist.order_by("position", "pk"))


def _instantiate(task: Task, units: Sequence[Any]) -> dict[str, ChecklistItem]:
    """The checklist's rows for ``units``, by key."""
    by_id = {str(u.pk): u for u in units}
    rows = [
        ChecklistItem(
            task=task,
            key=e.key,
            table=e.item.table or 0,  # §5.4.1's general requirements have no table
            position=n,
            unit=by_id[e.unit.id] if e.unit is not None else None,
            fuel=e.fuel.key if e.fuel is not None else "",
        )
        for n, e in enumerate(checklist.instantiate(unit_refs(units), year=task.year), start=1)
    ]
    ChecklistItem.objects.bulk_create(rows)
    return {i.key: i for i in task.checklist.all()}


def _plant_item(task: Task, items: dict[str, ChecklistItem], key: str) -> ChecklistItem:
    """The plant-level row of an item whose findings name no unit or fuel the checklist has
    (created beside the item's other rows)."""
    if key not in items:
        spec = checklist.item(key)
        siblings = [i.position for k, i in items.items() if k.split("/", 1)[0] == key]
        items[key] = ChecklistItem.objects.create(
            task=task, key=key, table=spec.table or 0, position=min(siblings, default=0)
        )
    return items[key]


def _attach_findings(
    task: Task, items: dict[str, ChecklistItem], units: Sequence[Any], findings: Collection[Any]
) -> int:
    ids = {u.name: str(u.pk) for u in units}
    known = set(items)
    rows = []
    for f in findings:
        data = finding_dict(f)
        unit = ids.get(f.unit) if f.unit is not None else None
        key = checklist.item_for_finding(f.rule, unit, f.fuel, known=known)
        item = _plant_item(task, items, key)
        review = FindingReview(task=task, item=item, rule=f.rule, severity=data["severity"],
                               finding=data)  # fmt: skip
        rows.append(review)
    FindingReview.objects.bulk_create(rows)
    return len(rows)


# -- the team's work on an item -------------------------------------------------------------------
def _working(actor: User, task: Task) -> Task:
    task = locked(task)
    require_member(actor, task)
    require_state(task, *WORKING_STATES)
    return task


def _own_item(task: Task, item: ChecklistItem) -> ChecklistItem:
    if item.task_id != task.pk:
        raise ValidationError(_("该评审条目不属于此核查任务"))
    return ChecklistItem.objects.select_for_update().get(pk=item.pk)


def _text(value: str, label: str, field: str, *, required: bool) -> str:
    text = free_text(value, label, field)
    if required and not text:
        raise ValidationError({field: _("请填写%(label)s") % {"label": label}})
    if len(text) > TEXT_MAX:
        raise ValidationError(
            {field: _("%(label)s不能超过%(n)s字") % {"label": label, "n": TEXT_MAX}}
        )
    return text


def _number(value: str | None, label: str, field: str) -> str:
    """A value checked: the canonical text of a number (signed), or "" when not given."""
    raw = (value or "").strip()
    if not raw:
        return ""
    try:
        return parse_number(raw, signed=True)
    except InputRefused as refused:
        message = number_message(raw[:40], refused.problem)
        text = _("%(label)s：%(message)s") % {"label": label, "message": message}
        raise ValidationError({field: text}) from refused


def _report_files(task: Task, ids: Collection[int]) -> list[StoredFile]:
    """The cited files, each one of the verified report's (its attachments, stamped scan or
    value evidence); any other file is refused."""
    if not ids:
        return []
    if task.report is None:
        raise ValidationError(_("该任务没有核查的报告，不能引用报告文件"))
    offered = {f.pk: f for f, _label in report_files(task.report)}
    foreign = [pk for pk in ids if pk not in offered]
    if foreign:
        raise ValidationError(
            {"files": _("所选文件不属于本次核查的排放报告及其支撑材料（文件编号：%(ids)s）")
             % {"ids": "、".join(str(pk) for pk in foreign)}}
        )  # fmt: skip
    return [offered[pk] for pk in dict.fromkeys(ids)]


def _uploads(actor: User, task: Task, uploads: Sequence[UploadedFile[bytes]]) -> list[StoredFile]:
    """The team's own evidence, stored as the agency's files."""
    assert task.agency is not None  # a task in review is held by an agency
    stored = []
    for upload in uploads:
        try:
            name = upload.name or "file"
            stored.append(store_file(upload=upload, name=name, owner=task.agency, actor=actor))
        except FileRejected as rejected:
            raise ValidationError({"uploads": str(rejected)}) from rejected
    return stored


@transaction.atomic
def add_record(
    actor: User,
    task: Task,
    item: ChecklistItem,
    method: str,
    text: str,
    value_checked: str | None = "",
    files: Collection[int] = (),
    uploads: Sequence[UploadedFile[bytes]] = (),
) -> ItemRecord:
    """填写核查记录: what a member read, asked, saw or verified on ``item``, the value checked
    and its evidence (``files``: ids of the report's files; ``uploads``: the team's new files).
    Records are written once and never changed."""
    task = _working(actor, task)
    item = _own_item(task, item)
    if method not in Method.values:
        raise ValidationError({"method": _("核查方法须为查、问、看或验")})
    body = _text(text, _("记录"), "text", required=True)
    value = _number(value_checked, _("核对数值"), "value_checked")
    cited = _report_files(task, files)
    stored = _uploads(actor, task, uploads)
    record = ItemRecord.objects.create(
        item=item, method=method, text=body, value_checked=value, author=actor
    )
    record.files.set([*cited, *stored])
    _audit(
        actor,
        Action.REVIEW_RECORD,
        record,
        task,
        changes={"method": (None, method), "value_checked": (None, value),
                 "files": (None, [f.pk for f in (*cited, *stored)])},
        note=item.key,
    )  # fmt: skip
    return record


@transaction.atomic
def conclude(
    actor: User, task: Task, item: ChecklistItem, conclusion: str, note: str = ""
) -> ChecklistItem:
    """评审结论: 符合, 不符合 or 不适用 (the last two with a note saying why)."""
    task = _working(actor, task)
    item = _own_item(task, item)
    allowed = (Conclusion.CONFORMS, Conclusion.NONCONFORMS, Conclusion.NOT_APPLICABLE)
    if conclusion not in allowed:
        raise ValidationError({"conclusion": _("结论须为符合、不符合或不适用")})
    text = _text(note, _("说明"), "note", required=conclusion != Conclusion.CONFORMS)
    before = (item.conclusion, item.note)
    item.conclusion, item.note = conclusion, text
    item.concluded_by, item.concluded_at = actor, timezone.now()
    item.save(update_fields=["conclusion", "note", "concluded_by", "concluded_at"])
    _audit(actor, Action.REVIEW_CONCLUDE, item, task,
           changes={"conclusion": (before[0], conclusion), "note": (before[1], text)},
           note=item.key)  # fmt: skip
    return item


@transaction.atomic
def decide_finding(
    actor: User, task: Task, finding: FindingReview, decision: str, reason: str
) -> FindingReview:
    """确认或排除自动核验发现: the team confirms or dismisses a finding, always with a reason."""
    task = _working(actor, task)
    if finding.task_id != task.pk:
        raise ValidationError(_("该发现不属于此核查任务"))
    finding = FindingReview.objects.select_for_update().get(pk=finding.pk)
    if decision not in (FindingDecision.CONFIRMED, FindingDecision.DISMISSED):
        raise ValidationError({"decision": _("请选择确认或排除")})
    text = _text(reason, _("理由"), "reason", required=True)
    before = (finding.decision, finding.reason)
    finding.decision, finding.reason = decision, text
    finding.decided_by, finding.decided_at = actor, timezone.now()
    finding.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
    _audit(actor, Action.REVIEW_FINDING, finding, task,
           changes={"decision": (before[0], decision), "reason": (before[1], text)},
           note=finding.rule)  # fmt: skip
    return finding


@transaction.atomic
def set_focus(actor: User, task: Task, people: str, facilities: str, documents: str) -> Task:
    """识别现场核查重点 (4.3): the people to interview, the facilities, equipment or operations to
    observe and the documents to read on site."""
    task = locked(task)
    require_member(actor, task)
    require_state(task, *FOCUS_STATES)
    values = {
        "focus_people": _text(people, _("需访问的人员"), "people", required=False),
        "focus_facilities": _text(
            facilities, _("需观察的设施、设备或操作"), "facilities", required=False
        ),
        "focus_documents": _text(documents, _("需查阅的支撑文件"), "documents", required=False),
    }
    changes = {k: (getattr(task, k), v) for k, v in values.items() if getattr(task, k) != v}
    for name, value in values.items():
        setattr(task, name, value)
    task.save(update_fields=[*values, "updated_at"])
    _audit(actor, Action.REVIEW_FOCUS, task, task, changes=changes)
    return task
