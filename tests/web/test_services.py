import hashlib
from decimal import Decimal

import pytest

from tanhe.accounting import InputErrors, calculate, parse_plant_year, summary_rows
from tanhe.calculator import selectors, services
from tanhe.calculator.display import result_view
from tanhe.calculator.models import Calculation

from .conftest import BAD_NUMBER

pytestmark = pytest.mark.django_db


def test_issue_example_totals_are_stored_exactly(issue_example_bytes):
    calc = services.run_calculation(issue_example_bytes)

    calc.refresh_from_db()
    assert calc.total_emissions_tco2 == Decimal("228810.90")
    assert str(calc.total_emissions_tco2) == "228810.90"
    assert calc.result_json["total_emissions_tco2"] == "228810.90"
    assert calc.result_json["combustion_emissions_tco2"] == "228518.74"
    assert calc.result_json["electricity_emissions_tco2"] == "292.16"
    assert calc.year == 2023
    assert calc.enterprise_name == "示例发电有限公司"
    assert calc.credit_code == "91110000MA0123456P"
    assert calc.engine_version == calc.result_json["engine_version"]


def test_input_and_parameters_are_kept_as_given(issue_example_bytes):
    calc = services.run_calculation(issue_example_bytes)

    calc.refresh_from_db()
    assert calc.input_json.encode("utf-8") == issue_example_bytes
    assert calc.input_sha256 == hashlib.sha256(issue_example_bytes).hexdigest()
    names = {p["name"] for p in calc.parameters}
    assert {"oxidation_rate", "grid_emission_factor"} <= names
    assert calc.parameters == calc.result_json["parameters"]
    grid = next(p for p in calc.parameters if p["name"] == "grid_emission_factor")
    assert grid["value"] == "0.5703"
    assert grid["document"]


def test_trace_is_stored(issue_example_bytes):
    calc = services.run_calculation(issue_example_bytes)

    month = calc.result_json["units"][0]["fuels"][0]["months"][0]
    quantities = [s["quantity"] for s in month["steps"]]
    assert "combustion_emissions" in quantities
    assert all(s["working"] and s["clause"] for s in month["steps"])


def test_page_summary_matches_engine_summary_rows(issue_example_bytes):
    calc = services.run_calculation(issue_example_bytes)
    engine_rows = summary_rows(calculate(parse_plant_year(issue_example_bytes)))

    page_rows = result_view(calc.result_json).summary

    assert [r.total_emissions_tco2 for r in page_rows] == [
        r["total_emissions_tco2"] for r in engine_rows
    ]
    assert [r.combustion_emissions_tco2 for r in page_rows] == [
        r["combustion_emissions_tco2"] for r in engine_rows
    ]
    assert page_rows[-1].is_total
    assert page_rows[-1].name == "合计"


def test_invalid_input_raises_located_messages_and_saves_nothing():
    with pytest.raises(InputErrors) as info:
        services.run_calculation(BAD_NUMBER)

    messages = info.value.messages("zh")
    assert any("数值必须写成字符串" in m and "units[0].capacity_mw" in m for m in messages)
    assert Calculation.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n", "{}".encode("utf-16"), b'{"a": "\xb2\xe2"}', b'{"a": "x\\u0000"}', b"{"],
    ids=["empty", "blank", "utf16", "gbk", "nul", "truncated"],
)
def test_unreadable_input_is_an_input_error(data):
    with pytest.raises(InputErrors):
        services.run_calculation(data)
    assert Calculation.objects.count() == 0


def test_oversized_input_is_refused():
    data = b" " * services.MAX_INPUT_BYTES + b"{}"
    with pytest.raises(InputErrors):
        services.run_calculation(data)


def test_utf8_bom_is_accepted_and_kept(issue_example_bytes):
    data = b"\xef\xbb\xbf" + issue_example_bytes

    calc = services.run_calculation(data)

    assert calc.input_json.encode("utf-8") == data
    assert calc.total_emissions_tco2 == Decimal("228810.90")


def test_selectors_list_the_visitors_own_newest_first(issue_example_bytes):
    from django.contrib.auth.models import AnonymousUser

    first = services.run_calculation(issue_example_bytes)
    second = services.run_calculation(issue_example_bytes)
    example = services.run_calculation(issue_example_bytes, example=True)
    anonymous = AnonymousUser()

    assert list(selectors.own_calculations(anonymous, [first.key, second.key])) == [second, first]
    assert list(selectors.own_calculations(anonymous, [])) == []
    assert list(selectors.examples()) == [example]
    assert selectors.visible_calculation(first.key, anonymous) == first
    assert selectors.calculation_exists_for_input(example.input_sha256)
