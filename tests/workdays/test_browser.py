"""The working-day calendar in a real headless Chromium (Debian's /usr/bin/chromium): an authority
管理员 finds 工作日历 in the menu, sees a deadline in 2027 refused, adds 2027 with one holiday
(invented for the test: the State Council's 2027 notice is not in our references), publishes it,
and the same deadline is then counted from it.

Screenshots go to test-artifacts/screenshots/workdays-*.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tanhe.workdays.models import CalendarYear

from ..conftest import SHOTS, new_context

pytestmark = pytest.mark.browser


def shot(page: Page, name: str) -> None:
    page.screenshot(path=SHOTS / f"workdays-{name}.png", full_page=True)


def test_admin_adds_and_publishes_2027(browser: Browser, live_server, flushable, admin):
    page = new_context(browser, live_server, admin).new_page()
    page.goto(live_server.url + "/accounts/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="工作日历").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("工作日历")

    # a deadline in 2027 is refused, naming the year
    page.get_by_label("起算日期").fill("2027-02-04")
    page.get_by_label("工作日数").fill("1")
    page.get_by_role("button", name="计算").click()
    expect(page.locator("#trial-result")).to_contain_text("2027年的法定节假日安排尚未录入工作日历")
    shot(page, "01-missing")

    # add 2027, enter one holiday
    page.get_by_label("年份").fill("2027")
    page.get_by_label("依据").fill("测试用：2027年安排（虚构）")
    page.locator("#create-year").get_by_role("button", name="新增年度").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("2027年工作日历")
    expect(page.locator("#year-state")).to_have_text("未发布")
    form = page.locator("#set-day")
    form.get_by_label("日期").fill("2027-02-05")
    form.get_by_label("放假 / 上班").select_option("holiday")
    form.get_by_label("名称").fill("春节")
    form.get_by_role("button", name="保存").click()
    row = page.locator("#table-days tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("2027-02-05")
    expect(row).to_contain_text("春节")
    shot(page, "02-entered")

    # publish: the year counts
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.locator("#year-state")).to_have_text("已发布")
    expect(page.get_by_role("status")).to_contain_text("2027年的工作日历已发布")
    shot(page, "03-published")
    assert CalendarYear.objects.get(year=2027).published

    # the same deadline now: 02-05 (Fri) off, the weekend, Monday 02-08
    page.goto(live_server.url + "/workdays/?start=2027-02-04&n=1")
    expect(page.locator("#trial-result .deadline")).to_contain_text("2027-02-08")
    expect(page.locator("#years tbody tr").first).to_contain_text("录入的工作日历")
    shot(page, "04-counted")
