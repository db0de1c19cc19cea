"""The authority's review in a real headless Chromium (Debian's /usr/bin/chromium), on the demo
data: the reviewer returns a submitted plan with a comment, the enterprise reads it, resubmits (via
the service), and the reviewer approves. Logins are session cookies made by ``force_login``.

Screenshots go to test-artifacts/screenshots/review-*.png for a human to look at.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tanhe.accounts.models import Organisation, User
from tanhe.demo import build_demo
from tanhe.demo.enterprises import JIAWANG_CODE, XIDONG_CODE
from tanhe.plans import services

from ..conftest import SHOTS, new_context

pytestmark = pytest.mark.browser

RETURN_TEXT = "请补充：1. 供热首站蒸汽流量计的检定证书编号；2. 两台锅炉入炉煤采样点的位置说明。"


def _context(browser: Browser, live_server, user: User) -> BrowserContext:
    return new_context(browser, live_server, user)


def shot(page: Page, name: str, *, full: bool = True) -> None:
    page.screenshot(path=SHOTS / f"review-{name}.png", full_page=full)


def test_return_resubmit_approve(browser: Browser, live_server, flushable):
    build_demo(reports=False)
    reviewer = User.objects.get(username="js-reviewer")
    enterprise = Organisation.objects.get(credit_code=XIDONG_CODE)
    filer = User.objects.get(username=XIDONG_CODE)
    version = enterprise.plan_versions.get()

    reviewer_context = _context(browser, live_server, reviewer)
    page = reviewer_context.new_page()

    # the list: the province's plans, one waiting
    page.goto(live_server.url + "/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("质量控制计划审核")
    expect(page.locator("#waiting-count")).to_have_text("1")
    table = page.locator("table.review-table")
    expect(table.locator("tbody tr")).to_have_count(4)
    expect(table.locator("tbody tr").first).to_contain_text("无锡锡东热电有限公司")
    expect(table.locator("tbody tr").first).to_contain_text("已提交")
    shot(page, "01-list")

    page.get_by_role("link", name="待审核").click()
    expect(table.locator("tbody tr")).to_have_count(1)

    # the submitted plan, read only, section by section
    page.get_by_role("link", name="无锡锡东热电有限公司").click()
    expect(page).to_have_url(re.compile(rf"/review/{version.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("无锡锡东热电有限公司")
    expect(page.locator("#version-state")).to_have_text("已提交")
    expect(page.locator("#units")).to_contain_text("合并填报（1号机组、2号机组）")
    expect(page.locator("#units")).to_contain_text("母管制运行")
    expect(page.locator("#facilities")).to_contain_text("C135-13.24/0.981/535/535")
    expect(page.locator("#methods")).to_contain_text("涡街流量计")
    expect(page.locator("#attachments a").first).to_have_attribute(
        "href", re.compile(r"/files/\d+/")
    )
    shot(page, "02-detail")
    page.locator("#units").scroll_into_view_if_needed()
    shot(page, "02-detail-units", full=False)

    # 退回补正 without a comment: refused, in Chinese, nothing changes
    page.get_by_role("button", name="退回补正").click()
    expect(page.locator("#action-errors")).to_contain_text("退回补正须填写意见")
    expect(page.locator("#version-state")).to_have_text("已提交")
    page.locator("#actions").scroll_into_view_if_needed()
    shot(page, "03-return-needs-comment", full=False)

    # … with a comment: returned, the comment is listed
    page.get_by_label("审核意见").fill(RETURN_TEXT)
    page.get_by_role("button", name="退回补正").click()
    expect(page).to_have_url(re.compile(rf"/review/{version.pk}/$"))
    expect(page.locator("main")).to_contain_text("已退回补正")
    expect(page.locator("#version-state")).to_have_text("退回补正")
    expect(page.locator("#comments")).to_contain_text(RETURN_TEXT)
    expect(page.get_by_role("button", name="审核通过")).to_have_count(0)
    shot(page, "04-returned", full=False)
    page.locator("#audit summary").click()
    expect(page.locator("#audit tr[data-action='plan.return']")).to_contain_text("王晓东")
    page.locator("#audit").scroll_into_view_if_needed()
    shot(page, "05-audit", full=False)

    # the enterprise reads the comment and the state
    enterprise_context = _context(browser, live_server, filer)
    enterprise_page = enterprise_context.new_page()
    enterprise_page.goto(f"{live_server.url}/review/{version.pk}/opinions/")
    expect(enterprise_page.locator("#version-state")).to_have_text("退回补正")
    expect(enterprise_page.locator("#comments")).to_contain_text(RETURN_TEXT)
    expect(enterprise_page.get_by_role("link", name="打开审核页面")).to_have_count(0)
    shot(enterprise_page, "06-enterprise-opinions")
    response = enterprise_page.goto(f"{live_server.url}/review/{version.pk}/")
    assert response is not None and response.status == 403

    # … fixes the plan and submits it again (the enterprise's pages are built elsewhere)
    version.refresh_from_db()
    merged = version.units.get(is_merged=True)
    heat = merged.methods.get(parameter="heat_supply")
    services.update_method(actor=filer, method=heat, data={
        "calibration_frequency": "每年检定 1 次（检定证书编号 JD-2025-0318）",
    })  # fmt: skip
    services.update_texts(actor=filer, version=version, data={
        "boundary_description": version.boundary_description
        + "入炉煤采样点位于 C7A / C7B 皮带头部，机械采样装置各 1 套。",
    })  # fmt: skip
    services.submit(actor=filer, version=version)

    # the reviewer sees the resubmission and approves
    page.reload()
    expect(page.locator("#version-state")).to_have_text("已提交")
    expect(page.locator("#submissions tbody tr")).to_have_count(2)
    page.get_by_label("审核意见").fill("补正内容已核实，同意备案。")
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator("main")).to_contain_text("已审核通过")
    expect(page.locator("#version-state")).to_have_text("已通过")
    expect(page.locator("#comments")).to_contain_text("补正内容已核实，同意备案。")
    shot(page, "07-approved", full=False)

    enterprise_page.goto(f"{live_server.url}/review/{version.pk}/opinions/")
    expect(enterprise_page.locator("#version-state")).to_have_text("已通过")
    enterprise_context.close()

    # a revision, submitted: the reviewer sees its differences from the approved version
    jiawang = Organisation.objects.get(credit_code=JIAWANG_CODE)
    revision = jiawang.plan_versions.get(number=2)
    services.submit(actor=User.objects.get(username=JIAWANG_CODE), version=revision)
    page.goto(live_server.url + "/review/")
    expect(page.locator("#waiting-count")).to_have_text("1")
    page.get_by_role("link", name="徐州贾汪矸石综合利用发电有限公司").first.click()
    expect(page.locator(".diff-link")).to_contain_text("与第1版相比有")
    page.locator(".diff-link a").click()
    expect(page.locator("#diff")).to_contain_text("高精度电子皮带秤 ICS-20A（0.2 级）")
    expect(page.locator("#diff")).to_contain_text("1号机组 煤矸石消耗量")
    shot(page, "08-revision-diff", full=False)

    # a returned plan shows the decision at the top; a CCPP's gas turbine is listed as the form does
    page.goto(live_server.url + "/review/?state=returned")
    page.get_by_role("link", name="苏州吴淞江燃机发电有限公司").click()
    expect(page.locator("#decision")).to_contain_text("贸易结算流量计")
    expect(page.locator("#facilities")).to_contain_text("M701F4")
    shot(page, "10-returned-ccpp", full=False)
    page.locator("#facilities").scroll_into_view_if_needed()
    shot(page, "11-ccpp-facilities", full=False)
    reviewer_context.close()


def test_other_province_gets_not_found(browser: Browser, live_server, flushable):
    build_demo(reports=False)
    version = Organisation.objects.get(credit_code=XIDONG_CODE).plan_versions.get()
    context = _context(browser, live_server, User.objects.get(username="hb-reviewer"))
    page = context.new_page()
    page.goto(live_server.url + "/review/")
    expect(page.locator("#waiting-count")).to_have_text("0")
    expect(page.locator("table.review-table")).to_have_count(0)
    shot(page, "09-other-province-empty")
    response = page.goto(f"{live_server.url}/review/{version.pk}/")
    assert response is not None and response.status == 404
    context.close()
