"""Benchmark: the engine against a straight-line Decimal loop doing the same arithmetic.

Synthetic plant-year: 8 coal units × 12 months × 3 fuels (bituminous with daily 入炉 records —
365 days × 8 units —, lignite and diesel monthly), purchased electricity and production data.

    .venv/bin/python bench/engine.py            # default: 30 rounds, best and median
    .venv/bin/python bench/engine.py --rounds 5

Goal (issue 2): engine time ≤ 2 × baseline time. The baseline does the same reported-value
arithmetic (weighted monthly NCV/carbon from days, rounding, heat, carbon, emissions, annual
sums, electricity) without validation, modes, trace or parameter provenance.
"""

from __future__ import annotations

import argparse
import calendar
import json
import statistics
import sys
import timeit
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tanhe.accounting import calculate, plant_year_from_data
from tanhe.accounting.interchange import loads

UNITS, YEAR = 8, 2023


def synthetic_document() -> dict:
    """Deterministic (no randomness) plant-year with daily data for one fuel per unit."""
    units = []
    for u in range(1, UNITS + 1):
        daily_months, lignite, diesel, electricity, production = [], [], [], [], []
        for m in range(1, 13):
            days = calendar.monthrange(YEAR, m)[1]
            daily = [
                {
                    "day": date(YEAR, m, d).isoformat(),
                    "quantity": f"{3800 + (u * 131 + m * 17 + d * 29) % 900}.{(d * 7) % 100:02d}",
                    "ncv": f"{19 + ((u + m + d) % 40) / 20:.3f}",
                    "state": "fired",
                }
                for d in range(1, days + 1)
            ]
            daily_months.append(
                {"month": m, "daily": daily, "carbon_content": f"{50 + (u + m) % 7 * 0.41:.2f}"}
            )
            lignite.append(
                {
                    "month": m,
                    "consumption": f"{9000 + u * 37 + m * 101}.25",
                    "ncv": f"{14 + (m % 5) * 0.137:.3f}",
                    "carbon_content": f"{38 + (m % 3) * 0.55:.2f}",
                    "state": "fired",
                }
            )
            diesel.append({"month": m, "consumption": f"{10 + (u + m) % 9}.50"})
            electricity.append({"month": m, "mwh": f"{400 + u * 13 + m}.30"})
            production.append(
                {
                    "month": m,
                    "generation_mwh": f"{300000 + u * 1000 + m * 77}.000",
                    "supply_mwh": f"{282000 + u * 900 + m * 70}.000",
                    "heat_gj": "0.000",
                    "running_hours": "700",
                }
            )
        units.append({
            "code": str(u), "name": f"{u}号机组", "type": "coal", "subtype": "conventional",
            "capacity_mw": "660",
            "fuels": [{"fuel": "bituminous", "months": daily_months},
                      {"fuel": "lignite", "months": lignite},
                      {"fuel": "diesel", "months": diesel}],
            "purchased_electricity": electricity, "production": production,
        })  # fmt: skip
    return {
        "format": "tanhe.plant-year/1",
        "year": YEAR,
        "enterprise": {"name": "基准测试电厂", "credit_code": "91110000MA0123456P"},
        "units": units,
    }


Q = {dp: Decimal(1).scaleb(-dp) for dp in range(6)}
CTX = Context(prec=50, rounding=ROUND_HALF_UP)
C_TO_CO2 = Decimal(44) / Decimal(12)
STANDARD_COAL = Decimal("29.271")


def r(value: Decimal, dp: int) -> Decimal:
    return value.quantize(Q[dp], rounding=ROUND_HALF_UP)


def baseline(plant) -> Decimal:
    """The engine's arithmetic as one straight loop over the same parsed input: per fuel-month
    the reported values, heat, carbon, unit-heat carbon and emissions; per fuel the annual sums
    and weighted means; purchased electricity; per month and year the production values."""
    with localcontext(CTX):
        total = Decimal(0)
        of = {"bituminous": Decimal("0.99"), "lignite": Decimal("0.99"), "diesel": Decimal("0.98")}
        diesel_ncv, diesel_cc = Decimal("42.652"), Decimal("0.02020")
        ef = Decimal("0.5703")
        for unit in plant.units:
            heat_m: dict[int, Decimal] = {}
            emissions_m: dict[int, Decimal] = {}
            for f in unit.fuels:
                key = f.fuel
                sum_fc = sum_heat = sum_e = sum_fc_ncv = sum_fc_car = Decimal(0)
                for m in f.months:
                    if m.daily:
                        raw = sum(d.quantity for d in m.daily)
                        fc = r(raw, 2)
                        ncv = r(sum(d.quantity * d.ncv for d in m.daily) / raw, 3)
                        car = r(m.carbon_content, 2)
                    elif key == "diesel":
                        fc = r(m.consumption, 2)
                        ncv = diesel_ncv
                        car = r(ncv * diesel_cc * 100, 2)
                    else:
                        fc = r(m.consumption, 2)
                        ncv = r(m.ncv, 3)
                        car = r(m.carbon_content, 2)
                    heat = r(fc * ncv, 3)
                    r(car / 100 / ncv, 5)  # unit-heat carbon
                    e = r(fc * (car / 100) * of[key] * C_TO_CO2, 2)
                    sum_fc, sum_heat, sum_e = sum_fc + fc, sum_heat + heat, sum_e + e
                    sum_fc_ncv, sum_fc_car = sum_fc_ncv + fc * ncv, sum_fc_car + fc * car
                    heat_m[m.month] = heat_m.get(m.month, Decimal(0)) + heat
                    emissions_m[m.month] = emissions_m.get(m.month, Decimal(0)) + e
                r(sum_fc_ncv / sum_fc, 3)  # annual NCV
                car_year = sum_fc_car / sum_fc
                r(car_year, 2)  # annual carbon
                r(car_year * sum_fc / 100 / sum_fc_ncv, 5)  # annual unit-heat carbon
                total += sum_e
            for el in unit.purchased_electricity:
                e = r(r(el.mwh, 2) * ef, 2)
                emissions_m[el.month] = emissions_m.get(el.month, Decimal(0)) + e
                total += e
            _production(unit, heat_m, emissions_m)
        return total


