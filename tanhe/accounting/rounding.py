"""The one place that rounds reported values (修约).

The national form rounds every reported field to a fixed number of decimals, ROUND_HALF_UP
(四舍五入), and every downstream formula uses the **rounded** reported values. The decimals
live in the data file ``parameters/rounding.toml``, per guide version, so a revision of the form
changes a file, not code. Nothing else in the engine calls ``quantize``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from enum import StrEnum
from operator import methodcaller

_CONTEXT = Context(prec=60, rounding=ROUND_HALF_UP)


class Field(StrEnum):
    """Reported fields that carry a fixed number of decimals on the national form."""

    CONSUMPTION = "consumption"  # 消耗量 t / 10^4Nm³
    NCV = "ncv"  # 低位发热量 GJ/t, GJ/10^4Nm³
    CARBON_CONTENT = "carbon_content"  # 收到基元素碳含量 % or tC/10^4Nm³
    MOISTURE = "moisture"  # 水分 %
    FUEL_HEAT = "fuel_heat"  # 化石燃料热量 GJ
    UNIT_HEAT_CARBON = "unit_heat_carbon"  # 单位热值含碳量 tC/GJ
    EMISSIONS = "emissions"  # 排放量 tCO2
    PURCHASED_ELECTRICITY = "purchased_electricity"  # 购入使用电量 MWh
    GRID_EMISSION_FACTOR = "grid_emission_factor"  # 电网排放因子 tCO2/MWh
    ELECTRICITY = "electricity"  # 发电量 / 供电量 MWh
    HEAT = "heat"  # 供热量 GJ
    HEAT_RATIO = "heat_ratio"  # 供热比 %
    ENTHALPY = "enthalpy"  # 热值/焓值 kJ/kg
    COAL_RATE = "coal_rate"  # 供电/供热 煤耗、气耗
    INTENSITY = "intensity"  # 供电/供热 碳排放强度
    RUNNING_HOURS = "running_hours"  # 运行小时数 h
    LOAD_FACTOR = "load_factor"  # 负荷（出力）系数 %
    STANDARD_COAL = "standard_coal"  # 标准煤量 tce


@dataclass(frozen=True, slots=True)
class Rounders:
    """Per-field rounding callables; see :meth:`RoundingTable.by_name`."""

    consumption: Callable[[Decimal], Decimal]
    ncv: Callable[[Decimal], Decimal]
    carbon_content: Callable[[Decimal], Decimal]
    moisture: Callable[[Decimal], Decimal]
    fuel_heat: Callable[[Decimal], Decimal]
    unit_heat_carbon: Callable[[Decimal], Decimal]
    emissions: Callable[[Decimal], Decimal]
    purchased_electricity: Callable[[Decimal], Decimal]
    grid_emission_factor: Callable[[Decimal], Decimal]
    electricity: Callable[[Decimal], Decimal]
    heat: Callable[[Decimal], Decimal]
    heat_ratio: Callable[[Decimal], Decimal]
    enthalpy: Callable[[Decimal], Decimal]
    coal_rate: Callable[[Decimal], Decimal]
    intensity: Callable[[Decimal], Decimal]
    running_hours: Callable[[Decimal], Decimal]
    load_factor: Callable[[Decimal], Decimal]
    standard_coal: Callable[[Decimal], Decimal]


class RoundingTable:
    """Decimals per field for one guide version; rounds ROUND_HALF_UP."""

    __slots__ = ("_exponents", "decimals")

    def __init__(self, decimals: Mapping[str, int]) -> None:
        missing = {f.value for f in Field} - set(decimals)
        if missing:
            raise ValueError(f"rounding table lacks decimals for: {', '.join(sorted(missing))}")
        self.decimals: dict[str, int] = {k: int(v) for k, v in decimals.items()}
        self._exponents = {k: Decimal(1).scaleb(-v) for k, v in self.decimals.items()}

    def round(self, field: Field, value: Decimal) -> Decimal:
        """Round ``value`` to the field's decimals, half up.

        >>> t = RoundingTable({f.value: 2 for f in Field})
        >>> t.round(Field.EMISSIONS, Decimal("454.335"))
        Decimal('454.34')
        >>> t.round(Field.EMISSIONS, Decimal("-0.005"))
        Decimal('-0.01')
        """
        return value.quantize(self._exponents[field], ROUND_HALF_UP, _CONTEXT)

    def rounders(self) -> dict[Field, Callable[[Decimal], Decimal]]:
        """One C-level callable per field, each doing exactly what :meth:`round` does."""
        return {
            f: methodcaller("quantize", self._exponents[f.value], ROUND_HALF_UP, _CONTEXT)
            for f in Field
        }

    def by_name(self) -> Rounders:
        """The rounders as attributes (``rnd.ncv(x)``) for the engine's hot path."""
        return Rounders(**{f.value: r for f, r in self.rounders().items()})

    def places(self, field: Field) -> int:
        return self.decimals[field]
