"""Keeping a verification's records (guide 4.8): the one place that says when a verification is
*closed*, which of its tables are kept and by whom, and how long.

**Closed** (:func:`is_closed`, and the same rule in SQL in ``retention_sql``): the result has
been notified to the plant (a ``Notification`` exists) or the province's campaign is closed
(核查工作结束), and no 复核 is pending (every ``Appeal`` is decided). A closed verification's
rows are neither changed nor deleted, and none is added — with two exceptions the guide's flow
needs: the plant acknowledges the notification (its ``acknowledged_*`` columns, once), and the
plant files a 复核 (an ``Appeal`` inserted as ``filed``; its 7-working-day window is the appeal
service's rule), which reopens the verification until the appeal is decided.

**Kept**: every table in :data:`KEPT`, by its holder (the agency: 10 years; the authority: 5;
dated periods in ``retention.toml``), counted from the campaign's close. Once a verification is
closed, or its campaign is, a row is deleted only after its holder's period has run out.

The guard runs twice: :func:`connect` hooks it to the ORM (every save, delete and many-to-many
change of a kept model is refused with a message naming the rule), and database triggers
generated from :data:`KEPT` (``retention_sql``, migration ``0005_archive_retention``) refuse
what bypasses the ORM (``QuerySet.update``, raw SQL, a shell).
"""

from __future__ import annotations

import calendar
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Appeal, AppealState, Campaign, Notification, Task

FILE = Path(__file__).with_name("retention.toml")
AGENCY = "agency"
AUTHORITY = "authority"
HOLDERS = (AGENCY, AUTHORITY)


# -- the periods ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Period:
    since: int  # the first campaign year it applies to
    years: int
    source: str
    source_en: str


@cache
def _periods() -> dict[str, tuple[Period, ...]]:
    data = tomllib.loads(FILE.read_text(encoding="utf-8"))
    return {
        holder: tuple(sorted((Period(**e) for e in data[holder]["values"]), key=lambda p: p.since))
        for holder in HOLDERS
    }


def periods(holder: str) -> tuple[Period, ...]:
    return _periods()[holder]


def period_for(holder: str, year: int) -> Period | None:
    """The period in force for a campaign of ``year`` (the latest entry starting at or before
    it); ``None``: no document says, the records are kept."""
    found = None
    for period in periods(holder):
        if period.since <= year:
            found = period
    return found


def _plus_years(day: date, years: int) -> date:
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def kept_until(task: Task, holder: str) -> date | None:
    """The first day the holder's records of ``task`` may be deleted: the campaign's close plus
    the period. ``None`` while the campaign is open or when no period applies."""
    campaign = Campaign.objects.get(pk=task.campaign_id)
    period = period_for(holder, campaign.year)
    if campaign.closed_at is None or period is None:
        return None
    return _plus_years(timezone.localdate(campaign.closed_at), period.years)


# -- what is kept ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Kept:
    """A table of the verification: ``path``, the foreign keys from it to the task (empty: the
    task itself); ``holder``: whose record it is (whose period applies)."""

    model: str
    path: tuple[str, ...]
    holder: str


def _agency(model: str, *path: str) -> Kept:
    return Kept(f"verification.{model}", path, AGENCY)


def _authority(model: str, *path: str) -> Kept:
    return Kept(f"verification.{model}", path, AUTHORITY)


KEPT: tuple[Kept, ...] = (
    _agency("Task"),
    _agency("Declaration", "task"),
    _agency("TeamMember", "task"),
    _agency("ChecklistItem", "task"),
    _agency("ItemRecord", "item", "task"),
    _agency("ItemRecord_files", "itemrecord", "item", "task"),
    _agency("FindingReview", "task"),
    _agency("OnsitePlan", "task"),
    _agency("Sample", "task"),
    _agency("SampleRecord", "sample", "task"),
    _agency("NonConformity", "task"),
    _agency("NonConformity_items", "nonconformity", "task"),
    _agency("NonConformity_findings", "nonconformity", "task"),
    _agency("NonConformity_samples", "nonconformity", "task"),
    _agency("NonConformity_files", "nonconformity", "task"),
    _agency("Answer", "nonconformity", "task"),
    _agency("Answer_files", "answer", "nonconformity", "task"),
    _agency("ConfirmedValue", "task"),
    _agency("ConservativeEstimate", "task"),
    _agency("VerificationReport", "task"),
    _agency("ReviewRound", "report", "task"),
    _agency("ReviewComment", "round", "report", "task"),
    _authority("Recheck", "task"),
    _authority("Notification", "task"),
    _authority("Appeal", "task"),
    _authority("Appeal_evidence", "appeal", "task"),
)
# tables hanging from the task that stay writable once it is closed, and why
EXEMPT: dict[str, str] = {
    "verification.PlantEvaluation": (
        "the authority's evaluation of the agency (附录3) is written after the campaign closes; "
        "it is a record of the evaluation, not of the verification"
    ),
}
# columns of a closed verification's notification the plant still writes once (确认收悉)
ACKNOWLEDGEMENT = ("acknowledged_by", "acknowledged_at")


