"""The anomaly list as CSV (UTF-8 with a BOM, so that Excel reads the Chinese) and as an Excel
workbook: the filtered list, the same columns, in the reader's language."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .models import ScreeningFinding
from .presentation import reader_lang, show

BOM = "\ufeff"


def header() -> list[str]:
    return [
        _("排放单位"), _("统一社会信用代码"), _("报告状态"), _("机组"), _("燃料"),
        _("月份"), _("数据项"), _("规则类别"),
        _("规则"), _("严重程度"), _("说明"), _("指南条款"), _("观测值"), _("期望值"),
        _("影响（tCO2）"),
    ]  # fmt: skip


# the columns that hold numbers (the month, observed, expected, effect): numbers in the workbook
NUMBER_COLUMNS = (5, 12, 13, 14)
WIDTHS = (28, 20, 10, 12, 14, 8, 20, 14, 28, 8, 60, 40, 14, 14, 12)


def _lines(findings: QuerySet[ScreeningFinding]) -> Iterator[tuple[ScreeningFinding, list[str]]]:
    lang = reader_lang()
    for row in findings.select_related("enterprise", "report").iterator(chunk_size=500):
        shown = show(row, lang)
        yield row, [
            row.plant, row.enterprise.credit_code or "", row.report.get_state_display(),
            row.unit, shown.fuel, shown.month, shown.field, shown.kind, row.rule,
            shown.severity, shown.message, shown.clause, row.observed, row.expected,
            row.effect_text,
        ]  # fmt: skip


def rows(findings: QuerySet[ScreeningFinding]) -> Iterator[list[str]]:
    return (line for _row, line in _lines(findings))


def _cell(value: str, column: int, row_month: int | None) -> str | int | Decimal:
    """A number column's exact value as a number (the month as its number), else the text."""
    if column == 5:
        return row_month if row_month else value
    if column in NUMBER_COLUMNS and value:
        try:
            return Decimal(value)
        except InvalidOperation:  # a range ("285.0–398.3 GJ/10^4Nm3"), a date, a state
            return value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(findings: QuerySet[ScreeningFinding]) -> Iterator[str]:
    """The CSV, line by line (streamed: a province's list needs no memory of its own)."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(header())
    for line in rows(findings):
        yield writer.writerow(line)


def xlsx_bytes(findings: QuerySet[ScreeningFinding], title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for i, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.append(header())
    for row, line in _lines(findings):
        sheet.append([_cell(v, i, row.month) for i, v in enumerate(line)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
