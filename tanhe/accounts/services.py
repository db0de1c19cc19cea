"""Business actions on organisations and accounts. Each is one transaction and writes one audit
row (:func:`tanhe.audit.services.record`) — or one per changed enterprise for a registry import.

Rules (全国碳排放数据报送系统 FAQ 1 and the authority's 名录):

* an enterprise has exactly one reporting account, whose username is its 统一社会信用代码;
* an enterprise in the authority's 名录 is active as soon as it registers, and its 名录 fields
  stay as imported; one that is not in the 名录 waits for its province's authority to approve;
* a registry file is imported whole or not at all;
* agency and authority administrators manage their own organisation's people and roles, and an
  organisation never loses its last administrator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import (
    ROLES_BY_KIND,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Province,
    Role,
    RoleAssignment,
    User,
)
from tanhe.accounts.registry import RegistryErrors, RegistryRow, RowError, check_rows
from tanhe.accounts.registry import credit_code_rule as _credit_code_rule
from tanhe.audit.services import field_changes, record
from tanhe.identifiers import credit_code_problem

_PHONE = re.compile(r"[0-9+\-() ]{7,30}")
_SPACES = re.compile(r"\s+")


def one_account_message() -> str:
    return _("该统一社会信用代码已注册报送账号（一个统一社会信用代码只能注册一个账号）")


def normalise_credit_code(code: str) -> str:
    """Trimmed and upper-cased: GB 32100 letters are capitals; people type them in lower case."""
    return code.strip().upper()


def credit_code_error(code: str) -> str | None:
    """The Chinese message for a bad credit code, or ``None`` when it is valid."""
    if not code:
        return _("请填写统一社会信用代码")
    problem = credit_code_problem(code)
    return _credit_code_rule(problem) if problem else None


def same_name(a: str, b: str) -> bool:
    """Names equal but for spaces and full-width/half-width brackets."""

    def key(name: str) -> str:
        return _SPACES.sub("", name).replace("（", "(").replace("）", ")").casefold()

    return key(a) == key(b)


def _password_errors(password: str, user: User) -> list[str]:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


# ---------------------------------------------------------------- enterprise self-registration


@transaction.atomic
def register_enterprise(
    *,
    credit_code: str,
    name: str,
    password: str,
    province: Province | None,
    contact_name: str,
    phone: str,
    email: str,
) -> User:
    """Create the one reporting account of the enterprise with ``credit_code``.

    In the 名录 → attached to the imported enterprise, active at once (the 名录 name must match).
    Not in the 名录 → a new enterprise, pending until its province's authority approves.
    Raises ``ValidationError`` keyed by field (credit_code, name, password, province, …).
    """
    code = normalise_credit_code(credit_code)
    name = name.strip()
    contact_name = contact_name.strip()
    phone = phone.strip()
    email = email.strip()
    errors: dict[str, list[str]] = {}

    def fail(field_name: str, message: str) -> None:
        errors.setdefault(field_name, []).append(message)

    if problem := credit_code_error(code):
        fail("credit_code", problem)
    if not name:
        fail("name", _("请填写企业名称"))
    elif len(name) > 200:
        fail("name", _("企业名称不能超过 200 个字"))
    if province is None:
        fail("province", _("请选择所在省份"))
    if not contact_name:
        fail("contact_name", _("请填写联系人姓名"))
    if not _PHONE.fullmatch(phone) or sum(c.isdigit() for c in phone) < 7:
        fail("phone", _("请填写有效的联系电话（手机号码或带区号的固定电话）"))
    try:
        validate_email(email)
    except ValidationError:
        fail("email", _("请填写有效的电子邮箱地址"))

    enterprise: Organisation | None = None
    if "credit_code" not in errors:
        enterprise = Organisation.objects.select_for_update().filter(credit_code=code).first()
        if User.objects.filter(username__iexact=code).exists() or (
            enterprise is not None and enterprise.users.filter(is_enterprise_account=True).exists()
        ):
            fail("credit_code", one_account_message())
        elif enterprise is not None and enterprise.kind != OrganisationKind.ENTERPRISE:
            fail("credit_code", _("该统一社会信用代码属于其他类型的机构，不能注册重点排放单位账号"))
        elif (
            enterprise is not None
            and enterprise.in_registry
            and name
            and not same_name(name, enterprise.name)
        ):
            fail(
                "name",
                _(
                    "该统一社会信用代码已列入%(province)s排放单位名录，名录中的企业名称为"
                    "「%(registry)s」，与填写的名称不一致。请核对统一社会信用代码，"
                    "或按名录名称填写（名录有误请联系主管部门更正）"
                )
                % {"province": enterprise.province, "registry": enterprise.name},
            )

    user = User(
        username=code,
        display_name=contact_name,
        phone=phone,
        email=email,
        is_enterprise_account=True,
    )
    for message in _password_errors(password, user):
        fail("password", message)
    if errors:
        raise ValidationError(errors)

    changes: dict[str, tuple[Any, Any]] = {}
    if enterprise is None:
        try:
            with transaction.atomic():
                enterprise = Organisation.objects.create(
                    kind=OrganisationKind.ENTERPRISE,
                    name=name,
                    province=province,
                    credit_code=code,
                    status=OrganisationStatus.PENDING,
                    in_registry=False,
                )
        except IntegrityError:  # the same code registered a moment ago
            raise ValidationError({"credit_code": one_account_message()}) from None
        changes.update(
            {
                "organisation.name": (None, name),
                "organisation.province": (None, str(province)),
                "organisation.status": (None, OrganisationStatus.PENDING),
            }
        )
    user.organisation = enterprise
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise ValidationError({"credit_code": one_account_message()}) from None
    RoleAssignment.objects.create(user=user, role=Role.ENTERPRISE_FILER)
    changes.update(
        {
            "username": (None, user.username),
            "display_name": (None, user.display_name),
            "phone": (None, user.phone),
            "email": (None, user.email),
            "roles": ([], [Role.ENTERPRISE_FILER]),
        }
    )
    record(
        actor=user,
        action="enterprise.register",
        obj=user,
        organisation=enterprise,
        changes=changes,
        note=_("名录内单位，账号即时启用")
        if enterprise.in_registry
        else _("自行注册，等待主管部门审核"),
    )
    return user


# ---------------------------------------------------------------- authority: approve / reject


def _locked_enterprise(enterprise: Organisation) -> Organisation:
    locked = Organisation.objects.select_for_update().get(pk=enterprise.pk)
    if locked.kind != OrganisationKind.ENTERPRISE:
        raise ValidationError(_("只能审核重点排放单位"))
    return locked


@transaction.atomic
def approve_enterprise(*, actor: User, enterprise: Organisation) -> Organisation:
    """Activate a self-registered enterprise (pending, or rejected before by mistake)."""
    perm.require(perm.is_authority_of(actor, enterprise), _("只有该单位所在省份的主管部门可以审核"))
    enterprise = _locked_enterprise(enterprise)
    if enterprise.status == OrganisationStatus.ACTIVE:
        raise ValidationError(_("「%(name)s」已启用，无需审核") % {"name": enterprise.name})
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
    return enterprise


@transaction.atomic
def reject_enterprise(*, actor: User, enterprise: Organisation, reason: str) -> Organisation:
    """Refuse a pending self-registration; the reason is shown to the enterprise."""
    perm.require(perm.is_authority_of(actor, enterprise), _("只有该单位所在省份的主管部门可以审核"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写不予通过的理由")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("理由不能超过 500 个字")})
    enterprise = _locked_enterprise(enterprise)
    if enterprise.status != OrganisationStatus.PENDING:
        raise ValidationError(
            _("只能审核待审核的注册申请（「%(name)s」当前状态：%(status)s）")
            % {"name": enterprise.name, "status": enterprise.get_status_display()}
        )
    old = enterprise.status
    enterprise.status = OrganisationStatus.REJECTED
    enterprise.save(update_fields=["status"])
    record(
        actor=actor,
        action="enterprise.reject",
        obj=enterprise,
        organisation=enterprise,
        changes={"status": (old, enterprise.status)},
        note=reason,
    )
    return enterprise


# ---------------------------------------------------------------- authority: registry import


@dataclass
class ImportResult:
    """What a registry import did, enterprise by enterprise."""

    created: list[Organisation] = field(default_factory=list)
    updated: list[Organisation] = field(default_factory=list)
    unchanged: list[Organisation] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged)


@transaction.atomic
def import_registry(
    *, actor: User, rows: Sequence[RegistryRow], filename: str = ""
) -> ImportResult:
    """Put the rows into the actor's province's 名录: new enterprises are created active and in
    the 名录; known ones get the file's 名录 fields (audit: old → new).

    Raises :class:`RegistryErrors` with every broken rule — then nothing is saved.
    """
    perm.require(perm.is_authority_user(actor), _("只有省级主管部门可以导入排放单位名录"))
    authority = actor.organisation
    assert authority is not None and authority.province is not None
    province = authority.province
    if not rows:
        raise RegistryErrors([RowError(None, "", "", _("文件中没有企业数据"))])
    errors = check_rows(rows)
    codes = [row.credit_code for row in rows if row.credit_code]
    existing = {
        org.credit_code: org
        for org in Organisation.objects.select_for_update(of=("self",))
        .select_related("province")
        .filter(credit_code__in=codes)
    }
    for row in rows:
        org = existing.get(row.credit_code)
        if org is None:
            continue
        rule = _conflict(org, province)
        if rule:
            errors.append(RowError(row.row, "统一社会信用代码", row.credit_code, rule))
    if errors:
        raise RegistryErrors(errors)

    result = ImportResult()
    for row in rows:
        values: dict[str, Any] = {
            **row.values(),
            "province": province,
            "in_registry": True,
            "status": OrganisationStatus.ACTIVE,
        }
        org = existing.get(row.credit_code)
        if org is None:
            org = Organisation.objects.create(kind=OrganisationKind.ENTERPRISE, **values)
            record(
                actor=actor,
                action="registry.enterprise.create",
                obj=org,
                organisation=org,
                changes={name: (None, value) for name, value in values.items()},
                note=_("名录导入 %(file)s 第 %(row)d 行") % {"file": filename, "row": row.row},
            )
            result.created.append(org)
            continue
        changes = field_changes(org, values)
        if not changes:
            result.unchanged.append(org)
            continue
        for name, (_old, new) in changes.items():
            setattr(org, name, new)
        org.save(update_fields=list(changes))
        record(
            actor=actor,
            action="registry.enterprise.update",
            obj=org,
            organisation=org,
            changes=changes,
            note=_("名录导入 %(file)s 第 %(row)d 行") % {"file": filename, "row": row.row},
        )
        result.updated.append(org)
    record(
        actor=actor,
        action="registry.import",
        obj=authority,
        organisation=authority,
        note=_(
            "导入名录文件 %(file)s：新增 %(created)d 家，更新 %(updated)d 家，未变 %(unchanged)d 家"
        )
        % {
            "file": filename,
            "created": len(result.created),
            "updated": len(result.updated),
            "unchanged": len(result.unchanged),
        },
    )
    return result


def _conflict(org: Organisation, province: Province) -> str | None:
    """Why an existing organisation cannot enter ``province``'s 名录, or ``None``."""
    if org.kind != OrganisationKind.ENTERPRISE:
        return _("该代码属于%(kind)s「%(name)s」，不能列入排放单位名录") % {
            "kind": org.get_kind_display(),
            "name": org.name,
        }
    if org.province_id == province.pk:
        return None
    if org.in_registry:
        return _("该单位已列入%(province)s排放单位名录，不能重复列入") % {"province": org.province}
    if org.status == OrganisationStatus.ACTIVE:
        return _("该单位已由%(province)s主管部门审核通过，不能列入本省名录") % {
            "province": org.province
        }
    return None  # a pending/rejected self-registration that chose the wrong province moves here


