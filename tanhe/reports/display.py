"""What the annual report's pages show, prepared for the templates: the editor's navigation, the
three number tables as cells (value, mode, grey or white, editable or why not), the sources of
default values, the 自动计算 changes, the 确定方式表 rows and the comparison of two versions.

Reads only: the numbers come from ``selectors`` and ``calculation`` (the engine); nothing here
computes a value of the report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounting.report_form import MONTHS, ROWS, STATE_KEY, Entry, Row, Table, form_decimals
from tanhe.accounting.report_form import ROW_BY_KEY as FORM_ROWS
from tanhe.accounting.results import PlantYearResult
from tanhe.accounting.trace import Step
from tanhe.accounts.models import Organisation, OrganisationKind
from tanhe.plans.models import PlanUnit

from . import calculation, selectors, services
from .completeness import warnings
from .labels import fuel_name, lang, mode_label, row_label, state_label
from .models import (
    FuelState,
    Mode,
    MonthFiling,
    Origin,
    Report,
    ReportCell,
    ReportComment,
    TestRecord,
)
from .places import Lock, Place
from .problems import lock_note, place_words, shown
from .services import TEST_FIELDS, CellInput

# -- the editor's sections ------------------------------------------------------------------------
NAV_GROUPS: tuple[tuple[Any, tuple[tuple[str, Any], ...]], ...] = (
    (_("基本信息"), (("basic", _("企业基本信息")),)),
    (
        _("排放报告"),
        (
            ("fuel", _("燃料信息表")),
            ("electricity", _("购入使用电量表")),
            ("production", _("生产数据表")),
            ("tests", _("确定方式表")),
            ("facilities", _("生产设施表")),
            ("summary", _("信息汇总表")),
        ),
    ),
    (_("材料上传和提交"), (("evidence", _("材料上传和下载")), ("submit", _("提交确认")))),
)
SECTIONS: dict[str, Any] = {key: label for _g, items in NAV_GROUPS for key, label in items}
SECTION_KEYS: list[str] = list(SECTIONS)
TABLE_SECTIONS = {
    "fuel": Table.FUEL,
    "electricity": Table.ELECTRICITY,
    "production": Table.PRODUCTION,
}


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Any
    url: str
    current: bool


def nav(report: Report, section: str) -> list[tuple[Any, list[NavItem]]]:
    return [
        (
            group,
            [
                NavItem(key, label, reverse("reports:edit", args=[report.pk, key]), key == section)
                for key, label in items
            ],
        )
        for group, items in NAV_GROUPS
    ]


def next_section(report: Report, section: str) -> NavItem | None:
    index = SECTION_KEYS.index(section)
    if index + 1 >= len(SECTION_KEYS):
        return None
    key = SECTION_KEYS[index + 1]
    return NavItem(key, SECTIONS[key], reverse("reports:edit", args=[report.pk, key]), False)


# -- small helpers --------------------------------------------------------------------------------
def decimals(report: Report) -> dict[str, int]:
    """Decimals of each rounding field of the form in the report's year (填表说明)."""
    return form_decimals(report.year)


def authority_name(report: Report) -> str:
    """报送主管部门: as the plan names it, else the province's authority."""
    basic = getattr(report.plan_version, "basic", None)
    if basic is not None and basic.authority_name:
        return basic.authority_name
    authority = Organisation.objects.filter(
        kind=OrganisationKind.AUTHORITY, province_id=report.enterprise.province_id
    ).first()
    return authority.name if authority else ""


# -- the number tables ----------------------------------------------------------------------------
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
        return "、".join(f"{m}月" for m in self.months)


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

    @property
    def anchor(self) -> str:
        return f"block-{self.unit.pk if self.unit else 'plant'}-{self.fuel or 'all'}"


@dataclass
class MonthHead:
    month: int
    filing: MonthFiling | None


