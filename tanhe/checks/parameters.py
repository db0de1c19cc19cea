"""The checks' dated thresholds (``parameters.toml``): one value per reporting year."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Parameters:
    year: int
    values: dict[str, Decimal]
    sources: dict[str, str]

    def __getitem__(self, key: str) -> Decimal:
        return self.values[key]


@cache
def _table() -> dict[str, Any]:
    with Path(__file__).with_name("parameters.toml").open("rb") as f:
        return tomllib.load(f)


@cache
def parameters_for(year: int, overrides: tuple[tuple[str, str], ...] = ()) -> Parameters:
    """The values in force for ``year``: the latest entry whose ``since`` ≤ year; a parameter
    not yet in force is absent. ``overrides`` (a province's settings) replace values."""
    values: dict[str, Decimal] = {}
    sources: dict[str, str] = {}
    for key, spec in _table().items():
        dated = [v for v in spec["values"] if v["since"] <= year]
        if dated:
            entry = max(dated, key=lambda v: v["since"])
            values[key], sources[key] = Decimal(entry["value"]), entry["source"]
    for key, value in overrides:
        values[key], sources[key] = Decimal(value), "setting"
    return Parameters(year, values, sources)
