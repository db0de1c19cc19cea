"""The three number tables of the report (燃料信息表, 购入使用电量表, 生产数据表) as the pages show
them: blocks of a unit and fuel, rows of twelve month cells (value, mode, grey or white, editable
or why not), the links to daily records and 供热计量, and the numbered sources of default values.

Reads only: the numbers come from ``selectors`` and ``calculation`` (the engine); which place may
be typed is ``places``' rule (through ``selectors.place_rules``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounting.params import STATUS_ZH
from tanhe.accounting.report_form import MONTHS, STATE_KEY, Entry, Row, Table, form_decimals
from tanhe.accounting.report_form import ROW_BY_KEY as FORM_ROWS
from tanhe.accounting.results import PlantYearResult
from tanhe.accounting.trace import Step
from tanhe.plans.models import PlanUnit

from . import selectors
from .labels import (
    fuel_name,
    listed,
    mode_label,
    month_label,
    row_label,
    state_label,
    table_label,
)
from .models import FuelState, Mode, MonthFiling, Origin, Report, ReportCell
from .places import Lock, Place
from .problems import Problem, lock_note, place_words, text
from .selectors import GridBlock, GridRow

STATE_CHOICES = (("", "—"), *FuelState.choices)


def decimals(report: Report) -> dict[str, int]:
    """Decimals of each rounding field of the form in the report's year (填表说明)."""
    return form_decimals(report.year)


@dataclass
class CellView:
    unit: PlanUnit | None
    table: str
    fuel: str
    key: str
    month: int
    cell: ReportCell | None
    value: str  # what the input shows (the typed text after a refused save)
    mode: str
    editable: bool
    grey: bool  # a value 自动计算 fills (灰色单元格)
    edited: bool = False  # a computed value changed by hand
    note: str = ""  # why the cell cannot be edited
    error: bool = False
    mode_select: bool = False
    is_state: bool = False
    footnote: int | None = None  # the default value's source, listed under the table
    comments: list[Any] = field(default_factory=list)  # the authority's (review_places.mark)

    @property
    def name(self) -> str:
        unit = self.unit.pk if self.unit else "plant"
        return f"v:{unit}:{self.fuel or '_'}:{self.key}:{self.month}"

    @property
    def mode_name(self) -> str:
        return "m" + self.name[1:]

    @property
    def place(self) -> Place:
        return Place(self.unit.pk if self.unit else None, self.table, self.fuel, self.key,
                     self.month)  # fmt: skip

    @property
    def where(self) -> str:
        """The place in words (the input's accessible name)."""
        return place_words(self.place, {self.unit.pk: self.unit.name} if self.unit else {})

    @property
    def month_anchor(self) -> str:
        """The value's row on its month's 存证 page (the review page links each number there)."""
        from .review_links import row_anchor

        return row_anchor(self.unit.pk if self.unit else None, self.table, self.fuel, self.key)

    @property
    def mode_text(self) -> str:
        return mode_label(self.mode)

    @property
    def state_text(self) -> str:
        return state_label(self.value)

    @property
    def is_default(self) -> bool:
        return self.mode == Mode.DEFAULT and bool(self.value)


@dataclass
class RowView:
    row: Row
    label: str
    unit_label: str
    places: int | None
    cells: list[CellView]
    annual: str = ""
    annual_note: str = ""  # why the 全年 column is blank while the months hold values
    comments: list[Any] = field(default_factory=list)  # on the whole row (review_places.mark)

    @property
    def computed(self) -> bool:
        return self.row.entry == Entry.COMPUTED


@dataclass
class DailyLink:
    month: int
    url: str
    count: int


@dataclass
class Footnote:
    number: int
    label: str
    months: list[int]
    source: str

    @property
    def months_text(self) -> str:
        if len(self.months) == len(MONTHS):
            return str(_("1–12月"))
        return listed(month_label(m) for m in self.months)


@dataclass
class BlockView:
    unit: PlanUnit | None
    fuel: str
    title: str
    rows: list[RowView] = field(default_factory=list)
    states: list[CellView] = field(default_factory=list)
    daily: list[DailyLink] = field(default_factory=list)
    heat: list[DailyLink] = field(default_factory=list)  # 生产数据表: 供热计量 per month
    footnotes: list[Footnote] = field(default_factory=list)
    plant: bool = False
    comments: list[Any] = field(default_factory=list)  # on the block (review_places.mark)

    @property
    def anchor(self) -> str:
        return f"block-{self.unit.pk if self.unit else 'plant'}-{self.fuel or 'all'}"


