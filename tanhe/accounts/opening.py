"""Opening an enterprise's reporting account: the steps the two ways in share
(:mod:`tanhe.accounts.enrolment`, :mod:`tanhe.accounts.activation`).

Lock order, on every path that opens an account or decides about a credit code: the code's
waiting registrations, then its enterprise, then its activation codes — two requests for one
code wait for each other instead of deadlocking or creating the enterprise twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounts.contact import ContactDetails
from tanhe.accounts.models import (
    ActivationCode,
    Organisation,
    OrganisationStatus,
    Registration,
    RegistrationStatus,
    Role,
    RoleAssignment,
    User,
)
from tanhe.accounts.services import one_account_message
from tanhe.audit.actions import Action
from tanhe.audit.services import record


def has_account(enterprise: Organisation) -> bool:
    return enterprise.users.filter(is_enterprise_account=True).exists()


@dataclass
class LockedCode:
    """What the platform holds for one credit code, locked for the rest of the transaction."""

    code: str
    waiting: list[Registration]
    enterprise: Organisation | None


def lock_code(code: str) -> LockedCode:
    """Lock the code's waiting registrations, then its enterprise (see the module docstring)."""
    waiting = list(
        Registration.objects.select_for_update()
        .filter(credit_code=code, status=RegistrationStatus.PENDING)
        .order_by("pk")
    )
    enterprise = Organisation.objects.select_for_update().filter(credit_code=code).first()
    return LockedCode(code, waiting, enterprise)


def open_account(
    locked: LockedCode,
    contact: ContactDetails,
    password_hash: str,
    *,
    how: str,
    actor: User | None,
    kept: Registration | None = None,
) -> User:
    """The one reporting account of ``locked.enterprise``, its username the credit code; the
    enterprise is made active, activation codes still usable are revoked and the other waiting
    registrations lapse — each step audited. ``actor`` is the approving authority user, or None
    when the enterprise opens its account itself with an activation code: no one is logged in,
    and the new account is the actor of the steps after its creation."""
    enterprise = locked.enterprise
    assert enterprise is not None and enterprise.credit_code is not None
    if User.objects.filter(username__iexact=enterprise.credit_code).exists() or has_account(
        enterprise
    ):
        raise ValidationError({"credit_code": one_account_message()})
    if enterprise.status != OrganisationStatus.ACTIVE:
        old = enterprise.status
        enterprise.status = OrganisationStatus.ACTIVE
        enterprise.save(update_fields=["status"])
        record(actor=actor, action=Action.ENTERPRISE_APPROVE, obj=enterprise,
               organisation=enterprise, changes={"status": (old, enterprise.status)})  # fmt: skip
    user = User.objects.create(
        username=enterprise.credit_code,
        organisation=enterprise,
        display_name=contact.name,
        phone=contact.phone,
        email=contact.email,
        password=password_hash,
        is_enterprise_account=True,
    )
    RoleAssignment.objects.create(user=user, role=Role.ENTERPRISE_FILER)
    now = timezone.now()
    revoked = ActivationCode.objects.filter(
        organisation=enterprise, used_at=None, revoked_at=None, expires_at__gt=now
    ).update(revoked_at=now)
    record(
        actor=user,
        action=Action.ACCOUNT_OPEN,
        obj=user,
        organisation=enterprise,
        changes={
            "username": (None, user.username),
            "display_name": (None, user.display_name),
            "phone": (None, user.phone),
            "email": (None, user.email),
            "roles": ([], [Role.ENTERPRISE_FILER]),
            "revoked_codes": (None, revoked),
        },
        note=how,
    )
    for registration in locked.waiting:
        if registration != kept:
            _lapse(registration, actor=actor or user)
    return user


def _lapse(registration: Registration, *, actor: User) -> None:
    registration.status = RegistrationStatus.SUPERSEDED
    registration.decided_at = timezone.now()
    registration.reason = _("该统一社会信用代码的报送账号已开通，本申请失效")
    registration.save(update_fields=["status", "decided_at", "reason"])
    record(
        actor=actor,
        action=Action.REGISTRATION_SUPERSEDE,
        obj=registration,
        changes={"status": (RegistrationStatus.PENDING, registration.status)},
        note=registration.reason,
    )
