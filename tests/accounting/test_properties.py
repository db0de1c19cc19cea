"""Property tests (hypothesis): annual = Σ months, monotone in consumption, no float leaks."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

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


json_leaf = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.text(max_size=30),
    st.sampled_from(["0", "-1", "1.005", "1e5", " 2 ", "NaN", "Infinity", "９", "1_000", "0.0000001"]),
)  # fmt: skip
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


_EXAMPLES = [p.read_text(encoding="utf-8") for p in sorted(Path("examples").glob("*.json"))]
_UNFILLED = re.compile(r"\{(value|expected|detail|example|low|high|choices|basis|what|year|name)\}")


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_corruption_of_a_document_is_an_input_error_or_a_result(data):
    """Never a crash: whatever a file holds, the answer is located issues or a result."""
    import json

    from tanhe.accounting import parse_plant_year
    from tanhe.accounting.errors import InputErrors

    document = json.loads(data.draw(st.sampled_from(_EXAMPLES)))
    paths = list(_paths(document))
    path = data.draw(st.sampled_from(paths[1:]))
    replacement = data.draw(json_value)
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = replacement
    text = json.dumps(document)
    try:
        calculate(parse_plant_year(text))
    except InputErrors as exc:
        assert exc.issues
        if "{" not in json.dumps(replacement):  # else the value itself may look like "{value}"
            for message in exc.messages("zh") + exc.messages("en"):
                assert not _UNFILLED.search(message), message
