"""Seed 000 机组信息 说明 c) in a real headless Chromium: switch the plant's diesel to 按机组发电量
分配 on the 燃料信息表, type the plant's January diesel, save, and see the units' diesel
consumption derived (no input)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tanhe.reports import services

from ..conftest import new_context, screenshot
from .test_browser import press, status

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable")]


def test_allocating_diesel_and_typing_the_plants_value_seed_000_c(
    browser: Browser, live_server, filer, enterprise, plan
) -> None:
    report = services.create_report(actor=filer, enterprise=enterprise, year=2023)
    context = new_context(browser, live_server, filer)
    page = context.new_page()
    page.goto(f"{live_server.url}/reports/{report.pk}/edit/fuel/")
    expect(page.get_by_label("1号机组 柴油 1月 消耗量", exact=True)).to_be_visible()
    switch = page.get_by_label("柴油无法分机组计量，按机组发电量分配")
    with page.expect_navigation():
        switch.check()  # submits itself (data-autosubmit)
    status(page, "已设为：柴油按机组发电量分配")
    expect(page.get_by_role("heading", name="全厂 柴油（按机组发电量分配）")).to_be_visible()
    expect(page.get_by_label("1号机组 柴油 1月 消耗量", exact=True)).to_have_count(0)
    page.get_by_label("全厂 柴油 1月 消耗量", exact=True).fill("120.50")
    press(page.get_by_role("button", name="保存", exact=True).first)
    status(page, "已保存：1 个数值有修改。")
    expect(page.get_by_label("全厂 柴油 1月 消耗量", exact=True)).to_have_value("120.50")
    screenshot(page, "report-allocated-diesel")
    context.close()
    cell = report.cells.get(unit=None, fuel="diesel", key="consumption", month=1)
    assert cell.value == "120.50"
