"""Issue #11's chain end to end, through the pages, in a real headless Chromium (Debian's
/usr/bin/chromium; never `playwright install`), with three roles in three browser contexts:

the authority (js-reviewer) creates the 2025 campaign and assigns 泰州江畔's task to the demo
agency with a due date → the agency (agency-lead) accepts → forms the team with declarations
(leader with the sector's expertise, a verifier), names the technical reviewer, and is refused
when it tries to add that reviewer as a member → starts the document review (the checklist and
the checks engine's findings) → writes the on-site plan: a visit 2 working days ahead is refused
naming the earliest date, 3 working days ahead is notified and the plant (its credit code as
username) sees the notice → draws 30 % of 1号机组's daily coal records → a non-conformity linked
to that sample takes it to 50 % → a second one on the coal consumption (A) → the leader issues
both → the plant answers one on time and one late (逾期提交) → the team closes one and rejects
one → the rejected datum is recalculated conservatively (not calibrated, 表7) → reported beside
confirmed emissions, equal to ``selectors_values.confirmed_totals`` → finish (核查数据已确认).

"Today" is the real date (the live server's): every date is computed with the working-day
calendar. The late answer: the test cannot wait 5 working days, so between the plant's two
answers it moves the second item's deadline to yesterday in the database — it simulates time
passing; the answer itself is written through the page on the real date, as a late one would be.

Only the demo (tanhe.demo) and a verifier role for the technical reviewer are made in Python.
Screenshots: test-artifacts/screenshots/verification-NN-<step>.png (and -failed-<role>.png).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from tanhe.accounts.models import Role, RoleAssignment, User
from tanhe.checks import sampling
from tanhe.demo import build_demo
from tanhe.demo.enterprises import TAIZHOU
from tanhe.demo.province import DEMO_PASSWORD
from tanhe.demo.reports import DATA_YEAR
from tanhe.reports.templatetags.numbers import grouped_text
from tanhe.verification import selectors_values as sv
from tanhe.verification.models import NonConformity, Task
from tanhe.workdays.calendar import add_working_days

from ..conftest import new_context, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable")]

PLANT = "泰州江畔发电有限公司"
PLANT_CODE = TAIZHOU.organisation["credit_code"]
SEED = "20251207"


@pytest.fixture
def demo(transactional_db) -> None:
    """The demo (built once: this module has one test); the technical reviewer 赵敏 is also a
    qualified verifier, so that what keeps her off the team is her independence, not her role."""
    build_demo()
    tech = User.objects.get(username="agency-tech")
    RoleAssignment.objects.create(user=tech, role=Role.VERIFIER)


@pytest.fixture
def roles(browser: Browser) -> Iterator[tuple[Page, Page, Page]]:
    """Three browsers that know nothing of each other: the authority's, the agency's, the plant's."""
    contexts = [new_context(browser) for _ in range(3)]
    pages = [c.new_page() for c in contexts]
    yield pages[0], pages[1], pages[2]
    for context in contexts:
        context.close()


# -- helpers ---------------------------------------------------------------------------------------
def press(button: Locator) -> None:
    with button.page.expect_navigation():
        button.click()


def ok(page: Page, text: str) -> None:
    expect(page.locator(".message-success")).to_contain_text(text)


def refused(page: Page, text: str) -> None:
    expect(page.locator(".message-error")).to_contain_text(text)


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或统一社会信用代码").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    press(page.get_by_role("button", name="登录"))


def tab(page: Page, name: str) -> None:
    press(page.locator("nav.tabs").get_by_role("link", name=name))


def shot(page: Page, name: str) -> None:
    screenshot(page, f"verification-{name}")


def join(page: Page, name: str, qualification: str, *, leader: bool) -> None:
    form = page.locator("#team-add-form")
    form.locator("#member-person").select_option(label=name)
    form.locator("#member-qualification").fill(qualification)
    if leader:
        form.get_by_label("担任核查组长").check()
    form.get_by_label("具备发电行业的专业知识和工作经验").check()
    for box in ("no_service", "no_employment", "no_family_tie"):
        form.locator(f"input[name={box}]").check()
    press(form.get_by_role("button", name="提交声明并加入"))


