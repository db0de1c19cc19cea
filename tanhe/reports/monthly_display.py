"""Presentation of the monthly 存证 (月度信息化存证) pages: the year's twelve months with their
deadlines, one month as the national monthly form (its four tabs, value rows with their mode,
source and supporting files), the changes since the last seal and the month's audit trail.

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
from django.utils.translation import gettext_lazy

from tanhe.accounting.fuels import Fuel, fuel_catalogue
from tanhe.accounting.report_form import ROW_BY_KEY as FORM_ROWS
from tanhe.accounting.report_form import ROWS, STATE_KEY, Entry, Row, Table, form_decimals
from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.plans.models import PlanUnit

from . import calculation, selectors, services
from .labels import TEST_PARAMETERS, fuel_name, row_label, state_label
from .models import (
    STATE_VALUES,
    FilingState,
    Mode,
    MonthFiling,
    Origin,
    Report,
    ReportCell,
    TestRecord,
    ValueEvidence,
)
from .places import Place
from .problems import Problem, lock_note, place_words

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
}


@dataclass
class MonthLine:
    month: int
    deadline: date
    state: str  # open | overdue | sealed | amending
    ended: bool  # the month is over (it may be filed)
    days_left: int | None  # for months not filed: days to the deadline (negative: overdue)
    filing: MonthFiling | None
    values: int = 0
    files: int = 0
    emissions: Decimal | None = None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

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


def filings(report: Report) -> dict[int, MonthFiling]:
    rows = MonthFiling.objects.filter(enterprise=report.enterprise, year=report.year)
    return {f.month: f for f in rows.select_related("sealed_by")}


def month_line(report: Report, month: int, filing: MonthFiling | None, on: date) -> MonthLine:
    due = deadline(report, month)
    if filing is not None:
        state = "sealed" if filing.state == FilingState.SEALED else "amending"
        days = None
    else:
        days = (due - on).days
        state = "overdue" if days < 0 else "open"
    return MonthLine(month, due, state, month_ended(report.year, month, on), days, filing)


def year_overview(report: Report, on: date) -> list[MonthLine]:
    """The twelve months: state, deadline, countdown, filing, and what each holds."""
    by_month = filings(report)
    lines = [month_line(report, m, by_month.get(m), on) for m in range(1, 13)]
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
    files: dict[tuple[str, str, str, str], list[ValueEvidence]] = defaultdict(list)
    for f in (
        ValueEvidence.objects.filter(enterprise=report.enterprise, year=report.year, month=month)
        .select_related("file", "added_by")
        .order_by("added_at", "id")
    ):
        files[(f.unit_name, f.table, f.fuel, f.key)].append(f)
    decimals = form_decimals(report.year)
    rules = selectors.place_rules(report)
    daily: dict[tuple[int, str], int] = defaultdict(int)
    for unit_id, fuel in report.daily_records.filter(day__month=month).values_list(
        "unit_id", "fuel"
    ):
        daily[(unit_id, fuel)] += 1

    def value_row(unit: PlanUnit | None, table: Table, fuel: str, row: Row | None,
                  unit_label: str) -> ValueRow:  # fmt: skip
        key = row.key if row else STATE_KEY
        place = Place(unit.pk if unit else None, str(table), fuel, key, month)
        cell = cells.get((unit.pk if unit else None, str(table), fuel, key))
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
            files=files.get((unit.name, str(table), fuel, key), []) if unit else [],
            decimals=decimals.get(row.rounding) if row and row.rounding else None,
        )
        out.value, out.mode, out.source = out.current()
        if derived := rules.derived(place):
            out.lock = lock_note(derived)
        if not out.mode and not out.is_state:
            out.mode = out.default_mode
        return out

    units = calculation.reporting_units(report)
    tabs: dict[str, list[Block]] = {"fuel": [], "electricity": [], "production": []}
    for unit in units:
        rate_kind = "gas" if unit.unit_type == "gas" else "coal"
        for key in unit.fuel_names:
            fuel: Fuel | None = fuel_catalogue().get(key)
            rows = [value_row(unit, Table.FUEL, key, r, r.unit_for(fuel)) for r in ROWS[Table.FUEL]]
            tabs["fuel"].append(
                Block(
                    f"{unit.name} {fuel_name(key)}",
                    unit,
                    key,
                    rows,
                    state=value_row(unit, Table.FUEL, key, None, ""),
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


# -- parsing the page's form ----------------------------------------------------------------------
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
    mark_errors(form, {p.place.name for p in problems if p.place is not None})
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


# -- changes since the last seal ------------------------------------------------------------------
@dataclass
class Difference:
    where: str
    old: str
    new: str


def _content_label(item: Mapping[str, Any]) -> str:
    table, key = item.get("table", ""), item.get("key", "")
    row = FORM_ROWS.get((Table(table), key)) if table in set(Table) else None
    label = row_label(row) if row else (_("燃料状态") if key == STATE_KEY else key)
    parts = [item.get("unit") or _("全厂")]
    if item.get("fuel"):
        parts.append(fuel_name(item["fuel"]))
    parts.append(label)
    return " ".join(parts)


def _cell_text(item: Mapping[str, Any] | None) -> str:
    if item is None or not item.get("value"):
        return "—"
    value = item["value"]
    if value in STATE_VALUES:
        return state_label(value)
    extras = [str(Mode(item["mode"]).label) if item.get("mode") in set(Mode) else ""]
    if item.get("source"):
        extras.append(item["source"])
    extra = "，".join(e for e in extras if e)
    return f"{value}（{extra}）" if extra else value


def changes_since_seal(report: Report, filing: MonthFiling) -> list[Difference]:
    """What differs from the sealed content: values (with mode and source) and files."""
    sealed = filing.content or {}
    now = services.month_content(report, filing.month)

    def by_place(items: list[Mapping[str, Any]]) -> dict[tuple[Any, ...], Mapping[str, Any]]:
        return {(i.get("unit"), i.get("table"), i.get("fuel"), i.get("key")): i for i in items}

    before, after = by_place(sealed.get("cells", [])), by_place(now["cells"])
    out = []
    for place in sorted(set(before) | set(after), key=lambda p: tuple(str(x) for x in p)):
        old, new = before.get(place), after.get(place)
        if _cell_text(old) != _cell_text(new):
            item = new or old
            assert item is not None
            out.append(Difference(_content_label(item), _cell_text(old),
                                  _cell_text(new)))  # fmt: skip
    old_files = {e["sha256"]: e for e in sealed.get("evidence", [])}
    for e in now["evidence"]:
        if e["sha256"] not in old_files:
            out.append(Difference(_content_label(e) + " · " + _("支撑材料"),
                                  "—", e["name"]))  # fmt: skip
    old_daily = sealed.get("daily", [])
    count = _("%(n)s 条")
    if old_daily != now["daily"]:
        out.append(Difference(_("日消耗记录"), count % {"n": len(old_daily)},
                              count % {"n": len(now["daily"])}))  # fmt: skip
    old_heat = sealed.get("heat", [])
    if old_heat != now["heat"]:
        out.append(Difference(_("供热计量"), count % {"n": len(old_heat)},
                              count % {"n": len(now["heat"])}))  # fmt: skip
    out.extend(_test_differences(sealed.get("tests", []), now["tests"]))
    return out


def _test_place(item: Mapping[str, Any]) -> str:
    parameter = TEST_PARAMETERS.get(item.get("parameter", ""), item.get("parameter", ""))
    return f"{item.get('unit')} {fuel_name(item.get('fuel', ''))} {parameter}"


def _test_differences(
    sealed: list[Mapping[str, Any]], now: list[Mapping[str, Any]]
) -> list[Difference]:
    """确定方式表 entries that differ from the sealed ones, field by field."""

    def by_place(items: list[Mapping[str, Any]]) -> dict[tuple[Any, ...], Mapping[str, Any]]:
        return {(i.get("unit"), i.get("fuel"), i.get("parameter")): i for i in items}

    before, after = by_place(sealed), by_place(now)
    out = []
    for place in sorted(set(before) | set(after), key=lambda p: tuple(str(x) for x in p)):
        old, new = before.get(place, {}), after.get(place, {})
        item = new or old
        for name in services.TEST_FIELDS:
            if str(old.get(name) or "") != str(new.get(name) or ""):
                label = f"{_test_place(item)} · {test_field_label(name)}"
                out.append(Difference(label, str(old.get(name) or "—"), str(new.get(name) or "—")))
    return out


def test_field_label(name: str) -> str:
    return str(TestRecord._meta.get_field(name).verbose_name)


# -- the month's audit trail ----------------------------------------------------------------------
REPORT_ACTIONS = (
    Action.REPORT_CELLS,
    Action.REPORT_AUTOCALC,
    Action.REPORT_DAILY,
    Action.REPORT_HEAT,
)
# What a cell's audit label may end with besides its month: the mode, source and origin of
# the value are sealed content too.
CELL_ASPECTS = {
    "mode": gettext_lazy("数据获取方式"),
    "source": gettext_lazy("数据来源"),
    "origin": gettext_lazy("填报方式"),
}


@dataclass
class AuditLine:
    entry: AuditEntry
    label: str
    details: list[str]

    @property
    def kind(self) -> str:
        return self.entry.action.rsplit(".", 1)[-1]


def month_audit(report: Report, month: int) -> list[AuditLine]:
    """The month's trail, oldest first: its seals and amendments (report.month.*), the files
    attached to its values (report.value_evidence.*), and this report's value changes that
    touched the month."""
    filing = MonthFiling.objects.filter(
        enterprise=report.enterprise, year=report.year, month=month
    ).first()
    evidence = {
        str(e.pk): e
        for e in ValueEvidence.objects.filter(
            enterprise=report.enterprise, year=report.year, month=month
        ).select_related("file")
    }
    query = Q(
        action__in=(Action.REPORT_VALUE_EVIDENCE_ADD, Action.REPORT_VALUE_EVIDENCE_REMOVE),
        object_type=ValueEvidence._meta.label_lower,
        object_id__in=list(evidence),
    ) | Q(
        action__in=REPORT_ACTIONS,
        object_type=Report._meta.label_lower,
        object_id=str(report.pk),
    )
    tests = {str(t.pk): t for t in report.test_records.filter(month=month).select_related("unit")}
    query |= Q(
        action=Action.REPORT_TEST_RECORD,
        object_type=TestRecord._meta.label_lower,
        object_id__in=list(tests),
    )
    if filing is not None:
        query |= Q(
            action__in=(Action.REPORT_MONTH_SEAL, Action.REPORT_MONTH_AMEND),
            object_type=MonthFiling._meta.label_lower,
            object_id=str(filing.pk),
        )
    names = {u.pk: u.name for u in calculation.reporting_units(report)}
    lines = []
    for entry in AuditEntry.objects.filter(query, organisation=report.enterprise).order_by(
        "at", "id"
    ):
        label = entry.get_action_display()
        if entry.action in REPORT_ACTIONS:
            details = _month_changes(entry.changes, month, names)
            if not details:
                continue
        elif entry.action == Action.REPORT_MONTH_SEAL:
            old, new = entry.changes.get("sha256", [None, None])
            details = [f"SHA-256 {new}"]
            if old:
                label = _("重新存证")
                details.append(_("上次存证 SHA-256 %(sha)s") % {"sha": old})
        elif entry.action == Action.REPORT_MONTH_AMEND:
            details = [_("修改原因：%(reason)s") % {"reason": entry.note}]
        elif entry.action == Action.REPORT_TEST_RECORD:
            details = _test_changes(entry.changes, tests[entry.object_id])
        else:
            ev = evidence.get(entry.object_id)
            details = [_evidence_text(ev)] if ev else [entry.note]
        lines.append(AuditLine(entry, label, details))
    return lines


def _evidence_text(ev: ValueEvidence) -> str:
    row = FORM_ROWS.get((Table(ev.table), ev.key)) if ev.table in set(Table) else None
    parts = [ev.unit_name]
    if ev.fuel:
        parts.append(fuel_name(ev.fuel))
    parts.append(row_label(row) if row else ev.key)
    return _("%(where)s：%(file)s（SHA-256 %(sha)s…）") % {
        "where": " ".join(parts),
        "file": ev.file.original_name,
        "sha": ev.file.sha256[:16],
    }


def _change(where: str, old: str, new: str) -> str:
    """One line of a change list: "1号机组 烟煤 消耗量：12 → 13"."""
    return _("%(where)s：%(old)s → %(new)s") % {"where": where, "old": old, "new": new}


def _test_changes(changes: Mapping[str, Any], record_: TestRecord) -> list[str]:
    place = _test_place(
        {"unit": record_.unit.name, "fuel": record_.fuel, "parameter": record_.parameter}
    )
    out = []
    for name, pair in changes.items():
        old, new = [*list(pair), None, None][:2]
        label = test_field_label(name) if name in services.TEST_FIELDS else name
        out.append(_change(f"{place} {label}", old or "—", new or "—"))
    return out


def _month_changes(changes: Mapping[str, Any], month: int, names: Mapping[int, str]) -> list[str]:
    """The changes of a report-wide audit row that concern ``month``, readable: values, and
    their mode, source and origin ("…/<month>/mode")."""
    out = []
    for label, pair in changes.items():
        parts = label.split("/")
        aspect = parts.pop() if parts and parts[-1] in CELL_ASPECTS else ""
        if not parts or parts[-1] != str(month):
            continue
        old, new = [*list(pair), None, None][:2]
        if aspect == "mode":
            old, new = (str(Mode(v).label) if v in set(Mode) else v for v in (old, new))
        elif aspect == "origin":
            old, new = (str(Origin(v).label) if v in set(Origin) else v for v in (old, new))
        if len(parts) == 5:
            unit, table, fuel, key, _m = parts
            unit_name = names.get(int(unit), unit) if unit.isdigit() else _("全厂")
            row = FORM_ROWS.get((Table(table), key)) if table in set(Table) else None
            what = " ".join(
                x
                for x in (
                    unit_name,
                    fuel_name(fuel) if fuel != "-" else "",
                    row_label(row) if row else (_("燃料状态") if key == STATE_KEY else key),
                )
                if x
            )
        elif len(parts) == 2:  # report.heat: "<unit name>/<month>" → measurement counts
            heat, count = _("供热计量"), _("记录条数")
            what = f"{parts[0]} {heat} {count}"
        else:  # report.daily: "<unit name>/<fuel>/<month>" → record counts
            what = " ".join(x for x in (parts[0], fuel_name(parts[1]) if len(parts) > 2 else "")
                            if x) + " " + _("记录条数")  # fmt: skip
        if aspect:
            what = f"{what} · {CELL_ASPECTS[aspect]}"
        old, new = (state_label(v) if v not in (None, "") else "—" for v in (old, new))
        out.append(_change(what, old, new))
    return out
