"""激活码: the one-time code a province hands to a 名录 enterprise to open its reporting account
(the other way in is an approved registration: :mod:`tanhe.accounts.enrolment`).

Only a SHA-256 digest is stored; the plaintext exists once, on the page of the authority that
issues it. A code expires (``TANHE_ACTIVATION_CODE_DAYS``), works once, and issuing a new one
revokes the old. A refused activation says the same whatever the cause — nothing is disclosed.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.contact import ContactDetails, check_contact
from tanhe.accounts.models import ActivationCode, Organisation, OrganisationKind, User
from tanhe.accounts.opening import has_account, lock_code, open_account
from tanhe.accounts.services import normalise_credit_code, password_errors
from tanhe.audit.actions import Action
from tanhe.audit.services import record
from tanhe.inputs import normalise_code

# 31 letters and digits without look-alikes (0/O, 1/I/L): 16 of them carry 79 bits.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 16


class ActivationRefused(ValidationError):
    """The credit code and activation code do not open an account. One message whatever the
    cause (unknown code, another enterprise's, used, revoked, expired): nothing is disclosed."""

    def __init__(self) -> None:
        super().__init__(
            {
                "activation_code": _(
                    "统一社会信用代码与激活码不匹配，或激活码已使用、已作废、已过期。"
                    "请核对后重试，或联系所在省份的生态环境主管部门重新发放。"
                )
            },
            code="activation_refused",
        )


@dataclass(frozen=True)
class IssuedCode:
    """A new activation code: ``plaintext`` exists only here, to be shown once."""

    code: ActivationCode
    plaintext: str


def format_code(code: str) -> str:
    """Groups of four, as printed for the enterprise: ABCD-EFGH-JKMN-PQRS."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _typed_code(text: str) -> str:
    """An activation code as typed, as compared: the code rule's normalisation, in capitals,
    without the spaces and hyphens people put between the groups."""
    return "".join(c for c in normalise_code(text).upper() if c not in " -\u3000")


def code_digest(code: str) -> str:
    return hashlib.sha256(_typed_code(code).encode("ascii", "replace")).hexdigest()


def _without_account(actor: User, enterprise: Organisation) -> Organisation:
    enterprise = Organisation.objects.select_for_update().get(pk=enterprise.pk)
    perm.require(
        perm.is_authority_of(actor, enterprise),
        _("只有该单位所在省份的主管部门可以发放激活码"),
    )
    if enterprise.kind != OrganisationKind.ENTERPRISE:
        raise ValidationError(_("只能为重点排放单位发放激活码"))
    if has_account(enterprise):
        raise ValidationError(
            _("「%(name)s」的报送账号已开通，不需要激活码") % {"name": enterprise.name}
        )
    return enterprise


@transaction.atomic
def issue_activation_code(*, actor: User, enterprise: Organisation) -> IssuedCode:
    """A new one-time activation code for an enterprise without an account; any earlier code
    still usable is revoked. Valid for ``TANHE_ACTIVATION_CODE_DAYS`` days."""
    enterprise = _without_account(actor, enterprise)
    now = timezone.now()
    revoked = ActivationCode.objects.filter(
        organisation=enterprise, used_at=None, revoked_at=None, expires_at__gt=now
    ).update(revoked_at=now)
    plaintext = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    code = ActivationCode.objects.create(
        organisation=enterprise,
        digest=code_digest(plaintext),
        issued_by=actor,
        issued_at=now,
        expires_at=now + timedelta(days=settings.TANHE_ACTIVATION_CODE_DAYS),
    )
    record(
        actor=actor,
        action=Action.ACTIVATION_CODE_ISSUE,
        obj=code,
        organisation=enterprise,
        changes={"expires_at": (None, code.expires_at), "revoked_codes": (None, revoked)},
    )
    return IssuedCode(code, format_code(plaintext))


@transaction.atomic
def revoke_activation_code(*, actor: User, code: ActivationCode) -> ActivationCode:
    """Withdraw a code that has not been used (handed to the wrong person, say)."""
    code = ActivationCode.objects.select_for_update().select_related("organisation").get(pk=code.pk)
    perm.require(
        perm.is_authority_of(actor, code.organisation),
        _("只有该单位所在省份的主管部门可以作废激活码"),
    )
    if code.used_at is not None or code.revoked_at is not None:
        raise ValidationError(_("该激活码已使用或已作废"))
    code.revoked_at = timezone.now()
    code.save(update_fields=["revoked_at"])
    record(
        actor=actor,
        action=Action.ACTIVATION_CODE_REVOKE,
        obj=code,
        organisation=code.organisation,
        changes={"revoked_at": (None, code.revoked_at)},
    )
    return code


@transaction.atomic
def activate_account(
    *, credit_code: str, activation_code: str, contact: ContactDetails, password: str
) -> User:
    """Open the reporting account of the enterprise whose activation code this is. Raises
    :class:`ActivationRefused` (one message for every cause) or ``ValidationError`` by field."""
    code = normalise_credit_code(credit_code)
    errors: dict[str, list[str]] = {}
    for field_name, message in check_contact(contact):
        errors.setdefault(field_name, []).append(message)
    applicant = User(username=code, display_name=contact.name, email=contact.email)
    for message in password_errors(password, applicant):
        errors.setdefault("password", []).append(message)
    if errors:
        raise ValidationError(errors)
    locked = lock_code(code)  # the lock order of tanhe.accounts.opening: code, enterprise, codes
    found = (
        ActivationCode.objects.select_for_update()
        .filter(digest=code_digest(activation_code), organisation=locked.enterprise)
        .first()
        if locked.enterprise is not None
        else None
    )
    now = timezone.now()
    if found is None or not found.usable_at(now):
        raise ActivationRefused()
    found.used_at = now  # spent before the account opens, so that it is not revoked with the rest
    found.save(update_fields=["used_at"])
    user = open_account(
        locked, contact, make_password(password), how=_("凭主管部门发放的激活码开通"), actor=None
    )
    found.account = user
    found.save(update_fields=["account"])
    record(
        actor=user,
        action=Action.ACTIVATION_CODE_USE,
        obj=found,
        organisation=locked.enterprise,
        changes={"used_at": (None, now)},
    )
    return user