@dataclass
class MonthHead:
    month: int
    filing: MonthFiling | None


@dataclass(frozen=True)
class Allocation:
    """A fuel the 燃料信息表 may give for the plant and allocate over the units by their
    generation (seed 000 机组信息 说明 c), and whether it does."""

    fuel: str
    name: str
    allocated: bool
    units: str  # the units that list it (the allocation is split over them)


@dataclass
class TableView:
    table: Table
    months: list[MonthHead]
    blocks: list[BlockView]
    editable: bool
    allocations: list[Allocation] = field(default_factory=list)  # 燃料信息表 only

    @property
    def label(self) -> str:
        return table_label(self.table)

    @property
    def allocated(self) -> list[Allocation]:
        return [a for a in self.allocations if a.allocated]

    def cells(self) -> Iterable[CellView]:
        for block in self.blocks:
            yield from block.states
            for row in block.rows:
                yield from row.cells

    @property
    def bad_count(self) -> int:
        return sum(1 for c in self.cells() if c.error)


def default_sources(result: PlantYearResult | None) -> dict[tuple[str, str, int, str], str]:
    """(unit name, fuel, month, row key) → the document a default value comes from, read from
    the engine's steps (their notes name the document) and its parameter list."""
    out: dict[tuple[str, str, int, str], str] = {}
    if result is None:
        return out
    step_keys = {"ncv_default": "ncv", "unit_heat_carbon_default": "unit_heat_carbon"}
    grid = next((p for p in result.parameters if p.name == "grid_emission_factor"), None)
    for unit in result.units:
        for fuel in unit.fuels:
            for m in fuel.months:
                for step in m.steps:
                    _note_of(step, step_keys, out, (unit.code, fuel.fuel, m.month))
        if grid is not None:
            for e in unit.electricity.months:
                out[(unit.code, "", e.month, "grid_emission_factor")] = grid.document
    return out


def _note_of(
    step: Step,
    step_keys: Mapping[str, str],
    out: dict[tuple[str, str, int, str], str],
    place: tuple[str, str, int],
) -> None:
    if not step.note:
        return
    if step.quantity in step_keys:
        out[(*place, step_keys[step.quantity])] = source_words(step.note.split("：", 1)[-1])
    elif step.note.startswith("碳氧化率："):
        out[(*place, "oxidation_rate_pct")] = source_words(step.note.split("：", 1)[-1])


def source_words(source: str) -> str:
    """The engine's "document（已核实）": the document's title is data (kept as cited), the
    status after it is the page's own words — in English " (Confirmed)"."""
    if (get_language() or "zh-hans").startswith("zh"):
        return source
    for status in STATUS_ZH.values():
        if source.endswith(f"（{status}）"):
            label = gettext(status)  # catalogued by tanhe/calculator/display.py (gettext_noop)
            return f"{source[: -len(status) - 2]} ({label})"
    return source


def table_view(
    report: Report,
    table: Table,
    *,
    result: PlantYearResult | None,
    sealed: Mapping[int, MonthFiling],
    typed: Mapping[str, str] | None = None,
    typed_modes: Mapping[str, str] | None = None,
    error_places: Iterable[str] = (),
    editable: bool | None = None,
    blocking: Sequence[Problem] = (),
) -> TableView:
    """One of the three number tables as the page shows it (and as a save reads it back).
    ``typed`` / ``typed_modes``: what a refused save posted (by cell name), shown again;
    ``error_places``: the names of the places its problems concern; ``blocking``: the engine's
    problems that leave ``result`` empty (each blank 全年 says why)."""
    editable = (not report.is_frozen) if editable is None else editable
    cells = _Cells(report, table, frozenset(sealed), editable, typed or {}, typed_modes or {},
                   frozenset(error_places))  # fmt: skip
    sources = default_sources(result)
    counts = _record_counts(report, table)
    blocks: list[BlockView] = []
    for block in selectors.grid(report, table, result):
        view = _block(report, table, block, cells, counts)
        _footnotes(view, sources, start=sum(len(b.footnotes) for b in blocks) + 1)
        blocks.append(view)
    if table == Table.ELECTRICITY and report.split_purchased_electricity:
        blocks.insert(0, _plant_electricity(report, cells))
    allocations: list[Allocation] = []
    if table == Table.FUEL:
        allocated = selectors.allocated_fuels(report)
        blocks[:0] = [_plant_fuel(report, fuel, cells) for fuel in allocated]
        allocations = [
            Allocation(fuel, fuel_name(fuel), fuel in allocated,
                       listed(u.name for u in selectors.units_listing(report, fuel)))
            for fuel in selectors.allocation_candidates(report)
        ]  # fmt: skip
    months = [MonthHead(m, sealed.get(m)) for m in MONTHS]
    if result is None and blocking:
        _annual_notes(table, blocks, blocking, selectors.unit_names(report))
    return TableView(table, months, blocks, editable, allocations)


