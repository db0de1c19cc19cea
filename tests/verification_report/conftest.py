"""Fixtures of the report tests: the demo built once per module (inside a rolled-back
transaction), and its confirmed task 南京六合滨江（合成） as the starting point."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from tanhe.accounts.models import User
from tanhe.demo import build_demo
from tanhe.demo.verification import CONFIRMED, build_demo_campaign
from tanhe.verification.models import Task
from tanhe.workdays.calendar import clear_cache


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
    return Task.objects.select_related("campaign", "enterprise", "agency", "report").get(
        enterprise__credit_code=CONFIRMED, campaign__year=2025
    )


@pytest.fixture
def lead(demo, db) -> User:
    return user("agency-lead")


@pytest.fixture
def verifier(demo, db) -> User:
    return user("agency-verifier")


@pytest.fixture
def tech(demo, db) -> User:
    return user("agency-tech")


@pytest.fixture
def agency_admin(demo, db) -> User:
    return user("agency-admin")
