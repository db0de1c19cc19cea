"""Reads of the arrangement pages: a province's campaigns, a campaign's progress (counts per
state, the overdue tasks), the agencies a task can go to, an agency's tasks; and the years a
plant's stored file belongs to (access follows assignment: an agency reads the evidence of the
years whose task it holds)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tanhe.accounts.models import Organisation, OrganisationKind, OrganisationStatus, Role, User

from .models import Campaign, Task, TaskState
from .models.arrangement import HELD_STATES
from .models.team import Declaration


def campaigns_of(province_id: int) -> QuerySet[Campaign]:
    return Campaign.objects.filter(province_id=province_id).annotate(
        task_count=Count("tasks"),
        unassigned=Count("tasks", filter=Q(tasks__state=TaskState.UNASSIGNED)),
        confirmed=Count("tasks", filter=Q(tasks__state=TaskState.CONFIRMED)),
        missing_reports=Count("tasks", filter=Q(tasks__report__isnull=True)),
    )


def campaign_tasks(campaign: Campaign) -> QuerySet[Task]:
    return campaign.tasks.select_related("enterprise", "report", "agency").order_by(
        "enterprise__name", "pk"
    )


def state_counts(tasks: list[Task]) -> list[tuple[str, str, int]]:
    """(state, label, count) for every state, in the workflow's order."""
    return [
        (state.value, str(state.label), sum(1 for t in tasks if t.state == state))
        for state in TaskState
    ]


def is_overdue(task: Task, today: datetime.date | None = None) -> bool:
    """Past its due date and its values not yet confirmed."""
    today = today or timezone.localdate()
    return bool(task.due_date and task.due_date < today and task.state != TaskState.CONFIRMED)


def overdue(tasks: list[Task]) -> list[Task]:
    today = timezone.localdate()
    return [t for t in tasks if is_overdue(t, today)]


def agencies() -> QuerySet[Organisation]:
    """The agencies a task can be given to: active 技术服务机构 (the authority's own institution
    is registered as one)."""
    return Organisation.objects.filter(
        kind=OrganisationKind.AGENCY, status=OrganisationStatus.ACTIVE
    ).order_by("name")


def agency_tasks(agency: Organisation) -> QuerySet[Task]:
    """The tasks ``agency`` holds, the ones waiting for its answer first."""
    return (
        Task.objects.filter(agency=agency, state__in=HELD_STATES)
        .select_related("campaign", "campaign__province", "enterprise", "report")
        .order_by("-campaign__year", "enterprise__name", "pk")
    )


def agency_people(task: Task, *roles: str) -> list[User]:
    """The active people of the task's agency with one of ``roles``."""
    if task.agency_id is None:
        return []
    people = User.objects.filter(organisation_id=task.agency_id, is_active=True).order_by(
        "display_name", "username"
    )
    return [p for p in people if p.has_role(*roles)]


def _conflicted(task: Task) -> set[int]:
    """People who declared a conflict with the task's plant (they stay out of it)."""
    return set(refused_declarations(task).values_list("person_id", flat=True))


def team_candidates(task: Task) -> list[User]:
    """Who may still join the team: the agency's verifiers not on it, not its reviewer and
    not in conflict with the plant."""
    out = set(task.members.values_list("person_id", flat=True)) | _conflicted(task)
    return [
        p
        for p in agency_people(task, Role.LEAD_VERIFIER, Role.VERIFIER)
        if p.pk not in out and p.pk != task.technical_reviewer_id
    ]


def reviewer_candidates(task: Task) -> list[User]:
    out = set(task.members.values_list("person_id", flat=True)) | _conflicted(task)
    return [p for p in agency_people(task, Role.TECHNICAL_REVIEWER) if p.pk not in out]


def refused_declarations(task: Task) -> QuerySet[Declaration]:
    """The declarations that did not clear their person (kept: they are why)."""
    return (
        task.declarations.filter(member__isnull=True)
        .filter(Q(no_service=False) | Q(no_employment=False) | Q(no_family_tie=False))
        .select_related("person")
    )


def file_years(stored: Any) -> set[int] | None:
    """The reporting years a plant's stored file belongs to (a report's attachment or stamped
    scan, a value's supporting file, its answer to a non-conformity); ``None`` for a file of no
    year (the plan's attachments)."""
    from tanhe.reports.models import Report, ReportEvidence, ValueEvidence

    from .models import Answer

    years = set(ReportEvidence.objects.filter(file=stored).values_list("report__year", flat=True))
    years |= set(ValueEvidence.objects.filter(file=stored).values_list("year", flat=True))
    years |= set(Report.objects.filter(stamped_pdf=stored).values_list("year", flat=True))
    years |= set(
        Answer.objects.filter(files=stored).values_list(
            "nonconformity__task__campaign__year", flat=True
        )
    )
    return years or None
