"""One input rule on every entry path of the 质量控制计划 (issue #7, finding 9): facility codes and
numbers typed in full width are made ASCII the same way everywhere, other scripts' digits and
"1e3" are refused, and control characters are refused in every free-text field with a message
naming it — nothing is saved (PostgreSQL refuses NUL: without the check it was a 500)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tanhe.plans import services
from tanhe.plans.models import PlanComment, PlanState

from .conftest import COAL_UNIT, PNG, complete_plan

pytestmark = pytest.mark.django_db
BAD = ("\x00", "\u202e")  # NUL (PostgreSQL refuses it) and RIGHT-TO-LEFT OVERRIDE
TAIL = "含有不可见的控制字符，请删除后重新填写"
BOILER = {"category": "boiler", "code": "MF0001", "name": "1号锅炉", "boiler_type": "煤粉锅炉",
          "model": "HG-2100/25.4", "capacity_tph": "2100", "location": "主厂房东侧"}  # fmt: skip


@pytest.fixture
def version(filer, enterprise):
    return services.create_plan(actor=filer, enterprise=enterprise)


@pytest.fixture
def unit(filer, version):
    return services.add_unit(actor=filer, version=version, data=COAL_UNIT)


@pytest.fixture
def submitted(filer, version):
    complete_plan(filer, version)
    services.submit(actor=filer, version=version)
    version.refresh_from_db()
    return version


def refusal(action, **kw) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        action(**kw)
    return exc.value.message_dict


# -- codes and numbers -----------------------------------------------------------------------------
def test_a_full_width_facility_code_is_stored_in_ascii(filer, unit, client):
    """ "MF１２３４" matched the Unicode \\d and was stored as typed."""
    facility = services.add_facility(actor=filer, unit=unit, data=BOILER | {"code": "MF１２３４"})
    assert facility.code == "MF1234"
    with pytest.raises(ValidationError, match="已存在"):  # the same code, typed either way
        services.add_facility(actor=filer, unit=unit, data=BOILER | {"code": "MF1234"})
    client.force_login(filer)
    url = reverse("plans:facility_add", args=[unit.version_id])
    response = client.post(url, {"unit": unit.pk} | BOILER
                           | {"code": "ＭＦ０００２", "name": "2号锅炉"})  # fmt: skip
    assert response.status_code == 302
    assert sorted(unit.facilities.values_list("code", flat=True)) == ["MF0002", "MF1234"]


FORMAT = "设施编号应与排污许可证一致，格式为 MF 加 4 位以上数字（如 MF0001）"


@pytest.mark.parametrize(
    ("code", "message"),
    [("MF١٢٣٤", FORMAT), ("MF१२३४", FORMAT), ("MF12³4", FORMAT),
     ("MF\u202e1234", f"设施编号{TAIL}"), ("MF\x001234", f"设施编号{TAIL}")],
)  # fmt: skip
def test_facility_codes_in_other_scripts_are_refused(filer, unit, code, message):
    errors = refusal(services.add_facility, actor=filer, unit=unit, data=BOILER | {"code": code})
    assert errors == {"code": [message]}
    assert not unit.facilities.exists()


def test_capacities_follow_the_number_rule(filer, version, unit):
    assert services.add_unit(actor=filer, version=version, data=COAL_UNIT | {
        "name": "2号机组", "capacity_mw": "１，３２０．５"}).capacity_mw == Decimal("1320.5")  # fmt: skip
    for typed in ("1e3", "1²", "١٢", "1_000"):  # Decimal() read each of these as a number
        errors = refusal(services.update_unit, actor=filer, unit=unit,
                         data=COAL_UNIT | {"capacity_mw": typed})  # fmt: skip
        assert errors == {"capacity_mw": [f"装机容量只能填写数字（“{typed}”）"]}
    errors = refusal(services.update_unit, actor=filer, unit=unit,
                     data=COAL_UNIT | {"capacity_mw": "123456789"})  # fmt: skip
    assert errors == {
        "capacity_mw": ["装机容量：“123456789”位数过多：整数部分最多 8 位，小数部分最多 4 位"]
    }  # fmt: skip  (the column holds 8 + 4 digits: a 500 before)
    unit.refresh_from_db()
    assert unit.capacity_mw == Decimal("660")
    facility = services.add_facility(actor=filer, unit=unit,
                                     data=BOILER | {"capacity_tph": " ２,１００ "})  # fmt: skip
    assert facility.capacity_tph == Decimal("2100")


def test_basic_information_numbers_and_codes(filer, version, client):
    client.force_login(filer)
    url = reverse("plans:basic_save", args=[version.pk])
    data = {
        "registration_date": "2005-06-01", "registered_capital": "1_000", "nature": "state_owned",
        "legal_representative": "张三", "city": "南京市", "district": "栖霞区",
        "postcode": "٢١٠٠٤٦", "industry_code": "4411", "latitude": "32.1", "longitude": "1e2",
        "plan_author": "李工", "contact_person": "李工", "contact_phone": "025-12345678",
        "contact_email": "li@example.com",
    }  # fmt: skip
    page = client.post(url, data).content.decode()
    assert "不是数字（只能填写不带正负号的数字）" in page  # registered capital "1_000"
    assert "邮政编码应为 6 位数字" in page or "只能填写半角字母、数字和符号" in page
    assert "不是数字" in page  # longitude "1e2"
    version.basic.refresh_from_db()
    assert version.basic.postcode == "210046" and version.basic.registered_capital == Decimal(
        "120000"
    )
    data |= {"registered_capital": "１２，０００．５", "postcode": "２１００４６",
             "industry_code": "４４１１", "latitude": "-32.1", "longitude": "118.9"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    version.basic.refresh_from_db()
    basic = version.basic
    assert (basic.registered_capital, basic.postcode, basic.industry_code, basic.latitude) == (
        Decimal("12000.5"), "210046", "4411", Decimal("-32.1"),
    )  # fmt: skip


@pytest.mark.parametrize("raw", ["²", "١", "12³"])
def test_ids_in_the_query_are_ascii_digits_only(filer, unit, client, raw):
    """str.isdigit() is true for "²", and int("²") raised: a 500."""
    client.force_login(filer)
    response = client.get(reverse("plans:edit", args=[unit.version_id, "units"]), {"unit": raw})
    assert response.status_code == 200
    assert client.get(reverse("plans:diff"), {"a": raw, "b": "1"}).status_code == 404


# -- control characters ----------------------------------------------------------------------------
@pytest.mark.parametrize("bad", BAD)
def test_plan_review_comments_refuse_control_characters(submitted, reviewer, client, bad):
    for action in (services.comment, services.return_for_correction, services.approve):
        errors = refusal(action, actor=reviewer, version=submitted, text=f"请补充{bad}说明")
        assert errors == {"text": [f"意见{TAIL}"]}
    client.force_login(reviewer)
    response = client.post(reverse("review:comment", args=[submitted.pk]),
                           {"text": f"请补充{bad}说明"})  # fmt: skip
    assert response.status_code == 400
    assert f"意见{TAIL}" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == PlanState.SUBMITTED and not PlanComment.objects.exists()


@pytest.mark.parametrize("bad", BAD)
def test_every_plan_text_field_refuses_control_characters(filer, version, unit, bad):
    other = services.add_unit(actor=filer, version=version,
                              data=COAL_UNIT | {"name": "2号机组"})  # fmt: skip
    facility = services.add_facility(actor=filer, unit=unit, data=BOILER)
    method = version.methods.filter(unit=unit).first()
    cases = [
        (services.update_basic_info, {"version": version,
                                      "data": {"legal_representative": f"张{bad}三"}},
         {"legal_representative": [f"法定代表人{TAIL}"]}),
        (services.add_unit, {"version": version, "data": COAL_UNIT | {"name": f"3号{bad}机组"}},
         {"name": [f"机组名称{TAIL}"]}),
        (services.merge_units, {"version": version, "unit_ids": [unit.pk, other.pk],
                                "reason": f"母管制{bad}", "cases": ["fuel"]}, {"reason": [f"合并填报原因{TAIL}"]}),
        (services.update_facility, {"facility": facility, "data": {"location": f"东侧{bad}",
                                                                   "remark": f"备{bad}注"}},
         {"location": [f"设施安装位置{TAIL}"], "remark": [f"备注说明{TAIL}"]}),
        (services.update_texts, {"version": version, "data": {"qa_text": f"规定{bad}"}},
         {"qa_text": [f"数据内部质量控制和质量保证相关规定{TAIL}"]}),
        (services.update_method, {"method": method, "data": {"description": f"皮带秤{bad}"}},
         {"description": [f"具体描述{TAIL}"]}),
        (services.add_attachment, {"version": version, "kind": "other", "upload": PNG,
                                   "name": "a.png", "title": f"图{bad}"},
         {"title": [f"附件名称{TAIL}"]}),
    ]  # fmt: skip
    for action, kw, expected in cases:
        assert refusal(action, actor=filer, **kw) == expected, action.__name__
    version.refresh_from_db()
    facility.refresh_from_db()
    assert (version.qa_text, facility.location, version.basic.legal_representative) == (
        "", "主厂房东侧", "张三",
    )  # fmt: skip
    assert version.units.count() == 2 and not version.attachments.exists()


@pytest.mark.parametrize("bad", BAD)
def test_revision_reason_refuses_control_characters(filer, enterprise, submitted, reviewer, bad):
    services.approve(actor=reviewer, version=submitted)
    errors = refusal(services.create_revision, actor=filer, enterprise=enterprise,
                     reason="other", reason_text=f"扩建{bad}")  # fmt: skip
    assert errors == {"reason_text": [f"修订说明{TAIL}"]}
    assert enterprise.plan_versions.count() == 1


def test_plan_forms_refuse_control_characters_by_the_shared_validator(filer, version, client):
    client.force_login(filer)
    response = client.post(reverse("plans:qa_save", args=[version.pk]),
                           {"qa_text": "第一条\x00第二条"})  # fmt: skip
    assert response.status_code == 200
    assert TAIL in response.content.decode()
    version.refresh_from_db()
    assert version.qa_text == ""
