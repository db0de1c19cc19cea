"""Rounding: ROUND_HALF_UP at each reported field's decimals, ties included (…5 at every dp)."""

from __future__ import annotations

from datetime import date

import pytest

from tanhe.accounting import calculate
from tanhe.accounting.params import default_parameters
from tanhe.accounting.rounding import Field, RoundingTable

from .builders import D, fuel, month, plant, unit


@pytest.fixture(scope="module")
def table() -> RoundingTable:
    value = default_parameters()["rounding"].use_at(date(2023, 1, 1)).value
    return RoundingTable(value)


@pytest.mark.parametrize(
    ("field", "places"),
    [
        (Field.CONSUMPTION, 2), (Field.NCV, 3), (Field.CARBON_CONTENT, 2), (Field.FUEL_HEAT, 3),
        (Field.UNIT_HEAT_CARBON, 5), (Field.EMISSIONS, 2), (Field.PURCHASED_ELECTRICITY, 2),
        (Field.ELECTRICITY, 3), (Field.HEAT, 3), (Field.HEAT_RATIO, 3), (Field.INTENSITY, 3),
        (Field.GRID_EMISSION_FACTOR, 4), (Field.COAL_RATE, 2),
    ],
)  # fmt: skip
def test_decimals_of_the_national_form(table, field, places):
    assert table.places(field) == places


@pytest.mark.parametrize(
    ("field", "raw", "reported"),
    [
        (Field.CONSUMPTION, "0.125", "0.13"),  # tie at 2 dp rounds up (banker's would give 0.12)
        (Field.CONSUMPTION, "0.135", "0.14"),
        (Field.CONSUMPTION, "0.1249999", "0.12"),
        (Field.NCV, "20.5125", "20.513"),  # tie at 3 dp
        (Field.NCV, "20.5115", "20.512"),
        (Field.UNIT_HEAT_CARBON, "0.025025", "0.02503"),  # tie at 5 dp
        (Field.UNIT_HEAT_CARBON, "0.025015", "0.02502"),
        (Field.GRID_EMISSION_FACTOR, "0.58105", "0.5811"),  # tie at 4 dp
        (Field.EMISSIONS, "454.325", "454.33"),
        (Field.EMISSIONS, "-0.005", "-0.01"),  # half away from zero
        (Field.EMISSIONS, "2.5", "2.50"),  # pads to the form's decimals
        (Field.INTENSITY, "0.8015", "0.802"),
    ],
)
def test_round_half_up_ties(table, field, raw, reported):
    result = table.round(field, D(raw))
    assert str(result) == reported


def test_rounding_table_missing_a_field_is_refused():
    with pytest.raises(ValueError, match="rounding table lacks"):
        RoundingTable({"consumption": 2})


def test_downstream_uses_rounded_values():
    # consumption 100.005 t is reported as 100.01 (2 dp); heat uses 100.01 × 20.000 = 2000.200
    m = month(consumption="100.005", ncv="20.000", carbon_content="50.00")
    row = calculate(plant(unit((fuel("bituminous", m),)))).units[0].fuels[0].months[0]
    assert row.consumption == D("100.01")
    assert row.heat_gj == D("2000.200")
    assert any(s.quantity == "reported_value" for s in row.steps)


def test_tie_in_emissions_rounds_up_through_the_engine():
    # fuel oil (OF 98 %): 1.00 t × 0.3750 × 0.98 × 44/12 = 1.3475 exactly → 1.35 (tie rounds up)
    m = month(consumption="1.00", ncv="41.816", carbon_content="37.50")
    row = calculate(plant(unit((fuel("fuel_oil", m),)))).units[0].fuels[0].months[0]
    assert row.oxidation_rate_pct == D("98")
    assert row.emissions_tco2 == D("1.35")