@dataclass
class TableView:
    table: Table
    months: list[MonthHead]
    blocks: list[BlockView]
    editable: bool

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
        out[(*place, step_keys[step.quantity])] = step.note.split("：", 1)[-1]
    elif step.note.startswith("碳氧化率："):
        out[(*place, "oxidation_rate_pct")] = step.note.split("：", 1)[-1]


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
) -> TableView:
    """One of the three number tables as the page shows it (and as a save reads it back).
    ``error_places``: the names of the places a refused save's problems concern."""
    typed = typed or {}
    typed_modes = typed_modes or {}
    errors = set(error_places)
    editable = (not report.is_frozen) if editable is None else editable
    places = decimals(report)
    rules = selectors.place_rules(report, frozenset(sealed))
    daily_counts: dict[tuple[int, str, int], int] = defaultdict(int)
    if table == Table.FUEL:
        for unit_id, fuel, day in report.daily_records.values_list("unit_id", "fuel", "day"):
            daily_counts[(unit_id, fuel, day.month)] += 1
    sources = default_sources(result)
    heat_counts: dict[tuple[int, int], int] = defaultdict(int)
    if table == Table.PRODUCTION:
        for unit_id, month in report.heat_measurements.values_list("unit_id", "month"):
            heat_counts[(unit_id, month)] += 1

    def make(
        unit: PlanUnit | None, fuel: str, row: Row | None, month: int, cell: ReportCell | None
    ) -> CellView:
        key = row.key if row else STATE_KEY
        is_state = row is None
        entry = row.entry if row else Entry.INPUT
        view = CellView(
            unit=unit,
            table=table.value,
            fuel=fuel,
            key=key,
            month=month,
            cell=cell,
            value=cell.value if cell else "",
            mode=cell.mode if cell else "",
            editable=editable,
            grey=entry == Entry.COMPUTED or (cell is not None and cell.origin == Origin.AUTO),
            edited=entry == Entry.COMPUTED and cell is not None and cell.origin == Origin.USER,
            is_state=is_state,
        )
        if editable and (lock := rules.lock(view.place)):
            view.editable, view.note = False, lock_note(lock)
            view.grey = view.grey or lock in (Lock.HEAT, Lock.MERGED_HOURS)
        view.mode_select = view.editable and not is_state and entry != Entry.COMPUTED
        view.mode_select = view.mode_select and not (row is not None and row.optional)
        if view.editable and view.name in typed:
            view.value = typed[view.name]
            view.mode = typed_modes.get(view.name, view.mode)
        if view.mode_select and not view.mode:
            view.mode = Mode.MEASURED
        view.error = view.place.name in errors
        return view

    blocks: list[BlockView] = []
    for block in selectors.grid(report, table, result):
        fuel_obj = fuel_catalogue().get(block.fuel)
        title = f"{block.unit.name} {fuel_name(block.fuel)}" if fuel_obj else block.unit.name
        view = BlockView(block.unit, block.fuel, title)
        for grid_row in block.rows:
            cells = [
                make(block.unit, block.fuel, grid_row.row, m, c)
                for m, c in zip(MONTHS, grid_row.cells, strict=True)
            ]
            rounding = grid_row.row.rounding
            view.rows.append(
                RowView(
                    grid_row.row,
                    row_label(grid_row.row),
                    grid_row.unit_label,
                    places.get(rounding) if rounding else None,
                    cells,
                    grid_row.annual,
                )
            )
        for member, grid_row in block.member_hours:
            cells = [
                make(member, "", grid_row.row, m, c)
                for m, c in zip(MONTHS, grid_row.cells, strict=True)
            ]
            label = _("%(row)s（成员 %(unit)s）") % {
                "row": row_label(grid_row.row),
                "unit": member.name,
            }
            view.rows.append(
                RowView(grid_row.row, str(label), grid_row.unit_label, places.get("running_hours"),
                        cells, grid_row.annual)
            )  # fmt: skip
        if table == Table.PRODUCTION:
            view.heat = [
                DailyLink(
                    m,
                    reverse("reports:heat", args=[report.pk, block.unit.pk, m]),
                    heat_counts.get((block.unit.pk, m), 0),
                )
                for m in MONTHS
            ]
        if table == Table.FUEL:
            view.states = [
                make(block.unit, block.fuel, None, m, c)
                for m, c in zip(MONTHS, block.states, strict=True)
            ]
            view.daily = [
                DailyLink(
                    m,
                    reverse("reports:daily", args=[report.pk, block.unit.pk, block.fuel, m]),
                    daily_counts.get((block.unit.pk, block.fuel, m), 0),
                )
                for m in MONTHS
            ]
        _footnotes(view, sources, start=sum(len(b.footnotes) for b in blocks) + 1)
        blocks.append(view)
    if table == Table.ELECTRICITY and report.split_purchased_electricity:
        row = FORM_ROWS[(Table.ELECTRICITY, "mwh")]
        plant_cells = selectors.plant_electricity(report)
        cells = [make(None, "", row, m, c) for m, c in zip(MONTHS, plant_cells, strict=True)]
        plant = BlockView(None, "", str(_("全厂（外购电量按机组数目平分）")), plant=True)
        plant.rows.append(
            RowView(
                row,
                str(_("外购电量")),
                row.unit_for(),
                places.get(row.rounding or ""),
                cells,
                _plain_sum(cells),
            )
        )
        blocks.insert(0, plant)
    months = [MonthHead(m, sealed.get(m)) for m in MONTHS]
    return TableView(table, months, blocks, editable)


