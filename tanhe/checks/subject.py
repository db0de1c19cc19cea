"""What a run of the rules looks at: the plant-year, the engine's result on it, the rules' extra
data and, when given, last year's (verified) plant-year and result."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, overload

from tanhe.accounting.model import FuelInput, FuelMonth, PlantYear, UnitInput
from tanhe.accounting.results import PlantYearResult, UnitResult
from tanhe.checks.data import CheckData
from tanhe.checks.values import Key, result_values

if TYPE_CHECKING:
    from tanhe.checks.parameters import Parameters


@dataclass(frozen=True)
class Subject:
    plant: PlantYear
    result: PlantYearResult
    data: CheckData = field(default_factory=CheckData)
    previous: PlantYearResult | None = None
    previous_plant: PlantYear | None = None
    previous_data: CheckData | None = None
    overrides: tuple[tuple[str, str], ...] = ()  # a province's thresholds (parameters.toml keys)

    @cached_property
    def values(self) -> dict[Key, Decimal]:
        """The engine's result as located values (computed once per run)."""
        return result_values(self.result)

    @property
    def year(self) -> int:
        return self.plant.year

    @property
    def parameters(self) -> Parameters:
        from tanhe.checks.parameters import parameters_for

        return parameters_for(self.year, self.overrides)

    def unit_input(self, code: str) -> UnitInput | None:
        return next((u for u in self.plant.units if u.code == code), None)

    def unit_result(self, code: str) -> UnitResult | None:
        return next((u for u in self.result.units if u.code == code), None)

    def fuel_months(self) -> list[tuple[UnitInput, FuelInput, FuelMonth]]:
        return [(u, f, m) for u in self.plant.units for f in u.fuels for m in f.months]

    def explanation(self, rule: str, unit: str | None) -> str | None:
        for e in self.data.explanations:
            if e.rule == rule and e.unit in (unit, None):
                return e.text
        return None


@overload
def text(value: Decimal) -> str: ...
@overload
def text(value: None) -> None: ...
@overload
def text(value: Decimal | None) -> str | None: ...


def text(value: Decimal | None) -> str | None:
    """A Decimal as the findings show it: plain notation, no exponent."""
    return None if value is None else format(value, "f")
