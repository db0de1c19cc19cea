"""复核 (guide §6) services: the plant applies within 7 working days of the notification — the
7th working day is accepted, the 8th refused naming the deadline, across 国庆节 and 春节 with
their adjusted working days; the authority starts and ends the technical assessment and decides
within 10 working days after it ended (the 11th refused); a changed conclusion keeps its figures
as exact decimals; every step is audited and only the right people act."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.verification import selectors_appeal as sa
from tanhe.verification.models import Appeal, AppealOutcome, AppealState
from tanhe.verification.services import appeal as services
from tanhe.workdays.calendar import add_working_days
from tests.plans.conftest import PDF

from .appeal_setup import *  # noqa: F403
from .appeal_setup import NOTIFIED_ON, notify, user

pytestmark = pytest.mark.django_db

SEVENTH = date(2026, 10, 12)  # 9/28 9/29 9/30 | 国庆 10/1–10/7 | 10/8 10/9 10/10(调休) 10/12
EIGHTH = date(2026, 10, 13)
ENDED = date(2026, 10, 20)
TENTH = date(2026, 11, 3)  # 10/21 … 10/30 (8), 11/2, 11/3
ELEVENTH = date(2026, 11, 4)


def test_the_deadlines_count_working_days_across_the_national_day(notified):
    assert sa.filing_deadline(notified) == SEVENTH == add_working_days(NOTIFIED_ON, 7)
    appeal = Appeal(assessment_ended_on=ENDED)
    assert sa.decision_deadline(appeal) == TENTH
    assert sa.decision_deadline(Appeal()) is None


def test_the_seventh_working_day_is_accepted(plant, task, notified):
    appeal = services.file_appeal(plant, task, " 确认的燃煤消耗量有误。 ", today=SEVENTH)
    assert (appeal.state, appeal.filed_on, appeal.reason) == (
        AppealState.FILED,
        SEVENTH,
        "确认的燃煤消耗量有误。",
    )
    entry = AuditEntry.objects.get(action=Action.APPEAL_FILE, object_id=str(appeal.pk))
    assert entry.organisation_id == task.enterprise_id
    assert entry.changes["filed_on"] == [None, "2026-10-12"]


def test_the_eighth_working_day_is_refused_naming_the_deadline(plant, task, notified):
    with pytest.raises(ValidationError) as refused:
        services.file_appeal(plant, task, "理由", today=EIGHTH)
    message = refused.value.messages[0]
    assert "2026-10-12" in message and "2026-09-25" in message and "7个工作日" in message
    assert not Appeal.objects.filter(task=task).exists()


def test_the_holidays_do_not_count_the_sunday_before_them_is_still_open(plant, task, notified):
    """10 October 2026 is a Saturday worked (调休); 11 October, a Sunday, lies before the 7th
    working day: an application then is on time."""
    appeal = services.file_appeal(plant, task, "理由", today=date(2026, 10, 11))
    assert appeal.filed_on == date(2026, 10, 11)


def test_the_spring_festival_span(plant, task):
    notification = notify(task, date(2026, 2, 13))
    assert sa.filing_deadline(notification) == date(2026, 3, 2)
    with pytest.raises(ValidationError, match="2026-03-02"):
        services.file_appeal(plant, task, "理由", today=date(2026, 3, 3))
    services.file_appeal(plant, task, "理由", today=date(2026, 3, 2))


def test_no_application_before_the_notification_nor_twice(plant, task):
    with pytest.raises(ValidationError, match="尚未告知"):
        services.file_appeal(plant, task, "理由", today=SEVENTH)
    notify(task)
    with pytest.raises(ValidationError, match="申请复核的理由"):
        services.file_appeal(plant, task, "  ", today=SEVENTH)
    services.file_appeal(plant, task, "理由", today=SEVENTH)
    with pytest.raises(ValidationError, match="只能申请一次"):
        services.file_appeal(plant, task, "理由", today=SEVENTH)


@pytest.mark.parametrize("username", ["js-reviewer", "agency-lead", "agency-admin"])
def test_only_the_plant_applies(task, notified, username):
    with pytest.raises(PermissionDenied):
        services.file_appeal(user(username), task, "理由", today=SEVENTH)


def test_the_evidence_is_stored_for_the_plant(plant, task, notified):
    upload = SimpleUploadedFile("化验报告.pdf", PDF, content_type="application/pdf")
    appeal = services.file_appeal(plant, task, "理由", uploads=[("化验报告.pdf", upload)],
                                  today=SEVENTH)  # fmt: skip
    [stored] = appeal.evidence.all()
    assert stored.owner_id == task.enterprise_id and stored.original_name == "化验报告.pdf"


def test_a_refused_file_is_named(plant, task, notified):
    upload = SimpleUploadedFile("x.exe", b"MZ\x90\x00binary", content_type="application/x-exe")
    with pytest.raises(ValidationError) as refused:
        services.file_appeal(plant, task, "理由", uploads=[("x.exe", upload)], today=SEVENTH)
    assert "uploads" in refused.value.message_dict
    assert not Appeal.objects.filter(task=task).exists()


def _assessed(plant, authority, task, ended=ENDED) -> Appeal:
    services.file_appeal(plant, task, "理由", today=SEVENTH)
    services.start_assessment(authority, task, today=date(2026, 10, 14))
    return services.end_assessment(authority, task, " 专家论证意见。 ", today=ended)


def test_the_assessment_is_started_and_ended_by_the_authority(plant, authority, task, notified):
    services.file_appeal(plant, task, "理由", today=SEVENTH)
    for who in ("agency-lead", "agency-tech", task.enterprise.credit_code, "hb-reviewer"):
        with pytest.raises(PermissionDenied):
            services.start_assessment(user(who), task)
    with pytest.raises(ValidationError, match="不能变为"):
        services.end_assessment(authority, task, "意见", today=ENDED)
    appeal = services.start_assessment(authority, task, today=date(2026, 10, 14))
    assert appeal.state == AppealState.ASSESSING
    assert sa.assessment_started(appeal) == date(2026, 10, 14)
    with pytest.raises(ValidationError, match="技术论证意见"):
        services.end_assessment(authority, task, " ", today=ENDED)
    appeal = services.end_assessment(user("js-admin"), task, " 专家论证意见。 ", today=ENDED)
    assert (appeal.state, appeal.assessment, appeal.assessment_ended_on) == (
        AppealState.ASSESSED,
        "专家论证意见。",
        ENDED,
    )
    assert appeal.assessed_by.username == "js-admin"
    assert (
        AuditEntry.objects.filter(action=Action.APPEAL_ASSESS, object_id=str(appeal.pk)).count()
        == 2
    )


def test_no_decision_before_the_assessment_ended(plant, authority, task, notified):
    services.file_appeal(plant, task, "理由", today=SEVENTH)
    with pytest.raises(ValidationError, match="不能变为"):
        services.decide(authority, task, AppealOutcome.UPHELD, "维持。", today=SEVENTH)
    with pytest.raises(ValidationError, match="尚无复核申请"):
        services.start_assessment(
            authority, type(task).objects.exclude(pk=task.pk).filter(campaign=task.campaign).first()
        )


def test_the_decision_on_the_tenth_working_day_upholds(plant, authority, task, notified):
    _assessed(plant, authority, task)
    appeal = services.decide(authority, task, AppealOutcome.UPHELD, " 维持原核查结论。 ",
                             today=TENTH)  # fmt: skip
    assert (appeal.state, appeal.outcome, appeal.conclusion, appeal.decided_on) == (
        AppealState.DECIDED,
        AppealOutcome.UPHELD,
        "维持原核查结论。",
        TENTH,
    )
    assert appeal.new_figures == {}
    entry = AuditEntry.objects.get(action=Action.APPEAL_DECIDE, object_id=str(appeal.pk))
    assert entry.changes["outcome"] == [None, "upheld"]
    with pytest.raises(ValidationError, match="不能变为"):
        services.decide(authority, task, AppealOutcome.UPHELD, "再次。", today=TENTH)


def test_the_eleventh_working_day_is_refused_naming_the_deadline(plant, authority, task, notified):
    _assessed(plant, authority, task)
    with pytest.raises(ValidationError) as refused:
        services.decide(authority, task, AppealOutcome.UPHELD, "维持。", today=ELEVENTH)
    message = refused.value.messages[0]
    assert "2026-11-03" in message and "2026-10-20" in message and "10个工作日" in message
    assert Appeal.objects.get(task=task).state == AppealState.ASSESSED


def test_only_the_authority_decides(plant, authority, task, notified):
    _assessed(plant, authority, task)
    for who in ("agency-lead", "agency-admin", task.enterprise.credit_code, "hb-reviewer"):
        with pytest.raises(PermissionDenied):
            services.decide(user(who), task, AppealOutcome.UPHELD, "维持。", today=TENTH)


def test_a_changed_conclusion_keeps_exact_figures(plant, authority, task, notified):
    _assessed(plant, authority, task)
    units = sa.notified_units(task)
    assert units, "the confirmed result has units"
    figures = {u.code: {"combustion": "1,000.1", "electricity": "0.2"} for u in units}
    appeal = services.decide(authority, task, AppealOutcome.CHANGED, "变更。", figures=figures,
                             today=TENTH)  # fmt: skip
    n = len(units)
    assert appeal.new_figures["units"][units[0].code] == {
        "combustion": "1000.1",
        "electricity": "0.2",
        "total": "1000.3",
    }
    assert appeal.new_figures["total"] == str(Decimal("1000.3") * n)
    entry = AuditEntry.objects.get(action=Action.APPEAL_DECIDE, object_id=str(appeal.pk))
    assert entry.changes["total"] == [notified.total_emissions, str(Decimal("1000.3") * n)]
    rows = sa.new_figure_rows(appeal)
    assert [(r.code, r.total) for r in rows] == [(u.code, "1000.3") for u in units]


@pytest.mark.parametrize(
    ("combustion", "message"),
    [("abc", "须为不带符号的数字"), ("-1", "须为不带符号的数字"), ("", "请填写"), ("1e3", "数字")],
)
def test_a_changed_conclusion_refuses_bad_figures(plant, authority, task, notified, combustion,
                                                   message):  # fmt: skip
    _assessed(plant, authority, task)
    figures = {u.code: {"combustion": combustion, "electricity": "0"}
               for u in sa.notified_units(task)}  # fmt: skip
    with pytest.raises(ValidationError, match=message):
        services.decide(authority, task, AppealOutcome.CHANGED, "变更。", figures=figures,
                        today=TENTH)  # fmt: skip
    assert Appeal.objects.get(task=task).state == AppealState.ASSESSED


def test_figures_of_another_unit_and_a_missing_outcome_are_refused(plant, authority, task,
                                                                   notified):  # fmt: skip
    _assessed(plant, authority, task)
    figures = {"9号机组": {"combustion": "1", "electricity": "0"}}
    with pytest.raises(ValidationError, match="不属于核查确认的机组"):
        services.decide(authority, task, AppealOutcome.CHANGED, "变更。", figures=figures,
                        today=TENTH)  # fmt: skip
    with pytest.raises(ValidationError, match="请选择复核结论"):
        services.decide(authority, task, "maybe", "变更。", today=TENTH)
    with pytest.raises(ValidationError, match="复核结论说明"):
        services.decide(authority, task, AppealOutcome.UPHELD, " ", today=TENTH)


def test_the_decided_appeals_of_a_campaign_are_listed_for_publication(plant, authority, task,
                                                                       notified):  # fmt: skip
    province, year = task.campaign.province_id, task.campaign.year
    _assessed(plant, authority, task)
    assert sa.decided_appeals(province, year) == []
    appeal = services.decide(authority, task, AppealOutcome.UPHELD, "维持。", today=TENTH)
    assert sa.decided_appeals(province, year) == [appeal]
    assert sa.decided_appeals(province, year + 1) == []
