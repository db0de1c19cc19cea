"""Issue #12 item 4 in a real headless Chromium: typing 收到基元素碳含量 beside 空气干燥基元素碳含量
in the same month and pressing 保存 is refused, both cells are marked (td.has-error) with what
was typed kept, and the message names the rows to clear; clearing one saves.

Debian's /usr/bin/chromium (never `playwright install`); the screenshot lands in
test-artifacts/screenshots/conflict-01-refused.png for a human to look at.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tanhe.reports import services

from ..conftest import new_context, screenshot
from .conftest import JANUARY, entries
from .test_views import v

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable")]


@pytest.fixture
def page(browser: Browser, live_server, filer) -> Iterator[Page]:
    context = new_context(browser, live_server, filer)
    tab = context.new_page()
    yield tab
    context.close()


def test_a_conflict_is_refused_with_both_cells_marked(page, live_server, report, unit, filer):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 3, **JANUARY))
    page.goto(f"{live_server.url}/reports/{report.pk}/edit/fuel/")
    carbon = page.locator(f'input[name="{v(unit, "bituminous", "carbon_content", 3)}"]')
    basis = page.locator(f'input[name="{v(unit, "bituminous", "carbon_content_ad", 3)}"]')
    expect(carbon).to_have_value("52.31")
    basis.fill("60.00")
    with page.expect_navigation():
        page.get_by_role("button", name="保存", exact=True).first.click()
    problems = page.locator("#problems")
    expect(problems).to_contain_text(
        "1号机组 烟煤 3月：元素碳含量只能用一种方式给出，但“收到基元素碳含量”和“空气干燥基元素碳含量”"
        "都已填写：请保留其中一项，清空其余各项"
    )
    marked = page.locator("td.has-error input[name^='v:']")
    expect(marked).to_have_count(2)
    names = sorted(marked.evaluate_all("els => els.map(e => e.name)"))
    assert names == sorted([v(unit, "bituminous", "carbon_content", 3),
                            v(unit, "bituminous", "carbon_content_ad", 3)])  # fmt: skip
    expect(basis).to_have_value("60.00")  # what was typed is kept
    screenshot(page, "conflict-01-refused")
    assert not report.cells.filter(key="carbon_content_ad").exists()
    # clearing 收到基元素碳含量 (and giving the moisture) is what the message asks: saved
    carbon.fill("")
    page.locator(f'input[name="{v(unit, "bituminous", "moisture_ar", 3)}"]').fill("8.00")
    page.locator(f'input[name="{v(unit, "bituminous", "moisture_ad", 3)}"]').fill("1.00")
    with page.expect_navigation():
        page.get_by_role("button", name="保存", exact=True).first.click()
    expect(page.locator("#problems")).to_have_count(0)
    assert report.cells.get(unit=unit, key="carbon_content_ad", month=3).value == "60.00"
