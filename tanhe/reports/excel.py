"""The annual report as an Excel workbook: the template (填报模板) the enterprise fills offline, the
full export, and reading a filled template back. No database — the caller
(:mod:`tanhe.reports.excel_services`) describes the report as a :class:`Book` and saves what
:func:`changed_cells` returns. Format and rules: ``docs/report-excel.md``.

The workbook itself is Chinese in every language (it mirrors the national form, and the import
matches its sheet names and headers); a refusal is worded in the reader's language (gettext),
quoting a Chinese word the file must have with its meaning (“燃料” (Fuel)), and the report's place
of a cell travels as data (:class:`Where`) worded only when shown.

Numbers are **text cells** (number format ``@``) holding the exact decimal string, never floats.
A cell a user turned into a number is read through its shortest exact representation and checked
like any text; a float that does not round-trip to the form's decimals is refused.

Each table sheet has a hidden key column (A: ``机组|燃料|参数``) so that re-import knows the
unit, fuel and parameter of every row, and hidden columns with the values as downloaded, so that
only what the user changed in the file is saved: a value changed on the platform since the
download is not overwritten by an untouched cell, and a value changed in both places is reported
as a conflict.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from tanhe.accounting.fuels import fuel_catalogue, fuel_label
from tanhe.accounting.model import state_label_zh
from tanhe.accounting.report_form import MONTHS, ROWS, STATE_KEY, Entry, Row, Table
from tanhe.inputs import InputProblem, InputRefused, shorten, strip_blanks

from .labels import fuel_name, listed, month_label, row_label, state_label, unit_name
from .places import Lock, PlaceRules
from .places import Place as FormPlace
from .problems import AREAS, MESSAGES, place_words
from .values import cell_value

FORMAT = "tanhe.report-xlsx/1"
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
MAX_ROWS = 5000  # per sheet; a template has a few hundred

# 确定方式表 (TestRecord): fields, labels, choices and lengths as in tanhe.reports.models.
TEST_FIELDS = ("method", "device", "frequency", "calibration_frequency", "standard",
               "laboratory", "accreditation", "sampled_on", "reported_on")  # fmt: skip
TEST_LABELS = (gettext_noop("检测方式"), gettext_noop("检测设备"), gettext_noop("检测频次"),
               gettext_noop("设备校准频次"), gettext_noop("测定方法标准"),
               gettext_noop("委托机构名称"), gettext_noop("CMA/CNAS 标识"),
               gettext_noop("采样日期"), gettext_noop("报告日期"))  # fmt: skip
TEST_HEAD = (*LABELS[:3], gettext_noop("参数"), gettext_noop("月份"), *TEST_LABELS)
TEST_FIRST_FIELD_COL, TEST_FIRST_ORIGINAL_COL = 6, 16
TEST_PARAMETERS = {"ncv": "低位发热量", "carbon_content": "元素碳含量"}
TEST_CHOICES = {
    "method": {"self": "自行检测", "commissioned": "委托检测"},
    "accreditation": {"cma": "CMA", "cnas": "CNAS", "both": "CMA + CNAS", "none": "无"},
}
TEST_MAX_LENGTH = {"device": 100, "frequency": 40, "calibration_frequency": 40, "standard": 100,
                   "laboratory": 200}  # fmt: skip
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


# -- what the workbook shows --------------------------------------------------------------------


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
    unit: str  # "" = 全厂 (purchased electricity split over the units)
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


EXPORT_NOTE = (
    "本文件为排放报告的完整导出（含自动计算值与全年合计）。修改白色单元格后可以导入，规则与填报模板"
    "相同：只保存文件中改动过的单元格；导出后平台上改动过、文件中也改动了的数值作为冲突列出，不会覆盖。"
)
ENTRY_LABEL = {"input": "填报", "either": "填报或自动计算", "computed": "自动计算（导入时忽略）"}
# after the first 自动计算 its values may be changed (seed 000: 首次自动计算…企业仍可进行修改)
COMPUTED_EDITABLE = "自动计算（可修改）"
EXPORT_ENTRY_LABEL = {"input": "填报", "either": "填报或自动计算", "computed": "自动计算"}
_KIND = {Entry.INPUT: "input", Entry.INPUT_OR_COMPUTED: "either", Entry.COMPUTED: "computed"}


def row_specs(book: Book, table: Table) -> list[RowSpec]:
    """The rows of ``table`` for the report's units, in the national form's order."""
    out: list[RowSpec] = []
    catalogue = fuel_catalogue()
    split = book.identity.split_electricity
    for unit in book.units:
        fuels = unit.fuels if table == Table.FUEL else ("",)
        for fuel in fuels:
            f = catalogue.get(fuel)
            if table == Table.FUEL:
                out.append(RowSpec(table, unit.name, fuel, STATE_KEY, "燃料状态", "入炉/入厂",
                                   "—", "input", None))  # fmt: skip
            for row in ROWS[table]:
                kind = _KIND[row.entry]
                if table == Table.ELECTRICITY and row.key == "mwh" and split:
                    kind = "computed"  # the plant's purchase split equally (购入使用电量表 说明1)
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
    return out


def record_places(book: Book) -> list[TestPlace]:
    return [
        (unit.name, fuel, parameter, month)
        for unit in book.units
        for fuel in unit.fuels
        for parameter in TEST_PARAMETERS
        for month in MONTHS
    ]


# -- writing ------------------------------------------------------------------------------------
GREY = PatternFill("solid", fgColor="D9D9D9")
SEALED = PatternFill("solid", fgColor="DDEBF7")
DAILY = PatternFill("solid", fgColor="EDEDED")
HEAD = PatternFill("solid", fgColor="E2EFDA")
TITLE_FONT = Font(bold=True, size=14, color="0F6B4F")
BOLD = Font(bold=True)
AUTO_FONT = Font(italic=True, color="7F7F7F")
GREY_FONT = Font(color="595959")
THIN = Side(style="thin", color="BFBFBF")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")


def _text_cell(ws: Worksheet, row: int, col: int, value: str) -> Cell:
    """The one way a cell is written: as text, never a formula — a name such as
    ``=HYPERLINK(…)`` stays the text it is (every cell of every workbook goes through here)."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters cannot be in a workbook
    cell = ws.cell(row=row, column=col)
    cell.value = value if value != "" else None
    cell.number_format = "@"  # text: what is typed stays the exact decimal string
    if value != "":
        cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _head(ws: Worksheet, row: int, labels: Iterable[str], first_col: int = 1) -> None:
    for i, label in enumerate(labels):
        cell = _text_cell(ws, row, first_col + i, label)
        cell.font, cell.fill, cell.border = BOLD, HEAD, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _identity_block(ws: Worksheet, book: Book, title: str, kind: str) -> None:
    i = book.identity
    _text_cell(ws, 1, 2, f"{i.year}年度排放报告 · {title}").font = TITLE_FONT
    _text_cell(ws, 2, 2, "重点排放单位")
    _text_cell(ws, 2, 3, i.enterprise)
    _text_cell(ws, 2, 5, "统一社会信用代码")
    _text_cell(ws, 2, 6, i.credit_code)
    _text_cell(ws, 3, 2, "报告年度")
    _text_cell(ws, 3, 3, f"{i.year}")
    _text_cell(ws, 3, 5, "报告版本")
    _text_cell(ws, 3, 6, f"第{i.number}版（{i.state}）" if i.state else f"第{i.number}版")
    _text_cell(ws, 3, 8, "质量控制计划")
    _text_cell(ws, 3, 9, f"第{i.plan_version}版")
    note = (
        "白色单元格填报；灰色行由“自动计算”填写，导入时忽略；浅蓝色列为已存证月份。"
        "数值按文本填写（不带正负号、不用科学计数法），小数位数不超过“小数位数”列。详见“填表说明”。"
        if kind == KIND_TEMPLATE
        else EXPORT_NOTE
    )
    _text_cell(ws, 4, 2, note).font = GREY_FONT
    for r, c in ((2, 2), (2, 5), (3, 2), (3, 5), (3, 8)):
        ws.cell(row=r, column=c).font = GREY_FONT


