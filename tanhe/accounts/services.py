"""Business actions on organisations and people. Each is one transaction and writes one audit
row (:func:`tanhe.audit.services.record`) — or one per changed enterprise for a registry import.
How an enterprise's account is opened (activation code, approved registration) is
:mod:`tanhe.accounts.enrolment`.

Rules (全国碳排放数据报送系统 FAQ 1 and the authority's 名录):

* an enterprise has exactly one reporting account, whose username is its 统一社会信用代码;
* a registry file is imported whole or not at all, into the importing province only: it creates
  and updates 名录 enterprises, and never opens, renames or moves an account, nor touches an
  enterprise another province holds;
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
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import (
    ROLES_BY_KIND,
    Organisation,
    OrganisationKind,
    Province,
    Role,
    RoleAssignment,
    User,
)
from tanhe.accounts.registry import RegistryErrors, RegistryRow, RowError, check_rows
from tanhe.accounts.registry import credit_code_rule as _credit_code_rule
from tanhe.audit.actions import Action
from tanhe.audit.services import field_changes, record
from tanhe.identifiers import credit_code_problem, normalise_identifier
from tanhe.inputs import has_control_characters
from tanhe.validators import control_message

_SPACES = re.compile(r"\s+")


def one_account_message() -> str:
    return _("该统一社会信用代码已注册报送账号（一个统一社会信用代码只能注册一个账号）")


def normalise_credit_code(code: str) -> str:
    """Trimmed and upper-cased: GB 32100 letters are capitals; people type them in lower case.
    Full-width letters and digits (typed with a Chinese input method) become ASCII."""
    return normalise_identifier(code)


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


def password_errors(password: str, user: User) -> list[str]:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


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
    """Put the rows into the actor's province's 名录: new enterprises are created in the 名录
    (without an account: the province issues each an activation code); known ones of this
    province get the file's 名录 fields (audit: old → new), their status and account untouched.

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
        org = existing.get(row.credit_code)
        note = _("名录导入 %(file)s 第 %(row)d 行") % {"file": filename, "row": row.row}
        if org is None:
            values: dict[str, Any] = {**row.values(), "province": province, "in_registry": True}
            org = Organisation.objects.create(kind=OrganisationKind.ENTERPRISE, **values)
            record(
                actor=actor,
                action=Action.REGISTRY_ENTERPRISE_CREATE,
                obj=org,
                organisation=org,
                changes={name: (None, value) for name, value in values.items()},
                note=note,
            )
            result.created.append(org)
            continue
        # The 名录 fields (and the province, for a row no province held): never an account.
        changes = field_changes(org, {**row.values(), "in_registry": True, "province": province})
        if not changes:
            result.unchanged.append(org)
            continue
        for name, (_old, new) in changes.items():
            setattr(org, name, new)
        org.save(update_fields=list(changes))
        record(
            actor=actor,
            action=Action.REGISTRY_ENTERPRISE_UPDATE,
            obj=org,
            organisation=org,
            changes=changes,
            note=note,
        )
        result.updated.append(org)
    record(
        actor=actor,
        action=Action.REGISTRY_IMPORT,
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
    """Why an existing organisation cannot enter ``province``'s 名录, or ``None``. An enterprise
    another province holds (its 名录's, or approved there) stays there: an import never crosses
    a province's decision. An older application's row that no province holds may come in."""
    if org.kind != OrganisationKind.ENTERPRISE:
        return _("该代码属于%(kind)s「%(name)s」，不能列入排放单位名录") % {
            "kind": org.get_kind_display(),
            "name": org.name,
        }
    if org.province_id != province.pk and org.held:
        return _("该单位由%(province)s管理，不能列入本省名录；如需转移请与该省主管部门联系") % {
            "province": org.province
        }
    return None


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
    elif has_control_characters(display_name):
        errors.setdefault("display_name", []).append(control_message(_("姓名")))
    user = User(username=username, display_name=display_name, organisation=organisation)
    for message in password_errors(password, user):
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
        action=Action.MEMBER_CREATE,
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
        action=Action.MEMBER_ROLES,
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
        actor=actor,
        action=Action.ACCOUNT_PASSWORD_CHANGE,
        obj=actor,
        organisation=actor.organisation,
    )
    return actor
