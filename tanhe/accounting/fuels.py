"""Fuel catalogue (燃料目录): the fuel keys of the interchange format and what they imply."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GAS_VOLUME_UNIT = "10^4Nm3"


@dataclass(frozen=True, slots=True)
class Fuel:
    key: str
    name_zh: str
    name_en: str
    category: str  # coal | oil | gas: selects the oxidation rate; biomass: co-fired, no emissions
    unit: str  # "t" or "10^4Nm3"

    @property
    def is_coal(self) -> bool:
        return self.category == "coal"

    @property
    def is_biomass(self) -> bool:
        """生物质 co-fired with fossil fuels: dry-basis consumption and NCV, heat only."""
        return self.category == "biomass"

    @property
    def carbon_in_percent(self) -> bool:
        """As-received carbon is reported in % for fuels in t, in tC/10^4Nm³ for gas volumes."""
        return self.unit == "t"

    @property
    def carbon_unit(self) -> str:
        return "%" if self.carbon_in_percent else "tC/10^4Nm3"

    @property
    def ncv_unit(self) -> str:
        return "GJ/t" if self.unit == "t" else "GJ/10^4Nm3"


@cache
def fuel_catalogue() -> dict[str, Fuel]:
    with Path(__file__).with_name("fuels.toml").open("rb") as f:
        raw = tomllib.load(f)
    return {k: Fuel(key=k, **v) for k, v in raw.items()}


def fuel_label(key: str, lang: str = "zh") -> str:
    """A fuel's name in ``lang`` ("zh" or "en"); the key itself for a fuel not in the catalogue.
    The one fuel-name function: pages, documents, messages and workbooks all call it."""
    fuel = fuel_catalogue().get(key)
    if fuel is None:
        return key
    return fuel.name_en if lang == "en" else fuel.name_zh