def _month_head(month: int, book: Book) -> str:
    return f"{month}月（已存证）" if month in book.rules.sealed else f"{month}月"


def _display(spec: RowSpec, text: str) -> str:
    return state_label_zh(text) if spec.key == STATE_KEY else text


def _table_sheet(wb: Workbook, book: Book, table: Table, kind: str) -> None:
    ws = wb.create_sheet(TABLE_SHEETS[table])
    _identity_block(ws, book, TABLE_SHEETS[table], kind)
    months = [_month_head(m, book) for m in MONTHS]
    _head(ws, HEADER_ROW, (*LABELS, *months))
    if kind == KIND_EXPORT:
        _head(ws, HEADER_ROW, (ANNUAL_LABEL,), ANNUAL_COL)
    _head(ws, HEADER_ROW, [f"原值{m}月" for m in MONTHS], FIRST_ORIGINAL_COL)
    state_rule = DataValidation(type="list", formula1='"入炉,入厂"', allow_blank=True,
                                error="请选择“入炉”或“入厂”", showErrorMessage=True)  # fmt: skip
    ws.add_data_validation(state_rule)
    r = HEADER_ROW
    for spec in row_specs(book, table):
        r += 1
        _text_cell(ws, r, KEY_COL, spec.key_text)
        entry = (ENTRY_LABEL if kind == KIND_TEMPLATE else EXPORT_ENTRY_LABEL)[spec.kind]
        typed_here = any(_lock(book, spec, m) is None for m in MONTHS)
        if spec.kind == "computed" and typed_here and kind == KIND_TEMPLATE:
            entry = COMPUTED_EDITABLE
        labels = (spec.unit or "全厂", fuel_label(spec.fuel), spec.label, spec.unit_text,
                  spec.places, entry)  # fmt: skip
        if spec.unit == "":
            labels = (*labels[:5], "填报（全厂，按机组平分）")
        for i, text in enumerate(labels):
            cell = _text_cell(ws, r, 2 + i, text)
            cell.border = BOX
            if spec.kind == "computed":
                cell.fill = GREY
        for month in MONTHS:
            place = (spec.unit, table.value, spec.fuel, spec.key, month)
            text = book.values.get(place, "")
            cell = _text_cell(ws, r, FIRST_MONTH_COL + month - 1, _display(spec, text))
            cell.border = BOX
            cell.alignment = Alignment(horizontal="right")
            lock = _lock(book, spec, month)
            if spec.kind == "computed":
                cell.fill, cell.font = GREY, GREY_FONT
            elif lock == Lock.SEALED:
                cell.fill = SEALED
            elif lock is not None:
                cell.fill = DAILY
            if lock is None and kind == KIND_TEMPLATE:
                cell.protection = UNLOCKED
                if spec.key == STATE_KEY:
                    state_rule.add(cell)
            if place in book.auto and spec.kind == "either":
                cell.font = AUTO_FONT
            _text_cell(ws, r, FIRST_ORIGINAL_COL + month - 1, text)  # 原值: as downloaded
        if kind == KIND_EXPORT:
            annual = book.annual.get((spec.unit, table.value, spec.fuel, spec.key), "")
            cell = _text_cell(ws, r, ANNUAL_COL, annual)
            cell.border, cell.font = BOX, BOLD
            cell.alignment = Alignment(horizontal="right")
    widths = {1: 18, 2: 12, 3: 10, 4: 20, 5: 13, 6: 8, 7: 14}
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    for month in MONTHS:
        ws.column_dimensions[get_column_letter(FIRST_MONTH_COL + month - 1)].width = 13
    ws.column_dimensions[get_column_letter(ANNUAL_COL)].width = 15
    ws.column_dimensions["A"].hidden = True
    if table != Table.FUEL:
        ws.column_dimensions["C"].hidden = True
    for month in MONTHS:
        ws.column_dimensions[get_column_letter(FIRST_ORIGINAL_COL + month - 1)].hidden = True
    if kind == KIND_TEMPLATE:
        _protect(ws)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=FIRST_MONTH_COL)


