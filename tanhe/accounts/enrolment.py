"""Who gets in: an enterprise's reporting account is opened only by its province.

Two ways, and no other (全国碳排放数据报送系统 FAQ 1, and better than it):

* **activation code** (激活码) — the province issues a one-time code to an enterprise of its
  排放单位名录; the enterprise enters it with its credit code and opens its account at once;
* **approved registration** (注册申请) — anyone may apply for a credit code; the application waits
  until the authority of the province (the 名录's province when the code is in one) has compared
  it with what it knows and approved it.

Nothing else opens or moves an account: not a name that matches the 名录 (credit codes and names
are public), not a 名录 import. No answer to an applicant discloses 名录 data. Every step writes
its audit row in its own transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.contact import ContactDetails, check_contact
from tanhe.accounts.models import (
    ActivationCode,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Province,
    Registration,
    RegistrationStatus,
    Role,
    RoleAssignment,
    User,
)
from tanhe.accounts.services import (
    credit_code_error,
    normalise_credit_code,
    one_account_message,
    password_errors,
)
from tanhe.audit.services import record
from tanhe.inputs import normalise_code
from tanhe.validators import validate_free_text

# 31 letters and digits without look-alikes (0/O, 1/I/L): 16 of them carry 79 bits.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 16
REFERENCE_LENGTH = 12
MAX_PENDING_PER_CODE = 5
REASON_MAX = 500


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


# -- codes and references -------------------------------------------------------------------------
def _random(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def format_code(code: str) -> str:
    """Groups of four, as printed for the enterprise: ABCD-EFGH-JKMN-PQRS."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _typed_code(text: str) -> str:
    """An activation code as typed, as compared: the code rule's normalisation, in capitals,
    without the spaces and hyphens people put between the groups."""
    return "".join(c for c in normalise_code(text).upper() if c not in " -\u3000")


def code_digest(code: str) -> str:
    return hashlib.sha256(_typed_code(code).encode("ascii", "replace")).hexdigest()


def _new_reference() -> str:
    while True:
        reference = _random(REFERENCE_LENGTH)
        if not Registration.objects.filter(reference=reference).exists():
            return reference


# -- opening an account (shared by both ways) -----------------------------------------------------
def _has_account(enterprise: Organisation) -> bool:
    return enterprise.users.filter(is_enterprise_account=True).exists()


def _open_account(
    enterprise: Organisation, contact: ContactDetails, password_hash: str, how: str
) -> User:
    """The one reporting account of ``enterprise``, its username the credit code."""
    assert enterprise.credit_code is not None
    if User.objects.filter(username__iexact=enterprise.credit_code).exists() or _has_account(
        enterprise
    ):
        raise ValidationError({"credit_code": one_account_message()})
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
    record(
        actor=user,
        action="account.open",
        obj=user,
        organisation=enterprise,
        changes={
            "username": (None, user.username),
            "display_name": (None, user.display_name),
            "phone": (None, user.phone),
            "email": (None, user.email),
            "roles": ([], [Role.ENTERPRISE_FILER]),
        },
        note=how,
    )
    return user


def _supersede_pending(code: str, *, actor: User | None, kept: Registration | None) -> None:
    """Other applications for ``code`` lapse once its account is open (each audited)."""
    now = timezone.now()
    waiting = Registration.objects.select_for_update().filter(
        credit_code=code, status=RegistrationStatus.PENDING
    )
    for registration in waiting.exclude(pk=kept.pk if kept else None):
        registration.status = RegistrationStatus.SUPERSEDED
        registration.decided_at = now
        registration.reason = _("该统一社会信用代码的报送账号已开通，本申请失效")
        registration.save(update_fields=["status", "decided_at", "reason"])
        record(
            actor=actor,
            action="registration.supersede",
            obj=registration,
            changes={"status": (RegistrationStatus.PENDING, registration.status)},
            note=registration.reason,
        )


