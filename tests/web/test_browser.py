"""End to end in a real headless Chromium (Debian's /usr/bin/chromium; never `playwright install`).

Screenshots go to test-artifacts/screenshots/ for a human to look at (CJK rendering, layout).
Run only these with ``pytest -m browser``; skip them with ``-m "not browser"``.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ..conftest import SHOTS
from .conftest import EXAMPLES, ISSUE_EXAMPLE

pytestmark = pytest.mark.browser


def shot(page: Page, name: str) -> None:
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def test_upload_result_trace_and_english(page: Page, live_server, transactional_db):
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_contain_text("每一步都看得见")
    expect(page.locator(".brand")).to_contain_text("碳核")
    shot(page, "01-landing")

    page.get_by_role("link", name="打开核算器").click()
    expect(page).to_have_url(re.compile(r"/calculator/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("核算器")
    shot(page, "02-calculator")

    page.locator("input[type=file]").set_input_files(ISSUE_EXAMPLE)
    page.get_by_role("button", name="计算").click()
    expect(page).to_have_url(re.compile(r"/calculator/r/[A-Za-z0-9_-]{24}/$"))
    expect(page.get_by_role("heading", name="信息汇总表")).to_be_visible()
    summary = page.locator("table.summary-table")
    expect(summary.locator("tr.total")).to_contain_text("228,810.90")
    expect(summary).to_contain_text("228,518.74")
    expect(summary).to_contain_text("292.16")
    expect(page.locator("#total-emissions")).to_contain_text("228810.90")
    shot(page, "03-result-zh")

    trace = page.locator("details.trace-row").first
    expect(trace.locator("code.working").first).not_to_be_visible()
    trace.locator("summary").click()
    expect(trace).to_have_attribute("open", "")
    expect(trace.locator("code.working").first).to_be_visible()
    expect(trace).to_contain_text("E燃烧 = FC × Car × OF × 44/12")
    expect(trace).to_contain_text("228518.74")
    trace.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "04-trace-open.png")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Summary table")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Parameters used")).to_be_visible()
    expect(page.locator("table.summary-table tr.total")).to_contain_text("228,810.90")
    shot(page, "05-result-en")

    page.get_by_role("button", name="中文").click()
    expect(page.get_by_role("heading", name="信息汇总表")).to_be_visible()


def test_bad_input_shows_located_messages(page: Page, live_server, transactional_db):
    page.goto(live_server.url + "/calculator/")
    bad = ISSUE_EXAMPLE.read_text("utf-8").replace('"capacity_mw": "660"', '"capacity_mw": 660')
    page.locator("textarea").fill(bad)
    page.get_by_role("button", name="计算").click()

    errors = page.locator("#input-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("数值必须写成字符串")
    expect(errors).to_contain_text("units[0].capacity_mw")
    expect(page.locator("textarea")).to_have_value(re.compile('"capacity_mw": 660'))
    shot(page, "06-input-errors")


@pytest.mark.parametrize(
    "example",
    [p for p in sorted(EXAMPLES.glob("*.json")) if p != ISSUE_EXAMPLE],
    ids=lambda p: p.stem,
)
def test_other_examples_render(page: Page, live_server, transactional_db, example: Path):
    page.goto(live_server.url + "/calculator/")
    page.locator("input[type=file]").set_input_files(example)
    page.get_by_role("button", name="计算").click()
    page.wait_for_load_state()
    if page.locator("#input-errors").count():
        shot(page, f"example-{example.stem}-errors")
        return
    expect(page.get_by_role("heading", name="信息汇总表")).to_be_visible()
    shot(page, f"example-{example.stem}")
