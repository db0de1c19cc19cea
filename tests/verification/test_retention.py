"""Record keeping (guide 4.8): when a verification is closed, the periods and their end, and the
ORM guard (tanhe/verification/retention.py) that refuses changing a closed verification or
deleting its records before the holder's period has run out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tanhe.verification import retention
from tanhe.verification.models import (
    Appeal,
    AppealState,
    Campaign,
    ConfirmedValue,
    Declaration,
    NonConformity,
    Notification,
    ReviewComment,
    TeamMember,
)

from .archive_setup import *  # noqa: F403
from .archive_setup import appeal, close_campaign, user

CLOSED = "核查已结束"


def refused(match: str):
    """The guard's refusal, in a savepoint (a refused save marks the transaction for rollback)."""
    return _Refused(match)


class _Refused:
    def __init__(self, match: str) -> None:
        self.raises = pytest.raises(ValidationError, match=match)
        self.atomic = transaction.atomic()

    def __enter__(self) -> None:
        self.raises.__enter__()
        self.atomic.__enter__()

    def __exit__(self, *exc):
        self.atomic.__exit__(*exc)
        return self.raises.__exit__(*exc)


def test_the_periods_come_from_the_dated_file():
    assert retention.period_for(retention.AGENCY, 2025).years == 10
    assert retention.period_for(retention.AUTHORITY, 2025).years == 5
    assert "4.8" in retention.period_for(retention.AGENCY, 2025).source
    assert retention.period_for(retention.AGENCY, 2021) is None  # before any entry: kept


def test_kept_until_counts_from_the_campaigns_close(task):
    assert retention.kept_until(task, retention.AGENCY) is None  # campaign still open
    closed_at = datetime(2028, 2, 29, 2, tzinfo=UTC)
    Campaign.objects.filter(pk=task.campaign_id).update(closed_at=closed_at)
    assert retention.kept_until(task, retention.AGENCY) == date(2038, 2, 28)
    assert retention.kept_until(task, retention.AUTHORITY) == date(2033, 2, 28)


def test_closed_means_notified_or_campaign_closed_with_no_appeal_pending(task, notified, plant):
    other = Notification.objects.filter(pk=notified.pk)
    assert retention.is_closed(task.pk)
    filed = appeal(task, plant)  # the plant's 复核 reopens it
    assert not retention.is_closed(task.pk)
    filed.state = AppealState.DECIDED
    filed.outcome = "upheld"
    filed.save()
    assert retention.is_closed(task.pk)
    assert other.exists()


def test_a_confirmed_task_is_open_until_notified_or_the_campaign_closes(task, report):
    assert not retention.is_closed(task.pk)
    value = ConfirmedValue.objects.filter(task=task).first()
    value.reason = "更正说明"
    value.save()  # allowed while open
    close_campaign(task, 0.1)
    assert retention.is_closed(task.pk)


def test_a_closed_verification_is_not_changed_added_to_or_deleted(task, notified, lead):
    value = ConfirmedValue.objects.filter(task=task).first()
    value.reason = "事后修改"
    with refused(CLOSED):
        value.save()
    with refused(CLOSED):
        Declaration.objects.create(
            task=task, person=user("agency-tech"), years=3, no_service=True,
            no_employment=True, no_family_tie=True,
        )  # fmt: skip
    nc = NonConformity.objects.filter(task=task).first()
    with refused(CLOSED):
        nc.samples.clear()
    with refused("现在不能删除"):
        ReviewComment.objects.filter(round__report__task=task).delete()
    with refused("现在不能删除"):
        TeamMember.objects.filter(task=task).first().delete()
    assert ReviewComment.objects.filter(round__report__task=task).count() == 1


def test_the_plant_acknowledges_once_and_files_an_appeal(task, notified, plant):
    notified.acknowledged_by = plant
    notified.acknowledged_at = timezone.now()
    notified.save()  # the one write the notice still takes
    notified.message = "改写"
    with refused(CLOSED):
        notified.save()
    notified.refresh_from_db()
    notified.acknowledged_at = timezone.now()
    with refused(CLOSED):
        notified.save()  # acknowledged already
    with refused(CLOSED):
        appeal(task, plant, state=AppealState.DECIDED)
    filed = appeal(task, plant)
    assert Appeal.objects.filter(task=task).get() == filed


def test_deletion_waits_for_the_holders_period(task, notified):
    close_campaign(task, 9)
    member = TeamMember.objects.filter(task=task).first()
    until = retention.kept_until(task, retention.AGENCY)
    with refused(f"须保存至{until.isoformat()}"):
        retention.require_deletable(task, retention.AGENCY)
    with refused("技术服务机构"):
        member.delete()
    retention.require_deletable(task, retention.AUTHORITY)  # 5 years ran out
    retention.require_deletable(task, retention.AGENCY, today=until)  # the first free day
    Notification.objects.get(pk=notified.pk).delete()  # the authority's record may go
    day_before = retention.kept_until(task, retention.AUTHORITY) - timedelta(days=1)
    with refused("省级生态环境主管部门"):
        retention.require_deletable(task, retention.AUTHORITY, today=day_before)
