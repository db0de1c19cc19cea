"""Fixtures for accounts: two provinces with their authorities, an agency, registry enterprises."""

from __future__ import annotations

import os

import pytest

from tanhe.accounts.models import Organisation, Province, Role, RoleAssignment, User
from tanhe.identifiers import check_character

# Playwright's sync API runs an event loop in the test thread (see tests/web/conftest.py).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "Tanhe-2024-ok"  # 13 characters, 4 character classes


def code(first17: str) -> str:
    """A valid 统一社会信用代码 from its first 17 characters."""
    return first17 + check_character(first17)


def bad_check(valid: str) -> str:
    """The same code with a wrong check character."""
    wrong = "0" if valid[-1] != "0" else "1"
    return valid[:-1] + wrong


JS_CODE = "91110000MA0123456P"  # the worked example of tanhe.identifiers
NEW_CODE = code("91320100MA1N2B3C4")
HB_CODE = code("91130100MA0ABCDE1")


def make_user(org: Organisation | None, username: str, *roles: str, **kw) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, organisation=org, **kw)
    for role in roles:
        RoleAssignment.objects.create(user=user, role=role)
    return user


@pytest.fixture
def provinces(db):
    return (
        Province.objects.create(code="320000", name="江苏省"),
        Province.objects.create(code="130000", name="河北省"),
    )


@pytest.fixture
def js(provinces):
    return provinces[0]


@pytest.fixture
def hb(provinces):
    return provinces[1]


@pytest.fixture
def js_authority(js):
    return Organisation.objects.create(kind="authority", name="江苏省生态环境厅", province=js)


@pytest.fixture
def hb_authority(hb):
    return Organisation.objects.create(kind="authority", name="河北省生态环境厅", province=hb)


@pytest.fixture
def reviewer(js_authority):
    return make_user(js_authority, "js-reviewer", Role.REVIEWER, display_name="王审核")


@pytest.fixture
def js_admin(js_authority):
    return make_user(js_authority, "js-admin", Role.AUTHORITY_ADMIN, display_name="周管理")


@pytest.fixture
def hb_reviewer(hb_authority):
    return make_user(hb_authority, "hb-reviewer", Role.REVIEWER, display_name="河北审核")


@pytest.fixture
def agency(db):
    return Organisation.objects.create(kind="agency", name="中环联合核查中心")


@pytest.fixture
def agency_admin(agency):
    return make_user(agency, "agency-admin", Role.AGENCY_ADMIN, display_name="赵机构")


@pytest.fixture
def verifier(agency):
    return make_user(agency, "verifier1", Role.VERIFIER, display_name="钱核查")


def registry_enterprise(province, credit_code=JS_CODE, name="示例发电有限公司") -> Organisation:
    return Organisation.objects.create(
        kind="enterprise", name=name, province=province, credit_code=credit_code,
        permit_number="91110000MA0123456P001P", registered_address="江苏省南京市鼓楼区中山路1号",
        production_address="江苏省南京市栖霞区电厂路8号", city="南京市", district="栖霞区",
        postcode="210046", in_registry=True, status="active",
    )  # fmt: skip


@pytest.fixture
def listed(js, js_authority):
    """An enterprise in 江苏's 名录, without an account yet."""
    return registry_enterprise(js)


def registration(**overrides) -> dict:
    data = {
        "credit_code": NEW_CODE,
        "name": "新建热电有限公司",
        "password": PASSWORD,
        "contact_name": "李联系",
        "phone": "025-83456789",
        "email": "li@example.com",
    }
    data.update(overrides)
    return data


def apply_for(province, **overrides):
    """A waiting registration (注册申请) with ``registration()``'s data."""
    from tanhe.accounts import enrolment
    from tanhe.accounts.contact import ContactDetails

    data = registration(**overrides)
    return enrolment.submit_registration(
        credit_code=data["credit_code"],
        name=data["name"],
        password=data["password"],
        province=province,
        contact=ContactDetails(data["contact_name"], data["phone"], data["email"]),
    )


def open_account(province, reviewer, **overrides) -> User:
    """An enterprise account opened the usual way: applied for, approved by ``reviewer``."""
    from tanhe.accounts import enrolment

    registration_ = apply_for(province, **overrides)
    return enrolment.approve_registration(actor=reviewer, registration=registration_)
