"""A coal unit co-firing biomass in its report (核查技术指南 表2/表3/表13): the biomass block has
dry-basis consumption and NCV (no 燃料状态, no carbon), 自动计算 fills its heat and the unit's
生物质热量占比, the Excel template carries the same rows, and a share over 10 % is flagged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tanhe.plans import services as plan_services
from tanhe.reports import services
from tanhe.reports.completeness import warnings
from tanhe.reports.problems import shown, texts
from tanhe.reports.services import CellErrors

from ..plans.conftest import COAL_UNIT
from .conftest import complete_plan, entries, fill_year
from .test_excel import row_of, template


def _cofiring_report(filer, enterprise):
    version = plan_services.create_plan(actor=filer, enterprise=enterprise)
    unit = complete_plan(filer, version)
    plan_services.update_unit(actor=filer, unit=unit,
                              data=COAL_UNIT | {"fuel_names": [*COAL_UNIT["fuel_names"],
                                                               "agri_forestry_residue"]})  # fmt: skip
    methods = version.methods.filter(fuel="agri_forestry_residue")
    assert sorted(methods.values_list("parameter", flat=True)) == ["consumption", "ncv"]
    for method in methods.filter(method_type="measured"):
        plan_services.update_method(actor=filer, method=method, data={"device_model": "地磅"})
    plan_services.submit(actor=filer, version=version)
    report = services.create_report(actor=filer, enterprise=enterprise, year=2023)
    return report, report.plan_version.units.get(name="1号机组")


def test_a_cofiring_unit_reports_its_biomass_and_its_heat_share(client, filer, enterprise):
    report, unit = _cofiring_report(filer, enterprise)
    fill_year(filer, report, unit)
    for month in range(1, 13):
        services.save_cells(actor=filer, report=report, entries=entries(
            unit, month, agri_forestry_residue__consumption="30000.00",
            agri_forestry_residue__ncv="15.200"))  # fmt: skip
    services.autocalc(actor=filer, report=report)
    cells = {(c.fuel, c.key, c.month): c for c in report.cells.all()}
    heat = cells[("agri_forestry_residue", "heat_gj", 1)]
    assert (heat.value, heat.origin) == ("456000.000", "auto")
    assert cells[("", "biomass_heat_share_pct", 1)].value == "15.592"
    assert ("agri_forestry_residue", "state", 1) not in cells
    names = {u.pk: u.name for u in report.plan_version.units.all()}
    biomass = [w for w in warnings(report) if w.code == "check.consistency.biomass_share"]
    (flag,) = texts(biomass, names)
    assert "全年生物质热量占比15.592%超过10%" in flag
    assert "表13" in shown(biomass, names)[0].clause
    client.force_login(filer)
    page = client.get(reverse("reports:edit", args=[report.pk, "fuel"])).content.decode()
    assert (
        "1号机组 农林剩余物" in page and "消耗量（干基）" in page and "低位发热量（干基）" in page
    )
    ws = template(client, report)["燃料信息表"]
    assert ws.cell(row=row_of(ws, "1号机组|agri_forestry_residue|ncv"), column=4).value == (
        "低位发热量（干基）"
    )
    for key in ("state", "carbon_content", "emissions_tco2"):
        try:
            row_of(ws, f"1号机组|agri_forestry_residue|{key}")
        except KeyError:
            continue
        raise AssertionError(f"a biomass fuel has no {key} row")


def test_a_biomass_fuel_takes_no_state_and_no_carbon(filer, enterprise):
    """表13: a co-fired biomass fuel is reported by dry-basis consumption and NCV only."""
    report, unit = _cofiring_report(filer, enterprise)
    for key, value in (("state", "fired"), ("carbon_content", "45.00")):
        with pytest.raises(CellErrors) as exc:
            services.save_cells(actor=filer, report=report, entries=entries(
                unit, 1, **{f"agri_forestry_residue__{key}": value}))  # fmt: skip
        assert "农林剩余物为掺烧生物质，只填报消耗量和低位发热量（干基）" in exc.value.problems[0]
    services.save_cells(actor=filer, report=report, entries=entries(
        unit, 1, agri_forestry_residue__consumption="10.00"))  # fmt: skip
    assert report.cells.get(fuel="agri_forestry_residue").value == "10.00"
