"""The Excel and JSON imports and the file checks refuse in the reader's language (issue #8 item 2:
"the English pages show no Chinese refusal").

How: with the language switched to English, bad files are uploaded — a template with bad values,
structurally wrong workbooks, bad JSON documents, rejected files on the evidence and stamped-PDF
uploads — and the visible error text of each page (the ``.alert-error`` blocks, ``.message-error``
messages and ``.field-error`` lines) is collected. What the user supplied is taken out first: file
names, sheet names, cell values, unit and enterprise names. What may stay is a Chinese word the
file itself must hold, quoted with its English meaning next to it (“燃料” (Fuel)), and the fuel
states 入炉 / 入厂 that the number rule names with theirs. What remains must hold no Han
character. The workbook stays Chinese whoever downloads it (the import matches its words).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tanhe.reports import excel, pdf, services
from tanhe.reports.scan_check import page_count
from tanhe.reports.services import CellInput, DailyInput

from .conftest import JANUARY, PNG, entries
from .scans import stamped_scan
from .test_excel import REPO, fill_january, import_file, put, row_of, saved, template

pytestmark = pytest.mark.django_db
HAN = re.compile(r"[\u4e00-\u9fff]+")
# A Chinese word the file must hold, quoted with its meaning in words: “1月” (Jan).
QUOTED_WITH_MEANING = re.compile(r"“[^”]*” \([A-Za-z][A-Za-z ,.'/-]*\)")
FUEL_STATES = ["入炉", "入厂"]  # named by the number rule with their meaning: 入炉 (fired)
SHEETS = [*excel.TABLE_SHEETS.values(), excel.TEST_SHEET]
UNITS = ["1号机组", "2号机组", "3号机组"]
ENTERPRISES = ["示例发电有限公司", "江南燃气热电有限公司"]


class ErrorText(HTMLParser):
    """The text a page shows inside its error blocks: ``.alert-error``, ``.message-error``,
    ``.field-error`` and form error lists — without the error table's 内容 column (``.mono``:
    the cells as the file has them, data)."""

    CLASSES = frozenset({"alert-error", "message-error", "field-error", "errorlist"})
    VOID = frozenset({"br", "input", "img", "meta", "link", "hr", "col", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[bool, bool]] = []  # (inside an error block, inside a cell value)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        error, value = self.stack[-1] if self.stack else (False, False)
        self.stack.append((error or bool(classes & self.CLASSES), value or "mono" in classes))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        error, value = self.stack[-1] if self.stack else (False, False)
        if error and not value and data.strip():
            self.parts.append(data.strip())


def error_text(html: str) -> str:
    parser = ErrorText()
    parser.feed(html)
    return "\n".join(parser.parts)


def chinese_left(text: str, data: list[str]) -> list[str]:
    """The Han text of the error blocks once the user's data and the allowed words are out."""
    text = QUOTED_WITH_MEANING.sub(" ", text)
    for value in sorted(
        {*data, *SHEETS, *UNITS, *ENTERPRISES, *FUEL_STATES}, key=len, reverse=True
    ):
        text = text.replace(value, " ")
    return [f"{m.group()!r} in {line.strip()[:100]!r}" for line in text.splitlines()
            for m in HAN.finditer(line)]  # fmt: skip


def assert_english(response, *expected: str, data: tuple[str, ...] = ()) -> str:
    """The page is a refusal (not a 500), in English, listing ``expected``, with no Chinese of
    its own in the error text."""
    assert response.status_code in (200, 400), response.status_code
    assert '<html lang="en">' in response.content.decode()
    text = error_text(response.content.decode())
    assert text, "no error shown"
    for words in expected:
        assert words in text, f"{words!r} not in:\n{text}"
    left = chinese_left(text, list(data))
    assert not left, "Chinese in the English error text:\n" + "\n".join(left) + "\n\n" + text
    return text


def test_the_check_finds_chinese_that_is_not_data():
    """The check itself: a message's own Chinese is found; data, fuel states and a quoted word
    with its meaning are not."""
    text = "燃料信息表 row 9: “燃料” (Fuel) must be 入炉 (fired)\n机组 1号机组 不在计划中"
    assert chinese_left(text, []) == ["'机组' in '机组   不在计划中'",
                                      "'不在计划中' in '机组   不在计划中'"]  # fmt: skip
    assert chinese_left("“某某” (9132MA1)", []) == [
        "'某某' in '“某某” (9132MA1)'"
    ]  # a code: no meaning
    html = (
        '<p>保存</p><div class="alert alert-error"><p>Row 9: 不是数字</p><table><tr>'
        '<td class="mono">十二</td><td>is not a number</td></tr></table></div>'
        '<p class="message message-error">Refused: 拒绝</p>'
    )
    assert error_text(html) == "Row 9: 不是数字\nis not a number\nRefused: 拒绝"