def fill_plan(page: Page, start: date) -> None:
    form = page.locator("#plan-form")
    form.get_by_label("核查目的与范围").fill("核查2025年度排放报告及数据质量控制计划的执行情况")
    form.get_by_label("核查组的组成和分工").fill("陈立新（组长）：燃料与排放；孙悦：生产数据与抽样")
    form.get_by_label("核查活动安排").fill("首次会议；现场查看输煤系统与皮带秤；查阅台账；末次会议")
    form.get_by_label("现场核查开始日期").fill(start.isoformat())
    form.get_by_label("现场核查结束日期").fill(start.isoformat())
    form.get_by_label("现场访问对象").fill("燃料部主任、化验室主任、计量管理员")
    form.get_by_label("现场观察的设施、监测设备").fill("1号、2号机组入炉煤皮带秤，化验室")
    press(form.get_by_role("button", name="保存计划"))
    ok(page, "")


def nc_article(plant: Page, number: int) -> Locator:
    return plant.locator("article.nc").filter(
        has=plant.get_by_role("heading", name=re.compile(rf"^不符合项{number} "))
    )


def answer(plant: Page, number: int, cause: str, action: str) -> None:
    article = nc_article(plant, number)
    article.get_by_label("原因分析").fill(cause)
    article.get_by_label("整改措施").fill(action)
    press(article.get_by_role("button", name="提交整改"))
    ok(plant, "整改答复已提交")


# -- the journey -----------------------------------------------------------------------------------
def test_assign_review_visit_sample_correct_and_confirm(roles, live_server, demo):
    authority, agency, plant = roles
    try:
        journey(live_server.url, authority, agency, plant)
    except Exception:
        for name, page in (("authority", authority), ("agency", agency), ("plant", plant)):
            shot(page, f"failed-{name}")
        raise


