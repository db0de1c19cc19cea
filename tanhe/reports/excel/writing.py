"""Writing the workbook: the 填报模板 the enterprise fills offline and the full export, both laid
out by :mod:`.book`. Every cell is written as text, never a formula; a template protects what
is not typed there and keeps each value as downloaded in hidden columns (read back by
:mod:`.reading`)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from tanhe.accounting.fuels import fuel_label
from tanhe.accounting.report_form import MONTHS, STATE_KEY, Table

from ..labels import test_basis
from ..places import Lock
from .book import (
    ANNUAL_COL,
    ANNUAL_LABEL,
    FIRST_MONTH_COL,
    FIRST_ORIGINAL_COL,
    FORMAT,
    GUIDE_SHEET,
    HEADER_ROW,
    KEY_COL,
    KIND_EXPORT,
    KIND_TEMPLATE,
    LABELS,
    META_SHEET,
    TABLE_SHEETS,
    TEST_BASIS_COL,
    TEST_CHOICES,
    TEST_FIELDS,
    TEST_FIRST_FIELD_COL,
    TEST_FIRST_ORIGINAL_COL,
    TEST_HEAD,
    TEST_LABELS,
    TEST_PARAMETERS,
    TEST_SHEET,
    Book,
    RowSpec,
    Sheet,
    lock_at,
    record_places,
    row_specs,
    shown_text,
)

EXPORT_NOTE = (
    "本文件为排放报告的完整导出（含自动计算值与全年合计）。修改白色单元格后可以导入，规则与填报模板"
    "相同：只保存文件中改动过的单元格；导出后平台上改动过、文件中也改动了的数值作为冲突列出，不会覆盖。"
)
ENTRY_LABEL = {"input": "填报", "either": "填报或自动计算", "computed": "自动计算（导入时忽略）"}
# after the first 自动计算 its values may be changed (seed 000: 首次自动计算…企业仍可进行修改)
COMPUTED_EDITABLE = "自动计算（可修改）"
EXPORT_ENTRY_LABEL = {"input": "填报", "either": "填报或自动计算", "computed": "自动计算"}

# the cells' colours and fonts (explained on the 填表说明 sheet)
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
    for r, spec in enumerate(row_specs(book, table), start=HEADER_ROW + 1):
        _table_row(ws, r, book, spec, kind, state_rule)
    _table_columns(ws, table)
    if kind == KIND_TEMPLATE:
        _protect(ws)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=FIRST_MONTH_COL)


def _table_row(
    ws: Worksheet, r: int, book: Book, spec: RowSpec, kind: str, state_rule: DataValidation
) -> None:
    """One row of a table sheet: its key, title cells, months (with their 原值) and 全年."""
    _text_cell(ws, r, KEY_COL, spec.key_text)
    for i, text in enumerate(_row_labels(book, spec, kind)):
        cell = _text_cell(ws, r, 2 + i, text)
        cell.border = BOX
        if spec.kind == "computed":
            cell.fill = GREY
    for month in MONTHS:
        _month_cell(ws, r, book, spec, month, kind, state_rule)
    if kind == KIND_EXPORT:
        annual = book.annual.get((spec.unit, spec.table.value, spec.fuel, spec.key), "")
        cell = _text_cell(ws, r, ANNUAL_COL, annual)
        cell.border, cell.font = BOX, BOLD
        cell.alignment = Alignment(horizontal="right")


def _row_labels(book: Book, spec: RowSpec, kind: str) -> tuple[str, ...]:
    """The title cells B–G: unit, fuel, parameter, unit of measure, decimals, how it is filled."""
    entry = (ENTRY_LABEL if kind == KIND_TEMPLATE else EXPORT_ENTRY_LABEL)[spec.kind]
    typed_here = any(lock_at(book, spec, m) is None for m in MONTHS)
    if spec.kind == "computed" and typed_here and kind == KIND_TEMPLATE:
        entry = COMPUTED_EDITABLE
    labels = (spec.unit or "全厂", fuel_label(spec.fuel), spec.label, spec.unit_text,
              spec.places, entry)  # fmt: skip
    if spec.unit == "" and spec.fuel:
        labels = (*labels[:5], "填报（全厂，按机组发电量分配）")
    elif spec.unit == "":
        labels = (*labels[:5], "填报（全厂，按机组平分）")
    return labels


def _month_cell(
    ws: Worksheet,
    r: int,
    book: Book,
    spec: RowSpec,
    month: int,
    kind: str,
    state_rule: DataValidation,
) -> None:
    """A month's value, coloured by why it is not typed here, and its 原值 as downloaded."""
    place = (spec.unit, spec.table.value, spec.fuel, spec.key, month)
    text = book.values.get(place, "")
    cell = _text_cell(ws, r, FIRST_MONTH_COL + month - 1, shown_text(spec, text))
    cell.border = BOX
    cell.alignment = Alignment(horizontal="right")
    lock = lock_at(book, spec, month)
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


def _table_columns(ws: Worksheet, table: Table) -> None:
    """Column widths; the key, the fuel (outside 燃料信息表) and the 原值 columns are hidden."""
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
        basis = _text_cell(ws, r, TEST_BASIS_COL, test_basis(parameter, place in book.tested))
        basis.border = BOX
        if place not in book.tested:  # rows that may stay empty are grey; the others required
            basis.fill = GREY
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
    widths = (18, 12, 10, 12, 8, 22, 11, 18, 12, 13, 20, 24, 13, 16, 12, 12)
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
    "6. 燃料状态填“入炉”或“入厂”（有消耗量的月份必填，应与质量控制计划“数据的确定方式”一致，"
    "入炉优先）；确定方式表的检测方式和 CMA/CNAS 标识从下拉列表选择，日期写成 2023-01-31。"
    "“确定方式”列为实测值的行提交前须填写完整（该列由平台按已填报的数值给出，导入时忽略）。",
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
            ("allocated_fuels", ",".join(i.allocated_fuels)),
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
