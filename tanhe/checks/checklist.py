"""The verifier's checklist (核查清单): the check points of 核查技术指南 发电设施 §5, 表1–表18, as
data (``checklist.toml``), and its instances for one plant.

Each item is a checked subject of a table (表7 燃煤消耗量; 表1 has six) with the guide's methods
查 (查阅文件), 问 (询问), 看 (现场观察), 验 (验算) condensed from the table, the plausible ranges of
``ranges.toml`` the table gives and the registered rules whose findings belong to it. Two items
without a table hold §5.4.1's general requirements (校准, 交叉核对, 检测报告; 5.4.1.3 排放量), so
that every rule has exactly one item.

★ (必须核查). §5 says "标注星号的内容原则上为必须核查的内容", but the seed's text (seed 002, both
extractions) carries no star: they were lost with the tables' layout. ``mandatory`` is therefore
read from the guide's own wording, one rule for every table:

- a method the table states without condition is mandatory: 查 rests on 4.3 文件评审 and §5
  ("应现场查阅…证据的原件"), 验 on 5.4.1.3 (计算可再现), 问 and 看 on 4.4 (现场核查: 观察…监测设备,
  与现场相关人员进行会谈);
- a method the table makes conditional — "必要时", "如需进一步验证", "可" — is not; where a table
  mixes both in one cell (表9 查, 表13 问/验, 表16 问, 表17 问) the cell is split into two methods;
- a method that refers to another table's ("参考表8", "同表11") takes that method's flag;
- "/" (no method) gives no entry.

Replace the flags with the official text's stars when a starred copy is at hand.

Instances (:func:`instantiate`): plant-scope items once; unit-scope items per unit (with a
``fuel_kind``, only units burning a fuel of that kind); fuel-scope items per unit × fuel of the
kind. An entry's ``key`` is ``item``, ``item/unit`` or ``item/unit/fuel`` (``T07/1/bituminous``),
stable for storage as long as unit codes and fuel keys are.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

METHODS = ("查", "问", "看", "验")
SCOPES = ("plant", "unit", "fuel")
FUEL_KINDS = ("coal", "gas", "biomass", "other")  # a unit's fuels
ITEM_FUEL_KINDS = ("coal", "gas", "biomass", "any")  # what an item asks for
TABLES = range(1, 19)


@dataclass(frozen=True, slots=True)
class MethodSpec:
    """A check point of a table: 查/问/看/验, its text, whether the guide makes it a must (★)."""

    method: str
    text: str
    text_en: str
    mandatory: bool


@dataclass(frozen=True, slots=True)
class ChecklistSpec:
    id: str
    table: int | None  # 表1–表18; None for §5.4.1's general requirements
    section: str  # the guide's clause
    title: str
    title_en: str
    scope: str  # "plant" | "unit" | "fuel"
    fuel_kind: str | None  # "coal" | "gas" | "biomass" | "any"; None: every unit
    methods: tuple[MethodSpec, ...]
    ranges: tuple[str, ...]  # keys of ranges.toml
    rules: tuple[str, ...]  # registered rule ids

    @property
    def mandatory(self) -> bool:
        """Whether any of its methods is ★."""
        return any(m.mandatory for m in self.methods)

    def takes(self, kind: str) -> bool:
        """Whether a fuel of ``kind`` (coal/gas/biomass/other) falls under this item."""
        return self.fuel_kind in (None, "any") or self.fuel_kind == kind


@dataclass(frozen=True, slots=True)
class FuelRef:
    key: str  # the fuel key of the interchange format (bituminous, natural_gas…)
    kind: str  # "coal" | "gas" | "biomass" | "other"
    label: str = ""


@dataclass(frozen=True, slots=True)
class UnitRef:
    id: str  # the unit's code, as findings name it
    label: str
    fuels: tuple[FuelRef, ...] = ()


@dataclass(frozen=True, slots=True)
class ChecklistEntry:
    """One row of a plant's checklist: an item, for the plant, a unit, or a unit's fuel."""

    key: str
    item: ChecklistSpec
    unit: UnitRef | None = None
    fuel: FuelRef | None = None


def entry_key(item_id: str, unit: str | None = None, fuel: str | None = None) -> str:
    return "/".join(p for p in (item_id, unit, fuel) if p is not None)


@cache
def _raw() -> dict[str, Any]:
    with Path(__file__).with_name("checklist.toml").open("rb") as f:
        return tomllib.load(f)


def table_title(table: int, lang: str = "zh") -> str:
    """The table's heading (表7 燃煤消耗量的核查) in ``lang``."""
    t = _raw()["tables"][str(table)]
    return str(t["title_en"] if lang == "en" else t["title"])


@cache
def load(year: int | None = None) -> tuple[ChecklistSpec, ...]:
    """The checklist's items in the guide's order; for ``year``, each item's rules are those in
    force that year (``Rule.applies_to``); ``None`` keeps every rule."""
    from tanhe.checks import registry

    items = tuple(_spec(raw) for raw in _raw()["item"])
    _validate(items)
    if year is None:
        return items
    return tuple(
        _replace_rules(i, tuple(r for r in i.rules if registry.get(r).applies_to(year)))
        for i in items
    )


def item(item_id: str, year: int | None = None) -> ChecklistSpec:
    for i in load(year):
        if i.id == item_id:
            return i
    raise KeyError(item_id)


def item_for_rule(rule_id: str) -> ChecklistSpec:
    """The one item a rule's findings belong to (KeyError for a rule the checklist lacks)."""
    for i in load():
        if rule_id in i.rules:
            return i
    raise KeyError(rule_id)


