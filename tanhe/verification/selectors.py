"""Reads of the verification workflow that several pages, permissions and services share."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from tanhe.accounts.models import Organisation

from .models import NonConformity, NonConformityState, Notification, Task
from .models.arrangement import HELD_STATES


def held_tasks(agency: Organisation) -> QuerySet[Task]:
    """The tasks ``agency`` holds: assigned to it and not declined (access follows them)."""
    return Task.objects.filter(agency=agency, state__in=HELD_STATES)


def file_shared_with(user: Any, stored: Any) -> bool:
    """Whether ``stored`` (a file of another organisation) belongs to a verification record both
    sides see: the team's evidence of a non-conformity issued to ``user``'s enterprise, or the
    plant's answer files to the agency holding the task."""
    org_id = getattr(user, "organisation_id", None)
    if org_id is None:
        return False
    shown = NonConformity.objects.exclude(state=NonConformityState.DRAFT).filter(
        Q(files=stored) | Q(answers__files=stored)
    )
    if shown.filter(Q(task__enterprise_id=org_id) | Q(task__agency_id=org_id)).exists():
        return True
    # the verification report notified to the plant (guide 4.7: 书面告知)
    notified = Notification.objects.filter(Q(report__docx=stored) | Q(report__pdf=stored))
    return notified.filter(task__enterprise_id=org_id).exists()


def task_progress(task: Task) -> dict[str, int]:
    """Counts an overview shows: team members, checklist items (concluded), findings (decided),
    samples, non-conformities (open), confirmed values."""
    items = task.checklist.all()
    findings = task.findings.all()
    ncs = task.nonconformities.all()
    return {
        "members": task.members.count(),
        "items": items.count(),
        "items_concluded": items.exclude(conclusion="").count(),
        "findings": findings.count(),
        "findings_decided": findings.exclude(decision="").count(),
        "samples": task.samples.count(),
        "nonconformities": ncs.count(),
        "nonconformities_open": ncs.exclude(
            state__in=(NonConformityState.CLOSED, NonConformityState.REJECTED)
        ).count(),
        "values": task.confirmed_values.count(),
    }
