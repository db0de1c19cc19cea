"""A stamped scan that proves what it signs (issue #9 item 10): every page of the report's PDF
carries a QR code of the enterprise, year, version, page and data fingerprint; the uploaded scan
is rendered page by page, its codes read, and it is refused — naming the page — unless it is this
report as the data stands now, every page once and in order. The scans are made here (the PDF
rendered to images, noise, a slight turn and red seals, saved as a PDF of images:
``tests/reports/scans.py``).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.pdfgen.canvas import Canvas

from tanhe.audit.models import AuditEntry
from tanhe.documents import fonts
from tanhe.documents.models import StoredFile
from tanhe.reports import pdf, scan_check, selectors, services
from tanhe.reports.completeness import submission_problems
from tanhe.reports.page_codes import PageCode, page_code_text, parse
from tanhe.reports.problems import texts
from tanhe.reports.scan_check import Expected, ScanPage, ScanProblem, judge, message
from tanhe.reports.services import StampedScanRefused, SubmissionRefused

from .conftest import JANUARY, PDF, entries
from .scans import scan_of, stamped_scan
from .test_views import action_url, html, make_ready

DIGEST = "3f9a" * 16
OTHER = "0b7e" * 16
CODE = "91320000MA1XXXXX0X"
EXPECTED = Expected(CODE, 2023, 1, DIGEST)

needs_pdf_tools = pytest.mark.skipif(
    shutil.which("pdftotext") is None or not fonts.CJK_FONT_FILE.exists(),
    reason="needs poppler-utils and fonts-wqy-microhei (scripts/setup.sh WITH_BROWSER=1)",
)


def page(index: int, *codes: PageCode) -> ScanPage:
    return ScanPage(index, codes)


def code(n: int, pages: int = 3, digest: str = DIGEST, **kw) -> PageCode:
    fields = {"credit_code": CODE, "year": 2023, "number": 1} | kw
    return PageCode(page=n, pages=pages, sha256=digest, **fields)


def words(problems: list[ScanProblem]) -> list[str]:
    return [message(p) for p in problems]


# -- the code's text ------------------------------------------------------------------------------
def test_a_page_code_is_compact_text_in_qr_alphanumeric_characters():
    text = page_code_text(code(2, 9))
    assert text == f"TANHE1:{CODE}:2023:1:2/9:{DIGEST.upper()}"
    assert set(text) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ:/")
    assert parse(text) == code(2, 9)
    assert parse(text.lower().replace("tanhe1", "TANHE1")).sha256 == DIGEST  # hex in any case


@pytest.mark.parametrize(
    "text",
    [
        "https://example.com/",
        f"TANHE2:{CODE}:2023:1:2/9:{DIGEST}",  # another format
        f"TANHE1:{CODE}:2023:1:10/9:{DIGEST}",  # page beyond the count
        f"TANHE1:{CODE}:2023:1:0/9:{DIGEST}",
        f"TANHE1:{CODE}:2023:1:2/9:{DIGEST[:-1]}",  # a short fingerprint
        f"TANHE1:{CODE}:2023:1:2/9:{DIGEST[:-1]}G",
        f"TANHE1::2023:1:2/9:{DIGEST}",
        f"TANHE1:{CODE}:2023:1:2/9:{DIGEST}:extra",
    ],
)
def test_other_texts_are_not_page_codes(text):
    assert parse(text) is None


# -- judging what was read (no images) ------------------------------------------------------------
def test_the_report_as_it_stands_every_page_once_in_order_is_accepted():
    assert judge([page(1, code(1)), page(2, code(2)), page(3, code(3))], EXPECTED) == []


def test_no_code_at_all_says_so_once():
    assert words(judge([page(1), page(2)], EXPECTED)) == [
        "扫描件中未找到排放报告的二维码：请下载本报告的 PDF（每页右下角有二维码），"
        "打印盖章后完整扫描上传"
    ]


def test_a_page_without_a_code_is_named():
    problems = judge([page(1, code(1)), page(2), page(3, code(2)), page(4, code(3))], EXPECTED)
    assert words(problems) == ["扫描件第2页未找到报告二维码（可能缺页、扫描不清或不是本报告）"]


def test_codes_of_other_data_name_the_pages_and_both_fingerprints():
    problems = judge([page(n, code(n, digest=OTHER)) for n in (1, 2, 3)], EXPECTED)
    assert words(problems) == [
        "扫描件第1–3页的二维码属于另一版本/其他数据（指纹 0b7e0b7e0b7e0b7e…，当前数据的指纹"
        " 3f9a3f9a3f9a3f9a…）：请下载当前版本的报告重新盖章扫描"
    ]
    one = judge([page(1, code(1)), page(2, code(2, digest=OTHER)), page(3, code(3))], EXPECTED)
    assert [(p.code, p.pages) for p in one] == [("other_data", (2,)), ("missing_page", ())]
    assert message(one[0]).startswith("扫描件第2页的二维码属于另一版本/其他数据")
    assert message(one[1]) == "缺少报告第2页（共3页）"


def test_codes_of_another_report_name_both_reports():
    pages = [page(n, code(n, number=2)) for n in (1, 2, 3)]
    assert words(judge(pages, EXPECTED)) == [
        f"扫描件第1–3页的二维码属于另一份报告（{CODE} 2023年度 第2版），"
        f"本报告为{CODE} 2023年度 第1版：请下载本报告的 PDF 重新盖章扫描"
    ]
    other_year = judge([page(1, code(1, year=2024))], EXPECTED)
    assert other_year[0].code == "other_report"
    other_enterprise = judge([page(1, code(1, credit_code="91110000MA0123456P"))], EXPECTED)
    assert other_enterprise[0].code == "other_report"


def test_missing_repeated_and_misplaced_pages_are_named():
    missing = judge([page(1, code(1, 5)), page(2, code(2, 5)), page(3, code(4, 5))], EXPECTED)
    assert words(missing) == ["缺少报告第3、5页（共5页）"]
    repeated = judge([page(1, code(1)), page(2, code(2)), page(3, code(2)), page(4, code(3))],
                     EXPECTED)  # fmt: skip
    assert words(repeated) == ["报告第2页重复出现（扫描件第2、3页）"]
    shuffled = judge([page(1, code(1)), page(2, code(3)), page(3, code(2))], EXPECTED)
    assert words(shuffled) == [
        "页序不对：扫描件第3页是报告第2页，却排在第3页之后：请按页码顺序扫描"
    ]


def test_a_sheet_with_two_report_pages_and_a_wrong_page_count_are_refused():
    two_up = judge([page(1, code(1), code(2)), page(2, code(3))], EXPECTED)
    assert words(two_up)[0] == "扫描件第1页上有报告的多页（第1、2页）：请每页单独扫描"
    counted = judge([page(1, code(1)), page(2, code(2)), page(3, code(3)), page(4, code(4, 4))],
                    EXPECTED)  # fmt: skip
    assert words(counted) == ["扫描件第4页的二维码写明共4页，与其他页（共3页）不符"]


def test_a_damaged_or_overlong_pdf_is_refused_before_reading(monkeypatch):
    assert words(scan_check.check_scan(b"%PDF-1.4 broken", EXPECTED)) == [
        "无法打开该 PDF（可能已损坏或已加密）：请重新导出扫描件（不加密码）后上传"
    ]
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for _ in range(3):
        canvas.showPage()
    canvas.save()
    monkeypatch.setattr(scan_check, "MAX_PAGES", 2)
    assert words(scan_check.check_scan(buffer.getvalue(), EXPECTED)) == [
        "扫描件共3页，超过2页的上限：请只上传排放报告"
    ]


# -- the PDF and real scans -----------------------------------------------------------------------
@pytest.fixture
def ready(report, unit, filer):
    """Complete but for the stamped scan: twelve months, 自动计算, the files, the declaration."""
    make_ready(filer, report, unit)
    report.refresh_from_db()
    return report


def expected(report) -> Expected:
    digest = selectors.data_fingerprint(report)
    return Expected(report.enterprise.credit_code, report.year, report.number, digest)


@pytest.mark.django_db
@needs_pdf_tools
def test_every_page_of_the_pdf_carries_its_code(ready):
    document = pdf.render_report(ready)
    pages = scan_check.read_scan(document.data)
    credit = ready.enterprise.credit_code
    assert [p.codes for p in pages] == [
        (PageCode(credit, 2023, 1, n, document.pages, document.sha256),)
        for n in range(1, document.pages + 1)
    ]
    assert document.sha256 == selectors.data_fingerprint(ready)


@pytest.mark.django_db
@needs_pdf_tools
def test_a_noisy_turned_stamped_scan_of_the_report_is_taken(ready, filer):
    document = pdf.render_report(ready)
    scan = stamped_scan(document.data, dpi=110, rotate=1.5)
    started = time.process_time()
    assert scan_check.check_scan(scan, expected(ready)) == []
    assert time.process_time() - started < 5.0  # bench/stamped_scan.py: ~0.5 s for 9 pages
    assert texts(submission_problems(ready), {}) == [
        "提交确认：请下载排放报告，打印盖章后上传盖章扫描版（PDF）"
    ]
    services.upload_stamped_pdf(actor=filer, report=ready, upload=scan, name="盖章版.pdf")
    ready.refresh_from_db()
    assert ready.stamped_pdf.content_type == "application/pdf"
    assert ready.stamped_fingerprint == document.sha256
    entry = AuditEntry.objects.filter(action="report.stamped_pdf").get()
    assert entry.changes["stamped_fingerprint"] == [None, document.sha256]
    assert submission_problems(ready) == []
    services.submit(actor=filer, report=ready)


@pytest.mark.django_db
@needs_pdf_tools
def test_a_scan_of_the_data_before_a_change_is_refused_naming_the_pages(ready, unit, filer):
    before = pdf.render_report(ready)
    old_scan = stamped_scan(before.data)
    services.save_cells(actor=filer, report=ready, entries=entries(
        unit, 1, **JANUARY | {"electricity__mwh": "512.31"}))  # fmt: skip
    services.autocalc(actor=filer, report=ready, confirm=True)
    ready.refresh_from_db()
    now = selectors.data_fingerprint(ready)
    assert now != before.sha256
    files = StoredFile.objects.count()
    with pytest.raises(StampedScanRefused) as refused:
        services.upload_stamped_pdf(actor=filer, report=ready, upload=old_scan, name="旧版.pdf")
    assert refused.value.message_dict == {
        "file": [
            f"扫描件第1–{before.pages}页的二维码属于另一版本/其他数据（指纹 {before.sha256[:16]}…，"
            f"当前数据的指纹 {now[:16]}…）：请下载当前版本的报告重新盖章扫描"
        ]
    }
    # one page of the old print among the new ones is named alone
    current = pdf.render_report(ready)
    mixed = stamped_scan(current.data, replace={3: before.data})
    with pytest.raises(StampedScanRefused) as refused:
        services.upload_stamped_pdf(actor=filer, report=ready, upload=mixed, name="混合.pdf")
    assert [(p.code, p.pages) for p in refused.value.items] == [
        ("other_data", (3,)),
        ("missing_page", ()),
    ]
    assert refused.value.problems[1] == f"缺少报告第3页（共{current.pages}页）"
    ready.refresh_from_db()
    assert ready.stamped_pdf is None and StoredFile.objects.count() == files


@pytest.mark.django_db
@needs_pdf_tools
def test_a_scan_with_a_page_left_out_or_shuffled_is_refused(ready, filer):
    document = pdf.render_report(ready)
    pages = document.pages
    with pytest.raises(StampedScanRefused, match=f"缺少报告第5页（共{pages}页）"):
        services.upload_stamped_pdf(actor=filer, report=ready, name="缺页.pdf",
                                    upload=stamped_scan(document.data, drop_pages=(5,)))  # fmt: skip
    order = [1, 2, 4, 3, *range(5, pages + 1)]
    with pytest.raises(StampedScanRefused) as refused:
        services.upload_stamped_pdf(actor=filer, report=ready, name="乱序.pdf",
                                    upload=stamped_scan(document.data, order=order))  # fmt: skip
    assert refused.value.problems == [
        "页序不对：扫描件第4页是报告第3页，却排在第4页之后：请按页码顺序扫描"
    ]


def letter() -> bytes:
    """A real PDF that is not the report: two pages of text."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for n in (1, 2):
        canvas.drawString(72, 720, f"Letter, page {n}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_pdf_that_is_not_the_report_is_refused(ready, filer):
    with pytest.raises(StampedScanRefused) as refused:
        services.upload_stamped_pdf(actor=filer, report=ready, upload=letter(), name="函.pdf")
    assert refused.value.items == [ScanProblem("no_code_at_all")]
    with pytest.raises(StampedScanRefused) as refused:  # not even a PDF inside
        services.upload_stamped_pdf(actor=filer, report=ready, upload=PDF, name="坏.pdf")
    assert refused.value.items == [ScanProblem("unreadable")]
    ready.refresh_from_db()
    assert ready.stamped_pdf is None


@pytest.mark.django_db
@needs_pdf_tools
def test_a_scan_of_another_version_is_refused(ready, filer, reviewer):
    services.upload_stamped_pdf(actor=filer, report=ready, upload=scan_of(ready), name="v1.pdf")
    services.submit(actor=filer, report=ready)
    draft = services.return_for_correction(actor=reviewer, report=ready, text="请补充说明")
    with pytest.raises(StampedScanRefused) as refused:
        services.upload_stamped_pdf(actor=filer, report=draft, upload=scan_of(ready), name="v1.pdf")
    code = ready.enterprise.credit_code
    assert refused.value.problems[0].endswith(
        f"的二维码属于另一份报告（{code} 2023年度 第1版），本报告为{code} 2023年度 第2版："
        "请下载本报告的 PDF 重新盖章扫描"
    )


@pytest.mark.django_db
@needs_pdf_tools
def test_data_changed_after_the_upload_stops_submission_until_a_new_scan(ready, unit, filer):
    services.upload_stamped_pdf(actor=filer, report=ready, upload=scan_of(ready), name="a.pdf")
    proved = selectors.data_fingerprint(ready)
    services.declare(
        actor=filer, report=ready, entity="示例发电有限公司", legal_representative="李四"
    )
    ready.refresh_from_db()
    now = selectors.data_fingerprint(ready)
    stale = (
        f"提交确认：盖章扫描版的数据指纹 {proved[:16]}… 与当前数据的指纹 {now[:16]}… 不一致"
        "（上传后数据已修改）：请重新下载排放报告，打印盖章后上传新的扫描版"
    )
    assert texts(submission_problems(ready), {}) == [stale]
    with pytest.raises(SubmissionRefused):
        services.submit(actor=filer, report=ready)
    reprinted = pdf.render_report(ready).data  # the copy to stamp again says so
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=reprinted,
                          capture_output=True, check=True).stdout.decode()  # fmt: skip
    assert "待盖章提交" in text
    services.upload_stamped_pdf(actor=filer, report=ready, upload=stamped_scan(reprinted),
                                name="b.pdf")  # fmt: skip
    ready.refresh_from_db()
    assert submission_problems(ready) == []


@pytest.mark.django_db
@needs_pdf_tools
def test_the_page_shows_the_refusal_beside_the_upload(ready, filer, client):
    client.force_login(filer)
    scan = stamped_scan(pdf.render_report(ready).data, drop_pages=(2,))
    upload = SimpleUploadedFile("缺页.pdf", scan, content_type="application/pdf")
    response = client.post(action_url(ready, "stamped_upload"), {"file": upload})
    assert response.status_code == 400
    assert '<p class="field-error">缺少报告第2页（共' in html(response)
    ready.refresh_from_db()
    assert ready.stamped_pdf is None


def test_refusals_are_validation_errors_on_the_file_field():
    refused = StampedScanRefused([ScanProblem("no_code_at_all")])
    assert isinstance(refused, ValidationError)
    assert list(refused.message_dict) == ["file"]
