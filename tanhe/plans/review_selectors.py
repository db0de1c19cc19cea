"""Reads for the authority's review pages that ``selectors`` does not have: the province's list
in review order, and the audit trail of one version."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from tanhe.accounts.models import User
from tanhe.audit.models import AuditEntry
from tanhe.plans.models import PlanState, PlanVersion
from tanhe.plans.selectors import review_queue

# Rows of a version's sections; their audit rows carry the row's id, not the version's.
SECTION_TYPES = (
    "plans.planbasicinfo",
    "plans.planunit",
    "plans.planfacility",
    "plans.planmethod",
    "plans.planattachment",
)
REVIEW_STATES = (PlanState.SUBMITTED, PlanState.RETURNED, PlanState.APPROVED)


def state_counts(user: User) -> dict[str, int]:
    """Versions in the user's review queue per state."""
    rows = review_queue(user).order_by().values("state").annotate(n=Count("id"))
    counts = {str(state): 0 for state in REVIEW_STATES}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def review_list(user: User, *, state: str = "", query: str = "") -> QuerySet[PlanVersion]:
    """The queue, waiting ones first (then returned, then approved), latest submission first."""
    rows = review_queue(user)
    if state:
        rows = rows.filter(state=state)
    if query:
        rows = rows.filter(
            Q(enterprise__name__icontains=query) | Q(enterprise__credit_code__icontains=query)
        )
    return rows.annotate(
        waiting=Case(
            When(state=PlanState.SUBMITTED, then=Value(0)),
            When(state=PlanState.RETURNED, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("waiting", "-submitted_at", "enterprise__name", "-number")


def version_audit(version: PlanVersion) -> QuerySet[AuditEntry]:
    """The audit rows of ``version``, newest first.

    Rows on the version itself carry its id. Rows on its sections (units, facilities, methods …)
    carry the row's id, and a deleted row's id belongs to no version any more; but an enterprise
    edits one version at a time (a revision needs the previous version approved, and approved is
    final), so a section row written between this version's creation and the next version's
    belongs to this version.
    """
    window = Q(at__gte=version.created_at)
    following = (
        PlanVersion.objects.filter(enterprise_id=version.enterprise_id, number__gt=version.number)
        .order_by("number")
        .first()
    )
    if following is not None:
        window &= Q(at__lt=following.created_at)
    own = Q(object_type="plans.planversion", object_id=str(version.pk))
    sections = Q(object_type__in=SECTION_TYPES, organisation_id=version.enterprise_id) & window
    return AuditEntry.objects.filter(own | sections).order_by("-at", "-id")
