"""Who gets in (tanhe.accounts.enrolment): registrations wait for the province, activation codes
open 名录 enterprises' accounts, and nothing else does — issue #7, findings 1–3."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tanhe.accounts import activation, enrolment, services
from tanhe.accounts import permissions as perm
from tanhe.accounts.contact import ContactDetails
from tanhe.accounts.models import (
    ActivationCode,
    Organisation,
    Registration,
    RegistrationStatus,
    Role,
    User,
)
from tanhe.accounts.registry import RegistryErrors, RegistryRow
from tanhe.audit.models import AuditEntry

from .conftest import HB_CODE, JS_CODE, NEW_CODE, PASSWORD, bad_check, make_user

ONE_ACCOUNT = "该统一社会信用代码已注册报送账号（一个统一社会信用代码只能注册一个账号）"
CONTACT = ContactDetails("李联系", "025-83456789", "li@example.com")


def apply(province, *, code=NEW_CODE, name="新建热电有限公司", password=PASSWORD, contact=CONTACT):
    return enrolment.submit_registration(
        credit_code=code, name=name, password=password, province=province, contact=contact
    )


def activate(code: str, plaintext: str, *, contact=CONTACT, password=PASSWORD) -> User:
    return activation.activate_account(
        credit_code=code, activation_code=plaintext, contact=contact, password=password
    )


def row(code: str, name: str, number: int = 2) -> RegistryRow:
    return RegistryRow(
        row=number, name=name, code_type="统一社会信用代码", credit_code=code,
        permit_number=f"{code}001P", registered_address="江苏省南京市", production_address="江苏省南京市",
    )  # fmt: skip


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# ---------------------------------------------------------------- registration (注册申请)


def test_a_registration_opens_no_account_until_the_province_approves(js, reviewer):
    registration = apply(js, code=" " + NEW_CODE.lower() + " ")

    assert registration.status == RegistrationStatus.PENDING
    assert registration.credit_code == NEW_CODE
    assert registration.province == js
    assert len(registration.reference) == 12
    assert registration.password != PASSWORD  # only Django's hash is kept
    assert not User.objects.filter(username=NEW_CODE).exists()
    assert not Organisation.objects.filter(credit_code=NEW_CODE).exists()
    entry = AuditEntry.objects.get(action="registration.submit")
    assert entry.actor is None and entry.actor_name == "李联系"
    assert entry.changes["credit_code"] == [None, NEW_CODE]

    user = enrolment.approve_registration(actor=reviewer, registration=registration)

    enterprise = user.organisation
    assert user.username == NEW_CODE and user.is_enterprise_account
    assert user.check_password(PASSWORD)  # the password chosen when applying
    assert (user.display_name, user.phone, user.email) == (
        "李联系",
        "025-83456789",
        "li@example.com",
    )
    assert user.role_set() == {Role.ENTERPRISE_FILER}
    assert (enterprise.name, enterprise.province, enterprise.status) == (
        "新建热电有限公司",
        js,
        "active",
    )
    assert not enterprise.in_registry
    assert perm.can_file(user, enterprise)
    registration.refresh_from_db()
    assert (registration.status, registration.decided_by, registration.account) == (
        "approved",
        reviewer,
        user,
    )
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        "registration.submit",
        "enterprise.create",
        "account.open",
        "registration.approve",
    ]


def test_finding_1_a_wrong_name_for_a_registry_code_discloses_nothing_and_opens_nothing(
    listed, js, reviewer
):
    """Finding 1: the error named the 名录 name; posting again with it opened the account."""
    first = apply(js, code=JS_CODE, name="随便写的名称有限公司")
    second = apply(js, code=JS_CODE, name=listed.name)  # the exact 名录 name, as a squatter could

    for registration in (first, second):
        assert registration.status == RegistrationStatus.PENDING
    assert not User.objects.filter(username=JS_CODE).exists()
    assert not listed.users.exists()


def test_registration_answers_alike_whether_or_not_the_code_is_in_a_registry(listed, js, hb):
    """The applicant learns nothing of the 名录: the same result, no registry name anywhere."""
    in_registry = apply(hb, code=JS_CODE, name="冒名顶替有限公司")
    unknown = apply(hb, code=NEW_CODE, name="冒名顶替有限公司")

    assert type(in_registry) is type(unknown) is Registration
    assert in_registry.status == unknown.status == RegistrationStatus.PENDING
    # …but the authority that holds the code decides: the 名录's province, not the chosen one.
    assert in_registry.province == js
    assert unknown.province == hb


def test_finding_2_a_squatter_before_the_import_is_neither_activated_nor_renamed(js, reviewer):
    """Finding 2: a pending self-registration was activated and renamed by the later import, and
    the real enterprise could then not register."""
    squat = apply(js, code=NEW_CODE, name="冒名顶替有限公司")

    services.import_registry(actor=reviewer, rows=[row(NEW_CODE, "真正的热电有限公司")])

    squat.refresh_from_db()
    assert squat.status == RegistrationStatus.PENDING and squat.name == "冒名顶替有限公司"
    assert not User.objects.filter(username=NEW_CODE).exists()
    enterprise = Organisation.objects.get(credit_code=NEW_CODE)
    assert enterprise.name == "真正的热电有限公司" and enterprise.in_registry
    assert not enterprise.users.exists()
    # The real enterprise gets in with its activation code; the squatter's claim lapses.
    issued = activation.issue_activation_code(actor=reviewer, enterprise=enterprise)
    user = activate(NEW_CODE, issued.plaintext)
    assert user.organisation == enterprise
    squat.refresh_from_db()
    assert squat.status == RegistrationStatus.SUPERSEDED
    assert AuditEntry.objects.filter(action="registration.supersede", object_id=str(squat.pk))


def test_the_real_enterprise_can_apply_beside_a_waiting_squatter(js, reviewer):
    squat = apply(js, name="冒名顶替有限公司")
    real = apply(
        js, name="新建热电有限公司", contact=ContactDetails("王真", "13800000000", "w@x.cn")
    )

    enrolment.reject_registration(actor=reviewer, registration=squat, reason="营业执照不符")
    user = enrolment.approve_registration(actor=reviewer, registration=real)

    assert user.organisation.name == "新建热电有限公司"
    assert user.display_name == "王真"


def test_approving_one_application_supersedes_the_others(js, reviewer):
    first = apply(js)
    second = apply(js, name="另一家公司")

    enrolment.approve_registration(actor=reviewer, registration=first)

    second.refresh_from_db()
    assert second.status == RegistrationStatus.SUPERSEDED
    with pytest.raises(ValidationError, match="已处理"):
        enrolment.approve_registration(actor=reviewer, registration=second)


def test_finding_3_a_code_rejected_by_one_province_is_not_activated_by_anothers_import(
    js, hb, reviewer, hb_reviewer
):
    """Finding 3: a registration 江苏 rejected was moved to 河北 and activated by its import."""
    rejected = apply(js)
    enrolment.reject_registration(actor=reviewer, registration=rejected, reason="不属实")
    again = apply(hb)  # the same claimant tries 河北

    services.import_registry(actor=hb_reviewer, rows=[row(NEW_CODE, "新建热电有限公司")])

    assert not User.objects.filter(username=NEW_CODE).exists()
    rejected.refresh_from_db()
    again.refresh_from_db()
    assert rejected.status == RegistrationStatus.REJECTED and rejected.province == js
    assert again.status == RegistrationStatus.PENDING


def test_an_import_never_moves_an_enterprise_another_province_holds(js, hb, reviewer, hb_reviewer):
    user = enrolment.approve_registration(actor=reviewer, registration=apply(js))

    with pytest.raises(RegistryErrors) as exc:
        services.import_registry(actor=hb_reviewer, rows=[row(NEW_CODE, "新建热电有限公司")])

    assert "该单位由江苏省管理，不能列入本省名录" in str(exc.value.errors[0])
    user.organisation.refresh_from_db()
    assert user.organisation.province == js and not user.organisation.in_registry


def test_an_import_of_the_own_province_updates_registry_fields_but_not_the_account(js, reviewer):
    user = enrolment.approve_registration(actor=reviewer, registration=apply(js))

    services.import_registry(actor=reviewer, rows=[row(NEW_CODE, "新建热电有限公司（名录名称）")])

    user.refresh_from_db()
    enterprise = user.organisation
    assert enterprise.in_registry and enterprise.name == "新建热电有限公司（名录名称）"
    assert user.is_active and user.username == NEW_CODE and user.organisation_id == enterprise.pk


def test_approval_of_a_code_held_by_another_province_is_refused(js, hb, hb_reviewer, reviewer):
    waiting = apply(hb)
    services.import_registry(actor=reviewer, rows=[row(NEW_CODE, "新建热电有限公司")])
    waiting.province = hb  # the application stays where it was filed
    waiting.save(update_fields=["province"])

    with pytest.raises(ValidationError, match="属于江苏省，不能由本省批准"):
        enrolment.approve_registration(actor=hb_reviewer, registration=waiting)
    assert not User.objects.filter(username=NEW_CODE).exists()


def test_approving_a_registry_code_keeps_the_registry_data(listed, js, reviewer):
    claim = apply(js, code=JS_CODE, name="示例发电公司")

    user = enrolment.approve_registration(actor=reviewer, registration=claim)

    assert user.organisation == listed
    listed.refresh_from_db()
    assert listed.name == "示例发电有限公司"  # the 名录's, not the applicant's


def test_only_the_provinces_authority_decides(js, hb_reviewer, agency_admin, js_authority):
    registration = apply(js)
    filer_like = make_user(js_authority, "someone", display_name="无角色")

    for actor in (hb_reviewer, agency_admin, filer_like):
        with pytest.raises(PermissionDenied):
            enrolment.approve_registration(actor=actor, registration=registration)
        with pytest.raises(PermissionDenied):
            enrolment.reject_registration(actor=actor, registration=registration, reason="x")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING


def test_rejection_needs_a_clean_reason(js, reviewer):
    registration = apply(js)

    with pytest.raises(ValidationError, match="请填写不予通过的理由"):
        enrolment.reject_registration(actor=reviewer, registration=registration, reason="  ")
    with pytest.raises(ValidationError, match="不可见的控制字符"):
        enrolment.reject_registration(actor=reviewer, registration=registration, reason="a\x00b")
    with pytest.raises(ValidationError, match="500"):
        enrolment.reject_registration(actor=reviewer, registration=registration, reason="字" * 501)

    enrolment.reject_registration(actor=reviewer, registration=registration, reason="名称不符")
    registration.refresh_from_db()
    assert (registration.status, registration.reason) == ("rejected", "名称不符")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "请填写统一社会信用代码"),
        ("91320100MA1N2B3C", "统一社会信用代码应为 18 位"),
        ("91320100MA1N2B3CIO", "不使用 I、O、S、V、Z"),
        ("9132A100MA1N2B3C4X", "第 3–8 位为数字"),
        (bad_check(NEW_CODE), "统一社会信用代码校验位（第 18 位）与前 17 位不符，请逐位核对"),
        ("9132٣100MA1N2B3C4X", "统一社会信用代码应为 18 位"),  # an Arabic-Indic digit
    ],
)
def test_bad_credit_codes_are_refused_with_the_reason(js, value, message):
    with pytest.raises(ValidationError) as exc:
        apply(js, code=value)
    assert any(message in m for m in errors_of(exc)["credit_code"])


def test_full_width_credit_codes_are_the_same_code(js):
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in NEW_CODE)

    assert apply(js, code=full_width).credit_code == NEW_CODE


def test_registration_names_every_problem_at_once(js):
    with pytest.raises(ValidationError) as exc:
        enrolment.submit_registration(
            credit_code="", name="", password="", province=None,
            contact=ContactDetails("", "12", "not-an-email"),
        )  # fmt: skip
    assert set(errors_of(exc)) == {
        "credit_code", "name", "province", "contact_name", "phone", "email", "password"
    }  # fmt: skip


@pytest.mark.parametrize("bad", ["名称\x00", "名称\u202e"])
def test_control_characters_are_refused_in_the_name(js, bad):
    with pytest.raises(ValidationError) as exc:
        apply(js, name=bad)
    assert "不可见的控制字符" in errors_of(exc)["name"][0]


def test_a_code_with_an_account_cannot_apply_again(js, reviewer):
    enrolment.approve_registration(actor=reviewer, registration=apply(js))

    with pytest.raises(ValidationError) as exc:
        apply(js)
    assert errors_of(exc)["credit_code"] == [ONE_ACCOUNT]


def test_junk_applications_never_block_the_real_enterprise(js, reviewer):
    """A squatter may file as often as the address limit allows; the real enterprise can
    always apply too (review finding: five junk applications blocked it)."""
    for number in range(8):
        apply(js, name=f"冒名顶替{number}有限公司")
    real = apply(
        js, name="新建热电有限公司", contact=ContactDetails("王真", "13800000000", "w@x.cn")
    )

    user = enrolment.approve_registration(actor=reviewer, registration=real)

    assert user.organisation.name == "新建热电有限公司"
    assert Registration.objects.filter(status="superseded").count() == 8


def test_other_kinds_of_organisation_cannot_be_claimed(js, agency):
    agency.credit_code = NEW_CODE
    agency.save()
    with pytest.raises(ValidationError, match="属于其他类型的机构"):
        apply(js)


# ---------------------------------------------------------------- activation codes (激活码)


def test_an_activation_code_opens_the_registry_enterprises_account_once(listed, reviewer):
    issued = activation.issue_activation_code(actor=reviewer, enterprise=listed)

    assert len(issued.plaintext) == 19  # ABCD-EFGH-JKMN-PQRS
    code = issued.code
    assert code.digest != issued.plaintext and issued.plaintext.replace("-", "") not in code.digest
    assert code.expires_at - code.issued_at == timedelta(days=30)
    entry = AuditEntry.objects.get(action="activation_code.issue")
    assert issued.plaintext not in str(entry.changes) and issued.plaintext not in entry.note

    # typed in lower case with spaces, as people do
    user = activate(JS_CODE.lower(), " " + issued.plaintext.lower().replace("-", " ") + " ")

    assert user.organisation == listed and user.username == JS_CODE
    assert perm.can_file(user, listed)
    code.refresh_from_db()
    assert code.used_at is not None and code.account == user
    with pytest.raises(ValidationError) as exc:  # single use
        activate(JS_CODE, issued.plaintext)
    assert "activation_code" in errors_of(exc) or "credit_code" in errors_of(exc)


def test_a_refused_activation_says_the_same_whatever_the_cause(listed, js, reviewer):
    other = services.import_registry(actor=reviewer, rows=[row(NEW_CODE, "另一家")]).created[0]
    mine = activation.issue_activation_code(actor=reviewer, enterprise=listed)
    theirs = activation.issue_activation_code(actor=reviewer, enterprise=other)
    messages = set()
    attempts = [
        (JS_CODE, "AAAA-BBBB-CCCC-DDDD"),  # unknown code
        (JS_CODE, theirs.plaintext),  # another enterprise's code
        (HB_CODE, mine.plaintext),  # a code not in any registry
    ]
    for credit_code, plaintext in attempts:
        with pytest.raises(activation.ActivationRefused) as exc:
            activate(credit_code, plaintext)
        messages.add(tuple(exc.value.messages))
    assert len(messages) == 1
    (message,) = messages
    assert listed.name not in message[0] and "示例" not in message[0]
    assert not listed.users.exists()


def test_expired_and_revoked_codes_are_refused(listed, reviewer):
    expired = activation.issue_activation_code(actor=reviewer, enterprise=listed)
    ActivationCode.objects.filter(pk=expired.code.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(activation.ActivationRefused):
        activate(JS_CODE, expired.plaintext)

    revoked = activation.issue_activation_code(actor=reviewer, enterprise=listed)
    activation.revoke_activation_code(actor=reviewer, code=revoked.code)
    with pytest.raises(activation.ActivationRefused):
        activate(JS_CODE, revoked.plaintext)
    assert AuditEntry.objects.filter(action="activation_code.revoke").count() == 1


def test_reissuing_revokes_the_earlier_code(listed, reviewer):
    first = activation.issue_activation_code(actor=reviewer, enterprise=listed)
    second = activation.issue_activation_code(actor=reviewer, enterprise=listed)

    with pytest.raises(activation.ActivationRefused):
        activate(JS_CODE, first.plaintext)
    assert activate(JS_CODE, second.plaintext).organisation == listed
    entry = AuditEntry.objects.filter(action="activation_code.issue").order_by("-id").first()
    assert entry.changes["revoked_codes"] == [None, 1]


def test_only_the_provinces_authority_issues_codes_and_only_without_an_account(
    listed, reviewer, hb_reviewer, agency_admin
):
    for actor in (hb_reviewer, agency_admin):
        with pytest.raises(PermissionDenied):
            activation.issue_activation_code(actor=actor, enterprise=listed)
    issued = activation.issue_activation_code(actor=reviewer, enterprise=listed)
    activate(JS_CODE, issued.plaintext)

    with pytest.raises(ValidationError, match="报送账号已开通"):
        activation.issue_activation_code(actor=reviewer, enterprise=listed)


def test_activation_checks_the_contact_and_password(listed, reviewer):
    issued = activation.issue_activation_code(actor=reviewer, enterprise=listed)

    with pytest.raises(ValidationError) as exc:
        activate(JS_CODE, issued.plaintext, contact=ContactDetails("", "1", "x"), password="short")
    assert set(errors_of(exc)) == {"contact_name", "phone", "email", "password"}
    assert ActivationCode.objects.get(pk=issued.code.pk).used_at is None  # not spent


def test_activation_supersedes_waiting_claims_on_the_code(listed, js, reviewer):
    claim = apply(js, code=JS_CODE, name=listed.name)
    issued = activation.issue_activation_code(actor=reviewer, enterprise=listed)

    activate(JS_CODE, issued.plaintext)

    claim.refresh_from_db()
    assert claim.status == RegistrationStatus.SUPERSEDED
    with pytest.raises(ValidationError):
        enrolment.approve_registration(actor=reviewer, registration=claim)


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
        apply(js, password=password)

    assert any(message in m for m in errors_of(exc)["password"])


def test_password_with_ten_characters_of_three_classes_is_accepted(js, reviewer):
    registration = apply(js, password="Abcdefgh1!")
    user = enrolment.approve_registration(actor=reviewer, registration=registration)

    assert user.check_password("Abcdefgh1!")


def test_names_compare_without_spaces_and_bracket_widths():
    """The registry page's hint beside a claim (never a decision)."""
    assert services.same_name("华能（南京）热电有限公司", "华能(南京) 热电有限公司")
    assert not services.same_name("华能（南京）热电有限公司", "华能（苏州）热电有限公司")


