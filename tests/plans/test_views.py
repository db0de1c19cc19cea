"""The enterprise's 质量控制计划 pages: access, every section's forms, merge, sync, attachments,
submission, frozen versions, revision and 修订记录."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.urls import reverse

from tanhe.accounts.models import Role
from tanhe.plans import services
from tanhe.plans.models import PlanState, PlanUnit
from tanhe.plans.services import METHOD_FIELDS

from .conftest import COAL_UNIT, PDF, PNG, complete_plan, make_user

pytestmark = pytest.mark.django_db
SECTIONS = ("basic", "units", "facilities", "products", "boundary", "methods", "qa", "attachments")


@pytest.fixture
def login_url(settings):
    """Where anonymous users are sent (the accounts app's login page)."""
    return resolve_url(settings.LOGIN_URL)


@pytest.fixture
def version(filer, enterprise):
    return services.create_plan(actor=filer, enterprise=enterprise)


@pytest.fixture
def owner(client, filer):
    client.force_login(filer)
    return client


@pytest.fixture
def submitted(filer, version):
    complete_plan(filer, version)
    services.submit(actor=filer, version=version)
    version.refresh_from_db()
    return version


def edit_url(version, section: str) -> str:
    return reverse("plans:edit", args=[version.pk, section])


def action_url(name: str, version, *ids) -> str:
    """Where one of the editor's forms posts (``plans:unit_add``, ``plans:unit_delete`` …)."""
    return reverse(f"plans:{name}", args=[version.pk, *(getattr(i, "pk", i) for i in ids)])


def html(response) -> str:
    return response.content.decode()


def version_pages(version) -> list[str]:
    return [
        *(edit_url(version, s) for s in SECTIONS),
        reverse("plans:submit", args=[version.pk]),
        reverse("plans:view", args=[version.pk]),
        reverse("plans:comments", args=[version.pk]),
    ]


def unit_post(**overrides) -> dict:
    data = {"industry": "火力发电"} | COAL_UNIT | overrides
    return data


def method_post(unit, **changes) -> dict:
    """What the browser sends for a unit's methods page: every editable row as shown."""
    from tanhe.plans.display import is_fixed

    data = {}
    for method in unit.methods.all():
        if is_fixed(method):
            continue
        for field in METHOD_FIELDS:
            data[f"m{method.pk}-{field}"] = getattr(method, field)
    return data | changes


# -- access --------------------------------------------------------------------------------------
def test_every_page_renders_for_the_owner(owner, filer, version):
    complete_plan(filer, version)
    for url in [reverse("plans:list"), reverse("plans:create"), reverse("plans:diff")]:
        assert owner.get(url).status_code == 200, url
    for url in version_pages(version):
        response = owner.get(url)
        assert response.status_code == 200, url
    page = html(owner.get(edit_url(version, "units")))
    for label in ("企业基本情况", "机组信息", "生产设施", "主营产品及生产工艺", "核算边界的描述",
                  "数据的确定方式", "数据内部质量控制", "上传附件"):  # fmt: skip
        assert label in page
    assert "data-autosave" in page
    assert owner.get(edit_url(version, "nonsense")).status_code == 404


def test_pages_render_in_english(owner, filer, version):
    complete_plan(filer, version)
    owner.cookies["django_language"] = "en"
    for url in [reverse("plans:list"), reverse("plans:diff"), *version_pages(version)]:
        response = owner.get(url)
        assert response.status_code == 200, url
        assert 'lang="en"' in html(response), url


def test_list_shows_the_versions_with_their_actions(owner, version):
    page = html(owner.get(reverse("plans:list")))
    assert "数据质量控制计划" in page
    assert "监测计划备案" in page and "草稿" in page
    assert edit_url(version, "basic") in page
    assert reverse("plans:view", args=[version.pk]) in page
    assert reverse("plans:comments", args=[version.pk]) in page
    assert "修订记录" in page and "创建/修订" in page


def test_first_creation_from_the_list(owner, enterprise):
    page = html(owner.get(reverse("plans:list")))
    assert "还没有质量控制计划" in page
    response = owner.post(reverse("plans:create"))
    version = enterprise.plan_versions.get()
    assert response.status_code == 302
    assert response["Location"] == edit_url(version, "basic")
    assert (version.number, version.business_type) == (1, "filing")


def test_pending_enterprise_sees_why_it_cannot_file(owner, enterprise):
    enterprise.status = "pending"
    enterprise.save()
    page = html(owner.get(reverse("plans:list")))
    assert "贵单位尚未启用，暂不能创建和报送质量控制计划" in page
    assert "创建/修订</button>" not in page
    assert owner.post(reverse("plans:create")).status_code == 403
    assert not enterprise.plan_versions.exists()


def test_another_enterprise_gets_404(client, version, other_enterprise):
    client.force_login(other_enterprise.users.get())
    for url in version_pages(version):
        assert client.get(url).status_code == 404, url
    assert client.post(action_url("unit_add", version), unit_post()).status_code == 404
    assert client.post(reverse("plans:submit", args=[version.pk])).status_code == 404
    diff = reverse("plans:diff") + f"?a={version.pk}&b={version.pk}"
    assert client.get(diff).status_code == 404
    assert not version.units.exists()


def test_anonymous_is_sent_to_login(client, version, login_url):
    for url in [reverse("plans:list"), reverse("plans:create"), reverse("plans:diff"),
                *version_pages(version)]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(login_url + "?next="), url
    assert client.post(action_url("unit_add", version), unit_post()).status_code == 302
    assert not version.units.exists()


def test_authority_user_cannot_edit(client, reviewer, submitted, filer):
    client.force_login(reviewer)
    assert client.get(edit_url(submitted, "units")).status_code == 403
    response = client.post(action_url("unit_add", submitted), unit_post(name="9号机组"))
    assert response.status_code == 403
    assert client.post(reverse("plans:submit", args=[submitted.pk])).status_code == 403
    assert client.get(reverse("plans:list")).status_code == 403
    # … but may read the version and its history
    assert client.get(reverse("plans:view", args=[submitted.pk])).status_code == 200
    assert client.get(reverse("plans:comments", args=[submitted.pk])).status_code == 200
    assert submitted.units.count() == 1


def test_enterprise_account_of_no_enterprise_is_refused(client, authority):
    stranger = make_user(authority, "js-admin", Role.AUTHORITY_ADMIN)
    client.force_login(stranger)
    assert client.get(reverse("plans:create")).status_code == 403
    assert client.get(reverse("plans:diff")).status_code == 403


# -- frozen versions -----------------------------------------------------------------------------
def test_a_submitted_version_is_read_only(owner, submitted):
    page = html(owner.get(edit_url(submitted, "units")))
    assert "已提交，正在等待主管部门审核，不能修改" in page
    assert 'name="action"' not in page and '<form method="post"' not in page
    assert "1号机组" in page  # the content is shown
    response = owner.post(action_url("unit_add", submitted), unit_post(name="9号机组"))
    assert response.status_code == 200
    assert "不能修改" in html(response)
    assert "alert-error" in html(response)
    response = owner.post(action_url("qa_save", submitted), {"qa_text": "改写"})
    assert "不能修改" in html(response)
    submitted.refresh_from_db()
    assert submitted.units.count() == 1
    assert submitted.qa_text == "由生产技术部负责计划的制定、修订和执行。"
    assert "提交后不能修改" not in html(owner.get(reverse("plans:submit", args=[submitted.pk])))


def test_an_approved_version_offers_a_revision(owner, submitted, reviewer):
    services.approve(actor=reviewer, version=submitted, text="同意备案")
    page = html(owner.get(edit_url(submitted, "basic")))
    assert "已通过审核，不能修改" in page
    assert reverse("plans:create") in page and "创建修订" in page
    comments = html(owner.get(reverse("plans:comments", args=[submitted.pk])))
    assert "同意备案" in comments and "审核通过" in comments
    assert submitted.submissions.get().sha256 in comments


def test_a_returned_version_shows_the_comment_and_is_editable(owner, submitted, reviewer):
    services.return_for_correction(actor=reviewer, version=submitted, text="请补充汽轮机信息")
    page = html(owner.get(edit_url(submitted, "facilities")))
    assert "请补充汽轮机信息" in page and "退回补正" in page
    assert f'action="{action_url("facility_add", submitted)}"' in page


# -- section forms -------------------------------------------------------------------------------
def test_basic_info_requires_fields_and_keeps_registry_fields(owner, version):
    url = edit_url(version, "basic")
    page = html(owner.get(url))
    assert "来自排放单位名录，如需更正请联系主管部门" in page
    assert "示例发电有限公司" in page and 'name="name"' not in page
    response = owner.post(action_url("basic_save", version),
                          {"city": "南京市", "postcode": "21004", "contact_email": "x"})  # fmt: skip
    page = html(response)
    assert response.status_code == 200
    assert "这个字段是必填项" in page
    assert "邮政编码应为 6 位数字" in page
    assert "有效的电子邮件地址" in page or "有效的 email" in page.lower()
    data = {
        "registration_date": "2005-06-01", "registered_capital": "120000", "nature": "state_owned",
        "legal_representative": "张三", "city": "南京市", "district": "栖霞区", "postcode": "210046",
        "industry_code": "4411", "latitude": "32.1", "longitude": "118.9", "plan_author": "李工",
        "contact_person": "李工", "contact_phone": "025-12345678", "contact_email": "li@example.com",
        "name": "改名有限公司", "then": "next",
    }  # fmt: skip
    response = owner.post(action_url("basic_save", version), data)
    assert response.status_code == 302 and response["Location"] == edit_url(version, "units")
    version.basic.refresh_from_db()
    assert version.basic.plan_author == "李工"
    assert version.basic.name == "示例发电有限公司"  # not editable here


def test_unit_messages_from_the_service_appear_next_to_the_fields(owner, version):
    url = edit_url(version, "units")
    bad = unit_post(capacity_mw="六百", subtype="", fuel_names=["natural_gas"])
    page = html(owner.post(action_url("unit_add", version), bad))
    assert "装机容量只能填写数字（“六百”）" in page
    assert "燃煤机组须选择类型细分" in page
    assert "燃料与发电燃料类型不符：天然气" in page
    assert not version.units.exists()
    response = owner.post(action_url("unit_add", version), unit_post())
    assert response.status_code == 302
    unit = version.units.get()
    assert unit.capacity_mw == 660 and unit.fuel_names == ["bituminous", "diesel"]
    page = html(owner.get(url))
    assert "烟煤、柴油" in page and "燃煤机组" in page and "常规燃煤机组" in page
    # edit and duplicate name
    owner.post(action_url("unit_add", version), unit_post(name="2号机组"))
    page = html(owner.post(action_url("unit_save", version, unit), unit_post(name="2号机组")))
    assert "机组名称“2号机组”已存在" in page
    owner.post(action_url("unit_save", version, unit), unit_post(capacity_mw="680"))
    unit.refresh_from_db()
    assert unit.capacity_mw == 680


def test_gas_unit_without_subtype_gets_slash(owner, version):
    owner.post(action_url("unit_add", version), unit_post(
        name="3号机组", unit_type="gas", subtype="", fuel_type="gas", fuel_names=["natural_gas"],
    ))  # fmt: skip
    assert version.units.get().subtype == "none"


def test_delete_unit(owner, filer, version):
    unit = services.add_unit(actor=filer, version=version, data=COAL_UNIT)
    response = owner.post(action_url("unit_delete", version, unit))
    assert response.status_code == 302
    assert not version.units.exists()


def test_merge_through_the_pages(owner, version):
    url = edit_url(version, "units")
    owner.post(action_url("unit_add", version), unit_post(capacity_mw="300"))
    owner.post(action_url("unit_add", version), unit_post(name="2号机组", subtype="unconventional", capacity_mw="350",
                              fuel_names=["coal_gangue"]))  # fmt: skip
    a, b = version.units.order_by("position")
    page = html(owner.get(url))
    assert "产出相同" in page and "汽轮机排汽冷却方式相同" in page and "母管制" in page
    # preview: the derived row before saving
    preview_url, merge_url = (
        action_url("units_merge_preview", version),
        action_url("units_merge", version),
    )
    preview = html(owner.post(preview_url, {"unit_ids": [a.pk, b.pk]}))
    assert "合并填报后" in preview
    assert re.search(r"机组类型细分</dt><dd>常规燃煤机组", preview)
    assert re.search(r"装机容量（MW）</dt><dd>350</dd>", preview)
    assert version.units.count() == 2
    # one unit is not enough; the reason is required
    page = html(owner.post(merge_url, {"unit_ids": [a.pk], "reason": "母管制"}))
    assert "合并填报至少选择两台机组" in page
    page = html(owner.post(merge_url, {"unit_ids": [a.pk, b.pk], "reason": " ", "cases": ["fuel"]}))
    assert "请说明合并填报的原因" in page
    page = html(owner.post(merge_url, {"unit_ids": [a.pk, b.pk], "reason": "母管制"}))
    assert "请选择哪项数据无法分机组计量" in page  # seed 000 a): the one case that merges
    response = owner.post(merge_url, {"unit_ids": [a.pk, b.pk], "cases": ["fuel"],
                                      "reason": "母管制，燃料消耗量无法分机组计量"})  # fmt: skip
    assert response.status_code == 302
    merged = version.units.get(is_merged=True)
    assert (merged.unit_type, merged.subtype, merged.capacity_mw) == ("coal", "conventional", 350)
    page = html(owner.get(url))
    assert "合并填报（1号机组、2号机组）" in page
    assert "已并入" in page and "由成员机组推导" in page
    assert "母管制，燃料消耗量无法分机组计量" in page
    # a member cannot be deleted while merged; the merged row can be undone
    page = html(owner.post(action_url("unit_delete", version, a), follow=True))
    assert "请先取消合并填报" in page
    owner.post(action_url("unit_unmerge", version, merged))
    assert not version.units.filter(is_merged=True).exists()
    assert PlanUnit.objects.get(pk=a.pk).merged_into is None


def test_facilities_by_category(owner, filer, version):
    unit = services.add_unit(actor=filer, version=version, data=COAL_UNIT)
    url = edit_url(version, "facilities")
    page = html(owner.get(url))
    assert 'value="MF0001"' in page  # the next code is suggested
    page = html(owner.post(action_url("facility_add", version), {
        "unit": unit.pk, "category": "turbine", "code": "T-1",
        "name": "1号汽轮机", "turbine_type": "condensing",
    }))  # fmt: skip
    assert "MF 加 4 位以上数字" in page
    assert "请填写汽轮机型号" in page and "请选择排汽冷却方式" in page
    # a back-pressure turbine needs no cooling; fields of other categories are dropped
    response = owner.post(action_url("facility_add", version), {
        "unit": unit.pk, "category": "turbine", "code": "MF0002",
        "name": "1号汽轮机", "turbine_type": "back_pressure", "model": "B25",
        "pressure_parameter": "high", "rated_power_mw": "25", "cooling": "water",
        "capacity_tph": "999",
    })  # fmt: skip
    assert response.status_code == 302
    turbine = version.facilities.get()
    assert (turbine.cooling, turbine.capacity_tph) == ("", None)
    page = html(owner.get(url))
    assert "背压式" in page and "高压" in page and "MF0003" in page
    response = owner.post(action_url("facility_save", version, turbine), {
        "category": "turbine",
        "code": "MF0002", "name": "1号汽轮机", "turbine_type": "condensing", "model": "N25",
        "pressure_parameter": "high", "rated_power_mw": "25", "cooling": "air",
    })  # fmt: skip
    assert response.status_code == 302
    turbine.refresh_from_db()
    assert (turbine.turbine_type, turbine.cooling) == ("condensing", "air")
    owner.post(action_url("facility_delete", version, turbine))
    assert not version.facilities.exists()


def test_products_and_boundary(owner, filer, version):
    unit = services.add_unit(actor=filer, version=version, data=COAL_UNIT)
    facility = services.add_facility(actor=filer, unit=unit, data={
        "category": "generator", "code": "MF0003", "name": "1号发电机", "model": "QFSN-660",
        "rated_power_mw": "660",
    })  # fmt: skip
    save = action_url("products_save", version)
    page = html(owner.post(save, {f"u{unit.pk}-main_product": "", "process_description": ""}))
    assert "请选择主要产品（电能 / 电能+热能）" in page
    assert "请填写生产工艺的详细描述" in page
    response = owner.post(save, {f"u{unit.pk}-main_product": "electricity_heat",
                                "process_description": "煤粉锅炉—汽轮机—发电机。"})  # fmt: skip
    assert response.status_code == 302
    unit.refresh_from_db()
    version.refresh_from_db()
    assert unit.main_product == "electricity_heat"
    assert version.process_description == "煤粉锅炉—汽轮机—发电机。"

    prefix = f"f{facility.pk}"
    save = action_url("boundary_save", version)
    page = html(owner.post(save, {f"{prefix}-location": "", f"{prefix}-in_boundary": "True",
                                 "boundary_description": ""}))  # fmt: skip
    assert "请填写设施安装位置" in page and "请填写核算边界的详细描述" in page
    response = owner.post(save, {f"{prefix}-location": "主厂房", f"{prefix}-in_boundary": "False",
                                f"{prefix}-remark": "备用", "boundary_description": "厂界内"})  # fmt: skip
    assert response.status_code == 302
    facility.refresh_from_db()
    assert (facility.location, facility.in_boundary, facility.remark) == ("主厂房", False, "备用")


def test_methods_and_sync_fill(owner, filer, version):
    a = services.add_unit(actor=filer, version=version, data=COAL_UNIT)
    b = services.add_unit(actor=filer, version=version, data=COAL_UNIT | {"name": "2号机组"})
    url = edit_url(version, "methods")
    page = html(owner.get(url + f"?unit={a.pk}"))
    assert "电网排放因子" in page and "指南规定" in page and "同步填报" in page
    grid = a.methods.get(parameter="grid_emission_factor")
    assert f'name="m{grid.pk}-method_type"' not in page  # fixed rows are read-only
    coal = a.methods.get(parameter="consumption", fuel="bituminous")
    data = method_post(a, **{f"m{coal.pk}-device_model": "皮带秤 ICS-20",
                             f"m{coal.pk}-frequency": "每日", "targets": [b.pk]})  # fmt: skip
    response = owner.post(action_url("methods_sync", version, a), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?unit={a.pk}")
    target = b.methods.get(parameter="consumption", fuel="bituminous")
    assert (target.device_model, target.frequency) == ("皮带秤 ICS-20", "每日")
    page = html(owner.get(response["Location"]))
    assert "同步到：2号机组" in page
    # sync without a target says so
    page = html(owner.post(action_url("methods_sync", version, a), method_post(a)))
    assert "请选择要同步填报的机组" in page


def test_attachment_upload_replace_and_fake(owner, version):
    url = edit_url(version, "attachments")
    png = SimpleUploadedFile("组织机构图.png", PNG, "image/png")
    upload = action_url("attachment_upload", version)
    response = owner.post(upload, {"kind": "org_chart", "file": png})
    assert response.status_code == 302
    attachment = version.attachments.get()
    page = html(owner.get(url))
    assert attachment.file.sha256 in page
    assert "组织机构图.png" in page
    assert reverse("documents:download", args=[attachment.file.pk]) in page
    assert owner.get(reverse("documents:download", args=[attachment.file.pk])).status_code == 200
    fake = SimpleUploadedFile("厂区平面图.png", b"MZ\x90\x00 not a picture", "image/png")
    response = owner.post(upload, {"kind": "site_plan", "file": fake})
    page = html(response)
    assert response.status_code == 200
    assert "此处只接受" in page and "厂区平面图.png" in page
    assert version.attachments.count() == 1
    # replace the org chart with a PDF; other files can be added and removed
    pdf = SimpleUploadedFile("组织机构图.pdf", PDF, "application/pdf")
    owner.post(upload, {"kind": "org_chart", "file": pdf})
    assert version.attachments.get().file.content_type == "application/pdf"
    other = SimpleUploadedFile("台账.pdf", PDF, "application/pdf")
    owner.post(upload, {"kind": "other", "file": other, "title": "计量器具台账"})
    extra = version.attachments.get(kind="other")
    assert "计量器具台账" in html(owner.get(url))
    owner.post(action_url("attachment_delete", version, extra))
    assert version.attachments.count() == 1
    page = html(owner.post(upload, {"kind": "process_flow"}))
    assert "请选择要上传的文件" in page


# -- submission ----------------------------------------------------------------------------------
def test_submit_shows_the_problems_then_succeeds(owner, filer, version):
    url = reverse("plans:submit", args=[version.pk])
    page = html(owner.get(url))
    assert "暂不能提交" in page
    assert "至少需要一台机组" in page and "请上传组织机构图" in page
    assert edit_url(version, "attachments") in page and edit_url(version, "units") in page
    page = html(owner.post(url))
    assert "暂不能提交" in page
    version.refresh_from_db()
    assert version.state == PlanState.DRAFT
    complete_plan(filer, version)
    page = html(owner.get(url))
    assert "提交后不能修改" in page
    response = owner.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:view", args=[version.pk])
    version.refresh_from_db()
    assert version.state == PlanState.SUBMITTED
    page = html(owner.get(response["Location"]))
    assert version.submissions.get().sha256 in page
    assert "已提交" in page


def test_view_shows_every_section(owner, filer, version):
    complete_plan(filer, version)
    page = html(owner.get(reverse("plans:view", args=[version.pk])))
    for text in ("示例发电有限公司", "1号机组", "MF0001", "煤粉锅炉", "电能", "主厂房东侧",
                 "皮带秤 ICS-20", "由生产技术部负责", "org_chart.png"):  # fmt: skip
        assert text in page, text


def test_delete_a_draft(owner, version, enterprise):
    response = owner.post(reverse("plans:delete", args=[version.pk]))
    assert response.status_code == 302
    assert not enterprise.plan_versions.exists()


# -- revision and 修订记录 -------------------------------------------------------------------------
def test_revision_and_diff_show_a_changed_capacity(owner, submitted, reviewer, enterprise):
    services.approve(actor=reviewer, version=submitted)
    page = html(owner.get(reverse("plans:create")))
    assert "采用新的测量仪器和方法" in page
    page = html(owner.post(reverse("plans:create"), {"reason": "other", "reason_text": ""}))
    assert "修订原因为“其他”时须说明" in page
    response = owner.post(reverse("plans:create"), {"reason": "new_source"})
    revision = enterprise.plan_versions.get(number=2)
    assert response["Location"] == edit_url(revision, "basic")
    assert "监测计划修订" in html(owner.get(reverse("plans:list")))
    unit = revision.units.get()
    owner.post(action_url("unit_save", revision, unit), unit_post(capacity_mw="680"))
    page = html(owner.get(reverse("plans:diff")))
    assert "第1版 → 第2版" in page
    assert re.search(r"装机容量（MW）</td>\s*<td class=\"diff-old\">660</td>\s*"
                     r"<td class=\"diff-new\">680</td>", page)  # fmt: skip
    assert "排放设施发生变化或使用新燃料、物料" in page  # the reason, by its label
    explicit = reverse("plans:diff") + f"?a={submitted.pk}&b={revision.pk}"
    assert html(owner.get(explicit)).count("diff-new") >= 2
    same = reverse("plans:diff") + f"?a={submitted.pk}&b={submitted.pk}"
    assert "同一个版本" in html(owner.get(same))
