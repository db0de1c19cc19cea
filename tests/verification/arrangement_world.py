"""Fixtures of the arrangement and team tests: the demo (江苏省, its authority, the demo agency
and 泰州江畔's submitted 2025 report) built once per module inside a transaction rolled back at
the end, plus a second agency; helpers that create the campaign and take a task through
assignment, acceptance and the team."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.utils import timezone

from tanhe.accounts.models import Organisation, OrganisationKind, RoleAssignment, User
from tanhe.demo import build_demo
from tanhe.demo.enterprises import JIAWANG, TAIZHOU, EnterpriseSpec
from tanhe.demo.reports import DATA_YEAR
from tanhe.verification.models import Campaign, Task
from tanhe.verification.services import arrangement, team

YEAR = DATA_YEAR
OTHER_AGENCY = "苏州绿源碳核查技术有限公司"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        other = Organisation.objects.create(kind=OrganisationKind.AGENCY, name=OTHER_AGENCY)
        for username, role in (("other-lead", "lead_verifier"), ("other-verifier", "verifier")):
            person = User.objects.create_user(username, organisation=other, display_name=username)
            RoleAssignment.objects.create(user=person, role=role)
        yield
        transaction.set_rollback(True)


def user(username: str) -> User:
    return User.objects.get(username=username)


def org(spec: EnterpriseSpec) -> Organisation:
    return Organisation.objects.get(credit_code=spec.organisation["credit_code"])


def filer(spec: EnterpriseSpec) -> User:
    return User.objects.get(organisation=org(spec), is_enterprise_account=True)


def due(days: int = 30) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def reviewer(demo, db) -> User:
    return user("js-reviewer")


@pytest.fixture
def agency(demo, db) -> Organisation:
    return user("agency-lead").organisation


@pytest.fixture
def other_agency(demo, db) -> Organisation:
    return Organisation.objects.get(name=OTHER_AGENCY)


@pytest.fixture
def campaign(reviewer) -> Campaign:
    return arrangement.create_campaign(reviewer, YEAR)


def task_of(campaign: Campaign, spec: EnterpriseSpec = TAIZHOU) -> Task:
    return campaign.tasks.get(enterprise=org(spec))


@pytest.fixture
def taizhou(campaign) -> Task:
    return task_of(campaign, TAIZHOU)


@pytest.fixture
def jiawang(campaign) -> Task:
    return task_of(campaign, JIAWANG)


@pytest.fixture
def assigned(taizhou, reviewer, agency) -> Task:
    arrangement.assign(reviewer, [taizhou], agency, due())
    return Task.objects.get(pk=taizhou.pk)


@pytest.fixture
def accepted(assigned) -> Task:
    return arrangement.accept(user("agency-lead"), assigned)


def declare(task: Task, person: str, *, leader: bool = False, expert: bool = True, **items):
    """``person`` joins ``task``'s team through the agency's lead (every item declared unless
    ``items`` says otherwise)."""
    values = {"no_service": True, "no_employment": True, "no_family_tie": True} | items
    return team.declare_and_join(
        user("agency-lead"), task, user(person), is_leader=leader, has_sector_expertise=expert,
        qualification="火电行业核查员", statement="", **values,
    )  # fmt: skip


@pytest.fixture
def formed(accepted) -> Task:
    """A complete team: the lead (leader) and the verifier, the technical reviewer named."""
    declare(accepted, "agency-lead", leader=True)
    declare(accepted, "agency-verifier", expert=False)
    team.name_reviewer(user("agency-lead"), accepted, user("agency-tech"))
    return Task.objects.get(pk=accepted.pk)