def _place(book: Book, spec: RowSpec, month: int) -> FormPlace:
    unit = book.unit_ids.get(spec.unit) if spec.unit else None
    return FormPlace(unit, spec.table.value, spec.fuel, spec.key, month)


def _lock(book: Book, spec: RowSpec, month: int) -> Lock | None:
    """Why the place is not typed in the workbook, or ``None`` (:mod:`tanhe.reports.places`,
    the rule of every entry path)."""
    return book.rules.lock(_place(book, spec, month))


def _derived(book: Book, spec: RowSpec, month: int) -> Lock | None:
    """Whether the value comes from other records (daily records, heat measurements, members'
    hours, the split purchase): never typed, whatever the month's state."""
    return book.rules.derived(_place(book, spec, month))


def _protect(ws: Worksheet) -> None:
    """Protected without a password: labels, keys and grey cells are not changed by mistake."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _test_sheet(wb: Workbook, book: Book, kind: str) -> None:
    ws = wb.create_sheet(TEST_SHEET)
    _identity_block(ws, book, TEST_SHEET, kind)
    _head(ws, HEADER_ROW, TEST_HEAD)
    _head(ws, HEADER_ROW, [f"原值{label}" for label in TEST_LABELS], TEST_FIRST_ORIGINAL_COL)
    rules = {
        name: DataValidation(
            type="list",
            formula1='"' + ",".join(choices.values()) + '"',
            allow_blank=True,
            showErrorMessage=True,
        )
        for name, choices in TEST_CHOICES.items()
    }
    for rule in rules.values():
        ws.add_data_validation(rule)
    places = (
        record_places(book) if kind == KIND_TEMPLATE else sorted(book.tests, key=_test_order(book))
    )
    r = HEADER_ROW
    for place in places:
        r += 1
        unit, fuel, parameter, month = place
        _text_cell(ws, r, KEY_COL, "|".join(map(str, place)))
        for i, text in enumerate(
            (unit, fuel_label(fuel), TEST_PARAMETERS[parameter], f"{month}月")
        ):
            _text_cell(ws, r, 2 + i, text).border = BOX
        values = book.tests.get(place, {})
        for i, name in enumerate(TEST_FIELDS):
            text = values.get(name, "")
            shown = TEST_CHOICES[name].get(text, text) if name in TEST_CHOICES else text
            cell = _text_cell(ws, r, TEST_FIRST_FIELD_COL + i, shown)
            cell.border = BOX
            if kind == KIND_TEMPLATE:
                cell.protection = UNLOCKED  # not part of a month's 存证 (services.month_content)
                if name in rules:
                    rules[name].add(cell)
            _text_cell(ws, r, TEST_FIRST_ORIGINAL_COL + i, text)  # 原值: as downloaded
    widths = (18, 12, 10, 12, 8, 11, 18, 12, 13, 20, 24, 13, 12, 12)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.column_dimensions["A"].hidden = True
    for i in range(len(TEST_FIELDS)):
        ws.column_dimensions[get_column_letter(TEST_FIRST_ORIGINAL_COL + i)].hidden = True
    if kind == KIND_TEMPLATE:
        _protect(ws)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=TEST_FIRST_FIELD_COL)


def _test_order(book: Book) -> Any:
    order = {place: i for i, place in enumerate(record_places(book))}
    return lambda place: order.get(place, len(order))


GUIDE = (
    "1. 本模板只能导入为其生成的报告（见上方单位、年度和版本）；"
    "其他单位、年度或版本的文件将被整体拒绝。",
    "2. 白色单元格为填报项。灰色行由平台“自动计算”填写，导入时忽略（改动不会保存）；导入后请在平台"
    "点击“自动计算”更新灰色单元格。",
    "3. “填报或自动计算”行（如低位发热量、收到基元素碳含量、供热比）中"
    "灰色斜体的数值是自动计算填入的；"
    "有实测值时直接覆盖即可。",
    "4. 数值请按文本填写（单元格已设为文本格式）：只写数字和小数点，不带正负号，不用科学计数法，"
    "小数位数不超过“小数位数”列；千位分隔符“,”导入时去掉。请勿使用公式。",
    "5. 空单元格表示“未填报”：把原有数值清空，导入时会删除该数值（不使用的燃料请填 0）。",
    "6. 燃料状态填“入炉”或“入厂”；确定方式表的检测方式和 CMA/CNAS 标识从下拉列表选择，"
    "日期写成 2023-01-31。",
    "7. 浅蓝色为已存证月份，不能在此修改（须先在平台提出修改申请）；"
    "浅灰色为由日消耗记录计算的月份，"
    "请在平台修改日记录。",
    "8. 只保存文件中改动过的单元格：下载模板后在平台上修改过的数值，文件中未改动时不会被覆盖；"
    "两边都改动的数值会作为冲突列出，请重新下载模板。",
    "9. 数据获取方式（实测值/缺省值/计算值）和数据来源沿用平台上的记录，新填的数值记为实测值。",
    "10. 请勿插入、删除或移动行列，勿修改隐藏的列和工作表。工作表已保护（无密码）只为防止误改。",
    "11. 导入时检查每个单元格：只要有一处错误，整个文件都不导入，"
    "并列出每一处错误（工作表、行、列、内容、规则）。",
)


def _guide_sheet(wb: Workbook, book: Book) -> None:
    """填表说明: which report the template is for, the rules, and the colours."""
    ws = wb.active
    ws.title = GUIDE_SHEET
    i = book.identity
    _text_cell(ws, 1, 1, f"{i.year}年度排放报告 Excel 填报模板").font = TITLE_FONT
    rows = (("重点排放单位", i.enterprise), ("统一社会信用代码", i.credit_code),
            ("报告年度", f"{i.year}"), ("报告版本", f"第{i.number}版"),
            ("质量控制计划", f"第{i.plan_version}版"),
            ("外购电量按机组平分", "是" if i.split_electricity else "否"))  # fmt: skip
    for n, (label, value) in enumerate(rows, start=3):
        _text_cell(ws, n, 1, label).font = GREY_FONT
        _text_cell(ws, n, 2, value)
    r = len(rows) + 4
    _text_cell(ws, r, 1, "填表说明").font = BOLD
    for line in GUIDE:
        r += 1
        _text_cell(ws, r, 1, line).alignment = WRAP
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        ws.row_dimensions[r].height = 34
    r += 2
    _text_cell(ws, r, 1, "颜色图例").font = BOLD
    legend = (("", None, "填报"), ("12.34", AUTO_FONT, "自动计算填入，可覆盖"),
              ("", GREY, "自动计算（导入时忽略）"), ("", SEALED, "已存证月份（不能修改）"),
              ("", DAILY, "由日消耗记录计算（不能修改）"))  # fmt: skip
    for sample, style, text in legend:
        r += 1
        cell = _text_cell(ws, r, 1, sample)
        cell.border = BOX
        if isinstance(style, PatternFill):
            cell.fill = style
        elif isinstance(style, Font):
            cell.font = style
        _text_cell(ws, r, 2, text)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 100


def _meta_sheet(wb: Workbook, book: Book, kind: str, generated: str) -> None:
    ws = wb.create_sheet(META_SHEET)
    i = book.identity
    rows = (("format", FORMAT), ("kind", kind), ("credit_code", i.credit_code),
            ("enterprise", i.enterprise), ("year", str(i.year)), ("number", str(i.number)),
            ("plan_version", str(i.plan_version)),
            ("split_electricity", "1" if i.split_electricity else "0"),
            ("originals", "1"), ("generated_at", generated))  # fmt: skip
    for n, (key, value) in enumerate(rows, start=1):
        _text_cell(ws, n, 1, key)
        _text_cell(ws, n, 2, value)
    ws.sheet_state = "veryHidden"


def _plain_sheet(wb: Workbook, sheet: Sheet, book: Book) -> None:
    ws = wb.create_sheet(sheet.title)
    _text_cell(ws, 1, 1, f"{book.identity.year}年度排放报告 · {sheet.title}").font = TITLE_FONT
    if sheet.note:
        _text_cell(ws, 2, 1, sheet.note).font = GREY_FONT
    _head(ws, 4, sheet.head)
    for r, values in enumerate(sheet.rows, start=5):
        for c, value in enumerate(values, start=1):
            cell = _text_cell(ws, r, c, value)
            cell.border = BOX
            if sheet.total_last and r == 4 + len(sheet.rows):
                cell.font = BOLD
    for c, label in enumerate(sheet.head, start=1):
        longest = max([len(label), *(len(row[c - 1]) for row in sheet.rows if c <= len(row))])
        ws.column_dimensions[get_column_letter(c)].width = min(70, max(10, longest * 1.6 + 2))


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def build_template(book: Book, *, generated: str = "") -> bytes:
    """The 填报模板: guide, the three tables, 确定方式表, and the hidden identity sheet."""
    wb = Workbook()
    _guide_sheet(wb, book)
    for table in Table:
        _table_sheet(wb, book, table, KIND_TEMPLATE)
    _test_sheet(wb, book, KIND_TEMPLATE)
    _meta_sheet(wb, book, KIND_TEMPLATE, generated)
    return _save(wb)


def build_export(book: Book, extra: Iterable[Sheet] = (), *, generated: str = "") -> bytes:
    """The whole report: 基本信息 and the other plain sheets, the tables with every value and
    the 全年 column, the 确定方式表 as filled."""
    wb = Workbook()
    wb.remove(wb.active)
    extra = list(extra)
    for sheet in extra[:1]:  # 基本信息 first
        _plain_sheet(wb, sheet, book)
    for table in Table:
        _table_sheet(wb, book, table, KIND_EXPORT)
    _test_sheet(wb, book, KIND_EXPORT)
    for sheet in extra[1:]:
        _plain_sheet(wb, sheet, book)
    _meta_sheet(wb, book, KIND_EXPORT, generated)
    return _save(wb)


# -- reading ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """One reason the workbook is refused: where in the file (sheet, row, column, value), the
    rule (worded when found: during the reader's request, in their language) and the report's
    place of the cell (data, worded when shown)."""

    rule: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""  # the cell as the file has it, shortened: a page repeats at most 60 characters
    place: Where | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", shorten(self.value))

    def __str__(self) -> str:
        parts = [self.sheet] if self.sheet else []
        if self.row is not None:
            parts.append(_("第%(row)s行") % {"row": self.row})
        if self.column:
            parts.append(_("%(column)s列") % {"column": self.column})
        if self.value:
            parts.append(f"“{self.value}”")
        if not parts:
            return self.rule
        return _("%(where)s：%(what)s") % {"where": " ".join(parts), "what": self.rule}


class WorkbookRejected(ValueError):
    """The workbook is not imported; ``problems`` lists every reason (nothing was saved), and
    ``headline`` replaces the page's count of them when given."""

    def __init__(self, problems: list[Problem], headline: str = "") -> None:
        self.problems = problems
        self.headline = headline
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class CellRead:
    """An input cell as the file has it: its canonical text and the value as downloaded."""

    place: Place
    text: str
    original: str
    sheet: str
    row: int
    column: str
    shown: str  # the cell as the user sees it (for messages)
    spec: RowSpec


@dataclass(frozen=True)
class TestRead:
    place: TestPlace
    values: dict[str, str]  # canonical: choice keys, ISO dates
    original: dict[str, str]
    row: int


@dataclass
class Parsed:
    cells: list[CellRead] = field(default_factory=list)
    tests: list[TestRead] = field(default_factory=list)
    ignored: int = 0  # grey (computed) cells changed in the file: not imported
    has_tests: bool = False


def _quoted(word: str, meaning: str) -> str:
    """A Chinese word the file must have, quoted; in another language with its meaning next to
    it: “燃料” (Fuel). Names that are data (a unit's) mean themselves."""
    return f"“{word}”" if meaning in ("", word) else f"“{word}” ({meaning})"


def _term(word: str) -> str:
    """A word of the workbook (a header, a sheet, a choice) quoted with its catalogue meaning."""
    if word.startswith("原值"):  # the hidden columns of the values as downloaded
        return _quoted(word, _("原值%(label)s") % {"label": _meaning(word[2:])})
    return _quoted(word, _meaning(word))


def _meaning(word: str) -> str:
    month = re.fullmatch(r"([0-9]+)月", word)
    if month and 1 <= int(month[1]) <= 12:
        return month_label(int(month[1]))
    sheet = {label: table for table, label in TABLE_SHEETS.items()}.get(word)
    if sheet is not None:
        return str(AREAS[sheet.value])
    return _(word)  # the headers are marked for makemessages where they are defined


def _cell_text(value: Any, data_type: str | None) -> tuple[str, str | None, bool]:
    """(text, problem, is_float) of a cell value as openpyxl reads it."""
    if value is None:
        return "", None, False
    if data_type == "f":
        return str(value), _("是公式：请“选择性粘贴 → 数值”并设为文本格式后再导入"), False
    if isinstance(value, bool):
        return str(value).upper(), _("不是数字"), False
    if isinstance(value, int):
        return str(value), None, False
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value), _("不是数字"), True
        return format(Decimal(repr(value)), "f"), None, True
    if isinstance(value, datetime | date | time):
        text = value.isoformat() if not isinstance(value, datetime) else str(value)
        return text, _("是日期或时间格式，不是数字（请设为文本格式后重新填写）"), False
    if isinstance(value, Decimal):
        return format(value, "f"), None, False
    return strip_blanks(str(value)), None, False