def _annual_notes(
    table: Table, blocks: Iterable[BlockView], blocking: Sequence[Problem], names: Mapping[int, str]
) -> None:
    """The 全年 of a weighted or computed row is the engine's: while the engine cannot compute,
    it is blank, and says why — the block's own problem, else the first one elsewhere."""
    for block in blocks:
        if block.unit is None:
            continue
        own = [
            p for p in blocking
            if p.place is not None and (p.place.unit, p.place.table, p.place.fuel)
            == (block.unit.pk, table.value, block.fuel)
        ]  # fmt: skip
        first = (own or list(blocking))[0]
        words = {"reason": text(first, names), "n": len(own or blocking) - 1}
        if words["n"]:
            note = _("全年值无法计算：%(reason)s（另有 %(n)s 个问题，见自动计算）") % words
        else:
            note = _("全年值无法计算：%(reason)s") % words
        for row in block.rows:
            if row.annual or row.row.annual not in ("weighted", "engine"):
                continue
            if any(c.cell is not None and c.cell.value for c in row.cells):
                row.annual_note = str(note)


class _Cells:
    """Makes the cells of one table: grey or white, editable or why not, as typed after a
    refused save, marked when a problem concerns them."""

    def __init__(
        self,
        report: Report,
        table: Table,
        sealed: frozenset[int],
        editable: bool,
        typed: Mapping[str, str],
        typed_modes: Mapping[str, str],
        errors: frozenset[str],
    ) -> None:
        self.table, self.editable = table, editable
        self.typed, self.typed_modes, self.errors = typed, typed_modes, errors
        self.rules = selectors.place_rules(report, sealed)
        self.decimals = decimals(report)

    def cell(
        self, unit: PlanUnit | None, fuel: str, row: Row | None, month: int, cell: ReportCell | None
    ) -> CellView:
        """One month of ``row`` (``None``: the fuel's state)."""
        entry = row.entry if row else Entry.INPUT
        view = CellView(
            unit=unit,
            table=self.table.value,
            fuel=fuel,
            key=row.key if row else STATE_KEY,
            month=month,
            cell=cell,
            value=cell.value if cell else "",
            mode=cell.mode if cell else "",
            editable=self.editable,
            grey=entry == Entry.COMPUTED or (cell is not None and cell.origin == Origin.AUTO),
            edited=entry == Entry.COMPUTED and cell is not None and cell.origin == Origin.USER,
            is_state=row is None,
        )
        if self.editable and (lock := self.rules.lock(view.place)):
            view.editable, view.note = False, lock_note(lock)
            view.grey = view.grey or lock in (Lock.HEAT, Lock.MERGED_HOURS, Lock.ALLOCATED)
        view.mode_select = view.editable and row is not None and entry != Entry.COMPUTED
        view.mode_select = view.mode_select and not (row is not None and row.optional)
        if view.editable and view.name in self.typed:
            view.value = self.typed[view.name]
            view.mode = self.typed_modes.get(view.name, view.mode)
        if view.mode_select and not view.mode:
            view.mode = Mode.MEASURED
        view.error = view.place.name in self.errors
        return view

    def row(
        self, unit: PlanUnit | None, fuel: str, grid_row: GridRow, label: str, places_key: str
    ) -> RowView:
        """A row of twelve months (``grid_row``: a row of ``selectors.grid``)."""
        cells = [
            self.cell(unit, fuel, grid_row.row, m, c)
            for m, c in zip(MONTHS, grid_row.cells, strict=True)
        ]
        places = self.decimals.get(places_key) if places_key else None
        return RowView(grid_row.row, label, grid_row.unit_label, places, cells, grid_row.annual)


def _record_counts(report: Report, table: Table) -> Counter[tuple[int, str, int]]:
    """How many daily records (燃料信息表) or 供热计量 rows (生产数据表) each unit, fuel ("" for
    heat) and month has."""
    if table == Table.FUEL:
        days = report.daily_records.values_list("unit_id", "fuel", "day")
        return Counter((unit, fuel, day.month) for unit, fuel, day in days)
    if table == Table.PRODUCTION:
        heat = report.heat_measurements.values_list("unit_id", "month")
        return Counter((unit, "", month) for unit, month in heat)
    return Counter()


