"""The guide's plausible ranges (合理取值范围或经验数值) as data: ``ranges.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Range:
    key: str
    label_zh: str
    label_en: str
    low: Decimal
    high: Decimal
    unit: str
    fuels: tuple[str, ...]
    source: str

    def outside(self, value: Decimal | None) -> bool:
        return value is not None and not self.low <= value <= self.high

    @property
    def text(self) -> str:
        return f"{self.low}–{self.high} {self.unit}"


@cache
def ranges() -> dict[str, Range]:
    with Path(__file__).with_name("ranges.toml").open("rb") as f:
        raw = tomllib.load(f)
    return {
        key: Range(
            key,
            r["label_zh"],
            r["label_en"],
            Decimal(r["low"]),
            Decimal(r["high"]),
            r["unit"],
            tuple(r.get("fuels", ())),
            r["source"],
        )
        for key, r in raw.items()
    }


def get(key: str) -> Range:
    return ranges()[key]
