# ruff: noqa: E501  (data module: one application per line)
"""The demo's ways in: 名录 enterprises of 江苏 without an account yet (the authority issues an
activation code from the 名录 page, the plant opens its account with it), a registration that
claims one of them under another name (the authority sees it beside the 名录 data), and a
registration for a code no 名录 holds. Idempotent: nothing is added twice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tanhe.accounts import enrolment
from tanhe.accounts.contact import ContactDetails
from tanhe.accounts.models import Organisation, OrganisationKind, Province, Registration
from tanhe.demo.enterprises import credit_code

NANTONG_CODE = credit_code("91320600MA1P8TQ3W")
YANCHENG_CODE = credit_code("91320900MA1Q2LX7K")
SUZHOU_CODE = credit_code("91320594MA1R5HN2D")

# 名录 enterprises with no account: each waits for its activation code.
WAITING: tuple[dict[str, Any], ...] = (
    {
        "name": "南通海港发电有限公司",
        "credit_code": NANTONG_CODE,
        "registered_address": "江苏省南通市通州区滨江大道88号",
        "production_address": "江苏省南通市通州区滨江大道88号",
        "city": "南通市",
        "district": "通州区",
        "postcode": "226300",
    },
    {
        "name": "盐城滨海热电有限公司",
        "credit_code": YANCHENG_CODE,
        "registered_address": "江苏省盐城市滨海县沿海工业园区港城路6号",
        "production_address": "江苏省盐城市滨海县沿海工业园区港城路6号",
        "city": "盐城市",
        "district": "滨海县",
        "postcode": "224500",
    },
)

# (credit code, name as applied, contact): a claim on 盐城滨海 under another name, and a new code.
APPLICATIONS = (
    (YANCHENG_CODE, "盐城滨海能源科技有限公司", ContactDetails("马强", "13905150178", "maqiang@example.cn")),
    (SUZHOU_CODE, "苏州工业园区蓝天热电有限公司", ContactDetails("沈佳", "0512-62887766", "shenjia@lantian.example.cn")),
)  # fmt: skip


def build_enrolment(province: Province, password: str, write: Callable[[str], Any]) -> None:
    for data in WAITING:
        if not Organisation.objects.filter(credit_code=data["credit_code"]).exists():
            Organisation.objects.create(
                kind=OrganisationKind.ENTERPRISE,
                province=province,
                in_registry=True,
                permit_number=f"{data['credit_code']}001P",
                industry_code="4411",
                **data,
            )
            write(f"  + {data['name']}: 名录内，尚未开通账号（在排放单位名录页发放激活码）")
    for code, name, contact in APPLICATIONS:
        if not Registration.objects.filter(credit_code=code).exists():
            registration = enrolment.submit_registration(
                credit_code=code, name=name, password=password, province=province, contact=contact
            )
            write(f"  + 注册申请 {registration.reference} {name}: 待审核")
