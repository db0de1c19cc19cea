"""The report's number tables behave like a spreadsheet, and nothing typed is lost, in a real
headless Chromium at 1366×768 (Debian's /usr/bin/chromium; never `playwright install`).

One year is built once per test (fill_year, the 确定方式表, January–June sealed), so the
grids open with six sealed months and six that take typing. Screenshots land in
test-artifacts/screenshots/grid-NN-*.png.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from tanhe.reports import services

from ..conftest import new_context, screenshot
from .conftest import PDF, fill_tests, fill_year

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
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == [], errors  # no script failed on any page


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
    before = {label: values(page, label, range(7, 13)) for label in [*rows, "空气干燥基水分"]}
    block = "8.10\t8.20\t8.30\t8.40\r\n1.10\t1.20\t1.30\t1.40\r\n2.10\t2.20\t2.30\t2.40\r\n"
    paste(page, cell(page, "消耗量", 8), block)
    expected = [["8.10", "8.20", "8.30", "8.40"], ["1.10", "1.20", "1.30", "1.40"],
                ["2.10", "2.20", "2.30", "2.40"]]  # fmt: skip
    for label, want in zip(rows, expected, strict=True):
        got = values(page, label, range(7, 13))
        assert got == [before[label][0], *want, before[label][5]], (label, got)
    assert values(page, "空气干燥基水分", range(7, 13)) == before["空气干燥基水分"]
    expect(page.locator("[data-grid-status]")).to_have_text("已粘贴 12 个值（尚未保存）。")
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


def nav(page: Page, name: str) -> Locator:
    return page.locator(".report-nav").get_by_role("link", name=name)


def test_copy_to_later_months_and_nothing_lost_on_leaving(page: Page, live_server, year):
    base = live_server.url
    open_table(page, base, year, "electricity")
    label = "消费的购入电量"
    mode = grid_row(page, label).locator("td.cell").nth(7).locator("select")

    # 复制本月到以后各月: August's value and mode go to September–December; July stays.
    cell(page, label, 8).fill("600.50")
    mode.select_option(label="缺省值")
    cell(page, label, 8).click()
    expect(page.locator("[data-grid-current]")).to_contain_text("8")
    page.get_by_role("button", name="复制本月到以后各月").click()
    expect(page.locator("[data-grid-status]")).to_have_text("已复制到以后 4 个月（尚未保存）。")
    assert values(page, label, range(7, 13)) == ["512.30"] + ["600.50"] * 5
    modes = grid_row(page, label).locator("td.cell select")
    assert [modes.nth(i).input_value() for i in range(0, 6)] == (["measured"] + ["default"] * 5), (
        "modes of July–December"
    )
    screenshot(page, "grid-04-copied", full=False)

    # Another table in the sidebar while unsaved: dismissing the question stays here …
    page.once("dialog", lambda dialog: dialog.dismiss())
    nav(page, "生产数据表").click()
    expect(page).to_have_url(re.compile(r"/edit/electricity/$"))
    expect(cell(page, label, 12)).to_have_value("600.50")

    # … accepting it leaves; coming back puts the typed values back.
    questions: list[str] = []

    def accept(dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    nav(page, "生产数据表").click()
    expect(page).to_have_url(re.compile(r"/edit/production/$"))
    assert "尚未保存的修改" in questions[0]
    nav(page, "购入使用电量表").click()  # nothing typed on that page: no question
    expect(page).to_have_url(re.compile(r"/edit/electricity/$"))
    expect(page.locator(".autosave-notice")).to_contain_text("已恢复上次未保存的输入")
    expect(page.locator(".autosave-notice")).to_contain_text(re.compile(r"（\d\d-\d\d \d\d:\d\d）"))
    assert values(page, label, range(7, 13)) == ["512.30"] + ["600.50"] * 5
    expect(grid_row(page, label).locator("td.cell").nth(11).locator("select")).to_have_value(
        "default"
    )

    # Refused by the server: the page shows what was typed, and no older copy is put over it.
    cell(page, label, 9).fill("abc")
    with page.expect_navigation():
        page.locator(".table-actions").first.get_by_role("button", name="保存").click()
    expect(page.locator("#problems")).to_be_visible()
    expect(page.locator(".autosave-notice")).to_have_count(0)
    expect(cell(page, label, 9)).to_have_value("abc")
    expect(cell(page, label, 10)).to_have_value("600.50")
    screenshot(page, "grid-05-refused")

    # Corrected and saved: the copy is gone and nothing asks on leaving.
    cell(page, label, 9).fill("600.50")
    with page.expect_navigation():
        page.locator(".table-actions").first.get_by_role("button", name="保存").click()
    expect(page.locator(".autosave-notice")).to_have_count(0)
    expect(cell(page, label, 12)).to_have_value("600.50")
    nav(page, "生产数据表").click()  # an unanswered question would keep the page here
    expect(page).to_have_url(re.compile(r"/edit/production/$"))


def test_tests_table_copy_and_sticky_header(page: Page, live_server, year):
    base = live_server.url
    open_table(page, base, year, "tests")
    table = page.locator("table.test-table").first
    rows = table.locator("tbody tr")
    first, second = rows.nth(0), rows.nth(12)  # two parameters of twelve months each
    expect(first.locator("th.param-cell")).to_be_visible()
    expect(second.locator("th.param-cell")).to_be_visible()

    def field(row: int, name: str) -> Locator:
        return rows.nth(row).locator(f"td.t-{name}").locator("input, select")

    before_second = [field(r, "device").input_value() for r in range(12, 24)]
    numbers = [field(r, "report_number").input_value() for r in range(0, 12)]
    field(2, "device").fill("量热仪 ZDHW-9000")  # March
    field(2, "frequency").fill("每班")
    field(2, "report_number").fill("ONLY-MARCH")
    field(2, "device").click()
    page.get_by_role("button", name="复制本月到以后各月").click()
    expect(page.locator("[data-grid-status]")).to_have_text("已复制到以后 9 个月（尚未保存）。")
    assert [field(r, "device").input_value() for r in range(2, 12)] == ["量热仪 ZDHW-9000"] * 10
    assert [field(r, "frequency").input_value() for r in range(2, 12)] == ["每班"] * 10
    assert field(1, "device").input_value() != "量热仪 ZDHW-9000"  # February: before
    # 报告编号 and the dates belong to one month's test: not copied.
    assert [field(r, "report_number").input_value() for r in range(3, 12)] == numbers[3:]
    assert [field(r, "device").input_value() for r in range(12, 24)] == before_second

    # The column header and the month labels stay in view inside the scrolled box.
    box = page.locator(".report-scroll").first
    box.evaluate("b => { b.scrollTop = 400; b.scrollLeft = 300; }")
    assert box.evaluate("b => b.scrollTop") > 200
    top = box.bounding_box()
    head = table.locator("thead th").nth(5).bounding_box()
    assert abs(head["y"] - top["y"]) < 3, (head, top)
    month = rows.nth(10).locator("th.month-cell").bounding_box()
    assert top["x"] <= month["x"] < top["x"] + 200
    screenshot(page, "grid-06-tests-copied", full=False)


def _wait_until_the_servers_session_ended(limit: float = 15.0) -> None:
    """Polls the session table, not the site (a request would renew the session): no fixed
    sleep that a slow machine could outrun."""
    give_up = time.monotonic() + limit
    while Session.objects.filter(expire_date__gt=timezone.now()).exists():
        assert time.monotonic() < give_up, "the server's session did not end"
        time.sleep(0.1)


def test_monthly_paste_and_input_kept_through_session_timeout(
    page: Page, live_server, year, unit, filer, settings
):
    settings.SESSION_COOKIE_AGE = 4
    settings.TANHE_SESSION_WARN_SECONDS = 2
    base = live_server.url
    page.goto(f"{base}/reports/{year.pk}/months/8/")
    values_ = page.locator("#panel-fuel table.value-table").first.locator("td.value-col input")
    consumption = page.locator(f"#row-{unit.pk}-fuel-bituminous-consumption td.value-col input")
    expect(consumption).to_be_visible()
    index = values_.evaluate_all(
        "(inputs, id) => inputs.findIndex(i => i.closest('tr').id === id)",
        f"row-{unit.pk}-fuel-bituminous-consumption",
    )
    second = values_.nth(index + 1)
    before_next = values_.nth(index + 2).input_value()

    # A column pasted from Excel goes down the 数值 column, normalised; the rest is untouched.
    paste(page, consumption, "123,456.78\r\n２０．５１\r\n")
    expect(consumption).to_have_value("123456.78")
    expect(second).to_have_value("20.51")
    assert values_.nth(index + 2).input_value() == before_next
    page.keyboard.press("Enter")  # moves down; the month is not saved
    expect(second).to_be_focused()

    # Switching the page's own tabs asks nothing.
    asked: list[str] = []

    def record(dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    page.locator("[data-month-tabs]").get_by_role("link", name="购入使用电力排放").click()
    page.locator("[data-month-tabs]").get_by_role("link", name="化石燃料燃烧排放").click()
    assert asked == []

    # The session ends while the values are unsaved; after logging in again they are back.
    expired = page.locator("#session-expired")
    expect(expired).to_be_visible(timeout=20_000)
    _wait_until_the_servers_session_ended()  # its copy ends a moment after the page's clock
    settings.SESSION_COOKIE_AGE = 600
    expired.get_by_role("link", name="重新登录").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("用户名或统一社会信用代码").fill(filer.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(rf"/reports/{year.pk}/months/8/$"))
    expect(page.locator("#month-form .autosave-notice")).to_contain_text("已恢复上次未保存的输入")
    expect(consumption).to_have_value("123456.78")
    expect(second).to_have_value("20.51")
    assert asked == []
    screenshot(page, "grid-07-monthly-restored", full=False)

    # Uploading a file reloads the page: the unsaved values come back after it too.
    page.remove_listener("dialog", record)
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    row = page.locator(f"#row-{unit.pk}-fuel-bituminous-consumption")
    row.locator("input[type=file]").set_input_files(
        {"name": "8月入炉煤盘点表.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    with page.expect_navigation():
        row.get_by_role("button", name="上传").click()
    assert "未保存的数值保留在本机浏览器中" in asked[0]
    expect(row.locator(".file-list")).to_contain_text("8月入炉煤盘点表.pdf")
    expect(consumption).to_have_value("123456.78")
    expect(second).to_have_value("20.51")


def test_daily_records_are_a_grid_too(page: Page, live_server, year, unit):
    page.goto(f"{live_server.url}/reports/{year.pk}/daily/{unit.pk}/bituminous/8/")
    inputs = page.locator("table.daily-table tbody tr")

    def day(n: int, column: int) -> Locator:
        return inputs.nth(n - 1).locator("td input").nth(column)

    paste(page, day(2, 0), "3,001.5\t２０．１\t５１．２\n2999\t20.3\t51.0\n")
    assert [day(2, c).input_value() for c in range(3)] == ["3001.5", "20.1", "51.2"]
    assert [day(3, c).input_value() for c in range(3)] == ["2999", "20.3", "51.0"]
    assert [day(n, c).input_value() for n in (1, 4) for c in range(3)] == [""] * 6
    page.keyboard.press("Enter")
    expect(day(3, 0)).to_be_focused()


def test_restored_input_notice_reads_as_english(page: Page, live_server, year):
    """In English the time of the kept copy stands in ASCII brackets, the notice in English."""
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    open_table(page, live_server.url, year, "production")
    label = "Generation"
    cell(page, label, 12).fill("600.50")
    page.once("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/reports/{year.pk}/edit/electricity/")
    open_table(page, live_server.url, year, "production")
    notice = page.locator(".autosave-notice")
    expect(notice).to_contain_text(re.compile(r"restored \(\d\d-\d\d \d\d:\d\d\)"))
    assert not re.search(r"[\u4e00-\u9fff（）]", notice.inner_text())
    expect(cell(page, label, 12)).to_have_value("600.50")