# -- (a) bad values --------------------------------------------------------------------------------
def test_bad_values_are_listed_in_english(english, report, unit, filer):
    services.save_daily_records(actor=filer, report=report, unit=unit, fuel="bituminous", month=4,
                                rows=[DailyInput(date(2023, 4, 1), "1000.00", "20.000", "50.00")])  # fmt: skip
    wb = template(english, report)
    fill_january(wb)
    typed = {
        ("燃料信息表", "1号机组|bituminous|consumption", 3): "12a",  # letters
        ("燃料信息表", "1号机组|bituminous|ncv", 3): "20.5123",  # too many decimals
        ("生产数据表", "1号机组||running_hours", 3): "-5",  # a sign
        ("燃料信息表", "1号机组|bituminous|state", 3): "入库",  # not a fuel state
        ("燃料信息表", "1号机组|bituminous|consumption", 4): "1200.00",  # from daily records
        ("燃料信息表", "1号机组|bituminous|carbon_content", 3): 1 / 3,  # a number cell
        ("生产数据表", "1号机组||heat_ratio_pct", 5): "=1/3",  # a formula
    }
    for (sheet, key, month), value in typed.items():
        put(wb, sheet, key, month, value)
    tests = wb[excel.TEST_SHEET]
    row = row_of(tests, "1号机组|bituminous|unit_heat_carbon|3")
    tests[f"G{row}"].value, tests[f"O{row}"].value = "某方式", "三月"  # not a choice, not a date
    response = import_file(english, report, saved(wb), name="报告.xlsx")
    text = assert_english(
        response,
        "has 9 problems; nothing was imported",
        "is not a number (only digits, without a sign)",
        "has more than the 3 decimal places the form allows",
        "the cell is formatted as a number",
        "is a formula: use “Paste Special → Values”",
        "Bituminous coal Apr Consumption",  # the place, in English
        "must be chosen from the drop-down list: “自行检测” (In-house testing)",
        "is not a date (write it as 2023-01-31)",
        data=("报告.xlsx", "12a", "入库", "某方式", "三月"),
    )
    assert "1号机组 Bituminous coal Mar Net calorific value" in text
    assert report.cells.count() == 0


def test_a_sealed_month_and_a_conflict_are_refused_in_english(english, report, unit, filer):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    services.seal_month(actor=filer, report=report, month=1)
    wb = template(english, report)
    put(wb, "燃料信息表", "1号机组|bituminous|ncv", 1, "20.000")
    assert_english(
        import_file(english, report, saved(wb), name="一月.xlsx"),
        "1号机组 Bituminous coal Jan Net calorific value: January is sealed",
        data=("一月.xlsx",),
    )
    wb = template(english, report)
    services.save_cells(actor=filer, report=report,
                        entries=[CellInput(unit, "production", "", "running_hours", 2, "700")])  # fmt: skip
    put(wb, "生产数据表", "1号机组||running_hours", 2, "701")
    assert_english(
        import_file(english, report, saved(wb), name="二月.xlsx"),
        "the value on the platform has changed from “empty” to “700”",
        "1号机组 Feb Running hours",
        data=("二月.xlsx", "701"),
    )


