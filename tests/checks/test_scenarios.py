"""Scenario files (OpenFisca style): an input plant-year — an example file with changes and a
``check_data`` — and the findings one rule must give. Every rule is tried on both sides of its
threshold and, where it has one, of its effective year (``tests/checks/scenarios/*.json``)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tanhe.accounting.interchange import loads
from tanhe.checks import finding_dict, registry, run, subject_from_documents

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.json"))


def _document(base: str, changes: dict[str, Any], check_data: dict[str, Any] | None) -> Any:
    doc = copy.deepcopy(loads((ROOT / "examples" / f"{base}.json").read_bytes()))
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = doc
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    if check_data is not None:
        doc["check_data"] = check_data
    return doc


def _cases() -> list[Any]:
    out = []
    for path in SCENARIOS:
        spec = json.loads(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            out.append(pytest.param(spec["base"], case, id=f"{path.stem}:{case['name']}"))
    return out


@pytest.mark.parametrize(("base", "case"), _cases())
def test_scenario(base: str, case: dict[str, Any]) -> None:
    doc = _document(base, case.get("set", {}), case.get("check_data"))
    previous = None
    if "previous" in case:
        prev = case["previous"]
        previous = _document(base, prev.get("set", {}), prev.get("check_data"))
    rule = case["rule"]
    assert rule in {r.id for r in registry.all_rules()}, rule
    found = run(subject_from_documents(doc, previous), only=[rule]).findings
    got = [finding_dict(f) for f in found]
    expected = case["expect"]
    assert len(got) == len(expected), got
    for want, have in zip(expected, got, strict=True):
        assert {k: have[k] for k in want} == want
    # the English message is English: no Chinese but what the user's own data bring in
    theirs = set(json.dumps(case, ensure_ascii=False))
    for finding in found:
        english = registry.message(finding, "en") + registry.clause(finding, "en")
        assert not {c for c in english if "\u4e00" <= c <= "\u9fff"} - theirs, english


def test_every_rule_has_a_scenario_on_each_side() -> None:
    """No rule without a case that fires it and a case that does not."""
    fired: set[str] = set()
    quiet: set[str] = set()
    for path in SCENARIOS:
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            (fired if case["expect"] else quiet).add(case["rule"])
    untested = {r.id for r in registry.all_rules()} - (fired & quiet) - ALLOWED_ELSEWHERE
    assert not untested


# rules tested on both sides in their own modules (a biomass co-firing plant is built there)
ALLOWED_ELSEWHERE = {"consistency.biomass_share"}


def _firing_cases() -> list[Any]:
    """One firing case per rule that has an effective year after the format's first."""
    seen: dict[str, Any] = {}
    for path in SCENARIOS:
        spec = json.loads(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            rule = registry.get(case["rule"])
            if case["expect"] and rule.since > 2019 and rule.id not in seen:
                seen[rule.id] = pytest.param(spec["base"], case, id=rule.id)
    return list(seen.values())


@pytest.mark.parametrize(("base", "case"), _firing_cases())
def test_a_rule_applies_from_its_effective_year_and_not_before(base, case):
    """Every dated rule: its firing scenario fires in the rule's first year and is silent in the
    year before (the guide that brings it did not apply to that year's data)."""
    rule = registry.get(case["rule"])
    counts = []
    for year in (rule.since - 1, rule.since):
        doc = _document(base, {**case.get("set", {}), "year": year}, case.get("check_data"))
        previous = None
        if "previous" in case:
            prev = case["previous"]
            previous = _document(base, {**prev.get("set", {}), "year": max(year - 1, 2019)},
                                 prev.get("check_data"))  # fmt: skip
        counts.append(len(run(subject_from_documents(doc, previous), only=[rule.id]).findings))
    assert counts[0] == 0 and counts[1] > 0, counts
