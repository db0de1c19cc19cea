"""Fixtures of the on-site tests (test_onsite.py, test_sampling_service.py): the demo built once
per module (泰州江畔's submitted 2025 report, with 1号机组's daily 入炉 coal records), a campaign
and a task of 泰州江畔 held by the demo agency in document review, and a team of two: agency-lead
(leader) and agency-verifier. Rows of the earlier steps are created directly, not through their
services (other steps' tests cover those)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from tanhe.accounts.models import Organisation, OrganisationKind, Role, RoleAssignment, User
from tanhe.demo import build_demo
from tanhe.demo.enterprises import TAIZHOU, XIDONG
from tanhe.demo.reports import DATA_YEAR
from tanhe.reports.models import ReportState
from tanhe.verification.models import Campaign, Declaration, Task, TaskState, TeamMember
from tanhe.workdays.calendar import clear_cache

YEAR = DATA_YEAR


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fresh_calendar() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


def user(username: str) -> User:
    return User.objects.get(username=username)


def org(spec) -> Organisation:
    return Organisation.objects.get(credit_code=spec.organisation["credit_code"])


def join(task: Task, person: User, leader: bool = False) -> TeamMember:
    declaration = Declaration.objects.create(
        task=task, person=person, years=3, no_service=True, no_employment=True,
        no_family_tie=True,
    )  # fmt: skip
    return TeamMember.objects.create(
        task=task, person=person, is_leader=leader, has_sector_expertise=leader,
        declaration=declaration,
    )  # fmt: skip


@pytest.fixture
def authority(demo, db) -> User:
    return user("js-reviewer")


@pytest.fixture
def leader(demo, db) -> User:
    return user("agency-lead")


@pytest.fixture
def member(demo, db) -> User:
    return user("agency-verifier")


@pytest.fixture
def outsider(demo, db) -> User:
    """Of the agency holding the task, not on its team."""
    return user("agency-tech")


@pytest.fixture
def other_agency_user(demo, db, authority) -> User:
    other = Organisation.objects.create(
        kind=OrganisationKind.AGENCY,
        name="另一家核查机构",
        province=authority.organisation.province,
    )
    person = User.objects.create_user(username="other-verifier", organisation=other)
    RoleAssignment.objects.create(user=person, role=Role.LEAD_VERIFIER)
    return person


@pytest.fixture
def plant(demo, db) -> User:
    return user(TAIZHOU.filer.username)


@pytest.fixture
def other_plant(demo, db) -> User:
    return user(XIDONG.filer.username)


@pytest.fixture
def task(demo, db, authority, leader, member) -> Task:
    enterprise = org(TAIZHOU)
    campaign = Campaign.objects.create(
        province=enterprise.province, year=YEAR, created_by=authority
    )
    report = enterprise.reports.get(year=YEAR, state=ReportState.SUBMITTED)
    task = Task.objects.create(
        campaign=campaign, enterprise=enterprise, report=report, state=TaskState.REVIEW,
        agency=leader.organisation,
    )  # fmt: skip
    join(task, leader, leader=True)
    join(task, member)
    return task