# Words a refused value: the number rule it breaks, or why its place is not typed here
# (tanhe.reports.problems.rule_text).
Describe = Callable[[InputProblem | Lock], str]


def check_value(
    text: str, spec: RowSpec, decimals: dict[str, int]
) -> tuple[str, InputProblem | None]:
    """The canonical text of an entry, or the problem with it: the rule of every entry path
    (:func:`tanhe.reports.values.cell_value`)."""
    try:
        return cell_value(text, spec.key, spec.row, spec.fuel, decimals), None
    except InputRefused as exc:
        return text, exc.problem


def _refused(message: str) -> WorkbookRejected:
    """The whole file refused for one reason."""
    return WorkbookRejected([Problem(message)])


def _damaged(name: str) -> WorkbookRejected:
    return _refused(
        _(
            "文件“%(name)s”无法作为 Excel 工作簿读取（文件已损坏），"
            "请用 Excel 打开后另存为 .xlsx 再导入"
        )
        % {"name": name}
    )


def _open(data: bytes, name: str) -> Any:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _refused(_(
            "文件“%(name)s”是旧版 Excel（.xls）或加密的工作簿，不能导入：请用 Excel 取消密码并"
            "另存为 .xlsx 后重试"
        ) % {"name": name})  # fmt: skip
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise _refused(_(
            "文件“%(name)s”不是 Excel 工作簿（.xlsx）：按文件内容判断，它不是 .xlsx 格式"
            "（不是 zip 压缩的 Office Open XML 文件）。请上传从本平台下载并填写的模板"
        ) % {"name": name}) from None  # fmt: skip
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise _refused(_(
            "文件“%(name)s”是 zip 压缩包，但不是 Excel 工作簿（.xlsx）。"
            "请上传从本平台下载并填写的模板"
        ) % {"name": name})  # fmt: skip
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise _damaged(name) from None


