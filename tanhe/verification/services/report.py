"""核查报告 (guide 4.5) and its 内部技术评审 (4.6): the team creates the report once the values are
confirmed and writes its judgement per section; it sends the report to the task's named technical
reviewer, who must be independent of the team; the reviewer returns it with comments per section
or approves it — the approval freezes it and stores its Word and PDF files; only then does the
agency's 机构管理员 or a 核查组长 submit it to the province as 批准人."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.documents.models import StoredFile
from tanhe.documents.services import store_file

from ..models import (
    REPORT_FROZEN_STATES,
    REPORT_TRANSITIONS,
    ItemRecord,
    ReportState,
    ReviewComment,
    ReviewDecision,
    ReviewRound,
    Task,
    TaskState,
    VerificationReport,
)
from ..report.content import build_content
from ..report.docx import build_docx
from ..report.pdf import build_pdf
from ..report_outline import SECTION_KEYS, SECTIONS, section
from ._common import _audit, is_agency_manager, locked, require_member

TEXT_LIMIT = 20000


def _locked(task: Task) -> VerificationReport:
    """The task's report, locked; a ValidationError while there is none."""
    report = VerificationReport.objects.select_for_update(of=("self",)).filter(task=task).first()
    if report is None:
        raise ValidationError(_("该任务尚未编写核查报告"))
    return report


def _move(report: VerificationReport, to: str) -> str:
    before = report.state
    if to not in REPORT_TRANSITIONS[before]:
        raise ValidationError(
            _("核查报告当前状态为“%(state)s”，不能变为“%(to)s”")
            % {"state": report.get_state_display(), "to": ReportState(to).label}
        )
    report.state = to
    return before


def _require_unfrozen(report: VerificationReport) -> None:
    if report.state in REPORT_FROZEN_STATES or report.state == ReportState.IN_REVIEW:
        raise ValidationError(
            _("核查报告当前状态为“%(state)s”，不能修改") % {"state": report.get_state_display()}
        )


def report_number(task: Task) -> str:
    """核查报告编号: province code, year and the task's number (unique: one report per task)."""
    return f"HC-{task.campaign.province.code}-{task.year}-{task.pk:05d}"


def create_report(actor: User, task: Task) -> VerificationReport:
    """编写核查报告: by a team member once the values are confirmed (one report per task)."""
    with transaction.atomic():
        task = locked(task)
        require_member(actor, task)
        if task.state != TaskState.CONFIRMED:
            raise ValidationError(_("核查数据确认后才能编写核查报告"))
        if VerificationReport.objects.filter(task=task).exists():
            raise ValidationError(_("该任务已有核查报告"))
        report = VerificationReport.objects.create(
            task=task, number=report_number(task), created_by=actor
        )
        _audit(actor, Action.VREPORT_CREATE, report, task, {"number": (None, report.number)})
    return report


def save_text(actor: User, task: Task, key: str, text: str) -> VerificationReport:
    """The team's judgement text of one section (numbers are never typed: they come from the
    data). Only while the report is written or returned."""
    with transaction.atomic():
        task = locked(task)
        require_member(actor, task)
        report = _locked(task)
        _require_unfrozen(report)
        if key not in SECTION_KEYS or not section(key).free_text:
            raise ValidationError(
                {"section": _("章节“%(key)s”不接受核查组填写的说明") % {"key": key}}
            )
        text = text.strip()
        if len(text) > TEXT_LIMIT:
            raise ValidationError({"text": _("说明不能超过%(n)s个字") % {"n": TEXT_LIMIT}})
        before = str(report.texts.get(key, ""))
        if before == text:
            return report
        texts = dict(report.texts)
        if text:
            texts[key] = text
        else:
            texts.pop(key, None)
        report.texts = texts
        report.save(update_fields=["texts", "updated_at"])
        _audit(actor, Action.VREPORT_TEXT, report, task, {f"texts.{key}": (before, text)})
    return report


def independence_problem(task: Task, person: User | None) -> str | None:
    """Why ``person`` cannot review ``task``'s report (4.6), or None: the task's named
    technical reviewer, not on its team, and not the author of any of its records."""
    if person is None or task.technical_reviewer_id is None:
        return _("该任务尚未指定技术复核人")
    if person.pk != task.technical_reviewer_id:
        return _("只有该任务指定的技术复核人可以评审核查报告")
    if task.members.filter(person=person).exists():
        return _("技术复核人是核查组成员，不独立于核查组，不能评审核查报告")
    if ItemRecord.objects.filter(item__task=task, author=person).exists():
        return _("技术复核人填写过本任务的核查记录，不独立于核查组，不能评审核查报告")
    return None


def send_to_review(actor: User, task: Task) -> ReviewRound:
    """送内部技术评审: opens a review round for the task's named, independent reviewer."""
    with transaction.atomic():
        task = locked(task)
        require_member(actor, task)
        report = _locked(task)
        reviewer = task.technical_reviewer
        problem = independence_problem(task, reviewer)
        if problem:
            raise ValidationError(problem)
        assert reviewer is not None
        before = _move(report, ReportState.IN_REVIEW)
        report.save(update_fields=["state", "updated_at"])
        number = report.review_rounds.count() + 1
        review = ReviewRound.objects.create(
            report=report, number=number, sent_by=actor, reviewer=reviewer
        )
        _audit(
            actor, Action.VREPORT_SEND, report, task,
            {"state": (before, report.state), "round": (None, number)},
        )  # fmt: skip
    return review


