"""A synthetic province's plants and planted anomalies — pure, deterministic for a seed, cheap
(no monthly numbers): the generator builds from it, and a benchmark that reuses a generated
database recomputes the manifest from it without reading anything back.

Mix: 60 % coal plants (300–1000 MW units, daily 入炉 coal), 20 % gas plants (B/E/F/H class
units with the capacity of their class, monthly gas), 20 % CHP plants (50–350 MW coal units with
heat supply). Plant ``i`` depends only on (seed, province, i), not on how many plants there are.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from tanhe.identifiers import ALPHABET, check_character

# plant kinds by index, cycling (so that any province of 3 or more plants has each kind)
PATTERN = "cghccgchcc"
KINDS = {"c": "coal", "g": "gas", "h": "chp"}
UNIT_COUNTS = (2, 3, 4, 4, 5, 6, 5)  # ≈ 4.1 units a plant: 2,200 plants ≈ 9,000 units
COAL_MW = (300, 330, 350, 600, 630, 660, 660, 1000)
CHP_MW = (50, 100, 135, 150, 200, 300, 350)
GAS_MW = {"B": (50, 95), "E": (110, 190), "F": (210, 340), "H": (360, 480)}  # 表3's classes
COAL_FUELS = ("bituminous", "bituminous", "bituminous", "lignite", "anthracite")
PLACES = tuple(
    "江畔滨海东郊西山北湖南港新城金沙青石白云临川望江长岭清源石门永安"
)  # one character each
WORDS = {"coal": "发电", "gas": "燃机发电", "chp": "热电"}


@dataclass(frozen=True, slots=True)
class UnitSpec:
    name: str
    kind: str  # coal | gas | chp
    subtype: str  # conventional | cfb | none
    capacity_mw: Decimal
    fuel: str
    gas_class: str = ""

    @property
    def unit_type(self) -> str:
        return "gas" if self.kind == "gas" else "coal"


@dataclass(frozen=True, slots=True)
class PlantSpec:
    index: int
    kind: str
    credit_code: str
    name: str
    units: tuple[UnitSpec, ...]


@dataclass(frozen=True, slots=True)
class Anomaly:
    """A planted error: ``kind`` says what is changed; ``rules`` what must find it there."""

    kind: str
    plant: int
    unit: str
    month: int | None
    fuel: str | None
    rules: tuple[str, ...]


# kind -> (plant kinds it can go into, rules that must fire, at a fuel?)
ANOMALY_KINDS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "gas_ncv": ("gas", ("range.gas.ncv",), True),
    "gas_carbon": ("gas", ("range.gas.carbon",), True),
    "running_hours": ("coal gas chp", ("range.running_hours",), False),
    # (range.supply_over_generation is not planted: the engine refuses such a month as input,
    # so the report's checks never run on it — the page lists the input problem instead)
    # a load above 100 % is also a utilisation above the running hours (表17 and 表18)
    "load_factor": ("coal gas chp", ("range.load_factor", "range.utilisation_hours"), False),
    # 1 MWh over capacity × hours: load factor rounds to 100.00 % (in range), utilisation not
    "utilisation_hours": ("coal gas chp", ("range.utilisation_hours",), False),
    "heat_supplied": ("chp", ("range.heat_supplied",), False),
    "gas_class": ("gas", ("range.gas_class",), False),
    "recalculation": ("coal gas chp", ("recalculation.value",), True),
}


def credit_code(seed: int, province: str, index: int) -> str:
    """A valid 统一社会信用代码 (GB 32100-2015): 91 + the province's region + a 9-character
    organisation code unique per (seed, index) + the check character."""
    region = f"{province[:2]}{index % 13 + 1:02d}00"
    n = (seed % 1_000_000) * 10_000 + index
    body = ""
    for _ in range(7):
        n, digit = divmod(n, 31)
        body = ALPHABET[digit] + body
    first17 = f"91{region}MA{body}"
    return first17 + check_character(first17)


def _rng(seed: int, province: str, index: int, what: str) -> random.Random:
    return random.Random(f"{seed}/{province}/{index}/{what}")


def plant_spec(seed: int, province: str, index: int) -> PlantSpec:
    rng = _rng(seed, province, index, "spec")
    kind = KINDS[PATTERN[index % len(PATTERN)]]
    count = rng.choice(UNIT_COUNTS)
    units = []
    if kind == "coal":
        mw, fuel = rng.choice(COAL_MW), rng.choice(COAL_FUELS)
        units = [UnitSpec(f"{k}号机组", kind, "conventional", Decimal(mw), fuel)
                 for k in range(1, count + 1)]  # fmt: skip
    elif kind == "chp":
        mw = rng.choice(CHP_MW)
        subtype = "cfb" if mw <= 150 else "conventional"
        units = [UnitSpec(f"{k}号机组", kind, subtype, Decimal(mw), "bituminous")
                 for k in range(1, count + 1)]  # fmt: skip
    else:
        cls = rng.choice("BEEFFFH")
        low, high = GAS_MW[cls]
        mw = rng.randint(low, high)
        units = [UnitSpec(f"{k}号燃机", kind, "none", Decimal(mw), "natural_gas", cls)
                 for k in range(1, count + 1)]  # fmt: skip
    name = f"{''.join(rng.sample(PLACES, 2))}{WORDS[kind]}有限公司"
    return PlantSpec(index, kind, credit_code(seed, province, index), name, tuple(units))


def per_kind(plants: int) -> int:
    """How many anomalies of each kind: one in a small province, up to five nationally."""
    return max(1, min(5, plants // 400))


def plan_anomalies(specs: list[PlantSpec], seed: int, rules: frozenset[str]) -> list[Anomaly]:
    """A few anomalies of each kind whose rules are all registered (``rules``), at distinct
    (plant, unit) places, spread over the province."""
    rng = random.Random(f"{seed}/anomalies/{len(specs)}")
    taken: set[tuple[int, str]] = set()
    out = []
    for kind, (plant_kinds, kind_rules, at_fuel) in ANOMALY_KINDS.items():
        if not set(kind_rules) <= rules:
            continue  # a rule not written yet: nothing could find it
        eligible = [s for s in specs if s.kind in plant_kinds.split()]
        rng.shuffle(eligible)
        placed = 0
        for spec in eligible:
            free = [u for u in spec.units if (spec.index, u.name) not in taken]
            if not free:
                continue
            unit = rng.choice(free)
            taken.add((spec.index, unit.name))
            month = None if kind == "gas_class" else rng.randint(1, 12)
            if kind == "heat_supplied":
                month = rng.choice((1, 2, 12))  # a heating month
            elif kind == "running_hours":  # the reader refuses more than 744 h (31 × 24) in any
                month = rng.choice((2, 4, 6, 9, 11))  # month: the rule sees the shorter months
            fuel = unit.fuel if at_fuel else None
            out.append(Anomaly(kind, spec.index, unit.name, month, fuel, kind_rules))
            placed += 1
            if placed == per_kind(len(specs)):
                break
    return out


def with_anomalies(spec: PlantSpec, anomalies: list[Anomaly]) -> PlantSpec:
    """The plant as planned, with a gas class that does not fit its unit's capacity where a
    ``gas_class`` anomaly is planted (the plan's 燃气机组等级 is wrong, 表3)."""
    wrong = {a.unit for a in anomalies if a.kind == "gas_class" and a.plant == spec.index}
    if not wrong:
        return spec
    units = tuple(
        UnitSpec(
            u.name, u.kind, u.subtype, u.capacity_mw, u.fuel, "B" if u.gas_class != "B" else "H"
        )
        if u.name in wrong
        else u
        for u in spec.units
    )
    return PlantSpec(spec.index, spec.kind, spec.credit_code, spec.name, units)


def manifest_rows(specs: list[PlantSpec], anomalies: list[Anomaly]) -> list[dict[str, object]]:
    """One row per (anomaly, rule): what the checks must find, where."""
    codes = {s.index: s.credit_code for s in specs}
    return [
        {
            "credit_code": codes[a.plant],
            "unit": a.unit,
            "fuel": a.fuel,
            "month": a.month,
            "rule": rule,
            "kind": a.kind,
        }
        for a in anomalies
        for rule in a.rules
    ]
