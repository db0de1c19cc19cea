"""What the editor's grids post, read into the plain values the services take: the cells of a
number table (only those changed), the changed rows of the 确定方式表, a month of daily records
and a month's 供热计量 rows. What was typed is returned too, to show again when the service
refuses it. The rules (decimals, ranges, locks) are the services'; only what cannot be read at
all (a date that is no date, a choice that is none) is refused here.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from tanhe.accounting.report_form import MONTHS, STATE_KEY, Entry, Row, Table
from tanhe.accounting.report_form import ROW_BY_KEY as FORM_ROWS
from tanhe.inputs import parse_id
from tanhe.plans.models import PlanUnit
from tanhe.reports.models import STEAM_BALANCE_FIELDS

from . import selectors
from .display import TestBlock, TestRowView
from .forms import TEST_LABELS
from .models import Accreditation, Mode, Origin, Report, TestMethod
from .services import TEST_FIELDS, CellInput, DailyInput, DeterminationInput, HeatInput


# -- a number table -------------------------------------------------------------------------------
def table_entries(
    report: Report, table: Table, post: Mapping[str, str]
) -> tuple[list[CellInput], dict[str, str], dict[str, str]]:
    """The entries a posted table changes (unchanged cells are not sent: a value 自动计算 filled
    stays the engine's), and what was typed, to show again if the save is refused.

    Read from the posted names (``v:<unit|plant>:<fuel|_>:<key>:<month>``, as the grid names its
    inputs) against the stored cells, not from the page's table: whether a place may be typed is
    the service's rule (:mod:`.places`), and a locked cell has no input to post. A name the grid
    never writes (no such unit, row or month) is not an entry."""
    units = selectors.plan_units(report)
    stored = selectors.stored_cells(report, [table])
    entries: list[CellInput] = []
    typed: dict[str, str] = {}
    modes: dict[str, str] = {}
    for name, raw in post.items():
        place = _cell_place(name, table, units)
        if place is None:
            continue
        unit, fuel, row, month = place
        typed[name] = raw
        cell = stored.get((unit.pk if unit else None, table.value, fuel, _key(row), month))
        old_value, old_mode = (cell.value, cell.mode) if cell else ("", "")
        posted_mode = post.get("m" + name[1:], "")
        if posted_mode:
            modes[name] = posted_mode
        computed = row is not None and row.entry == Entry.COMPUTED
        grey = computed or (cell is not None and cell.origin == Origin.AUTO)
        mode = posted_mode or old_mode or (Mode.CALCULATED if grey else Mode.MEASURED)
        text = raw.strip()
        if text == old_value and (not text or mode == old_mode):
            continue
        if posted_mode and cell is not None and cell.origin == Origin.AUTO and text != old_value \
                and mode == old_mode:  # fmt: skip
            mode = Mode.MEASURED  # typed over a value 自动计算 filled: the enterprise's own
        entries.append(CellInput(unit=unit, table=table.value, fuel=fuel, key=_key(row),
                                 month=month, value=raw, mode=mode,
                                 source=cell.source if cell else ""))  # fmt: skip
    return entries, typed, modes


def _key(row: Row | None) -> str:
    return row.key if row is not None else STATE_KEY


def _cell_place(
    name: str, table: Table, units: Mapping[int, PlanUnit]
) -> tuple[PlanUnit | None, str, Row | None, int] | None:
    """(unit, fuel, row — ``None`` for the fuel's state —, month) of a posted cell's name."""
    parts = name.split(":")
    if len(parts) != 5 or parts[0] != "v":
        return None
    _v, unit_part, fuel_part, key, month_part = parts
    month = parse_id(month_part)
    if month not in MONTHS:
        return None
    unit = None if unit_part == "plant" else units.get(parse_id(unit_part) or 0)
    if unit is None and unit_part != "plant":
        return None
    row = FORM_ROWS.get((table, key))
    if row is None and not (table == Table.FUEL and key == STATE_KEY):
        return None
    return unit, "" if fuel_part == "_" else fuel_part, row, month


# -- daily records --------------------------------------------------------------------------------
def month_days(year: int, month: int) -> list[date]:
    return [date(year, month, d) for d in range(1, monthrange(year, month)[1] + 1)]


def daily_rows(
    post: Mapping[str, str], year: int, month: int
) -> tuple[list[DailyInput], dict[str, str]]:
    """The month's days as posted: a day with nothing typed is no record. The typed values are
    returned too, to show again when the service refuses them."""
    state = post.get("state", "fired")
    rows: list[DailyInput] = []
    typed: dict[str, str] = {"state": state}
    for day in month_days(year, month):
        values = {k: post.get(f"d{day.day}-{k}", "") for k in ("quantity", "ncv", "carbon")}
        typed.update({f"d{day.day}-{k}": v for k, v in values.items()})
        if not any(v.strip() for v in values.values()):
            continue
        rows.append(DailyInput(day, values["quantity"], values["ncv"], values["carbon"], state))
    return rows, typed


# -- 供热计量 --------------------------------------------------------------------------------------
HEAT_FIELDS = ("kind", "label", "mass_t", "enthalpy_kj_per_kg", "temperature_c",
               *STEAM_BALANCE_FIELDS)  # fmt: skip
HEAT_ROWS_MAX = 50


def heat_rows(post: Mapping[str, str]) -> tuple[list[HeatInput], list[dict[str, str]]]:
    """The rows as posted (a row with no mass and no value typed is no measurement)."""
    rows, typed = [], []
    count = parse_id(post.get("rows", "0")) or 0
    for i in range(1, min(count, HEAT_ROWS_MAX) + 1):
        values = {f: str(post.get(f"r{i}-{f}", "")) for f in HEAT_FIELDS}
        typed.append(values)
        if not any(values[f].strip() for f in ("mass_t", "enthalpy_kj_per_kg", "temperature_c")):
            continue
        rows.append(HeatInput(values["kind"], values["mass_t"], values["enthalpy_kj_per_kg"],
                              values["temperature_c"], values["label"],
                              **{k: values[k] for k in STEAM_BALANCE_FIELDS}))  # fmt: skip
    return rows, typed


# -- 确定方式表 ---------------------------------------------------------------------------------
TEST_MAX = {
    "device": 100,
    "frequency": 40,
    "calibration_frequency": 40,
    "standard": 100,
    "laboratory": 200,
    "report_number": 60,
}


def test_changes(
    blocks: list[TestBlock], post: Mapping[str, str]
) -> tuple[list[tuple[TestRowView, DeterminationInput]], dict[str, str], list[str]]:
    """Rows of the 确定方式表 whose posted fields differ from what is stored, each with its
    service input; the typed values; and the problems of fields that cannot be read (named by
    row and field; the row is marked)."""
    changes = []
    typed: dict[str, str] = {}
    problems: list[str] = []
    for block in blocks:
        for row in block.rows:
            data: dict[str, Any] = {}
            changed = False
            for f in TEST_FIELDS:
                name = row.name(f)
                if name not in post:
                    continue
                raw = post.get(name, "").strip()
                typed[name] = raw
                if raw == row.values.get(f, ""):
                    continue
                changed = True
                data[f] = raw
            if not changed:
                continue
            row_problems = _clean_test(row, data)
            if row_problems:
                problems += row_problems
                row.error = "；".join(row_problems)
            else:
                place = (row.unit, row.fuel, row.parameter, row.month)
                changes.append((row, DeterminationInput(*place, data)))
    return changes, typed, problems


def _clean_test(row: TestRowView, data: dict[str, Any]) -> list[str]:
    """Read the row's dates (in place) and check its choices and lengths: the problems."""
    problems = []
    for f, raw in list(data.items()):
        words = {"where": row.where, "field": TEST_LABELS[f], "value": raw, "max": TEST_MAX.get(f)}
        if f in ("sampled_on", "reported_on"):
            try:
                data[f] = date.fromisoformat(raw) if raw else None
            except ValueError:
                message = _("%(where)s %(field)s：“%(value)s”不是有效日期（格式如 2023-03-05）")
                problems.append(message % words)
        elif f == "method" and raw not in ("", *TestMethod.values):
            problems.append(_("%(where)s %(field)s：请选择自行检测或委托检测") % words)
        elif f == "accreditation" and raw not in ("", *Accreditation.values):
            problems.append(_("%(where)s %(field)s：请选择 CMA、CNAS 或无") % words)
        elif f in TEST_MAX and len(raw) > TEST_MAX[f]:
            problems.append(_("%(where)s %(field)s：不能超过 %(max)s 个字") % words)
    return problems
