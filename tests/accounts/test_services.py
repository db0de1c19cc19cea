"""Business rules of tanhe.accounts.services: registration, approval, members and roles."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tanhe.accounts import permissions as perm
from tanhe.accounts import services
from tanhe.accounts.models import Organisation, Role, User
from tanhe.audit.models import AuditEntry

from .conftest import (
    HB_CODE,
    JS_CODE,
    NEW_CODE,
    PASSWORD,
    bad_check,
    make_user,
    registration,
)

ONE_ACCOUNT = "该统一社会信用代码已注册报送账号（一个统一社会信用代码只能注册一个账号）"


def register(province, **overrides) -> User:
    return services.register_enterprise(province=province, **registration(**overrides))


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# ---------------------------------------------------------------- registration


def test_self_registration_creates_a_pending_enterprise_and_its_one_account(js):
    user = register(js)

    enterprise = user.organisation
    assert user.username == NEW_CODE
    assert user.is_enterprise_account
    assert user.check_password(PASSWORD)
    assert (user.display_name, user.phone, user.email) == (
        "李联系",
        "025-83456789",
        "li@example.com",
    )
    assert user.role_set() == {Role.ENTERPRISE_FILER}
    assert enterprise.kind == "enterprise"
    assert enterprise.status == "pending"
    assert not enterprise.in_registry
    assert enterprise.province == js
    assert enterprise.credit_code == NEW_CODE
    assert not perm.can_file(user, enterprise)  # the authority must approve first
    entry = AuditEntry.objects.get(action="enterprise.register")
    assert entry.actor == user
    assert entry.organisation == enterprise
    assert entry.changes["organisation.status"] == [None, "pending"]
    assert entry.changes["username"] == [None, NEW_CODE]


def test_credit_code_typed_in_lower_case_is_the_same_code(js):
    user = register(js, credit_code=" " + NEW_CODE.lower() + " ")

    assert user.username == NEW_CODE


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "请填写统一社会信用代码"),
        ("91320100MA1N2B3C", "统一社会信用代码应为 18 位"),  # 16 characters
        ("91320100MA1N2B3CIO", "不使用 I、O、S、V、Z"),  # I and O are not in GB 32100
        ("9132A100MA1N2B3C4X", "第 3–8 位为数字"),
        (bad_check(NEW_CODE), "统一社会信用代码校验位（第 18 位）与前 17 位不符，请逐位核对"),
        ("91110000MA0123456Q", "校验位（第 18 位）"),  # the check of the worked example is P
    ],
)
def test_bad_credit_codes_are_refused_with_the_reason(js, value, message):
    with pytest.raises(ValidationError) as exc:
        register(js, credit_code=value)

    assert any(message in m for m in errors_of(exc)["credit_code"])
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


def test_second_registration_for_the_same_code_is_refused(js, hb):
    register(js)

    with pytest.raises(ValidationError) as exc:
        register(hb, credit_code=NEW_CODE.lower(), name="另一家公司", email="x@example.com")

    assert errors_of(exc)["credit_code"] == [ONE_ACCOUNT]
    assert User.objects.count() == 1
    assert Organisation.objects.count() == 1


def test_second_registration_for_a_registry_enterprise_is_refused(listed, js):
    register(js, credit_code=JS_CODE, name="示例发电有限公司")

    with pytest.raises(ValidationError) as exc:
        register(js, credit_code=JS_CODE, name="示例发电有限公司")

    assert errors_of(exc)["credit_code"] == [ONE_ACCOUNT]


def test_registry_enterprise_is_active_at_once_and_keeps_its_registry_fields(listed, js, hb):
    before = {f: getattr(listed, f) for f in ("name", "permit_number", "registered_address")}

    # Spaces and half-width brackets do not make another name; the chosen province is ignored.
    user = register(hb, credit_code=JS_CODE, name=" 示例发电有限公司 ")

    listed.refresh_from_db()
    assert user.organisation == listed
    assert listed.status == "active"
    assert listed.province == js
    assert {f: getattr(listed, f) for f in before} == before
    assert perm.can_file(user, listed)
    assert Organisation.objects.filter(kind="enterprise").count() == 1


def test_registry_name_must_match(listed, js):
    with pytest.raises(ValidationError) as exc:
        register(js, credit_code=JS_CODE, name="示例电厂")

    (message,) = errors_of(exc)["name"]
    assert "名录中的企业名称为「示例发电有限公司」" in message
    assert not User.objects.exists()


def test_full_width_brackets_match_half_width(js):
    Organisation.objects.create(
        kind="enterprise", name="华能（南京）热电有限公司", province=js, credit_code=HB_CODE,
        in_registry=True,
    )  # fmt: skip

    user = register(js, credit_code=HB_CODE, name="华能(南京)热电有限公司")

    assert user.organisation.name == "华能（南京）热电有限公司"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1-xyz", "密码太短，至少需要 10 个字符。"),
        ("abcdefgh12", "至少三类"),  # two classes
        ("ABCDEFGHIJKL", "至少三类"),
        ("1234567890", "至少三类"),
    ],
)
def test_password_rules(js, password, message):
    with pytest.raises(ValidationError) as exc:
        register(js, password=password)

    assert any(message in m for m in errors_of(exc)["password"])


def test_password_with_ten_characters_of_three_classes_is_accepted(js):
    assert register(js, password="Abcdefgh1!").check_password("Abcdefgh1!")


def test_registration_names_every_missing_field(js):
    with pytest.raises(ValidationError) as exc:
        services.register_enterprise(
            credit_code=NEW_CODE, name="", password=PASSWORD, province=None,
            contact_name="", phone="abc", email="not-an-email",
        )  # fmt: skip

    errors = errors_of(exc)
    assert errors["name"] == ["请填写企业名称"]
    assert errors["province"] == ["请选择所在省份"]
    assert errors["contact_name"] == ["请填写联系人姓名"]
    assert "联系电话" in errors["phone"][0]
    assert errors["email"] == ["请填写有效的电子邮箱地址"]


def test_code_of_another_kind_of_organisation_cannot_register(js, agency):
    agency.credit_code = NEW_CODE
    agency.save()

    with pytest.raises(ValidationError) as exc:
        register(js)

    assert "其他类型的机构" in errors_of(exc)["credit_code"][0]


# ---------------------------------------------------------------- approval


def test_authority_of_the_province_approves(js, reviewer):
    enterprise = register(js).organisation

    services.approve_enterprise(actor=reviewer, enterprise=enterprise)

    enterprise.refresh_from_db()
    assert enterprise.status == "active"
    entry = AuditEntry.objects.get(action="enterprise.approve")
    assert entry.actor == reviewer
    assert entry.changes == {"status": ["pending", "active"]}
    filer = User.objects.get(username=NEW_CODE)
    assert perm.can_file(filer, enterprise)


def test_authority_of_another_province_cannot_approve_or_reject(js, hb_reviewer):
    enterprise = register(js).organisation

    with pytest.raises(PermissionDenied):
        services.approve_enterprise(actor=hb_reviewer, enterprise=enterprise)
    with pytest.raises(PermissionDenied):
        services.reject_enterprise(actor=hb_reviewer, enterprise=enterprise, reason="不是本省")

    enterprise.refresh_from_db()
    assert enterprise.status == "pending"
    assert not AuditEntry.objects.filter(action__in=["enterprise.approve", "enterprise.reject"])


def test_only_authority_roles_approve(js, js_authority, agency_admin):
    enterprise = register(js).organisation
    no_role = make_user(js_authority, "js-clerk")
    filer = User.objects.get(username=NEW_CODE)

    for actor in (no_role, agency_admin, filer):
        with pytest.raises(PermissionDenied):
            services.approve_enterprise(actor=actor, enterprise=enterprise)


def test_reject_needs_a_reason_and_can_be_reversed(js, js_admin):
    enterprise = register(js).organisation

    with pytest.raises(ValidationError) as exc:
        services.reject_enterprise(actor=js_admin, enterprise=enterprise, reason="  ")
    assert errors_of(exc) == {"reason": ["请填写不予通过的理由"]}

    services.reject_enterprise(actor=js_admin, enterprise=enterprise, reason="名称与营业执照不符")
    enterprise.refresh_from_db()
    assert enterprise.status == "rejected"
    entry = AuditEntry.objects.get(action="enterprise.reject")
    assert entry.note == "名称与营业执照不符"
    assert entry.changes == {"status": ["pending", "rejected"]}

    with pytest.raises(ValidationError):  # only pending applications are rejected
        services.reject_enterprise(actor=js_admin, enterprise=enterprise, reason="再次")
    services.approve_enterprise(actor=js_admin, enterprise=enterprise)
    enterprise.refresh_from_db()
    assert enterprise.status == "active"


def test_approving_an_active_enterprise_is_refused(listed, reviewer):
    with pytest.raises(ValidationError) as exc:
        services.approve_enterprise(actor=reviewer, enterprise=listed)

    assert "已启用，无需审核" in exc.value.messages[0]


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


def test_enterprise_accounts_have_no_member_management(js):
    filer = register(js)

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
