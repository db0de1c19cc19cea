"""The annual report in a real headless Chromium: create the 2023 report, fill January of the
fuel, electricity and production tables through the page, 自动计算, see the grey numbers of the
issue example (228518.74 + 292.16 = 228810.90 tCO2), edit a grey cell by hand, 自动计算 again,
read the confirmation listing the change, and confirm it.

Debian's /usr/bin/chromium (never `playwright install`); the session cookie comes from
``client.force_login``. Screenshots of every section land in
test-artifacts/screenshots/report-NN-<name>.png for a human to look at.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tanhe.reports.models import Report

from ..conftest import new_context, screenshot
from .conftest import PDF

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable")]


@pytest.fixture
def page(browser: Browser, live_server, filer, plan) -> Iterator[Page]:
    """A tab logged in as the enterprise's reporting account (its plan is submitted)."""
    context = new_context(browser, live_server, filer)
    tab = context.new_page()
    tab.on("dialog", lambda dialog: dialog.accept())
    yield tab
    context.close()


def shot(page: Page, name: str) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, f"report-{name}")


def press(button: Locator) -> None:
    with button.page.expect_navigation():
        button.click()


def cell(page: Page, where: str) -> Locator:
    """A table cell's input, labelled as the services name the place (unit, fuel, month, row)."""
    return page.get_by_label(where, exact=True)


def fill(page: Page, values: dict[str, str]) -> None:
    for where, value in values.items():
        cell(page, where).fill(value)


def section(page: Page, label: str) -> None:
    press(page.get_by_role("navigation", name="排放报告各部分").get_by_role("link", name=label))


def status(page: Page, text: str) -> None:
    expect(page.get_by_role("status").filter(has_text=text).first).to_be_visible()


def no_page_overflow(page: Page) -> None:
    """Wide tables scroll inside their box; the page itself never scrolls sideways."""
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths


