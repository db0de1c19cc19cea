"""Dated parameters (参数) loaded from ``parameters/*.toml``, OpenFisca style.

Each value knows the data period it applies to, the document that issued it and whether it is
confirmed. Lookups are bitemporal (see ``parameters/README.md``), and every value the engine uses
is recorded as a :class:`ParameterUse` in the calculation's result.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

PARAMETER_DIR = Path(__file__).with_name("parameters")
STATUSES = ("confirmed", "cross_checked", "unconfirmed")
STATUS_ZH = {"confirmed": "已核实", "cross_checked": "交叉核对", "unconfirmed": "未核实"}


class ParameterError(LookupError):
    """A parameter file is malformed, or no value applies to the requested date."""


class NoValueError(ParameterError):
    """No value of a parameter applies to a data date (e.g. a data year before the guide)."""

    def __init__(self, name: str, label_zh: str, key: str | None, data_date: date) -> None:
        self.name, self.label_zh, self.key, self.data_date = name, label_zh, key, data_date
        what = f"{name}[{key}]" if key else name
        super().__init__(f"no value of {what} applies to {data_date.isoformat()}")


@dataclass(frozen=True, slots=True)
class ParameterValue:
    """One dated value of a parameter, with its provenance."""

    value: Any  # Decimal, or a mapping of decimals (rounding table)
    effective_from: date
    published: date
    document: str
    status: str
    source: str
    key: str | None = None

    @property
    def confirmed(self) -> bool:
        return self.status == "confirmed"


@dataclass(frozen=True, slots=True)
class ParameterUse:
    """A parameter value as used by one calculation (recorded in the result)."""

    name: str
    label_zh: str
    unit: str
    key: str | None
    value: Any
    effective_from: date
    published: date
    document: str
    status: str

    def as_dict(self) -> dict[str, Any]:
        value = self.value
        value = {k: str(v) for k, v in value.items()} if isinstance(value, dict) else str(value)
        return {
            "name": self.name,
            "label_zh": self.label_zh,
            "unit": self.unit,
            "key": self.key,
            "value": value,
            "effective_from": self.effective_from.isoformat(),
            "published": self.published.isoformat(),
            "document": self.document,
            "status": self.status,
            "confirmed": self.status == "confirmed",
        }


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    label_zh: str
    label_en: str
    unit: str
    clause: str
    values: tuple[ParameterValue, ...] = field(repr=False)
    # Lookups are pure functions of their arguments and the values are immutable, so each
    # answer is kept: every calculation asks the same dozens of questions.
    _uses: dict[tuple[date, str | None, date | None], ParameterUse] = field(
        default_factory=dict, repr=False, compare=False
    )

    def value_at(
        self, data_date: date, *, key: str | None = None, known_on: date | None = None
    ) -> ParameterValue:
        """The value in force for ``data_date`` as published by ``known_on`` (default: now)."""
        best: ParameterValue | None = None
        for v in self.values:
            if v.key != key or v.effective_from > data_date:
                continue
            if known_on is not None and v.published > known_on:
                continue
            if best is None or (v.effective_from, v.published) > (
                best.effective_from,
                best.published,
            ):
                best = v
        if best is None:
            raise NoValueError(self.name, self.label_zh, key, data_date)
        return best

    def use_at(
        self, data_date: date, *, key: str | None = None, known_on: date | None = None
    ) -> ParameterUse:
        cached = self._uses.get((data_date, key, known_on))
        if cached is not None:
            return cached
        v = self.value_at(data_date, key=key, known_on=known_on)
        use = self._uses[(data_date, key, known_on)] = ParameterUse(
            name=self.name,
            label_zh=self.label_zh,
            unit=self.unit,
            key=key,
            value=v.value,
            effective_from=v.effective_from,
            published=v.published,
            document=v.document,
            status=v.status,
        )
        return use

    def keys(self) -> set[str]:
        return {v.key for v in self.values if v.key is not None}


def _to_decimal_tree(value: Any, where: str) -> Any:
    if isinstance(value, bool):
        raise ParameterError(f"{where}: boolean is not a parameter value")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, dict):
        return {k: _to_decimal_tree(v, f"{where}.{k}") for k, v in value.items()}
    raise ParameterError(f"{where}: expected a number or a table of numbers, got {value!r}")


def _parse_value(raw: dict[str, Any], where: str) -> ParameterValue:
    required = ("effective_from", "value", "published", "document", "status", "source")
    missing = [k for k in required if k not in raw]
    if missing:
        raise ParameterError(f"{where}: missing {', '.join(missing)}")
    for k in ("effective_from", "published"):
        if type(raw[k]) is not date:
            raise ParameterError(f"{where}: {k} must be a TOML date (YYYY-MM-DD)")
    if raw["status"] not in STATUSES:
        raise ParameterError(f"{where}: status must be one of {', '.join(STATUSES)}")
    return ParameterValue(
        value=_to_decimal_tree(raw["value"], f"{where}.value"),
        effective_from=raw["effective_from"],
        published=raw["published"],
        document=str(raw["document"]),
        status=raw["status"],
        source=str(raw["source"]),
        key=raw.get("key"),
    )


def load_parameter(path: Path) -> Parameter:
    """Parse one parameter file; numbers become ``Decimal`` (never float)."""
    with path.open("rb") as f:
        raw = tomllib.load(f, parse_float=Decimal)
    for k in ("name", "label_zh", "label_en", "unit", "clause", "values"):
        if k not in raw:
            raise ParameterError(f"{path.name}: missing {k}")
    if raw["name"] != path.stem:
        raise ParameterError(f"{path.name}: name {raw['name']!r} must match the file name")
    values = tuple(_parse_value(v, f"{path.name} values[{i}]") for i, v in enumerate(raw["values"]))
    return Parameter(
        name=raw["name"],
        label_zh=raw["label_zh"],
        label_en=raw["label_en"],
        unit=raw["unit"],
        clause=raw["clause"],
        values=values,
    )


@dataclass(frozen=True, slots=True)
class ParameterSet:
    """All parameters, by name. Immutable: a what-if preview builds a new set."""

    parameters: dict[str, Parameter]

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise ParameterError(f"unknown parameter {name!r}") from None

    def replace(self, parameter: Parameter) -> ParameterSet:
        return ParameterSet({**self.parameters, parameter.name: parameter})

    def __iter__(self) -> Iterator[Parameter]:
        return iter(self.parameters.values())


def load_parameter_dir(directory: Path) -> ParameterSet:
    return ParameterSet({p.stem: load_parameter(p) for p in sorted(directory.glob("*.toml"))})


@cache
def default_parameters() -> ParameterSet:
    """The parameters shipped with this version of Tanhe (loaded once per process)."""
    return load_parameter_dir(PARAMETER_DIR)