# -- registration (注册申请) ---------------------------------------------------------------------
@transaction.atomic
def submit_registration(
    *,
    credit_code: str,
    name: str,
    password: str,
    province: Province | None,
    contact: ContactDetails,
) -> Registration:
    """File an application for ``credit_code``'s account. It waits for the authority of the
    province that holds the code (its 名录's), else of ``province``. Raises ``ValidationError``
    keyed by field; the answer is the same whether or not the code is in a 名录."""
    code = normalise_credit_code(credit_code)
    name = name.strip()
    errors: dict[str, list[str]] = {}

    def fail(field_name: str, message: str) -> None:
        errors.setdefault(field_name, []).append(message)

    if problem := credit_code_error(code):
        fail("credit_code", problem)
    if not name:
        fail("name", _("请填写企业名称"))
    elif len(name) > 200:
        fail("name", _("企业名称不能超过 200 个字"))
    else:
        _free_text(name, "name", fail)
    if province is None:
        fail("province", _("请选择所在省份"))
    for field_name, message in check_contact(contact):
        fail(field_name, message)
    holder = None
    if "credit_code" not in errors:
        holder = Organisation.objects.filter(credit_code=code).first()
        if holder is not None and holder.kind != OrganisationKind.ENTERPRISE:
            fail("credit_code", _("该统一社会信用代码属于其他类型的机构，不能注册重点排放单位账号"))
        elif User.objects.filter(username__iexact=code).exists() or (
            holder is not None and _has_account(holder)
        ):
            fail("credit_code", one_account_message())
        elif (
            Registration.objects.filter(credit_code=code, status=RegistrationStatus.PENDING).count()
            >= MAX_PENDING_PER_CODE
        ):
            fail("credit_code", _("该统一社会信用代码已有多份待审核的注册申请，请联系主管部门"))
    applicant = User(username=code, display_name=contact.name, email=contact.email)
    for message in password_errors(password, applicant):
        fail("password", message)
    if errors:
        raise ValidationError(errors)
    assert province is not None
    registration = Registration.objects.create(
        reference=_new_reference(),
        credit_code=code,
        name=name,
        province=holder.province if holder is not None and holder.province else province,
        contact_name=contact.name,
        phone=contact.phone,
        email=contact.email,
        password=make_password(password),
    )
    record(
        actor=None,
        actor_name=contact.name,
        action="registration.submit",
        obj=registration,
        organisation=holder,
        changes={
            "credit_code": (None, code),
            "name": (None, name),
            "province": (None, str(registration.province)),
            "contact": (None, f"{contact.name} {contact.phone} {contact.email}"),
        },
    )
    return registration


def _free_text(value: str, field_name: str, fail: Any) -> None:
    try:
        validate_free_text(value)
    except ValidationError as exc:
        for message in exc.messages:
            fail(field_name, message)


