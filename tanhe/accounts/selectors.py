"""Reads for the accounts pages (views never build querysets themselves). Lists are filtered by
the same rules the services enforce (:mod:`tanhe.accounts.permissions`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, TypedDict

from django.contrib.auth.hashers import check_password, make_password
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import (
    ROLES_BY_KIND,
    ActivationCode,
    Organisation,
    OrganisationKind,
    Province,
    Registration,
    RegistrationStatus,
    Role,
    User,
)
from tanhe.accounts.services import normalise_credit_code, same_name
from tanhe.audit.models import AuditEntry
from tanhe.inputs import CONTROL_CHARACTERS, has_control_characters
from tanhe.security.models import RefusedAttempt

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def provinces() -> QuerySet[Province]:
    return Province.objects.order_by("code")


def authority_province(user: User) -> Province | None:
    """The province whose 名录 ``user`` manages, or ``None``."""
    if not perm.is_authority_user(user):
        return None
    assert user.organisation is not None
    return user.organisation.province


# Filters of the province's enterprise list (名录 page): key → queryset filter.
ENTERPRISE_FILTERS = ("registry", "self", "with_account", "without_account")


class EnterpriseFlags(TypedDict):
    has_account: bool
    code_expires: datetime | None
    code_id: int | None


def registry_enterprises(
    user: User, *, status: str = "", query: str = ""
) -> QuerySet[WithAnnotations[Organisation, EnterpriseFlags]]:
    """Enterprises of the authority user's province (none for anyone else), flagged
    ``has_account`` (the reporting account is open), ``code_id`` and ``code_expires`` (the
    activation code that can still be used and its expiry, or ``None``)."""
    province = authority_province(user)
    usable = ActivationCode.objects.filter(
        organisation=OuterRef("pk"), used_at=None, revoked_at=None, expires_at__gt=timezone.now()
    ).order_by("-issued_at")
    enterprises = Organisation.objects.filter(
        kind=OrganisationKind.ENTERPRISE, province=province
    ).annotate(
        has_account=Exists(
            User.objects.filter(organisation=OuterRef("pk"), is_enterprise_account=True)
        ),
        code_expires=usable.values("expires_at")[:1],
        code_id=usable.values("pk")[:1],
    )
    if province is None:
        return enterprises.none()
    if status == "registry":
        enterprises = enterprises.filter(in_registry=True)
    elif status == "self":
        enterprises = enterprises.filter(in_registry=False)
    elif status == "with_account":
        enterprises = enterprises.filter(has_account=True)
    elif status == "without_account":
        enterprises = enterprises.filter(has_account=False)
    q = CONTROL_CHARACTERS.sub("", query).strip()  # NUL cannot even be searched for
    if q:
        enterprises = enterprises.filter(Q(name__icontains=q) | Q(credit_code__icontains=q))
    return enterprises.order_by("name", "pk")


def registry_counts(user: User) -> dict[str, int]:
    """How many enterprises of the province: in all, in the 名录, self-registered, with and
    without an account; and how many registrations wait."""
    enterprises = registry_enterprises(user)
    rows = list(enterprises.values_list("in_registry", "has_account"))
    return {
        "total": len(rows),
        "registry": sum(1 for in_registry, _ in rows if in_registry),
        "self": sum(1 for in_registry, _ in rows if not in_registry),
        "with_account": sum(1 for _, has_account in rows if has_account),
        "without_account": sum(1 for _, has_account in rows if not has_account),
        "pending": pending_registrations(user).count(),
    }


@dataclass(frozen=True)
class Claim:
    """A waiting registration beside what the province already knows of its credit code."""

    registration: Registration
    holder: Organisation | None  # the enterprise with this code, if the platform has one
    holder_has_account: bool
    name_matches: bool | None  # None when there is nothing to compare with
    others_waiting: int  # other waiting applications for the same code
    earlier_rejected: int  # applications for the code this province refused before
    holder_elsewhere: bool  # another province holds the code's enterprise: not ours to approve
    region_elsewhere: bool  # the code's region (登记管理机关行政区划码) is in another province


def pending_registrations(user: User) -> QuerySet[Registration]:
    """Applications waiting for the authority user's province, oldest first."""
    province = authority_province(user)
    if province is None:
        return Registration.objects.none()
    return (
        Registration.objects.filter(province=province, status=RegistrationStatus.PENDING)
        .select_related("province")
        .order_by("created_at", "pk")
    )


