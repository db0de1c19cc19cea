"""One display of a plan version (``tanhe.plans.display``): the enterprise's 查看 and the
authority's 审核 show the same rows with the same units (issue #8: the two display modules they
used showed different units for the same method row).

The unit of a row of 数据的确定方式 follows seed 000 (燃料信息表 and 生产数据表): one unit per row,
the fuel's own (燃煤 t, GJ/t, %; 燃气 10^4Nm3, GJ/10^4Nm3, tC/10^4Nm3), and for 供电/供热煤（气）耗
the unit's (a 燃气机组 reports 供电气耗 in Nm3/MWh, a coal unit 供电煤耗 in gce/kWh) — never the
stored "gce/kWh 或 Nm3/MWh" the enterprise's view used to show.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tanhe.plans import display, services

from .conftest import COAL_UNIT, complete_plan

pytestmark = pytest.mark.django_db
GAS_UNIT = COAL_UNIT | {
    "name": "2号机组", "unit_type": "gas", "subtype": "none", "fuel_type": "gas",
    "fuel_names": ["natural_gas"], "capacity_mw": "390",
}  # fmt: skip


class MethodTables(HTMLParser):
    """Each ``table.method-table`` of a page: the unit it is headed by (the last <h3> before it)
    and its rows as (参数名称, 单位)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[str, list[tuple[str, str]]]] = []
        self.heading = ""
        self.in_h3 = self.in_table = False
        self.cells: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "h3":
            self.in_h3, self.heading = True, ""
        elif tag == "table" and "method-table" in classes:
            self.in_table = True
            self.tables.append((self.heading.strip(), []))
        elif self.in_table and tag == "tr":
            self.cells = []
        elif self.in_table and tag in ("th", "td") and self.cells is not None:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3":
            self.in_h3 = False
        elif tag == "table" and self.in_table:
            self.in_table = False
        elif tag in ("th", "td") and self.cell is not None and self.cells is not None:
            self.cells.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.cells is not None:
            if self.cells and self.cells[0] != "参数名称":  # not the header row
                self.tables[-1][1].append((self.cells[0], self.cells[1]))
            self.cells = None

    def handle_data(self, data: str) -> None:
        if self.in_h3:
            self.heading += data
        if self.cell is not None:
            self.cell.append(data)


def method_tables(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    parser = MethodTables()
    parser.feed(html)
    return parser.tables


@pytest.fixture
def two_units(filer, enterprise):
    """A submitted version with a coal unit (烟煤, 柴油) and a gas unit (天然气)."""
    version = services.create_plan(actor=filer, enterprise=enterprise)
    complete_plan(filer, version)
    gas = services.add_unit(actor=filer, version=version, data=GAS_UNIT)
    services.set_main_product(actor=filer, unit=gas, product="electricity")
    services.add_facility(actor=filer, unit=gas, data={
        "category": "turbine", "code": "MF0002", "name": "2号燃机", "turbine_type": "gas_turbine",
        "model": "M701F", "rated_power_mw": "390", "location": "燃机厂房",
    })  # fmt: skip
    for method in gas.methods.filter(method_type="measured"):
        services.update_method(actor=filer, method=method, data={"device_model": "流量计 FT-01"})
    services.submit(actor=filer, version=version)
    version.refresh_from_db()
    return version


def test_the_view_and_the_review_show_the_same_method_rows_and_units(
    client, filer, reviewer, two_units
):
    client.force_login(filer)
    view = method_tables(client.get(reverse("plans:view", args=[two_units.pk])).content.decode())
    client.force_login(reviewer)
    page = client.get(reverse("review:detail", args=[two_units.pk])).content.decode()
    review = method_tables(page)
    assert [unit for unit, _rows in view] == ["1号机组", "2号机组"]
    assert view == review
    coal, gas = dict(view[0][1]), dict(view[1][1])
    # per-fuel rows: the fuel's own unit, fuel by fuel
    assert (coal["烟煤消耗量"], coal["烟煤低位发热量"], coal["烟煤元素碳含量"]) == (
        "t",
        "GJ/t",
        "%",
    )
    assert (gas["天然气消耗量"], gas["天然气低位发热量"], gas["天然气元素碳含量"]) == (
        "10^4Nm3", "GJ/10^4Nm3", "tC/10^4Nm3",
    )  # fmt: skip
    # 供电/供热煤（气）耗: the unit type's (seed 000 生产数据表: 供电气耗 for a gas unit)
    assert (coal["供电煤（气）耗"], coal["供热煤（气）耗"]) == ("gce/kWh", "kgce/GJ")
    assert (gas["供电煤（气）耗"], gas["供热煤（气）耗"]) == ("Nm3/MWh", "Nm3/GJ")
    assert all(" 或 " not in unit for _label, rows in view for _name, unit in rows)
    labels = [label for label, _unit in view[0][1]]  # fuel by fuel, as the 燃料信息表
    assert labels.index("烟煤碳氧化率") < labels.index("柴油消耗量")


def test_the_view_and_the_review_show_the_same_unit_and_facility_rows(
    client, filer, reviewer, two_units
):
    """Both pages print the rows ``display.plan_view`` makes, with the same words."""
    plan = display.plan_view(two_units)
    client.force_login(filer)
    view = client.get(reverse("plans:view", args=[two_units.pk])).content.decode()
    client.force_login(reviewer)
    review = client.get(reverse("review:detail", args=[two_units.pk])).content.decode()
    for row in plan.units:
        for text in (row.unit.name, row.type_text, row.subtype_text, row.fuels_text,
                     row.capacity_text, row.data_source_text, row.scope_text):  # fmt: skip
            assert text in view and text in review, text
    gas = plan.units[1]
    assert (gas.type_text, gas.subtype_text, gas.fuels_text, gas.capacity_text) == (
        "燃气机组", "/", "天然气", "390",
    )  # fmt: skip
    for row in plan.facility_rows:
        for item in row.items:
            assert f"<dt>{item.label}</dt>" in view and f"<dt>{item.label}</dt>" in review
            assert item.value in view and item.value in review


def test_a_method_row_has_one_unit():
    """``display.method_unit`` without the database: the fuel's, or the unit type's."""
    from tanhe.plans.models import PlanMethod, PlanUnit

    coal = PlanUnit(unit_type="coal", fuel_names=["bituminous"])
    gas = PlanUnit(unit_type="gas", fuel_names=["natural_gas"])

    def unit_of(unit: PlanUnit, parameter: str, fuel: str = "", stored: str = "") -> str:
        return display.method_unit(PlanMethod(parameter=parameter, fuel=fuel,
                                              measure_unit=stored), unit)  # fmt: skip

    assert unit_of(coal, "consumption", "bituminous", "t 或 10^4Nm3") == "t"
    assert unit_of(gas, "ncv", "natural_gas", "GJ/t 或 GJ/10^4Nm3") == "GJ/10^4Nm3"
    assert unit_of(coal, "power_coal_rate", stored="gce/kWh 或 Nm3/MWh") == "gce/kWh"
    assert unit_of(gas, "heat_coal_rate", stored="kgce/GJ 或 Nm3/GJ") == "Nm3/GJ"
    assert unit_of(coal, "supply", stored="MWh") == "MWh"
    # a fuel not in the catalogue: the stored unit, "或" in the page's language
    assert unit_of(coal, "consumption", "mystery", "t 或 10^4Nm3") == "t 或 10^4Nm3"
