"""A new 质量控制计划 filled section by section in a real headless Chromium, two units merged,
the three attachments uploaded and the version submitted.

Debian's /usr/bin/chromium (never `playwright install`). The session cookie comes from
``client.force_login``, so this does not depend on the login page. Screenshots of every section
land in test-artifacts/screenshots/plan-<section>.png for a human to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tanhe.plans import services
from tanhe.plans.models import PlanState

from ..conftest import SHOTS, new_context
from .conftest import PDF, PNG, complete_plan

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable")]


@pytest.fixture
def version(filer, enterprise):
    return services.create_plan(actor=filer, enterprise=enterprise)


@pytest.fixture
def page(browser: Browser, live_server, filer) -> Iterator[Page]:
    """A tab logged in as the enterprise's reporting account."""
    context = new_context(browser, live_server, filer)
    tab = context.new_page()
    tab.on("dialog", lambda dialog: dialog.accept())
    yield tab
    context.close()


def field(scope: Page | Locator, label: str) -> Locator:
    """The control labelled ``label`` (labels of required fields start with a hidden "*")."""
    return scope.get_by_label(re.compile(rf"^\*?{re.escape(label)}$"))


def shot(page: Page, name: str) -> None:
    page.evaluate("window.scrollTo(0, 0)")  # the side navigation is sticky
    page.screenshot(path=SHOTS / f"plan-{name}.png", full_page=True)


def saved(page: Page, text: str = "已") -> None:
    """The page after a successful change says so (a status message)."""
    expect(page.get_by_role("status").filter(has_text=text).first).to_be_visible()


def press(button: Locator) -> None:
    """Click a submit button and wait for the next page."""
    with button.page.expect_navigation():
        button.click()


def add_unit(page: Page, name: str, unit_type: str, subtype: str, fuel_type: str,
             fuels: list[str], capacity: str) -> None:  # fmt: skip
    form = page.locator("#unit-form")
    field(form, "机组名称").fill(name)
    field(form, "机组类型").select_option(unit_type)
    if subtype:
        field(form, "机组类型细分").select_option(subtype)
    field(form, "发电燃料类型").select_option(fuel_type)
    for fuel in fuels:
        form.get_by_label(fuel, exact=True).check()
    field(form, "装机容量（MW）").fill(capacity)
    field(form, "数据来源").select_option("nameplate")
    press(form.get_by_role("button", name="新增机组"))
    saved(page)
    expect(page.locator("table.unit-table")).to_contain_text(name)


def add_facility(page: Page, unit: str, category: str, code: str, name: str,
                 **fields: str) -> None:  # fmt: skip
    form = page.locator("#facility-form")
    field(form, "机组名称").select_option(label=unit)
    field(form, "生产设施类别").select_option(category)
    field(form, "生产设施编号").fill(code)
    field(form, "生产设施名称").fill(name)
    for label, value in fields.items():
        control = field(form, label)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    press(form.get_by_role("button", name="新增生产设施"))
    saved(page)
    expect(page.locator("#facility-form input[name=code]")).not_to_have_value(code)


def go(page: Page, section: str) -> None:
    page.locator(".plan-nav").get_by_role("link", name=section).click()
    expect(page.locator("#section-title")).to_have_text(section)


