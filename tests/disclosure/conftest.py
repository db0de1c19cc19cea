"""Fixtures of the disclosure tests: the demo built once per module (inside a rolled-back
transaction) with its 2025 campaign; the confirmed task 南京六合滨江（合成） is taken to the end
of its way with rows made directly (the report, 复查, notification and 复核 belong to other
steps, whose tests cover their services): its report submitted by the due date, a passed 复查,
the notification and a decided 复核. The campaign's other four tasks are moved to a 2024
campaign of the province so that the 2025 campaign may be closed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from tanhe.accounts.models import User
from tanhe.demo import build_demo
from tanhe.demo.verification import CONFIRMED, build_demo_campaign
from tanhe.verification import selectors_values as sv
from tanhe.verification.models import (
    Appeal,
    AppealOutcome,
    AppealState,
    Campaign,
    Notification,
    Recheck,
    RecheckConclusion,
    RecheckMode,
    RecheckPerformer,
    ReportState,
    Task,
    VerificationReport,
)
from tanhe.workdays.calendar import clear_cache

SHANGHAI = ZoneInfo("Asia/Shanghai")
REPORT_NUMBER = "JSHC-2025-0005"
# texts that must never reach a public page
SECRET_REASON = "申请理由-不得公开-7f3a"
SECRET_ASSESSMENT = "技术论证意见-不得公开-91c2"
SECRET_FINDINGS = "复查意见-不得公开-5d0e"
SECRET_MESSAGE = "告知说明-不得公开-c4b8"
PUBLIC_CONCLUSION = "经技术论证，维持原核查结论。"


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
    return Task.objects.select_related("campaign", "campaign__province", "enterprise").get(
        enterprise__credit_code=CONFIRMED, campaign__year=2025
    )


@pytest.fixture
def alone(task) -> Task:
    """The confirmed task alone in its campaign (the others moved to a 2024 campaign)."""
    campaign = task.campaign
    other = Campaign.objects.create(
        province=campaign.province, year=2024, created_by=campaign.created_by
    )
    campaign.tasks.exclude(pk=task.pk).update(campaign=other)
    return task


def submit(task: Task, on: date = date(2026, 5, 20)) -> VerificationReport:
    moment = datetime(on.year, on.month, on.day, 10, 0, tzinfo=SHANGHAI)
    return VerificationReport.objects.create(
        task=task, number=REPORT_NUMBER, state=ReportState.SUBMITTED,
        created_by=user("agency-lead"), approved_at=moment, issued_on=on,
        approver=user("agency-admin"), submitted_at=moment, submitted_by=user("agency-admin"),
    )  # fmt: skip


def notify(task: Task, report: VerificationReport) -> Notification:
    total = sv.confirmed_result(task).total_emissions_tco2
    return Notification.objects.create(
        task=task, report=report, notified_on=date(2026, 6, 1), notified_by=user("js-admin"),
        total_emissions=str(total), message=SECRET_MESSAGE,
    )  # fmt: skip


def recheck(task: Task, conclusion: str = RecheckConclusion.PASSED) -> Recheck:
    return Recheck.objects.create(
        task=task, mode=RecheckMode.WRITTEN, performer=RecheckPerformer.EXPERT,
        performer_names="专家甲", ordered_by=user("js-admin"), conclusion=conclusion,
        findings=SECRET_FINDINGS, concluded_by=user("js-admin"),
    )  # fmt: skip


def appeal(
    task: Task,
    outcome: str = AppealOutcome.UPHELD,
    total: str = "",
    *,
    conclusion: str = PUBLIC_CONCLUSION,
    decided: bool = True,
) -> Appeal:
    # filed first: a closed verification takes only a filed 复核 (retention.py), then decided
    made = Appeal.objects.create(
        task=task, state=AppealState.FILED, reason=SECRET_REASON,
        filed_by=user(task.enterprise.credit_code), filed_on=date(2026, 6, 8),
    )  # fmt: skip
    if not decided:
        return made
    made.state, made.assessment, made.assessed_by = (
        AppealState.DECIDED, SECRET_ASSESSMENT, user("js-reviewer"),
    )  # fmt: skip
    made.assessment_ended_on, made.outcome, made.conclusion = (
        date(2026, 6, 15), outcome, conclusion,
    )  # fmt: skip
    made.new_figures = {"total": total} if total else {}
    made.decided_by, made.decided_on = user("js-admin"), date(2026, 6, 19)
    made.save()
    return made


@pytest.fixture
def published(alone) -> Task:
    """The confirmed task with its report submitted, a passed 复查, notified, a 复核 decided."""
    report = submit(alone)
    recheck(alone)
    notify(alone, report)
    appeal(alone)
    return alone