# ---------------------------------------------------------------- review findings


def test_activation_makes_a_waiting_enterprise_active(js, reviewer):
    """An enterprise row from before registrations (pending or rejected) opens as active."""
    old = Organisation.objects.create(
        kind="enterprise", name="旧申请热电", province=js, credit_code=NEW_CODE, status="rejected"
    )
    issued = activation.issue_activation_code(actor=reviewer, enterprise=old)

    user = activate(NEW_CODE, issued.plaintext)

    old.refresh_from_db()
    assert old.status == "active" and perm.can_file(user, old)


def test_approval_revokes_a_code_still_usable(listed, js, reviewer):
    issued = activation.issue_activation_code(actor=reviewer, enterprise=listed)

    enrolment.approve_registration(actor=reviewer, registration=apply(js, code=JS_CODE))

    assert ActivationCode.objects.get(pk=issued.code.pk).revoked_at is not None
    with pytest.raises(activation.ActivationRefused):  # the one answer, not "account exists"
        activate(JS_CODE, issued.plaintext)


def test_a_row_no_province_holds_may_be_taken_over(js, hb, reviewer, hb_reviewer):
    """An older squatter's row in the wrong province does not block the real province."""
    Organisation.objects.create(
        kind="enterprise", name="冒名顶替", province=hb, credit_code=NEW_CODE, status="pending"
    )

    routed = apply(js)
    assert routed.province == js  # no province holds the row: the applicant's choice stands
    services.import_registry(actor=reviewer, rows=[row(NEW_CODE, "新建热电有限公司")])

    enterprise = Organisation.objects.get(credit_code=NEW_CODE)
    assert (enterprise.province, enterprise.name, enterprise.in_registry) == (
        js,
        "新建热电有限公司",
        True,
    )
    user = enrolment.approve_registration(actor=reviewer, registration=routed)
    assert user.organisation == enterprise


