"""The engine's result as located values: (unit, fuel, month, field) → Decimal, the key
``check_data.reported`` uses. ``month`` None is the year; ``unit`` None the plant."""

from __future__ import annotations

from decimal import Decimal

from tanhe.accounting.results import PlantYearResult, ProductionValues, UnitResult

Key = tuple[str | None, str | None, int | None, str]
FUEL_FIELDS = (
    "consumption",
    "ncv",
    "carbon_content",
    "unit_heat_carbon",
    "oxidation_rate_pct",
    "heat_gj",
    "emissions_tco2",
)
PRODUCTION_FIELDS = tuple(f for f in ProductionValues._fields if f != "steps")
TOTALS = ("combustion_emissions_tco2", "electricity_emissions_tco2", "total_emissions_tco2")
# the fields whose difference is a difference of emissions, at the finest level they are given
EMISSION_FIELDS = frozenset({"emissions_tco2", "electricity_emissions_tco2", *TOTALS})


def result_values(result: PlantYearResult) -> dict[Key, Decimal]:
    out: dict[Key, Decimal] = {}
    for unit in result.units:
        _unit_values(unit, out)
    for name in TOTALS:
        out[(None, None, None, name)] = getattr(result, name)
    return out


def _put(out: dict[Key, Decimal], key: Key, value: object) -> None:
    if isinstance(value, Decimal):
        out[key] = value


def _unit_values(unit: UnitResult, out: dict[Key, Decimal]) -> None:
    u = unit.code
    for fuel in unit.fuels:
        for m in fuel.months:
            for name in FUEL_FIELDS:
                _put(out, (u, fuel.fuel, m.month, name), getattr(m, name))
        for name in FUEL_FIELDS:
            _put(out, (u, fuel.fuel, None, name), getattr(fuel.annual, name))
    for b in unit.biomass:
        for bm in b.months:
            _put(out, (u, b.fuel, bm.month, "heat_gj"), bm.heat_gj)
            _put(out, (u, b.fuel, bm.month, "consumption"), bm.consumption)
    e = unit.electricity
    for em in e.months:
        _put(out, (u, None, em.month, "electricity_mwh"), em.mwh)
        _put(out, (u, None, em.month, "electricity_grid_emission_factor"), em.grid_emission_factor)
        _put(out, (u, None, em.month, "electricity_emissions_tco2"), em.emissions_tco2)
    _put(out, (u, None, None, "electricity_mwh"), e.mwh)
    for p in unit.production.months:
        for name in PRODUCTION_FIELDS:
            _put(out, (u, None, p.month, name), getattr(p.values, name))
    for name in PRODUCTION_FIELDS:
        if name != "emissions_tco2":  # the unit's year: its totals below
            _put(out, (u, None, None, name), getattr(unit.production.annual, name))
    out[(u, None, None, "combustion_emissions_tco2")] = unit.combustion_emissions_tco2
    out[(u, None, None, "total_emissions_tco2")] = unit.total_emissions_tco2
    out[(u, None, None, "electricity_emissions_tco2")] = unit.electricity_emissions_tco2
