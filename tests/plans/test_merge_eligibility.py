"""合并填报 eligibility (seed 000 机组信息 说明: "产出相同…、机组压力参数相同、装机容量等级相同、锅炉类型
相同…、汽轮机排汽冷却方式相同等情况下 a) …燃料消耗量、供电量或者供热量中有任意一项无法分机组计量
的，可合并填报"; seed 002 表3 注意事项 "应首先核实合并填报是否满足核算指南要求")."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tanhe.accounting.classification import (
    MergeCondition,
    MergeTraits,
    boiler_class,
    capacity_class,
    merge_checks,
)
from tanhe.audit.models import AuditEntry
from tanhe.plans import merging, services
from tanhe.plans.validation import plan_problems

from .conftest import COAL_UNIT

CFB_135_AIR = COAL_UNIT | {"name": "1号机组", "subtype": "cfb", "capacity_mw": "135"}
CONVENTIONAL_660_WATER = COAL_UNIT | {"name": "2号机组", "capacity_mw": "660"}


def _facilities(filer, unit, *, boiler: str, pressure: str, cooling: str, n: int) -> None:
    services.add_facility(actor=filer, unit=unit, data={
        "category": "boiler", "code": f"MF00{n}1", "name": f"{unit.name}锅炉",
        "boiler_type": boiler, "model": "HG-440", "capacity_tph": "440", "location": "锅炉房",
    })  # fmt: skip
    services.add_facility(actor=filer, unit=unit, data={
        "category": "turbine", "code": f"MF00{n}2", "name": f"{unit.name}汽轮机",
        "turbine_type": "condensing", "pressure_parameter": pressure, "cooling": cooling,
        "model": "N135",
        "rated_power_mw": str(unit.capacity_mw), "location": "汽机房",
    })  # fmt: skip


@pytest.fixture
def version(filer, enterprise):
    return services.create_plan(actor=filer, enterprise=enterprise)


@pytest.fixture
def unlike(filer, version):
    """A CFB 135 MW air-cooled unit and a conventional 660 MW water-cooled one (the issue's
    example), both power only."""
    a = services.add_unit(actor=filer, version=version, data=CFB_135_AIR)
    b = services.add_unit(actor=filer, version=version, data=CONVENTIONAL_660_WATER)
    _facilities(filer, a, boiler="循环流化床锅炉", pressure="high", cooling="air", n=1)
    _facilities(filer, b, boiler="煤粉锅炉", pressure="ultra_supercritical", cooling="water", n=2)
    for unit in (a, b):
        services.set_main_product(actor=filer, unit=unit, product="electricity")
    return a, b


@pytest.fixture
def alike(filer, version):
    """Two 135 MW 煤粉锅炉 units, 超高压, water-cooled, CHP: every condition met."""
    units = []
    for n in (1, 2):
        unit = services.add_unit(actor=filer, version=version,
                                 data=COAL_UNIT | {"name": f"{n}号机组", "capacity_mw": "135"})  # fmt: skip
        _facilities(filer, unit, boiler="煤粉锅炉", pressure="ultra_high", cooling="water", n=n)
        services.set_main_product(actor=filer, unit=unit, product="electricity_heat")
        units.append(unit)
    return units


# -- the rule without the database -----------------------------------------------------------------
def _traits(name: str, **values: str | None) -> MergeTraits:
    base = dict.fromkeys(MergeCondition, "x")
    return MergeTraits(name, base | {MergeCondition(k): v for k, v in values.items()})


def test_members_alike_on_every_condition_meet_them_all():
    checks = merge_checks([_traits("1"), _traits("2")])
    assert [c.met for c in checks] == [True] * 5


def test_a_condition_the_members_differ_on_is_marked():
    checks = merge_checks([_traits("1", boiler="流化床锅炉"), _traits("2", boiler="煤粉锅炉")])
    assert [c.condition for c in checks if c.differs] == [MergeCondition.BOILER]
    assert next(c for c in checks if c.condition is MergeCondition.BOILER).values == (
        "流化床锅炉", "煤粉锅炉",
    )  # fmt: skip


def test_a_condition_not_entered_is_unknown_not_different():
    (boiler,) = [c for c in merge_checks([_traits("1", boiler=None), _traits("2")])
                 if c.condition is MergeCondition.BOILER]  # fmt: skip
    assert boiler.unknown and not boiler.differs and not boiler.met


def test_capacity_class_is_split_at_400_mw_as_table_3_does():
    assert capacity_class(Decimal("400")) != capacity_class(Decimal("399.9999"))
    assert capacity_class(Decimal("135")) == capacity_class(Decimal("350"))


def test_boiler_kinds_compare_by_kind_not_by_spelling():
    """ "如都是煤粉炉或者都是流化床锅炉": 循环流化床锅炉 and 流化床锅炉 are one kind."""
    assert boiler_class("循环流化床锅炉") == boiler_class("流化床 锅炉") != boiler_class("煤粉锅炉")
    assert boiler_class("煤粉炉") == boiler_class("煤粉锅炉")


# -- the plan's service --------------------------------------------------------------------------
def test_an_ineligible_merge_is_refused_naming_the_conditions(filer, version, unlike):
    with pytest.raises(ValidationError) as exc:
        services.merge_units(actor=filer, version=version, unit_ids=[u.pk for u in unlike],
                             reason="母管制", cases=["fuel"])  # fmt: skip
    (message,) = exc.value.message_dict["exception"]
    assert (
        "成员机组的机组压力参数、装机容量等级（400MW 为界）、锅炉类型、汽轮机排汽冷却方式不同"
        in message
    )
    assert "产出" not in message  # both power only: that condition is met
    assert not version.units.filter(is_merged=True).exists()


def test_an_ineligible_merge_goes_through_with_the_reason_recorded(filer, version, unlike):
    merged = services.merge_units(
        actor=filer, version=version, unit_ids=[u.pk for u in unlike], reason="母管制",
        cases=["fuel", "supply"], exception="两台机组共用一条输煤皮带，无法分开计量",
    )  # fmt: skip
    assert merged.merge_cases == ["fuel", "supply"]
    assert merged.merge_exception == "两台机组共用一条输煤皮带，无法分开计量"
    entry = AuditEntry.objects.get(action="plan.unit.merge")
    assert entry.changes["conditions_differing"] == [None, [
        "pressure", "capacity_class", "boiler", "cooling"]]  # fmt: skip
    # 跨类型 (CFB + conventional): judged conservatively, as the reporting system derives it
    assert (merged.subtype, merged.capacity_mw) == ("conventional", Decimal("660"))


def test_an_eligible_merge_needs_no_explanation(filer, version, alike):
    merged = services.merge_units(actor=filer, version=version, unit_ids=[u.pk for u in alike],
                                  reason="母管制", cases=["heat"])  # fmt: skip
    assert merged.merge_exception == ""
    members = list(merged.members.order_by("position"))
    assert [r.differs or r.unknown for r in merging.condition_rows(members)] == [False] * 5


def test_case_a_is_required_cases_b_and_c_are_not_merges(filer, version, alike):
    with pytest.raises(ValidationError) as exc:
        services.merge_units(actor=filer, version=version, unit_ids=[u.pk for u in alike],
                             reason="仅低位发热量无法分机组计量", cases=["ncv"])  # fmt: skip
    assert "请选择哪项数据无法分机组计量" in exc.value.message_dict["cases"][0]


def _merge_problems(version) -> list[str]:
    return [p.message for p in plan_problems(version) if "合并填报条件" in p.message]


def test_submission_asks_for_the_conditions_the_plan_cannot_confirm(filer, version):
    a = services.add_unit(actor=filer, version=version, data=COAL_UNIT | {"capacity_mw": "300"})
    b = services.add_unit(actor=filer, version=version,
                          data=COAL_UNIT | {"name": "2号机组", "capacity_mw": "300"})  # fmt: skip
    merged = services.merge_units(actor=filer, version=version, unit_ids=[a.pk, b.pk],
                                  reason="母管制", cases=["fuel"])  # fmt: skip
    problems = _merge_problems(version)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.startswith(
        "合并填报（1号机组、2号机组）：成员机组的产出（纯发电 / 热电联产）、机组压力参数"
    )
    _facilities(filer, a, boiler="煤粉锅炉", pressure="subcritical", cooling="water", n=1)
    _facilities(filer, b, boiler="煤粉锅炉", pressure="subcritical", cooling="water", n=2)
    services.set_main_product(actor=filer, unit=merged, product="electricity")
    assert _merge_problems(version) == []  # the members' product is the merged row's


def test_the_merge_page_shows_the_members_side_by_side(client, filer, version, unlike):
    client.force_login(filer)
    url = reverse("plans:units_merge", args=[version.pk])
    page = client.post(url, {"unit_ids": [u.pk for u in unlike], "reason": "母管制",
                             "cases": ["fuel"]}).content.decode()  # fmt: skip
    assert (
        "成员机组的机组压力参数、装机容量等级（400MW 为界）、锅炉类型、汽轮机排汽冷却方式不同"
        in page
    )
    row = re.search(r'<tr class="differs" data-condition="boiler">(.*?)</tr>', page, re.S)
    assert row and "流化床锅炉" in row.group(1) and "煤粉锅炉" in row.group(1)
    assert re.search(r'<tr class="" data-condition="product">.*?相同', page, re.S)
    assert "空冷" in page and "水冷" in page and "低于400MW" in page and "不低于400MW" in page
