"""The verification report through its pages in a real headless Chromium (Debian's
/usr/bin/chromium), three roles in three browser contexts: the team's leader (agency-lead)
generates the report of 南京六合滨江（合成）'s confirmed verification, explains the fluctuation
and sends it to review → the technical reviewer (agency-tech) returns it with a comment on one
section (3.4) → the leader sees the comment there, fixes the text and sends it again → the
reviewer approves (the Word and PDF files are frozen) → the agency's administrator submits it.
Screenshots: test-artifacts/screenshots/report-NN-<step>.png."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tanhe.accounts.models import User
from tanhe.demo import build_demo
from tanhe.demo.verification import CONFIRMED, build_demo_campaign
from tanhe.verification.models import ReportState, Task, VerificationReport

from ..conftest import new_context, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable")]


@pytest.fixture
def task(transactional_db) -> Task:
    build_demo()
    build_demo_campaign()
    return Task.objects.get(enterprise__credit_code=CONFIRMED, campaign__year=2025)


@pytest.fixture
def tabs(browser: Browser, live_server, task) -> Iterator[tuple[Page, Page, Page]]:
    names = ("agency-lead", "agency-tech", "agency-admin")
    contexts = [new_context(browser, live_server, User.objects.get(username=n)) for n in names]
    pages = [c.new_page() for c in contexts]
    yield pages[0], pages[1], pages[2]
    for context in contexts:
        context.close()


def press(button: Locator) -> None:
    with button.page.expect_navigation():
        button.click()


def test_generate_review_return_fix_approve_submit(live_server, task, tabs) -> None:
    lead, tech, admin = tabs
    report_url = f"{live_server.url}/verification/tasks/{task.pk}/report/"
    lead.goto(report_url)
    press(lead.locator("#report-create button"))
    expect(lead.locator("#report-state")).to_have_attribute("data-state", "draft")
    cover = lead.locator("#section-cover")
    cover.locator("textarea").fill("2024年度无核查数据，无法比较。")
    press(cover.get_by_role("button"))
    expect(lead.locator("#section-cover textarea")).to_have_value("2024年度无核查数据，无法比较。")
    expect(lead.locator("#report-emissions tr.total td").last).to_have_attribute(
        "data-value", "7235788.39"
    )
    screenshot(lead, "report-01-draft")
    press(lead.locator("#report-send button"))
    expect(lead.locator("#report-state")).to_have_attribute("data-state", "in_review")

    tech.goto(report_url)
    press(tech.locator("#to-review"))
    tech.locator("textarea[name=comment_s3_4]").fill("请说明抽样比例扩大的原因。")
    screenshot(tech, "report-02-review")
    press(tech.locator("#review-return"))
    expect(tech.locator("#review-state")).to_have_attribute("data-state", "returned")

    lead.goto(report_url)
    section = lead.locator("#section-s3_4")
    expect(section.locator("[data-comment]")).to_contain_text("请说明抽样比例扩大的原因。")
    section.locator("textarea").fill("抽样发现不符合项后，比例由30%扩大至50%。")
    press(section.get_by_role("button"))
    screenshot(lead, "report-03-fixed")
    press(lead.locator("#report-send button"))

    tech.goto(f"{report_url}review/")
    press(tech.locator("#review-approve"))
    expect(tech.locator("#review-state")).to_have_attribute("data-state", "approved")

    admin.goto(report_url)
    press(admin.locator("#report-submit button"))
    expect(admin.locator("#report-state")).to_have_attribute("data-state", "submitted")
    expect(admin.locator("#review-rounds tbody tr")).to_have_count(2)
    screenshot(admin, "report-04-submitted")
    report = VerificationReport.objects.get(task=task)
    assert report.state == ReportState.SUBMITTED and report.docx and report.pdf
    assert report.texts["s3_4"] == "抽样发现不符合项后，比例由30%扩大至50%。"
    assert [r.decision for r in report.review_rounds.order_by("number")] == ["returned", "approved"]
