"""Sampling (核查技术指南 4.4.2): at least 30 % of a population with a recorded seed and principle,
reproducible from the seed; each non-conformity raises the level (30 → 50 → 80 → 100 %) keeping
the records drawn before; a facility under allowance control is checked in full; what the team
finds is stored with its exact difference from the reported value."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.checks import sampling
from tanhe.reports.models import DailyFuelRecord
from tanhe.verification import selectors_onsite
from tanhe.verification.models import Sample, SampleRecord
from tanhe.verification.services import nonconformity
from tanhe.verification.services import sampling as services

from .onsite_setup import *  # noqa: F403  (the fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def daily(task) -> selectors_onsite.Population:
    """The daily coal records of 泰州江畔's 1号机组 (a population of a whole year)."""
    return next(p for p in selectors_onsite.populations(task) if p.key.startswith("daily/"))


def january(population: selectors_onsite.Population) -> selectors_onsite.Population:
    """A month of daily records (31): the test's own population, drawn by the pure engine."""
    records = tuple(r for r in population.records if r.month == 1)
    return selectors_onsite.Population(population.key, population.label, records)


def keys(sample: Sample) -> set[str]:
    return set(sample.records.values_list("key", flat=True))


def test_the_populations_of_the_report(task, daily):
    found = {p.key: p for p in selectors_onsite.populations(task)}
    rows = DailyFuelRecord.objects.filter(report=task.report)
    first = rows.first()
    assert first is not None
    assert daily.key == f"daily/{first.unit_id}/{first.fuel}"
    assert daily.size == rows.filter(unit=first.unit, fuel=first.fuel).count() == 365
    assert "1号机组" in daily.label and "日消耗记录" in daily.label
    record = daily.record(first.day.isoformat())
    assert record.reported == first.quantity and record.month == first.day.month
    generation = [k for k in found if k.startswith("production/") and k.endswith("generation_mwh")]
    assert generation and all(found[k].size == 12 for k in generation)
    assert any(k.startswith("test/") for k in found)
    assert selectors_onsite.population(task, daily.key) == daily
    assert selectors_onsite.population(task, "daily/0/coal") is None


def test_thirty_percent_of_a_month_is_ten_of_thirty_one(daily):
    month = january(daily)
    assert month.size == 31
    drawn = sampling.draw(month.for_sampling(), 30, 12345, "random")
    assert len(drawn) == 10 == sampling.size(30, 31)


def test_a_draw_is_stored_with_its_seed_and_reproduced_from_it(task, member, daily):
    sample = services.draw_sample(member, task, daily.key, "stratified", seed=20251001)
    assert sample.percent == 30 and sample.seed == 20251001 and sample.population_size == 365
    # stratified by month: ceil(30 % × each month's days), e.g. January 10, February 9
    months = [r.month for r in sample.records.all()]
    assert months.count(1) == 10 and months.count(2) == 9
    again = sampling.draw(daily.for_sampling(), sample.percent, sample.seed, sample.principle)
    assert set(again) == keys(sample)
    stored = sample.records.get(key=again[0])
    assert stored.reported == daily.record(again[0]).reported and stored.percent == 30
    entry = AuditEntry.objects.get(action=Action.SAMPLE_DRAW)
    assert "20251001" in entry.note


def test_a_seed_is_chosen_and_recorded_when_none_is_given(task, member, daily):
    sample = services.draw_sample(member, task, daily.key, "random")
    assert 0 <= sample.seed < services.SEED_BELOW
    assert len(keys(sample)) == sampling.size(30, 365) == 110
    with pytest.raises(ValidationError, match="已对"):
        services.draw_sample(member, task, daily.key, "random")


def test_a_non_conformity_takes_the_sample_to_fifty_percent_keeping_the_earlier_records(
    task, member, daily
):
    sample = services.draw_sample(member, task, daily.key, "random", seed=7)
    first = keys(sample)
    sample = services.escalate_for_nonconformity(member, sample, note="3月5日皮带秤读数不符")
    assert sample.percent == 50 and sample.nonconformities == 1
    now = keys(sample)
    assert first < now and len(now) == sampling.size(50, 365)
    assert set(sampling.draw(daily.for_sampling(), 50, 7, "random")) == now
    assert SampleRecord.objects.filter(sample=sample, percent=50).count() == len(now - first)
    sample = services.escalate_for_nonconformity(member, sample)
    assert sample.percent == 80
    sample = services.escalate_for_nonconformity(member, sample)
    sample = services.escalate_for_nonconformity(member, sample)  # at 100 % it still counts
    assert (sample.percent, sample.nonconformities, len(keys(sample))) == (100, 4, 365)
    assert AuditEntry.objects.filter(action=Action.SAMPLE_ESCALATE).count() == 4