# -- (b) structurally wrong workbooks ---------------------------------------------------------------
def _zip(**members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, text in members.items():
            z.writestr(name, text)
    return buffer.getvalue()


def _without_sheet(wb):
    del wb["生产数据表"]
    return wb


def _wrong_key(wb):
    ws = wb["燃料信息表"]
    ws[f"A{row_of(ws, '1号机组|bituminous|ncv')}"].value = "1号机组|bituminous|nonsense"
    return wb


def _unit_not_in_plan(wb):
    ws = wb["燃料信息表"]
    extra = ws.max_row + 1
    ws[f"A{extra}"], ws[f"B{extra}"], ws[f"H{extra}"] = (
        "3号机组|bituminous|consumption",
        "3号机组",
        "1",
    )
    return wb


def _column_inserted(wb):
    wb["购入使用电量表"].insert_cols(3)
    return wb


def _other_enterprise(wb):
    meta = wb["_tanhe"]
    meta["B3"].value, meta["B4"].value, meta["B5"].value = (
        "91320500MA1MXYK12M",
        "江南燃气热电有限公司",
        "2022",
    )
    return wb


def _label_changed(wb):
    ws = wb["燃料信息表"]
    ws[f"D{row_of(ws, '1号机组|bituminous|ncv')}"].value = "热值"
    return wb


WORKBOOKS = {
    "without_sheet": (_without_sheet, ["The sheet “生产数据表” (Production data table) is missing"]),
    "wrong_key": (_wrong_key, ["Fuel table has no row “nonsense”",
                               "the row “1号机组 Bituminous coal Net calorific value” is missing"]),
    "unit_not_in_plan": (_unit_not_in_plan, [
        "the unit “3号机组” is not in the quality control plan this report follows "
        "(units in the plan: 1号机组)"]),
    "column_inserted": (_column_inserted, ["the header should be “燃料” (Fuel)",
                                           "the header should be “1月” (Jan)"]),
    "other_enterprise": (_other_enterprise, [
        "The file is not this report's template and was not imported",
        "Different enterprise", "Different reporting year: the file is for 2022"]),
    "label_changed": (_label_changed, [
        "does not match the row's hidden key (should be “低位发热量” (Net calorific value))"]),
}  # fmt: skip


@pytest.mark.parametrize("case", list(WORKBOOKS))
def test_wrong_workbooks_are_refused_in_english(english, report, unit, case):
    change, expected = WORKBOOKS[case]
    wb = change(template(english, report))
    data = ("1号机组|bituminous|nonsense", "3号机组|bituminous|consumption", "热值",
            "91320500MA1MXYK12M", "91110000MA0123456P")  # fmt: skip
    assert_english(import_file(english, report, saved(wb), name="模板.xlsx"), *expected,
                   data=("模板.xlsx", *data))  # fmt: skip


FILES = {
    "not_a_workbook": (b"%PDF-1.4 not a workbook", "The file “文件.xlsx” is not an Excel workbook"),
    "zip_not_xlsx": (_zip(**{"readme.txt": "hello"}), "is a zip archive but not an Excel workbook"),
    "old_xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "is an old Excel file (.xls)"),
    "blank_workbook": (saved(Workbook()), "is not an emission report template downloaded from"),
    "empty": (b"", "The submitted file is empty."),
    "unsafe_zip": (
        _zip(**{"../evil.txt": "x"}),
        "The path “../evil.txt” in the file “文件.xlsx” is unsafe",
    ),
}


@pytest.mark.parametrize("case", list(FILES))
def test_files_that_are_no_workbook_are_refused_in_english(english, report, case):
    data, expected = FILES[case]
    response = import_file(english, report, data, name="文件.xlsx")
    assert_english(response, expected, data=("文件.xlsx",))


# -- (c) bad JSON ---------------------------------------------------------------------------------
def _document(**unit_changes) -> dict:
    doc = json.loads((REPO / "examples" / "issue-example.json").read_text())
    doc["units"][0].update(unit_changes)
    return doc


def _extra_fuel() -> dict:
    doc = _document()
    doc["units"][0]["fuels"].append({"fuel": "natural_gas", "months": [{"month": 1,
                                                                        "consumption": "1"}]})  # fmt: skip
    return doc


def _ncv_ad() -> dict:
    doc = _document()
    doc["units"][0]["fuels"][0]["months"][0]["ncv_ad"] = "22.000"
    return doc


JSONS = {
    "not_json": (b"{oops", ["JSON"]),
    "wrong_schema": (b'{"format": "tanhe.plant-year/1"}', ["year", "enterprise", "units"]),
    "unknown_unit": (_document(name="3号机组"), [
        "The unit “3号机组” (code 1) is not in the quality control plan",
        "matched to the plan's units by unit name"]),
    "other_type": (_document(type="gas", subtype="none"), [
        "The unit “1号机组” is of type Gas-fired unit; in the quality control plan it is "
        "Coal-fired unit"]),
    "subtype_of_other_type": (_document(type="gas"), [
        'subtype "conventional" does not apply to a gas-fired unit']),
    "fuel_not_in_plan": (_extra_fuel(), [
        "has no fuel “Natural gas” (fuels in the plan: Bituminous coal, Diesel)"]),
    "unsupported": (_ncv_ad(), ["the report's fuel table cannot hold", "ncv_ad"]),
}  # fmt: skip


@pytest.mark.parametrize("case", list(JSONS))
def test_bad_json_is_refused_in_english(english, report, unit, case):
    content, expected = JSONS[case]
    data = content if isinstance(content, bytes) else json.dumps(content).encode()
    response = import_file(english, report, data, "数据.json", "reports:json_import")
    assert_english(response, *expected, data=("数据.json",))
    assert report.cells.count() == 0


# -- (d) file checks on the upload pages -----------------------------------------------------------
def _upload(client, report, route: str, fields: dict, name: str, content: bytes):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse(route, args=[report.pk]), {**fields, "file": upload})