def test_fill_every_section_merge_upload_and_submit(page: Page, live_server, enterprise,
                                                    tmp_path):  # fmt: skip
    page.goto(live_server.url + "/plans/")
    expect(page.get_by_role("heading", level=1)).to_have_text("数据质量控制计划")
    expect(page.locator("main")).to_contain_text("还没有质量控制计划")
    page.get_by_role("button", name="创建/修订").click()

    # 1 企业基本情况
    expect(page.locator("#section-title")).to_have_text("企业基本情况")
    expect(page.locator("main")).to_contain_text("来自排放单位名录，如需更正请联系主管部门")
    form = page.locator("form.plan-form")
    field(form, "企业注册日期").fill("2005-06-01")
    field(form, "发电设施纬度").fill("32.1547")
    field(form, "发电设施经度").fill("118.9061")
    field(form, "计划制定人").fill("李工")
    field(form, "联系人").fill("李工")
    field(form, "联系电话").fill("025-12345678")
    field(form, "电子邮箱").fill("li@example.com")
    press(form.get_by_role("button", name="保存", exact=True))
    saved(page)
    shot(page, "basic")
    # 提交 now lists what is missing, by section, with links
    page.locator(".plan-head").get_by_role("link", name=re.compile("^提交")).click()
    problems = page.locator("#problems")
    expect(problems).to_contain_text("至少需要一台机组")
    expect(problems).to_contain_text("请上传组织机构图")
    shot(page, "submit-problems")
    page.get_by_role("link", name="去填写：机组信息").click()

    # 2 机组信息: three units, then 1号 and 2号 merged (母管制)
    expect(page.locator("#section-title")).to_have_text("机组信息")
    unit_form = page.locator("#unit-form")
    field(unit_form, "机组类型").select_option("gas")
    expect(field(unit_form, "机组类型细分")).to_have_value("none")  # "/" for gas units
    field(unit_form, "发电燃料类型").select_option("gas")
    expect(field(unit_form, "烟煤")).to_be_hidden()
    expect(field(unit_form, "天然气")).to_be_visible()
    add_unit(page, "1号机组", "coal", "conventional", "coal", ["烟煤", "柴油"], "300")
    add_unit(page, "2号机组", "coal", "unconventional", "coal", ["煤矸石"], "350")
    add_unit(page, "3号机组", "gas", "", "gas", ["天然气"], "460")
    # a bad capacity is refused with the service's message
    field(unit_form, "机组名称").fill("4号机组")
    field(unit_form, "装机容量（MW）").fill("六百")
    unit_form.get_by_role("button", name="新增机组").click()
    expect(page.locator("#unit-form")).to_contain_text("装机容量只能填写数字（“六百”）")
    page.locator("#unit-form").scroll_into_view_if_needed()
    page.locator("#unit-form").screenshot(path=SHOTS / "plan-units-errors.png")
    go(page, "机组信息")

    page.locator("#merge summary").click()
    merge = page.locator("#merge form")
    expect(page.locator("#merge")).to_contain_text("汽轮机排汽冷却方式相同")
    merge.get_by_label(re.compile("^1号机组")).check()
    merge.get_by_label(re.compile("^2号机组")).check()
    merge.get_by_label("燃料消耗量无法分机组计量").check()
    field(merge, "合并填报原因").fill("母管制，燃料消耗量无法分机组计量")
    merge.get_by_role("button", name="预览推导结果").click()
    preview = page.locator(".merge-preview")
    expect(preview).to_contain_text("常规燃煤机组")
    # the conditions side by side: nothing entered yet for boilers and turbines
    expect(preview.locator("tr[data-condition=boiler]")).to_contain_text("待填报生产设施")
    field(page.locator("#merge form"), "成员机组条件不同的说明").fill(
        "两台机组为同型号，锅炉和汽轮机见机组运行规程"
    )
    expect(preview).to_contain_text("350")
    press(page.locator("#merge form").get_by_role("button", name="确定合并填报"))
    saved(page, "已合并填报")
    merged_row = page.locator("tr.is-merged")
    expect(merged_row).to_contain_text("合并填报（1号机组、2号机组）")
    expect(merged_row).to_contain_text("燃煤机组")
    expect(merged_row).to_contain_text("常规燃煤机组")
    expect(merged_row).to_contain_text("350")
    expect(merged_row).to_contain_text("1号机组、2号机组")
    shot(page, "units")
    page.get_by_role("link", name="下一步：生产设施 →").click()

    # 3 生产设施
    expect(page.locator("#section-title")).to_have_text("生产设施")
    facility_form = page.locator("#facility-form")
    field(facility_form, "生产设施类别").select_option("turbine")
    field(facility_form, "汽轮机类型").select_option("back_pressure")
    expect(field(facility_form, "排汽冷却方式")).to_be_hidden()
    expect(field(facility_form, "生产能力（t/h）")).to_be_hidden()
    add_facility(page, "1号机组", "boiler", "MF0001", "1号锅炉", 锅炉类型="煤粉锅炉",
                 型号="HG-1025/17.5", **{"生产能力（t/h）": "1025"})  # fmt: skip
    add_facility(page, "1号机组", "turbine", "MF0002", "1号汽轮机", 汽轮机类型="condensing",
                 型号="N300-16.7/537/537", 压力参数="subcritical", 排汽冷却方式="water",
                 **{"额定功率（MW）": "300"})  # fmt: skip
    add_facility(page, "1号机组", "generator", "MF0003", "1号发电机", 型号="QFSN-300-2",
                 **{"额定功率（MW）": "300"})  # fmt: skip
    add_facility(page, "2号机组", "boiler", "MF0004", "2号锅炉", 锅炉类型="循环流化床锅炉",
                 型号="DG1177/17.4", **{"生产能力（t/h）": "1177"})  # fmt: skip
    add_facility(page, "3号机组", "other", "MF0005", "3号燃气轮机",
                 设施说明="9F 级燃气-蒸汽联合循环，视为一台机组")  # fmt: skip
    shot(page, "facilities")
    page.get_by_role("link", name="下一步：主营产品及生产工艺 →").click()

    # 4 主营产品及生产工艺 (per reporting unit: the merged row and 3号机组)
    expect(page.locator("#section-title")).to_have_text("主营产品及生产工艺")
    selects = page.locator("select[name$='-main_product']")
    expect(selects).to_have_count(2)
    selects.nth(0).select_option("electricity_heat")
    selects.nth(1).select_option("electricity")
    field(page, "生产工艺的详细描述").fill(
        "原煤经输煤系统进入煤粉锅炉燃烧产生蒸汽，驱动汽轮发电机组发电，抽汽对外供热；"
        "燃气机组为燃气-蒸汽联合循环。"
    )
    press(page.get_by_role("button", name="保存", exact=True))
    saved(page)
    shot(page, "products")
    page.get_by_role("button", name="保存并下一步").click()

    # 5 核算边界的描述
    expect(page.locator("#section-title")).to_have_text("核算边界的描述")
    locations = page.locator("input[name$='-location']")
    expect(locations).to_have_count(5)
    for i, place in enumerate(["主厂房锅炉间", "主厂房汽机间", "主厂房汽机间", "二期锅炉间",
                               "燃机厂房"]):  # fmt: skip
        locations.nth(i).fill(place)
    field(page, "核算边界的详细描述").fill(
        "核算边界为厂区内1号至3号机组的锅炉、汽轮机、发电机、燃气轮机及其辅助系统。"
    )
    press(page.get_by_role("button", name="保存", exact=True))
    saved(page)
    shot(page, "boundary")
    page.get_by_role("button", name="保存并下一步").click()

    # 6 数据的确定方式: fill the merged row, 同步填报 to 3号机组, complete 3号's own fuel rows
    expect(page.locator("#section-title")).to_have_text("数据的确定方式")
    expect(page.locator(".unit-tabs a[aria-current=page]")).to_have_text("3号机组")  # first row
    page.locator(".unit-tabs").get_by_role("link", name="合并填报（1号机组、2号机组）").click()
    expect(page.locator(".unit-tabs a[aria-current=page]")).to_contain_text("合并填报")
    devices = page.locator("input[name$='-device_model']")
    for i in range(devices.count()):
        devices.nth(i).fill(f"计量装置 JL-{i + 1:02d}")
    page.locator("input[name$='-frequency']").first.fill("每日")
    page.locator("#sync summary").click()
    field(page.locator("#sync"), "3号机组").check()
    press(page.get_by_role("button", name="保存并同步填报"))
    saved(page, "同步到：3号机组")
    shot(page, "methods")
    page.locator(".unit-tabs").get_by_role("link", name="3号机组").click()
    expect(page.locator(".unit-tabs a[aria-current=page]")).to_have_text("3号机组")
    empty = page.locator("input[name$='-device_model']")
    synced = [empty.nth(i).input_value() for i in range(empty.count())]
    assert any(value.startswith("计量装置 JL-") for value in synced)  # copied from the merged row
    for i in range(empty.count()):
        if not empty.nth(i).input_value():
            empty.nth(i).fill("天然气流量计 FT-01")
    page.get_by_role("button", name="保存并下一步").click()

    # 7 数据内部质量控制
    expect(page.locator("#section-title")).to_have_text("数据内部质量控制")
    field(page, "数据内部质量控制和质量保证相关规定").fill(
        "一、生产技术部负责本计划的制定、修订和执行，总工程师审批。\n"
        "二、指定专人负责数据的收集、记录和报送。\n三、每季度开展一次内部评估。\n"
        "四、原始记录、检测报告和台账保存五年以上。"
    )
    press(page.get_by_role("button", name="保存", exact=True))
    saved(page)
    shot(page, "qa")
    page.get_by_role("button", name="保存并下一步").click()

    # 8 上传附件: a fake picture is refused; the three required files are uploaded
    expect(page.locator("#section-title")).to_have_text("上传附件")
    fake = tmp_path / "组织机构图.png"
    fake.write_bytes(b"MZ\x90\x00 not a picture")
    row = page.locator("#attachment-org_chart")
    row.locator("input[type=file]").set_input_files(fake)
    row.get_by_role("button", name="上传").click()
    expect(page.locator("#attachment-org_chart")).to_contain_text("此处只接受")
    for kind, name, data in [("org_chart", "组织机构图.png", PNG),
                             ("site_plan", "厂区平面分布图.pdf", PDF),
                             ("process_flow", "生产工艺流程图.png", PNG)]:  # fmt: skip
        path = tmp_path / name
        path.write_bytes(data)
        row = page.locator(f"#attachment-{kind}")
        row.locator("input[type=file]").set_input_files(path)
        press(row.get_by_role("button", name="上传"))
        saved(page)
        expect(page.locator(f"#attachment-{kind}")).to_contain_text(name)
    expect(page.locator("td.sha").first).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    shot(page, "attachments")
    expect(page.locator(".plan-nav-done")).to_have_count(8)  # every section complete

    # 提交
    page.get_by_role("link", name="提交", exact=True).click()
    expect(page.locator("main")).to_contain_text("提交后不能修改")
    shot(page, "submit")
    press(page.get_by_role("button", name="确认提交"))
    saved(page, "已提交")
    version = enterprise.plan_versions.get()
    assert version.state == PlanState.SUBMITTED
    expect(page.locator("main")).to_contain_text("合并填报（1号机组、2号机组）")
    shot(page, "view")

    # the submitted version opens read-only
    page.goto(live_server.url + f"/plans/{version.pk}/edit/units/")
    expect(page.locator(".alert-frozen")).to_contain_text("不能修改")
    expect(page.locator("#unit-form")).to_have_count(0)
    shot(page, "frozen")
    page.goto(live_server.url + "/plans/")
    expect(page.locator("table.plan-list")).to_contain_text("已提交")
    shot(page, "list")


