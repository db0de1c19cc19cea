"""燃气机组等级 (seed 000 机组信息 "燃气机组 | E级"; seed 002 表3 合理取值范围 2. 燃气机组类别判断):
an optional class of a gas unit, shown as its 机组类型细分, with the guide's power ranges as a note."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from tanhe.accounting import calculate, plant_year_from_data, result_to_dict
from tanhe.accounting.errors import InputErrors
from tanhe.accounting.interchange import loads, summary_rows
from tanhe.accounting.model import GasClass
from tanhe.checks import registry
from tanhe.checks.rules.ranges import gas_class_finding

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs/schema/plant-year-1.schema.json").read_text(encoding="utf-8"))
CCPP = json.loads((ROOT / "examples/gas-ccpp.json").read_text(encoding="utf-8"))


def _result(data: dict):
    return calculate(plant_year_from_data(loads(json.dumps(data))))


def _with_class(value: str, **unit_changes) -> dict:
    data = copy.deepcopy(CCPP)
    data["units"][0] |= {"gas_class": value, **unit_changes}
    return data


def test_a_file_without_a_class_stays_valid_and_computes_as_before():
    result = _result(CCPP)
    assert result.units[0].gas_class is None
    assert summary_rows(result)[0]["subtype_zh"] == "/"
    assert result_to_dict(result)["units"][0]["gas_class"] is None


def test_an_f_class_ccpp_shows_its_class_and_computes_the_same():
    data = _with_class("F")
    jsonschema.validate(data, SCHEMA)
    result = _result(data)
    assert result.units[0].gas_class is GasClass.F
    assert summary_rows(result)[0]["subtype_zh"] == "F级"
    out = result_to_dict(result)["units"][0]
    assert (out["gas_class"], out["subtype_zh"]) == ("F", "F级")
    assert result.total_emissions_tco2 == _result(CCPP).total_emissions_tco2 == Decimal("64061.84")


def test_a_class_on_a_coal_unit_is_refused_in_both_languages():
    data = copy.deepcopy(CCPP)
    data["units"][0] |= {"type": "coal", "subtype": "conventional", "gas_class": "E"}
    with pytest.raises(InputErrors) as exc:
        plant_year_from_data(loads(json.dumps(data)))
    (issue,) = [i for i in exc.value.issues if i.code == "gas_class_for_type"]
    assert issue.field.endswith("gas_class")
    assert "燃气机组等级“E”只适用于燃气机组，不适用于燃煤机组" in issue.message("zh")
    assert 'gas-unit class "E" applies to gas units only' in issue.message("en")


def test_an_unknown_class_is_refused_with_the_choices():
    with pytest.raises(InputErrors) as exc:
        plant_year_from_data(loads(json.dumps(_with_class("G"))))
    assert [i.code for i in exc.value.issues] == ["choice"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_with_class("G"), SCHEMA)


@pytest.mark.parametrize(
    ("gas_class", "inside", "outside"),
    [("B", "99.9", "100.1"), ("E", "100", "200.1"), ("F", "350", "199.9"), ("H", "600", "349")],
)
def test_the_power_ranges_of_table_3_are_a_note_on_both_sides(gas_class, inside, outside):
    """表3: B级 < 100 MW, E级 100–200, F级 200–350, H级 350–600 (仅供参考)."""
    cls = GasClass(gas_class)
    assert gas_class_finding("G1", cls, Decimal(inside)) is None
    finding = gas_class_finding("G1", cls, Decimal(outside))
    assert finding is not None and finding.rule == "range.gas_class"
    assert finding.params["class"] == f"{gas_class}级"
    assert "表3" in registry.get(finding.rule).clause


def test_distributed_units_have_no_power_range():
    assert gas_class_finding("G1", GasClass.DISTRIBUTED, Decimal("5")) is None
    assert GasClass.DISTRIBUTED.label_zh == "分布式"