def _block(
    report: Report,
    table: Table,
    block: GridBlock,
    cells: _Cells,
    counts: Counter[tuple[int, str, int]],
) -> BlockView:
    """A unit's block (and fuel's, in the 燃料信息表), with its links to daily records and
    供热计量 and, in a 合并填报 row, its members' running hours."""
    title = block.unit.name
    if fuel_catalogue().get(block.fuel):
        title = f"{block.unit.name} {fuel_name(block.fuel)}"
    view = BlockView(block.unit, block.fuel, title)
    for grid_row in block.rows:
        label, rounding = row_label(grid_row.row), grid_row.row.rounding or ""
        view.rows.append(cells.row(block.unit, block.fuel, grid_row, label, rounding))
    for member, grid_row in block.member_hours:
        words = {"row": row_label(grid_row.row), "unit": member.name}
        label = str(_("%(row)s（成员 %(unit)s）") % words)
        view.rows.append(cells.row(member, "", grid_row, label, "running_hours"))
    unit = block.unit.pk
    if table == Table.PRODUCTION:
        view.heat = [
            DailyLink(m, reverse("reports:heat", args=[report.pk, unit, m]), counts[unit, "", m])
            for m in MONTHS
        ]
    if table == Table.FUEL and not block.biomass:
        view.states = [
            cells.cell(block.unit, block.fuel, None, m, c)
            for m, c in zip(MONTHS, block.states, strict=True)
        ]
        args = (report.pk, unit, block.fuel)
        view.daily = [
            DailyLink(m, reverse("reports:daily", args=[*args, m]), counts[unit, block.fuel, m])
            for m in MONTHS
        ]
    return view


def _plant_electricity(report: Report, cells: _Cells) -> BlockView:
    """全厂: the plant's purchased electricity, when it is split over the units."""
    row = FORM_ROWS[(Table.ELECTRICITY, "mwh")]
    plant_cells = selectors.plant_electricity(report)
    months = [cells.cell(None, "", row, m, c) for m, c in zip(MONTHS, plant_cells, strict=True)]
    plant = BlockView(None, "", str(_("全厂（外购电量按机组数目平分）")), plant=True)
    places = cells.decimals.get(row.rounding or "")
    plant.rows.append(
        RowView(row, str(_("外购电量")), row.unit_for(), places, months, _plain_sum(months))
    )
    return plant


def _plant_fuel(report: Report, fuel: str, cells: _Cells) -> BlockView:
    """全厂: the plant's consumption of an auxiliary fuel allocated over the units by their
    generation (seed 000 机组信息 说明 c)."""
    row = FORM_ROWS[(Table.FUEL, "consumption")]
    plant_cells = selectors.plant_fuel(report, fuel)
    months = [cells.cell(None, fuel, row, m, c) for m, c in zip(MONTHS, plant_cells, strict=True)]
    title = _("全厂 %(fuel)s（按机组发电量分配）") % {"fuel": fuel_name(fuel)}
    plant = BlockView(None, fuel, str(title), plant=True)
    places = cells.decimals.get(row.rounding or "")
    known = fuel_catalogue().get(fuel)
    plant.rows.append(RowView(row, row_label(row), row.unit_for(known), places, months,
                              _plain_sum(months)))  # fmt: skip
    return plant


def _plain_sum(cells: list[CellView]) -> str:
    total, seen = Decimal(0), False
    for c in cells:
        if c.cell is not None and c.cell.value:
            try:
                total += Decimal(c.cell.value)
                seen = True
            except InvalidOperation:
                continue
    return format(total, "f") if seen else ""


def _footnotes(
    block: BlockView, sources: Mapping[tuple[str, str, int, str], str], *, start: int
) -> None:
    """Number the sources of the block's default values: one note per row and document."""
    if block.unit is None:
        return
    notes: dict[tuple[str, str], Footnote] = {}
    for row in block.rows:
        for cell in row.cells:
            if not cell.is_default:
                continue
            source = sources.get((block.unit.name, block.fuel, cell.month, row.row.key))
            if not source:
                continue
            note = notes.get((row.row.key, source))
            if note is None:
                note = Footnote(start + len(notes), row.label, [], source)
                notes[(row.row.key, source)] = note
            note.months.append(cell.month)
            cell.footnote = note.number
    block.footnotes = list(notes.values())
