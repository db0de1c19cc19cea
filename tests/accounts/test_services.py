"""Business rules of tanhe.accounts.services: members, roles and passwords (how an enterprise's
account is opened: test_enrolment)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tanhe.accounts import services
from tanhe.accounts.models import Role, User
from tanhe.audit.models import AuditEntry

from .conftest import (
    JS_CODE,
    NEW_CODE,
    PASSWORD,
    make_user,
)


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# ---------------------------------------------------------------- members and roles


def test_agency_admin_adds_a_member_with_agency_roles(agency, agency_admin):
    user = services.create_member(
        actor=agency_admin, organisation=agency, username="lead1", display_name="孙组长",
        password=PASSWORD, roles=[Role.LEAD_VERIFIER, Role.VERIFIER],
    )  # fmt: skip

    assert user.organisation == agency
    assert user.role_set() == {Role.LEAD_VERIFIER, Role.VERIFIER}
    assert not user.is_enterprise_account
    entry = AuditEntry.objects.get(action="member.create")
    assert entry.actor == agency_admin
    assert entry.changes["roles"] == [[], ["lead_verifier", "verifier"]]


def test_authority_admin_adds_a_reviewer(js_authority, js_admin):
    user = services.create_member(
        actor=js_admin, organisation=js_authority, username="js-reviewer2", display_name="吴审核",
        password=PASSWORD, roles=[Role.REVIEWER],
    )  # fmt: skip

    assert user.role_set() == {Role.REVIEWER}


def test_roles_must_belong_to_the_kind_of_organisation(
    agency, agency_admin, js_authority, js_admin
):
    with pytest.raises(ValidationError) as exc:
        services.create_member(
            actor=agency_admin, organisation=agency, username="x1", display_name="某人",
            password=PASSWORD, roles=[Role.REVIEWER],
        )  # fmt: skip
    assert errors_of(exc)["roles"] == ["角色「审核人」不属于技术服务机构"]

    with pytest.raises(ValidationError) as exc:
        services.create_member(
            actor=js_admin, organisation=js_authority, username="x2", display_name="某人",
            password=PASSWORD, roles=[Role.LEAD_VERIFIER, Role.ENTERPRISE_FILER],
        )  # fmt: skip
    assert errors_of(exc)["roles"] == [
        "角色「重点排放单位填报账号、核查组长」不属于省级生态环境主管部门"
    ]

    with pytest.raises(ValidationError) as exc:
        services.create_member(
            actor=js_admin, organisation=js_authority, username="x3", display_name="某人",
            password=PASSWORD, roles=[],
        )  # fmt: skip
    assert errors_of(exc)["roles"] == ["请至少选择一个角色"]


def test_only_the_organisations_admin_adds_members(
    agency, verifier, js_admin, agency_admin, hb_authority
):
    for actor, org in ((verifier, agency), (js_admin, agency), (agency_admin, hb_authority)):
        with pytest.raises(PermissionDenied):
            services.create_member(
                actor=actor, organisation=org, username="someone", display_name="某人",
                password=PASSWORD, roles=[],
            )  # fmt: skip
    assert not User.objects.filter(username="someone").exists()


def test_member_username_rules(agency, agency_admin, verifier):
    def create(username, password=PASSWORD):
        return services.create_member(
            actor=agency_admin, organisation=agency, username=username, display_name="某人",
            password=password, roles=[Role.VERIFIER],
        )  # fmt: skip

    with pytest.raises(ValidationError) as exc:
        create("VERIFIER1")
    assert errors_of(exc)["username"] == ["用户名「VERIFIER1」已被使用"]
    with pytest.raises(ValidationError) as exc:
        create(NEW_CODE.lower())
    assert "统一社会信用代码只能作为重点排放单位报送账号的用户名" in errors_of(exc)["username"][0]
    with pytest.raises(ValidationError) as exc:
        create("new member", password="short")
    errors = errors_of(exc)
    assert "用户名只能包含" in errors["username"][0]
    assert "密码太短，至少需要 10 个字符。" in errors["password"]


def test_set_roles_records_old_and_new(agency, agency_admin, verifier):
    services.set_roles(actor=agency_admin, user=verifier, roles=[Role.LEAD_VERIFIER, Role.VERIFIER])

    verifier = User.objects.get(pk=verifier.pk)
    assert verifier.role_set() == {Role.LEAD_VERIFIER, Role.VERIFIER}
    entry = AuditEntry.objects.get(action="member.roles")
    assert entry.changes == {"roles": [["verifier"], ["lead_verifier", "verifier"]]}


def test_last_admin_cannot_remove_own_admin_role(agency, agency_admin, verifier):
    with pytest.raises(ValidationError) as exc:
        services.set_roles(actor=agency_admin, user=agency_admin, roles=[Role.LEAD_VERIFIER])

    assert "唯一的管理员" in errors_of(exc)["roles"][0]
    assert User.objects.get(pk=agency_admin.pk).role_set() == {Role.AGENCY_ADMIN}

    services.set_roles(actor=agency_admin, user=verifier, roles=[Role.AGENCY_ADMIN])
    services.set_roles(actor=agency_admin, user=agency_admin, roles=[Role.LEAD_VERIFIER])

    assert User.objects.get(pk=agency_admin.pk).role_set() == {Role.LEAD_VERIFIER}
    # … and now the former admin may no longer manage roles.
    with pytest.raises(PermissionDenied):
        services.set_roles(
            actor=User.objects.get(pk=agency_admin.pk), user=verifier, roles=[Role.VERIFIER]
        )


def test_roles_of_another_organisations_people_cannot_be_set(
    agency_admin, reviewer, js_admin, verifier
):
    with pytest.raises(PermissionDenied):
        services.set_roles(actor=agency_admin, user=reviewer, roles=[Role.AUTHORITY_ADMIN])
    with pytest.raises(PermissionDenied):
        services.set_roles(actor=js_admin, user=verifier, roles=[Role.AGENCY_ADMIN])


def test_enterprise_accounts_have_no_member_management(js, listed):
    filer = make_user(listed, JS_CODE, Role.ENTERPRISE_FILER, is_enterprise_account=True)

    with pytest.raises(PermissionDenied):
        services.set_roles(actor=filer, user=filer, roles=[Role.ENTERPRISE_FILER])
    with pytest.raises(PermissionDenied):
        services.create_member(
            actor=filer, organisation=filer.organisation, username="second", display_name="二号",
            password=PASSWORD, roles=[Role.ENTERPRISE_FILER],
        )  # fmt: skip


def test_change_password_is_audited(reviewer):
    services.change_password(actor=reviewer, new_password="Another-pass-9")

    reviewer.refresh_from_db()
    assert reviewer.check_password("Another-pass-9")
    entry = AuditEntry.objects.get(action="account.password_change")
    assert entry.changes == {}
    assert "Another" not in str(entry.changes) + entry.note
