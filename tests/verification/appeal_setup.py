"""Fixtures of the 复核 tests: the demo with its 2025 campaign built once per module (inside a
transaction rolled back at the end); 南京六合滨江（合成）'s task (values confirmed) given a submitted
verification report and a notification, created directly (the report and result steps' own
tests cover their services)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.db import transaction

from tanhe.accounts.models import User
from tanhe.demo import build_demo
from tanhe.demo.reports import DATA_YEAR
from tanhe.demo.verification import CONFIRMED, build_demo_campaign
from tanhe.verification import selectors_values as sv
from tanhe.verification.models import (
    Notification,
    ReportState,
    Task,
    TaskState,
    VerificationReport,
)
from tanhe.workdays.calendar import clear_cache

NOTIFIED_ON = date(2026, 9, 25)  # a Friday before 国庆节 (1–7 October 2026, 10 October worked)


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
    found = Task.objects.select_related("enterprise", "campaign").get(
        campaign__year=DATA_YEAR, enterprise__credit_code=CONFIRMED
    )
    assert found.state == TaskState.CONFIRMED
    return found


@pytest.fixture
def plant(task) -> User:
    return User.objects.get(username=task.enterprise.credit_code)


@pytest.fixture
def authority(demo, db) -> User:
    return user("js-reviewer")


def notify(task: Task, on: date = NOTIFIED_ON) -> Notification:
    report = VerificationReport.objects.create(
        task=task, number=f"JS-2025-{task.pk:04d}", state=ReportState.SUBMITTED,
        created_by=user("agency-lead"), issued_on=on,
    )  # fmt: skip
    total = sv.confirmed_totals(task).confirmed
    return Notification.objects.create(
        task=task, report=report, notified_on=on, notified_by=user("js-admin"),
        total_emissions=str(total),
    )  # fmt: skip


@pytest.fixture
def notified(task) -> Notification:
    return notify(task)
