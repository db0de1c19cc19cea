"""The number tables' values as the enterprise enters them (every entry path: page, Excel,
JSON, monthly pages)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounting.params import default_parameters
from tanhe.accounting.report_form import MONTHS, STATE_KEY, Row, Table
from tanhe.accounting.report_form import ROW_BY_KEY as FORM_ROWS
from tanhe.inputs import InputRefused, has_control_characters
from tanhe.plans.models import PlanUnit
from tanhe.validators import control_message, number_message

from .. import calculation, values
from ..models import (
    FilingState,
    Mode,
    MonthFiling,
    Origin,
    Report,
    ReportCell,
)
from ._common import MEMBER_ROW, SOURCE_MAX, CellErrors, _audit, _editable


# -- cells ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CellInput:
    """One value the enterprise enters: where, what, and how it was obtained."""

    unit: PlanUnit | None
    table: str
    fuel: str
    key: str
    month: int
    value: str
    mode: str = Mode.MEASURED
    source: str = ""


def place_text(unit: PlanUnit | None, table: str, fuel: str, key: str, month: int) -> str:
    """A cell's place as every message names it: unit, fuel, month, row label. Pages match a
    problem to its cell by this prefix."""
    row = FORM_ROWS.get((table, key))  # type: ignore[arg-type]  # StrEnum == str
    name = unit.name if unit else "全厂"
    fuel_text = f" {fuel_catalogue()[fuel].name_zh}" if fuel in fuel_catalogue() else ""
    label = row.label_zh if row else ("燃料状态" if key == STATE_KEY else key)
    return f"{name}{fuel_text} {month}月 {label}"


def _where(entry: CellInput) -> str:
    return place_text(entry.unit, entry.table, entry.fuel, entry.key, entry.month)


def _clean_value(entry: CellInput, row: Row | None, decimals: Mapping[str, int]) -> str:
    """The canonical text of an entry (:func:`.values.cell_value`, the rule every entry path
    shares), or raises ValueError with the rule it breaks."""
    try:
        return values.cell_value(entry.value, entry.key, row, entry.fuel, decimals)
    except InputRefused as exc:
        raise ValueError(number_message(entry.value, exc.problem)) from None


def _sealed_months(report: Report) -> set[int]:
    return set(
        MonthFiling.objects.filter(
            enterprise=report.enterprise, year=report.year, state=FilingState.SEALED
        ).values_list("month", flat=True)
    )


def _decimals(report: Report) -> dict[str, int]:
    table = default_parameters()["rounding"].value_at(date(report.year, 12, 31))
    return {k: int(v) for k, v in table.value.items()}


def _check_entry(entry: CellInput, report: Report, units: dict[int, PlanUnit]) -> Row | None:
    if entry.table not in set(Table):
        raise ValueError(f"没有“{entry.table}”这张表")
    row = FORM_ROWS.get((Table(entry.table), entry.key))
    if row is None and not (entry.table == Table.FUEL and entry.key == STATE_KEY):
        raise ValueError(f"{Table(entry.table).label_zh}没有“{entry.key}”这一行")
    if entry.month not in MONTHS:
        raise ValueError("月份须为 1–12")
    if entry.unit is None:
        if not (entry.table == Table.ELECTRICITY and entry.key == "mwh"):
            raise ValueError("只有外购电量可以按全厂填报")
    elif entry.unit.pk not in units and not (
        entry.unit.merged_into_id in units and (entry.table, entry.key) == MEMBER_ROW
    ):
        raise ValueError("该机组不在本报告依据的质量控制计划中")
    if entry.table == Table.FUEL:
        assert entry.unit is not None
        if entry.fuel not in entry.unit.fuel_names:
            raise ValueError(f"质量控制计划中{entry.unit.name}没有燃料“{entry.fuel}”")
    elif entry.fuel:
        raise ValueError("只有燃料信息表按燃料填报")
    if entry.mode not in set(Mode):
        raise ValueError("数据获取方式须为实测值、缺省值或计算值")
    return row


@dataclass(frozen=True)
class _Derived:
    """Places whose value is derived from other records, not entered (every entry path)."""

    daily: set[tuple[int, str, int]]  # unit, fuel, month built from daily records
    heat: set[tuple[int, int]]  # unit, month with steam / hot-water measurements
    merged: set[int]  # 合并填报 rows: running hours are the members'
    split: bool  # purchased electricity split over the units


def _derived_places(report: Report) -> _Derived:
    daily = {
        (u, f, d.month) for u, f, d in report.daily_records.values_list("unit_id", "fuel", "day")
    }
    heat = set(report.heat_measurements.values_list("unit_id", "month"))
    merged = {u.pk for u in calculation.reporting_units(report) if u.is_merged}
    return _Derived(daily, heat, merged, report.split_purchased_electricity)


def _check_derived(entry: CellInput, derived: _Derived) -> None:
    unit = entry.unit.pk if entry.unit else None
    if entry.table == Table.FUEL and (unit, entry.fuel, entry.month) in derived.daily:
        if entry.key in ("consumption", "ncv", "carbon_content", STATE_KEY):
            raise ValueError("该月由日记录汇总，请修改日记录")
    elif entry.table == Table.PRODUCTION and entry.key == "heat_gj":
        if (unit, entry.month) in derived.heat:
            raise ValueError("该月供热量由供热计量计算，请修改供热计量")
    elif entry.table == Table.PRODUCTION and entry.key == "running_hours":
        if unit in derived.merged:
            raise ValueError("合并填报机组的运行小时数由成员机组按容量加权计算，请填报成员机组")
    elif entry.table == Table.ELECTRICITY and entry.key == "mwh" and unit and derived.split:
        raise ValueError("外购电量已按机组数目平分，请在“全厂”行填报")


def _require_place(entry: CellInput, report: Report, units: dict[int, PlanUnit]) -> None:
    """As ``_check_entry``, for actions on one place: a refusal is a ValidationError."""
    try:
        _check_entry(entry, report, units)
    except ValueError as exc:
        raise ValidationError(f"{_where(entry)}：{exc}") from None


@transaction.atomic
def save_cells(*, actor: Any, report: Report, entries: Iterable[CellInput]) -> int:
    """Save the enterprise's entries, all or none: every problem is reported, by place and rule.
    An entry that repeats what is stored changes nothing (and is allowed in a sealed month).
    Returns the number of cells changed."""
    report = _editable(actor, report)
    units = {u.pk: u for u in calculation.reporting_units(report)}
    sealed = _sealed_months(report)
    decimals = _decimals(report)
    entries = list(entries)
    tables = {e.table for e in entries}
    derived = _derived_places(report)
    # the report row is locked (_editable): its cells need no lock of their own
    existing = _stored_cells(report, tables)
    problems: list[str] = []
    wanted: dict[calculation.CellKey, tuple[CellInput, str]] = {}
    for entry in entries:
        try:
            row = _check_entry(entry, report, units)
            if len(entry.source) > SOURCE_MAX:
                raise ValueError(f"数据来源不能超过 {SOURCE_MAX} 个字")
            if has_control_characters(entry.source):
                raise ValueError(control_message("数据来源"))
            text = _clean_value(entry, row, decimals)
            place = (entry.unit.pk if entry.unit else None, entry.table, entry.fuel, entry.key,
                     entry.month)  # fmt: skip
            if _unchanged(existing.get(place), text, entry):
                continue
            if entry.month in sealed:
                raise ValueError(f"{entry.month}月已存证，修改须先提出修改申请并说明原因")
            if text:  # clearing a derived place is harmless (an import may do so)
                _check_derived(entry, derived)
            wanted[place] = (entry, text)
        except ValueError as exc:
            problems.append(f"{_where(entry)}：{exc}")
    if problems:
        raise CellErrors(problems)
    changes: dict[str, tuple[Any, Any]] = {}
    created: list[ReportCell] = []
    updated: list[tuple[str, str, str, str, int]] = []
    for place, (entry, text) in wanted.items():
        cell = existing.get(place)
        mode = entry.mode if text else ""
        label = _label(place)
        if cell is None:
            created.append(ReportCell(report=report, unit=entry.unit, table=entry.table,
                                      fuel=entry.fuel, key=entry.key, month=entry.month,
                                      value=text, mode=mode, source=entry.source))  # fmt: skip
            changes[label] = (None, text)
            continue
        for field, old, new in (("", cell.value, text), ("/mode", cell.mode, mode),
                                ("/source", cell.source, entry.source),
                                ("/origin", cell.origin, Origin.USER)):  # fmt: skip
            if old != new:
                changes[label + field] = (old, new)
        updated.append((text, mode, Origin.USER, entry.source, cell.pk))
    ReportCell.objects.bulk_create(created)
    _update_cells(updated)
    if changes:
        _audit(actor, "report.cells", report, report, changes=changes)
        report.save(update_fields=["updated_at"])
    return len(created) + len(updated)


def _update_cells(rows: list[tuple[str, str, str, str, int]]) -> None:
    """(value, mode, origin, source, id) of changed cells, written in one statement on
    PostgreSQL (UPDATE … FROM unnest(arrays)) — Django's bulk_update builds a CASE per row and
    field, seconds for a full table."""
    table = ReportCell._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":  # SQLite: in-process, one prepared statement
            cursor.executemany(
                f"UPDATE {table} SET value = %s, mode = %s, origin = %s, source = %s WHERE id = %s",
                rows,
            )
            return
        columns = list(zip(*rows, strict=True)) if rows else [[]] * 5
        cursor.execute(
            f"UPDATE {table} AS c SET value = v.value, mode = v.mode, origin = v.origin, "
            "source = v.source FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], "
            "%s::bigint[]) AS v(value, mode, origin, source, id) WHERE c.id = v.id",
            [list(col) for col in columns],
        )


class _Stored(NamedTuple):
    pk: int
    value: str
    mode: str
    origin: str
    source: str


def _stored_cells(report: Report, tables: set[str]) -> dict[calculation.CellKey, _Stored]:
    """The report's cells of these tables as plain tuples (a full table has thousands)."""
    rows = report.cells.filter(table__in=tables).values_list(
        "unit_id", "table", "fuel", "key", "month", "pk", "value", "mode", "origin", "source"
    )
    return {(u, t, f, k, m): _Stored(*rest) for u, t, f, k, m, *rest in rows}


def _unchanged(cell: _Stored | None, text: str, entry: CellInput) -> bool:
    """The entry says what is stored (an empty entry where nothing is stored, too). A computed
    value posted back as it is stays the engine's (origin 自动计算)."""
    if cell is None:
        return text == ""
    mode = entry.mode if text else ""
    return (cell.value, cell.mode, cell.source) == (text, mode, entry.source)


def _label(place: calculation.CellKey) -> str:
    unit, table, fuel, key, month = place
    return f"{unit or 'plant'}/{table}/{fuel or '-'}/{key}/{month}"
