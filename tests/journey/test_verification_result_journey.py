"""Issue #13's chain end to end, through the pages, in a real headless Chromium (Debian's
/usr/bin/chromium), continuing where the part-1 chain ends (tests/journey/
test_verification_journey.py: values confirmed — here the demo's 南京六合滨江（合成）, which the
demo takes to that point through the same services):

the team's leader (agency-lead) generates the verification report and sends it to review → the
technical reviewer (agency-tech, independent of the team) returns it with a comment on 3.4 → the
leader fixes that section and sends it again → the reviewer approves (DOCX and PDF frozen) → the
agency's administrator signs and submits it → the authority (js-reviewer) orders a 复查, is
refused the notification while it is open, records it as passed and notifies the plant on Friday
25 September 2026 → the plant reads the confirmed total and acknowledges → on the 7th working
day (Monday 12 October: 国庆节 1–7 October, Saturday 10 October worked) it applies for 复核 with
a file; another plant notified the same day tries on the 8th and is refused, naming the
deadline → the authority assesses and changes the conclusion (a new figure for one unit), which
the plant reads with its new total → an
anonymous visitor reads the cover page and the 复核 conclusion on /public/, and nothing
confidential (the plant's reason, the assessment, the team's text, non-conformities).

"Today" is pinned (``timezone.localdate``, read by the live server's thread too).
Screenshots: test-artifacts/screenshots/chain13-NN-<step>.png.
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
from tanhe.verification import selectors_result as sr
from tanhe.verification.models import (
    Appeal,
    AppealState,
    Notification,
    ReportState,
    Task,
    VerificationReport,
)
from tests.plans.conftest import PDF
from tests.verification.appeal_setup import notify

from ..conftest import new_context, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable")]

WRITTEN, NOTIFIED = date(2026, 9, 22), date(2026, 9, 25)
SEVENTH, EIGHTH = date(2026, 10, 12), date(2026, 10, 13)
ASSESSED, DECIDED = date(2026, 10, 20), date(2026, 10, 21)
COMMENT = "请说明抽样比例扩大的原因。"
FIXED = "抽样发现不符合项后，比例由30%扩大至50%。"
REASON = "入炉煤低位发热量应采用实测值，附化验报告。"
ASSESSMENT = "专家组认为实测低位发热量依据充分。"
CONCLUSION = "采纳实测低位发热量，变更1号机组排放量。"


@pytest.fixture
def tasks(transactional_db) -> tuple[Task, Task]:
    """南京六合滨江 at 核查数据已确认 (part 1's end); 泰州江畔 notified on the same day with rows
    made directly (only its late attempt is of interest)."""
    build_demo()
    build_demo_campaign()
    late = Task.objects.get(
        campaign__year=DATA_YEAR, enterprise__credit_code=TAIZHOU.organisation["credit_code"]
    )
    notify(late, NOTIFIED)
    return Task.objects.get(campaign__year=DATA_YEAR, enterprise__credit_code=CONFIRMED), late


@pytest.fixture
def on_day(monkeypatch) -> Callable[[date], None]:
    real = timezone.localdate

    def pin(day: date) -> None:
        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return pin


@pytest.fixture
def browse(browser: Browser, live_server) -> Iterator[Callable[[str | None], Page]]:
    contexts = []

    def as_user(username: str | None) -> Page:
        person = User.objects.get(username=username) if username else None
        context = new_context(browser, live_server if person else None, person)
        contexts.append(context)
        return context.new_page()

    yield as_user
    for context in contexts:
        context.close()


def press(button: Locator) -> None:
    with button.page.expect_navigation():
        button.click()


def shot(page: Page, name: str) -> None:
    screenshot(page, f"chain13-{name}")


def write_review_submit(base: str, task: Task, browse: Callable[[str | None], Page]) -> None:
    lead, tech, admin = browse("agency-lead"), browse("agency-tech"), browse("agency-admin")
    url = f"{base}/verification/tasks/{task.pk}/report/"
    lead.goto(url)
    press(lead.locator("#report-create button"))
    expect(lead.locator("#report-emissions tr.total td").last).to_have_attribute(
        "data-value", format(sr.confirmed_total(task), "f")
    )
    cover = lead.locator("#section-cover")
    cover.locator("textarea").fill("发电量下降，排放量相应下降，不存在异常波动。")
    press(cover.get_by_role("button"))
    press(lead.locator("#report-send button"))
    expect(lead.locator("#report-state")).to_have_attribute("data-state", "in_review")
    shot(lead, "01-sent")

    tech.goto(url)
    press(tech.locator("#to-review"))
    tech.locator("textarea[name=comment_s3_4]").fill(COMMENT)
    press(tech.locator("#review-return"))
    expect(tech.locator("#review-state")).to_have_attribute("data-state", "returned")
    shot(tech, "02-returned")

    lead.goto(url)
    section = lead.locator("#section-s3_4")
    expect(section.locator("[data-comment]")).to_contain_text(COMMENT)
    section.locator("textarea").fill(FIXED)
    press(section.get_by_role("button"))
    press(lead.locator("#report-send button"))

    tech.goto(f"{url}review/")
    press(tech.locator("#review-approve"))
    expect(tech.locator("#review-state")).to_have_attribute("data-state", "approved")

    admin.goto(url)
    press(admin.locator("#report-submit button"))
    expect(admin.locator("#report-state")).to_have_attribute("data-state", "submitted")
    shot(admin, "03-submitted")
    report = VerificationReport.objects.get(task=task)
    assert report.state == ReportState.SUBMITTED and report.docx and report.pdf
    assert report.texts["s3_4"] == FIXED


def recheck_and_notify(base: str, task: Task, authority: Page) -> str:
    total = format(sr.confirmed_total(task), "f")
    authority.goto(f"{base}/verification/tasks/{task.pk}/result/")
    form = authority.locator("#recheck-order")
    form.locator("select[name=mode]").select_option("written")
    form.locator("select[name=performer]").select_option("expert")
    form.locator("input[name=performer_names]").fill("李工（外聘专家）")
    form.locator("textarea[name=scope]").fill("书面复查保守处理与附件2")
    press(form.get_by_role("button"))
    expect(authority.locator(".refusal")).to_contain_text("复查尚未记录结论")
    form = authority.locator("#recheck-conclude")
    form.locator("select[name=conclusion]").select_option("passed")
    form.locator("textarea[name=findings]").fill("保守处理符合核查技术指南表7。")
    press(form.get_by_role("button"))
    form = authority.locator("#result-notify")
    form.locator("textarea[name=message]").fill("请查收2025年度核查报告。")
    press(form.get_by_role("button"))
    expect(authority.locator("#notified-total")).to_have_attribute("data-value", total)
    shot(authority, "04-notified")
    notification = Notification.objects.get(task=task)
    assert notification.notified_on == NOTIFIED and notification.total_emissions == total
    return total


def test_report_review_notify_appeal_publish(tasks, on_day, browse, live_server, tmp_path):
    task, late_task = tasks
    base = live_server.url
    on_day(WRITTEN)
    write_review_submit(base, task, browse)

    on_day(NOTIFIED)
    authority = browse("js-reviewer")
    total = recheck_and_notify(base, task, authority)
    plant = browse(task.enterprise.credit_code)
    plant.goto(f"{base}/verification/plant/")
    press(plant.locator(f"#task-{task.pk} a.result-link"))
    expect(plant.locator("#notified-total")).to_have_text(grouped_text(total))
    press(plant.locator("#result-acknowledge button"))
    expect(plant.locator(".message-success")).to_contain_text("已确认收悉核查结果")

    # the 7th working day: 南京六合滨江 applies, with its evidence
    on_day(SEVENTH)
    plant.goto(f"{base}/verification/plant/")
    press(plant.locator(f"#appeals-{task.pk}"))
    expect(plant.locator("#file-due")).to_contain_text("今天到期")
    evidence = tmp_path / "煤质化验报告.pdf"
    evidence.write_bytes(PDF)
    plant.get_by_label("申请理由").fill(REASON)
    plant.get_by_label("证明材料").set_input_files(str(evidence))
    press(plant.get_by_role("button", name="提交复核申请"))
    expect(plant.locator(".message-success")).to_contain_text("复核申请已提交")
    shot(plant, "05-filed-on-the-7th")

    # the 8th working day: 泰州江畔, notified the same day, is refused
    late = browse(late_task.enterprise.credit_code)
    late.goto(f"{base}/verification/tasks/{late_task.pk}/appeals/")
    late.get_by_label("申请理由").fill("核查确认的燃煤消耗量偏高。")
    on_day(EIGHTH)
    press(late.get_by_role("button", name="提交复核申请"))
    expect(late.locator(".message-error")).to_contain_text("2026-10-12")
    shot(late, "06-refused-on-the-8th")
    assert not Appeal.objects.filter(task=late_task).exists()

    # the authority assesses and changes one unit's combustion emissions
    authority.goto(f"{base}/verification/tasks/{task.pk}/appeals/")
    press(authority.get_by_role("button", name="开始技术论证"))
    on_day(ASSESSED)
    authority.get_by_label("技术论证意见").fill(ASSESSMENT)
    press(authority.get_by_role("button", name="结束技术论证"))
    expect(authority.locator("#decide-due")).to_contain_text("2026-11-03")
    on_day(DECIDED)
    authority.reload()
    units = sa.notified_units(task)
    form = authority.locator("#appeal-decide")
    form.get_by_label("变更核查结论").check()
    form.get_by_label("复核结论说明").fill(CONCLUSION)
    form.locator(f'input[name="combustion:{units[0].code}"]').fill("3,600,000.00")
    press(form.get_by_role("button", name="作出复核结论并告知"))
    expect(authority.locator(".message-success")).to_contain_text("复核结论已作出")
    appeal = Appeal.objects.get(task=task)
    changed = Decimal("3600000.00") + units[0].electricity + sum(u.total for u in units[1:])
    assert appeal.state == AppealState.DECIDED and Decimal(appeal.new_figures["total"]) == changed
    shot(authority, "07-decided")
    plant.goto(f"{base}/verification/tasks/{task.pk}/appeals/")
    expect(plant.locator("#appeal-outcome")).to_contain_text("变更核查结论")
    expect(plant.locator("#appeal-new-total")).to_have_text(grouped_text(str(changed)))

    # anyone: the cover page and the 复核 conclusion, nothing confidential
    visitor = browse(None)
    visitor.goto(f"{base}/public/{task.campaign.province.code}/{DATA_YEAR}/")
    report = VerificationReport.objects.get(task=task)
    cover = visitor.locator("article.cover", has_text=report.number)
    expect(cover.locator('dd[data-field="number"]')).to_have_text(report.number)
    expect(cover.locator('dd[data-field="total"]')).to_have_attribute("data-value", total)
    expect(visitor.locator("#appeals")).to_contain_text(CONCLUSION)
    body = visitor.locator("body").inner_text()
    for secret in (REASON, ASSESSMENT, FIXED, COMMENT, "煤质化验报告.pdf"):
        assert secret not in body, secret
    for nc in task.nonconformities.all():
        assert nc.description not in body
    shot(visitor, "08-public")
