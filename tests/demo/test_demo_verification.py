"""The demo's 2025 verification campaign (tanhe/demo/verification.py): five tasks held by the demo
agency at five stages, each reached through the services (their audit rows prove it), built
once for the module inside a transaction rolled back at the end; a second run changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.demo import build_demo
from tanhe.demo.province import AGENCY_NAME
from tanhe.demo.results import build_results
from tanhe.demo.siblings import SPECS, SYNTH_MARK
from tanhe.demo.verification import (
    ASSIGNED,
    CONFIRMED,
    DUE,
    NC_OPEN,
    ONSITE,
    REVIEW,
    STAGES,
    build_demo_campaign,
)
from tanhe.reports.models import ReportState
from tanhe.verification import selectors_values as sv
from tanhe.verification.models import (
    Campaign,
    NonConformityState,
    OnsiteState,
    Task,
    TaskState,
    ValueBasis,
)
from tanhe.verification.services.onsite import earliest_visit

pytestmark = pytest.mark.django_db
S = NonConformityState


@pytest.fixture(scope="module")
def campaign(django_db_setup, django_db_blocker) -> Iterator[Campaign]:
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        yield build_demo_campaign()
        transaction.set_rollback(True)


def task(code: str) -> Task:
    return Task.objects.select_related("enterprise", "agency", "report").get(
        campaign__year=2025, enterprise__credit_code=code
    )


def test_five_tasks_held_by_the_demo_agency_at_five_stages(campaign):
    states = {code: task(code).state for code in STAGES}
    assert states == {
        ASSIGNED: TaskState.ASSIGNED,
        REVIEW: TaskState.REVIEW,
        ONSITE: TaskState.ONSITE,
        NC_OPEN: TaskState.CORRECTION,
        CONFIRMED: TaskState.CONFIRMED,
    }
    for code in STAGES:
        t = task(code)
        assert t.agency.name == AGENCY_NAME and t.due_date == DUE
        assert t.report is not None and t.report.state == ReportState.SUBMITTED
    # the plants without a submitted report are listed, not assigned
    others = campaign.tasks.exclude(enterprise__credit_code__in=STAGES)
    assert others.exists() and not others.exclude(state=TaskState.UNASSIGNED).exists()
    assert all(o.report_id is None for o in others)


def test_the_synthesized_plants_say_so(campaign):
    for spec in SPECS:
        assert spec.organisation["name"].endswith(SYNTH_MARK)
    assert SYNTH_MARK not in task(NC_OPEN).enterprise.name  # 泰州江畔 is the demo's own


def test_the_teams_declared_and_the_reviewer_is_not_on_them(campaign):
    assert not task(ASSIGNED).members.exists()
    for code in STAGES[1:]:
        t = task(code)
        members = {m.person.username: m for m in t.members.select_related("person")}
        assert set(members) == {"agency-lead", "agency-verifier"}
        assert members["agency-lead"].is_leader and members["agency-lead"].has_sector_expertise
        assert all(m.declaration.independent for m in members.values())
        assert t.technical_reviewer.username == "agency-tech"


def test_document_review_has_records_conclusions_and_focus(campaign):
    t = task(REVIEW)
    assert t.checklist.count() > 10
    assert t.checklist.filter(records__isnull=False).distinct().count() == 2
    assert t.checklist.exclude(conclusion="").count() == 2
    assert t.focus_facilities
    assert not hasattr(t, "onsite_plan") or t.onsite_plan.state == OnsiteState.DRAFT


def test_onsite_plan_notified_at_least_three_working_days_ahead(campaign):
    plan = task(ONSITE).onsite_plan
    assert plan.state == OnsiteState.NOTIFIED
    assert plan.visit_start >= earliest_visit(date(2026, 4, 22))


def test_taizhou_has_nonconformities_open_one_answered_on_time(campaign):
    t = task(NC_OPEN)
    answered, open_ = t.nonconformities.order_by("number")
    assert (answered.state, open_.state) == (S.ANSWERED, S.ISSUED)
    assert answered.answers.get().late is False
    assert open_.due_date == date(2026, 4, 23)
    sample = t.samples.get()
    assert (sample.percent, sample.nonconformities) == (50, 1)  # 30 % raised by the NC
    assert sample.records.exclude(found="").count() == 3


def test_values_confirmed_with_a_conservative_calibration(campaign):
    t = task(CONFIRMED)
    closed, rejected = t.nonconformities.order_by("number")
    assert (closed.state, rejected.state) == (S.CLOSED, S.REJECTED)
    record = t.confirmed_values.get(code="A")
    assert record.basis == ValueBasis.CALIBRATION
    assert Decimal(record.confirmed) > Decimal(record.initial)
    totals = sv.confirmed_totals(t)
    assert totals.confirmed > totals.reported
    assert AuditEntry.objects.filter(action=Action.VALUES_CONFIRMED).count() == 1


def test_every_stage_went_through_the_services(campaign):
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    for action in (Action.CAMPAIGN_CREATE, Action.TASK_ASSIGN, Action.TASK_ACCEPT,
                   Action.TEAM_DECLARE, Action.TEAM_ADD, Action.TEAM_REVIEWER,
                   Action.REVIEW_START, Action.REVIEW_RECORD, Action.REVIEW_CONCLUDE,
                   Action.ONSITE_NOTIFY, Action.SAMPLE_DRAW, Action.NC_ISSUE, Action.NC_ANSWER,
                   Action.NC_CLOSE, Action.NC_REJECT, Action.VALUE_CONSERVATIVE):  # fmt: skip
        assert action in actions, action


def test_load_demo_again_changes_nothing(campaign):
    build_results(campaign)  # what load_demo adds after the campaign (tests/demo/test_demo_results)
    before = (AuditEntry.objects.count(), Task.objects.count(), Campaign.objects.count())
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert (AuditEntry.objects.count(), Task.objects.count(), Campaign.objects.count()) == before
    assert "already loaded" in out.getvalue()