def _plain_sum(cells: list[CellView]) -> str:
    from decimal import Decimal, InvalidOperation

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


STATE_CHOICES = (("", "—"), *FuelState.choices)


# -- 自动计算 changes ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ChangeRow:
    unit: str
    table: str
    fuel: str
    month: int
    field: str
    old: str
    new: str
    edited: bool


def change_rows(report: Report, changes: Iterable[Any]) -> list[ChangeRow]:
    names = {u.pk: u.name for u in calculation.reporting_units(report)}
    rows = []
    for change in changes:
        unit_id, table, fuel, key, month = change.place
        row = FORM_ROWS.get((Table(table), key))
        rows.append(
            ChangeRow(
                names.get(unit_id, str(_("全厂"))),
                Table(table).label_zh,
                fuel_name(fuel) if fuel else "",
                month,
                row_label(row) if row else key,
                change.old,
                change.new,
                change.edited,
            )
        )
    return rows


changes_fingerprint = services.changes_fingerprint


# -- 确定方式表 ---------------------------------------------------------------------------------
TEST_PARAMETERS = (("ncv", _("低位发热量")), ("carbon_content", _("元素碳含量")))


@dataclass
class TestRowView:
    unit: PlanUnit
    fuel: str
    parameter: str
    parameter_label: Any
    month: int
    record: TestRecord | None
    values: dict[str, str]
    first: bool  # the first month of its parameter (rowspan)
    error: str = ""

    def name(self, field_name: str) -> str:
        return f"t:{self.unit.pk}:{self.fuel}:{self.parameter}:{self.month}:{field_name}"

    @property
    def where(self) -> str:
        return f"{self.unit.name} {fuel_name(self.fuel)} {self.parameter_label} {self.month}月"

    @property
    def fields(self) -> list[tuple[str, str, str]]:
        return [(f, self.name(f), self.values.get(f, "")) for f in TEST_FIELDS]


@dataclass
class TestBlock:
    unit: PlanUnit
    fuel: str
    title: str
    rows: list[TestRowView]

    @property
    def filled(self) -> list[TestRowView]:
        """The rows with a record (what a read-only page lists)."""
        return [row for row in self.rows if row.record is not None]


