"""The checklist of 核查技术指南 发电设施 表1–表18 (tanhe/checks/checklist.toml)."""

import ast
from pathlib import Path

import pytest

from tanhe.checks import checklist as cl
from tanhe.checks.checklist import FuelRef, UnitRef, instantiate, item_for_finding, load
from tanhe.checks.ranges import ranges
from tanhe.checks.registry import all_rules

# a plant of two units: 1 burns bituminous coal with straw (农林剩余物), 2 natural gas
PLANT = (
    UnitRef(
        "1", "1号机组", (FuelRef("bituminous", "coal"), FuelRef("agri_forestry_residue", "biomass"))
    ),
    UnitRef("2", "2号机组", (FuelRef("natural_gas", "gas"),)),
)


def test_every_table_is_present() -> None:
    assert {i.table for i in load() if i.table is not None} == set(range(1, 19))
    for t in range(1, 19):
        assert cl.table_title(t).endswith("的核查")
        assert cl.table_title(t, "en")


def test_items_are_well_formed() -> None:
    items = load()
    assert len({i.id for i in items}) == len(items)
    for i in items:
        assert i.methods and i.title and i.title_en and i.section.startswith("5.")
        for m in i.methods:
            assert m.method in "查问看验" and m.text and m.text_en
        assert set(i.ranges) <= set(ranges())


def test_stars() -> None:
    """★ where the guide is unconditional, none where it says 必要时 (checklist.py docstring)."""
    assert all(i.mandatory for i in load())
    assert all(m.mandatory for m in cl.item("T07").methods)
    assert [m.mandatory for m in cl.item("T15").methods] == [True, True, False, False]
    assert [(m.method, m.mandatory) for m in cl.item("T14").methods] == [
        ("查", True),
        ("看", False),
    ]
    for i in load():
        for m in i.methods:
            conditional = m.text.startswith(("必要时", "如需进一步验证", "如通过其他证据"))
            assert m.mandatory != conditional, (i.id, m.text)
        if i.id != "T01.contact":  # 现场与联系人交流, nothing to read
            assert any(m.method == "查" and m.mandatory for m in i.methods), i.id


def test_every_rule_maps_to_exactly_one_item() -> None:
    owners: dict[str, list[str]] = {}
    for i in load():
        for r in i.rules:
            owners.setdefault(r, []).append(i.id)
    registered = {r.id for r in all_rules()}
    assert set(owners) == registered, "a rule without a checklist item, or an item naming no rule"
    assert {r: ids for r, ids in owners.items() if len(ids) != 1} == {}
    for r in registered:
        assert cl.item_for_rule(r).id == owners[r][0]


def test_rules_of_a_year_are_those_in_force() -> None:
    assert "range.coal.carbon_daf" in cl.item("T08").rules
    assert "range.coal.carbon_daf" not in cl.item("T08", 2019).rules  # the guide's, from 2023
    assert "recalculation.value" in cl.item("S5.4.1.3", 2019).rules


def test_instantiate_two_units() -> None:
    keys = [e.key for e in instantiate(PLANT)]
    assert keys == [
        "T01.identity",
        "T01.registration",
        "T01.location",
        "T01.contact",
        "T01.industry",
        "T01.changes",
        "T02/1",
        "T02/2",
        "T03/1",
        "T03/2",
        "T04/1",
        "T05/1",
        "T06/2",
        "T07/1/bituminous",
        "T08/1/bituminous",
        "T09/1/bituminous",
        "T10/2/natural_gas",
        "T11/2/natural_gas",
        "T12/2/natural_gas",
        "T13/1",
        "T14/1",
        "T14/2",
        "T15/1",
        "T15/2",
        "T16/1",
        "T16/2",
        "T17/1",
        "T17/2",
        "T18/1",
        "T18/2",
        "S5.4.1",
        "S5.4.1.3",
    ]
    entries = {e.key: e for e in instantiate(PLANT)}
    assert entries["T07/1/bituminous"].fuel == PLANT[0].fuels[0]
    assert entries["T13/1"].unit == PLANT[0] and entries["T13/1"].fuel is None
    assert entries["T01.changes"].unit is None


def test_instantiate_refuses_ambiguous_units() -> None:
    with pytest.raises(ValueError):
        instantiate([PLANT[0], PLANT[0]])
    with pytest.raises(ValueError):
        instantiate([UnitRef("1/2", "合并")])
    with pytest.raises(ValueError):
        instantiate([UnitRef("1", "1", (FuelRef("diesel", "oil"),))])


def test_unit_ref_from_catalogue_keys() -> None:
    u = cl.unit_ref(
        "1", "1号机组", ["bituminous", "agri_forestry_residue", "natural_gas", "diesel", "unknown"]
    )
    assert [f.kind for f in u.fuels] == ["coal", "biomass", "gas", "other", "other"]
    assert u.fuels[0].label == "烟煤"


def test_item_for_finding() -> None:
    known = {e.key for e in instantiate(PLANT)}
    assert item_for_finding("range.coal.carbon_daf", "1", "bituminous") == "T08/1/bituminous"
    assert item_for_finding("range.gas.ncv", "2", "natural_gas") == "T12/2/natural_gas"
    assert item_for_finding("range.load_factor", "2", None) == "T18/2"
    assert item_for_finding("range.load_factor", "2", "natural_gas") == "T18/2"  # unit scope
    assert item_for_finding("consistency.biomass_share", "1", None) == "T13/1"
    # plant-level fallback: no unit, or a fuel-scope item without the fuel
    assert item_for_finding("range.load_factor", None, None) == "T18"
    assert item_for_finding("cross_check.stock_balance", "1", None) == "T07"
    assert item_for_finding("yoy.emissions", "1", None) == "S5.4.1.3"
    # a key the plant's checklist lacks falls back when the keys are given
    assert item_for_finding("evidence.test_late", "2", "natural_gas") == "T08/2/natural_gas"
    assert item_for_finding("evidence.test_late", "2", "natural_gas", known) == "T08"
    assert item_for_finding("evidence.test_late", "1", "bituminous", known) == "T08/1/bituminous"
    with pytest.raises(KeyError):
        item_for_finding("no.such.rule", None, None)


def test_every_finding_of_a_plant_attaches_to_its_checklist() -> None:
    known = {e.key for e in instantiate(PLANT)}
    for r in all_rules():
        for unit, fuel in (
            (None, None),
            ("1", "bituminous"),
            ("1", "agri_forestry_residue"),
            ("2", "natural_gas"),
        ):
            key = item_for_finding(r.id, unit, fuel, known)
            assert key in known or key == cl.item_for_rule(r.id).id


def test_no_django_in_the_checks_package() -> None:
    for path in Path(cl.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else [a.name for a in node.names]
                )
                assert not any(n.split(".")[0] == "django" for n in names), path
