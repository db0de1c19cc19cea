"""Issue #3 end to end, through the pages only, in a real headless Chromium (Debian's
/usr/bin/chromium; never `playwright install`).

A new enterprise registers itself, the provincial authority approves it, the enterprise logs in, fills every section of its 数据质量控制计划 and submits it; the
reviewer, in another browser, returns it with a comment; the enterprise reads the comment, fixes
the plan and submits it again; the reviewer approves; the enterprise revises it and compares the
two versions. Only the province, its authority and the reviewer's account are made in Python.

Not being in the 名录, the enterprise types its 排污许可证号 and addresses into 企业基本情况
itself (a 名录 enterprise finds them imported and locked).

Screenshots of every step: test-artifacts/screenshots/journey-NN-<step>.png.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tanhe.accounts.models import Organisation, OrganisationStatus, Province, Role, User
from tanhe.plans.models import CommentKind, PlanState, PlanUnit

from ..accounts.conftest import PASSWORD, code, make_user
from ..conftest import new_context, screenshot
from ..plans.conftest import PDF, PNG

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable")]

CREDIT_CODE = code("91320113MA1P8K6T2")
NAME = "金陵滨江热电有限公司"
PERMIT = CREDIT_CODE + "001P"
MERGED = "合并填报（1号机组、2号机组）"
RETURN_TEXT = "请在核算边界中写明1号汽轮机的安装位置（楼层、轴线），并补充入炉煤采样点的位置说明。"
APPROVE_TEXT = "补正内容已核实，同意备案。"
REVISION_REASON = "排放设施发生变化或使用新燃料、物料"


@pytest.fixture
def reviewer(transactional_db) -> User:
    """江苏省 and its authority with a reviewer (河北省 too, so that the province is a choice)."""
    jiangsu = Province.objects.create(code="320000", name="江苏省")
    Province.objects.create(code="130000", name="河北省")
    authority = Organisation.objects.create(
        kind="authority", name="江苏省生态环境厅", province=jiangsu
    )
    return make_user(authority, "js-reviewer", Role.REVIEWER, display_name="王审核")


@pytest.fixture
def tabs(browser: Browser) -> Iterator[tuple[Page, Page]]:
    """Two browsers that know nothing of each other: the enterprise's and the authority's."""
    contexts = [new_context(browser), new_context(browser)]
    pages = []
    for context in contexts:
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        pages.append(page)
    yield pages[0], pages[1]
    for context in contexts:
        context.close()


# -- helpers ---------------------------------------------------------------------------------------
def shot(page: Page, name: str) -> None:
    """A full-page screenshot, after checking that nothing is wider than the 1280 px window."""
    overflowing = page.evaluate(
        """() => [document.documentElement, ...document.querySelectorAll('.table-scroll')]
              .filter(e => e.scrollWidth > e.clientWidth + 1)
              .map(e => e.closest('[id]')?.id || e.tagName)"""
    )
    assert overflowing == [], f"{name}: wider than the window: {overflowing}"
    page.evaluate("window.scrollTo(0, 0)")  # the plan's side navigation is sticky
    screenshot(page, f"journey-{name}")


def field(scope: Page | Locator, label: str) -> Locator:
    """The control labelled ``label`` (labels of required fields start with a hidden "*")."""
    return scope.get_by_label(re.compile(rf"^\*?{re.escape(label)}$"))


def press(button: Locator) -> None:
    """Click a submit button or a link and wait for the next page."""
    with button.page.expect_navigation():
        button.click()


def saved(page: Page, text: str = "已") -> None:
    """The page after a successful change says so (a status message)."""
    expect(page.get_by_role("status").filter(has_text=text).first).to_be_visible()


def section(page: Page, title: str) -> None:
    expect(page.locator("#section-title")).to_have_text(title)


def log_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或统一社会信用代码").fill(username)
    page.get_by_label("密码").fill(password)
    press(page.get_by_role("button", name="登录"))


def nav(page: Page, name: str) -> None:
    press(page.locator(".main-nav").get_by_role("link", name=name))


def plan_state(page: Page, number: int) -> Locator:
    """The state shown for version ``number`` on the enterprise's list page."""
    row = page.locator("table.plan-list tbody tr").filter(
        has=page.locator("td.num", has_text=re.compile(rf"^{number}$"))
    )
    return row.locator(".plan-state")


