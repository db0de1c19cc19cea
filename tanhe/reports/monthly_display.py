"""Presentation of the monthly 存证 (月度信息化存证) pages: the year's twelve months with their
deadlines, and one month as the national monthly form (its four tabs, value rows with their mode,
source and supporting files). What the form posts is read by :mod:`.monthly_parsing`; the changes
since the last seal and the month's audit trail are :mod:`.monthly_changes` and
:mod:`.monthly_trail`.

No rule lives here: what may be saved, sealed or amended is decided by ``services``; this module
reads and arranges. The date "today" comes from :func:`today` so that tests can fix it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tanhe.accounting.fuels import Fuel, fuel_catalogue
from tanhe.accounting.report_form import ROW_BY_KEY as FORM_ROWS
from tanhe.accounting.report_form import (
    ROWS,
    STATE_KEY,
    Entry,
    Row,
    Table,
    form_decimals,
    rows_for,
)
from tanhe.plans.models import PlanUnit

from . import calculation, selectors, services
from .labels import TEST_PARAMETERS, fuel_name, row_label, state_label, test_parameter
from .models import FilingState, Mode, MonthFiling, Report, ReportCell, TestRecord, ValueEvidence
from .places import Place
from .problems import lock_note, place_words

TABS: tuple[tuple[str, Any], ...] = (
    ("fuel", gettext_lazy("化石燃料燃烧排放")),
    ("electricity", gettext_lazy("购入使用电力排放")),
    ("production", gettext_lazy("生产数据及排放量汇总")),
    ("aux", gettext_lazy("辅助参数")),
)
TAB_KEYS = tuple(k for k, _label in TABS)

# The values 111号 asks to be proven month by month (accounting-rules §10): a row with a non-zero
# value among these and no supporting file is pointed out before sealing (never blocking).
PROOF_EXPECTED: frozenset[tuple[str, str]] = frozenset(
    {
        (Table.FUEL, "consumption"),
        (Table.FUEL, "ncv"),
        (Table.FUEL, "carbon_content"),
        (Table.ELECTRICITY, "mwh"),
        (Table.PRODUCTION, "generation_mwh"),
        (Table.PRODUCTION, "supply_mwh"),
        (Table.PRODUCTION, "heat_gj"),
        (Table.PRODUCTION, "running_hours"),
        (Table.PRODUCTION, "load_factor_pct"),
    }
)
# 辅助参数 tab: the month's production values that are auxiliary parameters of the report.
AUX_PRODUCTION_KEYS = ("running_hours", "load_factor_pct", "heat_ratio_pct")
SOURCE_MAX = ReportCell._meta.get_field("source").max_length or 200
VALUE_MAX = ReportCell._meta.get_field("value").max_length or 40


def today() -> date:
    """Today in the platform's time zone (tests replace this to fix the date)."""
    return timezone.localdate()


# -- the year's months ----------------------------------------------------------------------------
STATE_LABELS = {
    "open": gettext_lazy("未存证"),
    "overdue": gettext_lazy("逾期未存证"),
    "sealed": gettext_lazy("已存证"),
    "amending": gettext_lazy("修改中"),
    "closed": gettext_lazy("未存证（年报已提交）"),
}


@dataclass
class MonthLine:
    month: int
    deadline: date
    state: str  # open | overdue | sealed | amending | closed (not sealed, the year reported)
    ended: bool  # the month is over (it may be filed)
    days_left: int | None  # for months not filed: days to the deadline (negative: overdue)
    filing: MonthFiling | None
    values: int = 0
    files: int = 0
    emissions: Decimal | None = None
    late_days: int = 0  # first sealed this many days after its deadline (逾期存证)
    reported_on: date | None = None  # the annual report's submission ended the countdown

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def tally(self) -> str:
        """The count the month adds to (the page's totals): a closed month is still open."""
        return "open" if self.state == "closed" else self.state

    @property
    def late_label(self) -> str:
        if not self.late_days:
            return ""
        return ngettext(
            "逾期存证（晚于截止日 %(n)s 天）", "逾期存证（晚于截止日 %(n)s 天）", self.late_days
        ) % {"n": self.late_days}

    @property
    def countdown(self) -> str:
        if self.days_left is None:
            return ""
        if self.days_left >= 0:
            return _("剩余 %(n)s 天") % {"n": self.days_left}
        return _("已逾期 %(n)s 天") % {"n": -self.days_left}


def deadline(report: Report, month: int) -> date:
    return services.filing_deadline(report.year, month, settings.MONTH_FILING_DAYS)


