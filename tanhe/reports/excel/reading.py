"""Reading a filled template (or a full export) back: every input cell of the three table sheets
and every 确定方式表 record, checked row by row against the rows the report has (:mod:`.book`),
each with its value as downloaded so that :mod:`.saving` saves only what the file changed. Every
problem is collected and raised at once (:class:`~.refusals.WorkbookRejected`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl.utils import get_column_letter

from tanhe.accounting.fuels import fuel_label
from tanhe.accounting.report_form import MONTHS, Table
from tanhe.inputs import shorten

from ..labels import fuel_name, listed
from ..problems import AREAS, MESSAGES
from .book import (
    ANNUAL_COL,
    ANNUAL_LABEL,
    FIRST_MONTH_COL,
    FIRST_ORIGINAL_COL,
    KIND_EXPORT,
    LABELS,
    TABLE_SHEETS,
    TEST_CHOICES,
    TEST_DATES,
    TEST_FIELDS,
    TEST_FIRST_FIELD_COL,
    TEST_FIRST_ORIGINAL_COL,
    TEST_HEAD,
    TEST_LABELS,
    TEST_MAX_LENGTH,
    TEST_SHEET,
    Book,
    Place,
    RowSpec,
    TestPlace,
    UnitLayout,
    Where,
    derived_at,
    record_places,
    row_specs,
    shown_text,
)
from .cells import (
    CellText,
    Describe,
    RawCell,
    cell_text,
    check_head,
    check_value,
    find_header,
    sheet_rows,
)
from .opening import check_identity, damaged, open_workbook
from .refusals import Problem, WorkbookRejected, quoted, term


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


def read_workbook(data: bytes, name: str, book: Book, *, describe: Describe) -> Parsed:
    """Every input cell of a filled template, checked; raises :class:`WorkbookRejected` with
    every problem found (file, identity, sheets, headers, rows, cells). The caller has checked
    the zip (:func:`tanhe.documents.archives.check_archive`) before. ``describe`` words a
    refused value (the caller's language: ``tanhe.validators.number_rule``)."""
    name = shorten(name)
    wb = open_workbook(data, name)
    try:
        return _read(wb, book, describe)
    except WorkbookRejected:
        raise
    except Exception:  # a sheet's XML that openpyxl cannot parse, met only while reading it
        raise damaged(name) from None
    finally:
        wb.close()


def _read(wb: Any, book: Book, describe: Describe) -> Parsed:
    kind = check_identity(wb, book)
    missing = [s for s in TABLE_SHEETS.values() if s not in wb.sheetnames]
    if missing:
        raise WorkbookRejected([Problem(
            _("缺少工作表%(sheet)s：请勿删除或重命名工作表，请重新下载模板") % {"sheet": term(s)}
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
    is a conflict (:func:`~.saving.changed_cells`) — the same for both kinds."""
    sheet = ws.title
    rows = list(sheet_rows(ws, FIRST_ORIGINAL_COL + 11))
    start = find_header(rows, sheet)
    head_number, head = rows[start]
    problems = check_head(sheet, head_number, head, _table_head(kind))
    if problems:
        return problems
    specs = {s.key_text: s for s in row_specs(book, table)}
    units = {u.name: u for u in book.units}
    seen: dict[str, int] = {}
    for number, values in rows[start + 1 :]:
        texts = [cell_text(v, t) for v, t in values]
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
        problems += _read_row(sheet, number, texts, spec, book, parsed, describe)
    for key, spec in specs.items():
        if key not in seen:
            problems.append(Problem(
                _("缺少“%(place)s”这一行：请勿删除行，请重新下载模板") % {"place": spec.at()},
                sheet,
            ))  # fmt: skip
    return problems


def _table_head(kind: str) -> dict[int, str]:
    """The header of a table sheet, column by column (全年 only in an export)."""
    expected = {i + 1: label for i, label in enumerate(LABELS)}
    expected |= {FIRST_MONTH_COL + m - 1: f"{m}月" for m in MONTHS}
    if kind == KIND_EXPORT:
        expected[ANNUAL_COL] = ANNUAL_LABEL
    expected |= {FIRST_ORIGINAL_COL + m - 1: f"原值{m}月" for m in MONTHS}
    return expected


def _read_row(
    sheet: str,
    number: int,
    texts: list[CellText],
    spec: RowSpec,
    book: Book,
    parsed: Parsed,
    describe: Describe,
) -> list[Problem]:
    """A row the report has: its title cells as its key says, then each month's cell."""
    problems = []
    shown_labels = (spec.unit or "全厂", fuel_label(spec.fuel), spec.label)
    for col, label, meaning in zip((2, 3, 4), shown_labels, spec.meanings(), strict=True):
        if texts[col - 1][0] != label:
            problems.append(Problem(
                _("与该行的隐藏行标识不一致（应为%(label)s）：请勿修改或移动标题列")
                % {"label": quoted(label, meaning)},
                sheet, number, get_column_letter(col), texts[col - 1][0], spec.at(),
            ))  # fmt: skip
    for month in MONTHS:
        if problem := _read_month(sheet, number, texts, spec, month, book, parsed, describe):
            problems.append(problem)
    return problems


def _read_month(
    sheet: str,
    number: int,
    texts: list[CellText],
    spec: RowSpec,
    month: int,
    book: Book,
    parsed: Parsed,
    describe: Describe,
) -> Problem | None:
    """A month's cell: ignored while grey, checked, then kept with its value as downloaded."""
    col = FIRST_MONTH_COL + month - 1
    text, problem, is_float = texts[col - 1]
    place = (spec.unit, spec.table.value, spec.fuel, spec.key, month)
    original = texts[FIRST_ORIGINAL_COL + month - 2][0]
    letter = get_column_letter(col)
    where = spec.at(month)
    if spec.kind == "computed" and not book.rules.computed_once:
        if shown_text(spec, original) != text:
            parsed.ignored += 1  # grey and empty before 自动计算: not the file's to fill
        return None
    if problem is None and text == shown_text(spec, original):
        canonical = original  # as downloaded: the stored value, not the file's to re-judge
    elif problem is None:
        canonical, refused = check_value(text, spec, book.decimals)
        problem = describe(refused) if refused else None
        if problem and is_float:
            problem = _(
                "%(rule)s；该单元格是数字格式，请设为文本格式后重新填写"
            ) % {"rule": problem}  # fmt: skip
    if problem:
        return Problem(problem, sheet, number, letter, text, where)
    if (lock := derived_at(book, spec, month)) and canonical != original:
        return Problem(describe(lock), sheet, number, letter, text, where)
    parsed.cells.append(CellRead(place, canonical, original, sheet, number, letter,
                                 text, spec))  # fmt: skip
    return None


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
        allowed = listed(term(label) for label in choices.values())
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
    rows = list(sheet_rows(ws, TEST_FIRST_ORIGINAL_COL + len(TEST_FIELDS) - 1))
    start = find_header(rows, sheet)
    head_number, head = rows[start]
    expected = {i + 1: label for i, label in enumerate(TEST_HEAD)}
    expected |= {TEST_FIRST_ORIGINAL_COL + i: f"原值{label}" for i, label in enumerate(TEST_LABELS)}
    problems = check_head(sheet, head_number, head, expected)
    if problems:
        return problems
    specs = {"|".join(map(str, p)): p for p in record_places(book)}
    units = {u.name: u for u in book.units}
    seen: dict[str, int] = {}
    for number, values in rows[start + 1 :]:
        key = cell_text(*values[0])[0]
        fields = values[TEST_FIRST_FIELD_COL - 1 : TEST_FIRST_FIELD_COL - 1 + len(TEST_FIELDS)]
        if not key:
            if any(v is not None and cell_text(v, t)[0] for v, t in fields):
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
        problems += _read_test_row(sheet, number, values, place, parsed)
    return problems


def _read_test_row(
    sheet: str, number: int, values: list[RawCell], place: TestPlace, parsed: Parsed
) -> list[Problem]:
    """A 确定方式表 record the report has: every field checked, then kept with its values as
    downloaded."""
    problems = []
    unit, fuel, parameter, month = place
    where = Where(unit, Table.FUEL.value, fuel, parameter, month)
    fields = values[TEST_FIRST_FIELD_COL - 1 : TEST_FIRST_FIELD_COL - 1 + len(TEST_FIELDS)]
    read: dict[str, str] = {}
    original: dict[str, str] = {}
    for i, name in enumerate(TEST_FIELDS):
        value, data_type = fields[i]
        letter = get_column_letter(TEST_FIRST_FIELD_COL + i)
        shown = cell_text(value, data_type)[0]
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
        original[name] = cell_text(*values[TEST_FIRST_ORIGINAL_COL - 1 + i])[0]
    if len(read) != len(TEST_FIELDS):
        return problems
    if read["sampled_on"] and read["reported_on"] and read["reported_on"] < read["sampled_on"]:
        letter = get_column_letter(TEST_FIRST_FIELD_COL + TEST_FIELDS.index("reported_on"))
        problems.append(Problem(_("报告日期不能早于采样日期"), sheet, number, letter,
                                read["reported_on"], where))  # fmt: skip
        return problems
    parsed.tests.append(TestRead(place, read, original, number))
    return problems
