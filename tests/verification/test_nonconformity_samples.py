"""A non-conformity linked to a sample enlarges it (核查技术指南 4.4.2: 30 % → 50 % → 80 % → 100 %)
keeping the records drawn before; the non-conformity form offers the task's checklist items
(不符合 first), findings and samples, and the list shows what each item rests on."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.checks import checklist, sampling
from tanhe.checks.findings import Finding
from tanhe.checks.run import finding_dict
from tanhe.verification import selectors_nonconformity as snc
from tanhe.verification import selectors_onsite
from tanhe.verification.models import Conclusion, FindingReview, Sample, SampleRecord
from tanhe.verification.services import nonconformity as nc_services
from tanhe.verification.services import review
from tanhe.verification.services import sampling as sampling_services

from .onsite_setup import *  # noqa: F403  (the fixtures)
from .onsite_setup import user

pytestmark = pytest.mark.django_db
SEED = 20251207


@pytest.fixture
def reviewed(task, leader):
    """The task's document review started by its leader (a technical reviewer named)."""
    task.state, task.technical_reviewer = "accepted", user("agency-tech")
    task.save()
    review.start_review(leader, task)
    task.refresh_from_db()
    return task


@pytest.fixture
def finding(reviewed) -> FindingReview:
    """泰州江畔's submitted report gives the engine nothing to find: a finding of the kind it
    gives (running hours above the month's calendar hours) attached to its item, as the
    review's start attaches them."""
    unit = reviewed.report.plan_version.units.get(name="2号机组")
    found = Finding("range.running_hours", unit.name, None, 2, "running_hours", "700", "672")
    key = checklist.item_for_finding(found.rule, str(unit.pk), None)
    data = finding_dict(found)
    return FindingReview.objects.create(
        task=reviewed, item=reviewed.checklist.get(key=key), rule=found.rule,
        severity=data["severity"], finding=data,
    )  # fmt: skip


@pytest.fixture
def sample(reviewed, member) -> Sample:
    daily = next(p for p in selectors_onsite.populations(reviewed) if p.key.startswith("daily/"))
    return sampling_services.draw_sample(member, reviewed, daily.key, "random", seed=SEED)


def keys(sample: Sample, percent: int | None = None) -> set[str]:
    records = sample.records.all() if percent is None else sample.records.filter(percent=percent)
    return set(records.values_list("key", flat=True))


def test_a_non_conformity_linked_to_a_sample_takes_it_to_fifty_percent(
    reviewed, member, sample, finding
):
    drawn = keys(sample)
    assert sample.percent == 30 and len(drawn) == sampling.size(30, 365) == 110
    item = finding.item
    nc = nc_services.create(
        member, reviewed, "3月5日入炉煤量与皮带秤累计读数不一致", "evidence",
        items=[item], findings=[finding], samples=[sample],
    )  # fmt: skip
    sample.refresh_from_db()
    assert (sample.percent, sample.nonconformities) == (50, 1)
    now = keys(sample)
    assert drawn < now and len(now) == sampling.size(50, 365)
    assert keys(sample, 30) == drawn  # the earlier records are kept, with the level that drew them
    assert SampleRecord.objects.filter(sample=sample, percent=50).count() == len(now - drawn)
    again = sampling.draw(
        selectors_onsite.population(reviewed, sample.population).for_sampling(), 50, SEED, "random"
    )
    assert set(again) == now  # reproducible from the recorded seed
    assert list(nc.samples.all()) == [sample] and list(nc.items.all()) == [item]
    escalation = AuditEntry.objects.get(action=Action.SAMPLE_ESCALATE, object_id=str(sample.pk))
    assert escalation.changes["percent"] == [30, 50]


def test_the_form_links_items_findings_and_samples_and_the_list_shows_them(
    client, reviewed, member, sample, finding
):
    review.decide_finding(member, reviewed, finding, "confirmed", "2月运行小时数超过当月日历小时数")
    flagged = reviewed.checklist.exclude(pk=finding.item_id).first()
    review.conclude(member, reviewed, flagged, Conclusion.NONCONFORMS, "未提供检定证书")
    choices = snc.item_choices(reviewed)
    assert [c.pk for c in choices.flagged] == sorted(
        [finding.item_id, flagged.pk],
        key=lambda pk: (reviewed.checklist.get(pk=pk).position, pk),
    )
    others = {c.pk for _heading, group in choices.others for c in group}
    assert finding.item_id not in others and flagged.pk not in others
    assert len(others) + 2 == reviewed.checklist.count()

    client.force_login(member)
    url = reverse("verification:nonconformities", args=[reviewed.pk])
    page = client.get(url).content.decode()
    assert f'name="samples" value="{sample.pk}"' in page
    assert "（已抽样 30%，110条）" in page
    response = client.post(
        reverse("verification:nc_create", args=[reviewed.pk]),
        {
            "description": "3月入炉煤量日记录与皮带秤累计读数不一致",
            "category": "evidence",
            "items": [str(flagged.pk), "x"],  # an id that is not one is ignored
            "findings": [str(finding.pk)],
            "samples": [str(sample.pk)],
        },
    )
    assert response.status_code == 302
    nc = reviewed.nonconformities.get()
    assert list(nc.items.all()) == [flagged] and list(nc.findings.all()) == [finding]
    sample.refresh_from_db()
    assert sample.percent == 50
    page = client.get(url).content.decode()
    assert 'class="nc-sample" data-percent="50"' in page
    assert "（已抽样 50%，183条）" in page
    assert "运行小时数700 h超过当月日历小时数672 h" in page  # the finding in words


def test_a_sample_not_of_the_task_is_not_linked(client, reviewed, member, sample):
    client.force_login(member)
    client.post(
        reverse("verification:nc_create", args=[reviewed.pk]),
        {"description": "边界不完整", "category": "boundary", "samples": [str(sample.pk + 999)]},
    )
    sample.refresh_from_db()
    assert sample.percent == 30 and reviewed.nonconformities.get().samples.count() == 0