EVIDENCE = {"kind": "annual_production_report"}


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("记录.pdf", b"just text", "holds an unrecognised format; only these are accepted here: "
                                   "Word document, JPEG image, PDF"),
        ("空.pdf", b"", "is empty"),
        ("宏.xlsm", b"PK\x03\x04", "macro"),
        ("压缩.zip", _zip(**{"../evil.txt": "x"}), "is unsafe"),
    ],
)  # fmt: skip
def test_rejected_evidence_files_are_refused_in_english(english, report, name, content, expected):
    response = _upload(english, report, "reports:evidence_upload", EVIDENCE, name, content)
    assert_english(response, expected, data=(name, "../evil.txt"))
    assert report.evidence.count() == 0


def test_a_stamped_pdf_that_is_no_pdf_is_refused_in_english(english, report):
    response = _upload(english, report, "reports:stamped_upload", {}, "盖章.png", PNG)
    assert_english(response, "holds PNG image; only these are accepted here: PDF",
                   data=("盖章.png",))  # fmt: skip
    report.refresh_from_db()
    assert report.stamped_pdf is None


def test_a_stamped_scan_that_is_not_the_report_is_refused_in_english(english, report):
    """Issue #9 item 10: the scan's QR codes are checked; the refusal names the page."""
    scan = stamped_scan(pdf.render_report(report).data, drop_pages=(2,))
    pages = page_count(pdf.render_report(report).data)
    response = _upload(english, report, "reports:stamped_upload", {}, "盖章.pdf", scan)
    assert response.status_code == 400
    assert_english(
        response, f"Report page 2 is missing from the scan (the report has {pages} pages)"
    )
    other = stamped_scan(pdf.render_report(report).data, order=[2, 1, *range(3, pages + 1)])
    response = _upload(english, report, "reports:stamped_upload", {}, "盖章.pdf", other)
    assert_english(response, "Pages out of order: scan page 2 is report page 1 but comes after "
                             "page 2: scan the pages in order")  # fmt: skip
    report.refresh_from_db()
    assert report.stamped_pdf is None


# -- the workbook stays Chinese; the pages still read in Chinese -----------------------------------
def test_an_english_reader_downloads_the_chinese_workbook(english, report):
    wb = template(english, report)
    assert wb["燃料信息表"]["F3"].value == "第1版（草稿）"
    assert wb.sheetnames[:2] == ["填表说明", "燃料信息表"]


def test_the_same_refusals_read_in_chinese(client, filer, report, unit):
    client.force_login(filer)
    wb = template(client, report)
    put(wb, "燃料信息表", "1号机组|bituminous|consumption", 3, "12a")
    put(wb, "燃料信息表", "1号机组|bituminous|state", 3, "入库")
    page = import_file(client, report, saved(wb)).content.decode()
    assert '<html lang="zh-Hans">' in page
    assert "有 2 处问题，未导入任何数据" in page and "1号机组 烟煤 3月 消耗量" in page
    assert "不是数字（只能填写不带正负号的数字）" in page and "燃料状态须填“入炉”或“入厂”" in page
    page = import_file(client, report, saved(_without_sheet(template(client, report))))
    page = page.content.decode()
    assert "缺少工作表“生产数据表”：请勿删除或重命名工作表，请重新下载模板" in page
    page = import_file(client, report, b"{oops", "a.json", "reports:json_import").content.decode()
    assert "不是有效的 JSON" in page
    page = _upload(client, report, "reports:stamped_upload", {}, "盖章.png", PNG)
    assert "文件“盖章.png”的内容为PNG 图片，此处只接受：PDF（按文件内容判断，而非扩展名）" in (
        page.content.decode()
    )
    page = _upload(client, report, "reports:evidence_upload", EVIDENCE, "记录.pdf", b"just text")
    assert "内容为无法识别的格式，此处只接受：Word 文档、JPEG 图片、PDF" in page.content.decode()
