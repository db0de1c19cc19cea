"""Build the demo: 江苏省 with its authority, a verification agency and five enterprises whose
quality control plans are at different stages; 河北省 with its authority to show that a province
sees only its own plans.

Idempotent: organisations and people are looked up before they are created, and an enterprise's
plan is built (in one transaction, through the plan services) only if it has none yet — so a
second run changes nothing. Passwords of existing accounts are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from tanhe.accounts.models import (
    ROLES_BY_KIND,
    Organisation,
    OrganisationKind,
    Province,
    Role,
    RoleAssignment,
    User,
)
from tanhe.demo import drawings
from tanhe.demo.enrolment import build_enrolment
from tanhe.demo.enterprises import ENTERPRISES, EnterpriseSpec, Person, credit_code
from tanhe.demo.methods import method_data
from tanhe.demo.reports import build_reports
from tanhe.identifiers import credit_code_problem
from tanhe.plans import services
from tanhe.plans.models import PlanVersion

DEMO_PASSWORD = "Tanhe-Demo-2026"

JIANGSU = ("320000", "江苏省")
HEBEI = ("130000", "河北省")
AGENCY_NAME = "江苏碳核查技术服务有限公司"
AGENCY_CODE = credit_code("91320105MA1YQ2RK0")


@dataclass(frozen=True)
class Login:
    username: str
    who: str
    organisation: str
    roles: str


@dataclass
class Demo:
    logins: list[Login]
    built: list[str]  # enterprises whose plan this run built
    kept: list[str]  # enterprises whose plan was already there
    reports_built: list[str] = field(default_factory=list)  # enterprises whose 年报 this run built
    reports_kept: list[str] = field(default_factory=list)


def build_demo(write: Callable[[str], Any] = lambda line: None, *, reports: bool = True) -> Demo:
    """Create what is missing of the demo and return the logins; ``write`` gets progress lines.
    ``reports``: also the enterprises' annual reports and monthly 存证 (``tanhe.demo.reports``)."""
    validate_password(DEMO_PASSWORD)
    jiangsu = _province(*JIANGSU)
    hebei = _province(*HEBEI)
    js_authority = _organisation(OrganisationKind.AUTHORITY, "江苏省生态环境厅", jiangsu)
    hb_authority = _organisation(OrganisationKind.AUTHORITY, "河北省生态环境厅", hebei)
    agency = _organisation(
        OrganisationKind.AGENCY,
        AGENCY_NAME,
        jiangsu,
        credit_code=AGENCY_CODE,
        registered_address="江苏省南京市建邺区江东中路369号",
        production_address="江苏省南京市建邺区江东中路369号",
        city="南京市",
        district="建邺区",
        postcode="210019",
    )
    logins: list[Login] = []

    def person(org: Organisation, who: Person, *roles: str, enterprise: bool = False) -> User:
        user = _user(org, who, roles, enterprise_account=enterprise)
        labels = "、".join(str(Role(r).label) for r in roles)
        logins.append(Login(user.username, user.display_name, org.name, labels))
        return user

    person(js_authority, Person("js-admin", "周敏", "zhoumin@sthjt.example.gov.cn"),
           Role.AUTHORITY_ADMIN)  # fmt: skip
    reviewer = person(js_authority, Person("js-reviewer", "王晓东", "wangxd@sthjt.example.gov.cn"),
                      Role.REVIEWER)  # fmt: skip
    person(hb_authority, Person("hb-reviewer", "刘建华", "liujh@hbepb.example.gov.cn"),
           Role.REVIEWER)  # fmt: skip
    person(agency, Person("agency-admin", "钱学军", "qianxj@jstanhe.example.cn"), Role.AGENCY_ADMIN)
    person(agency, Person("agency-lead", "陈立新", "chenlx@jstanhe.example.cn"), Role.LEAD_VERIFIER)
    person(agency, Person("agency-verifier", "孙悦", "sunyue@jstanhe.example.cn"), Role.VERIFIER)
    person(agency, Person("agency-tech", "赵敏", "zhaomin@jstanhe.example.cn"),
           Role.TECHNICAL_REVIEWER)  # fmt: skip

    demo = Demo(logins=logins, built=[], kept=[])
    for spec in ENTERPRISES:
        org = _enterprise(spec, jiangsu)
        filer = person(org, spec.filer, Role.ENTERPRISE_FILER, enterprise=True)
        if org.plan_versions.exists():
            demo.kept.append(org.name)
            write(f"  = {org.name}: plan already loaded")
            continue
        with transaction.atomic():
            build_plan(spec, org, filer, reviewer)
        demo.built.append(org.name)
        latest = org.plan_versions.order_by("-number").first()
        assert latest is not None
        write(f"  + {org.name}: 第{latest.number}版 {latest.get_state_display()}")
    build_enrolment(jiangsu, DEMO_PASSWORD, write)
    if reports:
        demo.reports_built, demo.reports_kept = build_reports(write)
    return demo


# -- organisations and people -------------------------------------------------------------------
def _province(code: str, name: str) -> Province:
    province, _ = Province.objects.get_or_create(code=code, defaults={"name": name})
    return province


