"""Read the ``check_data`` section of a ``tanhe.plant-year/1`` document into :class:`CheckData`,
with the engine reader's located messages (unknown keys refused, numbers as exact strings)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from tanhe.accounting.classification import MergeCondition
from tanhe.accounting.errors import InputErrors
from tanhe.accounting.interchange import JsonNumber, Reader
from tanhe.checks import data as d

SECTION = "check_data"
# section -> (record type, fields: name -> kind); kinds: text, text?, decimal, decimal?, month?,
# date?, number (a decimal kept as its text), calibration, members
_SPEC: dict[str, tuple[type, dict[str, str]]] = {
    "reported": (
        d.Reported,
        {"unit": "text?", "fuel": "text?", "month": "month?", "field": "text", "value": "number"},
    ),
    "tests": (
        d.TestReport,
        {
            "unit": "text",
            "fuel": "text",
            "month": "month",
            "parameter": "text",
            "method": "text?",
            "laboratory": "text?",
            "accreditation": "text?",
            "report_number": "text?",
            "sampled_on": "date?",
            "reported_on": "date?",
        },
    ),
    "evidence": (
        d.EvidenceFile,
        {
            "sha256": "text",
            "name": "text?",
            "unit": "text?",
            "fuel": "text?",
            "month": "month?",
            "field": "text?",
            "plant": "text?",
        },
    ),
    "second_sources": (
        d.SecondSource,
        {
            "unit": "text?",
            "fuel": "text?",
            "month": "month?",
            "field": "text",
            "source": "text",
            "value": "decimal",
        },
    ),
    "stock_balances": (
        d.StockBalance,
        {
            "unit": "text?",
            "fuel": "text",
            "month": "month?",
            "purchases": "decimal",
            "outgoing": "decimal",
            "stock_start": "decimal",
            "stock_end": "decimal",
        },
    ),
    "sources": (
        d.DataSource,
        {"unit": "text", "fuel": "text?", "field": "text", "method": "text?", "state": "text?"},
    ),
    "coal_quality": (
        d.CoalQuality,
        {
            "unit": "text",
            "fuel": "text",
            "month": "month?",
            "ash_ar": "decimal?",
            "volatile_daf": "decimal?",
        },
    ),
    "facilities": (
        d.Facility,
        {
            "unit": "text",
            "category": "text",
            "code": "text",
            "capacity_tph": "decimal?",
            "rated_power_mw": "decimal?",
        },
    ),
    "merges": (d.Merge, {"unit": "text", "members": "members", "explanation": "text?"}),
    "calibrations": (
        d.MeterCalibration,
        {
            "unit": "text?",
            "fuel": "text?",
            "month": "month?",
            "field": "text",
            "calibration": "calibration",
            "instrument": "text?",
        },
    ),
    "explanations": (d.Explanation, {"rule": "text", "unit": "text?", "text": "text"}),
}


def check_data_from(document: Any) -> d.CheckData:
    """The ``check_data`` of a decoded document (empty when it has none); :class:`InputErrors`
    lists every problem in it."""
    if not isinstance(document, dict) or document.get(SECTION) is None:
        return d.CheckData()
    reader = _CheckReader()
    section = reader.obj(document[SECTION], SECTION, (*_SPEC, "categories", "products"))
    if section is None:
        raise InputErrors(reader.issues)
    parts: dict[str, Any] = {}
    for key, (kind, fields) in _SPEC.items():
        rows = reader.items(section.get(key), f"{SECTION}.{key}")
        built = [
            reader.read_record(row, f"{SECTION}.{key}[{i}]", kind, fields)
            for i, row in enumerate(rows)
        ]
        parts[key] = tuple(r for r in built if r is not None)
    parts["categories"] = reader.by_unit(section.get("categories"), "categories")
    parts["products"] = reader.by_unit(section.get("products"), "products")
    if reader.issues:
        raise InputErrors(reader.issues)
    return d.CheckData(**parts)


_PLAIN_DECIMAL = re.compile(r"\d{1,15}(\.\d{1,20})?", re.ASCII)


def _plain(value: Any, spec: str) -> Any:
    """``value`` as the reader would give it when it is already plain (the common case: files the
    platform writes); :data:`_SLOW` when the slow, message-giving path must look at it."""
    if value is None:
        return _SLOW if spec[-1] != "?" else None
    kind = spec.rstrip("?")
    if kind == "text":
        return value if type(value) is str and value and value == value.strip() else _SLOW
    if kind == "month":
        if type(value) is not int and not (isinstance(value, JsonNumber) and value.isdigit()):
            return _SLOW
        month = int(value)
        return month if 1 <= month <= 12 else _SLOW
    if kind == "decimal" and type(value) is str and _PLAIN_DECIMAL.fullmatch(value):
        return Decimal(value)
    if kind == "number" and type(value) is str and _PLAIN_DECIMAL.fullmatch(value):
        return value
    return _SLOW


_SLOW = object()


def _fast(row: Any, kind: type, fields: dict[str, str]) -> Any:
    """The record built without the located checks when every value is plain; else None."""
    if type(row) is not dict or not row.keys() <= fields.keys():
        return None
    values = {}
    for name, spec in fields.items():
        value = _plain(row.get(name), spec)
        if value is _SLOW:
            return None
        values[name] = value
    return kind(**values)


class _CheckReader(Reader):
    def read_record(self, row: Any, where: str, kind: type, fields: dict[str, str]) -> Any:
        built = _fast(row, kind, fields)
        if built is not None:
            return built
        obj = self.obj(row, where, tuple(fields))
        if obj is None:
            return None
        before = len(self.issues)
        values = {name: self._value(obj, name, spec, where) for name, spec in fields.items()}
        return None if len(self.issues) > before else kind(**values)

    def _value(self, obj: dict[str, Any], name: str, spec: str, where: str) -> Any:
        required = not spec.endswith("?")
        kind = spec.rstrip("?")
        readers: dict[str, Callable[[], Any]] = {
            "text": lambda: self.text(obj, name, f"{where}.{name}", required=required),
            "decimal": lambda: self.decimal(obj, name, where, required=required),
            "number": lambda: self._number(obj, name, where),
            "month": lambda: self._month(obj.get(name), f"{where}.{name}"),
            "date": lambda: self._date(obj.get(name), f"{where}.{name}"),
            "calibration": lambda: self._calibration(obj.get(name), f"{where}.{name}"),
            "members": lambda: self._members(obj.get(name), f"{where}.{name}"),
        }
        return readers[kind]()

    def _number(self, obj: dict[str, Any], name: str, where: str) -> str | None:
        """A value as the report states it: a decimal number, kept as its text."""
        number = self.decimal(obj, name, where, required=True)
        return None if number is None else str(obj[name]).strip()

    def _month(self, value: Any, field: str) -> int | None:
        return None if value is None else self.integer(value, field, "month", 1, 12)

    def _date(self, value: Any, field: str) -> date | None:
        if value is None:
            return None
        try:
            if isinstance(value, str):
                return date.fromisoformat(value)
        except ValueError:
            pass
        self.issue("not_date", field, value=value)
        return None

    def _calibration(self, value: Any, field: str) -> Any:
        if value is None:
            self.issue("required", field)
            return None
        return self.calibration(value, field)

    def _members(self, value: Any, field: str) -> tuple[d.MergeMember, ...]:
        out = []
        allowed = ("code", *(c.value for c in MergeCondition))
        for i, row in enumerate(self.items(value, field, required=True)):
            obj = self.obj(row, f"{field}[{i}]", allowed)
            if obj is None:
                continue
            code = self.text(obj, "code", f"{field}[{i}].code")
            values = {
                c: self.text(obj, c.value, f"{field}[{i}].{c.value}", required=False)
                for c in MergeCondition
            }
            if code is not None:
                out.append(d.MergeMember(code, values))
        return tuple(out)

    def by_unit(self, value: Any, key: str) -> tuple[tuple[str, str], ...]:
        """An object of unit code → text (``categories``, ``products``)."""
        if value is None:
            return ()
        obj = self.obj(value, f"{SECTION}.{key}", None)
        if obj is None:
            return ()
        out = []
        for code in obj:
            text = self.text(obj, code, f"{SECTION}.{key}.{code}")
            if text is not None:
                out.append((code, text))
        return tuple(out)
