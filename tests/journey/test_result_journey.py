"""Issue #13's 复查与告知 through the pages, in a real headless Chromium (Debian's
/usr/bin/chromium): the demo's 南京六合滨江 task (values confirmed) with its verification report
submitted (made with the ORM: the report step is another page's) → the authority orders a 复查,
notification is refused while it is open, records it as passed → notifies → the plant finds the
notification from its verification page, sees the confirmed total (the engine's, from the
confirmed values) and acknowledges → the authority sees the acknowledgement.

Screenshots: test-artifacts/screenshots/result-NN-<step>.png."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from tanhe.accounts.models import User
from tanhe.demo import build_demo
from tanhe.demo.verification import CONFIRMED, build_demo_campaign
from tanhe.reports.templatetags.numbers import grouped_text
from tanhe.verification import selectors_result as sr
from tanhe.verification.models import Notification, ReportState, Task, VerificationReport

from ..conftest import new_context, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable")]


@pytest.fixture
def task(transactional_db) -> Task:
    build_demo()
    build_demo_campaign()
    task = Task.objects.get(campaign__year=2025, enterprise__credit_code=CONFIRMED)
    VerificationReport.objects.create(
        task=task, number="HC-2025-LH01", state=ReportState.SUBMITTED,
        created_by=User.objects.get(username="agency-lead"), submitted_at=timezone.now(),
    )  # fmt: skip
    return task


@pytest.fixture
def pages(browser: Browser, live_server, task) -> Iterator[tuple[Page, Page]]:
    users = [User.objects.get(username=n) for n in ("js-reviewer", CONFIRMED)]
    contexts = [new_context(browser, live_server, u) for u in users]
    yield contexts[0].new_page(), contexts[1].new_page()
    for context in contexts:
        context.close()


def press(button: Locator) -> None:
    with button.page.expect_navigation():
        button.click()


def test_recheck_notify_acknowledge(live_server, task, pages):
    authority, plant = pages
    total = format(sr.confirmed_total(task), "f")
    authority.goto(f"{live_server.url}/verification/tasks/{task.pk}/result/")
    expect(authority.locator("#confirmed-total")).to_have_attribute("data-value", total)
    form = authority.locator("#recheck-order")
    form.locator("select[name=mode]").select_option("onsite")
    form.locator("select[name=performer]").select_option("expert")
    form.locator("input[name=performer_names]").fill("李工（外聘专家）")
    form.locator("textarea[name=scope]").fill("现场复查1号机组入炉煤计量与保守处理")
    press(form.get_by_role("button"))
    expect(authority.locator(".message-success")).to_contain_text("已发起复查")
    expect(authority.locator(".refusal")).to_contain_text("复查尚未记录结论")
    screenshot(authority, "result-01-recheck-open")
    form = authority.locator("#recheck-conclude")
    form.locator("select[name=conclusion]").select_option("passed")
    form.locator("textarea[name=findings]").fill("保守处理符合核查技术指南表7。")
    press(form.get_by_role("button"))
    form = authority.locator("#result-notify")
    form.locator("textarea[name=message]").fill("请查收2025年度核查报告。")
    press(form.get_by_role("button"))
    expect(authority.locator("#notified-total")).to_have_attribute("data-value", total)
    screenshot(authority, "result-02-notified")

    plant.goto(f"{live_server.url}/verification/plant/")
    press(plant.locator(f"#task-{task.pk} a.result-link"))
    expect(plant.locator("#notified-total")).to_have_text(grouped_text(total))
    expect(plant.locator("#notification")).to_contain_text("HC-2025-LH01")
    press(plant.locator("#result-acknowledge button"))
    expect(plant.locator(".message-success")).to_contain_text("已确认收悉核查结果")
    screenshot(plant, "result-03-acknowledged")
    authority.reload()
    expect(authority.locator("#acknowledged")).to_contain_text(timezone.localdate().isoformat())
    assert Notification.objects.get(task=task).total_emissions == total == "7235788.39"
