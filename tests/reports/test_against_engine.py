"""Every computed cell against the engine: a plant-year entered cell by cell through the report
services, then 自动计算, must give what the engine computes from the same data read straight
from the example file (examples/coal-2x660.json: two 660 MW units, a month without measured
carbon, diesel at default values, purchases in some months)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tanhe.accounting import calculate, parse_plant_year
from tanhe.plans import services as plan_services
from tanhe.reports import calculation, selectors, services
from tanhe.reports.models import Origin
from tanhe.reports.services import CellInput

from ..plans.conftest import COAL_UNIT

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "coal-2x660.json"


@pytest.fixture
def two_unit_report(filer, enterprise, plan, reviewer):
    """The fixture plan has 1号机组 (bituminous + diesel); a revision adds 2号机组."""
    plan_services.approve(actor=reviewer, version=plan)
    version = plan_services.create_revision(actor=filer, enterprise=enterprise, reason="new_source")
    unit = plan_services.add_unit(
        actor=filer,
        version=version,
        data=COAL_UNIT | {"name": "2号机组", "fuel_names": ["bituminous"]},
    )
    plan_services.add_facility(actor=filer, unit=unit, data={
        "category": "boiler", "code": "MF0002", "name": "2号锅炉", "boiler_type": "煤粉锅炉",
        "model": "HG-2100/25.4", "capacity_tph": "2100", "location": "主厂房西侧",
    })  # fmt: skip
    plan_services.set_main_product(actor=filer, unit=unit, product="electricity")
    for method in version.methods.filter(unit=unit, method_type="measured"):
        plan_services.update_method(actor=filer, method=method, data={"device_model": "皮带秤"})
    plan_services.submit(actor=filer, version=version)
    return services.create_report(actor=filer, enterprise=enterprise, year=2023)


def cells_from_document(report, document: dict) -> list[CellInput]:
    units = {u.name: u for u in calculation.reporting_units(report)}
    out = []
    for u in document["units"]:
        unit = units[u["name"]]
        for fuel in u.get("fuels", []):
            for m in fuel["months"]:
                for key, value in m.items():
                    if key != "month" and value is not None:
                        out.append(CellInput(unit, "fuel", fuel["fuel"], key, m["month"], value))
        for e in u.get("purchased_electricity", []):
            out.append(CellInput(unit, "electricity", "", "mwh", e["month"], e["mwh"]))
        for p in u.get("production", []):
            for key, value in p.items():
                if key != "month":
                    out.append(CellInput(unit, "production", "", key, p["month"], value))
    return out


def test_every_computed_cell_equals_the_engine(two_unit_report, filer):
    report = two_unit_report
    document = json.loads(EXAMPLE.read_text())
    services.save_cells(actor=filer, report=report, entries=cells_from_document(report, document))
    outcome = services.autocalc(actor=filer, report=report)
    assert outcome.applied, outcome.problems
    expected = calculate(parse_plant_year(EXAMPLE.read_text()))

    stored = {
        (c.unit.name, c.table, c.fuel, c.key, c.month): c
        for c in report.cells.select_related("unit")
    }
    compared = 0
    for u in expected.units:
        for f in u.fuels:
            for m in f.months:
                for key in ("ncv", "carbon_content", "unit_heat_carbon", "oxidation_rate_pct",
                            "heat_gj", "emissions_tco2"):  # fmt: skip
                    cell = stored[(u.name, "fuel", f.fuel, key, m.month)]
                    assert cell.value == format(getattr(m, key), "f"), (
                        u.name,
                        f.fuel,
                        key,
                        m.month,
                    )
                    if cell.origin == Origin.AUTO:
                        assert cell.mode == m.modes.get(key, "calculated")
                    compared += 1
        for e in u.electricity.months:
            cell = stored[(u.name, "electricity", "", "emissions_tco2", e.month)]
            assert cell.value == format(e.emissions_tco2, "f")
            compared += 1
        for p in u.production.months:
            for key in ("heat_ratio_pct", "power_coal_rate", "load_factor_pct", "power_intensity"):
                value = getattr(p.values, key)
                cell = stored.get((u.name, "production", "", key, p.month))
                assert (cell.value if cell else None) == (
                    None if value is None else format(value, "f")
                ) or (cell is not None and cell.value == "" and value is None), (
                    u.name,
                    key,
                    p.month,
                )
                compared += 1
    assert compared > 200
    rows, total = selectors.summary(report)
    assert total.total == expected.total_emissions_tco2
    assert [r.total for r in rows] == [u.total_emissions_tco2 for u in expected.units]
    # diesel months without NCV took the appendix default and say so
    diesel = stored[("1号机组", "fuel", "diesel", "ncv", 4)]
    assert (diesel.value, diesel.mode, diesel.origin) == ("42.652", "default", "auto")