def _organisation(kind: str, name: str, province: Province, **fields: Any) -> Organisation:
    org = Organisation.objects.filter(kind=kind, name=name).first()
    if org is None:
        org = Organisation.objects.create(kind=kind, name=name, province=province, **fields)
    return org


def _enterprise(spec: EnterpriseSpec, province: Province) -> Organisation:
    data = spec.organisation
    if credit_code_problem(data["credit_code"]) is not None:
        raise ValueError(f"invalid credit code {data['credit_code']}")
    org = Organisation.objects.filter(credit_code=data["credit_code"]).first()
    if org is None:
        org = Organisation.objects.create(province=province, **data)
    return org


def _user(
    org: Organisation, who: Person, roles: tuple[str, ...], *, enterprise_account: bool
) -> User:
    allowed = ROLES_BY_KIND[org.kind]
    if any(role not in allowed for role in roles):
        raise ValueError(f"roles {roles} do not belong to a {org.kind}")
    user = User.objects.filter(username=who.username).first()
    if user is None:
        user = User(
            username=who.username,
            organisation=org,
            display_name=who.display_name,
            email=who.email,
            phone=who.phone,
            is_enterprise_account=enterprise_account,
        )
        validate_password(DEMO_PASSWORD, user)
        user.set_password(DEMO_PASSWORD)
        user.save()
    for role in roles:
        RoleAssignment.objects.get_or_create(user=user, role=role)
    return user


# -- the plans ----------------------------------------------------------------------------------
def build_plan(spec: EnterpriseSpec, org: Organisation, filer: User, reviewer: User) -> None:
    """The enterprise's plan history, through the services, as its spec says."""
    version = services.create_plan(actor=filer, enterprise=org)
    fill_plan(spec, version, filer)
    if spec.review.outcome == "draft":
        return
    services.submit(actor=filer, version=version)
    if spec.review.outcome == "submitted":
        return
    for text in spec.review.comments:
        services.comment(actor=reviewer, version=version, text=text)
    if spec.review.outcome == "returned":
        services.return_for_correction(
            actor=reviewer, version=version, text=spec.review.decision_text
        )
        return
    services.approve(actor=reviewer, version=version, text=spec.review.decision_text)
    if spec.revision is not None:
        revision = services.create_revision(
            actor=filer,
            enterprise=org,
            reason=spec.revision.reason,
            reason_text=spec.revision.reason_text,
        )
        for unit_name, parameter, fuel, data in spec.revision.method_changes:
            method = revision.methods.get(unit__name=unit_name, parameter=parameter, fuel=fuel)
            services.update_method(actor=filer, method=method, data=data)


def fill_plan(spec: EnterpriseSpec, version: PlanVersion, filer: User) -> None:
    services.update_basic_info(actor=filer, version=version, data=spec.basic)
    units = {}
    products = {data["name"]: data["main_product"] for data in spec.units}
    for data in spec.units:
        fields = {k: v for k, v in data.items() if k != "main_product"}
        unit = services.add_unit(actor=filer, version=version, data=fields)
        services.set_main_product(actor=filer, unit=unit, product=data["main_product"])
        units[unit.name] = unit
    for unit_name, facilities in spec.facilities.items():
        for facility in facilities:
            services.add_facility(actor=filer, unit=units[unit_name], data=facility)
    if spec.merge is not None:
        names, reason, cases = spec.merge
        merged = services.merge_units(
            actor=filer,
            version=version,
            unit_ids=[units[n].pk for n in names],
            reason=reason,
            cases=cases,
        )
        services.set_main_product(actor=filer, unit=merged, product=products[names[0]])
    services.update_texts(actor=filer, version=version, data=spec.texts)
    if spec.complete:
        for method in version.methods.select_related("unit"):
            fields = dict(method_data(spec.profile, method.parameter, method.fuel) or {})
            fields |= spec.methods.get(f"{method.parameter} {method.fuel}".strip(), {})
            if fields:
                services.update_method(actor=filer, method=method, data=fields)
    _attach(spec, version, filer)


def _attach(spec: EnterpriseSpec, version: PlanVersion, filer: User) -> None:
    name = spec.organisation["name"]
    services.add_attachment(
        actor=filer,
        version=version,
        kind="org_chart",
        upload=drawings.org_chart_pdf(name, spec.org_chart),
        name="组织机构图.pdf",
        title=f"{name}组织机构图",
    )
    if not spec.complete:
        return  # the draft still lacks its site plan and process flow diagram
    services.add_attachment(
        actor=filer,
        version=version,
        kind="site_plan",
        upload=drawings.site_plan_pdf(name, spec.site, "比例示意，非测绘图"),
        name="厂区平面分布图.pdf",
        title=f"{name}厂区平面分布图",
    )
    services.add_attachment(
        actor=filer,
        version=version,
        kind="process_flow",
        upload=drawings.process_flow_pdf(name, spec.flow),
        name="生产工艺流程图.pdf",
        title=f"{name}生产工艺流程图",
    )
