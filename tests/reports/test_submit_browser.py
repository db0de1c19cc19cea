"""The annual report's submission in a real headless Chromium, from a complete year onwards:
材料上传和下载 (the 12 required types, one as a ZIP, each row showing its file's SHA-256; a text
file renamed .pdf refused), 提交确认 (the declaration, the PDF to print — a complete draft prints
as 待盖章提交 — the stamped scan: a PDF that is not the report and a scan missing a page refused
with what is wrong, the scan of the printed PDF taken; 提交), then the province's reviewer accepts it (通过).

The year is prepared through the services (``fill_year`` + ``fill_tests`` + ``autocalc``);
everything after that
goes through the pages. Screenshots land in test-artifacts/screenshots/submit-NN-<name>.png.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, expect
from reportlab.pdfgen import canvas

from tanhe.accounting.report_form import REQUIRED_EVIDENCE
from tanhe.reports import services
from tanhe.reports.models import ReportState
from tanhe.reports.scan_check import page_count

from ..conftest import new_context, screenshot
from .conftest import fill_tests, fill_year
from .scans import stamped_scan

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable")]
STAMPED_MISSING = "提交确认：请下载排放报告，打印盖章后上传盖章扫描版（PDF）"

PLANT_TOTAL = "2745730.80"  # twelve times the issue example's January, tCO2
PNG_KINDS = {"monthly_ash_output", "dust_removal_efficiency"}  # scans of paper records
ZIP_KIND = "daily_ncv_records"  # a year of daily records, zipped
REFUSED = (
    "文件“热值检测报告.pdf”的内容为无法识别的格式，此处只接受：Word 文档、JPEG 图片、PDF、"
    "PNG 图片、Excel 表格、ZIP 压缩包（按文件内容判断，而非扩展名）"
)


def small_pdf(text: str) -> bytes:
    """A valid one-page PDF (distinct per text, so that every file has its own SHA-256)."""
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=(300, 200), invariant=True)
    sheet.drawString(20, 100, text)
    sheet.showPage()
    sheet.save()
    return out.getvalue()


def small_png(shade: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (shade, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def evidence_files(folder: Path) -> dict[str, Path]:
    """One file per required type, named after it: PDFs, two PNG scans and one ZIP of a PDF."""
    files = {}
    for number, (kind, label) in enumerate(REQUIRED_EVIDENCE, start=1):
        if kind in PNG_KINDS:
            path, data = folder / f"{label}2023.png", small_png(number * 10)
        elif kind == ZIP_KIND:
            archive = io.BytesIO()
            with zipfile.ZipFile(archive, "w") as zipped:
                zipped.writestr("2023-01.pdf", small_pdf(f"{kind} 2023-01"))
            path, data = folder / f"{label}2023.zip", archive.getvalue()
        else:
            path, data = folder / f"{label}2023.pdf", small_pdf(f"{kind} 2023")
        path.write_bytes(data)
        files[kind] = path
    return files


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def shot(page: Page, name: str) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, f"submit-{name}")


def press(button: Locator) -> None:
    with button.page.expect_navigation():
        button.click()


def status(page: Page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text).first).to_be_visible()


def no_page_overflow(page: Page) -> None:
    """Wide tables scroll inside their box; the page itself never scrolls sideways."""
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths


def section(page: Page, label: str) -> None:
    press(page.get_by_role("navigation", name="排放报告各部分").get_by_role("link", name=label))


def list_row(page: Page, year: int) -> Locator:
    return page.locator("table.report-list tbody tr").filter(has_text=str(year))


def test_submit_and_accept(
    browser: Browser, live_server, filer, reviewer, report, unit, tmp_path
) -> None:
    fill_year(filer, report, unit)
    fill_tests(filer, report, unit)
    outcome = services.autocalc(actor=filer, report=report)
    assert outcome.applied and not outcome.problems
    files = evidence_files(tmp_path)
    assert len({sha256(p) for p in files.values()}) == 12

    context = new_context(browser, live_server, filer)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # 提交后不能修改，确定提交？

    # 1. 材料上传和下载: the twelve required types, one by one -------------------------------------
    page.goto(f"{live_server.url}/reports/")
    press(list_row(page, 2023).get_by_role("link", name="编辑"))
    section(page, "材料上传和下载")
    expect(page.locator(".evidence-table tbody tr").filter(has_text="未上传")).to_have_count(12)
    shot(page, "01-evidence-empty")
    for kind, label in REQUIRED_EVIDENCE:
        row = page.locator(f"#evidence-{kind}")
        row.locator("input[type=file]").set_input_files(files[kind])
        press(row.get_by_role("button", name="上传"))
        status(page, f"已上传{label}：{files[kind].name}（SHA-256 {sha256(files[kind])}）")
    for kind, _label in REQUIRED_EVIDENCE:
        row = page.locator(f"#evidence-{kind}")
        expect(row.locator("td.att-name a")).to_have_text(files[kind].name)
        expect(row.locator("td.sha")).to_have_text(sha256(files[kind]))
        expect(row.get_by_role("button", name="替换")).to_be_visible()
    no_page_overflow(page)
    shot(page, "02-evidence-uploaded")

    # a text file renamed .pdf: refused in Chinese, the row keeps its file
    fake = tmp_path / "热值检测报告.pdf"
    fake.write_bytes("2023年1月热值检测：20.512 GJ/t\n".encode())
    row = page.locator("#evidence-monthly_ncv_sheet")
    row.locator("input[type=file]").set_input_files(fake)
    press(row.get_by_role("button", name="替换"))
    expect(row).to_have_class("has-error")
    expect(row.locator(".field-error")).to_have_text(REFUSED)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("未上传：请按表中标红行的提示重新选择文件。")
    expect(alert).to_contain_text(f"月度热值计算表：{REFUSED}")
    expect(row.locator("td.sha")).to_have_text(sha256(files["monthly_ncv_sheet"]))
    assert report.evidence.count() == 12
    no_page_overflow(page)
    shot(page, "03-evidence-refused")

    # 2. 提交确认: declaration, then the PDF to print and stamp ------------------------------------
    section(page, "提交确认")
    expect(page.locator("blockquote.declaration")).to_have_text(
        "本企业对本报告的真实性、完整性、准确性负责。如本报告中的信息及支撑材料与实际情况不符，"
        "本单位愿承担相应的法律责任，并承担由此产生的一切后果。特此声明。"
    )
    problems = page.locator("#problems li")
    expect(problems).to_have_text(
        ["提交确认：请填写声明中的重点排放单位和法定代表人", STAMPED_MISSING]
    )
    page.get_by_label("重点排放单位").fill("示例发电有限公司")
    page.get_by_label("法定代表人").fill("张三")
    press(page.get_by_role("button", name="保存声明"))
    status(page, "声明已保存")
    expect(page.get_by_label("法定代表人")).to_have_value("张三")
    expect(problems).to_have_text([STAMPED_MISSING])
    shot(page, "04-declaration")

    with page.expect_download() as download_info:
        page.locator(".stamped-card").get_by_role("link", name="下载排放报告（PDF）").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    printed = Path(download.path()).read_bytes()
    assert printed.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=printed, capture_output=True, check=True
    ).stdout.decode()
    assert PLANT_TOTAL in text
    assert "待盖章提交" in text
    assert "示例发电有限公司" in text

    # 3. the stamped scan — a PDF that is not the report, then one with a page left out, are
    # refused naming what is wrong; the whole scan is taken — then 提交 ------------------------
    card = page.locator(".stamped-card")
    upload = page.get_by_label("盖章扫描版排放报告（仅支持 PDF）")
    other = tmp_path / "其他文件.pdf"
    other.write_bytes(small_pdf("stamped 2023"))
    upload.set_input_files(other)
    press(card.get_by_role("button", name="上传"))
    expect(card.locator(".field-error")).to_have_text(
        "扫描件中未找到排放报告的二维码：请下载本报告的 PDF（每页右下角有二维码），"
        "打印盖章后完整扫描上传"
    )
    pages = page_count(printed)
    incomplete = tmp_path / "缺页.pdf"
    incomplete.write_bytes(stamped_scan(printed, drop_pages=(2,)))
    upload = page.get_by_label("盖章扫描版排放报告（仅支持 PDF）")
    upload.set_input_files(incomplete)
    press(card.get_by_role("button", name="上传"))
    expect(card.locator(".field-error")).to_have_text(f"缺少报告第2页（共{pages}页）")
    expect(page.locator("#problems li")).to_have_text([STAMPED_MISSING])
    shot(page, "05-stamped-refused")
    report.refresh_from_db()
    assert report.stamped_pdf_id is None

    stamped = tmp_path / "2023年度排放报告（盖章版）.pdf"
    stamped.write_bytes(stamped_scan(printed))
    page.get_by_label("盖章扫描版排放报告（仅支持 PDF）").set_input_files(stamped)
    press(card.get_by_role("button", name="上传"))
    status(page, "已上传盖章扫描版排放报告")
    expect(page.locator(".stamped-card")).to_contain_text(f"SHA-256 {sha256(stamped)}")
    expect(page.locator("#problems")).to_have_count(0)
    expect(page.get_by_text("各表、材料和声明均已完成，可以提交。")).to_be_visible()
    no_page_overflow(page)
    shot(page, "06-ready")

    press(page.get_by_role("button", name="提交", exact=True))
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    submission = report.submission
    status(page, f"第1版已提交，等待主管部门审核。提交内容的 SHA-256：{submission.sha256}")
    expect(page.locator(".plan-head .plan-state")).to_have_text("已提交")
    expect(page.get_by_role("note")).to_contain_text(
        "第1版已提交，正在等待主管部门审核，不能修改。"
    )
    expect(page.get_by_role("link", name="编辑")).to_have_count(0)
    expect(
        page.locator("main input[type=file], main input[type=text], main textarea")
    ).to_have_count(0)
    expect(page.locator("#r-summary #plant-total")).to_have_text("2,745,730.80")
    shot(page, "07-submitted")

    # the frozen 提交确认 shows what was submitted, without forms
    page.goto(f"{live_server.url}/reports/{report.pk}/edit/submit/")
    expect(page.locator("main form")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(submission.sha256)
    expect(page.locator("main")).to_contain_text("张三")
    shot(page, "08-submitted-section")

    submitted_at = timezone.localtime(report.submitted_at).strftime("%Y-%m-%d %H:%M")
    page.goto(f"{live_server.url}/reports/")
    row = list_row(page, 2023)
    expect(row.locator(".plan-state")).to_have_text("已提交")
    expect(row.locator("td").nth(5)).to_have_text(submitted_at)
    expect(row.get_by_role("link", name="编辑")).to_have_count(0)
    shot(page, "09-list-submitted")

    # 4. the province's reviewer accepts it -----------------------------------------------------
    review = new_context(browser, live_server, reviewer)
    tab = review.new_page()
    tab.on("dialog", lambda dialog: dialog.accept())  # 确定审核通过？
    tab.goto(f"{live_server.url}/review/reports/")
    expect(tab.locator("#waiting-count")).to_have_text("1")
    waiting = tab.locator("table.review-table tbody tr").filter(has_text="示例发电有限公司")
    expect(waiting.locator(".plan-state")).to_have_text("已提交")
    expect(waiting).to_contain_text(submitted_at)
    shot(tab, "10-review-list")
    press(waiting.get_by_role("link", name="审核"))
    expect(tab.locator("#plant-total")).to_have_text("2,745,730.80")
    evidence = tab.locator("#r-evidence #evidence-electricity_bills")
    expect(evidence.locator("td.sha")).to_have_text(sha256(files["electricity_bills"]))
    zipped = tab.locator(f"#r-evidence #evidence-{ZIP_KIND} td.att-name a")
    expect(zipped).to_have_text(files[ZIP_KIND].name)
    with tab.expect_download() as download_info:
        zipped.click()
    fetched = Path(download_info.value.path()).read_bytes()
    assert hashlib.sha256(fetched).hexdigest() == sha256(files[ZIP_KIND])
    assert zipfile.ZipFile(io.BytesIO(fetched)).namelist() == ["2023-01.pdf"]
    expect(tab.locator("#r-declaration")).to_contain_text(sha256(stamped))
    no_page_overflow(tab)
    shot(tab, "11-review-detail")
    press(tab.get_by_role("button", name="通过", exact=True))
    status(tab, "已审核通过。")
    expect(tab.get_by_text("本版已审核通过。")).to_be_visible()
    expect(tab.locator("#decision")).to_have_count(0)
    shot(tab, "12-review-accepted")
    review.close()
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED

    page.goto(f"{live_server.url}/reports/")
    expect(list_row(page, 2023).locator(".plan-state")).to_have_text("已通过")
    shot(page, "13-list-accepted")
    context.close()
