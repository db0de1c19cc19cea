"""The tanhe.plant-year/1 format: exact strings in, every problem located, schema in step."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from tanhe.accounting import calculate, parse_plant_year, plant_year_from_data, result_to_dict
from tanhe.accounting.errors import InputErrors
from tanhe.accounting.interchange import loads

from .builders import D, doc

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs/schema/plant-year-1.schema.json").read_text(encoding="utf-8"))
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


def issues_of(data) -> list[tuple[str, str | None, str | None, int | None, str | None]]:
    with pytest.raises(InputErrors) as exc:
        plant_year_from_data(loads(json.dumps(data)) if not isinstance(data, str) else loads(data))
    return [(i.code, i.unit, i.fuel, i.month, i.field) for i in exc.value.issues]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_follow_the_schema_and_calculate(path):
    text = path.read_text(encoding="utf-8")
    jsonschema.validate(json.loads(text), SCHEMA)
    result = calculate(parse_plant_year(text))
    assert result.total_emissions_tco2 > 0


def test_schema_refuses_json_numbers_as_the_parser_does():
    data = doc()
    data["units"][0]["fuels"][0]["months"][0]["consumption"] = 120345.67
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


def test_json_number_is_refused_with_its_location():
    text = json.dumps(doc()).replace('"120345.67"', "120345.67")
    with pytest.raises(InputErrors) as exc:
        parse_plant_year(text)
    (issue,) = exc.value.issues
    assert (issue.code, issue.unit, issue.fuel, issue.month) == (
        "json_number",
        "1",
        "bituminous",
        1,
    )
    assert issue.field == "units[0].fuels[0].months[0].consumption"
    message = exc.value.messages("zh")[0]
    assert message.startswith("机组 1 / 燃料 烟煤 / 1月 / 消耗量")
    assert '"120345.67"' in message  # shows how to write it
    assert "numbers must be JSON strings" in exc.value.messages("en")[0]


def test_json_number_keeps_its_literal_digits_in_the_message():
    # a float would print 0.30000000000000004; the literal is shown as written
    text = json.dumps(doc()).replace('"52.31"', "0.1000000000000000055511151231257827")
    with pytest.raises(InputErrors) as exc:
        parse_plant_year(text)
    assert "0.1000000000000000055511151231257827" in exc.value.messages()[0]


def test_month_and_year_may_be_json_integers_or_digit_strings():
    data = doc(year="2023")
    data["units"][0]["fuels"][0]["months"][0]["month"] = "1"
    plant = plant_year_from_data(loads(json.dumps(data)))
    assert plant.year == 2023
    assert plant.units[0].fuels[0].months[0].month == 1


def test_every_problem_is_listed_with_unit_fuel_month_field():
    data = doc(format="tanhe.plant-year/2")
    u = data["units"][0]
    u["type"] = "nuclear"
    u["fuels"][0]["months"].append({"month": 13, "consumption": "1"})
    u["fuels"][0]["months"][0]["ncv"] = "20,5"  # a decimal comma ("20,512" is 20512)
    u["fuels"][0]["months"][0]["consumtion"] = "1"
    u["production"][0]["supply_mwh"] = "-5"
    assert issues_of(data) == [
        ("format", None, None, None, "format"),
        ("choice", "1", None, None, "units[0].type"),
        ("unknown_key", "1", "bituminous", 1, "units[0].fuels[0].months[0].consumtion"),
        ("decimal_comma", "1", "bituminous", 1, "units[0].fuels[0].months[0].ncv"),
        ("month", "1", "bituminous", None, "units[0].fuels[0].months[1].month"),
        ("negative", "1", None, 1, "units[0].production[0].supply_mwh"),
    ]


def test_duplicates_are_refused():
    data = doc()
    u = data["units"][0]
    u["fuels"][0]["months"].append(copy.deepcopy(u["fuels"][0]["months"][0]))
    u["fuels"].append(copy.deepcopy(u["fuels"][0]))
    data["units"].append(copy.deepcopy(u))
    codes = [i[0] for i in issues_of(data)]
    assert codes == ["duplicate_month", "duplicate_fuel", "duplicate_unit"]


def test_unknown_fuel_lists_the_choices():
    data = doc()
    data["units"][0]["fuels"][0]["fuel"] = "coal"
    with pytest.raises(InputErrors) as exc:
        plant_year_from_data(data)
    assert "bituminous" in exc.value.messages()[0]


@pytest.mark.parametrize(
    ("code", "issue"),
    [("91110000MA0123456Q", "credit_code_check"), ("9111000MA0123456P", "credit_code"),
     ("91110000MA0123456O", "credit_code")],
)  # fmt: skip
def test_credit_code_is_checked_per_gb_32100(code, issue):
    data = doc()
    data["enterprise"]["credit_code"] = code
    assert issues_of(data)[0][0] == issue


def test_invalid_json_is_a_clear_issue():
    with pytest.raises(InputErrors) as exc:
        parse_plant_year(b'{"format": ')
    assert exc.value.issues[0].code == "json_invalid"
    assert "不是有效的 JSON" in exc.value.messages()[0]


def test_carbon_content_null_means_default():
    data = doc()
    data["units"][0]["fuels"][0]["months"][0]["carbon_content"] = None
    result = calculate(plant_year_from_data(loads(json.dumps(data))))
    row = result.units[0].fuels[0].months[0]
    # 20.512 × 0.03085 = 0.6327952 → 63.28 %
    assert row.carbon_content == D("63.28")


def test_result_dict_has_the_promised_keys_and_only_strings_for_numbers():
    result = result_to_dict(calculate(parse_plant_year(json.dumps(doc()))))
    assert result["total_emissions_tco2"] == "228810.90"
    unit = result["units"][0]
    assert {k: unit[k] for k in ("code", "combustion_emissions_tco2", "electricity_emissions_tco2",
                                 "total_emissions_tco2")} == {
        "code": "1", "combustion_emissions_tco2": "228518.74",
        "electricity_emissions_tco2": "292.16", "total_emissions_tco2": "228810.90",
    }  # fmt: skip
    row = unit["fuels"][0]["months"][0]
    assert (row["heat_gj"], row["carbon_content"], row["emissions_tco2"]) == (
        "2468530.383", "52.31", "228518.74",
    )  # fmt: skip
    assert row["steps"][-1]["quantity"] == "combustion_emissions"
    assert any(p["name"] == "grid_emission_factor" and p["value"] == "0.5703"
               for p in result["parameters"])  # fmt: skip


def test_merged_unit_needs_hours_per_member():
    data = doc()
    u = data["units"][0]
    u["members"] = [
        {"code": "1a", "type": "coal", "subtype": "conventional", "capacity_mw": "300"},
        {"code": "1b", "type": "coal", "subtype": "conventional", "capacity_mw": "330"},
    ]
    u["production"][0]["member_running_hours"] = {"1a": "744"}
    assert issues_of(data) == [
        ("member_hours", "1", None, 1, "units[0].production.member_running_hours")
    ]


def test_years_before_the_guide_are_refused():
    assert issues_of(doc(year=2018)) == [("year", None, None, None, "year")]


@pytest.mark.parametrize("value", ["1" * 16, "1." + "1" * 21, " " + "9" * 70 + " "])
def test_absurdly_long_numbers_are_refused_not_crashing(value):
    data = doc()
    data["units"][0]["fuels"][0]["months"][0]["consumption"] = value
    assert issues_of(data)[0][0] == "too_many_digits"


def test_deeply_nested_json_is_an_input_error():
    with pytest.raises(InputErrors) as exc:
        parse_plant_year("[" * 100_000 + "]" * 100_000)
    assert exc.value.issues[0].code == "json_invalid"


@pytest.mark.parametrize("garbage", ["[]", "null", '"x"', "{}", '{"units": 5}'])
def test_wrong_shapes_are_input_errors(garbage):
    with pytest.raises(InputErrors):
        parse_plant_year(garbage)


# -- the daily records' hot path -----------------------------------------------------------------
@pytest.mark.parametrize(
    "row",
    [
        {"day": "2023-01-05", "quantity": "3125.40", "ncv": "20.512", "state": "fired"},
        {"quantity": "0", "state": "received", "carbon_content": "52.31"},
    ],
)
def test_a_plain_daily_record_reads_as_the_checked_path_reads_it(row):
    from tanhe.accounting.interchange import _plain_daily, _Reader

    reader = _Reader()
    assert _plain_daily(row) == reader.daily(row, "d")
    assert _plain_daily(row) is not None and not reader.issues


@pytest.mark.parametrize(
    "row",
    [
        {"quantity": " 3125.40", "state": "fired"},  # padded: the number rule decides
        {"quantity": "3,125.40", "state": "fired"},
        {"quantity": "1", "state": "burnt"},
        {"quantity": "1", "state": "fired", "day": "2023/01/05"},
        {"quantity": "1", "state": "fired", "qty": "2"},
        {"quantity": "-1", "state": "fired"},
    ],
)
def test_anything_else_takes_the_checked_path(row):
    from tanhe.accounting.interchange import _plain_daily

    assert _plain_daily(row) is None
