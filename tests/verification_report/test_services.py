"""The report's services: created once the values are confirmed, written by the team, reviewed
by the task's technical reviewer independent of the team (returned with comments per section,
approved: frozen with its Word and PDF stored), submitted by the agency's manager."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.documents.services import path_of
from tanhe.verification import selectors_report as sr
from tanhe.verification.models import (
    Answer,
    ItemRecord,
    Method,
    ReportState,
    ReviewComment,
    ReviewDecision,
    ReviewRound,
    Task,
    TaskState,
    VerificationReport,
)
from tanhe.verification.services import report as services
from tanhe.workdays.calendar import add_working_days

LOCKED = "verification report is approved and cannot be changed"


def test_created_by_a_member_once_the_values_are_confirmed(task, verifier, tech, lead):
    with pytest.raises(PermissionDenied):
        services.create_report(tech, task)
    report = services.create_report(verifier, task)
    assert report.state == ReportState.DRAFT
    assert report.number == f"HC-{task.campaign.province.code}-2025-{task.pk:05d}"
    with pytest.raises(ValidationError, match="已有核查报告"):
        services.create_report(lead, task)
    assert AuditEntry.objects.filter(action=Action.VREPORT_CREATE).count() == 1


def test_not_before_the_values_are_confirmed(task, verifier):
    other = Task.objects.filter(campaign=task.campaign, state=TaskState.CORRECTION).first()
    assert other is not None and other.members.filter(person=verifier).exists()
    with pytest.raises(ValidationError, match="核查数据确认后"):
        services.create_report(verifier, other)


def test_texts_only_where_the_outline_takes_them(task, verifier, tech):
    services.create_report(verifier, task)
    report = services.save_text(verifier, task, "s3_4", "  燃煤消耗量按保守原则确认。 ")
    assert report.texts == {"s3_4": "燃煤消耗量按保守原则确认。"}
    with pytest.raises(ValidationError, match="不接受"):
        services.save_text(verifier, task, "annex2", "数值")
    with pytest.raises(ValidationError, match="不接受"):
        services.save_text(verifier, task, "nope", "x")
    with pytest.raises(PermissionDenied):
        services.save_text(tech, task, "s1", "x")
    assert services.save_text(verifier, task, "s3_4", "").texts == {}
    assert AuditEntry.objects.filter(action=Action.VREPORT_TEXT).count() == 2


def test_the_reviewer_must_be_independent_of_the_team(task, verifier, tech):
    services.create_report(verifier, task)
    item = task.checklist.order_by("pk").first()
    record = ItemRecord.objects.create(
        item=item, method=Method.READ, text="复核人代写", author=tech
    )
    with pytest.raises(ValidationError, match="不独立于核查组"):
        services.send_to_review(verifier, task)
    record.delete()
    services.send_to_review(verifier, task)
    with pytest.raises(PermissionDenied):
        services.approve_report(verifier, task)  # a member is not the reviewer


def _returned(task, verifier, tech):
    services.create_report(verifier, task)
    services.send_to_review(verifier, task)
    return services.return_report(tech, task, {"s3_4": "请说明抽样比例扩大的原因。", "s1": " "})


def test_returned_with_comments_per_section(task, verifier, tech, lead):
    with pytest.raises(ValidationError, match="尚未编写"):
        services.return_report(tech, task, {"s1": "x"})
    services.create_report(verifier, task)
    services.send_to_review(verifier, task)
    with pytest.raises(PermissionDenied):
        services.return_report(lead, task, {"s1": "x"})
    with pytest.raises(ValidationError, match="至少对一个章节"):
        services.return_report(tech, task, {"s1": "  "})
    with pytest.raises(ValidationError, match="未知的章节"):
        services.return_report(tech, task, {"s9": "x"})
    review = services.return_report(tech, task, {"s3_4": "请说明抽样比例扩大的原因。"}, "一处")
    assert review.decision == ReviewDecision.RETURNED and review.note == "一处"
    assert [(c.section, c.text) for c in review.comments.all()] == [
        ("s3_4", "请说明抽样比例扩大的原因。")
    ]
    report = sr.report_of(task)
    assert report.state == ReportState.RETURNED
    assert sr.last_comments(report) == {"s3_4": ["请说明抽样比例扩大的原因。"]}
    with pytest.raises(ValidationError, match="不在内部技术评审中"):
        services.approve_report(tech, task)


def test_approval_freezes_and_stores_both_documents(task, verifier, tech, lead, agency_admin):
    _returned(task, verifier, tech)
    services.save_text(verifier, task, "s3_4", "抽样发现不符合项后比例由30%扩大至50%。")
    second = services.send_to_review(verifier, task)
    assert second.number == 2
    with pytest.raises(ValidationError, match="技术评审通过后"):
        services.submit_report(agency_admin, task)
    report = services.approve_report(tech, task, "同意")
    assert report.state == ReportState.APPROVED and report.approved_at is not None
    for stored, head in ((report.docx, b"PK"), (report.pdf, b"%PDF")):
        data = path_of(stored).read_bytes()
        assert data.startswith(head)
        assert stored.sha256 == hashlib.sha256(data).hexdigest()
        assert stored.owner == task.agency
    assert report.docx.original_name == f"核查报告_{report.number}.docx"
    with pytest.raises(ValidationError, match="不能修改"):
        services.save_text(verifier, task, "s1", "改")
    with pytest.raises(PermissionDenied):
        services.submit_report(verifier, task)  # a verifier is not the agency's manager
    submitted = services.submit_report(agency_admin, task, today=date(2026, 4, 30))
    assert submitted.state == ReportState.SUBMITTED
    assert submitted.approver == agency_admin and submitted.issued_on == date(2026, 4, 30)
    # the approved content stored once more, signed by the 批准人 with the issue date
    assert submitted.docx_id != report.docx_id and submitted.pdf_id != report.pdf_id
    from docx import Document

    signed = [[c.text for c in r.cells] for t in Document(path_of(submitted.docx)).tables
              for r in t.rows if len(r.cells) == 3]  # fmt: skip
    assert ["批准人", str(agency_admin), "2026年4月30日"] in signed
    unsigned = [[c.text for c in r.cells] for t in Document(path_of(report.docx)).tables
                for r in t.rows if len(r.cells) == 3]  # fmt: skip
    assert ["批准人", "", ""] in unsigned
    actions = AuditEntry.objects.filter(action__startswith="vreport.").values_list(
        "action", flat=True
    )
    assert sorted(set(actions)) == sorted(
        a.value
        for a in (
            Action.VREPORT_CREATE,
            Action.VREPORT_TEXT,
            Action.VREPORT_SEND,
            Action.VREPORT_RETURN,
            Action.VREPORT_APPROVE,
            Action.VREPORT_SUBMIT,
        )
    )


def test_deadline_counts_ten_working_days_from_the_visit_or_the_last_answer(task):
    plan = task.onsite_plan
    answered = timezone.localdate(
        max(a.submitted_at for nc in task.nonconformities.all() for a in nc.answers.all())
    )
    deadline = sr.deadline(task)
    assert deadline.start == max(plan.visit_end, answered)
    assert deadline.due == add_working_days(deadline.start, 10)
    # 泰州江畔: its answered (not yet decided) non-conformity, answered before or after the visit
    other = Task.objects.get(campaign=task.campaign, state=TaskState.CORRECTION)
    visit_end = other.onsite_plan.visit_end
    answers = Answer.objects.filter(nonconformity__task=other)
    assert answers.exists()
    answers.update(submitted_at=datetime(2026, 4, 1, 10, tzinfo=timezone.get_current_timezone()))
    before = sr.deadline(other)
    assert before.start == visit_end and not before.after_answer
    assert before.due == add_working_days(visit_end, 10)
    answers.update(submitted_at=datetime(2026, 4, 28, 10, tzinfo=timezone.get_current_timezone()))
    after = sr.deadline(other)
    assert after.start == date(2026, 4, 28) and after.after_answer
    # the May Day holidays lie between: 10 working days are more than two calendar weeks
    assert after.due == add_working_days(date(2026, 4, 28), 10)
    assert (after.due - after.start).days > 14


def test_no_deadline_before_the_visit_has_a_date(task):
    other = Task.objects.filter(campaign=task.campaign, state=TaskState.REVIEW).first()
    assert other is not None and sr.deadline(other) is None


def _approved(task, verifier, tech):
    services.create_report(verifier, task)
    services.send_to_review(verifier, task)
    return services.approve_report(tech, task)


def test_the_database_refuses_changes_to_an_approved_report(task, verifier, tech, agency_admin):
    report = _approved(task, verifier, tech)
    rows = VerificationReport.objects.filter(pk=report.pk)
    for change in ({"texts": {"s1": "改"}}, {"number": "X-1"}, {"pdf": report.docx},
                   {"state": ReportState.DRAFT}):  # fmt: skip
        with pytest.raises(DatabaseError, match=LOCKED), transaction.atomic():
            rows.update(**change)
    review = report.review_rounds.get()
    with pytest.raises(DatabaseError, match=LOCKED), transaction.atomic():
        ReviewRound.objects.filter(pk=review.pk).update(note="改")
    with pytest.raises(DatabaseError, match=LOCKED), transaction.atomic():
        ReviewComment.objects.create(round=review, section="s1", text="补")
    with pytest.raises(DatabaseError, match=LOCKED), transaction.atomic():
        rows._raw_delete(rows.db)  # past Django's own protection of the review rounds
    services.submit_report(agency_admin, task, today=date(2026, 4, 30))  # the one move left
    with pytest.raises(DatabaseError, match=LOCKED), transaction.atomic():
        rows.update(issued_on=date(2026, 5, 1))
    assert rows.get().issued_on == date(2026, 4, 30)


def test_the_stored_cover_is_signed_by_the_reviewer_on_approval(task, verifier, tech):
    report = _approved(task, verifier, tech)
    from docx import Document

    doc = Document(path_of(report.docx))
    signatures = [
        [c.text for c in r.cells] for t in doc.tables for r in t.rows if len(r.cells) == 3
    ]
    reviewer = next(r for r in signatures if r[0] == "技术复核人")
    day = timezone.localdate(report.approved_at)
    assert reviewer[1:] == [str(tech), f"{day.year}年{day.month}月{day.day}日"]