def test_revise_an_approved_plan_and_compare(page: Page, live_server, filer, reviewer, version):
    complete_plan(filer, version)
    services.submit(actor=filer, version=version)
    services.approve(actor=reviewer, version=version, text="同意备案。")

    page.goto(live_server.url + "/plans/")
    page.get_by_role("link", name="意见").click()
    expect(page.locator(".comment")).to_contain_text("同意备案。")
    shot(page, "comments")

    page.goto(live_server.url + "/plans/")
    page.get_by_role("link", name="创建/修订").click()
    page.get_by_label("其他（请说明）").check()
    press(page.get_by_role("button", name="创建第2版"))
    expect(page.locator(".field-error")).to_have_text("修订原因为“其他”时须说明")
    page.get_by_label("采用新的测量仪器和方法，使数据的准确度提高").check()
    field(page, "修订说明").fill("1号机组增容改造后重新核定装机容量")
    shot(page, "revise")
    press(page.get_by_role("button", name="创建第2版"))
    expect(page.locator(".plan-version")).to_have_text("第2版")
    expect(page.locator(".plan-meta")).to_contain_text("监测计划修订")

    go(page, "机组信息")
    page.locator("table.unit-table tr", has_text="1号机组").get_by_role("link", name="编辑").click()
    field(page.locator("#unit-form"), "装机容量（MW）").fill("680")
    press(page.locator("#unit-form").get_by_role("button", name="保存"))
    saved(page)

    page.goto(live_server.url + "/plans/")
    page.get_by_role("link", name="修订记录").click()
    expect(page.get_by_role("heading", name="第1版 → 第2版")).to_be_visible()
    row = page.locator("table.diff-table tr", has_text="装机容量（MW）")
    expect(row.locator(".diff-old")).to_have_text("660")
    expect(row.locator(".diff-new")).to_have_text("680")
    expect(page.locator("main")).to_contain_text("采用新的测量仪器和方法，使数据的准确度提高")
    shot(page, "diff")


