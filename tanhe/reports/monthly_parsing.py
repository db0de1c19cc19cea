"""Reading the monthly page's form: which rows the user changed (value, 数据获取方式, 数据来源), as
the services' entries. Nothing is decided here — ``services.save_cells`` checks and saves; a row
is only flagged so that a refused form shows what was typed where."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from . import services
from .models import Mode
from .monthly_display import SOURCE_MAX, VALUE_MAX, MonthForm, ValueRow
from .problems import Problem


@dataclass
class Parsed:
    entries: list[services.CellInput]
    problems: list[Problem]


def parse_post(form: MonthForm, data: Mapping[str, str]) -> Parsed:
    """The rows whose value, mode or source the user changed, as the service's entries; the
    posted text is kept on each row (so that a refused form shows what was typed)."""
    entries: list[services.CellInput] = []
    problems: list[Problem] = []
    for r in form.rows:
        if f"v.{r.id}" not in data or r.lock:
            continue
        value = data.get(f"v.{r.id}", "").strip()
        mode = data.get(f"m.{r.id}", "").strip() if not r.is_state else Mode.MEASURED
        source = data.get(f"s.{r.id}", "").strip() if not r.is_state else ""
        r.value, r.source = value, source
        r.mode = mode if not r.is_state else ""
        if problem := _too_long(r, value, source):
            problems.append(problem)
            continue
        old_value, old_mode, old_source = r.current()
        if value == "":
            if old_value == "" and source:
                problems.append(Problem("source_without_value", r.place))
            if old_value == "":
                continue
        elif r.is_state:
            if value == old_value:
                continue
        elif (value, mode, source) == (old_value, old_mode, old_source):
            continue
        entries.append(
            services.CellInput(r.unit, r.table, r.fuel, r.key, form.month, value, mode, source)
        )
    mark_errors(form, {place.name for p in problems for place in p.places})
    return Parsed(entries, problems)


def _too_long(r: ValueRow, value: str, source: str) -> Problem | None:
    if len(value) > VALUE_MAX:
        return Problem("value_too_long", r.place, params={"max": VALUE_MAX})
    if len(source) > SOURCE_MAX:
        return Problem("source_too_long", r.place, params={"max": SOURCE_MAX})
    return None


def mark_errors(form: MonthForm, places: set[str]) -> None:
    """Flag the rows whose places the problems concern (``Place.name``)."""
    for r in form.rows:
        if r.place.name in places:
            r.error = True