# ---------------------------------------------------------------- members and roles


def _check_roles(organisation: Organisation, roles: Iterable[str]) -> list[str]:
    chosen = sorted(set(roles))
    if not chosen:
        raise ValidationError({"roles": _("请至少选择一个角色")})
    allowed = ROLES_BY_KIND.get(organisation.kind, ())
    wrong = [role for role in chosen if role not in allowed]
    if wrong:
        labels = "、".join(str(Role(r).label) if r in Role.values else r for r in wrong)
        raise ValidationError(
            {
                "roles": _("角色「%(roles)s」不属于%(kind)s")
                % {"roles": labels, "kind": organisation.get_kind_display()}
            }
        )
    return chosen


def _require_admin(actor: User, organisation: Organisation) -> None:
    perm.require(perm.is_org_admin(actor, organisation), _("只有本机构的管理员可以管理人员和角色"))


@transaction.atomic
def create_member(
    *,
    actor: User,
    organisation: Organisation,
    username: str,
    display_name: str,
    password: str,
    roles: Iterable[str],
) -> User:
    """Add a person to an agency or authority, with roles of that kind of organisation."""
    _require_admin(actor, organisation)
    username = username.strip()
    display_name = display_name.strip()
    errors: dict[str, list[str]] = {}
    try:
        chosen = _check_roles(organisation, roles)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        chosen = []
    if not username:
        errors.setdefault("username", []).append(_("请填写用户名"))
    else:
        try:
            User.username_validator(username)
        except ValidationError:
            errors.setdefault("username", []).append(_("用户名只能包含字母、数字和 @ . + - _ 字符"))
        if credit_code_problem(username.upper()) is None:
            errors.setdefault("username", []).append(
                _("统一社会信用代码只能作为重点排放单位报送账号的用户名，请换一个用户名")
            )
        elif User.objects.filter(username__iexact=username).exists():
            errors.setdefault("username", []).append(_("用户名「%s」已被使用") % username)
    if not display_name:
        errors.setdefault("display_name", []).append(_("请填写姓名"))
    user = User(username=username, display_name=display_name, organisation=organisation)
    for message in _password_errors(password, user):
        errors.setdefault("password", []).append(message)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise ValidationError({"username": _("用户名「%s」已被使用") % username}) from None
    RoleAssignment.objects.bulk_create(RoleAssignment(user=user, role=r) for r in chosen)
    record(
        actor=actor,
        action="member.create",
        obj=user,
        organisation=organisation,
        changes={
            "username": (None, username),
            "display_name": (None, display_name),
            "roles": ([], chosen),
        },
    )
    return user


