"""One value, one way: the inputs that each give a month's value on their own.

A month may give its carbon content as received directly, or from the air-dried or dry basis
with the moisture, or from gas tests, or from its daily records — but only one of these: with
two, which would the form report? The engine refuses such a month (issue ``carbon_sources``,
``supply_sources``, ``heat_sources``), and the report's save asks the same rule before it
stores anything (:func:`conflicts`), so that the conflict is refused where it is typed and not
only at 自动计算. Pure Python.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from tanhe.accounting.model import FuelMonth, ProductionMonth

DAILY = "daily"  # the month's daily / batch records give the value (weighted)
GAS_TESTS = "gas_tests"
FLOWS = "flows"  # steam and hot-water measurements (供热计量)


@dataclass(frozen=True, slots=True)
class Alternatives:
    """The ways of giving one value: ``ways`` are the inputs, each giving ``value`` alone."""

    value: str
    ways: tuple[str, ...]
    code: str  # the engine's issue when more than one way is given

    def given(self, present: Collection[str]) -> tuple[str, ...]:
        """The ways among ``present`` (the inputs a month gives), in the engine's order."""
        return tuple(w for w in self.ways if w in present)


CARBON = Alternatives(
    "carbon_content",
    ("carbon_content", "carbon_content_ad", "carbon_content_d", GAS_TESTS, DAILY),
    "carbon_sources",
)
NCV = Alternatives("ncv", ("ncv", "ncv_ad"), "carbon_sources")
SUPPLY = Alternatives("supply_mwh", ("supply_mwh", "station_use_mwh"), "supply_sources")
HEAT = Alternatives("heat_gj", ("heat_gj", FLOWS), "heat_sources")

FUEL_MONTH: tuple[Alternatives, ...] = (CARBON, NCV)
PRODUCTION_MONTH: tuple[Alternatives, ...] = (SUPPLY, HEAT)
_FUEL_FIELDS = ("carbon_content", "carbon_content_ad", "carbon_content_d", "ncv", "ncv_ad")


@dataclass(frozen=True, slots=True)
class Conflict:
    """One value given in more than one way in one month."""

    alternatives: Alternatives
    given: tuple[str, ...]


def conflicts(rules: Iterable[Alternatives], present: Collection[str]) -> list[Conflict]:
    """The values ``present`` (the inputs a month gives) gives in more than one way."""
    out = []
    for alternatives in rules:
        given = alternatives.given(present)
        if len(given) > 1:
            out.append(Conflict(alternatives, given))
    return out


def fuel_month_inputs(m: FuelMonth, *, daily_carbon: bool = False) -> frozenset[str]:
    """The inputs a fuel month gives (``daily_carbon``: its daily records carry carbon)."""
    present = {k for k in _FUEL_FIELDS if getattr(m, k) is not None}
    if m.gas_tests:
        present.add(GAS_TESTS)
    if daily_carbon:
        present.add(DAILY)
    return frozenset(present)


def production_month_inputs(p: ProductionMonth) -> frozenset[str]:
    present = {k for k in ("supply_mwh", "station_use_mwh", "heat_gj") if getattr(p, k) is not None}
    if p.steam or p.hot_water:
        present.add(FLOWS)
    return frozenset(present)
