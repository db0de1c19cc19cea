"""The demo data: built once, unchanged by a second run, every enterprise at its stage."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from tanhe.accounts.models import ROLES_BY_KIND, Organisation, Registration, RoleAssignment, User
from tanhe.audit.models import AuditEntry
from tanhe.demo import DEMO_PASSWORD, build_demo
from tanhe.demo.enterprises import ENTERPRISES
from tanhe.demo.siblings import SPECS as SIBLING_SPECS
from tanhe.documents.models import StoredFile
from tanhe.identifiers import credit_code_problem
from tanhe.plans import selectors
from tanhe.plans.models import (
    PlanAttachment,
    PlanComment,
    PlanFacility,
    PlanMethod,
    PlanSubmission,
    PlanUnit,
    PlanVersion,
)
from tanhe.plans.validation import plan_problems

pytestmark = pytest.mark.django_db

MODELS = (Organisation, User, RoleAssignment, PlanVersion, PlanUnit, PlanFacility, PlanMethod,
          PlanAttachment, PlanComment, PlanSubmission, StoredFile, AuditEntry,
          Registration)  # fmt: skip
# enterprise key → (latest version number, its state)
STAGES = {
    "taizhou": (1, "approved"),
    "xidong": (1, "submitted"),
    "wujiang": (1, "returned"),
    "jiawang": (2, "draft"),
    "suyu": (1, "draft"),
}


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _enterprise(key: str) -> Organisation:
    spec = next(s for s in ENTERPRISES if s.key == key)
    return Organisation.objects.get(credit_code=spec.organisation["credit_code"])


@pytest.fixture
def demo():
    return build_demo(reports=False)


def test_a_second_run_changes_nothing(demo):
    first = _counts()
    passwords = dict(User.objects.values_list("username", "password"))
    again = build_demo(reports=False)
    assert _counts() == first
    assert dict(User.objects.values_list("username", "password")) == passwords
    assert again.built == [] and len(again.kept) == 5
    # five enterprises with accounts, two 名录 enterprises without, two authorities, one agency
    assert first["Organisation"] == 5 + 2 + 3


def test_every_enterprise_is_at_its_stage(demo):
    assert len(ENTERPRISES) == len(STAGES) == 5
    for key, (number, state) in STAGES.items():
        latest = _enterprise(key).plan_versions.order_by("-number").first()
        assert (latest.number, latest.state) == (number, state), key


def test_the_complete_plans_pass_validation_and_the_draft_does_not(demo):
    for version in PlanVersion.objects.exclude(enterprise=_enterprise("suyu")):
        assert plan_problems(version) == [], str(version)
    draft = _enterprise("suyu").plan_versions.get()
    sections = {p.section for p in plan_problems(draft)}
    assert {"basic", "boundary", "methods", "qa", "attachments"} <= sections


def test_review_history_of_each_plan(
    demo,
):
    taizhou = _enterprise("taizhou").plan_versions.get()
    assert list(taizhou.comments.values_list("kind", flat=True)) == ["comment", "approve"]
    wujiang = _enterprise("wujiang").plan_versions.get()
    note = wujiang.comments.get()
    assert note.kind == "return" and "贸易结算流量计" in note.text
    xidong = _enterprise("xidong").plan_versions.get()
    assert xidong.submissions.count() == 1 and not xidong.comments.exists()
    merged = xidong.units.get(is_merged=True)
    assert sorted(merged.members.values_list("name", flat=True)) == ["1号机组", "2号机组"]
    assert (merged.unit_type, merged.subtype, merged.capacity_mw) == ("coal", "conventional", 135)
    assert merged.main_product == "electricity_heat"

    jiawang = _enterprise("jiawang")
    first, revision = jiawang.plan_versions.order_by("number")
    assert first.state == "approved"
    assert (revision.based_on, revision.revision_reason) == (first, "new_method")
    method = revision.methods.get(parameter="consumption", fuel="coal_gangue")
    assert "0.2 级" in method.device_model
    assert first.units.get().subtype == "cfb"


def test_accounts_roles_and_provinces(demo):
    for login in demo.logins:
        user = User.objects.get(username=login.username)
        assert user.check_password(DEMO_PASSWORD), login.username
        assert set(user.role_set()) <= set(ROLES_BY_KIND[user.organisation.kind])
    agency_roles = set(RoleAssignment.objects.filter(user__organisation__kind="agency")
                       .values_list("role", flat=True))  # fmt: skip
    assert agency_roles == {"lead_verifier", "verifier", "technical_reviewer", "agency_admin"}
    for spec in ENTERPRISES:
        code = spec.organisation["credit_code"]
        assert credit_code_problem(code) is None
        account = User.objects.get(username=code)
        assert account.is_enterprise_account and account.organisation.credit_code == code
        assert account.organisation.province.name == "江苏省"
    js = User.objects.get(username="js-reviewer")
    hb = User.objects.get(username="hb-reviewer")
    assert selectors.review_queue(js).count() == 4  # submitted at least once; drafts are not
    assert selectors.review_queue(hb).count() == 0
    assert User.objects.get(username="js-admin").has_role("authority_admin")


def test_attachments_are_real_pdfs(demo):
    for version in PlanVersion.objects.exclude(enterprise=_enterprise("suyu")):
        kinds = sorted(version.attachments.values_list("kind", flat=True))
        assert kinds == ["org_chart", "process_flow", "site_plan"], str(version)
    for stored in StoredFile.objects.all():
        assert stored.content_type == "application/pdf"
        assert stored.size > 1000


def test_load_demo_prints_the_logins(tmp_path):
    out = StringIO()
    call_command("load_demo", "--dir", str(tmp_path), stdout=out)
    text = out.getvalue()
    assert f"password for all: {DEMO_PASSWORD}" in text
    for username in ("js-admin", "js-reviewer", "hb-reviewer", "agency-lead", "agency-verifier",
                     "agency-tech", "agency-admin", *(s.organisation["credit_code"] for s in ENTERPRISES)):  # fmt: skip
        assert username in text
    # the five plants' six versions, and the four synthesized plants' of the verification demo
    assert PlanVersion.objects.count() == 6 + len(SIBLING_SPECS)
    for spec in SIBLING_SPECS:  # their accounts are printed beside their stage
        assert spec.organisation["credit_code"] in text
    out = StringIO()
    call_command("load_demo", "--dir", str(tmp_path), "--no-plans", stdout=out)
    assert "password" not in out.getvalue()


def test_drawings_are_deterministic_and_work_without_the_cjk_font(monkeypatch):
    from pathlib import Path

    from tanhe.demo import drawings
    from tanhe.documents import fonts

    spec = ENTERPRISES[0]
    name = spec.organisation["name"]
    first = drawings.process_flow_pdf(name, spec.flow)
    assert first == drawings.process_flow_pdf(name, spec.flow)  # same bytes, same SHA-256
    assert first.startswith(b"%PDF")
    monkeypatch.setattr(fonts, "CJK_FONT_FILE", Path("/nonexistent/font.ttc"))
    fonts.cjk_font.cache_clear()
    try:
        assert fonts.cjk_font() == "STSong-Light"
        assert drawings.org_chart_pdf(name, spec.org_chart).startswith(b"%PDF")
    finally:
        fonts.cjk_font.cache_clear()


def test_the_demo_shows_how_an_account_is_opened(demo):
    """Two 名录 enterprises wait for their activation codes; one of them is claimed by a
    registration under another name; a code in no 名录 has a registration waiting."""
    from tanhe.demo.enrolment import NANTONG_CODE, SUZHOU_CODE, YANCHENG_CODE

    for code in (NANTONG_CODE, YANCHENG_CODE):
        waiting = Organisation.objects.get(credit_code=code)
        assert waiting.in_registry and not waiting.users.exists()
    claims = Registration.objects.filter(status="pending").order_by("credit_code")
    assert sorted((r.credit_code, r.name) for r in claims) == sorted(
        [(YANCHENG_CODE, "盐城滨海能源科技有限公司"), (SUZHOU_CODE, "苏州工业园区蓝天热电有限公司")]
    )
    assert not Organisation.objects.filter(credit_code=SUZHOU_CODE).exists()


def test_the_gas_ccpp_is_f_class_within_table_3s_turbine_power(demo):
    """seed 000 机组信息 "燃气机组 | E级"; 核查技术指南 表3: F级 燃机功率约为200–350MW."""
    from tanhe.plans.display.version import UnitRow, gas_class_note

    unit = PlanUnit.objects.filter(version__enterprise__name="苏州吴淞江燃机发电有限公司").latest(
        "id"
    )
    assert unit.gas_class == "F"
    assert UnitRow.of(unit, [unit]).subtype_text == "F级"
    assert gas_class_note(unit) == ""  # the 270 MW gas turbine, not the 400 MW CCPP


def test_the_cfb_plant_cofires_biomass_and_may_list_it(demo):
    unit = PlanUnit.objects.filter(version__enterprise__name__startswith="徐州贾汪").latest("id")
    assert "agri_forestry_residue" in unit.fuel_names
    assert plan_problems(unit.version) == []
