"""Reads of the archive (guide 4.8): every kept record of a verification (``retention.KEPT``) as
plain JSON-ready rows, the files they reference, the audit trail concerning them, and what the
archive page shows. The rows are ordered by key and every value is written one way, so the same
data give the same bytes (``services/archive.build_archive``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.documents.models import StoredFile
from tanhe.reports.labels import english

from . import retention
from .models import Campaign, Task, VerificationReport
from .services._common import is_authority

Row = dict[str, Any]


def plain(value: Any) -> Any:
    """One JSON form per kind of value."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def row_of(obj: models.Model) -> Row:
    return {f.attname: plain(getattr(obj, f.attname)) for f in obj._meta.concrete_fields}


def _rows(model: type[models.Model], lookup: dict[str, Any]) -> list[models.Model]:
    return list(model._default_manager.filter(**lookup).order_by("pk"))


def kept_rows(task: Task) -> dict[str, list[models.Model]]:
    """The task's rows of every kept table (label → rows by key), the campaign's row with them."""
    found: dict[str, list[models.Model]] = {
        "verification.Campaign": _rows(Campaign, {"pk": task.campaign_id})
    }
    for entry in retention.KEPT:
        model = apps.get_model(entry.model)
        lookup = {"__".join(entry.path): task.pk} if entry.path else {"pk": task.pk}
        found[entry.model] = _rows(model, lookup)
    return found


def file_ids(rows: dict[str, list[models.Model]]) -> set[int]:
    """The stored files the rows reference (foreign keys and many-to-many rows)."""
    ids: set[int] = set()
    for objs in rows.values():
        for obj in objs:
            for field in obj._meta.concrete_fields:
                if field.is_relation and field.related_model is StoredFile:
                    value = getattr(obj, field.attname)
                    if value is not None:
                        ids.add(int(value))
    return ids


def referenced_files(rows: dict[str, list[models.Model]]) -> list[StoredFile]:
    return list(StoredFile.objects.filter(pk__in=file_ids(rows)).order_by("pk"))


def audit_trail(rows: dict[str, list[models.Model]], files: list[StoredFile]) -> list[AuditEntry]:
    """The audit rows concerning the archived objects and files, oldest first. Exports of the
    archive are not part of the record (each would change the next archive)."""
    keys: dict[str, set[str]] = defaultdict(set)
    groups: list[list[Any]] = [*rows.values(), list(files)]
    for objs in groups:
        for obj in objs:
            keys[obj._meta.label_lower].add(str(obj.pk))
    if not keys:
        return []
    match = Q()
    for object_type, object_ids in sorted(keys.items()):
        match |= Q(object_type=object_type, object_id__in=sorted(object_ids))
    return list(
        AuditEntry.objects.filter(match).exclude(action=Action.ARCHIVE_EXPORT).order_by("at", "pk")
    )


def report_of(task: Task) -> VerificationReport | None:
    return VerificationReport.objects.filter(task=task).select_related("docx", "pdf").first()


# -- who may export, and the page -----------------------------------------------------------------
def may_export(actor: User, task: Task) -> bool:
    """The province's authority and the agency holding the task (both keep the records, 4.8)."""
    agency = perm.agency_of(actor)
    return is_authority(actor, task) or (agency is not None and agency.pk == task.agency_id)


@dataclass(frozen=True)
class Holding:
    holder: str
    label: str
    years: int | None
    until: date | None
    source: str


@dataclass(frozen=True)
class Summary:
    closed: bool
    campaign_closed: bool
    holdings: list[Holding]
    counts: list[tuple[str, int]]  # (table's verbose name, rows)
    files: int


def summary(task: Task) -> Summary:
    from django.utils.translation import gettext as _

    rows = kept_rows(task)
    labels = {retention.AGENCY: _("技术服务机构"), retention.AUTHORITY: _("省级生态环境主管部门")}
    holdings = []
    for holder in retention.HOLDERS:
        period = retention.period_for(holder, task.campaign.year)
        holdings.append(
            Holding(
                holder,
                labels[holder],
                period.years if period else None,
                retention.kept_until(task, holder),
                (period.source_en if english() else period.source) if period else "",
            )
        )
    counts = [
        (str(apps.get_model(label)._meta.verbose_name), len(objs))
        for label, objs in rows.items()
        if objs and not apps.get_model(label)._meta.auto_created
    ]
    return Summary(
        closed=retention.is_closed(task.pk),
        campaign_closed=task.campaign.closed_at is not None,
        holdings=holdings,
        counts=counts,
        files=len(file_ids(rows)),
    )
