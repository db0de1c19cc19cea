"""The report as its workbook (:mod:`tanhe.reports.excel`): every cell, sealed month and
确定方式表 record described as a :class:`~tanhe.reports.excel.book.Book`, then written as the
填报模板 or as the full export with its plain sheets (基本信息, 信息汇总表, daily records,
attachments). Always Chinese: the workbook mirrors the national form."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation

from tanhe.accounting.fuels import fuel_label
from tanhe.accounting.model import state_label_zh
from tanhe.accounting.report_form import ROWS, Table, form_decimals
from tanhe.documents.services import download_name

from .. import calculation, selectors
from ..completeness import tested
from ..excel.book import TEST_FIELDS, Book, Identity, Sheet, UnitLayout
from ..excel.writing import build_export, build_template
from ..labels import test_parameter
from ..models import Origin, Report, TestRecord, ValueEvidence

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The workbook mirrors the national form and the import matches its words: Chinese in every
# language (its state and attachment labels too), whoever downloads it.
WORKBOOK_LANGUAGE = "zh-hans"


def _identity(report: Report) -> Identity:
    return Identity(
        enterprise=report.enterprise.name,
        credit_code=report.enterprise.credit_code,
        year=report.year,
        number=report.number,
        plan_version=report.plan_version.number,
        split_electricity=report.split_purchased_electricity,
        state=str(report.get_state_display()),
        allocated_fuels=tuple(selectors.allocated_fuels(report)),
    )


def _test_text(record_: TestRecord, name: str) -> str:
    value = getattr(record_, name)
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def book_for(report: Report) -> Book:
    """The report as its workbook shows it: units, every cell, sealed months, 确定方式表."""
    units = calculation.reporting_units(report)
    names = {u.pk: u.name for u in units}
    book = Book(
        identity=_identity(report),
        units=[
            UnitLayout(u.name, tuple(u.fuel_names), "gas" if u.unit_type == "gas" else "coal")
            for u in units
        ],
        decimals=form_decimals(report.year),
        rules=selectors.place_rules(report),
        unit_ids={u.name: u.pk for u in units},
    )
    for c in report.cells.all():
        if c.unit_id is not None and c.unit_id not in names:
            continue  # a member of a 合并填报 row: not on the form
        place = (names.get(c.unit_id, ""), c.table, c.fuel, c.key, c.month)
        book.values[place] = c.value
        if c.origin == Origin.AUTO:
            book.auto.add(place)
    for t in report.test_records.all():
        if t.unit_id in names:
            place = (names[t.unit_id], t.fuel, test_parameter(t.parameter), t.month)
            book.tests[place] = {name: _test_text(t, name) for name in TEST_FIELDS}
    result = calculation.outcome(report).result
    if result is not None:  # the months whose value rests on a test (the 确定方式 column)
        book.tested = {
            (names[u], fuel, parameter, month)
            for u, fuel, parameter, month in tested(report, result)
            if u in names
        }
    return book


def _now() -> str:
    return timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")


@translation.override(WORKBOOK_LANGUAGE)
def template_bytes(report: Report) -> bytes:
    return build_template(book_for(report), generated=_now())


def file_name(report: Report, what: str) -> str:
    return f"{report.enterprise.name}-{report.year}年度排放报告-第{report.number}版-{what}.xlsx"


def _money(value: Decimal) -> str:
    return format(value, "f")


@translation.override(WORKBOOK_LANGUAGE)
def export_bytes(report: Report) -> bytes:
    """The whole report: 基本信息, the tables with every value and 全年, 确定方式表, 信息汇总表,
    daily records, and the evidence files with their SHA-256."""
    book = book_for(report)
    outcome = calculation.outcome(report)
    for table in Table:
        for block in selectors.grid(report, table, outcome.result):
            for grid_row in block.rows:
                key = (block.unit.name, table.value, block.fuel, grid_row.row.key)
                book.annual[key] = grid_row.annual
    plant = [c.decimal for c in selectors.plant_electricity(report) if c and c.decimal is not None]
    if plant:
        book.annual[("", Table.ELECTRICITY.value, "", "mwh")] = _money(sum(plant, Decimal(0)))
    rows, total = selectors.summary(report, outcome)
    sheets = _export_sheets(report, outcome.messages("zh"), rows, total)
    return build_export(book, sheets, generated=_now())


def _export_sheets(report: Report, errors: list[str], rows: list[Any], total: Any) -> list[Sheet]:
    """The export's plain sheets: 基本信息 (first), 信息汇总表, 日消耗记录, 附件材料 and
    数值支撑材料 (the daily records and the values' files only when there are any)."""
    return [
        _basic_sheet(report, errors, total),
        _summary_sheet(rows, total),
        *_daily_sheets(report),
        _evidence_sheet(report),
        *_value_evidence_sheets(report),
    ]


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _basic_sheet(report: Report, errors: list[str], total: Any) -> Sheet:
    basic = [
        ("重点排放单位", report.enterprise.name),
        ("统一社会信用代码", report.enterprise.credit_code),
        ("报告年度", str(report.year)),
        ("报告版本", f"第{report.number}版"),
        ("状态", str(report.get_state_display())),
        ("依据的质量控制计划", f"第{report.plan_version.number}版"),
        ("报告联系人", report.contact_person),
        ("联系电话", report.contact_phone),
        ("电子邮箱", report.contact_email),
        ("外购电量按机组平分", "是" if report.split_purchased_electricity else "否"),
        ("自动计算时间", _when(report.autocalc_at)),
        ("提交时间", _when(report.submitted_at)),
        ("声明：重点排放单位", report.declared_entity),
        ("声明：法定代表人", report.declared_legal_representative),
        ("全厂二氧化碳排放量（tCO2）", _money(total.total) if total else "（尚不能计算）"),
        ("导出时间", _now()),
    ]
    basic += [("计算问题", e) for e in errors]
    note = (
        "本文件为平台导出的完整排放报告（含自动计算值与全年合计），供查阅和存档；各表修改后可以像"
        "填报模板一样导入（只保存改动过的单元格，与导出后平台上的改动冲突时不导入）。"
    )
    return Sheet("基本信息", ("项目", "内容"), basic, note=note)


def _summary_sheet(rows: list[Any], total: Any) -> Sheet:
    summary = [
        (r.name, r.fuel_type, r.capacity_mw, _money(r.combustion), _money(r.electricity),
         _money(r.total))
        for r in [*rows, *([total] if total else [])]
    ]  # fmt: skip
    return Sheet(
        "信息汇总表",
        ("机组名称", "发电燃料类型", "装机容量（MW）", "化石燃料燃烧排放量（tCO2）",
         "购入电力对应的排放量（tCO2）", "机组二氧化碳排放量（tCO2）"),
        summary,
        note="核算引擎的计算结果（已提交的版本：提交时冻结的结果）。",
        total_last=True,
    )  # fmt: skip


def _daily_sheets(report: Report) -> list[Sheet]:
    daily = [
        (d.unit.name, fuel_label(d.fuel),
         d.day.isoformat(), state_label_zh(d.state), d.quantity, d.ncv,
         d.carbon_content)
        for d in report.daily_records.select_related("unit").order_by("unit__position", "fuel",
                                                                       "day")
    ]  # fmt: skip
    if not daily:
        return []
    return [Sheet("日消耗记录", ("机组名称", "燃料", "日期", "燃料状态", "消耗量",
                                 "低位发热量", "元素碳含量"), daily)]  # fmt: skip


def _evidence_sheet(report: Report) -> Sheet:
    evidence = [
        (e.get_kind_display(), e.title, download_name(e.file), str(e.file.size), e.file.sha256,
         _when(e.added_at))
        for e in report.evidence.select_related("file").order_by("kind", "added_at")
    ]  # fmt: skip
    return Sheet(
        "附件材料", ("附件类型", "附件名称", "文件名", "大小（字节）", "SHA-256", "上传时间"),
        evidence, note="材料上传：每个文件以 SHA-256 摘要标识，可据此核对原件。"
    )  # fmt: skip


def _value_evidence_sheets(report: Report) -> list[Sheet]:
    labels = {(t.value, r.key): r.label_zh for t, rs in ROWS.items() for r in rs}
    values = [
        (f"{v.month}月", v.unit_name, Table(v.table).label_zh if v.table in set(Table) else v.table,
         fuel_label(v.fuel),
         labels.get((v.table, v.key), v.key), download_name(v.file), v.file.sha256,
         _when(v.added_at))
        for v in ValueEvidence.objects.filter(enterprise=report.enterprise, year=report.year)
        .select_related("file").order_by("month", "id")
    ]  # fmt: skip
    if not values:
        return []
    return [Sheet("数值支撑材料", ("月份", "机组", "表", "燃料", "参数", "文件名",
                                   "SHA-256", "上传时间"), values)]  # fmt: skip