def test_blocks(report: Report, typed: Mapping[str, str] | None = None) -> list[TestBlock]:
    records = {(t.unit_id, t.fuel, t.parameter, t.month): t for t in report.test_records.all()}
    blocks = []
    for unit in calculation.reporting_units(report):
        for fuel in unit.fuel_names:
            rows = []
            for parameter, label in TEST_PARAMETERS:
                for month in MONTHS:
                    record = records.get((unit.pk, fuel, parameter, month))
                    row = TestRowView(unit, fuel, parameter, label, month, record, {}, month == 1)
                    for f in TEST_FIELDS:
                        stored = _record_text(record, f)
                        row.values[f] = (typed or {}).get(row.name(f), stored)
                    rows.append(row)
            blocks.append(TestBlock(unit, fuel, f"{unit.name} {fuel_name(fuel)}", rows))
    return blocks


def _record_text(record: TestRecord | None, field_name: str) -> str:
    if record is None:
        return ""
    value = getattr(record, field_name)
    if isinstance(value, date):
        return value.isoformat()
    return value or ""


# -- comments of earlier versions ------------------------------------------------------------------
def return_comments(report: Report) -> list[ReportComment]:
    """The authority's comments on the versions before this one (newest first)."""
    chain = []
    previous = report.previous
    while previous is not None:
        chain.append(previous.pk)
        previous = previous.previous
    if report.is_frozen:
        chain.append(report.pk)
    return list(
        ReportComment.objects.filter(report_id__in=chain)
        .select_related("author", "author__organisation", "report")
        .order_by("-created_at", "-id")
    )


# -- comparing two versions -----------------------------------------------------------------------
@dataclass(frozen=True)
class DiffRow:
    table: str
    unit: str
    fuel: str
    month: int | None
    field: str
    old: str
    new: str


def _cell_text(cell: Mapping[str, Any] | None) -> str:
    if cell is None:
        return ""
    value = cell["value"]
    if cell["key"] == STATE_KEY:
        return state_label(value)
    mode = mode_label(cell.get("mode") or "")
    return f"{value}（{mode}）" if mode and cell.get("mode") == Mode.DEFAULT else value


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[DiffRow]:
    """Changed values between two versions' ``selectors.report_content``, in table order."""

    def index(content: Mapping[str, Any]) -> dict[tuple[Any, ...], Mapping[str, Any]]:
        return {
            (c["table"], c["unit"], c["fuel"], c["key"], c["month"]): c for c in content["cells"]
        }

    a, b = index(old), index(new)
    order = {t.value: i for i, t in enumerate(Table)}
    row_order = {(t.value, r.key): i for t, rows in ROWS.items() for i, r in enumerate(rows)}
    rows = []
    for place in sorted(
        set(a) | set(b),
        key=lambda p: (order.get(p[0], 9), p[1], p[2], p[4], row_order.get((p[0], p[3]), -1)),
    ):
        ca, cb = a.get(place), b.get(place)
        if (
            ca is not None
            and cb is not None
            and (ca["value"], ca["mode"]) == (cb["value"], cb["mode"])
        ):
            continue
        table, unit, fuel, key, month = place
        row = FORM_ROWS.get((Table(table), key))
        label = row_label(row) if row else (str(_("燃料状态")) if key == STATE_KEY else key)
        rows.append(
            DiffRow(Table(table).label_zh, unit, fuel_name(fuel) if fuel else "", month, label,
                    _cell_text(ca), _cell_text(cb))
        )  # fmt: skip
    rows += _other_changes(old, new)
    return rows


def _other_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[DiffRow]:
    rows = []
    basic = str(_("基本信息"))
    labels = {"person": _("报告联系人"), "phone": _("联系电话"), "email": _("电子邮箱")}
    for key, label in labels.items():
        if old["contact"][key] != new["contact"][key]:
            a, b = old["contact"][key], new["contact"][key]
            rows.append(DiffRow(basic, "", "", None, str(label), a, b))
    if old["split_purchased_electricity"] != new["split_purchased_electricity"]:
        yes, no = str(_("是")), str(_("否"))
        rows.append(
            DiffRow(Table.ELECTRICITY.label_zh, str(_("全厂")), "", None,
                    str(_("外购电量无法分机组，按机组数目平分")),
                    yes if old["split_purchased_electricity"] else no,
                    yes if new["split_purchased_electricity"] else no)
        )  # fmt: skip
    files_a = {(e["kind"], e["sha256"]): e for e in old["evidence"]}
    files_b = {(e["kind"], e["sha256"]): e for e in new["evidence"]}
    material = str(_("材料上传"))
    from .models import EvidenceKind

    for place in sorted(set(files_a) ^ set(files_b)):
        kind = str(EvidenceKind(place[0]).label) if place[0] in EvidenceKind.values else place[0]
        a, b = files_a.get(place), files_b.get(place)
        rows.append(
            DiffRow(material, "", "", None, kind,
                    f"{a['name']}（SHA-256 {a['sha256'][:12]}…）" if a else "",
                    f"{b['name']}（SHA-256 {b['sha256'][:12]}…）" if b else "")
        )  # fmt: skip
    return rows


