"""Public disclosure (guide §7) through the pages, in headless Chromium (Debian's
/usr/bin/chromium): the demo's confirmed plant 南京六合滨江（合成） has reached the end of its way
(report submitted, 复查 passed, notified, 复核 decided — rows made directly; their pages belong to
other steps) and is alone in the 2025 campaign; the authority (js-admin) closes the campaign,
words one quality judgement and publishes the agency's table; an anonymous visitor finds the
province and year from /public/, reads the cover, the 复核 conclusion and the agency table, and
downloads a CSV. Nothing confidential is on the page.

Screenshots: test-artifacts/screenshots/disclosure-NN-<step>.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tanhe.demo import build_demo
from tanhe.demo.verification import CONFIRMED, build_demo_campaign
from tanhe.verification import selectors_values as sv
from tanhe.verification.models import Campaign, Task
from tests.disclosure.conftest import (
    PUBLIC_CONCLUSION,
    REPORT_NUMBER,
    SECRET_ASSESSMENT,
    SECRET_REASON,
    appeal,
    notify,
    recheck,
    submit,
    user,
)

from ..conftest import new_context, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable")]
JUDGEMENT = "燃煤低位发热量检测频次不足，核查组未充分说明"


@pytest.fixture
def task(transactional_db) -> Task:
    build_demo()
    build_demo_campaign()
    task = Task.objects.select_related("campaign").get(
        enterprise__credit_code=CONFIRMED, campaign__year=2025
    )
    other = Campaign.objects.create(
        province=task.campaign.province, year=2024, created_by=task.campaign.created_by
    )
    task.campaign.tasks.exclude(pk=task.pk).update(campaign=other)
    report = submit(task)
    recheck(task)
    notify(task, report)
    appeal(task)
    return task


def press(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_the_authority_publishes_and_anyone_reads(browser: Browser, live_server, task) -> None:
    authority = new_context(browser, live_server, user("js-admin")).new_page()
    authority.goto(f"{live_server.url}/verification/campaigns/{task.campaign_id}/")
    with authority.expect_navigation():
        authority.get_by_role("link", name="核查工作结束和技术服务机构评价").click()
    press(authority, "结束核查工作")
    expect(authority.locator(".message-success")).to_contain_text("核查工作已结束")
    sheet = authority.locator(".agency-sheet")
    expect(sheet.locator("td.timely")).to_have_text("及时")
    sheet.locator(f'textarea[name="q-{task.pk}-data"]').fill(JUDGEMENT)
    sheet.locator('textarea[name="quality_measures"]').fill("内部三级审核")
    press(authority, "保存评价")
    screenshot(authority, "disclosure-01-evaluation")
    press(authority, "向社会公开")
    expect(authority.locator(".published")).to_be_visible()
    authority.context.close()

    visitor = new_context(browser).new_page()
    visitor.goto(f"{live_server.url}/public/")
    with visitor.expect_navigation():
        row = visitor.locator("#campaigns tr[data-row]", has_text="2025")
        row.get_by_role("link", name="江苏省").click()
    cover = visitor.locator("article.cover")
    expect(cover).to_have_count(1)
    expect(cover.locator('dd[data-field="number"]')).to_have_text(REPORT_NUMBER)
    total = str(sv.confirmed_result(task).total_emissions_tco2)
    expect(cover.locator('dd[data-field="total"]')).to_have_attribute("data-value", total)
    expect(visitor.locator("#appeals")).to_contain_text(PUBLIC_CONCLUSION)
    plants = visitor.locator('#agencies [data-table="plants"] tr[data-row]')
    expect(plants).to_have_count(1)
    expect(plants.locator('[data-field="quality_data"]')).to_have_text(JUDGEMENT)
    expect(plants.locator('[data-field="quality_basic"]')).to_have_text("符合")
    body = visitor.locator("body").inner_text()
    assert SECRET_REASON not in body and SECRET_ASSESSMENT not in body
    screenshot(visitor, "disclosure-02-public")
    with visitor.expect_download() as download:
        visitor.locator("#appeals .download a").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert PUBLIC_CONCLUSION in content and SECRET_REASON not in content
    visitor.context.close()