def _rows(ws: Any, max_col: int) -> Iterator[tuple[int, list[tuple[Any, str | None]]]]:
    for number, cells in enumerate(ws.iter_rows(max_col=max_col), start=1):
        if number > MAX_ROWS:
            raise WorkbookRejected([Problem(
                _("超过 %(max)s 行，不是本平台的模板") % {"max": MAX_ROWS}, ws.title
            )])  # fmt: skip
        values = [(getattr(c, "value", None), getattr(c, "data_type", None)) for c in cells]
        values += [(None, None)] * (max_col - len(values))
        yield number, values


def _check_identity(wb: Any, book: Book) -> str:
    """The workbook's kind (template or export), once it is shown to be this report's."""
    if META_SHEET not in wb.sheetnames:
        raise _refused(_(
            "该工作簿不是从本平台下载的排放报告模板（缺少模板标识），不能导入：请先下载模板，在模板中填写后再导入"
        ))  # fmt: skip
    meta: dict[str, str] = {}
    for _n, values in _rows(wb[META_SHEET], 2):
        key, value = (_cell_text(v, t)[0] for v, t in values)
        if key:
            meta[key] = shorten(value)  # echoed in messages
    if meta.get("format") != FORMAT:
        raise _refused(_(
            "模板格式“%(format)s”不是本平台当前的格式（%(current)s），请重新下载模板"
        ) % {"format": meta.get("format", ""), "current": FORMAT})  # fmt: skip
    if meta.get("kind") not in (KIND_TEMPLATE, KIND_EXPORT):
        raise _refused(_(
            "模板类型“%(kind)s”无法识别：请下载“Excel 填报模板”，填写后再导入"
        ) % {"kind": meta.get("kind", "")})  # fmt: skip
    if meta["kind"] == KIND_EXPORT and meta.get("originals") != "1":
        raise _refused(_(
            "该导出文件由平台的旧版本生成，没有记录导出时的数值，无法判断哪些数值是在文件中改动的，"
            "导入可能覆盖平台上更新的数值，因此不能导入："
            "请重新导出，或下载“Excel 填报模板”填写后导入"
        ))  # fmt: skip
    return _same_report(meta, book.identity)


