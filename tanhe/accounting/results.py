"""Result types of the engine: reported (rounded) ``Decimal`` values; steps hold the working.

The per-month rows are NamedTuples (immutable, built several times faster than frozen
dataclasses — there are hundreds per plant-year); the aggregates are frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from tanhe.accounting.classification import Category
from tanhe.accounting.model import GasClass, State, Subtype, UnitType, subtype_label_zh
from tanhe.accounting.params import ParameterUse
from tanhe.accounting.quantities import Mode
from tanhe.accounting.trace import Step


class FuelMonthResult(NamedTuple):
    """One row-month of the 燃料信息表."""

    month: int
    state: State | None
    consumption: Decimal
    ncv: Decimal
    carbon_content: Decimal  # % (t fuels) or tC/10^4Nm³ (gas), as reported
    heat_gj: Decimal
    unit_heat_carbon: Decimal
    oxidation_rate_pct: Decimal
    emissions_tco2: Decimal
    modes: Mapping[str, Mode]  # shared, read-only
    steps: tuple[Step, ...]


class FuelAnnualResult(NamedTuple):
    consumption: Decimal
    ncv: Decimal | None
    carbon_content: Decimal | None
    heat_gj: Decimal
    unit_heat_carbon: Decimal | None
    oxidation_rate_pct: Decimal
    emissions_tco2: Decimal
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class FuelResult:
    fuel: str
    name_zh: str
    unit: str
    carbon_unit: str
    months: tuple[FuelMonthResult, ...]
    annual: FuelAnnualResult


class BiomassMonthResult(NamedTuple):
    """One month of a co-fired biomass fuel (掺烧生物质): dry-basis consumption and NCV."""

    month: int
    consumption: Decimal  # t (干基)
    ncv: Decimal  # GJ/t (干基)
    heat_gj: Decimal
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class BiomassResult:
    """A biomass fuel of a unit: its months and year; no fossil emissions (表2/表13)."""

    fuel: str
    name_zh: str
    months: tuple[BiomassMonthResult, ...]
    consumption: Decimal
    heat_gj: Decimal


class ElectricityMonthResult(NamedTuple):
    month: int
    mwh: Decimal
    grid_emission_factor: Decimal
    emissions_tco2: Decimal
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class ElectricityResult:
    months: tuple[ElectricityMonthResult, ...]
    mwh: Decimal
    emissions_tco2: Decimal
    split_from_plant: bool


class ProductionValues(NamedTuple):
    """One month (or the year) of the 生产数据表; ``None`` where a ratio has no denominator."""

    generation_mwh: Decimal | None
    supply_mwh: Decimal | None
    heat_gj: Decimal | None
    heat_ratio_pct: Decimal | None
    power_coal_rate: Decimal | None  # gce/kWh (coal) or Nm³/MWh (gas)
    heat_coal_rate: Decimal | None  # kgce/GJ (coal) or Nm³/GJ (gas)
    running_hours: Decimal | None
    load_factor_pct: Decimal | None
    power_intensity: Decimal | None  # tCO2/MWh
    heat_intensity: Decimal | None  # tCO2/GJ
    emissions_tco2: Decimal
    steps: tuple[Step, ...]
    # 生物质热量占比 (表13): biomass heat over all fuel heat; None for a unit without biomass
    biomass_heat_share_pct: Decimal | None = None
    # 表13 的交叉核对: (锅炉产热量 / 锅炉效率 − Σ 化石燃料热量) / (锅炉产热量 / 锅炉效率)
    biomass_share_check_pct: Decimal | None = None


class ProductionMonthResult(NamedTuple):
    month: int
    values: ProductionValues


@dataclass(frozen=True, slots=True)
class ProductionResult:
    rate_kind: str  # "coal" (煤耗) or "gas" (气耗)
    months: tuple[ProductionMonthResult, ...]
    annual: ProductionValues


@dataclass(frozen=True, slots=True)
class UnitResult:
    code: str
    name: str
    type: UnitType
    subtype: Subtype
    capacity_mw: Decimal
    category: Category
    cooling: str | None
    member_codes: tuple[str, ...]
    fuels: tuple[FuelResult, ...]
    electricity: ElectricityResult
    production: ProductionResult
    combustion_emissions_tco2: Decimal
    electricity_emissions_tco2: Decimal
    total_emissions_tco2: Decimal
    steps: tuple[Step, ...]
    gas_class: GasClass | None = None
    biomass: tuple[BiomassResult, ...] = ()
    hours_capacity_mw: Decimal | None = None  # Σ P_i whose hours are weighted (表17)

    @property
    def subtype_label_zh(self) -> str:
        return subtype_label_zh(self.subtype, self.gas_class)


@dataclass(frozen=True, slots=True)
class PlantYearResult:
    year: int
    enterprise_name: str
    credit_code: str
    units: tuple[UnitResult, ...]
    combustion_emissions_tco2: Decimal
    electricity_emissions_tco2: Decimal
    total_emissions_tco2: Decimal
    capacity_mw: Decimal
    parameters: tuple[ParameterUse, ...]
    engine_version: str
