"""Property tests (hypothesis): annual = Σ months, monotone in consumption, no float leaks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tanhe.accounting import calculate, result_to_dict
from tanhe.accounting.model import FuelMonth

from .builders import fuel, plant, unit

consumption = st.decimals(min_value="0", max_value="500000", places=2)
ncv = st.decimals(min_value="8", max_value="30", places=3)
carbon = st.decimals(min_value="20", max_value="80", places=2)
coal_month = st.tuples(consumption, ncv, st.one_of(st.none(), carbon))


def year_of(rows: list[tuple[Decimal, Decimal, Decimal | None]]):
    months = tuple(
        FuelMonth(month=i + 1, consumption=fc, ncv=q, carbon_content=c)
        for i, (fc, q, c) in enumerate(rows)
    )
    return calculate(plant(unit((fuel("bituminous", *months),))))


@settings(max_examples=60, deadline=None)
@given(st.lists(coal_month, min_size=1, max_size=12))
def test_annual_equals_the_sum_of_the_rounded_months(rows):
    result = year_of(rows)
    f = result.units[0].fuels[0]
    assert f.annual.emissions_tco2 == sum(m.emissions_tco2 for m in f.months)
    assert f.annual.heat_gj == sum(m.heat_gj for m in f.months)
    assert f.annual.consumption == sum(m.consumption for m in f.months)
    assert result.total_emissions_tco2 == result.units[0].total_emissions_tco2
    for m in f.months:
        assert m.emissions_tco2.as_tuple().exponent == -2  # always the form's 2 decimals


@settings(max_examples=60, deadline=None)
@given(coal_month, st.decimals(min_value="0.01", max_value="10000", places=2))
def test_emissions_monotone_in_consumption(row, extra):
    fc, q, c = row
    lower = year_of([(fc, q, c)]).total_emissions_tco2
    higher = year_of([(fc + extra, q, c)]).total_emissions_tco2
    assert higher >= lower


@settings(max_examples=40, deadline=None)
@given(st.lists(coal_month, min_size=1, max_size=12))
def test_no_float_anywhere_in_the_result(rows):
    def walk(value):
        assert not isinstance(value, float), value
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(result_to_dict(year_of(rows)))


@pytest.mark.parametrize("bad", [0.1, 1.0, float("nan")])
def test_a_float_input_is_a_type_error(bad):
    with pytest.raises(TypeError, match="float"):
        FuelMonth(month=1, consumption=bad)


def test_a_float_deep_inside_is_a_type_error():
    from tanhe.accounting.model import DailyRecord, State

    with pytest.raises(TypeError, match="float"):
        DailyRecord(quantity=Decimal("1"), ncv=20.5, state=State.FIRED)
