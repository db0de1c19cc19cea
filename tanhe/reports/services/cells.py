"""The number tables' values as the enterprise enters them (every entry path: page, Excel,
JSON, monthly pages)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounting.report_form import MONTHS, STATE_KEY, Row, Table, form_decimals, rows_for
from tanhe.accounting.report_form import ROW_BY_KEY as FORM_ROWS
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.inputs import InputRefused, has_control_characters
from tanhe.plans.models import PlanUnit

from .. import calculation, values
from ..labels import fuel_name
from ..models import (
    FilingState,
    Mode,
    MonthFiling,
    Origin,
    Report,
    ReportCell,
)
from ..places import Lock, Place, PlaceRules
from ..problems import Problem, input_problem, lock_problem
from ..selectors import StoredCell, place_rules, stored_cells, unit_names
from ._common import MEMBER_ROW, SOURCE_MAX, CellErrors, _audit, _editable
from .conflicts import conflict_problems

TABLES, MODES = frozenset(Table), frozenset(Mode)


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


def place_of(entry: CellInput) -> Place:
    return Place(entry.unit.pk if entry.unit else None, entry.table, entry.fuel, entry.key,
                 entry.month)  # fmt: skip


class Refused(ValueError):
    """An entry breaks a rule: the problem's code and parameters (worded at the edge)."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code, self.params = code, params
        super().__init__(code)


def _clean_value(entry: CellInput, row: Row | None, decimals: Mapping[str, int]) -> str:
    """The canonical text of an entry (:func:`.values.cell_value`, the rule every entry path
    shares), or :class:`InputRefused` with the rule it breaks."""
    return values.cell_value(entry.value, entry.key, row, entry.fuel, decimals)


def _sealed_months(report: Report) -> set[int]:
    return set(
        MonthFiling.objects.filter(
            enterprise=report.enterprise, year=report.year, state=FilingState.SEALED
        ).values_list("month", flat=True)
    )


def _check_entry(
    entry: CellInput, units: Mapping[int, PlanUnit], rules: PlaceRules | None = None
) -> Row | None:
    """The form's row of an entry whose place exists in the report's plan, or :class:`Refused`
    (a plant-level place: where ``rules`` has one, :meth:`PlaceRules.at_plant`)."""
    if entry.table not in TABLES:
        raise Refused("unknown_table", table=entry.table)
    row = FORM_ROWS.get((Table(entry.table), entry.key))
    if row is None and not (entry.table == Table.FUEL and entry.key == STATE_KEY):
        raise Refused("unknown_row", table=table_label(entry.table), key=entry.key)
    if entry.month not in MONTHS:
        raise Refused("month")
    if entry.unit is None:
        if entry.table == Table.FUEL and entry.key == "consumption":
            if not (rules or PlaceRules()).at_plant(place_of(entry)):
                raise Refused("plant_fuel_not_allocated", fuel=fuel_name(entry.fuel))
        elif not (entry.table == Table.ELECTRICITY and entry.key == "mwh"):
            raise Refused("plant_only_electricity")
    elif entry.unit.pk not in units and not (
        entry.unit.merged_into_id in units and (entry.table, entry.key) == MEMBER_ROW
    ):
        raise Refused("unit_not_in_plan")
    if entry.table == Table.FUEL:
        if entry.unit is not None and entry.fuel not in entry.unit.fuel_names:
            raise Refused("fuel_not_in_plan", unit=entry.unit.name, fuel=fuel_name(entry.fuel))
        fuel = fuel_catalogue().get(entry.fuel)
        biomass_keys = {r.key for r in rows_for(Table.FUEL, fuel)} if fuel else set()
        if fuel is not None and fuel.is_biomass and entry.key not in biomass_keys:
            raise Refused("biomass_row", fuel=fuel_name(entry.fuel))  # dry basis, no state (表13)
    elif entry.fuel:
        raise Refused("fuel_table_only")
    if entry.mode not in MODES:
        raise Refused("mode")
    return row


def table_label(table: str) -> str:
    return str(Table(table).label_zh) if table in TABLES else table


