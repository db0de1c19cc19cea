"""月度存证 in a real headless Chromium: January is filed with a supporting file on its
consumption row, sealed, reopened by an amendment with a reason, changed and sealed again.

Debian's /usr/bin/chromium (never `playwright install`). The pages' "today" is fixed at
20 February 2023 (January's deadline, 12 March, is then 20 days away). Screenshots land in
test-artifacts/screenshots/monthly-NN-*.png for a human to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Locator, Page, expect

from tanhe.reports import monthly_display, services
from tanhe.reports.models import FilingState, MonthFiling, ValueEvidence

from ..conftest import new_context, screenshot
from .conftest import JANUARY, PDF, entries

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable")]


@pytest.fixture
def january(report, unit, filer):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    assert services.autocalc(actor=filer, report=report).applied
    services.save_test_record(actor=filer, report=report, unit=unit, fuel="bituminous",
                              parameter="unit_heat_carbon", month=1, data={
                                  "method": "commissioned", "standard": "GB/T 476-2008",
                                  "laboratory": "江苏省煤炭产品质量检验中心",
                                  "accreditation": "both", "sampled_on": date(2023, 2, 1),
                                  "reported_on": date(2023, 2, 15)})  # fmt: skip
    return report


@pytest.fixture
def fixed_today(monkeypatch):
    monkeypatch.setattr(monthly_display, "today", lambda: date(2023, 2, 20))


@pytest.fixture
def page(browser: Browser, live_server, filer, fixed_today) -> Iterator[Page]:
    context = new_context(browser, live_server, filer)
    tab = context.new_page()
    yield tab
    context.close()


def shot(page: Page, name: str) -> None:
    """A full-page screenshot with the sticky save bar in its place at the end of the form."""
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    screenshot(page, name)


def press(button: Locator) -> None:
    with button.page.expect_navigation():
        button.click()


def row(page: Page, unit, key: str, fuel: str = "bituminous", table: str = "fuel") -> Locator:
    return page.locator(f"#row-{unit.pk}-{table}-{fuel or '-'}-{key}")


def test_file_seal_amend_and_reseal_january(page: Page, live_server, january, unit):
    base = f"{live_server.url}/reports/{january.pk}/months/"
    page.goto(base)
    jan = page.locator("#month-1")
    expect(jan).to_contain_text("未存证")
    expect(jan).to_contain_text("2023-03-12")
    expect(jan).to_contain_text("剩余 20 天")
    expect(page.locator("#month-2")).to_contain_text("本月尚未结束")
    screenshot(page, "monthly-01-months")

    press(jan.get_by_role("link", name="填报"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("2023年1月 月度存证")
    consumption = row(page, unit, "consumption")
    expect(consumption.get_by_label("1号机组 烟煤 消耗量 数值")).to_have_value("120345.67")
    consumption.get_by_label("1号机组 烟煤 消耗量 数据来源").fill("入炉煤皮带秤日报（盖章）")
    press(page.get_by_role("button", name="保存1月的修改"))
    expect(page.get_by_role("status")).to_contain_text("已保存1月的 1 行修改")
    assert january.cells.get(unit=unit, key="consumption", month=1, fuel="bituminous").source == (
        "入炉煤皮带秤日报（盖章）"
    )

    consumption = row(page, unit, "consumption")
    consumption.locator("input[type=file]").set_input_files(
        files=[
            {"name": "1月入炉煤盘点表（盖章）.pdf", "mimeType": "application/pdf", "buffer": PDF}
        ]
    )
    press(consumption.get_by_role("button", name="上传"))
    expect(page.get_by_role("status")).to_contain_text(
        "已上传支撑材料“1月入炉煤盘点表（盖章）.pdf”"
    )
    consumption = row(page, unit, "consumption")
    expect(consumption.get_by_role("link", name="1月入炉煤盘点表（盖章）.pdf")).to_be_visible()
    evidence = ValueEvidence.objects.get()
    expect(consumption).to_contain_text(evidence.file.sha256[:16])
    shot(page, "monthly-02-fuel-tab")

    # The tabs switch in place (typed values are kept across tabs).
    ncv = row(page, unit, "ncv").get_by_label("1号机组 烟煤 低位发热量 数值")
    ncv.fill("20.555")
    page.get_by_role("link", name="生产数据及排放量汇总").click()
    expect(page).to_have_url(re.compile(r"\?tab=production$"))
    expect(page.locator("#panel-production")).to_be_visible()
    expect(page.locator("#panel-fuel")).to_be_hidden()
    expect(page.locator("table.month-summary")).to_contain_text("228810.90")
    shot(page, "monthly-03-production-tab")
    page.get_by_role("link", name="辅助参数").click()
    expect(page.locator("#panel-aux")).to_contain_text("运行小时数")
    expect(page.locator("#panel-aux")).to_contain_text("江苏省煤炭产品质量检验中心")
    shot(page, "monthly-04-aux-tab")
    page.get_by_role("link", name="化石燃料燃烧排放").first.click()
    expect(ncv).to_have_value("20.555")
    ncv.fill("20.512")  # back to the saved value, but the page knows the form was touched

    seal = page.locator("#seal")
    expect(seal).to_contain_text("以下数值尚无支撑材料")
    seal.get_by_label(re.compile("我确认2023年1月的数据及支撑材料真实、完整")).check()
    questions: list[str] = []

    def answer(dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    press(seal.get_by_role("button", name="提交存证"))
    page.remove_listener("dialog", answer)
    assert questions == ["有尚未保存的数值修改；存证只封存已保存的数据。仍要存证？"]
    filing = MonthFiling.objects.get()
    assert (filing.state, filing.revision) == (FilingState.SEALED, 1)
    card = page.locator("#seal-info")
    expect(card).to_contain_text(filing.sha256)
    expect(card).to_contain_text("第 1 次")
    expect(page.locator("input[name^='v.']")).to_have_count(0)  # read-only now
    screenshot(page, "monthly-05-sealed")

    page.get_by_text("申请修改", exact=True).click()
    reason = page.get_by_label("修改原因")
    reason.fill("化验室复检后低位发热量更正")
    press(page.get_by_role("button", name="提交修改申请"))
    filing.refresh_from_db()
    assert (filing.state, filing.amendment_reason) == ("amending", "化验室复检后低位发热量更正")
    expect(page.locator("#seal-info")).to_contain_text("修改中：修改后请重新存证")

    ncv = row(page, unit, "ncv").get_by_label("1号机组 烟煤 低位发热量 数值")
    ncv.fill("20.600")
    press(page.get_by_role("button", name="保存1月的修改"))
    diff = page.locator("table.month-diff")
    expect(diff).to_contain_text("1号机组 烟煤 低位发热量")
    expect(diff).to_contain_text("20.512（实测值）")
    expect(diff).to_contain_text("20.600（实测值）")
    shot(page, "monthly-06-amending")

    seal = page.locator("#seal")
    seal.get_by_label(re.compile("我确认")).check()
    press(seal.get_by_role("button", name="重新存证"))
    filing.refresh_from_db()
    assert (filing.state, filing.revision) == (FilingState.SEALED, 2)
    expect(page.locator("#seal-info")).to_contain_text("第 2 次")
    expect(page.locator("#seal-info")).to_contain_text("化验室复检后低位发热量更正")
    trail = page.locator("table.audit-table")
    expect(trail).to_contain_text("修改原因：化验室复检后低位发热量更正")
    expect(trail).to_contain_text("低位发热量：20.512 → 20.600")
    expect(trail).to_contain_text("1月入炉煤盘点表（盖章）.pdf")
    screenshot(page, "monthly-07-resealed")

    page.goto(base)
    jan = page.locator("#month-1")
    expect(jan).to_contain_text("已存证")
    expect(jan).to_contain_text(filing.sha256[:12])
    expect(jan.locator("td.revision")).to_have_text("2")
    screenshot(page, "monthly-08-months-after")


def test_tabs_work_without_script(browser: Browser, live_server, january, filer, fixed_today):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", java_script_enabled=False
    )
    client = Client()
    client.force_login(filer)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    tab = context.new_page()
    tab.goto(f"{live_server.url}/reports/{january.pk}/months/1/")
    expect(tab.locator("#panel-electricity")).to_be_hidden()
    with tab.expect_navigation():
        tab.get_by_role("link", name="购入使用电力排放").click()
    expect(tab).to_have_url(re.compile(r"\?tab=electricity$"))
    expect(tab.locator("#panel-electricity")).to_be_visible()
    expect(tab.locator("#panel-fuel")).to_be_hidden()
    expect(tab.get_by_label("1号机组 购入电力排放 数值")).to_have_value("292.16")
    screenshot(tab, "monthly-09-no-script-electricity")
    context.close()
