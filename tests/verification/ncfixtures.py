"""Fixtures of the non-conformity and confirmed-value steps: the enterprise of tests/reports
(one 660 MW coal unit burning bituminous coal and diesel, the issue example's January repeated
twelve times) with its 2023 report submitted, a verification agency with a leader and a member,
and a task of 江苏省's 2023 campaign in 现场核查 held by that agency's team."""

from __future__ import annotations

import pytest

from tanhe.accounts.models import Organisation, Role
from tanhe.verification.models import Campaign, Declaration, Task, TaskState, TeamMember

from ..plans.conftest import make_user
from ..reports.conftest import *  # noqa: F403  (provinces, enterprise, filer, report, unit…)
from ..reports.test_views import submitted_report


@pytest.fixture
def agency(provinces):
    return Organisation.objects.create(
        kind="agency", name="江苏碳核查技术服务有限公司", province=provinces[0]
    )


@pytest.fixture
def leader(agency):
    return make_user(agency, "ag-lead", Role.LEAD_VERIFIER, display_name="李组长")


@pytest.fixture
def member(agency):
    return make_user(agency, "ag-verifier", Role.VERIFIER, display_name="赵核查")


@pytest.fixture
def outsider(agency):
    """A verifier of the same agency, not on the team."""
    return make_user(agency, "ag-other", Role.VERIFIER)


def join(task: Task, person, *, is_leader: bool = False) -> TeamMember:
    declaration = Declaration.objects.create(
        task=task, person=person, years=3, no_service=True, no_employment=True,
        no_family_tie=True,
    )  # fmt: skip
    return TeamMember.objects.create(
        task=task, person=person, is_leader=is_leader, has_sector_expertise=True,
        qualification="发电行业核查员", declaration=declaration,
    )  # fmt: skip


@pytest.fixture
def verified(filer, report, unit):
    """Version 1 of the 2023 report, submitted (the version under verification)."""
    return submitted_report(filer, report, unit)


@pytest.fixture
def task(reviewer, enterprise, agency, leader, member, verified):
    campaign = Campaign.objects.create(province=enterprise.province, year=2023, created_by=reviewer)
    task = Task.objects.create(
        campaign=campaign, enterprise=enterprise, report=verified, agency=agency,
        state=TaskState.ONSITE,
    )  # fmt: skip
    join(task, leader, is_leader=True)
    join(task, member)
    return task