def journey(base: str, authority: Page, agency: Page, plant: Page) -> None:
    today = timezone.localdate()  # the live server's today (Asia/Shanghai)

    # 1 the authority creates the 2025 campaign and assigns 泰州江畔's task with a due date
    log_in(authority, base, "js-reviewer")
    authority.goto(base + "/verification/")
    existing = authority.locator("#campaigns").get_by_role("link", name=f"{DATA_YEAR}年度核查")
    if existing.count():
        press(existing)
    else:  # the campaign is created, and its page opens
        authority.locator("#campaign-year").select_option(str(DATA_YEAR))
        press(authority.get_by_role("button", name="创建年度核查工作"))
        ok(authority, "已创建年度核查工作")
    authority.get_by_label(f"选择{PLANT}").check()
    authority.locator("#assign-agency").select_option(label="江苏碳核查技术服务有限公司")
    authority.locator("#assign-due").fill((today + timedelta(days=20)).isoformat())
    press(authority.locator("#assign-form").get_by_role("button", name="分配"))
    task = Task.objects.get(enterprise__credit_code=PLANT_CODE, campaign__year=DATA_YEAR)
    expect(authority.locator(f"#task-{task.pk}")).to_contain_text("待机构接受")
    shot(authority, "01-assigned")

    # 2 the agency accepts
    log_in(agency, base, "agency-lead")
    agency.goto(base + "/verification/agency/tasks/")
    row = agency.locator(f"#agency-tasks #task-{task.pk}")
    expect(row).to_contain_text("待机构接受")
    press(row.get_by_role("button", name="接受"))
    ok(agency, f"已接受“{PLANT}”的核查任务")
    expect(agency.locator("#task-state")).to_have_text("组建核查组")

    # 3 the team: declarations, the technical reviewer off the team (enforced)
    agency.goto(f"{base}/verification/tasks/{task.pk}/team/")
    join(agency, "陈立新", "火电行业核查员，10年发电企业核查经验", leader=True)
    ok(agency, "陈立新已提交公正性声明并加入核查组")
    join(agency, "孙悦", "核查员，燃料计量与化验", leader=False)
    ok(agency, "孙悦已提交公正性声明并加入核查组")
    agency.locator("#reviewer-person").select_option(label="赵敏")
    press(agency.locator("#reviewer-form").get_by_role("button", name="指定"))
    expect(agency.locator("#technical-reviewer")).to_have_text("赵敏")
    expect(agency.locator("#team-complete")).to_be_visible()
    # the reviewer is not offered as a member; a forged choice is refused by the service
    expect(agency.locator("#member-person option", has_text="赵敏")).to_have_count(0)
    tech = User.objects.get(username="agency-tech")
    agency.locator("#member-person").evaluate(
        f"s => s.add(new Option('赵敏', '{tech.pk}', true, true))"
    )
    join(agency, "赵敏", "核查员", leader=False)
    refused(agency, "赵敏是本任务的技术复核人，技术复核人须独立于核查组，不能加入核查组")
    expect(agency.locator("#members tbody tr")).to_have_count(2)
    shot(agency, "02-team")

    # 4 the document review opens with the checklist and the engine's findings
    tab(agency, "文件评审")
    press(agency.get_by_role("button", name="开始文件评审"))
    ok(agency, "文件评审已开始")
    items = task.checklist.count()
    # 泰州江畔's 2号机组 September carbon test cites 1号机组's August report number (tanhe/demo)
    assert list(task.findings.values_list("rule", flat=True)) == ["evidence.report_number_reused"]
    expect(agency.locator("#items-concluded")).to_have_text(f"0 / {items}")
    expect(agency.locator("#findings-open")).to_have_text("1 / 1")
    finding = agency.locator("li[data-rule='evidence.report_number_reused']")
    expect(finding).to_contain_text("THMJ-2025-0801")
    finding.locator("select[name=decision]").select_option("confirmed")
    finding.locator("input[name=reason]").fill(
        "2号机组9月的元素碳检测报告编号与1号机组8月的相同，须提供原始报告"
    )
    press(finding.get_by_role("button", name="提交"))
    expect(agency.locator("#findings-open")).to_have_text("0 / 1")
    expect(agency.locator("details.review-table")).to_have_count(
        len(set(task.checklist.values_list("table", flat=True)))
    )
    coal = task.checklist.filter(table=7, unit__name="1号机组", fuel="bituminous").first()
    assert coal is not None
    agency.goto(f"{base}/verification/tasks/{task.pk}/review/?item={coal.pk}#item-{coal.pk}")
    article = agency.locator(f"#item-{coal.pk}")
    article.get_by_label("记录").fill("查阅2025年3月入炉煤日报与皮带秤累计读数：3月5日相差41.2 t")
    press(article.get_by_role("button", name="保存核查记录"))
    article = agency.locator(f"#item-{coal.pk}")
    expect(article.locator("table.records")).to_contain_text("3月5日相差41.2 t")
    article.locator("select[name=conclusion]").select_option("nonconforms")
    article.locator("input[name=note]").fill("入炉煤量日记录与皮带秤累计读数不一致")
    press(article.get_by_role("button", name="保存结论"))
    expect(agency.locator(f"#item-{coal.pk}")).to_have_attribute("data-conclusion", "nonconforms")
    expect(agency.locator("#items-nonconforming")).to_have_text("1")
    shot(agency, "03-review")

    # 5 the on-site plan: 2 working days ahead refused, naming the earliest; 3 accepted
    tab(agency, "现场核查与抽样")
    too_soon, earliest = add_working_days(today, 2), add_working_days(today, 3)
    expect(agency.locator("#earliest")).to_contain_text(earliest.isoformat())
    fill_plan(agency, too_soon)
    press(agency.get_by_role("button", name="通知重点排放单位"))
    refused(agency, f"现场核查最早可于{earliest.isoformat()}开始")
    expect(agency.locator("#plan-state")).to_have_attribute("data-state", "draft")
    fill_plan(agency, earliest)
    press(agency.get_by_role("button", name="通知重点排放单位"))
    expect(agency.locator("#plan-state")).to_have_attribute("data-state", "notified")
    expect(agency.locator("#task-state")).to_have_text("现场核查")
    log_in(plant, base, PLANT_CODE)
    plant.goto(base + "/verification/plant/")
    expect(plant.locator("#onsite-notice #notice-dates")).to_have_text(earliest.isoformat())
    expect(plant.locator("#onsite-notice #notice-team")).to_contain_text("陈立新（核查组长）")
    shot(plant, "04-plant-notice")

    # 6 sampling: 30 % of 1号机组's daily coal records, with a recorded seed
    draw = agency.locator("#draw-form")
    option = draw.locator("select[name=population] option", has_text="1号机组 烟煤 日消耗记录")
    draw.locator("select[name=population]").select_option(option.get_attribute("value"))
    draw.get_by_label("抽样原则").select_option(label="随机抽样")
    draw.get_by_label("随机种子").fill(SEED)
    press(draw.get_by_role("button", name="抽样"))
    at30, at50 = sampling.size(30, 365), sampling.size(50, 365)
    section = agency.locator("section.sample")
    expect(section).to_have_attribute("data-percent", "30")
    expect(section.locator(".sample-seed")).to_have_text(SEED)
    expect(section.locator("table.sample-records tbody tr")).to_have_count(at30)
    expect(agency.locator("#populations")).to_contain_text(f"已抽样 30%（{at30}条）")
    shot(agency, "05-sample-30")

    # 7 two non-conformities; the first, linked to the sample, takes it to 50 %
    tab(agency, "不符合项")
    form = agency.locator("#nc-create")
    form.locator("[name=description]").fill("3月5日入炉煤量日记录与皮带秤累计读数相差41.2 t")
    form.locator("[name=category]").select_option("evidence")
    form.locator("#nc-items").get_by_label(re.compile("1号机组 · 烟煤（不符合）")).check()
    form.locator("#nc-samples").get_by_label(re.compile("日消耗记录")).check()
    press(form.get_by_role("button", name="保存不符合项"))
    ok(agency, "不符合项已填写")
    linked = agency.locator("#nc-list li.nc-sample")
    expect(linked).to_have_attribute("data-percent", "50")
    expect(linked).to_contain_text(f"已抽样 50%，{at50}条")
    form = agency.locator("#nc-create")
    form.locator("[name=description]").fill(
        "1号机组入炉煤皮带秤未按规定周期校准（上次校准2024年1月）"
    )
    form.locator("[name=category]").select_option("measurement")
    form.locator("[name=unit]").select_option(label="1号机组")
    form.locator("[name=value_code]").select_option("A")
    form.locator("[name=fuel]").select_option(label="烟煤")
    press(form.get_by_role("button", name="保存不符合项"))
    press(agency.locator("#nc-issue"))
    ok(agency, "不符合项清单已开具")
    expect(agency.locator("#task-state")).to_have_text("不符合项整改")
    shot(agency, "06-ncs-issued")
    tab(agency, "现场核查与抽样")
    section = agency.locator("section.sample")
    expect(section).to_have_attribute("data-percent", "50")
    expect(section.locator(".sample-ncs")).to_have_text("1")
    rows = section.locator("table.sample-records tbody tr")
    expect(rows).to_have_count(at50)
    expect(rows.filter(has=agency.locator("td.num", has_text=re.compile("^30$")))).to_have_count(
        at30
    )  # the records drawn at 30 % are kept

    # 8 the plant answers the first on time and — its deadline passed — the second late
    plant.goto(base + "/verification/plant/")
    due = add_working_days(today, 5)
    expect(nc_article(plant, 1)).to_contain_text(due.isoformat())
    answer(plant, 1, "皮带秤累计读数未按日核对", "建立日核对制度，补充3月5日的核对记录")
    expect(nc_article(plant, 1).locator(".nc-answer")).to_have_attribute("data-late", "0")
    # time passes: the second item's 5 working days are over (simulated in the database)
    NonConformity.objects.filter(task=task, number=2).update(due_date=today - timedelta(days=1))
    plant.goto(base + "/verification/plant/")
    answer(plant, 2, "校准计划执行不到位", "已委托计量院校准，附校准证书")
    late = nc_article(plant, 2)
    expect(late.locator(".nc-answer")).to_have_attribute("data-late", "1")
    expect(late.locator(".badge-late")).to_have_text("逾期提交")
    shot(plant, "07-plant-answers")

    # 9 the team closes the first and rejects the second
    tab(agency, "不符合项")
    agency.reload()
    first = agency.locator("#nc-1 + tr.nc-detail")
    first.locator("input[name=note]").fill("已核对整改记录，日核对制度已执行")
    press(first.get_by_role("button", name="验证通过，关闭"))
    ok(agency, "不符合项已关闭")
    second = agency.locator("#nc-2 + tr.nc-detail")
    expect(second.locator(".badge-late")).to_have_text("逾期提交")
    second.locator("input[name=note]").fill("逾期提交，且2025年度皮带秤未校准，按保守原则处理")
    press(second.get_by_role("button", name="整改未通过"))
    ok(agency, "已作出整改未通过的结论")
    expect(agency.locator("#nc-1")).to_have_attribute("data-state", "closed")
    expect(agency.locator("#nc-2")).to_have_attribute("data-state", "rejected")

    # 10 conservative recalculation of the rejected datum: not calibrated, ×(1 + 0.5 %)
    tab(agency, "核查确认数值")
    expect(agency.locator(".refusal")).to_contain_text("不符合项2涉及的数据（A）")
    form = agency.locator("#value-conservative")
    form.locator("[name=unit]").select_option(label="1号机组")
    form.locator("[name=code]").select_option("A")
    form.locator("[name=fuel]").select_option(label="烟煤")
    form.locator("[name=kind]").select_option("calibration")
    form.locator("[name=status]").select_option(label="未校准")
    form.locator("[name=required_accuracy_pct]").fill("0.5")
    press(form.get_by_role("button", name="保守处理"))
    ok(agency, "已按保守原则处理")
    coal_row = agency.locator(".values-table tr[data-code=A][data-fuel=bituminous]").first
    expect(coal_row).to_contain_text("保守处理：校准调整")
    # shown with thousands separators
    initial = Decimal(coal_row.locator("td.num").nth(0).inner_text().replace(",", ""))
    confirmed = Decimal(coal_row.locator("td.confirmed").inner_text().replace(",", ""))
    # checked independently: 表7 未校准 ×(1 + 规定准确度) on each month's consumption, as
    # reported (two places), summed over the year
    unit = next(u for u in sv.initial_result(task).units if u.code == "1号机组")
    months = next(f for f in unit.fuels if f.fuel == "bituminous").months
    assert initial == sum(m.consumption for m in months)
    cent = Decimal("0.01")
    expected = sum((m.consumption * Decimal("1.005")).quantize(cent, ROUND_HALF_UP) for m in months)
    assert confirmed == expected > initial * Decimal("1.005") - cent

    # 11 confirmed totals beside reported: the numbers the engine computes
    totals = sv.confirmed_totals(task)
    table = agency.locator("#value-totals")
    for unit in totals.units:
        row = table.locator("tbody tr").filter(
            has=agency.get_by_role("rowheader", name=unit.name, exact=True)
        )
        expect(row.locator("td").nth(0)).to_have_text(grouped_text(unit.reported))
        expect(row.locator("td").nth(1)).to_have_text(grouped_text(unit.confirmed))
    expect(table.locator("tr.total td").nth(0)).to_have_text(grouped_text(totals.reported))
    expect(agency.locator("#confirmed-total")).to_have_text(grouped_text(totals.confirmed))
    one = next(u for u in totals.units if u.name == "1号机组")
    other = next(u for u in totals.units if u.name == "2号机组")
    assert one.reported is not None and one.confirmed > one.reported
    assert other.confirmed == other.reported  # nothing of 2号机组 was changed
    shot(agency, "08-values")

    # 12 the leader finishes: 核查数据已确认, on every role's page
    press(agency.locator("#values-finish"))
    ok(agency, "核查数据确认完成")
    expect(agency.locator("#task-state")).to_have_text("核查数据已确认")
    authority.goto(f"{base}/verification/tasks/{task.pk}/")
    expect(authority.locator("#task-state")).to_have_text("核查数据已确认")
    plant.goto(base + "/verification/plant/")
    expect(plant.locator(f"#task-{task.pk} dd[data-state]")).to_have_text("核查数据已确认")
    shot(agency, "09-confirmed")
