"""The demo built once per module (inside a transaction rolled back at the end, as tests/demo/
does); helpers to start a screening and to run what its commit enqueues."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from tanhe.accounts.models import Organisation, User
from tanhe.authority import services
from tanhe.authority.models import ScreeningRun
from tanhe.demo import build_demo
from tanhe.demo.enterprises import JIAWANG, TAIZHOU, XIDONG
from tanhe.demo.reports import DATA_YEAR

YEAR = DATA_YEAR
PLANTS = (TAIZHOU, XIDONG, JIAWANG)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def reviewer(demo, db) -> User:
    return User.objects.get(username="js-reviewer")


@pytest.fixture
def province_id(reviewer) -> int:
    return reviewer.organisation.province_id


def org(spec) -> Organisation:
    return Organisation.objects.get(credit_code=spec.organisation["credit_code"])


def start(actor: User, capture, *, run_it: bool = True) -> tuple[ScreeningRun, bool]:
    """Start a screening of the demo year; with ``run_it`` what its commit enqueues runs (the
    test settings' ImmediateBackend runs the task at once)."""
    with capture(execute=run_it):
        run, created = services.start_screening(
            actor=actor, province_id=actor.organisation.province_id, year=YEAR
        )
    run.refresh_from_db()
    return run, created