def _locked_registration(actor: User, registration: Registration) -> Registration:
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    perm.require(
        perm.is_authority_for(actor, locked.province_id),
        _("只有申请所在省份的主管部门可以审核"),
    )
    if locked.status != RegistrationStatus.PENDING:
        raise ValidationError(
            _("该注册申请已处理（%(status)s），不能再审核")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def approve_registration(*, actor: User, registration: Registration) -> User:
    """Open the account an application asks for, after the authority has checked it. A code
    already in the 名录 keeps its 名录 data; otherwise the enterprise is created as applied."""
    registration = _locked_registration(actor, registration)
    code = registration.credit_code
    enterprise = Organisation.objects.select_for_update().filter(credit_code=code).first()
    if enterprise is not None and enterprise.kind != OrganisationKind.ENTERPRISE:
        raise ValidationError(_("该统一社会信用代码属于其他类型的机构，不能开通重点排放单位账号"))
    if enterprise is not None and enterprise.province_id != registration.province_id:
        raise ValidationError(
            _(
                "该统一社会信用代码的排放单位属于%(province)s，不能由本省批准；请不予通过并告知申请人"
            )
            % {"province": enterprise.province}
        )
    if enterprise is None:
        enterprise = Organisation.objects.create(
            kind=OrganisationKind.ENTERPRISE,
            name=registration.name,
            province=registration.province,
            credit_code=code,
            status=OrganisationStatus.ACTIVE,
            in_registry=False,
        )
        record(
            actor=actor,
            action="enterprise.create",
            obj=enterprise,
            organisation=enterprise,
            changes={"name": (None, enterprise.name), "province": (None, str(enterprise.province))},
            note=_("注册申请 %(reference)s 审核通过") % {"reference": registration.reference},
        )
    elif enterprise.status != OrganisationStatus.ACTIVE:
        old = enterprise.status
        enterprise.status = OrganisationStatus.ACTIVE
        enterprise.save(update_fields=["status"])
        record(
            actor=actor,
            action="enterprise.approve",
            obj=enterprise,
            organisation=enterprise,
            changes={"status": (old, enterprise.status)},
        )
    contact = ContactDetails(registration.contact_name, registration.phone, registration.email)
    user = _open_account(
        enterprise,
        contact,
        registration.password,
        _("注册申请 %(reference)s 经主管部门审核通过") % {"reference": registration.reference},
    )
    registration.status = RegistrationStatus.APPROVED
    registration.decided_at = timezone.now()
    registration.decided_by = actor
    registration.account = user
    registration.save(update_fields=["status", "decided_at", "decided_by", "account"])
    record(
        actor=actor,
        action="registration.approve",
        obj=registration,
        organisation=enterprise,
        changes={"status": (RegistrationStatus.PENDING, registration.status)},
    )
    _supersede_pending(code, actor=actor, kept=registration)
    return user


@transaction.atomic
def reject_registration(*, actor: User, registration: Registration, reason: str) -> Registration:
    """Refuse an application; the reason is shown to the applicant."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写不予通过的理由")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("理由不能超过 500 个字")})
    validate_free_text(reason)
    registration = _locked_registration(actor, registration)
    registration.status = RegistrationStatus.REJECTED
    registration.decided_at = timezone.now()
    registration.decided_by = actor
    registration.reason = reason
    registration.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    record(
        actor=actor,
        action="registration.reject",
        obj=registration,
        organisation=Organisation.objects.filter(credit_code=registration.credit_code).first(),
        changes={"status": (RegistrationStatus.PENDING, registration.status)},
        note=reason,
    )
    return registration


# -- activation codes (激活码) -------------------------------------------------------------------
def _without_account(actor: User, enterprise: Organisation) -> Organisation:
    enterprise = Organisation.objects.select_for_update().get(pk=enterprise.pk)
    perm.require(
        perm.is_authority_of(actor, enterprise),
        _("只有该单位所在省份的主管部门可以发放激活码"),
    )
    if enterprise.kind != OrganisationKind.ENTERPRISE:
        raise ValidationError(_("只能为重点排放单位发放激活码"))
    if _has_account(enterprise):
        raise ValidationError(
            _("「%(name)s」的报送账号已开通，不需要激活码") % {"name": enterprise.name}
        )
    return enterprise


def _revoke_usable(enterprise: Organisation, now: Any) -> int:
    return ActivationCode.objects.filter(
        organisation=enterprise, used_at=None, revoked_at=None, expires_at__gt=now
    ).update(revoked_at=now)


@transaction.atomic
def issue_activation_code(*, actor: User, enterprise: Organisation) -> IssuedCode:
    """A new one-time activation code for an enterprise without an account; any earlier code
    still usable is revoked. Valid for ``TANHE_ACTIVATION_CODE_DAYS`` days."""
    enterprise = _without_account(actor, enterprise)
    now = timezone.now()
    revoked = _revoke_usable(enterprise, now)
    plaintext = _random(CODE_LENGTH)
    code = ActivationCode.objects.create(
        organisation=enterprise,
        digest=code_digest(plaintext),
        issued_by=actor,
        issued_at=now,
        expires_at=now + timedelta(days=settings.TANHE_ACTIVATION_CODE_DAYS),
    )
    record(
        actor=actor,
        action="activation_code.issue",
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
        action="activation_code.revoke",
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
    found = (
        ActivationCode.objects.select_for_update()
        .select_related("organisation")
        .filter(digest=code_digest(activation_code))
        .first()
    )
    now = timezone.now()
    if found is None or found.organisation.credit_code != code or not found.usable_at(now):
        raise ActivationRefused()
    enterprise = Organisation.objects.select_for_update().get(pk=found.organisation_id)
    user = _open_account(
        enterprise,
        contact,
        make_password(password),
        _("凭主管部门发放的激活码开通"),
    )
    found.used_at = now
    found.account = user
    found.save(update_fields=["used_at", "account"])
    record(
        actor=user,
        action="activation_code.use",
        obj=found,
        organisation=enterprise,
        changes={"used_at": (None, now)},
    )
    _supersede_pending(code, actor=user, kept=None)
    return user