def _require_place(entry: CellInput, report: Report, units: Mapping[int, PlanUnit]) -> None:
    """As ``_check_entry``, for actions on one place (daily records, heat measurements)."""
    try:
        _check_entry(entry, units)
    except Refused as exc:
        raise CellErrors([Problem(exc.code, place_of(entry), params=exc.params)],
                         unit_names(report)) from None  # fmt: skip


def _entry_problem(
    entry: CellInput,
    units: Mapping[int, PlanUnit],
    decimals: Mapping[str, int],
    rules: PlaceRules,
    existing: Mapping[calculation.CellKey, StoredCell],
) -> tuple[Problem | None, str | None]:
    """(the problem of an entry, or the canonical text to store; ``None`` when unchanged)."""
    place = place_of(entry)
    try:
        row = _check_entry(entry, units, rules)
        if len(entry.source) > SOURCE_MAX:
            raise Refused("source_too_long", max=SOURCE_MAX)
        if has_control_characters(entry.source):
            raise Refused("control_characters", label=_("数据来源"))
        text = _clean_value(entry, row, decimals)
    except Refused as exc:
        return Problem(exc.code, place, params=exc.params), None
    except InputRefused as exc:
        return input_problem(exc.problem, entry.value, place), None
    key = (place.unit, place.table, place.fuel, place.key, place.month)
    if _unchanged(existing.get(key), text, entry):
        return None, None
    if place.month in rules.sealed:
        return lock_problem(Lock.SEALED, place), None
    # clearing a derived or not yet computed place is harmless (an import may do so)
    if text and (lock := rules.lock(place)):
        return lock_problem(lock, place), None
    return None, text


@transaction.atomic
def save_cells(*, actor: User, report: Report, entries: Iterable[CellInput]) -> int:
    """Save the enterprise's entries, all or none: every problem is reported, by place and rule
    (:class:`CellErrors`). An entry that repeats what is stored changes nothing (and is allowed
    in a sealed month). Returns the number of cells changed."""
    report = _editable(actor, report)
    reporting = calculation.reporting_units(report)
    units = {u.pk: u for u in reporting}
    decimals = form_decimals(report.year)
    entries = list(entries)
    rules = place_rules(report, units=reporting)
    # the report row is locked (_editable): its cells need no lock of their own
    existing = stored_cells(report, {e.table for e in entries})
    problems: list[Problem] = []
    wanted: dict[calculation.CellKey, tuple[CellInput, str]] = {}
    for entry in entries:
        problem, text = _entry_problem(entry, units, decimals, rules, existing)
        if problem is not None:
            problems.append(problem)
        elif text is not None:
            place = place_of(entry)
            wanted[(place.unit, place.table, place.fuel, place.key, place.month)] = (entry, text)
    if not problems:  # one value, one way: the engine's rule, before anything is stored
        changed = {place: text for place, (_entry, text) in wanted.items()}
        problems = conflict_problems(report, changed, existing, rules)
    if problems:
        raise CellErrors(problems, unit_names(report))
    return _write_cells(actor, report, wanted, existing)


def _write_cells(
    actor: User,
    report: Report,
    wanted: Mapping[calculation.CellKey, tuple[CellInput, str]],
    existing: Mapping[calculation.CellKey, StoredCell],
) -> int:
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
        _audit(actor, Action.REPORT_CELLS, report, report, changes=changes)
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
        columns: list[list[object]] = [list(col) for col in zip(*rows, strict=True)] or [[]] * 5
        cursor.execute(
            f"UPDATE {table} AS c SET value = v.value, mode = v.mode, origin = v.origin, "
            "source = v.source FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], "
            "%s::bigint[]) AS v(value, mode, origin, source, id) WHERE c.id = v.id",
            columns,
        )


def _unchanged(cell: StoredCell | None, text: str, entry: CellInput) -> bool:
    """The entry says what is stored (an empty entry where nothing is stored, too). A computed
    value posted back as it is stays the engine's (origin 自动计算)."""
    if cell is None:
        return text == ""
    mode = entry.mode if text else ""
    return (cell.value, cell.mode, cell.source) == (text, mode, entry.source)


def _label(place: calculation.CellKey) -> str:
    unit, table, fuel, key, month = place
    return f"{unit or 'plant'}/{table}/{fuel or '-'}/{key}/{month}"
