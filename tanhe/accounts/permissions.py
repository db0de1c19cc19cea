"""Who may see and do what, in one place. Services call these and raise ``PermissionDenied``;
selectors use the same rules to filter what a user may list.

| who | an enterprise's data | plans of a province |
|---|---|---|
| the enterprise's account | read and change its own (drafts only) | — |
| authority 审核人 / 管理员 of province P | read enterprises of P; review their plans | P only |
| agency users | read only, while their agency holds the enterprise's 核查任务 for that year | — |
| platform operator | read all | all |
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tanhe.accounts.models import (
    ROLES_BY_KIND,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Role,
)


def is_enterprise_user(user: Any, enterprise: Organisation) -> bool:
    return bool(
        user.is_authenticated
        and user.organisation_id == enterprise.pk
        and enterprise.kind == OrganisationKind.ENTERPRISE
    )


def is_authority_of(user: Any, enterprise: Organisation) -> bool:
    """An authority user of the enterprise's province (审核人 or 管理员)."""
    return is_authority_for(user, enterprise.province_id)


def is_authority_for(user: Any, province_id: int | None) -> bool:
    """An authority user (审核人 or 管理员) of the province with id ``province_id``."""
    org = getattr(user, "organisation", None) if user.is_authenticated else None
    return bool(
        org is not None
        and province_id is not None
        and org.kind == OrganisationKind.AUTHORITY
        and org.province_id == province_id
        and user.has_role(Role.REVIEWER, Role.AUTHORITY_ADMIN)
    )


def is_operator(user: Any) -> bool:
    org = getattr(user, "organisation", None) if user.is_authenticated else None
    return bool(org is not None and org.kind == OrganisationKind.OPERATOR)


def can_view_enterprise(user: Any, enterprise: Organisation, year: int | None = None) -> bool:
    """Who reads an enterprise's data (its plan, reports of ``year``, records and evidence):
    the enterprise, its province's authority, the operator and, read-only, the agency holding
    its verification task for ``year`` (any year when ``year`` is None)."""
    return (
        is_enterprise_user(user, enterprise)
        or is_authority_of(user, enterprise)
        or is_operator(user)
        or holds_task(user, enterprise, year)
    )


def agency_of(user: Any) -> Organisation | None:
    """The verification agency (技术服务机构) ``user`` works for, if any."""
    org = getattr(user, "organisation", None) if user.is_authenticated else None
    if org is None or org.kind != OrganisationKind.AGENCY or not user.is_active:
        return None
    return org if user.has_role(*ROLES_BY_KIND[OrganisationKind.AGENCY]) else None


def holds_task(user: Any, enterprise: Organisation, year: int | None = None) -> bool:
    """Access follows assignment (核查安排 4.1): ``user``'s agency holds a verification task of
    ``enterprise`` (for ``year`` when given) that it has not declined."""
    agency = agency_of(user)
    if agency is None:
        return False
    from tanhe.verification.selectors import held_tasks  # the task's states live there

    tasks = held_tasks(agency).filter(enterprise=enterprise)
    return (tasks.filter(campaign__year=year) if year is not None else tasks).exists()


def can_view_file(user: Any, stored: Any) -> bool:
    """A stored file: its owner's people, whoever may see the owning enterprise's data, and the
    parties of a verification task the file belongs to (the team's evidence of a
    non-conformity issued to the plant)."""
    if not user.is_authenticated:
        return False
    owner = stored.owner
    if user.organisation_id == owner.pk and owner.kind != OrganisationKind.ENTERPRISE:
        return True
    if owner.kind == OrganisationKind.ENTERPRISE and _sees_plant_file(user, owner, stored):
        return True
    from tanhe.verification.selectors import file_shared_with

    return file_shared_with(user, stored)


def _sees_plant_file(user: Any, enterprise: Organisation, stored: Any) -> bool:
    """A plant's file: for the agency holding a task, only a file of a year it holds (or of no
    year: the plan's attachments); for everyone else as ``can_view_enterprise``."""
    if is_enterprise_user(user, enterprise) or is_authority_of(user, enterprise):
        return True
    if is_operator(user) or agency_of(user) is None:
        return is_operator(user)
    from tanhe.verification.selectors_arrangement import file_years

    years = file_years(stored)
    if years is None:
        return holds_task(user, enterprise)
    return any(holds_task(user, enterprise, year) for year in years)


def can_file(user: Any, enterprise: Organisation) -> bool:
    """The enterprise's own account, once the enterprise is active (approved or in the 名录)."""
    return is_enterprise_user(user, enterprise) and enterprise.status == OrganisationStatus.ACTIVE


def can_review(user: Any, enterprise: Organisation) -> bool:
    return is_authority_of(user, enterprise)


def require(allowed: bool, message: str | None = None) -> None:
    """Raise ``PermissionDenied`` with ``message`` (a translated string) unless ``allowed``; by
    default a general refusal in the reader's language."""
    if not allowed:
        raise PermissionDenied(_("您没有权限执行此操作") if message is None else message)


# Organisation administrators (机构管理员 / 管理员) manage their own organisation's people.
ADMIN_ROLE_BY_KIND: dict[str, str] = {
    OrganisationKind.AGENCY: Role.AGENCY_ADMIN,
    OrganisationKind.AUTHORITY: Role.AUTHORITY_ADMIN,
}


def is_authority_user(user: Any) -> bool:
    """An authority user (审核人 or 管理员) of some province: sees and manages its 名录."""
    org = getattr(user, "organisation", None) if user.is_authenticated else None
    return bool(
        org is not None
        and org.kind == OrganisationKind.AUTHORITY
        and org.province_id is not None
        and user.has_role(Role.REVIEWER, Role.AUTHORITY_ADMIN)
    )


def is_org_admin(user: Any, organisation: Organisation) -> bool:
    """The 机构管理员 of an agency or the 管理员 of an authority, for their own organisation."""
    admin_role = ADMIN_ROLE_BY_KIND.get(organisation.kind)
    return bool(
        admin_role is not None
        and user.is_authenticated
        and user.is_active
        and user.organisation_id == organisation.pk
        and user.has_role(admin_role)
    )


def can_manage_members(user: Any) -> bool:
    """Whether ``user`` administers the people of their own organisation."""
    org = getattr(user, "organisation", None) if user.is_authenticated else None
    return org is not None and is_org_admin(user, org)


def can_edit_workdays(user: Any) -> bool:
    """Who maintains the working-day calendar (工作日历, tanhe/workdays/): the 管理员 of any
    province's authority — the calendar is national (the State Council's notice), not a
    province's — and the platform operator. Everyone logged in may read it."""
    org = getattr(user, "organisation", None) if user.is_authenticated else None
    return bool(
        org is not None
        and user.is_active
        and (
            org.kind == OrganisationKind.OPERATOR
            or (org.kind == OrganisationKind.AUTHORITY and user.has_role(Role.AUTHORITY_ADMIN))
        )
    )
