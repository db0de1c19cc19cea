"""Reads for the accounts pages (views never build querysets themselves). Lists are filtered by
the same rules the services enforce (:mod:`tanhe.accounts.permissions`)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import (
    ROLES_BY_KIND,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Province,
    Role,
    User,
)
from tanhe.audit.models import AuditEntry


def provinces() -> QuerySet[Province]:
    return Province.objects.order_by("code")


def authority_province(user: User) -> Province | None:
    """The province whose 名录 ``user`` manages, or ``None``."""
    if not perm.is_authority_user(user):
        return None
    assert user.organisation is not None
    return user.organisation.province


def registry_enterprises(
    user: User, *, status: str = "", query: str = ""
) -> QuerySet[Organisation]:
    """Enterprises of the authority user's province (none for anyone else), with a flag
    ``has_account`` for whether the reporting account exists."""
    province = authority_province(user)
    if province is None:
        return Organisation.objects.none()
    enterprises = Organisation.objects.filter(
        kind=OrganisationKind.ENTERPRISE, province=province
    ).annotate(
        has_account=Exists(
            User.objects.filter(organisation=OuterRef("pk"), is_enterprise_account=True)
        )
    )
    if status in OrganisationStatus.values:
        enterprises = enterprises.filter(status=status)
    elif status == "registry":
        enterprises = enterprises.filter(in_registry=True)
    elif status == "self":
        enterprises = enterprises.filter(in_registry=False)
    if query.strip():
        q = query.strip()
        enterprises = enterprises.filter(Q(name__icontains=q) | Q(credit_code__icontains=q))
    return enterprises.order_by("name", "pk")


def pending_registrations(user: User) -> QuerySet[Organisation]:
    """Self-registrations of the authority user's province waiting for approval, oldest first,
    with their reporting account (contact person) prefetched."""
    province = authority_province(user)
    if province is None:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(
            kind=OrganisationKind.ENTERPRISE,
            province=province,
            status=OrganisationStatus.PENDING,
        )
        .prefetch_related("users")
        .order_by("created_at", "pk")
    )


def registry_counts(user: User) -> dict[str, int]:
    """How many enterprises of the province are pending, active, rejected, in the 名录."""
    enterprises = registry_enterprises(user)
    counts = dict.fromkeys(OrganisationStatus.values, 0)
    for status in enterprises.values_list("status", flat=True):
        counts[status] += 1
    counts["registry"] = enterprises.filter(in_registry=True).count()
    counts["total"] = sum(counts[s] for s in OrganisationStatus.values)
    return counts


def enterprise_for_review(pk: int) -> Organisation:
    """An enterprise by id, or 404; whether the user may act on it is the service's check."""
    return get_object_or_404(Organisation, pk=pk, kind=OrganisationKind.ENTERPRISE)


def members(organisation: Organisation) -> QuerySet[User]:
    """The people of an organisation with their roles prefetched."""
    return (
        User.objects.filter(organisation=organisation)
        .prefetch_related("roles")
        .order_by("-is_active", "username")
    )


def member_of(admin: User, pk: int) -> User:
    """A member of the admin's own organisation, or 404 (other organisations' people are not
    confirmed to exist)."""
    return get_object_or_404(User, pk=pk, organisation_id=admin.organisation_id)


def role_choices(organisation: Organisation) -> list[tuple[str, str]]:
    """The roles an organisation of this kind can give, as form choices."""
    return [(role, str(Role(role).label)) for role in ROLES_BY_KIND.get(organisation.kind, ())]


def reporting_account(enterprise: Organisation) -> User | None:
    return enterprise.users.filter(is_enterprise_account=True).first()


def latest_rejection(enterprise: Organisation) -> AuditEntry | None:
    """The authority's last refusal of the registration (its ``note`` is the reason)."""
    return (
        AuditEntry.objects.filter(
            action="enterprise.reject",
            object_type=Organisation._meta.label_lower,
            object_id=str(enterprise.pk),
        )
        .order_by("-at", "-id")
        .first()
    )