def _review_round(actor: User, task: Task) -> tuple[Task, VerificationReport, ReviewRound]:
    """The task (locked), its report and open round, for its independent reviewer only."""
    task = locked(task)
    problem = independence_problem(task, actor)
    perm.require(problem is None, problem)
    report = _locked(task)
    review = report.review_rounds.select_for_update().filter(decision="").order_by("-number")
    current = review.first()
    if report.state != ReportState.IN_REVIEW or current is None:
        raise ValidationError(_("核查报告不在内部技术评审中"))
    if current.reviewer_id != actor.pk:
        raise ValidationError(_("本轮技术评审由其他技术复核人进行"))
    return task, report, current


def return_report(
    actor: User, task: Task, comments: Mapping[str, str], note: str = ""
) -> ReviewRound:
    """退回修改: the reviewer's comments per section (at least one)."""
    with transaction.atomic():
        task, report, review = _review_round(actor, task)
        cleaned = {k: v.strip() for k, v in comments.items() if v and v.strip()}
        unknown = sorted(set(cleaned) - SECTION_KEYS)
        if unknown:
            raise ValidationError(
                {"section": _("未知的章节：%(keys)s") % {"keys": "、".join(unknown)}}
            )
        if not cleaned:
            raise ValidationError({"comments": _("退回修改须至少对一个章节填写意见")})
        before = _move(report, ReportState.RETURNED)
        report.save(update_fields=["state", "updated_at"])
        _decide(review, ReviewDecision.RETURNED, note)
        for key in _ordered(cleaned):
            ReviewComment.objects.create(round=review, section=key, text=cleaned[key])
        _audit(
            actor, Action.VREPORT_RETURN, report, task,
            {"state": (before, report.state), "sections": (None, _ordered(cleaned))},
        )  # fmt: skip
    return review


def _ordered(keys: Mapping[str, Any]) -> list[str]:
    """The section keys of ``keys`` in the outline's order."""
    return [s.key for s in SECTIONS if s.key in keys]


def _decide(review: ReviewRound, decision: str, note: str) -> None:
    review.decision = decision
    review.note = note.strip()
    review.decided_at = timezone.now()
    review.save(update_fields=["decision", "note", "decided_at"])


def file_stem(report: VerificationReport) -> str:
    return f"核查报告_{report.number}"


def approve_report(actor: User, task: Task, note: str = "") -> VerificationReport:
    """技术评审通过: the report is frozen, its Word and PDF files built and stored."""
    with transaction.atomic():
        task, report, review = _review_round(actor, task)
        before = _move(report, ReportState.APPROVED)
        _decide(review, ReviewDecision.APPROVED, note)  # the round closes before the freeze
        report.approved_at = review.decided_at  # the reviewer's date, signed on the cover
        report.save(update_fields=["approved_at", "updated_at"])
        docx, pdf = _store_documents(actor, task, report)
        # one write: from it on the database refuses any change (0004_report_lock_approved)
        report.save(update_fields=["state", "docx", "pdf", "updated_at"])
        _audit(
            actor, Action.VREPORT_APPROVE, report, task,
            {"state": (before, report.state), "docx": (None, docx.sha256),
             "pdf": (None, pdf.sha256)},
        )  # fmt: skip
    return report


def _store_documents(
    actor: User, task: Task, report: VerificationReport
) -> tuple[StoredFile, StoredFile]:
    """Build the Word and PDF files from the records and set them on ``report`` (unsaved)."""
    content = build_content(task)
    owner = task.agency
    assert owner is not None
    stem = file_stem(report)
    docx = store_file(upload=build_docx(content), name=f"{stem}.docx", owner=owner, actor=actor)
    pdf = store_file(upload=build_pdf(content), name=f"{stem}.pdf", owner=owner, actor=actor)
    report.docx, report.pdf = docx, pdf
    return docx, pdf


def submit_report(actor: User, task: Task, today: date | None = None) -> VerificationReport:
    """提交省级主管部门: by the agency's 机构管理员 or a 核查组长 as 批准人, after approval."""
    today = today or timezone.localdate()
    with transaction.atomic():
        task = locked(task)
        perm.require(
            is_agency_manager(actor, task),
            _("只有技术服务机构的机构管理员或核查组长可以批准并提交核查报告"),
        )
        report = _locked(task)
        if report.state != ReportState.APPROVED:
            raise ValidationError(_("核查报告须经内部技术评审通过后才能提交"))
        before = _move(report, ReportState.SUBMITTED)
        report.approver = actor
        report.issued_on = today
        report.submitted_at = timezone.now()
        report.submitted_by = actor
        approved = (
            report.docx.sha256 if report.docx else None,
            report.pdf.sha256 if report.pdf else None,
        )
        # the approved content once more, now signed by the 批准人 with the issue date (the
        # builder reads the unsaved signature through the task; the row is written once)
        task.verification_report = report
        docx, pdf = _store_documents(actor, task, report)
        report.save(
            update_fields=[
                "state", "approver", "issued_on", "submitted_at", "submitted_by", "docx", "pdf",
                "updated_at",
            ]
        )  # fmt: skip
        _audit(
            actor, Action.VREPORT_SUBMIT, report, task,
            {
                "state": (before, report.state), "issued_on": (None, today.isoformat()),
                "docx": (approved[0], docx.sha256), "pdf": (approved[1], pdf.sha256),
            },
        )  # fmt: skip
    return report
