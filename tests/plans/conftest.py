"""Fixtures for the 质量控制计划: two provinces, their authorities, enterprises and accounts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tanhe.accounts.models import Organisation, Province, Role, RoleAssignment, User
from tanhe.plans import services

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_user(org: Organisation, username: str, *roles: str, **kw) -> User:
    user = User.objects.create_user(
        username=username, password="Xx-12345678", organisation=org, **kw
    )
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
def authority(provinces):
    return Organisation.objects.create(
        kind="authority", name="江苏省生态环境厅", province=provinces[0]
    )


@pytest.fixture
def reviewer(authority):
    return make_user(authority, "js-reviewer", Role.REVIEWER, display_name="王审核")


@pytest.fixture
def other_reviewer(provinces):
    org = Organisation.objects.create(
        kind="authority", name="河北省生态环境厅", province=provinces[1]
    )
    return make_user(org, "hb-reviewer", Role.REVIEWER)


def make_enterprise(province, code: str, name: str, *, in_registry: bool = True) -> Organisation:
    return Organisation.objects.create(
        kind="enterprise", name=name, province=province, credit_code=code,
        permit_number="91320000000000000X001P", registered_address="江苏省南京市鼓楼区中山路1号",
        production_address="江苏省南京市栖霞区电厂路8号", city="南京市", district="栖霞区",
        postcode="210046", nature="state_owned", legal_representative="张三",
        registered_capital=Decimal("120000"), industry_code="4411", in_registry=in_registry,
    )  # fmt: skip


@pytest.fixture
def enterprise(provinces, authority):
    return make_enterprise(provinces[0], "91110000MA0123456P", "示例发电有限公司")


@pytest.fixture
def filer(enterprise):
    return make_user(enterprise, enterprise.credit_code, Role.ENTERPRISE_FILER,
                     is_enterprise_account=True)  # fmt: skip


@pytest.fixture
def other_enterprise(provinces, authority):
    org = make_enterprise(provinces[0], "91320500MA1MXYK12M", "江南燃气热电有限公司")
    make_user(org, org.credit_code, Role.ENTERPRISE_FILER, is_enterprise_account=True)
    return org


COAL_UNIT = {
    "name": "1号机组", "unit_type": "coal", "subtype": "conventional", "fuel_type": "coal",
    "fuel_names": ["bituminous", "diesel"], "capacity_mw": "660", "data_source": "nameplate",
}  # fmt: skip


def complete_plan(actor, version):
    """Fill every section so that the version can be submitted."""
    services.update_basic_info(actor=actor, version=version, data={
        "registration_date": "2005-06-01", "plan_author": "李工", "contact_person": "李工",
        "contact_phone": "025-12345678", "contact_email": "li@example.com",
    })  # fmt: skip
    unit = services.add_unit(actor=actor, version=version, data=COAL_UNIT)
    services.add_facility(actor=actor, unit=unit, data={
        "category": "boiler", "code": "MF0001", "name": "1号锅炉", "boiler_type": "煤粉锅炉",
        "model": "HG-2100/25.4", "capacity_tph": "2100", "location": "主厂房东侧",
    })  # fmt: skip
    services.set_main_product(actor=actor, unit=unit, product="electricity")
    services.update_texts(actor=actor, version=version, data={
        "process_description": "煤粉锅炉产生蒸汽驱动汽轮发电机组发电。",
        "boundary_description": "核算边界为1号机组的锅炉、汽轮机和发电机。",
        "qa_text": "由生产技术部负责计划的制定、修订和执行。",
    })  # fmt: skip
    for method in version.methods.filter(method_type="measured"):
        services.update_method(actor=actor, method=method, data={"device_model": "皮带秤 ICS-20"})
    for kind in ("org_chart", "site_plan", "process_flow"):
        services.add_attachment(
            actor=actor, version=version, kind=kind, upload=PNG, name=f"{kind}.png"
        )
    return unit
