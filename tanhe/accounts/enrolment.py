"""Who gets in: an enterprise's reporting account is opened only by its province.

Two ways, and no other (全国碳排放数据报送系统 FAQ 1, and better than it):

* **approved registration** (注册申请, this module) — anyone may apply for a credit code; the
  application waits until the authority of the province (the 名录's province when the code is in
  one) has compared it with what it knows and approved it;
* **activation code** (激活码, :mod:`tanhe.accounts.activation`) — the province issues a
  one-time code to an enterprise of its 排放单位名录, which opens its account with it at once.

Nothing else opens or moves an account: not a name that matches the 名录 (credit codes and names
are public), not a 名录 import. No answer to an applicant discloses 名录 data. Applications for
one code may wait side by side — a squatter's never blocks the real enterprise. Every step
writes its audit row in its own transaction; the steps both ways share are
:mod:`tanhe.accounts.opening`.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.contact import ContactDetails, check_contact
from tanhe.accounts.models import (
    Organisation,
    OrganisationKind,
    Province,
    Registration,
    RegistrationStatus,
    User,
)
from tanhe.accounts.opening import LockedCode, has_account, lock_code, open_account
from tanhe.accounts.services import (
    credit_code_error,
    normalise_credit_code,
    one_account_message,
    password_errors,
)
from tanhe.audit.actions import Action
from tanhe.audit.services import record
from tanhe.inputs import has_control_characters
from tanhe.validators import control_message

# 31 letters and digits without look-alikes (0/O, 1/I/L).
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 12
REASON_MAX = 500


def _new_reference() -> str:
    while True:
        reference = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        if not Registration.objects.filter(reference=reference).exists():
            return reference


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
    province that holds the code (its 名录's or the one that approved it), else of
    ``province``. Raises ``ValidationError`` keyed by field; the answer is the same whether or
    not the code is in a 名录."""
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
    elif has_control_characters(name):
        fail("name", control_message(_("企业名称")))
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
            holder is not None and has_account(holder)
        ):
            fail("credit_code", one_account_message())
    applicant = User(username=code, display_name=contact.name, email=contact.email)
    for message in password_errors(password, applicant):
        fail("password", message)
    if errors:
        raise ValidationError(errors)
    assert province is not None
    if holder is not None and holder.province is not None and holder.held:
        province = holder.province
    registration = Registration.objects.create(
        reference=_new_reference(),
        credit_code=code,
        name=name,
        province=province,
        contact_name=contact.name,
        phone=contact.phone,
        email=contact.email,
        password=make_password(password),
    )
    record(
        actor=None,
        actor_name=contact.name,
        action=Action.REGISTRATION_SUBMIT,
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


def _decidable(actor: User, registration: Registration) -> tuple[Registration, LockedCode]:
    """The registration, re-read under the code's locks, if ``actor`` may decide it now."""
    perm.require(
        perm.is_authority_for(actor, registration.province_id),
        _("只有申请所在省份的主管部门可以审核"),
    )
    locked = lock_code(registration.credit_code)
    current = Registration.objects.get(pk=registration.pk)
    if current.status != RegistrationStatus.PENDING:
        raise ValidationError(
            _("该注册申请已处理（%(status)s），不能再审核")
            % {"status": current.get_status_display()}
        )
    return current, locked


@transaction.atomic
def approve_registration(*, actor: User, registration: Registration) -> User:
    """Open the account an application asks for, after the authority has checked it. A code in
    the 名录 keeps its 名录 data; otherwise the enterprise is created (or an older application's
    row, which no province holds, taken over) as applied."""
    registration, locked = _decidable(actor, registration)
    enterprise = locked.enterprise
    if enterprise is not None and enterprise.kind != OrganisationKind.ENTERPRISE:
        raise ValidationError(_("该统一社会信用代码属于其他类型的机构，不能开通重点排放单位账号"))
    if (
        enterprise is not None
        and enterprise.province_id != registration.province_id
        and enterprise.held
    ):
        raise ValidationError(
            _(
                "该统一社会信用代码的排放单位属于%(province)s，不能由本省批准；请不予通过并告知申请人"
            )
            % {"province": enterprise.province}
        )
    locked.enterprise = _enterprise_as_applied(actor, registration, enterprise)
    contact = ContactDetails(registration.contact_name, registration.phone, registration.email)
    user = open_account(
        locked,
        contact,
        registration.password,
        how=_("注册申请 %(reference)s 经主管部门审核通过") % {"reference": registration.reference},
        actor=actor,
        kept=registration,
    )
    registration.status = RegistrationStatus.APPROVED
    registration.decided_at = timezone.now()
    registration.decided_by = actor
    registration.account = user
    registration.save(update_fields=["status", "decided_at", "decided_by", "account"])
    record(
        actor=actor,
        action=Action.REGISTRATION_APPROVE,
        obj=registration,
        organisation=locked.enterprise,
        changes={"status": (RegistrationStatus.PENDING, registration.status)},
    )
    return user


def _enterprise_as_applied(
    actor: User, registration: Registration, enterprise: Organisation | None
) -> Organisation:
    """The enterprise an approved application opens: the one the province holds, unchanged; or
    a new one (or an older application's row) with the applied name, in the deciding province."""
    if enterprise is not None and enterprise.held:
        return enterprise
    values: dict[str, Any] = {"name": registration.name, "province": registration.province}
    changes: dict[str, tuple[str | None, str]]
    if enterprise is None:
        enterprise = Organisation.objects.create(
            kind=OrganisationKind.ENTERPRISE, credit_code=registration.credit_code, **values
        )
        changes = {k: (None, str(v)) for k, v in values.items()}
    else:
        changes = {k: (str(getattr(enterprise, k)), str(v)) for k, v in values.items()}
        for key, value in values.items():
            setattr(enterprise, key, value)
        enterprise.save(update_fields=list(values))
    record(
        actor=actor,
        action=Action.ENTERPRISE_CREATE,
        obj=enterprise,
        organisation=enterprise,
        changes=changes,
        note=_("注册申请 %(reference)s 审核通过") % {"reference": registration.reference},
    )
    return enterprise


@transaction.atomic
def reject_registration(*, actor: User, registration: Registration, reason: str) -> Registration:
    """Refuse an application; the reason is shown to the applicant."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写不予通过的理由")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("理由不能超过 500 个字")})
    if has_control_characters(reason):
        raise ValidationError({"reason": control_message(_("理由"))})
    registration, locked = _decidable(actor, registration)
    registration.status = RegistrationStatus.REJECTED
    registration.decided_at = timezone.now()
    registration.decided_by = actor
    registration.reason = reason
    registration.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    record(
        actor=actor,
        action=Action.REGISTRATION_REJECT,
        obj=registration,
        organisation=locked.enterprise,
        changes={"status": (RegistrationStatus.PENDING, registration.status)},
        note=reason,
    )
    return registration