def list_row(page: Page, number: int) -> Locator:
    return page.locator("table.plan-list tbody tr").filter(
        has=page.locator("td.num", has_text=re.compile(rf"^{number}$"))
    )


def add_unit(page: Page, name: str, subtype: str, fuels: list[str], capacity: str) -> None:
    form = page.locator("#unit-form")
    field(form, "机组名称").fill(name)
    field(form, "机组类型").select_option(label="燃煤机组")
    field(form, "机组类型细分").select_option(label=subtype)
    field(form, "发电燃料类型").select_option(label="燃煤")
    for fuel in fuels:
        form.get_by_label(fuel, exact=True).check()
    field(form, "装机容量（MW）").fill(capacity)
    field(form, "数据来源").select_option(label="铭牌")
    press(form.get_by_role("button", name="新增机组"))
    saved(page, "已保存")
    expect(page.locator("table.unit-table")).to_contain_text(name)


def add_facility(page: Page, unit: str, category: str, code: str, name: str,
                 **fields: str) -> None:  # fmt: skip
    form = page.locator("#facility-form")
    field(form, "机组名称").select_option(label=unit)
    field(form, "生产设施类别").select_option(label=category)
    field(form, "生产设施编号").fill(code)
    field(form, "生产设施名称").fill(name)
    for label, value in fields.items():
        control = field(form, label)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(label=value)
        else:
            control.fill(value)
    press(form.get_by_role("button", name="新增生产设施"))
    saved(page, "已保存")
    expect(page.locator("table.facility-table tr", has_text=code)).to_contain_text(name)


