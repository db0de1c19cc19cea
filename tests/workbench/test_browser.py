"""The workbench of each role in a real headless Chromium (Debian's /usr/bin/chromium) at
1366×768, on the demo as ``load_demo`` builds it, with 泰州江畔's report returned for
correction: what each card says, where it links, the charts readable as tables without script,
the returned report flagged, and the English workbench free of Chinese UI text. Screenshots:
test-artifacts/workbench-<role>.png.

The demo is built once for the module and committed, for a live server of the module's own to
read, and emptied at the end as ``flushable`` does. "Today" is the real date (the server's):
the assertions read the selectors for the numbers that move with it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from tanhe.accounts.models import Organisation, User
from tanhe.demo import build_demo
from tanhe.demo.enterprises import JIAWANG, TAIZHOU
from tanhe.demo.verification import build_demo_campaign
from tanhe.plans.models import PlanUnit
from tanhe.reports import services
from tanhe.reports.models import Report
from tanhe.workbench import agency, authority, enterprise
from tests.freezing import flush_with_triggers_aside

from ..conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
ARTIFACTS = REPO / "test-artifacts"
HAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
PLANT = JIAWANG.organisation["credit_code"]
RETURNED = TAIZHOU.organisation["credit_code"]
USERS = (PLANT, RETURNED, "js-reviewer", "agency-lead")
RETURN_TEXT = "2号机组9月的元素碳含量检测报告编号与1号机组8月的相同，请核实"


@dataclass(frozen=True)
class Site:
    url: str
    sessions: dict[str, str]  # username → session key


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[Site]:
    """The demo, 泰州江畔's report returned, a session per user — committed for a live server of
    this module's own (pytest-django's ``live_server`` empties the database after each test,
    and on PostgreSQL its thread cannot read a test's transaction); emptied at the end."""
    with django_db_blocker.unblock():
        build_demo()
        build_demo_campaign()
        submitted = Report.objects.get(enterprise__credit_code=RETURNED, year=2025, number=1)
        services.return_for_correction(
            actor=User.objects.get(username="js-reviewer"), report=submitted, text=RETURN_TEXT
        )
        sessions = {}
        for username in USERS:
            client = Client()
            client.force_login(User.objects.get(username=username))
            sessions[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
        server = LiveServer("localhost")
        try:
            yield Site(server.url, sessions)
        finally:
            server.stop()
            flush_with_triggers_aside()


def home(browser: Browser, site: Site, username: str, lang: str = "zh-hans") -> Page:
    """The user's workbench in a new browser of 1366×768."""
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    context.set_default_timeout(15_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "url": site.url,
                "value": site.sessions[username],
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "url": site.url, "value": lang},
        ]
    )
    page = context.new_page()
    page.goto(site.url + "/accounts/")
    return page


