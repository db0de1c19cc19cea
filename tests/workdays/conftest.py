"""Fixtures for the working-day calendar: who edits (an authority 管理员 of either province, the
operator) and who only reads (a reviewer, an enterprise account, an agency user); the calendar's
cache is emptied around every test (a rolled-back test's table must not linger in it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tanhe.accounts.models import Organisation, Province, Role
from tanhe.workdays import calendar
from tests.plans.conftest import make_enterprise, make_user


@pytest.fixture(autouse=True)
def _fresh_calendar() -> Iterator[None]:
    calendar.clear_cache()
    yield
    calendar.clear_cache()


@pytest.fixture
def provinces(db):
    return (
        Province.objects.create(code="320000", name="江苏省"),
        Province.objects.create(code="130000", name="河北省"),
    )


@pytest.fixture
def js_authority(provinces):
    return Organisation.objects.create(
        kind="authority", name="江苏省生态环境厅", province=provinces[0]
    )


@pytest.fixture
def admin(js_authority):
    return make_user(js_authority, "js-admin", Role.AUTHORITY_ADMIN, display_name="李管理")


@pytest.fixture
def hb_admin(provinces):
    org = Organisation.objects.create(
        kind="authority", name="河北省生态环境厅", province=provinces[1]
    )
    return make_user(org, "hb-admin", Role.AUTHORITY_ADMIN)


@pytest.fixture
def reviewer(js_authority):
    return make_user(js_authority, "js-reviewer", Role.REVIEWER)


@pytest.fixture
def operator(db):
    org = Organisation.objects.create(kind="operator", name="碳核平台运营")
    return make_user(org, "operator", Role.OPERATOR)


@pytest.fixture
def filer(provinces):
    enterprise = make_enterprise(provinces[0], "91110000MA0123456P", "示例发电有限公司")
    return make_user(enterprise, enterprise.credit_code, Role.ENTERPRISE_FILER,
                     is_enterprise_account=True)  # fmt: skip


@pytest.fixture
def agency_admin(db):
    org = Organisation.objects.create(kind="agency", name="江苏碳核查技术服务有限公司")
    return make_user(org, "agency-admin", Role.AGENCY_ADMIN)
