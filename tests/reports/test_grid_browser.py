"""The report's number tables behave like a spreadsheet, and nothing typed is lost, in a real
headless Chromium at 1366×768 (Debian's /usr/bin/chromium; never `playwright install`).

One year is built once per test (fill_year, the 确定方式表, January–June sealed), so the
grids open with six sealed months and six that take typing. Screenshots land in
test-artifacts/screenshots/grid-NN-*.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Locator, Page, expect

from tanhe.reports import services

from ..conftest import new_context, screenshot
from .conftest import fill_tests, fill_year

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable")]

PASSWORD = "Xx-12345678"  # tests/plans/conftest.py make_user
SEALED = range(1, 7)


@pytest.fixture
def year(report, unit, filer):
    """The 2023 report, all twelve months filled, its 确定方式表 too, January–June sealed."""
    fill_year(filer, report, unit)
    fill_tests(filer, report, unit)
    for month in SEALED:
        services.seal_month(actor=filer, report=report, month=month)
    return report


@pytest.fixture
def page(browser: Browser, live_server, filer) -> Iterator[Page]:
    context = new_context(browser, live_server, filer)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    tab = context.new_page()
    tab.set_viewport_size({"width": 1366, "height": 768})
    yield tab
    context.close()


def open_table(page: Page, base: str, report, section: str) -> None:
    page.goto(f"{base}/reports/{report.pk}/edit/{section}/")
    expect(page.locator("[data-grid-tools]")).to_be_visible()


def grid_row(page: Page, label: str, block: int = 0) -> Locator:
    table = page.locator("table.report-grid").nth(block)
    head = page.locator("th.param-col", has_text=re.compile("^" + re.escape(label)))
    return table.locator("tbody tr").filter(has=head)


def cell(page: Page, label: str, month: int, block: int = 0) -> Locator:
    """The value input of ``label``'s row in ``month`` (a sealed month has none)."""
    return grid_row(page, label, block).locator("td.cell").nth(month - 1).locator("input")


def paste(page: Page, target: Locator, text: str) -> None:
    """Paste ``text`` into ``target`` through the clipboard, as Ctrl+V after copying in Excel."""
    target.click()
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    page.keyboard.press("Control+V")


def values(page: Page, label: str, months: range) -> list[str]:
    return [cell(page, label, m).input_value() for m in months]


def focused_label(page: Page) -> str:
    return page.evaluate("document.activeElement.getAttribute('aria-label') || ''")


