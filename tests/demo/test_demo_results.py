"""The end of the demo's 2025 verification (tanhe/demo/results.py): two plants' results notified
and published, one of them a 保守测算, and one 复核 decided — each reached through the services
(their audit rows prove it); built once for the module inside a transaction rolled back at the
end; a second run changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client

from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.demo import build_demo
from tanhe.demo.results import ESTIMATED, NOTIFIED_ON, build_demo_results, build_results
from tanhe.demo.verification import CONFIRMED
from tanhe.verification import selectors_result as sr
from tanhe.verification.models import (
    AppealOutcome,
    AppealState,
    Campaign,
    Notification,
    RecheckConclusion,
    ReportState,
    ReviewDecision,
    Task,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def campaign(django_db_setup, django_db_blocker) -> Iterator[Campaign]:
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        yield build_demo_results()
        transaction.set_rollback(True)


def task(code: str) -> Task:
    return Task.objects.select_related("enterprise", "report").get(
        campaign__year=2025, enterprise__credit_code=code
    )


def test_two_results_notified_with_the_engines_totals(campaign):
    notified = Notification.objects.filter(task__campaign=campaign).select_related("task")
    by_code = {n.task.enterprise.credit_code: n for n in notified}
    assert set(by_code) == {CONFIRMED, ESTIMATED}
    assert all(n.notified_on == NOTIFIED_ON for n in notified)
    liuhe, jiawang = by_code[CONFIRMED], by_code[ESTIMATED]
    assert liuhe.total_emissions == "7235788.39" and not liuhe.estimated
    assert Decimal(liuhe.total_emissions) == sr.confirmed_total(task(CONFIRMED))
    # 100000.00 t gangue × (12.500 GJ/t × 0.03085 tC/GJ → 38.56 %) × 99 % × 44/12
    assert jiawang.total_emissions == "139972.80" and jiawang.estimated
    assert liuhe.acknowledged_at is not None and jiawang.acknowledged_at is None


def test_each_report_was_returned_once_then_approved_and_submitted(campaign):
    for code in (CONFIRMED, ESTIMATED):
        report = task(code).verification_report
        assert report.state == ReportState.SUBMITTED and report.docx and report.pdf
        rounds = list(report.review_rounds.order_by("number"))
        assert [r.decision for r in rounds] == [ReviewDecision.RETURNED, ReviewDecision.APPROVED]
        assert [c.section for c in rounds[0].comments.all()] == ["s3_4"]
        assert "准确度等级1.0%" in report.texts["s3_4"]


def test_the_recheck_passed_and_the_appeal_was_upheld(campaign):
    recheck = task(ESTIMATED).rechecks.get()
    assert recheck.conclusion == RecheckConclusion.PASSED
    appeal = task(CONFIRMED).appeals.get()
    assert appeal.state == AppealState.DECIDED and appeal.outcome == AppealOutcome.UPHELD
    assert appeal.decided_on is not None and appeal.decided_on > appeal.filed_on
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        Action.VREPORT_RETURN, Action.VREPORT_APPROVE, Action.VREPORT_SUBMIT,
        Action.ESTIMATE_PREPARE, Action.RECHECK_CONCLUDE, Action.RESULT_NOTIFY,
        Action.RESULT_ACKNOWLEDGE, Action.APPEAL_FILE, Action.APPEAL_DECIDE,
    } <= actions  # fmt: skip


def test_the_public_page_shows_both_covers_and_the_conclusion(campaign):
    page = Client().get("/public/320000/2025/")
    assert page.status_code == 200
    text = page.content.decode()
    for code in (CONFIRMED, ESTIMATED):
        assert task(code).verification_report.number in text
    assert "维持核查结论" in text and "7235788.39" in text and "139972.80" in text
    assert "皮带秤已于2026年1月补做校准" not in text  # the plant's reason is not public


def test_a_second_run_changes_nothing(campaign):
    before = AuditEntry.objects.count()
    build_results(campaign)
    assert AuditEntry.objects.count() == before