def test_approval_takes_over_a_row_no_province_holds(js, hb, reviewer):
    Organisation.objects.create(
        kind="enterprise", name="冒名顶替", province=hb, credit_code=NEW_CODE, status="rejected"
    )

    user = enrolment.approve_registration(actor=reviewer, registration=apply(js))

    enterprise = user.organisation
    assert (enterprise.province, enterprise.name, enterprise.status) == (
        js,
        "新建热电有限公司",
        "active",
    )


def test_the_email_refuses_a_right_to_left_override(js):
    with pytest.raises(ValidationError) as exc:
        apply(js, contact=ContactDetails("李联系", "025-83456789", "a@ex\u202eample.com"))
    assert "不可见的控制字符" in errors_of(exc)["email"][0]


def test_legacy_pending_accounts_become_registrations(js, hb):
    """Migration 0003: a pending or rejected self-registration's account becomes an
    application with its password, time and refusal reason; the account is retired."""
    import importlib

    from django.apps import apps as django_apps

    from tanhe.audit.models import AuditEntry

    migration = importlib.import_module(
        "tanhe.accounts.migrations.0003_registrations_from_pending_accounts"
    )
    org = Organisation.objects.create(
        kind="enterprise", name="老注册热电", province=js, credit_code=NEW_CODE, status="rejected"
    )
    old = make_user(org, NEW_CODE, Role.ENTERPRISE_FILER, is_enterprise_account=True,
                    display_name="老联系人", phone="025-1234567", email="old@example.cn")  # fmt: skip
    # the row an old release wrote (the action is retired: record() no longer takes it)
    AuditEntry.objects.create(action="enterprise.reject", object_type="accounts.organisation",
                              object_id=str(org.pk), note="营业执照不符")  # fmt: skip

    migration.forwards(django_apps, None)

    registration = Registration.objects.get(credit_code=NEW_CODE)
    assert (registration.status, registration.reason, registration.contact_name) == (
        "rejected",
        "营业执照不符",
        "老联系人",
    )
    assert registration.created_at == org.created_at
    old.refresh_from_db()
    assert not old.is_active and not old.is_enterprise_account and old.username != NEW_CODE
    assert old.check_password(PASSWORD) and registration.password == old.password