def month_ended(year: int, month: int, on: date) -> bool:
    return (year, month) < (on.year, on.month)


def ended_q(on: date) -> Q:
    """``month_ended`` as a filter on rows with ``year`` and ``month`` (the same rule in SQL)."""
    return Q(year__lt=on.year) | Q(year=on.year, month__lt=on.month)


def filings(report: Report) -> dict[int, MonthFiling]:
    rows = MonthFiling.objects.filter(enterprise=report.enterprise, year=report.year)
    return {f.month: f for f in rows.select_related("sealed_by")}


def month_line(
    report: Report,
    month: int,
    filing: MonthFiling | None,
    on: date,
    *,
    sealed_on: date | None = None,
    reported: date | None = None,
) -> MonthLine:
    """A month's state on day ``on``: ``sealed_on`` its first seal (a late seal is marked),
    ``reported`` the day the annual report was submitted (an unsealed month's countdown stops
    there: no more days overdue are counted)."""
    due = deadline(report, month)
    ended = month_ended(report.year, month, on)
    if filing is not None:
        state = "sealed" if filing.state == FilingState.SEALED else "amending"
        first = sealed_on or timezone.localdate(filing.sealed_at)
        line = MonthLine(month, due, state, ended, None, filing)
        line.late_days = max((first - due).days, 0)
        return line
    if reported is not None:  # the year is reported: no countdown, nothing more overdue
        return MonthLine(month, due, "closed", ended, None, None, reported_on=reported)
    days = (due - on).days
    return MonthLine(month, due, "overdue" if days < 0 else "open", ended, days, filing)


def line_of(report: Report, month: int, on: date) -> MonthLine:
    """One month's line as the month's page shows it."""
    filing = filings(report).get(month)
    sealed_on = selectors.first_sealed({month: filing}).get(month) if filing else None
    return month_line(report, month, filing, on, sealed_on=sealed_on,
                      reported=selectors.reported_on(report))  # fmt: skip


def year_overview(report: Report, on: date) -> list[MonthLine]:
    """The twelve months: state, deadline, countdown, filing, and what each holds."""
    by_month = filings(report)
    sealed_on, reported = selectors.first_sealed(by_month), selectors.reported_on(report)
    lines = [
        month_line(report, m, by_month.get(m), on, sealed_on=sealed_on.get(m), reported=reported)
        for m in range(1, 13)
    ]
    values: dict[int, int] = defaultdict(int)
    emissions: dict[int, Decimal] = defaultdict(Decimal)
    seen: set[int] = set()
    for cell in report.cells.exclude(value=""):
        values[cell.month] += 1
        if cell.key == "emissions_tco2" and cell.decimal is not None:
            emissions[cell.month] += cell.decimal
            seen.add(cell.month)
    files: dict[int, int] = defaultdict(int)
    for m in ValueEvidence.objects.filter(
        enterprise=report.enterprise, year=report.year
    ).values_list("month", flat=True):
        files[m] += 1
    for line in lines:
        line.values, line.files = values[line.month], files[line.month]
        line.emissions = emissions[line.month] if line.month in seen else None
    return lines


# -- one month as the national monthly form -------------------------------------------------------
def row_id(unit: PlanUnit | None, table: str, fuel: str, key: str) -> str:
    """A value row's name in the page's form: ``<unit pk|plant>.<table>.<fuel|->.<key>``."""
    return f"{unit.pk if unit else 'plant'}.{table}.{fuel or '-'}.{key}"


@dataclass
class ValueRow:
    id: str
    unit: PlanUnit | None
    table: str
    fuel: str
    key: str
    label: str
    unit_label: str
    row: Row | None  # None: the fuel's 入炉/入厂 state
    place: Place
    where: str
    cell: ReportCell | None
    value: str = ""
    mode: str = ""
    source: str = ""
    files: list[ValueEvidence] = field(default_factory=list)
    decimals: int | None = None
    error: bool = False
    upload_error: str = ""
    lock: str = ""  # why the value is not typed here (a derived place): its note

    @property
    def html_id(self) -> str:
        return "row-" + self.id.replace(".", "-")

    @property
    def computed(self) -> bool:
        return self.row is not None and self.row.entry == Entry.COMPUTED

    @property
    def auto(self) -> bool:
        return self.cell is not None and self.cell.origin == "auto" and bool(self.cell.value)

    @property
    def is_state(self) -> bool:
        return self.key == STATE_KEY

    @property
    def can_attach(self) -> bool:
        """Files are attached to a unit's row (services.add_value_evidence takes a unit)."""
        return self.unit is not None and not self.is_state

    @property
    def mode_label(self) -> str:
        return str(Mode(self.mode).label) if self.mode in set(Mode) else ""

    @property
    def state_label(self) -> str:
        return state_label(self.value)

    @property
    def default_mode(self) -> str:
        return Mode.CALCULATED if self.computed else Mode.MEASURED

    def current(self) -> tuple[str, str, str]:
        if self.cell is None or not self.cell.value:
            return ("", "", "")
        return (self.cell.value, self.cell.mode, self.cell.source)


