"""掺烧生物质 (核查技术指南 表2/表3 "掺烧生物质的机组要报告生物质种类、消耗量和热值", 表13 生物质热量
占比): dry-basis consumption and NCV, no fossil emissions, the monthly and annual heat share, over
10 % flagged, and 表13's cross-check from the boilers' output and efficiency."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from tanhe.accounting import calculate, plant_year_from_data, result_to_dict
from tanhe.accounting.errors import InputErrors
from tanhe.accounting.interchange import loads
from tanhe.checks import Subject, registry, run

from .builders import D

EXAMPLE = json.loads(Path("examples/issue-example.json").read_text(encoding="utf-8"))
FOSSIL_HEAT = D("2468530.383")  # the example's January fuel heat (test_worked_examples)


def _with_biomass(month: dict, **production) -> dict:
    data = copy.deepcopy(EXAMPLE)
    unit = data["units"][0]
    unit["fuels"].append({"fuel": "agri_forestry_residue", "months": [{"month": 1, **month}]})
    unit["production"][0] |= production
    return data


def _unit(data: dict):
    return calculate(plant_year_from_data(loads(json.dumps(data)))).units[0]


def test_biomass_heat_counts_toward_the_share_and_emits_no_fossil_co2():
    plain, mixed = _unit(EXAMPLE), _unit(_with_biomass({"consumption": "30000.00", "ncv": "15.2"}))
    (biomass,) = mixed.biomass
    assert biomass.months[0].heat_gj == D("456000.000")  # 30000.00 t × 15.200 GJ/t
    assert mixed.total_emissions_tco2 == plain.total_emissions_tco2 == D("228810.90")
    january = mixed.production.months[0].values
    # 456000 / (456000 + 2468530.383) × 100 = 15.59209… → 15.592 %
    assert january.biomass_heat_share_pct == D("15.592")
    assert mixed.production.annual.biomass_heat_share_pct == D("15.592")
    # the rates stay on the fossil heat (化石燃料热量)
    assert january.power_coal_rate == plain.production.months[0].values.power_coal_rate
    assert plain.production.months[0].values.biomass_heat_share_pct is None
    out = result_to_dict(calculate(plant_year_from_data(loads(json.dumps(
        _with_biomass({"consumption": "30000.00", "ncv": "15.2"}))))))["units"][0]  # fmt: skip
    assert out["biomass"][0]["heat_gj"] == "456000.000"
    assert out["production"]["months"][0]["biomass_heat_share_pct"] == "15.592"


def test_a_share_over_10_percent_is_flagged_for_the_verifier():
    """表13: over 10 % the verification team must explain it; 8.861 % is not flagged."""
    over = _unit(_with_biomass({"consumption": "30000.00", "ncv": "15.200"}))
    under = _unit(_with_biomass({"consumption": "20000.00", "ncv": "12.000"}))
    assert under.production.annual.biomass_heat_share_pct == D("8.861")
    for unit, flagged in ((over, True), (under, False)):
        rules = [f.rule for f in check(_result(unit))]
        assert ("consistency.biomass_share" in rules) is flagged
    (finding,) = [f for f in check(_result(over)) if f.rule == "consistency.biomass_share"]
    assert finding.observed == "15.592" and finding.expected == "10"
    assert "表13" in registry.get(finding.rule).clause


def check(result):
    """The checks that read the result alone, on a 2023 plant of this result."""
    plant = SimpleNamespace(year=2023, units=())
    rules = [r.id for r in registry.all_rules() if r.kind in ("range", "consistency")]
    only = [r for r in rules if r in ("consistency.biomass_share", "range.load_factor",
                                      "range.utilisation_hours")]  # fmt: skip
    return run(Subject(plant, result), only=only).findings  # type: ignore[arg-type]


def _result(unit):
    """A plant of this one unit's result, for the plausibility check."""
    return SimpleNamespace(units=(unit,), year=2023, total_emissions_tco2=unit.total_emissions_tco2)


def test_table_13_cross_check_from_the_boilers_output_and_efficiency():
    """(2600000 / 91 % − 2468530.383) / (2600000 / 91 %) × 100 = 13.60143… → 13.601 %."""
    data = _with_biomass({"consumption": "30000.00", "ncv": "15.200"},
                         boiler_output_gj="2600000", boiler_efficiency_pct="91")  # fmt: skip
    assert _unit(data).production.months[0].values.biomass_share_check_pct == D("13.601")
    no_check = _unit(_with_biomass({"consumption": "30000.00", "ncv": "15.200"}))
    assert no_check.production.months[0].values.biomass_share_check_pct is None


def test_biomass_takes_dry_basis_consumption_and_ncv_only():
    with pytest.raises(InputErrors) as exc:
        _unit(_with_biomass({"consumption": "100", "ncv": "15", "carbon_content": "40"}))
    assert [i.code for i in exc.value.issues] == ["unknown_key"]
    with pytest.raises(InputErrors) as exc:
        _unit(_with_biomass({"consumption": "100"}))
    assert [i.code for i in exc.value.issues] == ["biomass_ncv"]
    none_burnt = _unit(_with_biomass({"consumption": "0"}))
    assert none_burnt.production.months[0].values.biomass_heat_share_pct == D("0.000")
