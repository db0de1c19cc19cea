"""Issue #8: the plan's refusals in English show no Chinese. The editor's forms, the 提交 page and
the 创建/修订 page are driven into the refusals of ``plans.services`` and ``plans.validation``
with the language switched to English; the visible error text (error boxes, field errors and
messages) may hold Chinese only where it quotes the user's own data (unit, facility and
enterprise names, what was typed). The same refusals still read in Chinese.

The check (Han characters left once the data is taken out) is the report pages' own
(tests/reports/test_english_errors.py); the plan pages also show errors next to the fields."""

from __future__ import annotations

import html
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from tanhe.accounts import permissions as perm
from tanhe.plans import services
from tanhe.plans.validation import Problem, unit_errors
from tests.english import chinese_left as han_left

from .conftest import COAL_UNIT, complete_plan

pytestmark = pytest.mark.django_db

ERROR_BLOCKS = re.compile(
    r'<div class="alert alert-error"[^>]*>.*?</div>'
    r'|<p class="message message-error"[^>]*>.*?</p>'
    r'|<(p|span) class="field-error"[^>]*>.*?</\1>',
    re.S,
)
# What the user typed or named, quoted back by the refusals.
TYPED = ["六百", "十", "1号机组", "2号机组", "3号", "1号汽轮机", "母管制"]


def error_text(page: str) -> str:
    """The visible text of the page's error boxes, field errors and error messages."""
    blocks = " ".join(m.group(0) for m in ERROR_BLOCKS.finditer(page))
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", blocks)).strip())


def chinese_left(page: str, data: list[str]) -> list[str]:
    """The Chinese of the page's error text once the user's data is taken out."""
    return han_left(error_text(page), data)


@pytest.fixture
def chinese(client, filer):
    client.force_login(filer)
    return client


@pytest.fixture
def version(filer, enterprise):
    return services.create_plan(actor=filer, enterprise=enterprise)


@pytest.fixture
def data(enterprise):
    return [*TYPED, enterprise.name]


def action(name: str, version, *ids) -> str:
    return reverse(f"plans:{name}", args=[version.pk, *(getattr(i, "pk", i) for i in ids)])


def unit_post(**overrides) -> dict:
    return {"industry": "火力发电"} | COAL_UNIT | overrides


def refusals(client, filer, reviewer, version) -> dict[str, str]:
    """The plan's refusals, as the pages show them: a draft's units and facilities, its
    submission with items missing, a change to a submitted version, and a revision of the
    approved version without its reason."""
    first = services.add_unit(actor=filer, version=version, data=COAL_UNIT)
    second = services.add_unit(actor=filer, version=version, data=COAL_UNIT | {"name": "2号机组"})
    pages = {}
    pages["unit: duplicate name"] = client.post(action("unit_add", version), unit_post())
    pages["unit: not a number, no subtype, a gas fuel for coal"] = client.post(
        action("unit_add", version),
        unit_post(name="3号", capacity_mw="六百", subtype="", fuel_names=["natural_gas"]),
    )
    pages["unit: only the oil of a coal unit, no data source"] = client.post(
        action("unit_save", version, second),
        unit_post(name="2号机组", fuel_names=["diesel"], data_source=""),
    )
    pages["unit: an unknown fuel"] = client.post(
        action("unit_add", version), unit_post(name="3号", fuel_names=["peat"])
    )
    pages["merge: one member"] = client.post(
        action("units_merge", version), {"unit_ids": [first.pk], "reason": "母管制"}
    )
    pages["merge: no reason"] = client.post(
        action("units_merge", version),
        {"unit_ids": [first.pk, second.pk], "reason": " ", "cases": ["fuel"]},
    )
    pages["facility: code, gas turbine with pressure, power not a number"] = client.post(
        action("facility_add", version),
        {"unit": first.pk, "category": "turbine", "code": "T-1", "name": "1号汽轮机",
         "turbine_type": "gas_turbine", "pressure_parameter": "high", "rated_power_mw": "十"},
    )  # fmt: skip
    pages["submit: items missing"] = client.post(reverse("plans:submit", args=[version.pk]))
    services.delete_unit(actor=filer, unit=first)
    services.delete_unit(actor=filer, unit=second)
    complete_plan(filer, version)
    services.submit(actor=filer, version=version)
    pages["unit: a submitted version"] = client.post(action("unit_add", version), unit_post())
    services.approve(actor=reviewer, version=version)
    pages["revision: no reason"] = client.post(reverse("plans:create"), {"reason_text": ""})
    pages["revision: other without a word"] = client.post(
        reverse("plans:create"), {"reason": "other", "reason_text": ""}
    )
    return {name: response.content.decode() for name, response in pages.items()}