@dataclass
class Block:
    title: str
    unit: PlanUnit | None
    fuel: str
    rows: list[ValueRow]
    state: ValueRow | None = None  # fuel blocks: 燃料状态 (入炉/入厂)
    daily: int = 0  # daily 入炉 / batch 入厂 records of the month

    @property
    def anchor(self) -> str:
        return f"block-{self.unit.pk if self.unit else 'plant'}-{self.fuel or 'x'}"


@dataclass
class SummaryLine:
    name: str
    combustion: Decimal | None
    electricity: Decimal | None

    @property
    def total(self) -> Decimal | None:
        if self.combustion is None and self.electricity is None:
            return None
        return (self.combustion or Decimal(0)) + (self.electricity or Decimal(0))


@dataclass
class TestLine:
    unit: str
    fuel: str
    parameter: str
    record: TestRecord

    @property
    def parameter_label(self) -> str:
        key = test_parameter(self.parameter)
        return str(TEST_PARAMETERS.get(key, key))


@dataclass
class MonthForm:
    """One month of the report as the four tabs of the national monthly form."""

    month: int
    tabs: dict[str, list[Block]]
    summary: list[SummaryLine]
    tests: list[TestLine]
    aux: list[ValueRow]

    @property
    def rows(self) -> list[ValueRow]:
        out = []
        for blocks in self.tabs.values():
            for block in blocks:
                if block.state is not None:
                    out.append(block.state)
                out.extend(block.rows)
        return out

    def find(self, rid: str) -> ValueRow | None:
        return next((r for r in self.rows if r.id == rid), None)

    @property
    def values(self) -> int:
        return sum(1 for r in self.rows if r.cell is not None and r.cell.value)

    @property
    def files(self) -> int:
        return sum(len(r.files) for r in self.rows)

    def unproven(self) -> list[ValueRow]:
        """Rows whose non-zero value 111号 expects to be proven and that have no file yet."""
        out = []
        for r in self.rows:
            if (r.table, r.key) not in PROOF_EXPECTED or r.files or r.cell is None:
                continue
            number = r.cell.decimal
            if number is not None and number != 0:
                out.append(r)
        return out


def month_form(report: Report, month: int) -> MonthForm:
    cells = {
        (c.unit_id, c.table, c.fuel, c.key): c
        for c in report.cells.filter(month=month).select_related("unit")
    }
    value_row = _RowMaker(report, month, cells)
    units = calculation.reporting_units(report)
    tabs = _tabs(report, month, units, value_row)
    summary = _summary(units, cells)
    tests = [
        TestLine(t.unit.name, fuel_name(t.fuel), t.parameter, t)
        for t in report.test_records.filter(month=month)
        .select_related("unit")
        .order_by("unit__position", "unit_id", "fuel", "parameter")
    ]
    aux = [
        r
        for block in tabs["production"]
        for r in block.rows
        if r.key in AUX_PRODUCTION_KEYS and block.unit is not None
    ]
    return MonthForm(month, tabs, summary, tests, aux)