def test_paste_keys_sticky_header_and_first_editable_month(page: Page, live_server, year):
    base = live_server.url
    open_table(page, base, year, "fuel")
    screenshot(page, "grid-01-fuel-opened", full=False)

    # Opened at the first month that takes typing (July), beside the sticky row labels; the
    # first row of numbers shows at 1366×768 without scrolling the page.
    box = page.locator(".report-scroll").first
    labels = page.locator("table.report-grid thead .param-col").first.bounding_box()
    july = page.locator("table.report-grid thead th.month-col").nth(6).bounding_box()
    june = page.locator("table.report-grid thead th.month-col").nth(5).bounding_box()
    edge = labels["x"] + labels["width"]
    assert box.evaluate("b => b.scrollLeft") > 0
    # July right beside the labels, or as near as the table's end allows (scrolled fully).
    at_end = box.evaluate("b => b.scrollLeft + b.clientWidth >= b.scrollWidth - 1")
    assert abs(july["x"] - edge) < 2 or (at_end and 0 <= july["x"] - edge < june["width"] / 3)
    first_row = page.locator("table.report-grid tbody tr").first.bounding_box()
    assert first_row["y"] + first_row["height"] < 768 * 0.75, first_row

    # A 3×4 block copied from Excel (\r\n, a trailing newline) lands exactly.
    rows = ["消耗量", "空气干燥基元素碳含量", "收到基水分"]
    before = {label: values(page, label, range(7, 13)) for label in rows + ["空气干燥基水分"]}
    block = "8.10\t8.20\t8.30\t8.40\r\n1.10\t1.20\t1.30\t1.40\r\n2.10\t2.20\t2.30\t2.40\r\n"
    paste(page, cell(page, "消耗量", 8), block)
    expected = [["8.10", "8.20", "8.30", "8.40"], ["1.10", "1.20", "1.30", "1.40"],
                ["2.10", "2.20", "2.30", "2.40"]]  # fmt: skip
    for label, want in zip(rows, expected, strict=True):
        got = values(page, label, range(7, 13))
        assert got == [before[label][0], *want, before[label][5]], (label, got)
    assert values(page, "空气干燥基水分", range(7, 13)) == before["空气干燥基水分"]
    expect(page.locator("[data-grid-status]")).to_have_text(
        "已粘贴 12 个值（尚未保存）；跳过 0 个不能填写的单元格（保持原值）。"
    )
    screenshot(page, "grid-02-pasted", full=False)

    # Full-width digits and grouping commas become canonical numbers, in a block and alone.
    paste(page, cell(page, "收到基水分", 8), "１２．５\t1,234.5\t\uff11\uff10\n")
    assert values(page, "收到基水分", range(8, 11)) == ["12.5", "1234.5", "10"]
    cell(page, "空气干燥基水分", 9).fill("")
    paste(page, cell(page, "空气干燥基水分", 9), "１,２３４．５")
    expect(cell(page, "空气干燥基水分", 9)).to_have_value("1234.5")

    # Wider than the table: 11月, 12月 pasted, 全年 skipped (it keeps what it had), one cut.
    paste(page, cell(page, "收到基水分", 11), "7.1\t7.2\t7.3\t7.4")
    assert values(page, "收到基水分", range(11, 13)) == ["7.1", "7.2"]
    expect(page.locator("[data-grid-status]")).to_have_text(
        "已粘贴 2 个值（尚未保存）；跳过 1 个不能填写的单元格（保持原值）；"
        "复制的区域超出表格，1 个值未粘贴。"
    )

    # Arrow keys, Enter and Shift+Enter move between cells; Enter does not submit.
    start = cell(page, "空气干燥基元素碳含量", 9)
    start.click()
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")
    expect(cell(page, "空气干燥基元素碳含量", 10)).to_be_focused()
    page.keyboard.press("ArrowRight")  # selected text: the caret is not at the end yet
    page.keyboard.press("ArrowRight")
    expect(cell(page, "空气干燥基元素碳含量", 11)).to_be_focused()
    page.keyboard.press("Home")
    page.keyboard.press("ArrowLeft")
    expect(cell(page, "空气干燥基元素碳含量", 10)).to_be_focused()
    page.keyboard.press("ArrowLeft")  # caret inside the text: it moves, the focus stays
    page.keyboard.press("ArrowUp")
    expect(cell(page, "消耗量", 10)).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(cell(page, "收到基水分", 10)).to_be_focused()
    page.keyboard.press("Shift+Enter")
    expect(cell(page, "空气干燥基元素碳含量", 10)).to_be_focused()
    assert page.url.endswith("/edit/fuel/")  # nothing was submitted
    expect(page.locator(".messages, .message-success")).to_have_count(0)

    # Tab skips the 数据获取方式 drop-downs unless asked.
    cell(page, "消耗量", 9).click()
    page.keyboard.press("Tab")
    expect(cell(page, "消耗量", 10)).to_be_focused()
    page.get_by_label("Tab 键经过下拉选择").check()
    cell(page, "消耗量", 9).click()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SELECT"
    assert "数据获取方式" in focused_label(page)
    page.get_by_label("Tab 键经过下拉选择").uncheck()

    # The month header and the row labels stay in view when the table scrolls.
    # (the box is at most the window's height: at 1366×600 this table scrolls inside it)
    page.set_viewport_size({"width": 1366, "height": 600})
    box.evaluate("b => { b.scrollTop = 300; b.scrollLeft = b.scrollWidth; }")
    top = box.bounding_box()
    head = page.locator("table.report-grid thead th.month-col").nth(11).bounding_box()
    label = grid_row(page, "收到基水分").locator("th.param-col").bounding_box()
    assert box.evaluate("b => b.scrollTop") > 50
    assert abs(head["y"] - top["y"]) < 3, (head, top)
    assert abs(label["x"] - top["x"]) < 3, (label, top)
    screenshot(page, "grid-03-scrolled-sticky", full=False)
