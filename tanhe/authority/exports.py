"""The anomaly list as CSV (UTF-8 with a BOM, so that Excel reads the Chinese) and as an Excel
workbook: the filtered list, the same columns, in the reader's language."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .models import ScreeningFinding
from .presentation import reader_lang, show

BOM = "\ufeff"


def header() -> list[str]:
    return [
        _("排放单位"), _("统一社会信用代码"), _("报告状态"), _("机组"), _("燃料"),
        _("月份"), _("数据项"),
        _("规则"), _("严重程度"), _("说明"), _("指南条款"), _("观测值"), _("期望值"),
        _("影响（tCO2）"),
    ]  # fmt: skip


def rows(findings: QuerySet[ScreeningFinding]) -> Iterator[list[str]]:
    lang = reader_lang()
    for row in findings.select_related("enterprise", "report").iterator(chunk_size=500):
        shown = show(row, lang)
        yield [
            row.plant, row.enterprise.credit_code or "", row.report.get_state_display(),
            row.unit, row.fuel,
            str(row.month or ""), row.field, row.rule, shown.severity, shown.message,
            shown.clause, row.observed, row.expected, row.effect_text,
        ]  # fmt: skip


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
    sheet.append(header())
    for line in rows(findings):
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
