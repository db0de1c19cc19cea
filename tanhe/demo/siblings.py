"""Four synthesized plants (名称标“合成”) for the verification demo (tanhe/demo/verification.py):
the five demo enterprises have one submitted 2025 report between them (泰州江畔's), and a
verification task needs one to go past acceptance. Each is 泰州江畔 again under another name,
credit code and filer — its plan approved through the plan services, its 2025 report built and
submitted through the report services from 泰州江畔's numbers with the monthly loads scaled (no
daily records, no 月度存证: a report, not the showcase of filing).

Idempotent: a plant that already has its 2025 report is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db import transaction

from tanhe.accounts.models import Organisation, Province, Role, User
from tanhe.demo.enterprises import TAIZHOU, EnterpriseSpec, Person, credit_code
from tanhe.demo.province import DEMO_PASSWORD, _enterprise, _user, build_plan
from tanhe.demo.reports import (
    DATA_YEAR,
    _Builder,
    submit_coal_report,
    taizhou_months,
    taizhou_tests,
)

SYNTH_MARK = "（合成）"


@dataclass(frozen=True)
class Sibling:
    key: str
    name: str
    code: str
    filer: str  # the filer's name
    legal_representative: str
    load_scale: str


SIBLINGS = (
    Sibling("taixing", "泰兴滨江发电有限公司", credit_code("91321283MA1TX5K2P"), "钱卫东", "孔德明",
            "0.94"),
    Sibling("jiangdu", "扬州江都沿江发电有限公司", credit_code("91321012MA1JD7R3Q"), "李红梅",
            "吴国强", "1.03"),
    Sibling("dantu", "镇江丹徒江岸发电有限公司", credit_code("91321112MA1DT4W8N"), "周建平",
            "胡立新", "0.97"),
    Sibling("liuhe", "南京六合滨江发电有限公司", credit_code("91320116MA1LH6C9M"), "郑晓燕",
            "冯志刚", "1.06"),
)  # fmt: skip


def sibling_spec(sibling: Sibling) -> EnterpriseSpec:
    """泰州江畔's spec under the sibling's name, credit code and filer."""
    name = sibling.name + SYNTH_MARK
    base = TAIZHOU.organisation["name"]
    email = f"{sibling.key}@synth.example.cn"
    return replace(
        TAIZHOU,
        key=sibling.key,
        organisation=TAIZHOU.organisation
        | {
            "name": name,
            "credit_code": sibling.code,
            "permit_number": f"{sibling.code}001P",
            "legal_representative": sibling.legal_representative,
        },
        filer=Person(sibling.code, sibling.filer, email, TAIZHOU.filer.phone),
        basic=TAIZHOU.basic
        | {"plan_author": sibling.filer, "contact_person": sibling.filer, "contact_email": email},
        texts={k: v.replace(base, name) for k, v in TAIZHOU.texts.items()},
    )


SPECS = tuple(sibling_spec(s) for s in SIBLINGS)


def build_siblings(
    province: Province, reviewer: User, write: Callable[[str], Any] = lambda line: None
) -> list[Organisation]:
    """The synthesized plants with their approved plan and submitted 2025 report."""
    out = []
    for sibling, spec in zip(SIBLINGS, SPECS, strict=True):
        org = _enterprise(spec, province)
        filer = _user(org, spec.filer, (Role.ENTERPRISE_FILER,), enterprise_account=True)
        if org.reports.filter(year=DATA_YEAR).exists():
            write(f"  = {org.name}: already loaded")
            out.append(org)
            continue
        with transaction.atomic():
            if not org.plan_versions.exists():
                build_plan(spec, org, filer, reviewer)
            builder = _Builder(spec, org, filer, write)
            scale = Decimal(sibling.load_scale)
            months = {u: taizhou_months(u, scale) for u in ("1号机组", "2号机组")}
            for month in (m for ms in months.values() for m in ms):
                for fuel in month.fuels.values():
                    fuel.daily = []  # monthly values only
            builder.fill(months)
            taizhou_tests(builder)
            builder.must_autocalc()
            submit_coal_report(builder)
        write(f"  + {org.name}: 质量控制计划已备案，{DATA_YEAR}年报已提交（密码 {DEMO_PASSWORD}）")
        out.append(org)
    return out
