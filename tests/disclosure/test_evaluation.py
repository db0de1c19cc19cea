"""核查工作结束 and the agency evaluation (附录3): who may close, when; timeliness computed from
the due date; the quality judgement prefilled from the non-conformities; publishing freezes."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tanhe.audit.models import AuditEntry
from tanhe.verification import selectors_evaluation as sel
from tanhe.verification.disclosure_areas import AREA_KEYS, area_of_category, area_of_clause
from tanhe.verification.models import (
    AgencyEvaluation,
    AppealOutcome,
    AppealState,
    NonConformityState,
    PlantEvaluation,
    RecheckConclusion,
)
from tanhe.verification.services import evaluation as services

from .conftest import appeal, notify, recheck, submit, user

pytestmark = pytest.mark.django_db


def test_the_areas_follow_the_guides_clauses_and_categories():
    assert AREA_KEYS == ("basic", "boundary", "method", "data", "quality", "plan", "other")
    assert area_of_clause("5.4.2.1.1") == "data"
    assert area_of_clause("5.1") == "basic"
    assert area_of_clause("5.45") is None
    assert area_of_category("plan") == "plan"
    assert area_of_category("evidence") == "data"
    assert area_of_category("unknown") == "other"


def test_the_campaign_does_not_end_before_every_plant_is_notified(task):
    problems = sel.close_refusals(task.campaign)
    n = task.campaign.tasks.count()
    assert n == 11
    assert problems == [f"还有{n}家重点排放单位未被告知核查结果（告知核查结果后才能结束核查工作）"]
    with pytest.raises(ValidationError) as refused:
        services.close_campaign(user("js-admin"), task.campaign)
    assert refused.value.messages == problems
    task.campaign.refresh_from_db()
    assert task.campaign.closed_at is None


def test_an_undecided_appeal_keeps_the_campaign_open(alone):
    notify(alone, submit(alone))
    filed = appeal(alone, decided=False)
    filed.state = AppealState.ASSESSING
    filed.save()
    assert sel.close_refusals(alone.campaign) == ["还有1项核查复核未作出复核结论"]


def test_only_the_provinces_authority_closes(published):
    for name in ("agency-admin", "hb-reviewer", published.enterprise.credit_code):
        with pytest.raises(PermissionDenied):
            services.close_campaign(user(name), published.campaign)


def test_closing_is_audited_and_once(published):
    campaign = services.close_campaign(user("js-admin"), published.campaign)
    assert campaign.closed_at is not None and campaign.closed_by == user("js-admin")
    entry = AuditEntry.objects.get(action="campaign.close", object_id=str(campaign.pk))
    assert entry.actor == user("js-admin")
    with pytest.raises(ValidationError, match="年度核查工作已于"):
        services.close_campaign(user("js-admin"), campaign)


def test_timeliness_is_the_report_reaching_the_province_by_the_due_date(alone):
    assert alone.due_date == date(2026, 6, 30)
    assert sel.timely(alone) is False  # no report yet
    submit(alone, date(2026, 6, 30))
    assert sel.timely(alone) is True  # on the due date


def test_a_report_after_the_due_date_is_not_timely(alone):
    submit(alone, date(2026, 7, 1))  # a submitted report does not change: a second test
    assert sel.timely(alone) is False


def test_the_quality_is_prefilled_from_the_issued_nonconformities_without_their_text(alone):
    quality = sel.prefilled_quality(alone)
    ncs = list(alone.nonconformities.exclude(state=NonConformityState.DRAFT).order_by("number"))
    assert len(ncs) == 2
    for nc in ncs:
        area = sel._nc_area(nc)
        assert f"不符合项{nc.number}：{nc.category_label}" in quality[area]
        assert nc.description not in "".join(quality.values())
    filled = {k for k, v in quality.items() if v}
    assert filled == {sel._nc_area(nc) for nc in ncs}


def test_the_evaluation_waits_for_the_end_of_the_campaign(published):
    with pytest.raises(ValidationError, match="核查工作结束后才能评价技术服务机构"):
        services.save_evaluation(user("js-admin"), published.campaign, published.agency)


def test_save_and_publish(published):
    campaign = services.close_campaign(user("js-admin"), published.campaign)
    agency = published.agency
    with pytest.raises(ValidationError, match="请先填写并保存"):
        services.publish_evaluation(user("js-admin"), campaign, agency)
    typed = {published.pk: {"data": "燃煤低位发热量检测频次不足", "method": "", "bogus": "x"}}
    evaluation = services.save_evaluation(
        user("js-admin"), campaign, agency, quality_measures="  内部三级审核  ",
        impartiality_measures="年度公正性自查", bad_records="", complaints=1, quality=typed,
    )  # fmt: skip
    assert evaluation.quality_measures == "内部三级审核"
    plant = PlantEvaluation.objects.get(task=published)
    assert plant.timely is True and plant.evaluation == evaluation
    assert plant.quality == {
        k: "燃煤低位发热量检测频次不足" if k == "data" else "" for k in AREA_KEYS
    }
    counts = sel.counts(campaign, agency, evaluation)
    assert (counts.plants, counts.complaints, counts.reports) == (1, 1, 1)
    assert (counts.checked, counts.passed, counts.failed, str(counts.pass_rate)) == (
        1, 1, 0, "100.0",
    )  # fmt: skip
    services.publish_evaluation(user("js-admin"), campaign, agency)
    evaluation.refresh_from_db()
    assert evaluation.published_at is not None
    assert (
        AuditEntry.objects.filter(action="evaluation.save", object_id=str(evaluation.pk)).count()
        == 1
    )
    assert AuditEntry.objects.filter(action="evaluation.publish").count() == 1
    with pytest.raises(ValidationError, match="已公开，不能再修改"):
        services.save_evaluation(user("js-admin"), campaign, agency, complaints=0)
    with pytest.raises(ValidationError, match="已公开"):
        services.publish_evaluation(user("js-admin"), campaign, agency)


def test_the_complaints_are_bounded_by_the_plants_verified(published):
    campaign = services.close_campaign(user("js-admin"), published.campaign)
    for bad in (-1, 2, None):
        with pytest.raises(ValidationError, match="0到1之间的整数"):
            services.save_evaluation(user("js-admin"), campaign, published.agency, complaints=bad)
    assert not AgencyEvaluation.objects.exists()


def test_only_the_authority_evaluates(published):
    campaign = services.close_campaign(user("js-admin"), published.campaign)
    for name in ("agency-admin", "agency-lead", "hb-reviewer"):
        with pytest.raises(PermissionDenied):
            services.save_evaluation(user(name), campaign, published.agency)


def test_a_failed_recheck_and_a_changed_conclusion_count_as_failed(alone):
    report = submit(alone)
    recheck(alone, RecheckConclusion.FAILED)  # before the notification, as 4.7 orders it
    notify(alone, report)
    appeal(alone, AppealOutcome.CHANGED, total="12345.67")
    counts = sel.counts(alone.campaign, alone.agency)
    assert (counts.checked, counts.passed, counts.failed, str(counts.pass_rate)) == (
        1, 0, 1, "0.0",
    )  # fmt: skip
    assert counts.failures == [
        (alone.enterprise.name, "复查意见-不得公开-5d0e；经核查复核变更核查结论")
    ]
