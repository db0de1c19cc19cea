"""A plan unit's 燃气机组等级 (seed 000 机组信息 "燃气机组 | E级"; 核查技术指南 表3 燃气机组类别判断) and a
merged row's 备用机组 (核查技术指南 表17/表18 注意事项)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tanhe.audit.models import AuditEntry
from tanhe.plans import services
from tanhe.reports.calculation import _unit_data

from .conftest import COAL_UNIT

GAS_UNIT = {
    "industry": "火力发电", "name": "1号燃机", "unit_type": "gas", "subtype": "none",
    "fuel_type": "gas", "fuel_names": ["natural_gas"], "capacity_mw": "460",
    "data_source": "nameplate",
}  # fmt: skip


@pytest.fixture
def version(filer, enterprise):
    return services.create_plan(actor=filer, enterprise=enterprise)


def _units_page(client, version) -> str:
    return client.get(reverse("plans:edit", args=[version.pk, "units"])).content.decode()


def test_a_gas_unit_takes_its_class_and_shows_it_as_its_subtype(client, filer, version):
    client.force_login(filer)
    url = reverse("plans:unit_add", args=[version.pk])
    assert client.post(url, GAS_UNIT | {"gas_class": "F"}).status_code == 302
    unit = version.units.get()
    assert unit.gas_class == "F" and unit.subtype == "none"
    assert ">F级<" in _units_page(client, version).replace('<span class="sub', "<")
    assert _unit_data(unit)["gas_class"] == "F"  # what the report's calculation reads


def test_a_class_on_a_coal_unit_is_refused(client, filer, version):
    client.force_login(filer)
    url = reverse("plans:unit_add", args=[version.pk])
    page = client.post(url, {"industry": "火力发电"} | COAL_UNIT | {"gas_class": "E"})
    assert "燃气机组等级只适用于燃气机组" in page.content.decode()
    assert not version.units.exists()


def test_a_unit_without_a_class_reports_no_class(filer, version):
    unit = services.add_unit(actor=filer, version=version, data=GAS_UNIT)
    assert "gas_class" not in _unit_data(unit)


@pytest.mark.parametrize(("power", "noted"), [("300", False), ("360", True)])
def test_table_3_power_range_is_a_note_on_the_gas_turbine(client, filer, version, power, noted):
    """F级 燃机功率约为200–350MW: the gas turbine's rated power (not the CCPP's 460 MW) is
    compared; outside the range the page notes it, the plan is not refused."""
    unit = services.add_unit(actor=filer, version=version, data=GAS_UNIT | {"gas_class": "F"})
    services.add_facility(actor=filer, unit=unit, data={
        "category": "turbine", "code": "MF0001", "name": "1号燃气轮机", "model": "M701F",
        "turbine_type": "gas_turbine", "rated_power_mw": power, "location": "主厂房",
    })  # fmt: skip
    client.force_login(filer)
    page = _units_page(client, version)
    note = f"F级燃机功率{power} MW，不在该级别的参考范围 200–350 MW（核查技术指南（发电设施）表3"
    assert (note in page) is noted


# -- 备用机组 ---------------------------------------------------------------------------------------
@pytest.fixture
def merged_three(filer, version):
    units = [
        services.add_unit(
            actor=filer,
            version=version,
            data=COAL_UNIT | {"name": f"{n}号机组", "capacity_mw": "300"},
        )
        for n in (5, 6, 7)
    ]
    merged = services.merge_units(actor=filer, version=version, unit_ids=[u.pk for u in units],
                                  reason="母管制", cases=["fuel"])  # fmt: skip
    return merged, units


def test_a_member_stands_in_for_another_member(filer, merged_three):
    merged, (five, _six, seven) = merged_three
    services.set_standby(actor=filer, unit=seven, standby_for=five)
    members = {m["code"]: m["standby_for"] for m in _unit_data(merged)["members"]}
    assert members == {"5号机组": None, "6号机组": None, "7号机组": "5号机组"}
    entry = AuditEntry.objects.get(action="plan.unit.standby")
    assert entry.changes == {"standby_for": [None, "5号机组"]}
    services.set_standby(actor=filer, unit=seven, standby_for=None)
    seven.refresh_from_db()
    assert seven.standby_for is None


def test_a_standby_cannot_be_stood_in_for_nor_stand_in_for_itself(filer, merged_three):
    _merged, (five, six, seven) = merged_three
    services.set_standby(actor=filer, unit=seven, standby_for=five)
    for unit, target in ((six, seven), (five, six), (six, six)):
        with pytest.raises(ValidationError, match="表17/表18"):
            services.set_standby(actor=filer, unit=unit, standby_for=target)


def test_only_members_are_standby_units(filer, version, merged_three):
    single = services.add_unit(actor=filer, version=version,
                               data=COAL_UNIT | {"name": "8号机组"})  # fmt: skip
    with pytest.raises(ValidationError, match="只有合并填报的成员机组"):
        services.set_standby(actor=filer, unit=single, standby_for=merged_three[1][0])


def test_the_units_page_sets_a_standby(client, filer, version, merged_three):
    _merged, (five, _six, seven) = merged_three
    client.force_login(filer)
    page = _units_page(client, version)
    form = page.split(f'action="/plans/{version.pk}/units/{seven.pk}/standby/"')[1].split(
        "</form>"
    )[0]
    assert f'<option value="{five.pk}">5号机组</option>' in form and "7号机组" not in form
    url = reverse("plans:unit_standby", args=[version.pk, seven.pk])
    response = client.post(url, {"standby_for": str(five.pk)}, follow=True)
    assert "7号机组设为5号机组的备用机组" in response.content.decode()
    seven.refresh_from_db()
    assert seven.standby_for == five
    page = client.post(reverse("plans:unit_standby", args=[version.pk, five.pk]),
                       {"standby_for": str(seven.pk)}).content.decode()  # fmt: skip
    assert "备用机组须调剂同一合并填报中的另一台机组" in page