class _RowMaker:
    """Makes the month's value rows: each with its cell, files, decimals and lock note."""

    def __init__(
        self,
        report: Report,
        month: int,
        cells: Mapping[tuple[int | None, str, str, str], ReportCell],
    ) -> None:
        self.month = month
        self.cells = cells
        self.files: dict[tuple[str, str, str, str], list[ValueEvidence]] = defaultdict(list)
        for f in (
            ValueEvidence.objects.filter(
                enterprise=report.enterprise, year=report.year, month=month
            )
            .select_related("file", "added_by")
            .order_by("added_at", "id")
        ):
            self.files[(f.unit_name, f.table, f.fuel, f.key)].append(f)
        self.decimals = form_decimals(report.year)
        self.rules = selectors.place_rules(report)

    def __call__(self, unit: PlanUnit | None, table: Table, fuel: str, row: Row | None,
                 unit_label: str) -> ValueRow:  # fmt: skip
        key = row.key if row else STATE_KEY
        place = Place(unit.pk if unit else None, str(table), fuel, key, self.month)
        cell = self.cells.get((unit.pk if unit else None, str(table), fuel, key))
        out = ValueRow(
            id=row_id(unit, table, fuel, key),
            unit=unit,
            table=str(table),
            fuel=fuel,
            key=key,
            label=row_label(row) if row else _("燃料状态"),
            unit_label=unit_label,
            row=row,
            place=place,
            where=place_words(place, {unit.pk: unit.name} if unit else {}),
            cell=cell,
            files=self.files.get((unit.name, str(table), fuel, key), []) if unit else [],
            decimals=self.decimals.get(row.rounding) if row and row.rounding else None,
        )
        out.value, out.mode, out.source = out.current()
        if derived := self.rules.derived(place):
            out.lock = lock_note(derived)
        if not out.mode and not out.is_state:
            out.mode = out.default_mode
        return out


def _tabs(
    report: Report, month: int, units: list[PlanUnit], value_row: _RowMaker
) -> dict[str, list[Block]]:
    """The value tabs: a block per unit and fuel (燃料), per unit (电力, 生产), and the plant's
    purchase first when it is split over the units, the plant's consumption of each auxiliary
    fuel allocated by generation first (seed 000 机组信息 说明 c)."""
    daily: dict[tuple[int, str], int] = defaultdict(int)
    for unit_id, fuel in report.daily_records.filter(day__month=month).values_list(
        "unit_id", "fuel"
    ):
        daily[(unit_id, fuel)] += 1
    tabs: dict[str, list[Block]] = {"fuel": [], "electricity": [], "production": []}
    for unit in units:
        rate_kind = "gas" if unit.unit_type == "gas" else "coal"
        for key in unit.fuel_names:
            fuel: Fuel | None = fuel_catalogue().get(key)
            rows = [
                value_row(unit, Table.FUEL, key, r, r.unit_for(fuel))
                for r in rows_for(Table.FUEL, fuel)
            ]
            biomass = fuel is not None and fuel.is_biomass
            tabs["fuel"].append(
                Block(
                    f"{unit.name} {fuel_name(key)}",
                    unit,
                    key,
                    rows,
                    state=None if biomass else value_row(unit, Table.FUEL, key, None, ""),
                    daily=daily[(unit.pk, key)],
                )
            )
        for table in (Table.ELECTRICITY, Table.PRODUCTION):
            rows = [value_row(unit, table, "", r, r.unit_for(None, rate_kind)) for r in ROWS[table]]
            tabs[str(table)].append(Block(unit.name, unit, "", rows))
    if report.split_purchased_electricity:
        mwh = FORM_ROWS[(Table.ELECTRICITY, "mwh")]
        plant = value_row(None, Table.ELECTRICITY, "", mwh, mwh.unit)
        tabs["electricity"].insert(0, Block(_("全厂（按机组数目平分）"), None, "", [plant]))
    consumption = FORM_ROWS[(Table.FUEL, "consumption")]
    for i, key in enumerate(selectors.allocated_fuels(report)):
        row = value_row(None, Table.FUEL, key, consumption, consumption.unit_for(
            fuel_catalogue().get(key)))  # fmt: skip
        title = _("全厂 %(fuel)s（按机组发电量分配）") % {"fuel": fuel_name(key)}
        tabs["fuel"].insert(i, Block(title, None, key, [row]))
    return tabs


def _summary(
    units: list[PlanUnit], cells: Mapping[tuple[int | None, str, str, str], ReportCell]
) -> list[SummaryLine]:
    """排放量汇总: the month's emission cells per unit (fuel + purchased electricity)."""
    comb: dict[int, Decimal] = defaultdict(Decimal)
    elec: dict[int, Decimal] = defaultdict(Decimal)
    for (unit_id, table, _fuel, key), cell in cells.items():
        if key != "emissions_tco2" or cell.decimal is None or unit_id is None:
            continue
        (comb if table == Table.FUEL else elec)[unit_id] += cell.decimal
    lines = [
        SummaryLine(u.name, comb.get(u.pk), elec.get(u.pk)) for u in units
    ]  # None where nothing has been computed yet
    if len(lines) > 1 and any(line.total is not None for line in lines):
        lines.append(
            SummaryLine(
                _("全厂合计"),
                sum((x.combustion or Decimal(0) for x in lines), Decimal(0)),
                sum((x.electricity or Decimal(0) for x in lines), Decimal(0)),
            )
        )
    return lines
