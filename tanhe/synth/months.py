"""A plant's year of numbers: the cells the enterprise enters and the daily 入炉 records — pure,
exact Decimal (the random draws are integers turned into Decimals with fixed places).

Physically consistent as the demo's (tanhe/demo/reports.py): generation = capacity × running
hours × the month's load (a seasonal profile: summer and winter peaks), supply = generation less
station use, coal = standard coal × 29.271 GJ/tce ÷ NCV, carbon = NCV × carbon per unit heat;
gas units burn natural gas at a heat rate; CHP units supply heat (more in the heating months)
with a boiler efficiency for their 供热比.
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from tanhe.synth.plan import Anomaly, PlantSpec, UnitSpec

TCE_GJ = Decimal("29.271")
PROFILE = tuple(
    Decimal(v)
    for v in [
        "0.80",
        "0.70",
        "0.68",
        "0.66",
        "0.70",
        "0.76",
        "0.84",
        "0.86",
        "0.74",
        "0.68",
        "0.72",
        "0.80",
    ]
)
HEATING = frozenset({1, 2, 3, 11, 12})
NCV = {"bituminous": (20000, 23000), "lignite": (13500, 15500), "anthracite": (21500, 24000)}
_Q = {p: Decimal(1).scaleb(-p) for p in range(4)}


def q(value: Decimal, places: int) -> str:
    """``value`` rounded half up to ``places`` decimals, as plain decimal text."""
    return format(value.quantize(_Q[places], rounding=ROUND_HALF_UP), "f")


def _dec(rng: random.Random, low: int, high: int, places: int) -> Decimal:
    """A random Decimal in [low, high] × 10^-places (drawn as an integer: exact)."""
    return Decimal(rng.randint(low, high)).scaleb(-places)


@dataclass
class UnitYear:
    """What one unit's report holds: entered cells (table, fuel, key, month, value) and daily
    records (fuel, day, quantity, ncv, carbon)."""

    unit: UnitSpec
    cells: list[tuple[str, str, str, int, str]] = field(default_factory=list)
    daily: list[tuple[str, date, str, str, str]] = field(default_factory=list)


def plant_year(
    spec: PlantSpec, year: int, seed: int, province: str, anomalies: list[Anomaly]
) -> list[UnitYear]:
    rng = random.Random(f"{seed}/{province}/{spec.index}/months")
    planted = {(a.unit, a.month): a.kind for a in anomalies if a.plant == spec.index}
    return [_unit_year(u, year, rng, planted) for u in spec.units]


def _unit_year(
    unit: UnitSpec, year: int, rng: random.Random, planted: dict[tuple[str, int | None], str]
) -> UnitYear:
    out = UnitYear(unit)
    cell: Callable[..., None] = lambda t, f, k, m, v: out.cells.append((t, f, k, m, v))  # noqa: E731
    cap = unit.capacity_mw
    station_use = _dec(rng, 20, 30, 3) if unit.kind == "gas" else _dec(rng, 45, 65, 3)
    if unit.kind == "gas":
        rate = _dec(rng, 6300, 7200, 3)  # GJ per MWh
    elif unit.kind == "chp" or cap < 600:
        rate = _dec(rng, 315, 350, 0)  # gce per kWh generated
    else:
        rate = _dec(rng, 288, 312, 0)
    efficiency = _dec(rng, 8800, 9200, 2)
    for m in range(1, 13):
        anomaly = planted.get((unit.name, m), "")
        days = calendar.monthrange(year, m)[1]
        hours = Decimal(24 * days) * _dec(rng, 7200, 9700, 4)
        hours = Decimal(q(hours, 1))
        load = (
            PROFILE[m - 1] + _dec(rng, -40, 40, 3) - (Decimal("0.12") if unit.kind == "gas" else 0)
        )
        generation = Decimal(q(cap * hours * load, 3))
        if anomaly == "load_factor":
            generation = Decimal(q(cap * hours * Decimal("1.06"), 3))
        elif anomaly == "utilisation_hours":
            generation = cap * hours + 1  # load factor rounds to 100.00 %
        supply = Decimal(q(generation * (1 - station_use), 3))
        if anomaly == "supply_over_generation":
            supply = Decimal(q(generation * Decimal("1.015"), 3))
        if anomaly == "running_hours":
            hours = Decimal(24 * days) + Decimal("6.5")
        cell("production", "", "generation_mwh", m, q(generation, 3))
        cell("production", "", "supply_mwh", m, q(supply, 3))
        cell("production", "", "running_hours", m, q(hours, 1))
        cell("electricity", "", "mwh", m, q(_dec(rng, 5000, 80000, 2), 2))
        if unit.kind == "gas":
            ncv = _dec(rng, 345000, 375000, 3)
            carbon = Decimal(q(ncv * _dec(rng, 1500, 1560, 5), 2))
            if anomaly == "gas_ncv":  # the carbon stays in its range
                ncv = Decimal("421.350")
            if anomaly == "gas_carbon":
                carbon = Decimal("6.48")
            consumption = generation * rate / ncv
            cell("fuel", unit.fuel, "consumption", m, q(consumption, 2))
            cell("fuel", unit.fuel, "ncv", m, q(ncv, 3))
            cell("fuel", unit.fuel, "carbon_content", m, q(carbon, 2))
            cell("fuel", unit.fuel, "state", m, "fired")
            continue
        heat = generation * rate / 1000 * TCE_GJ  # GJ of fuel
        low, high = NCV[unit.fuel]
        ncv = _dec(rng, low, high, 3)
        out.daily += _days(unit.fuel, year, m, heat / ncv, ncv, _dec(rng, 2650, 2800, 5), rng)
        if unit.kind == "chp":
            share = _dec(rng, 250, 400, 3) if m in HEATING else _dec(rng, 50, 120, 3)
            supplied = q(heat * efficiency / 100 * share, 3)
            cell("production", "", "heat_gj", m, supplied)
            cell("production", "", "boiler_efficiency_pct", m, q(efficiency, 2))
            if anomaly == "heat_supplied":  # the boilers' output no larger than the supply
                cell("production", "", "boiler_output_gj", m, supplied)
    return out


def _days(
    fuel: str,
    year: int,
    month: int,
    tonnes: Decimal,
    ncv: Decimal,
    carbon_per_gj: Decimal,
    rng: random.Random,
) -> list[tuple[str, date, str, str, str]]:
    """A month of daily 入炉 records: the load swings from day to day, so does the NCV; the carbon
    content is the month's composite sample (每日缩分样按月检测) on every day."""
    days = calendar.monthrange(year, month)[1]
    weights = [Decimal(rng.randint(900, 1100)) for _ in range(days)]
    total = sum(weights, Decimal(0))
    carbon = q(ncv * carbon_per_gj * 100, 2)
    return [
        (
            fuel,
            date(year, month, d),
            q(tonnes * w / total, 2),
            q(ncv + _dec(rng, -150, 150, 3), 3),
            carbon,
        )
        for d, w in zip(range(1, days + 1), weights, strict=True)
    ]