def done(page: Page, name: str) -> None:
    """Nothing wider than the window (no horizontal scroll at 1366 px); the screenshot kept."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"workbench-{name}.png", full_page=True)
    page.context.close()


def test_the_plants_workbench(browser: Browser, site: Site) -> None:
    page = home(browser, site, PLANT)
    bench = enterprise.bench(Organisation.objects.get(credit_code=PLANT))
    report = bench.card.report
    assert report is not None
    expect(page.locator("#next-step")).to_contain_text(bench.step.text)
    expect(page.locator("main")).not_to_contain_text("可以填报数据质量控制计划")
    expect(page.locator("#report-returned")).to_have_count(0)
    card = page.locator("#card-report")
    expect(card).to_contain_text("2025年度排放报告")
    expect(card.locator(".deadline")).to_contain_text("2026-03-31")
    expect(card).to_contain_text("43号")
    expect(page.locator("#card-completeness")).to_contain_text(
        f"{len(bench.card.blocking)} 项待补全"
    )
    expect(page.locator("#card-warnings")).to_contain_text(f"{len(bench.card.warnings)} 条提示")
    months = page.locator(".wb-month")
    expect(months).to_have_count(12)
    expect(page.locator(".wb-month-sealed")).to_have_count(bench.card.months_sealed)
    expect(months.first.get_by_role("link")).to_have_attribute(
        "href", f"/reports/{report.pk}/months/1/"
    )
    # each chart an image, its numbers in a table that opens without script
    expect(page.locator(".wb-chart")).to_have_count(3)
    emissions = page.locator("#chart-emissions")
    expect(emissions.locator("img")).to_have_attribute("src", re.compile("^data:image/svg"))
    assert emissions.locator("img").evaluate("i => i.complete && i.naturalWidth > 0")
    emissions.locator("summary").click()
    january = bench.card.charts[0].rows[0]
    expect(emissions.locator("tbody tr").first).to_contain_text(january[1][0])
    done(page, "enterprise")


def test_a_returned_report_is_flagged_on_the_plants_workbench(browser: Browser, site: Site):
    page = home(browser, site, RETURNED)
    flag = page.locator("#report-returned")
    expect(flag).to_be_visible()
    expect(flag).to_contain_text("2025年度排放报告第1版被主管部门退回补正")
    expect(flag).to_contain_text(RETURN_TEXT)
    draft = Report.objects.get(enterprise__credit_code=RETURNED, year=2025, number=2)
    expect(flag.get_by_role("link")).to_have_attribute("href", f"/reports/{draft.pk}/edit/submit/")
    expect(page.locator("#next-step")).to_have_count(0)  # the flag says it
    done(page, "enterprise-returned")


def test_the_authoritys_workbench(browser: Browser, site: Site) -> None:
    reviewer = User.objects.get(username="js-reviewer")
    bench = authority.bench(reviewer.organisation.province_id)
    assert bench.overdue is not None and bench.pending_reviews == 4  # 泰州江畔's was returned
    page = home(browser, site, "js-reviewer")
    pending = page.locator("#pending-reviews")
    expect(pending.locator(".stat-value")).to_have_text("4")
    expect(pending).to_have_attribute("href", "/review/reports/?state=submitted")
    expect(page.locator("#overdue tbody tr")).to_have_count(len(bench.overdue.plants))
    expect(page.locator("#overdue-count .stat-value")).to_have_text(str(len(bench.overdue.plants)))
    total = bench.totals[0].emissions
    expect(page.locator("#totals-table tbody")).to_contain_text(f"{total:,}")
    expect(page.locator("#chart-province img")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "workbench-authority.png", full_page=True)
    pending.click()
    expect(page).to_have_url(re.compile(r"/review/reports/\?state=submitted$"))
    expect(page.locator("main")).to_contain_text("扬州江都沿江发电有限公司（合成）")
    page.go_back()
    done(page, "authority")


def test_the_agencys_workbench(browser: Browser, site: Site) -> None:
    lead = User.objects.get(username="agency-lead")
    bench = agency.bench(lead.organisation)
    page = home(browser, site, "agency-lead")
    expect(page.locator("#tasks-waiting .stat-value")).to_have_text(str(bench.waiting))
    expect(page.locator("#tasks-overdue .stat-value")).to_have_text(str(bench.overdue))
    rows = page.locator("#task-table tbody tr")
    expect(rows).to_have_count(len(bench.tasks))
    first = bench.tasks[0].task
    expect(rows.first).to_contain_text(first.enterprise.name)
    expect(rows.first.get_by_role("link", name="接受或拒绝")).to_have_attribute(
        "href", f"/verification/tasks/{first.pk}/"
    )
    done(page, "agency")


def data_values() -> list[str]:
    """What the pages show as data (names, addresses), longest first: left out of the scan."""
    values: set[str] = set()
    for org in Organisation.objects.select_related("province"):
        values |= {org.name, org.registered_address, org.production_address}
        values.add(org.province.name if org.province_id else "")
    values |= set(User.objects.values_list("display_name", flat=True))
    values |= set(PlanUnit.objects.values_list("name", flat=True))
    return sorted((v for v in values if v), key=len, reverse=True)


@pytest.mark.parametrize("username", [PLANT, RETURNED, "js-reviewer", "agency-lead"])
def test_the_english_workbench_has_no_chinese_ui_text(
    browser: Browser, site: Site, username: str
) -> None:
    with translation.override("en"):
        if gettext("数据表") == "数据表":
            pytest.skip("the English catalogue lacks the workbench's strings (/work/i18n)")
    page = home(browser, site, username, "en")
    text = page.locator("main").inner_text()
    for value in [RETURN_TEXT, *data_values()]:
        text = text.replace(value, "")
    leftover = [line for line in text.splitlines() if HAN.search(line)]
    name = {PLANT: "enterprise", RETURNED: "enterprise-returned"}.get(username, username)
    done(page, f"{name}-en")
    assert leftover == []


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_review_list_fits_at_1366(browser: Browser, site: Site, lang: str) -> None:
    """From the reviewer's workbench to the review list: every column in view at 1366 px, in
    English too (its states and headers are longer: a name, a state and the time may wrap)."""
    page = home(browser, site, "js-reviewer", lang)
    page.goto(site.url + "/review/reports/")
    box = page.locator(".table-scroll").first
    expect(box).to_be_visible()
    assert box.evaluate("e => e.scrollWidth - e.clientWidth") <= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"review-list-{lang}.png")
    page.context.close()