def claims(user: User) -> list[Claim]:
    """Every waiting application of the province with the registry data side by side."""
    waiting = list(pending_registrations(user))
    codes = {r.credit_code for r in waiting}
    holders = {
        org.credit_code: org
        for org in Organisation.objects.filter(credit_code__in=codes)
        .select_related("province")
        .annotate(
            has_account=Exists(
                User.objects.filter(organisation=OuterRef("pk"), is_enterprise_account=True)
            )
        )
    }
    per_code: dict[str, int] = {}
    for registration in waiting:
        per_code[registration.credit_code] = per_code.get(registration.credit_code, 0) + 1
    rejected: dict[str, int] = {}
    for code in Registration.objects.filter(
        credit_code__in=codes,
        province=authority_province(user),
        status=RegistrationStatus.REJECTED,
    ).values_list("credit_code", flat=True):
        rejected[code] = rejected.get(code, 0) + 1
    result = []
    for registration in waiting:
        holder = holders.get(registration.credit_code)
        result.append(
            Claim(
                registration=registration,
                holder=holder,
                holder_has_account=bool(holder is not None and holder.has_account),
                name_matches=same_name(registration.name, holder.name) if holder else None,
                others_waiting=per_code[registration.credit_code] - 1,
                earlier_rejected=rejected.get(registration.credit_code, 0),
                holder_elsewhere=bool(
                    holder is not None
                    and holder.held
                    and holder.province_id != registration.province_id
                ),
                region_elsewhere=registration.credit_code[2:4] != registration.province.code[:2],
            )
        )
    return result


def registration_for_review(pk: int) -> Registration:
    """An application by id, or 404; whether the user may decide it is the service's check."""
    return get_object_or_404(Registration, pk=pk)


def registration_by_reference(credit_code: str, reference: str) -> Registration | None:
    """The application with this 申请编号 for this credit code (both must match), or ``None``."""
    return Registration.objects.filter(
        credit_code=normalise_credit_code(credit_code),
        reference=reference.strip().upper().replace("-", ""),
    ).first()


def registration_for_login(username: str, password: str) -> Registration | None:
    """The latest application that is not (or not yet) an account, whose credit code and
    password are these: the login page tells its applicant how it stands instead of "wrong
    password". One password check whether or not there is such an application, so that the
    time a failed login takes discloses nothing."""
    latest = (
        Registration.objects.filter(
            credit_code=normalise_credit_code(username),
            status__in=(RegistrationStatus.PENDING, RegistrationStatus.REJECTED),
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is None:
        check_password(password, _dummy_hash())  # the same work as a real check
        return None
    return latest if check_password(password, latest.password) else None


@cache
def _dummy_hash() -> str:
    return make_password("not a password of anyone")


def enterprise_for_authority(pk: int) -> Organisation:
    """An enterprise by id, or 404; whether the user may act on it is the service's check."""
    return get_object_or_404(Organisation, pk=pk, kind=OrganisationKind.ENTERPRISE)


def enterprise_by_code(credit_code: str) -> Organisation | None:
    """The enterprise with this credit code (as typed), or ``None``."""
    return Organisation.objects.filter(
        kind=OrganisationKind.ENTERPRISE, credit_code=normalise_credit_code(credit_code)
    ).first()


USERNAME_MAX = 150


def province_of_username(username: str) -> Province | None:
    """The province of the organisation whose account has this username (a failed login is
    logged for that province's authority), or ``None``."""
    if not username or len(username) > USERNAME_MAX or has_control_characters(username):
        return None
    user = User.objects.filter(username__iexact=username).select_related("organisation").first()
    organisation = user.organisation if user is not None else None
    return organisation.province if organisation is not None else None


def activation_code(pk: int) -> ActivationCode:
    return get_object_or_404(ActivationCode.objects.select_related("organisation"), pk=pk)


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


# Audit actions about who may get in: registrations, activation, the 名录, people and roles.
ACCOUNT_ACTION_PREFIXES = (
    "registration.",
    "activation_code.",
    "account.",
    "registry.",
    "member.",
    "enterprise.",
)


def account_events(user: User) -> QuerySet[AuditEntry]:
    """Audit rows about accounts in the authority user's province, newest first: registrations
    (also those of codes the platform does not know yet), activation codes, opened accounts,
    名录 imports, people and roles of the province's organisations."""
    province = authority_province(user)
    if province is None:
        return AuditEntry.objects.none()
    about_accounts = Q()
    for prefix in ACCOUNT_ACTION_PREFIXES:
        about_accounts |= Q(action__startswith=prefix)
    registrations = Registration.objects.filter(province=province).annotate(
        key=Cast("pk", CharField())
    )
    return (
        AuditEntry.objects.filter(about_accounts)
        .filter(
            Q(organisation__province=province)
            | Q(
                object_type=Registration._meta.label_lower,
                object_id__in=registrations.values("key"),
            )
        )
        .select_related("organisation")
        .order_by("-at", "-id")
    )


def refused_attempts(user: User) -> QuerySet[RefusedAttempt]:
    """Refused attempts the authority user's province should know of, newest first: those
    against its enterprises and records, and those of its own organisations' people."""
    province = authority_province(user)
    if province is None:
        return RefusedAttempt.objects.none()
    return (
        RefusedAttempt.objects.filter(Q(province=province) | Q(organisation__province=province))
        .select_related("organisation")
        .order_by("-at", "-id")
    )