def instantiate(units: Sequence[UnitRef], year: int | None = None) -> list[ChecklistEntry]:
    """A plant's checklist: plant-scope items once, unit-scope items per unit (of the item's fuel
    kind), fuel-scope items per unit × fuel of the kind; in the guide's order, then the units' and
    fuels' order as given."""
    seen: set[str] = set()
    for u in units:
        if u.id in seen or "/" in u.id or any("/" in f.key for f in u.fuels):
            raise ValueError(f"unit {u.id!r}: unit codes are unique, codes and fuels without '/'")
        seen.add(u.id)
        for f in u.fuels:
            if f.kind not in FUEL_KINDS:
                raise ValueError(f"unit {u.id}: fuel {f.key} of unknown kind {f.kind!r}")
    out: list[ChecklistEntry] = []
    for i in load(year):
        if i.scope == "plant":
            out.append(ChecklistEntry(i.id, i))
        elif i.scope == "unit":
            out.extend(
                ChecklistEntry(entry_key(i.id, u.id), i, u)
                for u in units
                if i.fuel_kind is None or any(i.takes(f.kind) for f in u.fuels)
            )
        else:
            out.extend(
                ChecklistEntry(entry_key(i.id, u.id, f.key), i, u, f)
                for u in units
                for f in u.fuels
                if i.takes(f.kind)
            )
    return out


def item_for_finding(
    rule_id: str,
    unit: str | None,
    fuel: str | None,
    known: Collection[str] | None = None,
) -> str:
    """The key of the entry a finding of ``rule_id`` at ``unit``/``fuel`` attaches to.

    A unit-scope item takes ``item/unit``, a fuel-scope one ``item/unit/fuel``; a finding that
    lacks the unit (or, for a fuel-scope item, the fuel) falls back to the plant-level key, the
    item's id. Given ``known`` (the keys of :func:`instantiate`), a key not among them — a test
    report of a gas under 表8, say — falls back to the item's id too.
    """
    i = item_for_rule(rule_id)
    specific: str | None = None
    if i.scope == "unit" and unit is not None:
        specific = entry_key(i.id, unit)
    elif i.scope == "fuel" and unit is not None and fuel is not None:
        specific = entry_key(i.id, unit, fuel)
    if specific is not None and (known is None or specific in known):
        return specific
    return i.id


def fuel_kind(fuel_key: str) -> str:
    """A fuel's kind for the checklist, from the fuel catalogue's category (oil and unknown fuels:
    "other")."""
    from tanhe.accounting.fuels import fuel_catalogue

    fuel = fuel_catalogue().get(fuel_key)
    category = fuel.category if fuel is not None else "other"
    return category if category in ("coal", "gas", "biomass") else "other"


def unit_ref(unit_id: str, label: str, fuel_keys: Sequence[str]) -> UnitRef:
    """A :class:`UnitRef` from a unit's code and its fuels' catalogue keys."""
    from tanhe.accounting.fuels import fuel_label

    return UnitRef(
        unit_id, label, tuple(FuelRef(k, fuel_kind(k), fuel_label(k)) for k in fuel_keys)
    )


def _spec(raw: dict[str, Any]) -> ChecklistSpec:
    return ChecklistSpec(
        id=raw["id"],
        table=raw.get("table"),
        section=raw["section"],
        title=raw["title"],
        title_en=raw["title_en"],
        scope=raw["scope"],
        fuel_kind=raw.get("fuel_kind"),
        methods=tuple(
            MethodSpec(m["method"], m["text"], m["text_en"], m["mandatory"]) for m in raw["methods"]
        ),
        ranges=tuple(raw.get("ranges", ())),
        rules=tuple(raw.get("rules", ())),
    )


def _replace_rules(spec: ChecklistSpec, rules: tuple[str, ...]) -> ChecklistSpec:
    return replace(spec, rules=rules)


def _validate(items: tuple[ChecklistSpec, ...]) -> None:
    from tanhe.checks import registry
    from tanhe.checks.ranges import ranges

    known_rules = {r.id for r in registry.all_rules()}
    problems: list[str] = []
    ids = [i.id for i in items]
    problems += [f"item {x} twice" for x in sorted({x for x in ids if ids.count(x) > 1})]
    owners: dict[str, str] = {}
    for i in items:
        if i.table is not None and i.table not in TABLES:
            problems.append(f"{i.id}: no table {i.table}")
        if i.scope not in SCOPES:
            problems.append(f"{i.id}: scope {i.scope!r}")
        if i.fuel_kind not in (None, *ITEM_FUEL_KINDS):
            problems.append(f"{i.id}: fuel_kind {i.fuel_kind!r}")
        if (i.scope == "fuel") != (i.fuel_kind is not None) and i.scope != "unit":
            problems.append(
                f"{i.id}: a fuel-scope item, and only it or a unit one, has a fuel_kind"
            )
        if not i.methods or any(m.method not in METHODS for m in i.methods):
            problems.append(f"{i.id}: methods must be 查/问/看/验")
        problems += [f"{i.id}: no range {r}" for r in i.ranges if r not in ranges()]
        for r in i.rules:
            if r not in known_rules:
                problems.append(f"{i.id}: no rule {r}")
            if r in owners:
                problems.append(f"rule {r} in {owners[r]} and {i.id}")
            owners[r] = i.id
    if problems:
        raise ValueError("checklist.toml: " + "; ".join(problems))
