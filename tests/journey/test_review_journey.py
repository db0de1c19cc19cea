"""Issue #12 item 5, review with the evidence at hand, through the pages in a real headless
Chromium (/usr/bin/chromium), two roles in two browser contexts on the demo:

the reviewer (js-reviewer) opens the review list, sorts it by total emissions, opens 泰州江畔's
submitted report, sees the unsealed months and open warnings at the top, clicks January's coal
consumption → that value's row on January's month 存证 (its files, seal), goes back, clicks the
daily-record count → the month's daily records, goes back, comments on 1号机组 烟煤 消耗量 in
November (not sealed: the plant can correct it)
and returns the report with an overall reason → the plant (its credit code) opens the new draft's
燃料信息表 and sees the comment at that cell and in the list above the table.

Screenshots: test-artifacts/screenshots/review-NN-<step>.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tanhe.demo import build_demo
from tanhe.demo.enterprises import TAIZHOU
from tanhe.demo.province import DEMO_PASSWORD
from tanhe.reports.models import Report, ReportComment

from ..conftest import new_context, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable")]

PLANT = "泰州江畔发电有限公司"
PLANT_CODE = TAIZHOU.organisation["credit_code"]
COMMENT = "11月入炉煤消耗量与皮带秤月报不一致，请核对并上传皮带秤月报"


@pytest.fixture
def demo(transactional_db) -> None:
    build_demo()


@pytest.fixture
def roles(browser: Browser) -> Iterator[tuple[Page, Page]]:
    contexts = [new_context(browser) for _ in range(2)]
    pages = [c.new_page() for c in contexts]
    yield pages[0], pages[1]
    for context in contexts:
        context.close()


def press(target: Locator) -> None:
    with target.page.expect_navigation():
        target.click()


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或统一社会信用代码").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    press(page.get_by_role("button", name="登录"))


def test_reviewer_follows_a_number_to_its_evidence_and_comments_on_a_cell(roles, live_server, demo):
    reviewer, plant = roles
    base = live_server.url
    report = Report.objects.get(enterprise__name=PLANT, number=1)
    unit = report.plan_version.units.get(name="1号机组")

    # the list, sorted by total emissions (the server's order: the header says so)
    log_in(reviewer, base, "js-reviewer")
    reviewer.goto(base + "/review/reports/")
    press(reviewer.get_by_role("link", name="排放总量（tCO2）"))
    assert "sort=total" in reviewer.url
    expect(reviewer.locator('th[aria-sort="ascending"]')).to_contain_text("排放总量")
    expect(reviewer.locator('td[data-col="total"]').first).to_have_text("6,843,673.72")
    expect(reviewer.locator('td[data-col="unsealed"]').first).to_have_text("2")
    screenshot(reviewer, "review-01-list-sorted")
    press(reviewer.get_by_role("link", name=PLANT))

    # the top: November and December not sealed, the open warning, each a link
    points = reviewer.locator("#review-points")
    expect(points.locator("#unsealed-months")).to_contain_text("未存证的月份：2 个")
    expect(points.locator("#unsealed-months a")).to_have_text(["11月", "12月"])
    expect(points.locator("#open-warnings")).to_contain_text("THMJ-2025-0801")
    screenshot(reviewer, "review-02-points", full=False)

    # a number → its row on that month's 存证 page
    anchor = f"row-{unit.pk}-fuel-bituminous-consumption"
    coal = reviewer.locator(f'#r-fuel a.evidence-link[href$="/months/1/#{anchor}"]')
    press(coal)
    assert re.search(rf"/reports/{report.pk}/months/1/#{anchor}$", reviewer.url)
    expect(reviewer.locator("h1")).to_contain_text("2025年1月 月度存证")
    expect(reviewer.locator("#seal-info")).to_contain_text("已存证")
    expect(reviewer.locator(f"#{anchor}")).to_be_visible()
    screenshot(reviewer, "review-03-month-evidence", full=False)
    press(reviewer.get_by_role("link", name="返回审核页"))

    # the daily-record count → the month's records, read-only
    daily = reviewer.get_by_role("link", name="1号机组 烟煤 1月 日记录")
    press(daily)
    assert f"/reports/{report.pk}/daily/{unit.pk}/bituminous/1/" in reviewer.url
    expect(reviewer.locator("h1")).to_be_visible()
    assert reviewer.locator('input[name="d1-quantity"]').count() == 0
    screenshot(reviewer, "review-04-daily", full=False)
    press(reviewer.get_by_role("link", name="返回审核页"))

    # a comment at a cell, then the return with the overall reason
    form = reviewer.locator("#comment-form")
    form.locator("#comment-table").select_option("fuel")  # its label: "*表"
    form.get_by_label("行（可选）").select_option("fuel:consumption")
    form.get_by_label("机组和燃料（可选）").select_option(label="1号机组 烟煤")
    form.get_by_label("月份（可选）").select_option("11")
    form.locator("#comment-text").fill(COMMENT)
    press(form.get_by_role("button", name="添加审核意见"))
    expect(reviewer.locator("#review-comments")).to_contain_text(COMMENT)
    expect(reviewer.locator("#review-comments")).to_contain_text(
        "燃料信息表 · 1号机组 烟煤 · 消耗量 · 11月"
    )
    reviewer.locator("#decision textarea[name=text]").fill("请按各表意见补正后重新提交")
    press(reviewer.get_by_role("button", name="退回补正"))
    expect(reviewer.locator(".message-success")).to_contain_text("已退回补正")
    screenshot(reviewer, "review-05-returned", full=False)
    comment = ReportComment.objects.get(text=COMMENT)

    # the plant sees it at that cell of its new draft
    log_in(plant, base, PLANT_CODE)
    draft = Report.objects.get(enterprise__name=PLANT, number=2)
    plant.goto(f"{base}/reports/{draft.pk}/edit/fuel/")
    listed = plant.locator(".section-comments")
    expect(listed).to_contain_text(COMMENT)
    expect(listed).to_contain_text("燃料信息表 · 1号机组 烟煤 · 消耗量 · 11月")
    marked = plant.locator("td.has-comment")
    expect(marked).to_have_count(1)
    # that cell: its mark names the place (the value is built from daily records: locked)
    mark = marked.get_by_role("link")
    words = re.compile(r"^(?=.*1号机组)(?=.*烟煤)(?=.*11月)(?=.*消耗量).*审核意见$")
    expect(mark).to_have_attribute("aria-label", words)
    expect(mark).to_have_text("意见")
    mark.click()  # to the comment, on the same page
    expect(plant).to_have_url(re.compile(rf"#comment-{comment.pk}$"))
    marked.scroll_into_view_if_needed()
    screenshot(plant, "review-06-plant-sees-comment", full=False)
