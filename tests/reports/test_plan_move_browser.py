"""The report keeps its plan, in a real headless Chromium: the plan editor names the report that
stands in the way of deleting a unit; the report editor announces the newer plan version, whose
page lists what changes, and the move is confirmed there. Screenshots land in
test-artifacts/screenshots/plan-move-NN-<name>.png."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tanhe.plans import services as plan_services
from tanhe.reports import services as report_services

from ..conftest import new_context, screenshot
from .conftest import JANUARY, entries
from .test_plan_binding import _returned, _revise, _unit_data

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable")]


@pytest.fixture
def tab(browser: Browser, live_server, filer) -> Iterator[Page]:
    context = new_context(browser, live_server, filer)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()


def test_plan_editor_names_the_report(tab, live_server, plan, report, unit, filer, reviewer):
    report_services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    _returned(plan, reviewer)
    tab.goto(f"{live_server.url}/plans/{plan.pk}/edit/units/")
    with tab.expect_navigation():
        tab.get_by_role("button", name="删除").first.click()
    alert = tab.get_by_role("alert")
    expect(alert).to_contain_text("这项修改会使排放报告中的以下数值失去所依据的机组或燃料")
    expect(alert).to_contain_text("2023年度排放报告第1版 · 1号机组 烟煤：4 个数值（1月）")
    screenshot(tab, "plan-move-01-unit-delete-refused")


def test_move_onto_the_newer_plan(
    tab, live_server, plan, report, unit, filer, enterprise, reviewer
):
    report_services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))

    def edit(version):
        first = version.units.get(name="1号机组")
        plan_services.update_unit(actor=filer, unit=first, data=_unit_data(
            first, fuel_names=["bituminous", "anthracite", "diesel"]))  # fmt: skip

    _revise(filer, enterprise, plan, reviewer, edit)
    tab.goto(f"{live_server.url}/reports/{report.pk}/edit/basic/")
    expect(tab.get_by_role("status").filter(has_text="计划已更新")).to_contain_text("第1版 → 第2版")
    with tab.expect_navigation():
        tab.get_by_role("link", name="查看变化并迁移").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("迁移到新版质量控制计划")
    expect(tab.locator("table.plan-move-changes")).to_contain_text("无烟煤")
    screenshot(tab, "plan-move-02-preview")
    with tab.expect_navigation():
        tab.get_by_role("button", name="确认迁移到第2版").click()
    expect(tab.locator("body")).to_contain_text("已迁移到质量控制计划第2版")
    expect(tab.locator(".plan-meta")).to_contain_text("依据的质量控制计划：第2版")
    screenshot(tab, "plan-move-03-moved")