# -- the journey -----------------------------------------------------------------------------------
def test_register_file_return_resubmit_approve_and_revise(
    tabs: tuple[Page, Page], live_server, reviewer: User, tmp_path
):
    base = live_server.url
    page, authority = tabs

    # 1 the enterprise registers itself; not in the 名录, it waits for the authority
    page.goto(base + "/")
    press(page.get_by_role("link", name="企业注册"))
    expect(page.get_by_role("heading", level=1)).to_have_text("重点排放单位注册")
    page.get_by_label("统一社会信用代码").fill(CREDIT_CODE)
    page.get_by_label("所在省份").select_option(label="江苏省")
    page.get_by_label("企业名称").fill(NAME)
    page.get_by_label("联系人").fill("陈志远")
    page.get_by_label("联系电话").fill("025-85550123")
    page.get_by_label("电子邮箱").fill("chenzy@jlbj-power.cn")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("再次输入密码").fill(PASSWORD)
    shot(page, "01-register")
    press(page.get_by_role("button", name="提交注册申请"))
    standing = page.locator("#registration-standing")
    expect(standing).to_contain_text("正在等待主管部门审核")
    reference = page.locator("#registration-reference").inner_text()
    shot(page, "02-registered-pending")
    # not an account yet: logging in tells how the application stands
    log_in(page, base, CREDIT_CODE)
    expect(page.locator(".alert-error")).to_contain_text(f"申请编号 {reference}")
    assert not Organisation.objects.filter(credit_code=CREDIT_CODE).exists()

    # … the authority approves it on the 名录 page, the application beside what it knows
    log_in(authority, base, "js-reviewer")
    expect(authority.locator("#pending-count .stat-value")).to_have_text("1")
    nav(authority, "排放单位名录")
    pending = authority.locator(".review-item", has_text=NAME)
    expect(pending).to_contain_text(CREDIT_CODE)
    expect(pending).to_contain_text("陈志远")
    expect(pending).to_contain_text("不在名录中")
    shot(authority, "03-registry-pending")
    press(pending.get_by_role("button", name="核实无误，批准"))
    expect(authority.locator(".message-success")).to_have_text(
        f"已批准「{NAME}」的注册申请，报送账号 {CREDIT_CODE} 已开通。"
    )
    row = authority.locator("#enterprise-table tr", has_text=NAME)
    expect(row).to_contain_text("已开通")
    shot(authority, "04-registry-approved")
    enterprise = Organisation.objects.get(credit_code=CREDIT_CODE)
    assert enterprise.status == OrganisationStatus.ACTIVE and not enterprise.in_registry

    # … and the enterprise logs in with its credit code
    log_in(page, base, CREDIT_CODE.lower())
    expect(page.locator("#org-status")).to_contain_text("报送账号已启用")
    shot(page, "05-enterprise-home")

    # 2 the plan: created from the list page, then every section through its page
    nav(page, "质量控制计划")
    expect(page.locator("main")).to_contain_text("还没有质量控制计划")
    press(page.get_by_role("button", name="创建/修订"))

    section(page, "企业基本情况")
    todo = page.locator(".plan-nav li", has_text="生产设施")
    expect(todo.locator(".plan-nav-done")).to_have_count(0)  # nothing to check before a unit
    expect(page.locator(".locked-card")).to_contain_text(NAME)
    expect(page.locator(".locked-card")).to_contain_text(CREDIT_CODE)
    form = page.locator("form.plan-form")
    expect(field(form, "联系人")).to_have_value("陈志远")  # from the registration
    field(form, "排污许可证号").fill(PERMIT)
    field(form, "注册地址").fill("江苏省南京市建邺区江东中路88号")
    field(form, "生产经营场所地址").fill("江苏省南京市栖霞区滨江大道18号")
    field(form, "城市").fill("南京市")
    field(form, "区县").fill("栖霞区")
    field(form, "邮政编码").fill("210038")
    field(form, "企业注册日期").fill("2009-03-18")
    field(form, "注册资本（万元人民币）").fill("86000")
    field(form, "单位性质").select_option(label="国有企业")
    field(form, "法定代表人").fill("周建国")
    field(form, "行业代码").fill("4412")
    field(form, "发电设施纬度").fill("32.1821")
    field(form, "发电设施经度").fill("118.9315")
    field(form, "计划制定人").fill("陈志远")
    field(form, "联系人").fill("陈志远")
    field(form, "联系电话").fill("025-85550123")
    field(form, "电子邮箱").fill("chenzy@jlbj-power.cn")
    shot(page, "06-basic")
    press(form.get_by_role("button", name="保存并下一步"))
    saved(page, "已保存")

    # 机组信息: three units; 1号 and 2号 (母管制) merged with a reason
    section(page, "机组信息")
    expect(
        page.locator(".plan-nav li", has_text="企业基本情况").locator(".plan-nav-done")
    ).to_be_visible()
    add_unit(page, "1号机组", "常规燃煤机组", ["烟煤", "柴油"], "300")
    add_unit(page, "2号机组", "常规燃煤机组", ["烟煤", "柴油"], "330")
    add_unit(page, "3号机组", "循环流化床机组", ["烟煤", "柴油"], "350")
    page.locator("#merge summary").click()
    merge = page.locator("#merge form")
    merge.get_by_label(re.compile("^1号机组")).check()
    merge.get_by_label(re.compile("^2号机组")).check()
    merge.get_by_label("燃料消耗量无法分机组计量").check()
    field(merge, "合并填报原因").fill("1号、2号机组为母管制运行，入炉煤量无法分机组计量")
    press(merge.get_by_role("button", name="预览推导结果"))
    preview = page.locator(".merge-preview")
    expect(preview).to_contain_text("常规燃煤机组")
    expect(preview.locator("tr[data-condition=capacity_class]")).to_contain_text("相同")
    field(page.locator("#merge form"), "成员机组条件不同的说明").fill(
        "2号机组汽轮机与1号机组同型号（超高压、水冷），见机组运行规程"
    )
    expect(preview).to_contain_text("330")
    page.locator("#merge").scroll_into_view_if_needed()
    screenshot(page, "journey-07-units-merge-preview", full=False)
    press(page.locator("#merge form").get_by_role("button", name="确定合并填报"))
    saved(page, "已合并填报")
    merged_row = page.locator("tr.is-merged")
    expect(merged_row).to_contain_text(MERGED)
    expect(merged_row).to_contain_text("330")
    expect(page.locator("table.unit-table tbody tr", has_text="3号机组")).to_contain_text(
        "循环流化床"
    )
    shot(page, "08-units")
    press(page.get_by_role("link", name="下一步：生产设施 →"))

    # 生产设施: boiler, turbine and generator of 1号, the boilers of 2号 and 3号
    section(page, "生产设施")
    add_facility(page, "1号机组", "锅炉", "MF0001", "1号锅炉", 锅炉类型="煤粉锅炉",
                 型号="SG-1025/17.5-M", **{"生产能力（t/h）": "1025"})  # fmt: skip
    add_facility(page, "1号机组", "汽轮机", "MF0002", "1号汽轮机", 汽轮机类型="抽凝式",
                 型号="C300-16.7/0.98/537/537", 压力参数="亚临界", 排汽冷却方式="水冷",
                 **{"额定功率（MW）": "300"})  # fmt: skip
    add_facility(page, "1号机组", "发电机", "MF0003", "1号发电机", 型号="QFSN-300-2",
                 **{"额定功率（MW）": "300"})  # fmt: skip
    add_facility(page, "2号机组", "锅炉", "MF0004", "2号锅炉", 锅炉类型="煤粉锅炉",
                 型号="SG-1025/17.5-M", **{"生产能力（t/h）": "1025"})  # fmt: skip
    add_facility(page, "3号机组", "锅炉", "MF0005", "3号锅炉", 锅炉类型="循环流化床锅炉",
                 型号="DG1177/17.4-II", **{"生产能力（t/h）": "1177"})  # fmt: skip
    shot(page, "09-facilities")
    press(page.get_by_role("link", name="下一步：主营产品及生产工艺 →"))

    # 主营产品及生产工艺: one product per reporting row (the merged row and 3号机组)
    section(page, "主营产品及生产工艺")
    selects = page.locator("select[name$='-main_product']")
    expect(selects).to_have_count(2)
    for i in range(2):
        selects.nth(i).select_option(label="电能+热能")
    field(page, "生产工艺的详细描述").fill(
        "原煤经输煤系统送入煤粉锅炉和循环流化床锅炉燃烧，产生的蒸汽驱动汽轮发电机组发电，"
        "抽汽经供热首站向工业园区供热。"
    )
    shot(page, "10-products")
    press(page.get_by_role("button", name="保存并下一步"))
    saved(page, "已保存")

    # 核算边界
    section(page, "核算边界的描述")
    locations = page.locator("input[name$='-location']")
    expect(locations).to_have_count(5)
    for i, place in enumerate(["一期主厂房锅炉间", "一期主厂房汽机间", "一期主厂房汽机间",
                               "一期主厂房锅炉间", "二期锅炉房"]):  # fmt: skip
        locations.nth(i).fill(place)
    field(page, "核算边界的详细描述").fill(
        "核算边界为厂区内1号至3号机组的锅炉、汽轮机、发电机及其辅助系统，不含厂外供热管网。"
    )
    shot(page, "11-boundary")
    press(page.get_by_role("button", name="保存并下一步"))
    saved(page, "已保存")

    # 数据的确定方式: fill 3号机组's rows, then 同步填报 them to the merged row
    section(page, "数据的确定方式")
    expect(page.locator(".unit-tabs a[aria-current=page]")).to_have_text("3号机组")
    measured = page.locator("tbody.method").filter(
        has=page.locator("select[name$='-method_type'] option[value=measured]:checked")
    )
    expect(measured.first).to_be_visible()
    measured.first.locator("input[name$='-frequency']").fill("每日")
    n_measured = measured.count()
    for i in range(n_measured):
        row = measured.nth(i)
        row.locator("input[name$='-device_model']").fill(f"计量装置 JL-{i + 1:02d}")
    page.locator("#sync summary").click()
    field(page.locator("#sync"), MERGED).check()
    shot(page, "12-methods-sync")
    press(page.get_by_role("button", name="保存并同步填报"))
    saved(page, f"同步到：{MERGED}")
    press(page.locator(".unit-tabs").get_by_role("link", name=MERGED))
    expect(page.locator(".unit-tabs a[aria-current=page]")).to_have_text(MERGED)
    copied = page.locator("input[name$='-frequency']")
    expect(copied.first).to_have_value("每日")
    devices = page.locator("input[name$='-device_model'][value^='计量装置 JL-']")
    expect(devices).to_have_count(n_measured)
    page.locator(".unit-tabs").scroll_into_view_if_needed()
    screenshot(page, "journey-13-methods-merged", full=False)
    press(page.get_by_role("button", name="保存并下一步"))

    # 数据内部质量控制
    section(page, "数据内部质量控制")
    field(page, "数据内部质量控制和质量保证相关规定").fill(
        "一、生产技术部负责本计划的制定、修订和执行，总工程师审批。\n"
        "二、燃料部指定专人负责入炉煤计量、采样、制样和化验数据的记录与报送。\n"
        "三、每季度开展一次内部评估；原始记录、检测报告和台账保存五年以上。"
    )
    shot(page, "14-qa")
    press(page.get_by_role("button", name="保存并下一步"))
    saved(page, "已保存")

    # 附件: the three required files
    section(page, "上传附件")
    for kind, name, data in [("org_chart", "组织机构图.png", PNG),
                             ("site_plan", "厂区平面分布图.pdf", PDF),
                             ("process_flow", "生产工艺流程图.png", PNG)]:  # fmt: skip
        path = tmp_path / name
        path.write_bytes(data)
        row = page.locator(f"#attachment-{kind}")
        row.locator("input[type=file]").set_input_files(path)
        press(row.get_by_role("button", name="上传"))
        saved(page, "已上传")
        expect(page.locator(f"#attachment-{kind}")).to_contain_text(name)
    expect(page.locator(".plan-nav-done")).to_have_count(8)  # every section complete
    shot(page, "15-attachments")

    # the list shows the draft; 提交 from there
    press(page.locator(".breadcrumbs").get_by_role("link", name="数据质量控制计划"))
    expect(plan_state(page, 1)).to_have_text("草稿")
    shot(page, "16-list-draft")
    press(list_row(page, 1).get_by_role("link", name="提交"))
    expect(page.locator("main")).to_contain_text("提交后不能修改")
    shot(page, "17-submit")
    press(page.get_by_role("button", name="确认提交"))
    saved(page, "已提交")
    nav(page, "质量控制计划")
    expect(plan_state(page, 1)).to_have_text("已提交")
    version = enterprise.plan_versions.get()
    assert version.state == PlanState.SUBMITTED

    # 3 the reviewer, in the other browser, returns it with a comment
    nav(authority, "计划审核")
    expect(authority.locator("#waiting-count")).to_have_text("1")
    review_row = authority.locator("table.review-table tbody tr", has_text=NAME)
    expect(review_row).to_contain_text("已提交")
    shot(authority, "18-review-list")
    press(review_row.get_by_role("link", name=NAME))
    expect(authority.locator("#units")).to_contain_text(MERGED)
    expect(authority.locator("#facilities")).to_contain_text("C300-16.7/0.98/537/537")
    shot(authority, "19-review-detail")
    authority.get_by_label("审核意见").fill(RETURN_TEXT)
    press(authority.get_by_role("button", name="退回补正"))
    expect(authority.locator("#version-state")).to_have_text("退回补正")
    expect(authority.locator("#comments")).to_contain_text(RETURN_TEXT)
    authority.locator("#actions").scroll_into_view_if_needed()
    screenshot(authority, "journey-20-review-returned", full=False)

    # 4 the enterprise sees the state and the comment, fixes the plan, submits it again
    page.reload()
    expect(plan_state(page, 1)).to_have_text("退回补正")
    shot(page, "21-list-returned")
    press(list_row(page, 1).get_by_role("link", name="意见"))
    expect(page.locator(".comment-return")).to_contain_text(RETURN_TEXT)
    shot(page, "22-comments")
    page.go_back()
    press(list_row(page, 1).get_by_role("link", name="编辑"))
    expect(page.locator(".alert", has_text="主管部门退回补正意见")).to_contain_text(RETURN_TEXT)
    press(page.locator(".plan-nav").get_by_role("link", name="核算边界的描述"))
    section(page, "核算边界的描述")
    turbine = page.locator("tr", has_text="1号汽轮机").locator("input[name$='-location']")
    turbine.fill("汽机间 12.6 m 层 B–C 轴")
    description = field(page, "核算边界的详细描述")
    description.fill(
        description.input_value() + "入炉煤机械采样装置位于 C3 皮带头部，每台锅炉各 1 套。"
    )
    shot(page, "23-boundary-fixed")
    press(page.get_by_role("button", name="保存", exact=True))
    saved(page, "已保存")
    press(page.locator(".plan-head").get_by_role("link", name=re.compile("^提交")))
    press(page.get_by_role("button", name="确认提交"))
    saved(page, "已提交")
    nav(page, "质量控制计划")
    expect(plan_state(page, 1)).to_have_text("已提交")

    # 5 the reviewer approves
    authority.reload()
    expect(authority.locator("#version-state")).to_have_text("已提交")
    expect(authority.locator("#submissions tbody tr")).to_have_count(2)
    expect(authority.locator("#boundary")).to_contain_text("C3 皮带头部")
    authority.get_by_label("审核意见").fill(APPROVE_TEXT)
    press(authority.get_by_role("button", name="审核通过"))
    expect(authority.locator("#version-state")).to_have_text("已通过")
    authority.locator("#actions").scroll_into_view_if_needed()
    screenshot(authority, "journey-24-review-approved", full=False)
    authority.locator("#audit summary").click()
    audit = authority.locator("#audit")
    expect(audit.locator("tr[data-action='plan.approve']")).to_contain_text("王审核")
    expect(audit.locator("tr[data-action='plan.return']")).to_contain_text(RETURN_TEXT)
    audit.evaluate("e => { e.scrollIntoView(); window.scrollBy(0, -90); }")  # under the sticky nav
    screenshot(authority, "journey-25-review-audit", full=False)

    page.reload()
    expect(plan_state(page, 1)).to_have_text("已通过")
    shot(page, "26-list-approved")

    # 6 a revision with a ground from the guide's list; 3号机组's capacity changes
    press(page.get_by_role("link", name="创建/修订"))
    page.get_by_label(REVISION_REASON).check()
    field(page, "修订说明").fill("3号机组锅炉增容改造，重新核定装机容量")
    shot(page, "27-revise")
    press(page.get_by_role("button", name="创建第2版"))
    expect(page.locator(".plan-version")).to_have_text("第2版")
    expect(page.locator(".plan-meta")).to_contain_text(REVISION_REASON)
    press(page.locator(".plan-nav").get_by_role("link", name="机组信息"))
    unit_row = page.locator("table.unit-table tbody tr", has_text="3号机组")
    press(unit_row.get_by_role("link", name="编辑"))
    field(page.locator("#unit-form"), "装机容量（MW）").fill("360")
    press(page.locator("#unit-form").get_by_role("button", name="保存", exact=True))
    saved(page, "已保存")
    expect(page.locator("table.unit-table tbody tr", has_text="3号机组")).to_contain_text("360")
    shot(page, "28-revision-units")

    nav(page, "质量控制计划")
    expect(plan_state(page, 2)).to_have_text("草稿")
    expect(plan_state(page, 1)).to_have_text("已通过")
    press(page.get_by_role("link", name="修订记录"))
    field(page, "旧版本").select_option(label="第1版 · 已通过")
    field(page, "新版本").select_option(label="第2版 · 草稿")
    press(page.get_by_role("button", name="比较"))
    expect(page.get_by_role("heading", name="第1版 → 第2版")).to_be_visible()
    change = page.locator("table.diff-table tr", has_text="装机容量（MW）")
    expect(change).to_have_count(1)
    expect(change.locator("th")).to_contain_text("3号机组")
    expect(change.locator(".diff-old")).to_have_text("350")
    expect(change.locator(".diff-new")).to_have_text("360")
    expect(page.locator("main")).to_contain_text(REVISION_REASON)
    shot(page, "29-diff")

    # what the database says afterwards
    enterprise.refresh_from_db()
    assert enterprise.status == OrganisationStatus.ACTIVE and not enterprise.in_registry
    assert enterprise.plan_versions.get(number=1).basic.permit_number == PERMIT
    first, second = enterprise.plan_versions.order_by("number")
    assert first.state == PlanState.APPROVED
    assert first.submissions.count() == 2
    assert list(first.comments.order_by("created_at", "id").values_list("kind", "text")) == [
        (CommentKind.RETURN, RETURN_TEXT),
        (CommentKind.APPROVE, APPROVE_TEXT),
    ]
    assert "C3 皮带头部" in first.boundary_description
    assert second.state == PlanState.DRAFT and second.based_on_id == first.pk
    assert second.get_revision_reason_display() == REVISION_REASON
    assert PlanUnit.objects.get(version=second, name="3号机组").capacity_mw == 360
    assert PlanUnit.objects.get(version=first, name="3号机组").capacity_mw == 350
    merged = PlanUnit.objects.get(version=first, is_merged=True)
    assert merged.members.count() == 2 and "母管制" in merged.merge_reason
