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

from tanhe.inputs import parse_id

from .display import TestBlock, TestRowView
from .forms import TEST_LABELS
from .models import Accreditation, Mode, Origin, TestMethod
from .services import TEST_FIELDS, CellInput, DailyInput, DeterminationInput, HeatInput
from .table_display import TableView


# -- a number table -------------------------------------------------------------------------------
def table_entries(
    view: TableView, post: Mapping[str, str]
) -> tuple[list[CellInput], dict[str, str], dict[str, str]]:
    """The entries a posted table changes (unchanged cells are not sent: a value 自动计算 filled
    stays the engine's), and what was typed, to show again if the save is refused."""
    entries: list[CellInput] = []
    typed: dict[str, str] = {}
    modes: dict[str, str] = {}
    for cell in view.cells():
        if not cell.editable or cell.name not in post:
            continue
        raw = post.get(cell.name, "")
        typed[cell.name] = raw
        stored = cell.cell
        old_value = stored.value if stored else ""
        old_mode = stored.mode if stored else ""
        if cell.mode_select:
            mode = post.get(cell.mode_name, "") or Mode.MEASURED
            modes[cell.name] = mode
        else:
            mode = old_mode or (Mode.CALCULATED if cell.grey else Mode.MEASURED)
        text = raw.strip()
        if text == old_value and (not text or mode == old_mode):
            continue
        if (
            cell.mode_select
            and stored is not None
            and stored.origin == Origin.AUTO
            and text != old_value
            and mode == old_mode
        ):
            mode = Mode.MEASURED  # typed over a value 自动计算 filled: the enterprise's own
        entries.append(
            CellInput(
                unit=cell.unit,
                table=cell.table,
                fuel=cell.fuel,
                key=cell.key,
                month=cell.month,
                value=raw,
                mode=mode,
                source=stored.source if stored else "",
            )
        )
    return entries, typed, modes


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
HEAT_FIELDS = ("kind", "label", "mass_t", "enthalpy_kj_per_kg", "temperature_c")
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
                              values["temperature_c"], values["label"]))  # fmt: skip
    return rows, typed


# -- 确定方式表 ---------------------------------------------------------------------------------
TEST_MAX = {
    "device": 100,
    "frequency": 40,
    "calibration_frequency": 40,
    "standard": 100,
    "laboratory": 200,
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