def _production(unit, heat_m: dict[int, Decimal], emissions_m: dict[int, Decimal]) -> None:
    """生产数据表 per month and year: supply, 煤耗, intensity, load factor (as the engine does)."""
    capacity = unit.capacity_mw
    gen_t = sup_t = hours_t = Decimal(0)
    for p in unit.production:
        gen, sup = r(p.generation_mwh, 3), r(p.supply_mwh, 3)
        hours = r(p.running_hours, 2)
        bb = r(heat_m[p.month] / STANDARD_COAL, 3)
        r(bb / sup * 1000, 2)  # 供电煤耗
        r(emissions_m[p.month] / sup, 3)  # 供电碳排放强度
        r(gen / (capacity * hours) * 100, 2)  # 负荷系数
        gen_t, sup_t, hours_t = gen_t + gen, sup_t + sup, hours_t + hours
    bb = r(sum(heat_m.values()) / STANDARD_COAL, 3)
    r(bb / sup_t * 1000, 2)
    r(sum(emissions_m.values()) / sup_t, 3)
    r(gen_t / (capacity * hours_t) * 100, 2)


def baseline_from_text(text: str) -> Decimal:
    """Baseline including decoding: json.loads and Decimal() of every string it uses."""
    doc = json.loads(text)
    n = Decimal(0)
    for unit in doc["units"]:
        for f in unit["fuels"]:
            for m in f["months"]:
                for d in m.get("daily", ()):
                    n += Decimal(d["quantity"]) + Decimal(d["ncv"])
    return n


def timed_pair(first, second, rounds: int, *, gc_on: bool) -> tuple[list[float], list[float]]:
    """Per-call times of blocks of 5 calls, the two alternating so machine noise hits both.

    ``timeit`` convention is to switch the garbage collector off; the engine allocates far more
    objects than the baseline, so it is also measured with the collector on.
    """
    a: list[float] = []
    b: list[float] = []
    for _ in range(rounds):
        for fn, times in ((first, a), (second, b)):
            timer = timeit.Timer(fn)
            if gc_on:
                timer = timeit.Timer(fn, setup="gc.enable()")
            times.append(timer.timeit(number=5) / 5)
    return a, b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    doc = synthetic_document()
    text = json.dumps(doc, ensure_ascii=False)
    plant = plant_year_from_data(loads(text))
    result = calculate(plant)
    check = baseline(plant)
    assert result.total_emissions_tco2 == check, (result.total_emissions_tco2, check)
    daily = sum(len(m.daily) for u in plant.units for f in u.fuels for m in f.months)
    print(f"plant-year: {len(plant.units)} units × 12 months × 3 fuels, {daily} daily records, "
          f"{len(text) / 1e6:.2f} MB JSON; total {result.total_emissions_tco2} tCO2")  # fmt: skip
    med = statistics.median
    pairs = {
        "A": ("straight Decimal loop (parsed input)", lambda: baseline(plant),
              "calculate() with modes, trace, provenance", lambda: calculate(plant)),
        "B": ("json.loads + Decimal() + loop", lambda: baseline(plant) + baseline_from_text(text),
              "parse + validate + calculate", lambda: calculate(plant_year_from_data(loads(text)))),
    }  # fmt: skip
    for gc_on in (False, True):
        print(f"\ngarbage collector {'on' if gc_on else 'off (timeit default)'}:")
        for name, (base_label, base_fn, engine_label, engine_fn) in pairs.items():
            base, eng = timed_pair(base_fn, engine_fn, args.rounds, gc_on=gc_on)
            print(f"  {name} baseline {base_label:44s} best {min(base) * 1e3:6.2f} ms  "
                  f"median {med(base) * 1e3:6.2f} ms")  # fmt: skip
            print(f"  {name} engine   {engine_label:44s} best {min(eng) * 1e3:6.2f} ms  "
                  f"median {med(eng) * 1e3:6.2f} ms")  # fmt: skip
            goal = "   ← the issue's goal: ≤ 2×" if name == "A" else ""
            print(f"  {name} ratio engine / baseline: {med(eng) / med(base):.2f}× median, "
                  f"{min(eng) / min(base):.2f}× best{goal}")  # fmt: skip


if __name__ == "__main__":
    main()
