"""An auxiliary fuel metered for the plant only, allocated by generation (seed 000 机组信息 说明 c):
"如果机组辅助燃料量无法分机组计量的，可按机组发电量比例分配或其他合理方式分机组填报"."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from tanhe.accounting import calculate, plant_year_from_data
from tanhe.accounting.errors import InputErrors
from tanhe.accounting.formulas import split_by_weights
from tanhe.accounting.interchange import loads
from tanhe.accounting.quantities import Mode

from .builders import D

TWO_UNITS = json.loads(Path("examples/coal-2x660.json").read_text(encoding="utf-8"))


def _plant(aux_month: dict, *, unit2_diesel: bool = True, unit1_consumption: bool = False):
    data = copy.deepcopy(TWO_UNITS)
    one, two = data["units"]
    (diesel,) = [f for f in one["fuels"] if f["fuel"] == "diesel"]
    for m in diesel["months"]:
        if m["month"] == 1 and not unit1_consumption:
            m.pop("consumption")  # the plant gives it
    if unit2_diesel:
        two["fuels"].append({"fuel": "diesel", "months": []})
    data["plant_auxiliary_fuels"] = [{"fuel": "diesel", "months": [{"month": 1, **aux_month}]}]
    return plant_year_from_data(loads(json.dumps(data)))


def _diesel(unit, month: int = 1):
    (fuel,) = [f for f in unit.fuels if f.fuel == "diesel"]
    return next(m for m in fuel.months if m.month == month)


def test_the_plants_diesel_is_split_by_the_units_generation():
    """120.50 t over 307919.011 and 302919.011 MWh: 60.743… → 60.74 t and 59.757… → 59.76 t."""
    result = calculate(_plant({"consumption": "120.50"}))
    one, two = (_diesel(u) for u in result.units)
    assert (one.consumption, two.consumption) == (D("60.74"), D("59.76"))
    assert one.consumption + two.consumption == D("120.50")
    assert one.modes["consumption"] is Mode.CALCULATED  # derived, like the split purchase
    step = next(s for s in one.steps if s.quantity == "aux_allocated")
    assert step.operands == (D("120.50"), D("307919.011"), D("610838.022"))
    assert one.emissions_tco2 > 0 and two.emissions_tco2 > 0


def test_only_units_listing_the_fuel_share_it():
    result = calculate(_plant({"consumption": "120.50"}, unit2_diesel=False))
    assert _diesel(result.units[0]).consumption == D("120.50")
    assert not [f for f in result.units[1].fuels if f.fuel == "diesel"]


def test_a_unit_giving_its_own_consumption_too_is_refused():
    with pytest.raises(InputErrors) as exc:
        calculate(_plant({"consumption": "120.50"}, unit1_consumption=True))
    assert [i.code for i in exc.value.issues] == ["aux_and_unit"]


def test_without_generation_there_is_nothing_to_allocate_by():
    data = copy.deepcopy(TWO_UNITS)
    data["plant_auxiliary_fuels"] = [
        {"fuel": "diesel", "months": [{"month": 1, "consumption": "5"}]}
    ]
    for unit in data["units"]:
        unit["production"] = [p for p in unit["production"] if p["month"] != 1]
        for f in unit["fuels"]:
            if f["fuel"] == "diesel":
                f["months"] = [m for m in f["months"] if m["month"] != 1]
    with pytest.raises(InputErrors) as exc:
        calculate(plant_year_from_data(loads(json.dumps(data))))
    assert [i.code for i in exc.value.issues] == ["aux_no_generation"]


def test_rounding_keeps_the_total_exact():
    assert split_by_weights(D("100.00"), [D(1), D(1), D(1)], 2) == [D("33.34"), D("33.33"),
                                                                     D("33.33")]  # fmt: skip
    assert sum(split_by_weights(D("0.05"), [D(2), D(1)], 2)) == D("0.05")
