"""Fixtures of the record-keeping and archive tests: the demo built once per module (江苏省's 2025
campaign) and its task at 核查数据已确认 (南京六合滨江（合成）: values confirmed, one NC closed,
one rejected, a conservative adjustment). The later steps' rows (the approved report with its
stored DOCX and PDF, a review round, the notification, an appeal) are created directly with the
ORM, as the other steps' helpers' services would."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tanhe.accounts.models import User
from tanhe.demo import build_demo
from tanhe.demo.verification import CONFIRMED, build_demo_campaign
from tanhe.documents.models import StoredFile
from tanhe.verification.models import (
    Appeal,
    Campaign,
    Notification,
    ReportState,
    ReviewComment,
    ReviewDecision,
    ReviewRound,
    Task,
    VerificationReport,
)
from tanhe.workdays.calendar import clear_cache

DOCX = b"PK\x03\x04 the approved report as Word"
PDF = b"%PDF-1.7 the approved report as PDF"
EVIDENCE = b"%PDF-1.7 the plant's evidence for its appeal"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        build_demo_campaign()
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fresh_calendar() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


def user(username: str) -> User:
    return User.objects.get(username=username)


@pytest.fixture
def task(demo, db) -> Task:
    return Task.objects.select_related("campaign", "enterprise", "agency").get(
        enterprise__credit_code=CONFIRMED, campaign__year=2025
    )


@pytest.fixture
def authority(demo, db) -> User:
    return user("js-reviewer")


@pytest.fixture
def lead(demo, db) -> User:
    return user("agency-lead")


@pytest.fixture
def plant(task) -> User:
    return user(task.enterprise.credit_code)


def stored(data: bytes, name: str, mime: str, owner, by: User) -> StoredFile:
    """A stored file with its bytes in the file store (as documents.services.store_file)."""
    digest = hashlib.sha256(data).hexdigest()
    target = Path(settings.FILES_ROOT) / digest[:2] / digest
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return StoredFile.objects.create(
        sha256=digest, size=len(data), content_type=mime, original_name=name, owner=owner,
        uploaded_by=by,
    )  # fmt: skip


@pytest.fixture
def report(task, lead) -> VerificationReport:
    """Approved and submitted, its DOCX and PDF stored, after one returned review round."""
    docx = stored(DOCX, "核查报告.docx", "application/vnd.openxmlformats-officedocument."
                  "wordprocessingml.document", task.agency, lead)  # fmt: skip
    pdf = stored(PDF, "核查报告.pdf", "application/pdf", task.agency, lead)
    # in review while its round is recorded: an approved report takes no more rounds (0004)
    report = VerificationReport.objects.create(
        task=task, number="JS-2025-006", state=ReportState.IN_REVIEW, created_by=lead,
        texts={"s4": "核查结论"},
    )  # fmt: skip
    round_ = ReviewRound.objects.create(
        report=report, number=1, sent_by=lead, reviewer=user("agency-tech"),
        decision=ReviewDecision.RETURNED, note="请补充抽样说明",
    )  # fmt: skip
    ReviewComment.objects.create(round=round_, section="s3_4", text="抽样比例未写明")
    report.state, report.docx, report.pdf = ReportState.SUBMITTED, docx, pdf
    report.issued_on, report.approver, report.submitted_by = (
        date(2026, 5, 8), user("agency-admin"), lead,
    )  # fmt: skip
    report.submitted_at = datetime(2026, 5, 8, 2, tzinfo=UTC)
    report.save()
    return report


@pytest.fixture
def notified(task, report, authority) -> Notification:
    return Notification.objects.create(
        task=task, report=report, notified_on=date(2026, 5, 15), notified_by=authority,
        total_emissions="1234567.89",
    )  # fmt: skip


def appeal(task: Task, plant: User, state: str = "filed") -> Appeal:
    return Appeal.objects.create(
        task=task, reason="对燃煤消耗量的保守处理有异议", filed_by=plant,
        filed_on=date(2026, 5, 20), state=state,
    )  # fmt: skip


def close_campaign(task: Task, years_ago: float) -> None:
    """The campaign closed ``years_ago`` years before now (QuerySet.update: no service)."""
    when = timezone.now() - timedelta(days=round(365.25 * years_ago))
    Campaign.objects.filter(pk=task.campaign_id).update(closed_at=when)
    task.campaign.refresh_from_db()