@transaction.atomic
def set_roles(*, actor: User, user: User, roles: Iterable[str]) -> User:
    """Replace ``user``'s roles. The organisation keeps at least one administrator."""
    organisation = user.organisation
    perm.require(organisation is not None, _("该用户不属于任何机构"))
    assert organisation is not None
    _require_admin(actor, organisation)
    chosen = _check_roles(organisation, roles)
    admin_role = perm.ADMIN_ROLE_BY_KIND[organisation.kind]
    # Lock the organisation's administrator rows: two admins demoting each other at once must
    # not leave none.
    admins = set(
        RoleAssignment.objects.select_for_update()
        .filter(user__organisation=organisation, user__is_active=True, role=admin_role)
        .values_list("user_id", flat=True)
    )
    old = sorted(user.roles.values_list("role", flat=True))
    if old == chosen:
        return user
    if user.pk in admins and admin_role not in chosen and admins == {user.pk}:
        message = (
            _("您是本机构唯一的管理员，不能取消自己的管理员角色；请先指定另一位管理员")
            if user.pk == actor.pk
            else _("「%(name)s」是本机构唯一的管理员，不能取消其管理员角色") % {"name": user}
        )
        raise ValidationError({"roles": message})
    user.roles.exclude(role__in=chosen).delete()
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, role=r) for r in chosen if r not in old
    )
    user._roles = frozenset(chosen)
    record(
        actor=actor,
        action="member.roles",
        obj=user,
        organisation=organisation,
        changes={"roles": (old, chosen)},
    )
    return user


# ---------------------------------------------------------------- own password


@transaction.atomic
def change_password(*, actor: User, new_password: str) -> User:
    """Set the actor's own password (the form has checked the old one and the rules)."""
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    record(
        actor=actor, action="account.password_change", obj=actor, organisation=actor.organisation
    )
    return actor
