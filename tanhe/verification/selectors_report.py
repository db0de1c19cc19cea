"""Reads of the verification report (guide 4.5, 4.6): the report of a task, its 4.5 deadline,
who may write, review and submit it, its review rounds and the comments per section."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Max
from django.utils import timezone

from tanhe.accounts.models import User
from tanhe.workdays.calendar import add_working_days

from .models import Answer, ReportState, ReviewRound, Task, VerificationReport
from .report_outline import SECTIONS, Section
from .services._common import is_agency_manager, is_authority, is_member

# 4.5: 现场核查结束后（或重点排放单位提交整改后）10个工作日内完成核查报告
REPORT_DAYS = 10
WRITABLE = (ReportState.DRAFT, ReportState.RETURNED)


def report_of(task: Task) -> VerificationReport | None:
    return VerificationReport.objects.filter(task=task).first()


@dataclass(frozen=True)
class ReportDeadline:
    start: date  # the later of the visit's end and the plant's last corrective answer
    due: date
    after_answer: bool  # counted from the plant's answer (not from the visit)


def deadline(task: Task) -> ReportDeadline | None:
    """The report's due date (4.5): 10 working days after the on-site visit ended or, when
    the plant answered non-conformities after that, after its last answer. None before the
    visit has a date."""
    plan = getattr(task, "onsite_plan", None)
    visit_end = plan.visit_end if plan is not None else None
    last = Answer.objects.filter(nonconformity__task=task).aggregate(at=Max("submitted_at"))["at"]
    answered = timezone.localdate(last) if last is not None else None
    starts = [d for d in (visit_end, answered) if d is not None]
    if not starts:
        return None
    start = max(starts)
    return ReportDeadline(
        start, add_working_days(start, REPORT_DAYS), answered is not None and answered == start
    )


def is_reviewer(actor: User, task: Task) -> bool:
    """The task's named technical reviewer (4.6), who is not on its team."""
    return (
        task.technical_reviewer_id is not None
        and task.technical_reviewer_id == actor.pk
        and not task.members.filter(person=actor).exists()
    )


def can_download(actor: User, task: Task, report: VerificationReport | None) -> bool:
    """The team, the reviewer and the agency's managers; the authority once submitted."""
    if is_member(actor, task) or is_reviewer(actor, task) or is_agency_manager(actor, task):
        return True
    return (
        report is not None and report.state == ReportState.SUBMITTED and is_authority(actor, task)
    )


def open_round(report: VerificationReport) -> ReviewRound | None:
    return report.review_rounds.filter(decision="").order_by("-number").first()


def last_comments(report: VerificationReport) -> dict[str, list[str]]:
    """The latest decided round's comments per section key (what the team is to fix)."""
    decided = report.review_rounds.exclude(decision="").order_by("-number").first()
    out: dict[str, list[str]] = {}
    if decided is not None:
        for c in decided.comments.order_by("pk"):
            out.setdefault(c.section, []).append(c.text)
    return out


@dataclass(frozen=True)
class SectionRow:
    section: Section
    text: str
    comments: list[str]


def section_rows(report: VerificationReport) -> list[SectionRow]:
    comments = last_comments(report)
    return [
        SectionRow(s, str(report.texts.get(s.key, "")), comments.get(s.key, [])) for s in SECTIONS
    ]


@dataclass(frozen=True)
class RoundRow:
    round: ReviewRound
    comments: list[tuple[str, str]]  # the section's number and title, the comment


def rounds(report: VerificationReport) -> list[RoundRow]:
    """The review record: each round with its comments named by their section."""
    titles = {s.key: f"{s.number} {s.title}" for s in SECTIONS}
    rows = report.review_rounds.select_related("reviewer", "sent_by").prefetch_related("comments")
    return [
        RoundRow(r, [(titles.get(c.section, c.section), c.text) for c in r.comments.all()])
        for r in rows.order_by("number")
    ]