def test_a_controlled_facility_is_checked_in_full(task, member, daily):
    sample = services.draw_sample(member, task, daily.key, "risk", controlled=True)
    assert sample.percent == 100 and len(keys(sample)) == 365


def test_the_risk_principle_takes_the_days_furthest_from_their_months_mean(task, member, daily):
    sample = services.draw_sample(member, task, daily.key, "risk", seed=1)
    risks = {r.key: r.risk for r in daily.for_sampling()}
    drawn = keys(sample)
    lowest_drawn = min(risks[k] for k in drawn)
    assert all(risks[k] <= lowest_drawn for k in risks if k not in drawn)


def test_check_record_stores_the_exact_difference(task, member, daily):
    sample = services.draw_sample(member, task, daily.key, "random", seed=3)
    record = sample.records.first()
    assert record is not None
    found = str(Decimal(record.reported) + Decimal("0.1"))
    record = services.check_record(member, record, found, "皮带秤记录")
    assert (
        record.difference == "0.10" and record.found == found
    )  # scale kept and record.checked_by == member
    record = services.check_record(member, record, "0.30", "")
    assert Decimal(record.difference) == Decimal("0.30") - Decimal(record.reported)
    assert record.difference == str(Decimal("0.30") - Decimal(record.reported))
    with pytest.raises(ValidationError, match="核查数值“约100吨”不是数字"):
        services.check_record(member, record, "约100吨")
    with pytest.raises(ValidationError, match="不是数字"):
        services.check_record(member, record, "NaN")
    with pytest.raises(ValidationError, match="核查数值“1e999999999”"):  # no overflow, no 500
        services.check_record(member, record, "1e999999999")
    with pytest.raises(ValidationError, match="核查数值"):  # wider than any reported value
        services.check_record(member, record, "1" * 60)
    assert AuditEntry.objects.filter(action=Action.SAMPLE_CHECK).count() == 2


def test_the_difference_is_exact_beyond_float_precision():
    assert services.difference("0.3", "0.1") == "0.2"
    assert services.difference("12345678901234567890.123", "0.001") == "12345678901234567890.122"
    assert services.difference("1", "") == ""


def test_only_members_sample(task, outsider, daily):
    with pytest.raises(PermissionDenied):
        services.draw_sample(outsider, task, daily.key, "random")
    assert not Sample.objects.exists()


# -- pages --------------------------------------------------------------------------------------
def test_the_page_draws_and_checks_and_a_nonconformity_escalates(client, task, member, daily):
    client.force_login(member)
    page = client.get(reverse("verification:onsite", args=[task.pk]))
    assert page.status_code == 200 and daily.label in page.content.decode()
    client.post(
        reverse("verification:sample_draw", args=[task.pk]),
        {"population": daily.key, "principle": "random", "seed": "99"},
    )
    sample = Sample.objects.get(task=task)
    assert sample.seed == 99 and len(keys(sample)) == 110
    rows = list(sample.records.all()[:2])
    client.post(
        reverse("verification:sample_check", args=[task.pk, sample.pk]),
        {f"found-{rows[0].pk}": rows[0].reported, f"found-{rows[1].pk}": "abc"},
    )
    assert not SampleRecord.objects.exclude(found="").exists()  # all or none
    client.post(
        reverse("verification:sample_check", args=[task.pk, sample.pk]),
        {f"found-{rows[0].pk}": rows[0].reported, f"note-{rows[0].pk}": "一致"},
    )
    checked = SampleRecord.objects.get(pk=rows[0].pk)
    assert Decimal(checked.difference) == 0 and checked.note == "一致"
    nonconformity.create(
        member, task, "3月5日入炉煤量与皮带秤读数不符", "evidence", samples=[sample]
    )
    sample.refresh_from_db()
    assert sample.percent == 50
    page = client.get(reverse("verification:onsite", args=[task.pk]))
    assert f'id="sample-{sample.pk}" data-percent="50"' in page.content.decode()


def test_a_non_member_cannot_sample_and_another_agency_sees_nothing(
    client, task, outsider, other_agency_user, daily
):
    url = reverse("verification:sample_draw", args=[task.pk])
    data = {"population": daily.key, "principle": "random"}
    client.force_login(outsider)
    assert client.post(url, data).status_code == 403
    client.force_login(other_agency_user)
    assert client.post(url, data).status_code == 404
    assert not Sample.objects.exists()
