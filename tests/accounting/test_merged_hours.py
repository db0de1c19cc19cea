"""Running and utilisation hours of a 合并填报 row (核查技术指南 表17/表18 注意事项; 核算指南 公式(11)):
hours weighted by the members' rated capacity, utilisation hours over the members' total, and a
standby unit (备用机组) not weighted itself but summed with the unit it stands in for."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from tanhe.accounting import calculate, plant_year_from_data
from tanhe.accounting.errors import InputErrors
from tanhe.accounting.interchange import loads
from tanhe.accounting.model import ProductionMonth, State, Subtype, UnitMember, UnitType
from tanhe.checks import registry

from .builders import D, doc, fuel, month, plant, unit

COAL = fuel("bituminous", month(1, consumption="150000", ncv="20.000", carbon_content="52.00",
                                state=State.FIRED))  # fmt: skip


def _member(code: str, capacity: str, standby_for: str | None = None) -> UnitMember:
    return UnitMember(code, f"{code}号机组", UnitType.COAL, Subtype.CONVENTIONAL, D(capacity),
                      standby_for)  # fmt: skip


def _merged(members, hours: dict[str, str], generation: str):
    production = ProductionMonth(
        1, generation_mwh=D(generation), supply_mwh=D(generation) * D("0.94"),
        member_running_hours=tuple((k, D(v)) for k, v in hours.items()),
    )  # fmt: skip
    row = unit((COAL,), code="5+6", capacity="300", members=tuple(members),
               production=(production,))  # fmt: skip
    return calculate(plant(row)).units[0]


def test_utilisation_of_a_loaded_merged_row_is_over_the_members_total():
    """2×300 MW, 744 h each, 401,760 MWh: 利用小时数 669.60 h (not 1,339.20 h over one member's
    capacity), below the 744 running hours — no 表17 warning."""
    result = _merged([_member("5", "300"), _member("6", "300")], {"5": "744", "6": "744"},
                     "401760")  # fmt: skip
    assert result.capacity_mw == D("300")  # the row shows the largest member's capacity
    assert result.hours_capacity_mw == D("600")
    assert result.production.months[0].values.running_hours == D("744.00")
    assert result.production.months[0].values.load_factor_pct == D("90.00")
    assert [f.rule for f in check_result(result)] == []


def test_utilisation_over_the_running_hours_is_still_warned_citing_table_17():
    result = _merged([_member("5", "300"), _member("6", "300")], {"5": "744", "6": "744"},
                     "450000")  # fmt: skip  # 750 h over 600 MW
    load, hours = check_result(result)
    assert hours.rule == "range.utilisation_hours" and hours.observed == "750.00"
    assert "表17" in registry.get(hours.rule).clause
    assert load.rule == "range.load_factor"  # 450000 / (600 × 744) > 100 %
    assert "表18" in registry.get(load.rule).clause


def test_a_standby_unit_is_summed_with_the_unit_it_stands_in_for():
    """5号 (300 MW) ran 500 h, its standby 7号 (300 MW) 244 h: one unit of 744 h; with 6号 (300 MW,
    744 h) the weighted hours are 744 and Σ P = 600 MW (7号 carries no weight)."""
    members = [_member("5", "300"), _member("6", "300"), _member("7", "300", standby_for="5")]
    result = _merged(members, {"5": "500", "6": "744", "7": "244"}, "401760")
    values = result.production.months[0].values
    assert values.running_hours == D("744.00")
    assert result.hours_capacity_mw == D("600")
    assert values.load_factor_pct == D("90.00")  # 401760 / (300×744 + 300×744)
    step = next(s for s in values.steps if s.quantity == "running_hours_weighted")
    assert ("P×t(5+7)", "300×744.00") in step.operands


def test_without_the_standby_rule_the_hours_would_be_weighted_by_three():
    members = [_member("5", "300"), _member("6", "300"), _member("7", "300")]
    result = _merged(members, {"5": "500", "6": "744", "7": "244"}, "401760")
    assert result.production.months[0].values.running_hours == D("496.00")
    assert result.hours_capacity_mw == D("900")


def test_a_standby_must_name_a_weighted_member():
    data = doc()
    data["units"][0]["members"] = [
        {"code": "5", "type": "coal", "subtype": "conventional", "capacity_mw": "300"},
        {"code": "7", "type": "coal", "subtype": "conventional", "capacity_mw": "300",
         "standby_for": "9"},
    ]  # fmt: skip
    with pytest.raises(InputErrors) as exc:
        plant_year_from_data(loads(json.dumps(data)))
    issue = next(i for i in exc.value.issues if i.code == "standby_for")
    assert "表17/表18" in issue.message("zh") and "tables 17/18" in issue.message("en")


from tests.accounting.test_biomass import check  # noqa: E402 — the shared result-only run


def check_result(unit_result):
    """The plausibility findings of a plant made of this one unit's result."""
    return check(
        SimpleNamespace(
            units=(unit_result,), year=2023, total_emissions_tco2=unit_result.total_emissions_tco2
        )
    )