def _same_report(meta: dict[str, str], i: Identity) -> str:
    """The file's kind, once its identity sheet names this report (every difference listed)."""
    differences = []
    if meta.get("credit_code") != i.credit_code:
        differences.append(Problem(_(
            "重点排放单位不同：文件属于“%(file_name)s”（%(file_code)s），"
            "本报告属于“%(name)s”（%(code)s）"
        ) % {"file_name": meta.get("enterprise", ""), "file_code": meta.get("credit_code", ""),
             "name": i.enterprise, "code": i.credit_code}))  # fmt: skip
    if meta.get("year") != str(i.year):
        differences.append(Problem(_(
            "报告年度不同：文件为%(file)s年度，本报告为%(year)s年度"
        ) % {"file": meta.get("year", ""), "year": i.year}))  # fmt: skip
    if meta.get("number") != str(i.number):
        differences.append(Problem(_(
            "报告版本不同：文件由第%(file)s版生成，本报告为第%(number)s版"
        ) % {"file": meta.get("number", ""), "number": i.number}))  # fmt: skip
    if meta.get("plan_version") != str(i.plan_version):
        differences.append(Problem(_(
            "质量控制计划版本不同：文件按第%(file)s版生成，本报告依据第%(number)s版"
        ) % {"file": meta.get("plan_version", ""), "number": i.plan_version}))  # fmt: skip
    if not differences and meta.get("split_electricity") != ("1" if i.split_electricity else "0"):
        now = _("是") if i.split_electricity else _("否")
        differences.append(Problem(_(
            "下载模板后“外购电量按机组平分”已改为“%(now)s”，购入使用电量表的行已不同"
        ) % {"now": now}))  # fmt: skip
    if differences:
        raise WorkbookRejected(differences, _("文件不是本报告的模板，未导入。请下载本报告的模板："))
    return meta["kind"]


def _find_header(rows: list[tuple[int, list[tuple[Any, str | None]]]], sheet: str) -> int:
    """The header row: the first row whose B cell reads 机组名称 (the template's row 6)."""
    for index, (_n, values) in enumerate(rows[:20]):
        if _cell_text(*values[1])[0] == LABELS[1]:
            return index
    raise WorkbookRejected([Problem(_(
        "找不到表头（B列为%(label)s的行）：请勿删除或移动表头，请重新下载模板"
    ) % {"label": _term(LABELS[1])}, sheet)])  # fmt: skip


def _check_head(
    sheet: str, number: int, values: list[tuple[Any, str | None]], expected: dict[int, str]
) -> list[Problem]:
    problems = []
    for col, label in expected.items():
        found = _cell_text(*values[col - 1])[0]
        month_head = re.fullmatch(r"[0-9]+月", label) is not None
        ok = found.startswith(label) if month_head else found == label
        if month_head and ok:
            ok = found[len(label) :][:1] not in tuple("0123456789")  # "1月" is not "11月"
        if not ok:
            problems.append(Problem(
                _("表头应为%(label)s：请勿插入、删除或移动列，请重新下载模板")
                % {"label": _term(label)},
                sheet, number, get_column_letter(col), found,
            ))  # fmt: skip
    return problems


def read_workbook(data: bytes, name: str, book: Book, *, describe: Describe) -> Parsed:
    """Every input cell of a filled template, checked; raises :class:`WorkbookRejected` with
    every problem found (file, identity, sheets, headers, rows, cells). The caller has checked
    the zip (:func:`tanhe.documents.archives.check_archive`) before. ``describe`` words a
    refused value (the caller's language: ``tanhe.validators.number_rule``)."""
    name = shorten(name)
    wb = _open(data, name)
    try:
        return _read(wb, book, describe)
    except WorkbookRejected:
        raise
    except Exception:  # a sheet's XML that openpyxl cannot parse, met only while reading it
        raise _damaged(name) from None
    finally:
        wb.close()


def _read(wb: Any, book: Book, describe: Describe) -> Parsed:
    kind = _check_identity(wb, book)
    missing = [s for s in TABLE_SHEETS.values() if s not in wb.sheetnames]
    if missing:
        raise WorkbookRejected([Problem(
            _("缺少工作表%(sheet)s：请勿删除或重命名工作表，请重新下载模板") % {"sheet": _term(s)}
        ) for s in missing])  # fmt: skip
    parsed = Parsed()
    problems: list[Problem] = []
    for table, sheet in TABLE_SHEETS.items():
        problems += _read_table(wb[sheet], table, book, parsed, kind, describe)
    if TEST_SHEET in wb.sheetnames:
        parsed.has_tests = True
        problems += _read_tests(wb[TEST_SHEET], book, parsed)
    if problems:
        raise WorkbookRejected(problems)
    return parsed


