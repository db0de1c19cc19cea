"""What the workbook shows: its sheets, columns and labels, the report as a :class:`Book`, and
the rows of each table sheet (:func:`row_specs`) and of the 确定方式表 (:func:`record_places`).
Writing and reading both lay the workbook out from here, so that what is written is what is read
back."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounting.model import state_label_zh
from tanhe.accounting.report_form import (
    MONTHS,
    ROW_BY_KEY,
    ROWS,
    STATE_KEY,
    Entry,
    Row,
    Table,
    rows_for,
)

from ..labels import fuel_name, row_label, unit_name
from ..places import Lock, PlaceRules
from ..places import Place as FormPlace
from ..problems import place_words

FORMAT = "tanhe.report-xlsx/2"  # 2: the 确定方式表 of seed 000 (单位热值含碳量, 确定方式, 报告编号)
META_SHEET = "_tanhe"
GUIDE_SHEET = "填表说明"
TEST_SHEET = "确定方式表"
TABLE_SHEETS: dict[Table, str] = {t: t.label_zh for t in Table}
KIND_TEMPLATE, KIND_EXPORT = "template", "export"

# Table sheets: A key (hidden) · B–G labels · H–S months · T 全年 (export) · V–AG as downloaded.
KEY_COL, FIRST_MONTH_COL, ANNUAL_COL, FIRST_ORIGINAL_COL = 1, 8, 20, 22
# gettext_noop: the workbook keeps the Chinese; a refusal quoting one adds its meaning.
LABELS = (gettext_noop("键"), gettext_noop("机组名称"), gettext_noop("燃料"),
          gettext_noop("参数名称"), gettext_noop("单位"), gettext_noop("小数位数"),
          gettext_noop("填写方式"))  # fmt: skip
ANNUAL_LABEL = gettext_noop("全年")
HEADER_ROW = 6  # where the template puts the header (found again by its B cell on import)

# 确定方式表 (TestRecord): fields, labels, choices and lengths as in tanhe.reports.models.
# A key · B–E labels · F 确定方式 (from the engine, not read back) · G–P the fields · R–AA as
# downloaded (hidden).
TEST_FIELDS = ("method", "device", "frequency", "calibration_frequency", "standard",
               "laboratory", "accreditation", "report_number", "sampled_on",
               "reported_on")  # fmt: skip
TEST_LABELS = (gettext_noop("检测方式"), gettext_noop("检测设备"), gettext_noop("检测频次"),
               gettext_noop("设备校准频次"), gettext_noop("测定方法标准"),
               gettext_noop("委托机构名称"), gettext_noop("CMA/CNAS 标识"),
               gettext_noop("报告编号"), gettext_noop("采样日期"),
               gettext_noop("报告日期"))  # fmt: skip
TEST_BASIS_LABEL = gettext_noop("确定方式")
TEST_HEAD = (*LABELS[:3], gettext_noop("参数"), gettext_noop("月份"), TEST_BASIS_LABEL,
             *TEST_LABELS)  # fmt: skip
TEST_BASIS_COL, TEST_FIRST_FIELD_COL, TEST_FIRST_ORIGINAL_COL = 6, 7, 18
TEST_PARAMETERS = {"ncv": "低位发热量", "unit_heat_carbon": "单位热值含碳量"}
TEST_CHOICES = {
    "method": {"self": "自行检测", "commissioned": "委托检测"},
    "accreditation": {"cma": "CMA", "cnas": "CNAS", "both": "CMA + CNAS", "none": "无"},
}
TEST_MAX_LENGTH = {"device": 100, "frequency": 40, "calibration_frequency": 40, "standard": 100,
                   "laboratory": 200, "report_number": 60}  # fmt: skip
TEST_DATES = ("sampled_on", "reported_on")


Place = tuple[str, str, str, str, int]  # unit name ("" = 全厂), table, fuel, key, month
TestPlace = tuple[str, str, str, int]  # unit name, fuel, parameter, month


@dataclass(frozen=True)
class Where:
    """The report's place of a cell, as data: its unit's name ("" = 全厂), table, fuel, row key
    (a 确定方式表 parameter is its fuel row) and month (0: the whole row). Shown as the report
    pages name places (:func:`tanhe.reports.problems.place_words`), in the reader's language."""

    unit: str
    table: str
    fuel: str = ""
    key: str = ""
    month: int = 0

    def __str__(self) -> str:
        place = FormPlace(0 if self.unit else None, self.table, self.fuel, self.key, self.month)
        return place_words(place, {0: self.unit})


@dataclass(frozen=True)
class Identity:
    """Which report a workbook belongs to; checked on import."""

    enterprise: str
    credit_code: str
    year: int
    number: int  # report version
    plan_version: int
    split_electricity: bool
    state: str = ""  # label, shown only
    # fuels given for the plant and allocated by generation (seed 000 机组信息 说明 c)
    allocated_fuels: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnitLayout:
    name: str
    fuels: tuple[str, ...]  # fuel keys, in plan order
    rate_kind: str = "coal"  # "gas": 气耗 units on the production table