def kept(label: str) -> Kept | None:
    for entry in KEPT:
        if entry.model == label:
            return entry
    return None


# -- the rule -------------------------------------------------------------------------------------
def is_closed(task_id: int) -> bool:
    """Whether the verification of task ``task_id`` is closed (see the module's docstring)."""
    if Appeal.objects.filter(task_id=task_id).exclude(state=AppealState.DECIDED).exists():
        return False
    return Notification.objects.filter(task_id=task_id).exists() or _campaign_closed(task_id)


def _campaign_closed(task_id: int) -> bool:
    """核查工作结束: the task's campaign is closed."""
    return Task.objects.filter(pk=task_id, campaign__closed_at__isnull=False).exists()


def closed_error() -> ValidationError:
    return ValidationError(
        _(
            "核查已结束（结果已告知且无待决的复核，或年度核查工作已结束），核查记录不能再修改、"
            "删除或增加（核查技术指南4.8）"
        )
    )


def require_open(task_id: int) -> None:
    """Refuse a change of a closed verification."""
    if is_closed(task_id):
        raise closed_error()


def require_deletable(task: Task, holder: str, today: date | None = None) -> None:
    """Refuse deleting the holder's record of ``task`` before its period has run out (once the
    verification or its campaign is closed)."""
    today = today or timezone.localdate()
    if not (is_closed(task.pk) or _campaign_closed(task.pk)):
        return
    until = kept_until(task, holder)
    if until is None:
        raise ValidationError(
            _("核查记录须保存，年度核查工作结束后按保存期限起算（核查技术指南4.8），现在不能删除")
        )
    if today < until:
        raise ValidationError(
            _(
                "核查记录须保存至%(until)s（%(holder)s保存期限，自年度核查工作结束起算，核查技术指南4.8），此前不能删除"
            )
            % {
                "until": until.isoformat(),
                "holder": _("技术服务机构") if holder == AGENCY else _("省级生态环境主管部门"),
            }
        )


# -- the ORM guard --------------------------------------------------------------------------------
def task_id_of(obj: models.Model, entry: Kept) -> int | None:
    """The task a row of ``entry`` belongs to, following its path by ids."""
    if not entry.path:
        return None if obj.pk is None else int(obj.pk)
    target: Any = obj
    for name in entry.path[:-1]:
        target = getattr(target, name)
        if target is None:
            return None
    value = getattr(target, f"{entry.path[-1]}_id")
    return int(value) if value is not None else None


def _only_acknowledged(obj: models.Model) -> bool:
    """A notification's save that only records the plant's acknowledgement, once."""
    old = Notification.objects.filter(pk=obj.pk).first()
    if old is None or old.acknowledged_at is not None:
        return False
    skip = {"id", *ACKNOWLEDGEMENT}
    return all(
        getattr(old, f.attname) == getattr(obj, f.attname)
        for f in Notification._meta.concrete_fields
        if f.name not in skip
    )


def _on_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    entry = kept(sender._meta.label)
    if entry is None or kwargs.get("raw"):
        return
    task_id = task_id_of(instance, entry)
    if task_id is None or not is_closed(task_id):
        return
    if instance._state.adding:
        if isinstance(instance, Appeal) and instance.state == AppealState.FILED:
            return  # the plant's 复核 application reopens the verification
    elif isinstance(instance, Notification) and _only_acknowledged(instance):
        return
    raise closed_error()


def _on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    entry = kept(sender._meta.label)
    task_id = task_id_of(instance, entry) if entry else None
    if entry is not None and task_id is not None:
        require_deletable(Task(pk=task_id, campaign_id=_campaign_of(task_id)), entry.holder)


def _campaign_of(task_id: int) -> int:
    return int(Task.objects.values_list("campaign_id", flat=True).get(pk=task_id))


def _on_m2m(sender: type[models.Model], instance: models.Model, action: str, **kwargs: Any) -> None:
    if not action.startswith("pre_"):
        return
    entry = kept(sender._meta.label)
    owner = kept(type(instance)._meta.label)
    if entry is None or owner is None:
        return  # from the file's side: the triggers decide
    task_id = task_id_of(instance, owner)
    if task_id is not None and is_closed(task_id):
        raise closed_error()


def connect() -> None:
    """Hook the guard to every kept model (``VerificationConfig.ready``)."""
    from django.apps import apps

    for entry in KEPT:
        model = apps.get_model(entry.model)
        uid = f"retention:{entry.model}"
        if model._meta.auto_created:  # a many-to-many table
            m2m_changed.connect(_on_m2m, sender=model, dispatch_uid=uid)
        else:
            pre_save.connect(_on_save, sender=model, dispatch_uid=uid)
            pre_delete.connect(_on_delete, sender=model, dispatch_uid=uid)