# -- 基本信息, 生产设施表, 材料 -------------------------------------------------------------------
BASIC_FIELDS = (
    "name", "code_type", "credit_code", "permit_number", "registered_address",
    "production_address", "registration_date", "registered_capital", "nature",
    "legal_representative", "province", "city", "district", "postcode", "industry_code",
)  # fmt: skip
MONO_FIELDS = {"credit_code", "permit_number", "postcode", "industry_code"}


@dataclass(frozen=True)
class Item:
    label: str
    value: str
    mono: bool = False


def basic_items(report: Report) -> list[Item]:
    """企业基本信息 from the plan version the report is bound to (read-only here)."""
    from tanhe.plans.display import value_label as value_text
    from tanhe.plans.models import PlanBasicInfo

    basic = getattr(report.plan_version, "basic", None)
    if basic is None:
        return []
    return [
        Item(
            str(PlanBasicInfo._meta.get_field(name).verbose_name),
            value_text(name, getattr(basic, name)),
            name in MONO_FIELDS,
        )
        for name in BASIC_FIELDS
    ]


def facility_rows(report: Report) -> list[Any]:
    """生产设施表: the plan version's facilities, by unit (the plan's own display)."""
    from tanhe.plans.display import facility_rows as plan_facility_rows

    version = report.plan_version
    units = list(version.units.order_by("position", "id"))
    return plan_facility_rows(units, version.facilities.all())


@dataclass
class EvidenceRow:
    kind: str
    label: str
    required: bool
    evidence: Any  # ReportEvidence | None


def evidence_rows(report: Report) -> tuple[list[EvidenceRow], list[Any]]:
    """The 12 required types (one file each, a zip allowed) and the 其他 files."""
    from tanhe.accounting.report_form import REQUIRED_EVIDENCE

    from .models import EvidenceKind

    files = list(report.evidence.select_related("file").order_by("kind", "added_at", "id"))
    by_kind = {e.kind: e for e in files if e.kind != EvidenceKind.OTHER}
    required = [
        EvidenceRow(kind, str(EvidenceKind(kind).label), True, by_kind.get(kind))
        for kind, _label in REQUIRED_EVIDENCE
    ]
    return required, [e for e in files if e.kind == EvidenceKind.OTHER]


def report_body(report: Report) -> dict[str, Any]:
    """Everything a read-only report shows (the enterprise's 查看 and the authority's review)."""
    outcome = calculation.outcome(report)
    sealed = selectors.sealed_months(report)
    tables = [
        table_view(report, t, result=outcome.result, sealed=sealed, editable=False) for t in Table
    ]
    rows, total = selectors.summary(report, outcome)
    required, others = evidence_rows(report)
    return {
        "basic_items": basic_items(report),
        "tables": tables,
        "test_blocks": test_blocks(report),
        "facility_rows": facility_rows(report),
        "summary_rows": rows,
        "summary_total": total,
        "required_evidence": required,
        "other_evidence": others,
        "engine_errors": outcome.messages(lang()),
        "warnings": shown(warnings(report, outcome.result), selectors.unit_names(report))
        if outcome.result
        else [],
        "submission": getattr(report, "submission", None) if report.is_frozen else None,
        "authority_name": authority_name(report),
    }
