"""Fixtures of the result tests (test_result.py, test_estimate.py, test_result_pages.py): the demo
and its 2025 campaign built once per module inside a rolled-back transaction; 南京六合滨江（合成）
is at CONFIRMED (a rejected non-conformity, a conservative calibration adjustment). The report
step's rows (VerificationReport) are created directly with the ORM, as the report helper's
services would leave them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from tanhe.accounts.models import User
from tanhe.demo import build_demo
from tanhe.demo.verification import CONFIRMED, build_demo_campaign
from tanhe.verification.models import (
    Campaign,
    Declaration,
    ReportState,
    Task,
    TaskState,
    TeamMember,
    VerificationReport,
)
from tanhe.workdays.calendar import clear_cache

# 徐州贾汪: listed without a report, with an approved plan (one CFB unit burning coal gangue)
NO_REPORT = "91320305782716509H"


@pytest.fixture(scope="module")
def campaign(django_db_setup, django_db_blocker) -> Iterator[Campaign]:
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        yield build_demo_campaign()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fresh_calendar() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


def user(username: str) -> User:
    return User.objects.get(username=username)


def task_of(code: str) -> Task:
    return Task.objects.select_related("campaign", "enterprise", "agency", "report").get(
        campaign__year=2025, enterprise__credit_code=code
    )


@pytest.fixture
def confirmed(campaign, db) -> Task:
    return task_of(CONFIRMED)


@pytest.fixture
def authority(campaign, db) -> User:
    return user("js-reviewer")


@pytest.fixture
def leader(campaign, db) -> User:
    return user("agency-lead")


@pytest.fixture
def plant(confirmed) -> User:
    return user(confirmed.enterprise.credit_code)


def submitted_report(task: Task, state: str = ReportState.SUBMITTED) -> VerificationReport:
    return VerificationReport.objects.create(
        task=task, number=f"HC-{task.year}-{task.pk:03d}", state=state,
        created_by=user("agency-lead"),
    )  # fmt: skip


@pytest.fixture
def report(confirmed) -> VerificationReport:
    return submitted_report(confirmed)


@pytest.fixture
def no_report(campaign, db) -> Task:
    """徐州贾汪's task accepted by the demo agency, agency-lead its team leader."""
    task = task_of(NO_REPORT)
    lead = user("agency-lead")
    task.agency = lead.organisation
    task.state = TaskState.ACCEPTED
    task.save()
    declaration = Declaration.objects.create(
        task=task, person=lead, years=3, no_service=True, no_employment=True, no_family_tie=True
    )
    TeamMember.objects.create(
        task=task, person=lead, is_leader=True, has_sector_expertise=True, declaration=declaration
    )
    return task
