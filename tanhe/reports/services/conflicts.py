"""One value, one way, asked at save: a save that would leave a month giving one value in two
ways (收到基元素碳含量 typed beside 空气干燥基元素碳含量, or beside daily records carrying carbon)
is refused before anything is stored, with every cell involved marked. The rule is the engine's
(:mod:`tanhe.accounting.sources`); this module only says which inputs a month of the report
would give after the save — as :func:`..calculation.document_from_rows` hands them to the
engine: entries of the enterprise's (not values 自动计算 filled), a fuel month of daily records
taking its consumption, NCV, carbon and state from them, a month's 供热量 from its 供热计量.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tanhe.accounting import sources
from tanhe.accounting.report_form import ROW_BY_KEY, Table

from .. import calculation
from ..models import Origin, Report
from ..places import DAILY_KEYS, PlaceRules
from ..problems import Problem, conflict_problem
from ..selectors import StoredCell

MonthKey = tuple[int | None, str, str, int]  # unit id, table, fuel, month
RULES: dict[str, tuple[sources.Alternatives, ...]] = {
    Table.FUEL.value: sources.FUEL_MONTH,
    Table.PRODUCTION.value: sources.PRODUCTION_MONTH,
}
# the inputs a rule names that are rows of the form (the others are records: daily, 供热计量)
WAY_ROWS = frozenset(
    (t, w) for t, rules in RULES.items() for r in rules for w in r.ways
    if (Table(t), w) in ROW_BY_KEY
)  # fmt: skip


def conflict_problems(
    report: Report,
    changed: Mapping[calculation.CellKey, str],
    existing: Mapping[calculation.CellKey, StoredCell],
    rules: PlaceRules,
) -> list[Problem]:
    """The conflicts the months ``changed`` touches (place → the text to store, "" clearing)
    would have after the save. A month's conflict the save does not touch (stored before this
    rule) is left to 自动计算 to name, so that an unrelated save goes through."""
    touched = sorted(
        {(u, t, f, m) for (u, t, f, k, m) in changed if (t, k) in WAY_ROWS},
        key=lambda x: (x[0] or 0, x[1], x[2], x[3]),
    )
    if not touched:
        return []
    carbon_days = _daily_carbon(report, [(u, f, m) for (u, t, f, m) in touched if t == "fuel"])
    problems = []
    for u, table, fuel, month in touched:
        present = set()
        for t, key in WAY_ROWS:
            place = (u, t, fuel, key, month)
            if t == table and _entered(changed.get(place), existing.get(place)):
                present.add(key)
        if table == Table.FUEL and u is not None and (u, fuel, month) in rules.daily:
            present -= DAILY_KEYS  # the records give them (the cells are not read)
            if (u, fuel, month) in carbon_days:
                present.add(sources.DAILY)
        if table == Table.PRODUCTION and u is not None and (u, month) in rules.heat:
            present.discard("heat_gj")
            present.add(sources.FLOWS)
        for c in sources.conflicts(RULES[table], present):
            problems.append(_problem(u, table, fuel, month, c))
    return problems


def _entered(text: str | None, cell: StoredCell | None) -> bool:
    """Whether the place holds an entry of the enterprise's after the save."""
    if text is not None:
        return bool(text)
    return cell is not None and bool(cell.value) and cell.origin == Origin.USER


def _daily_carbon(
    report: Report, months: Iterable[tuple[int | None, str, int]]
) -> set[tuple[int | None, str, int]]:
    """The fuel months among ``months`` whose daily records carry a carbon content."""
    wanted = set(months)
    if not wanted:
        return set()
    rows = report.daily_records.exclude(carbon_content="").values_list("unit_id", "fuel", "day")
    found: set[tuple[int | None, str, int]] = {(u, f, d.month) for u, f, d in rows}
    return found & wanted


def _problem(
    unit: int | None, table: str, fuel: str, month: int, conflict: sources.Conflict
) -> Problem:
    return conflict_problem(unit, table, fuel, month, conflict.alternatives.value, conflict.given)


def month_conflicts(
    report: Report,
    unit: int,
    fuel: str,
    month: int,
    *,
    daily_carbon: bool,
) -> list[Problem]:
    """The conflicts of one fuel month about to be given by daily records (which carry carbon
    when ``daily_carbon``): its consumption, NCV, carbon and state cells are then not read."""
    existing = {
        calculation.cell_key(c): StoredCell(c.pk, c.value, c.mode, c.origin, c.source)
        for c in report.cells.filter(unit_id=unit, table=Table.FUEL, fuel=fuel, month=month)
    }
    present = {
        k for (u, t, f, k, m), cell in existing.items()
        if ("fuel", k) in WAY_ROWS and _entered(None, cell) and k not in DAILY_KEYS
    }  # fmt: skip
    if daily_carbon:
        present.add(sources.DAILY)
    return [
        _problem(unit, "fuel", fuel, month, c)
        for c in sources.conflicts(sources.FUEL_MONTH, present)
    ]