@dataclass
class Book:
    """The report as the workbook shows it (built from the database by the caller)."""

    identity: Identity
    units: list[UnitLayout]
    decimals: dict[str, int]  # rounding.toml field → places
    values: dict[Place, str] = field(default_factory=dict)  # every cell's text
    auto: set[Place] = field(default_factory=set)  # filled by 自动计算 (origin auto)
    rules: PlaceRules = field(default_factory=PlaceRules)  # which places may be typed
    unit_ids: dict[str, int] = field(default_factory=dict)  # unit name → id (the rules' key)
    tests: dict[TestPlace, dict[str, str]] = field(default_factory=dict)  # canonical text
    tested: set[TestPlace] = field(default_factory=set)  # months resting on a test: required
    annual: dict[tuple[str, str, str, str], str] = field(default_factory=dict)  # export only


@dataclass(frozen=True)
class Sheet:
    """A plain sheet of the export (基本信息, 信息汇总表, 附件材料…)."""

    title: str
    head: tuple[str, ...]
    rows: list[tuple[str, ...]]
    note: str = ""
    total_last: bool = False  # the last row is a total (bold)


@dataclass(frozen=True)
class RowSpec:
    """One row of a table sheet: a unit (and fuel) and a parameter of the national form."""

    table: Table
    unit: str  # "" = 全厂 (purchased electricity split over the units, an allocated fuel)
    fuel: str
    key: str
    label: str
    unit_text: str
    places: str  # decimals shown ("2", "—")
    kind: str  # "input" | "either" | "computed"
    row: Row | None  # None: the fuel state row

    @property
    def key_text(self) -> str:
        return f"{self.unit}|{self.fuel}|{self.key}"

    def at(self, month: int = 0) -> Where:
        return Where(self.unit, self.table.value, self.fuel, self.key, month)

    def meanings(self) -> tuple[str, str, str]:
        """What the row's title cells (unit, fuel, parameter) mean in the reader's language."""
        row = row_label(self.row) if self.row is not None else _("燃料状态")
        return unit_name(self.unit or None), fuel_name(self.fuel), row


_KIND = {Entry.INPUT: "input", Entry.INPUT_OR_COMPUTED: "either", Entry.COMPUTED: "computed"}


def row_specs(book: Book, table: Table) -> list[RowSpec]:
    """The rows of ``table`` for the report's units, in the national form's order."""
    out: list[RowSpec] = []
    catalogue = fuel_catalogue()
    split = book.identity.split_electricity
    allocated = book.identity.allocated_fuels
    for unit in book.units:
        fuels = unit.fuels if table == Table.FUEL else ("",)
        for fuel in fuels:
            f = catalogue.get(fuel)
            if table == Table.FUEL and not (f is not None and f.is_biomass):
                out.append(RowSpec(table, unit.name, fuel, STATE_KEY, "燃料状态", "入炉/入厂",
                                   "—", "input", None))  # fmt: skip
            for row in rows_for(table, f):
                kind = _KIND[row.entry]
                if table == Table.ELECTRICITY and row.key == "mwh" and split:
                    kind = "computed"  # the plant's purchase split equally (购入使用电量表 说明1)
                if table == Table.FUEL and row.key == "consumption" and fuel in allocated:
                    kind = "computed"  # the plant's, allocated by generation (机组信息 说明 c)
                places = book.decimals.get(row.rounding) if row.rounding else None
                out.append(RowSpec(table, unit.name, fuel, row.key, row.label_zh,
                                   row.unit_for(f, unit.rate_kind),
                                   "—" if places is None else str(places), kind, row))  # fmt: skip
    if table == Table.ELECTRICITY and split:
        row = ROWS[Table.ELECTRICITY][0]
        places = book.decimals.get(row.rounding or "")
        shown = "—" if places is None else str(places)
        plant = RowSpec(table, "", "", row.key, row.label_zh, row.unit_for(), shown, "input", row)
        out.insert(0, plant)
    if table == Table.FUEL:  # the plant's consumption of each fuel allocated by generation
        row = ROW_BY_KEY[(Table.FUEL, "consumption")]
        places = book.decimals.get(row.rounding or "")
        shown = "—" if places is None else str(places)
        plants = [
            RowSpec(table, "", fuel, row.key, row.label_zh, row.unit_for(catalogue.get(fuel)),
                    shown, "input", row)
            for fuel in allocated
        ]  # fmt: skip
        out[:0] = plants
    return out


def record_places(book: Book) -> list[TestPlace]:
    return [
        (unit.name, fuel, parameter, month)
        for unit in book.units
        for fuel in unit.fuels
        for parameter in TEST_PARAMETERS
        for month in MONTHS
    ]


def form_place(book: Book, spec: RowSpec, month: int) -> FormPlace:
    unit = book.unit_ids.get(spec.unit) if spec.unit else None
    return FormPlace(unit, spec.table.value, spec.fuel, spec.key, month)


def lock_at(book: Book, spec: RowSpec, month: int) -> Lock | None:
    """Why the place is not typed in the workbook, or ``None`` (:mod:`tanhe.reports.places`,
    the rule of every entry path)."""
    return book.rules.lock(form_place(book, spec, month))


def derived_at(book: Book, spec: RowSpec, month: int) -> Lock | None:
    """Whether the value comes from other records (daily records, heat measurements, members'
    hours, the split purchase): never typed, whatever the month's state."""
    return book.rules.derived(form_place(book, spec, month))


def shown_text(spec: RowSpec, text: str) -> str:
    """A cell's text as the workbook shows it: a fuel state by its Chinese label."""
    return state_label_zh(text) if spec.key == STATE_KEY else text