def test_the_plan_pages_refuse_in_english(english, filer, reviewer, version, data):
    pages = refusals(english, filer, reviewer, version)
    found = {name: chinese_left(page, data) for name, page in pages.items()}
    assert {name: han for name, han in found.items() if han} == {}
    text = {name: error_text(page) for name, page in pages.items()}
    assert 'A unit named "1号机组" already exists' in text["unit: duplicate name"]
    wrong = text["unit: not a number, no subtype, a gas fuel for coal"]
    assert 'Capacity must be a number ("六百")' in wrong
    assert "Fuels that do not match the generation fuel type: Natural gas" in wrong
    assert "A coal-fired unit needs a subtype" in wrong
    oil = text["unit: only the oil of a coal unit, no data source"]
    assert "Select at least one fuel of the type Coal" in oil
    assert "Select the data source" in oil
    assert "Select at least two units to combine" in text["merge: one member"]
    assert "Give the reason for combined reporting" in text["merge: no reason"]
    facility = text["facility: code, gas turbine with pressure, power not a number"]
    assert "Pressure rating: leave blank for a gas turbine" in facility
    assert "MF followed by 4 or more digits" in facility
    missing = text["submit: items missing"]
    assert "1号机组: no production facilities reported yet" in missing
    assert "Upload the attachment: Organisation chart" in missing
    assert "a measured value needs the monitoring equipment" in missing
    assert "Version 1 cannot be changed (status: Submitted)" in text["unit: a submitted version"]
    assert "Select a reason for the revision" in text["revision: no reason"]
    assert 'Explain the reason when it is "Other"' in text["revision: other without a word"]


def test_the_same_refusals_read_in_chinese(chinese, filer, reviewer, version, data):
    pages = refusals(chinese, filer, reviewer, version)
    text = {name: error_text(page) for name, page in pages.items()}
    assert "机组名称“1号机组”已存在" in text["unit: duplicate name"]
    wrong = text["unit: not a number, no subtype, a gas fuel for coal"]
    assert "装机容量只能填写数字（“六百”）" in wrong
    assert "燃料与发电燃料类型不符：天然气" in wrong
    assert "请至少选择一种燃煤燃料" in text["unit: only the oil of a coal unit, no data source"]
    assert "合并填报至少选择两台机组" in text["merge: one member"]
    assert (
        "燃气轮机没有压力参数，请留空"
        in text["facility: code, gas turbine with pressure, power not a number"]
    )
    missing = text["submit: items missing"]
    assert "1号机组：尚未填报生产设施" in missing and "请上传组织机构图" in missing
    assert "1号机组 烟煤消耗量：实测值须填写监测设备及型号" in missing
    assert "第1版已提交，不能修改" in text["unit: a submitted version"]
    assert "请选择修订原因" in text["revision: no reason"]
    assert "修订原因为“其他”时须说明" in text["revision: other without a word"]
    assert all(chinese_left(page, data) for page in pages.values())


def test_a_problem_an_unknown_fuel_and_the_general_refusal_in_both_languages():
    """What the pages cannot provoke: the form offers only the catalogue's fuels, and the
    submission page lists each problem under its section."""
    problem = Problem("units", "1号机组")
    unknown = COAL_UNIT | {"fuel_names": ["peat", "泥煤"]}
    with translation.override("en"):
        assert str(problem) == "Units: 1号机组"
        assert unit_errors(unknown) == {"fuel_names": "Unknown fuels: peat, 泥煤"}
        with pytest.raises(PermissionDenied, match="You do not have permission to do this"):
            perm.require(False)
    with translation.override("zh-hans"):
        assert str(problem) == "机组信息：1号机组"
        assert unit_errors(unknown) == {"fuel_names": "不认识的燃料：peat、泥煤"}
        with pytest.raises(PermissionDenied, match="您没有权限执行此操作"):
            perm.require(False)
    with pytest.raises(PermissionDenied, match="only this"):
        perm.require(False, "only this")


def test_the_check_sees_a_chinese_refusal():
    page = '<p class="field-error">1号机组：请选择主要产品</p>'
    assert chinese_left(page, ["1号机组"]) == ["请选择主要产品"]
