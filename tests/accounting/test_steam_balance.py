"""供热量 from steam with return and make-up water, and indirect supply through a heat exchanger
(核查技术指南 表16 验: "供热量=直接供汽流量×直接供汽的供汽焓值−直接供汽的凝结水回水流量×凝结水回水焓值
−用于直接供热的补充水量×补充水焓值"; "(热网循环水供水流量×供水焓−回水量×回水焓−补充水量×补充水焓)
/热网加热器效率"; without those data "供热量=直接供汽量×(供汽焓−83.74)")."""

from __future__ import annotations

import pytest

from tanhe.accounting import calculate
from tanhe.accounting.errors import InputErrors
from tanhe.accounting.model import ProductionMonth, SteamFlow

from .builders import D, fuel, month, plant, unit

COAL = fuel("bituminous", month(consumption="1000.00", ncv="20.000", carbon_content="50.00"))


def _heat(*flows: SteamFlow):
    p = ProductionMonth(1, generation_mwh=D("100"), supply_mwh=D("90"), steam=flows,
                        heat_ratio_pct=D("10"))  # fmt: skip
    return calculate(plant(unit((COAL,), production=(p,)))).units[0].production.months[0].values


def test_without_return_data_the_simplified_83_74_rule_holds():
    assert _heat(SteamFlow(D("1000"), D("3000"))).heat_gj == D("2916.260")


def test_return_and_make_up_water_are_taken_out():
    """1000 t × 3000 − 800 t × 420 − 150 t × 84 = 2651400 kJ → 2651.400 GJ."""
    flow = SteamFlow(D("1000"), D("3000"), return_t=D("800"), return_enthalpy_kj_per_kg=D("420"),
                     makeup_t=D("150"), makeup_enthalpy_kj_per_kg=D("84"))  # fmt: skip
    values = _heat(flow)
    assert values.heat_gj == D("2651.400")
    assert any(s.quantity == "steam_heat_balance" for s in values.steps)


def test_indirect_supply_is_divided_by_the_exchanger_efficiency():
    """2651.4 GJ metered on the network side ÷ 95 % = 2790.9473… → 2790.947 GJ."""
    flow = SteamFlow(D("1000"), D("3000"), return_t=D("800"), return_enthalpy_kj_per_kg=D("420"),
                     makeup_t=D("150"), makeup_enthalpy_kj_per_kg=D("84"),
                     exchanger_efficiency_pct=D("95"))  # fmt: skip
    assert _heat(flow).heat_gj == D("2790.947")


def test_a_return_mass_without_its_enthalpy_is_refused():
    with pytest.raises(InputErrors) as exc:
        _heat(SteamFlow(D("1000"), D("3000"), return_t=D("800")))
    assert [i.code for i in exc.value.issues] == ["steam_enthalpy"]