def _read_table(
    ws: Any, table: Table, book: Book, parsed: Parsed, kind: str, describe: Describe
) -> list[Problem]:
    """A template and a full export carry each cell's value as downloaded (hidden 原值
    columns): only what the file changed is saved, and a cell changed on the platform meanwhile
    is a conflict (:func:`changed_cells`) — the same for both kinds."""
    sheet = ws.title
    export = kind == KIND_EXPORT
    last_col = FIRST_ORIGINAL_COL + 11
    rows = list(_rows(ws, last_col))
    start = _find_header(rows, sheet)
    head_number, head = rows[start]
    expected = {i + 1: label for i, label in enumerate(LABELS)}
    expected |= {FIRST_MONTH_COL + m - 1: f"{m}月" for m in MONTHS}
    if export:
        expected[ANNUAL_COL] = ANNUAL_LABEL
    expected |= {FIRST_ORIGINAL_COL + m - 1: f"原值{m}月" for m in MONTHS}
    problems = _check_head(sheet, head_number, head, expected)
    if problems:
        return problems
    specs = {s.key_text: s for s in row_specs(book, table)}
    units = {u.name: u for u in book.units}
    seen: dict[str, int] = {}
    for number, values in rows[start + 1 :]:
        texts = [_cell_text(v, t) for v, t in values]
        key = texts[0][0]
        if not key:
            if any(t[0] for t in texts[FIRST_MONTH_COL - 1 : FIRST_MONTH_COL + 11]):
                problems.append(Problem(
                    _("该行不是模板中的行（没有隐藏的行标识）：请勿插入行，数值须填在模板原有的行中"),
                    sheet, number, "A",
                ))  # fmt: skip
            continue
        spec = specs.get(key)
        if spec is None:
            problems.append(Problem(_unknown_row(key, table, units), sheet, number, "A", key))
            continue
        if key in seen:
            problems.append(Problem(_("与第%(row)s行重复（%(place)s）") % {
                "row": seen[key], "place": spec.at()}, sheet, number, "A"))  # fmt: skip
            continue
        seen[key] = number
        shown_labels = (spec.unit or "全厂", fuel_label(spec.fuel), spec.label)
        for col, label, meaning in zip((2, 3, 4), shown_labels, spec.meanings(), strict=True):
            if texts[col - 1][0] != label:
                problems.append(Problem(
                    _("与该行的隐藏行标识不一致（应为%(label)s）：请勿修改或移动标题列")
                    % {"label": _quoted(label, meaning)},
                    sheet, number, get_column_letter(col), texts[col - 1][0], spec.at(),
                ))  # fmt: skip
        for month in MONTHS:
            col = FIRST_MONTH_COL + month - 1
            text, problem, is_float = texts[col - 1]
            place = (spec.unit, table.value, spec.fuel, spec.key, month)
            original = texts[FIRST_ORIGINAL_COL + month - 2][0]
            letter = get_column_letter(col)
            where = spec.at(month)
            if spec.kind == "computed" and not book.rules.computed_once:
                if _display(spec, original) != text:
                    parsed.ignored += 1  # grey and empty before 自动计算: not the file's to fill
                continue
            if problem is None:
                canonical, refused = check_value(text, spec, book.decimals)
                problem = describe(refused) if refused else None
                if problem and is_float:
                    problem = _(
                        "%(rule)s；该单元格是数字格式，请设为文本格式后重新填写"
                    ) % {"rule": problem}  # fmt: skip
            if problem:
                problems.append(Problem(problem, sheet, number, letter, text, where))
                continue
            if (lock := _derived(book, spec, month)) and canonical != original:
                problems.append(Problem(describe(lock), sheet, number, letter, text, where))
                continue
            parsed.cells.append(CellRead(place, canonical, original, sheet, number, letter,
                                         text, spec))  # fmt: skip
    for key, spec in specs.items():
        if key not in seen:
            problems.append(Problem(
                _("缺少“%(place)s”这一行：请勿删除行，请重新下载模板") % {"place": spec.at()},
                sheet,
            ))  # fmt: skip
    return problems


UNKNOWN_KEY = gettext_noop("隐藏的行标识无法识别：请勿修改隐藏列，请重新下载模板")


def _unit_not_in_plan(unit: str, units: Iterable[str]) -> str:
    return _("机组“%(unit)s”不在本报告依据的质量控制计划中（计划中的机组：%(units)s）") % {
        "unit": shorten(unit), "units": listed(units)}  # fmt: skip


def _unknown_row(key: str, table: Table, units: dict[str, UnitLayout]) -> str:
    parts = key.rsplit("|", 2)
    if len(parts) != 3:
        return _(UNKNOWN_KEY)
    unit, fuel, row_key = parts
    if unit and unit not in units:
        return _unit_not_in_plan(unit, units)
    if table == Table.FUEL and unit and fuel not in units[unit].fuels:
        return str(MESSAGES["fuel_not_in_plan"]) % {"unit": unit, "fuel": shorten(fuel_name(fuel))}
    return str(MESSAGES["unknown_row"]) % {"table": AREAS[table.value], "key": shorten(row_key)}


_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?", re.ASCII)


def _test_value(name: str, text: str) -> tuple[str, str | None]:
    """The canonical text of a 确定方式表 field: a choice's key, an ISO date, or trimmed text."""
    if text == "":
        return "", None
    if name in TEST_CHOICES:
        choices = TEST_CHOICES[name]
        by_label = {label: key for key, label in choices.items()}
        if text in by_label or text in choices:
            return by_label.get(text, text), None
        allowed = listed(_term(label) for label in choices.values())
        return text, _("须从下拉列表选择：%(choices)s") % {"choices": allowed}
    if name in TEST_DATES:
        match = _DATE.fullmatch(text)
        try:
            if match is None:
                raise ValueError
            return date(*(int(g) for g in match.groups())).isoformat(), None
        except ValueError:
            return text, _("不是日期（请写成 2023-01-31）")
    limit = TEST_MAX_LENGTH[name]
    if len(text) > limit:
        return text, _("超过 %(max)s 个字") % {"max": limit}
    return text, None