def test_report_walkthrough(page: Page, live_server, enterprise) -> None:
    page.goto(f"{live_server.url}/reports/")
    expect(page.get_by_role("heading", name="排放报告", exact=True)).to_be_visible()
    page.get_by_text("创建", exact=True).click()
    page.get_by_label("报告时间").select_option("2023")
    shot(page, "01-create")
    press(page.get_by_role("button", name="确定"))
    status(page, "已创建2023年度排放报告（依据质量控制计划第1版）")
    report = Report.objects.get(enterprise=enterprise, year=2023)

    # 基本信息: the plan's information, the contact editable
    expect(page.get_by_text("填报说明：企业基本信息中的报告联系人")).to_be_visible()
    page.get_by_label("电子邮箱").fill("li@example.com")
    press(page.get_by_role("button", name="保存并下一步"))
    status(page, "已保存")
    expect(page.get_by_role("heading", name="燃料信息表", level=2)).to_be_visible()
    shot(page, "02-fuel-empty")

    # 燃料信息表: January of the issue example
    fill(page, {
        "1号机组 烟煤 1月 消耗量": "120345.67",
        "1号机组 烟煤 1月 低位发热量": "20.512",
        "1号机组 烟煤 1月 收到基元素碳含量": "52.31",
        "1号机组 柴油 1月 消耗量": "0",
    })  # fmt: skip
    cell(page, "1号机组 烟煤 1月 燃料状态").select_option("fired")
    # a typing mistake first: the page keeps what was typed and marks the cell
    cell(page, "1号机组 烟煤 2月 消耗量").fill("12,3x")
    press(page.get_by_role("button", name="保存", exact=True).first)
    problems = page.locator("#problems")
    expect(problems).to_contain_text(
        "1号机组 烟煤 2月 消耗量：“12,3x”不是数字（只能填写不带正负号的数字）"
    )
    expect(cell(page, "1号机组 烟煤 1月 消耗量")).to_have_value("120345.67")
    expect(page.locator("td.has-error input")).to_have_count(1)
    shot(page, "03-fuel-error")
    cell(page, "1号机组 烟煤 2月 消耗量").fill("")
    press(page.get_by_role("button", name="保存", exact=True).first)
    status(page, "已保存：5 个数值有修改。")

    # 购入使用电量表
    section(page, "购入使用电量表")
    cell(page, "1号机组 1月 消费的购入电量").fill("512.30")
    press(page.get_by_role("button", name="保存", exact=True).first)
    status(page, "已保存：1 个数值有修改。")

    # 生产数据表, then 自动计算 (it saves the table first)
    section(page, "生产数据表")
    fill(page, {
        "1号机组 1月 发电量": "301234.567",
        "1号机组 1月 供电量": "285432.100",
        "1号机组 1月 供热量": "0.000",
        "1号机组 1月 运行小时数": "744",
    })  # fmt: skip
    press(page.get_by_role("button", name="自动计算").first)
    status(page, "自动计算完成")
    expect(cell(page, "1号机组 1月 负荷（出力）系数")).to_have_value("61.35")
    expect(cell(page, "1号机组 1月 供电煤（气）耗")).to_have_value("295.46")
    shot(page, "06-production")

    # the grey numbers of the fuel and electricity tables
    section(page, "燃料信息表")
    emissions = cell(page, "1号机组 烟煤 1月 化石燃料燃烧排放量")
    expect(emissions).to_have_value("228518.74")
    expect(cell(page, "1号机组 烟煤 1月 化石燃料热量")).to_have_value("2468530.383")
    expect(cell(page, "1号机组 烟煤 1月 单位热值含碳量")).to_have_value("0.02550")
    grey = emissions.locator("xpath=ancestor::td[1]")
    expect(grey).to_have_class(re.compile(r"\bis-grey\b"))
    background = grey.evaluate("td => getComputedStyle(td).backgroundColor")
    assert background == "rgb(236, 239, 242)", background
    # the twelve months scroll inside the table's box, not the page
    scroll = page.locator(".report-scroll").first
    assert scroll.evaluate("el => el.scrollWidth > el.clientWidth")
    no_page_overflow(page)
    shot(page, "04-fuel-computed")

    section(page, "购入使用电量表")
    expect(cell(page, "1号机组 1月 购入电力排放")).to_have_value("292.16")
    expect(cell(page, "1号机组 1月 电网排放因子")).to_have_value("0.5703")
    expect(page.locator("td").filter(has_text="缺省值").first).to_be_visible()
    shot(page, "05-electricity")

    # edit a grey cell by hand, then 自动计算 again: the change is listed before it applies
    section(page, "燃料信息表")
    cell(page, "1号机组 烟煤 1月 化石燃料热量").fill("2468530.000")
    press(page.get_by_role("button", name="保存", exact=True).first)
    expect(page.locator("td.is-edited")).to_have_count(1)
    press(page.get_by_role("button", name="自动计算").first)
    expect(page.get_by_role("heading", name="自动计算：确认覆盖")).to_be_visible()
    change = page.locator("table.change-table tbody tr").filter(has_text="化石燃料热量")
    expect(change).to_have_count(1)
    expect(change).to_contain_text("1号机组")
    expect(change).to_contain_text("烟煤")
    expect(change.locator("td.diff-old")).to_have_text("2468530.000")
    expect(change.locator("td.diff-new")).to_have_text("2468530.383")
    expect(change).to_contain_text("是，手工修改过")
    shot(page, "07-autocalc-confirm")
    press(page.get_by_role("button", name="确认覆盖"))
    status(page, "自动计算完成：1 个数值已更新")
    expect(cell(page, "1号机组 烟煤 1月 化石燃料热量")).to_have_value("2468530.383")
    expect(page.locator("td.is-edited")).to_have_count(0)

    # the other sections read well
    section(page, "确定方式表")
    shot(page, "08-tests")
    no_page_overflow(page)
    section(page, "生产设施表")
    expect(page.get_by_text("1号锅炉")).to_be_visible()
    shot(page, "09-facilities")
    section(page, "信息汇总表")
    expect(page.locator("#plant-total")).to_have_text("228,810.90")
    shot(page, "10-summary")
    section(page, "材料上传和下载")
    expect(page.locator(".evidence-table .req")).to_have_count(12)
    row = page.locator("#evidence-electricity_bills")
    row.locator("input[type=file]").set_input_files(
        files=[{"name": "电费结算单2023.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    press(row.get_by_role("button", name="上传"))
    status(page, "已上传电费结算单或发票：电费结算单2023.pdf")
    expect(row.locator("td.sha")).to_have_text(hashlib.sha256(PDF).hexdigest())
    shot(page, "11-evidence")
    section(page, "提交确认")
    expect(page.get_by_text("本企业对本报告的真实性、完整性、准确性负责")).to_be_visible()
    expect(page.locator("#problems")).to_contain_text("材料上传：缺少必传附件")
    shot(page, "12-submit")
    section(page, "企业基本信息")
    shot(page, "13-basic")
    report.refresh_from_db()
    assert report.contact_email == "li@example.com"


def test_authority_reviews_and_returns(browser: Browser, live_server, filer, reviewer, report):
    """The authority's list, the read-only report and 退回补正 with its comment; the enterprise
    then reads the comment on the new version."""
    from tanhe.reports.models import ReportState

    from .test_views import submitted_report

    unit = report.plan_version.units.get(name="1号机组")
    submitted = submitted_report(filer, report, unit)
    context = new_context(browser, live_server, reviewer)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/review/reports/?state=submitted")
    expect(tab.locator("#waiting-count")).to_have_text("1")
    shot(tab, "20-review-list")
    press(tab.get_by_role("link", name="审核", exact=True))
    expect(tab.locator("#plant-total")).to_have_text("2,745,730.80")
    no_page_overflow(tab)
    shot(tab, "21-review-detail")
    press(tab.get_by_role("button", name="退回补正"))
    expect(tab.locator(".field-error")).to_have_text("退回补正须填写意见")
    tab.get_by_label("退回补正意见").fill(
        "请补充1月热值检测报告（CMA 标识），并核对1月烟煤消耗量。"
    )
    press(tab.get_by_role("button", name="退回补正"))
    status(tab, "已退回补正")
    context.close()
    submitted.refresh_from_db()
    assert submitted.state == ReportState.RETURNED

    context = new_context(browser, live_server, filer)
    tab = context.new_page()
    tab.goto(f"{live_server.url}/reports/")
    press(tab.get_by_role("link", name="编辑"))
    expect(tab.get_by_text("请补充1月热值检测报告（CMA 标识）")).to_be_visible()
    shot(tab, "22-returned-v2")
    context.close()
