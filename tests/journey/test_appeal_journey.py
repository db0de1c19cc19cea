"""复核 (guide §6) through the pages, in a real headless Chromium (/usr/bin/chromium): the demo's
2025 campaign; two plants notified on Friday 25 September 2026 (rows made directly: the report and
result steps are other pages). The 7th working day after it is Monday 12 October (国庆节 1–7
October; Saturday 10 October worked).

泰州江畔 opens its appeal page on the 12th (the form, “今天到期”) and submits on the 13th: refused,
naming 2026-10-12, and the form is gone. 南京六合滨江（合成） applies on the 12th with a file; the
authority (js-reviewer) starts the technical assessment, ends it on 20 October (the decision is
due on 3 November) and on 3 November changes the conclusion with a new figure for one unit; the
plant reads the conclusion and the new total, summed from the units.

"Today" is pinned (``timezone.localdate``, read by the live server's thread too).
Screenshots: test-artifacts/screenshots/appeal-NN-<step>.png.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from tanhe.accounts.models import User
from tanhe.demo import build_demo
from tanhe.demo.enterprises import TAIZHOU
from tanhe.demo.reports import DATA_YEAR
from tanhe.demo.verification import CONFIRMED, build_demo_campaign
from tanhe.reports.templatetags.numbers import grouped_text
from tanhe.verification import selectors_appeal as sa
from tanhe.verification.models import Appeal, AppealState, Task
from tests.plans.conftest import PDF
from tests.verification.appeal_setup import notify

from ..conftest import new_context, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable")]

SEVENTH, EIGHTH = date(2026, 10, 12), date(2026, 10, 13)
ENDED, TENTH = date(2026, 10, 20), date(2026, 11, 3)


@pytest.fixture
def tasks(transactional_db) -> tuple[Task, Task]:
    build_demo()
    build_demo_campaign()
    found = []
    for code in (TAIZHOU.organisation["credit_code"], CONFIRMED):
        task = Task.objects.get(campaign__year=DATA_YEAR, enterprise__credit_code=code)
        notify(task)
        found.append(task)
    return found[0], found[1]


@pytest.fixture
def on_day(monkeypatch) -> Callable[[date], None]:
    real = timezone.localdate

    def pin(day: date) -> None:
        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return pin


@pytest.fixture
def browse(browser: Browser, live_server) -> Iterator[Callable[[str], Page]]:
    contexts = []

    def as_user(username: str) -> Page:
        context = new_context(browser, live_server, User.objects.get(username=username))
        contexts.append(context)
        return context.new_page()

    yield as_user
    for context in contexts:
        context.close()


def press(button: Locator) -> None:
    with button.page.expect_navigation():
        button.click()


def shot(page: Page, name: str) -> None:
    screenshot(page, f"appeal-{name}")


def test_apply_on_the_seventh_day_assess_and_change(tasks, on_day, browse, live_server, tmp_path):
    late_task, task = tasks
    base = live_server.url

    # 1 泰州江畔: the page opened on the 7th working day, the form sent on the 8th
    on_day(SEVENTH)
    late = browse(late_task.enterprise.credit_code)
    late.goto(base + f"/verification/tasks/{late_task.pk}/appeals/")
    expect(late.locator("#file-due")).to_contain_text("今天到期")
    late.get_by_label("申请理由").fill("核查确认的燃煤消耗量偏高。")
    on_day(EIGHTH)
    press(late.get_by_role("button", name="提交复核申请"))
    expect(late.locator(".message-error")).to_contain_text("2026-10-12")
    expect(late.locator("#appeal-closed")).to_be_visible()
    expect(late.locator("#appeal-file")).to_have_count(0)
    shot(late, "01-eighth-day-refused")
    assert not Appeal.objects.filter(task=late_task).exists()

    # 2 南京六合滨江: from its verification page to the appeal page, applies with a file
    on_day(SEVENTH)
    plant = browse(task.enterprise.credit_code)
    plant.goto(base + "/verification/plant/")
    press(plant.locator(f"#appeals-{task.pk}"))
    evidence = tmp_path / "煤质化验报告.pdf"
    evidence.write_bytes(PDF)
    plant.get_by_label("申请理由").fill("入炉煤低位发热量应采用实测值。")
    plant.get_by_label("证明材料").set_input_files(str(evidence))
    press(plant.get_by_role("button", name="提交复核申请"))
    expect(plant.locator(".message-success")).to_contain_text("复核申请已提交")
    expect(plant.locator("#appeal-state")).to_contain_text("已申请")
    expect(plant.locator(".appeal-evidence")).to_contain_text("煤质化验报告.pdf")
    shot(plant, "02-filed")

    # 3 the authority: assessment started, ended on the 20th, decision due on 3 November
    authority = browse("js-reviewer")
    on_day(date(2026, 10, 14))
    authority.goto(base + f"/verification/tasks/{task.pk}/")
    press(authority.locator("nav.tabs").get_by_role("link", name="复核"))
    expect(authority.locator(".appeal-reason")).to_contain_text("入炉煤低位发热量应采用实测值。")
    press(authority.get_by_role("button", name="开始技术论证"))
    expect(authority.locator("#appeal-state")).to_contain_text("技术论证中")
    on_day(ENDED)
    authority.get_by_label("技术论证意见").fill("专家组认为实测低位发热量依据充分。")
    press(authority.get_by_role("button", name="结束技术论证"))
    expect(authority.locator("#decide-due")).to_contain_text("2026-11-03")
    expect(authority.locator("#appeal-started")).to_have_text("2026-10-14")
    shot(authority, "03-assessed")

    # 4 on the 10th working day: changed, one unit's combustion emissions lowered
    on_day(TENTH)
    authority.reload()
    expect(authority.locator("#decide-due")).to_contain_text("今天到期")
    units = sa.notified_units(task)
    first = units[0]
    form = authority.locator("#appeal-decide")
    form.get_by_label("变更核查结论").check()
    form.get_by_label("复核结论说明").fill("采纳实测低位发热量，变更1号机组排放量。")
    form.locator(f'input[name="combustion:{first.code}"]').fill("1,234,567.89")
    press(form.get_by_role("button", name="作出复核结论并告知"))
    expect(authority.locator(".message-success")).to_contain_text("复核结论已作出")
    expected = (
        Decimal("1234567.89") + first.electricity + sum((u.total for u in units[1:]), Decimal(0))
    )
    appeal = Appeal.objects.get(task=task)
    assert appeal.state == AppealState.DECIDED
    assert Decimal(appeal.new_figures["total"]) == expected
    shot(authority, "04-decided")

    # 5 the plant reads the conclusion and the new total
    plant.reload()
    expect(plant.locator("#appeal-outcome")).to_contain_text("变更核查结论")
    expect(plant.locator("#appeal-new-total")).to_have_text(
        grouped_text(appeal.new_figures["total"])
    )
    shot(plant, "05-plant-reads")