def _read_tests(ws: Any, book: Book, parsed: Parsed) -> list[Problem]:
    sheet = ws.title
    last_col = TEST_FIRST_ORIGINAL_COL + len(TEST_FIELDS) - 1
    rows = list(_rows(ws, last_col))
    start = _find_header(rows, sheet)
    head_number, head = rows[start]
    expected = {i + 1: label for i, label in enumerate(TEST_HEAD)}
    expected |= {TEST_FIRST_ORIGINAL_COL + i: f"原值{label}" for i, label in enumerate(TEST_LABELS)}
    problems = _check_head(sheet, head_number, head, expected)
    if problems:
        return problems
    specs = {"|".join(map(str, p)): p for p in record_places(book)}
    units = {u.name: u for u in book.units}
    seen: dict[str, int] = {}
    for number, values in rows[start + 1 :]:
        key = _cell_text(*values[0])[0]
        fields = values[TEST_FIRST_FIELD_COL - 1 : TEST_FIRST_FIELD_COL - 1 + len(TEST_FIELDS)]
        if not key:
            if any(v is not None and _cell_text(v, t)[0] for v, t in fields):
                problems.append(Problem(
                    _("该行不是模板中的行（没有隐藏的行标识）：请勿插入行"), sheet, number, "A"
                ))  # fmt: skip
            continue
        place = specs.get(key)
        if place is None:
            unit = key.split("|", 1)[0]
            rule = _unit_not_in_plan(unit, units) if unit not in units else _(UNKNOWN_KEY)
            problems.append(Problem(rule, sheet, number, "A", key))
            continue
        if key in seen:
            problems.append(
                Problem(_("与第%(row)s行重复") % {"row": seen[key]}, sheet, number, "A")
            )
            continue
        seen[key] = number
        unit, fuel, parameter, month = place
        where = Where(unit, Table.FUEL.value, fuel, parameter, month)
        read: dict[str, str] = {}
        original: dict[str, str] = {}
        for i, name in enumerate(TEST_FIELDS):
            value, data_type = fields[i]
            letter = get_column_letter(TEST_FIRST_FIELD_COL + i)
            shown = _cell_text(value, data_type)[0]
            if data_type == "f":
                text, problem = shown, _("是公式：请“选择性粘贴 → 数值”后再导入")
            elif name in TEST_DATES and isinstance(value, datetime | date):
                day = value.date() if isinstance(value, datetime) else value
                text, problem = day.isoformat(), None
            else:
                text, problem = _test_value(name, shown)
            if problem:
                problems.append(Problem(problem, sheet, number, letter, shown, where))
                continue
            read[name] = text
            original[name] = _cell_text(*values[TEST_FIRST_ORIGINAL_COL - 1 + i])[0]
        if len(read) != len(TEST_FIELDS):
            continue
        if read["sampled_on"] and read["reported_on"] and read["reported_on"] < read["sampled_on"]:
            problems.append(Problem(_("报告日期不能早于采样日期"), sheet, number, "N",
                                    read["reported_on"], where))  # fmt: skip
            continue
        parsed.tests.append(TestRead(place, read, original, number))
    return problems


# -- what to save -------------------------------------------------------------------------------
def _conflict(current: str, original: str, spec: RowSpec) -> str:
    def shown(text: str) -> str:
        return (state_label(text) if spec.key == STATE_KEY else text) or _("空")

    return _(
        "下载模板后，平台上的数值已由“%(before)s”改为“%(now)s”，文件中也改动了它："
        "请重新下载模板后再修改"
    ) % {"before": shown(original), "now": shown(current)}  # fmt: skip


def changed_cells(parsed: Parsed, book: Book) -> tuple[list[CellRead], list[Problem]]:
    """The cells the file changed since it was downloaded, and the conflicts with changes made
    on the platform meanwhile. An untouched cell is never saved (it may be newer online)."""
    out: list[CellRead] = []
    problems: list[Problem] = []
    for cell in parsed.cells:
        if cell.text == cell.original:
            continue
        current = book.values.get(cell.place, "")
        auto = cell.place in book.auto
        if current not in (cell.original, cell.text) and not auto:  # an entry changed online
            problems.append(Problem(_conflict(current, cell.original, cell.spec), cell.sheet,
                                    cell.row, cell.column, cell.shown,
                                    Where(*cell.place)))  # fmt: skip
            continue
        if cell.text == current and not auto:
            continue  # already so
        if cell.text == "" and (current == "" or auto):
            continue  # nothing entered to clear
        out.append(cell)
    return out, problems


def changed_tests(parsed: Parsed, book: Book) -> tuple[list[TestRead], list[Problem]]:
    out: list[TestRead] = []
    problems: list[Problem] = []
    for read in parsed.tests:
        if read.values == read.original:
            continue
        current = {k: book.tests.get(read.place, {}).get(k, "") for k in TEST_FIELDS}
        if current not in (read.original, read.values):
            unit, fuel, parameter, month = read.place
            problems.append(Problem(
                _("下载模板后，平台上的这条确定方式记录已被修改，文件中也改动了它：请重新下载模板后再修改"),
                TEST_SHEET, read.row, place=Where(unit, Table.FUEL.value, fuel, parameter, month),
            ))  # fmt: skip
            continue
        if current != read.values:
            out.append(read)
    return out, problems