def test_the_merge_page_refuses_an_ineligible_merge_until_it_is_explained(
    page: Page, live_server, filer, version
):
    """seed 000 机组信息 说明 / 核查技术指南 表3: a CFB 135 MW air-cooled unit and a conventional 660 MW
    water-cooled one are refused side by side, each differing condition marked; with the
    enterprise's explanation they merge."""
    from .test_merge_eligibility import CFB_135_AIR, CONVENTIONAL_660_WATER, _facilities

    a = services.add_unit(actor=filer, version=version, data=CFB_135_AIR)
    b = services.add_unit(actor=filer, version=version, data=CONVENTIONAL_660_WATER)
    _facilities(filer, a, boiler="循环流化床锅炉", pressure="high", cooling="air", n=1)
    _facilities(filer, b, boiler="煤粉锅炉", pressure="ultra_supercritical", cooling="water", n=2)
    page.goto(f"{live_server.url}/plans/{version.pk}/edit/units/")
    page.locator("#merge summary").click()
    merge = page.locator("#merge form")
    merge.get_by_label(re.compile("^1号机组")).check()
    merge.get_by_label(re.compile("^2号机组")).check()
    merge.get_by_label("燃料消耗量无法分机组计量").check()
    field(merge, "合并填报原因").fill("母管制，燃料消耗量无法分机组计量")
    press(merge.get_by_role("button", name="确定合并填报"))
    table = page.locator("#merge-conditions")
    expect(page.locator("#merge")).to_contain_text("不满足合并填报条件")
    for condition in ("pressure", "capacity_class", "boiler", "cooling"):
        expect(table.locator(f"tr.differs[data-condition={condition}]")).to_contain_text("不同")
    expect(table.locator("tr[data-condition=boiler]")).to_contain_text("流化床锅炉")
    expect(table.locator("tr[data-condition=cooling]")).to_contain_text("空冷")
    page.locator("#merge").scroll_into_view_if_needed()
    page.locator("#merge").screenshot(path=SHOTS / "plan-merge-refused.png")
    assert not version.units.filter(is_merged=True).exists()
    field(page.locator("#merge form"), "成员机组条件不同的说明").fill(
        "两台机组共用输煤系统，无法分开计量"
    )
    press(page.locator("#merge form").get_by_role("button", name="确定合并填报"))
    saved(page, "已合并填报")
    assert version.units.get(is_merged=True).merge_exception == "两台机组共用输煤系统，无法分开计量"
