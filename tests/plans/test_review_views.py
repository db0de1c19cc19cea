"""The authority's review pages: who may open them, the three decisions through the services,
what the detail page shows (sections, submissions, comments, audit trail, revision diff)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tanhe.accounts.models import Organisation, Role
from tanhe.plans import services
from tanhe.plans.models import PlanComment, PlanState

from .conftest import complete_plan, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(filer, enterprise):
    version = services.create_plan(actor=filer, enterprise=enterprise)
    complete_plan(filer, version)
    services.submit(actor=filer, version=version)
    version.refresh_from_db()
    return version


@pytest.fixture
def agency_user(provinces):
    agency = Organisation.objects.create(
        kind="agency", name="江苏碳核查技术服务有限公司", province=provinces[0]
    )
    return make_user(agency, "agency-lead", Role.LEAD_VERIFIER)


@pytest.fixture
def authority_admin(authority):
    return make_user(authority, "js-admin", Role.AUTHORITY_ADMIN, display_name="周管理")


def _urls(version):
    return {
        "list": reverse("review:list"),
        "detail": reverse("review:detail", args=[version.pk]),
    }


def _denied(response) -> bool:
    """403, or (anonymous) a redirect to the login page."""
    if response.status_code == 302:
        return "login" in response["Location"]
    return response.status_code == 403


# -- who may open the pages -------------------------------------------------------------------
def test_anonymous_is_sent_to_log_in(client, submitted):
    for url in _urls(submitted).values():
        assert _denied(client.get(url)), url
    response = client.post(reverse("review:approve", args=[submitted.pk]))
    assert _denied(response)
    submitted.refresh_from_db()
    assert submitted.state == PlanState.SUBMITTED


@pytest.mark.parametrize("who", ["filer", "agency_user", "other_enterprise_user", "no_role"])
def test_non_reviewers_are_refused(client, submitted, who, request, authority):
    if who == "other_enterprise_user":
        user = request.getfixturevalue("other_enterprise").users.get()
    elif who == "no_role":
        user = make_user(authority, "js-clerk")  # authority staff without 审核人 / 管理员
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    for url in _urls(submitted).values():
        assert client.get(url).status_code == 403, (who, url)
    for action in ("comment", "return", "approve"):
        url = reverse(f"review:{action}", args=[submitted.pk])
        assert client.post(url, {"text": "同意"}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == PlanState.SUBMITTED
    assert not submitted.comments.exists()


def test_other_provinces_reviewer_sees_neither_list_row_nor_plan(client, submitted, other_reviewer):
    client.force_login(other_reviewer)
    response = client.get(reverse("review:list"))
    assert response.status_code == 200
    assert "示例发电有限公司" not in response.content.decode()
    assert client.get(reverse("review:detail", args=[submitted.pk])).status_code == 404
    for action in ("comment", "return", "approve"):
        url = reverse(f"review:{action}", args=[submitted.pk])
        assert client.post(url, {"text": "退回"}).status_code == 404
    assert client.get(reverse("review:opinions", args=[submitted.pk])).status_code == 404
    submitted.refresh_from_db()
    assert submitted.state == PlanState.SUBMITTED


@pytest.mark.parametrize("who", ["reviewer", "authority_admin"])
def test_own_provinces_reviewer_and_admin_are_allowed(client, submitted, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("review:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "示例发电有限公司" in page and "91110000MA0123456P" in page
    assert reverse("review:detail", args=[submitted.pk]) in page
    assert client.get(reverse("review:detail", args=[submitted.pk])).status_code == 200


def test_a_draft_never_submitted_is_not_in_review(client, filer, enterprise, reviewer):
    draft = services.create_plan(actor=filer, enterprise=enterprise)
    client.force_login(reviewer)
    assert client.get(reverse("review:detail", args=[draft.pk])).status_code == 404
    assert "示例发电有限公司" not in client.get(reverse("review:list")).content.decode()


def test_actions_need_post(client, submitted, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("review:approve", args=[submitted.pk])).status_code == 405


# -- the list ---------------------------------------------------------------------------------
def test_list_counts_waiting_and_filters_by_state(client, submitted, reviewer, other_enterprise):
    other_filer = other_enterprise.users.get()
    other = services.create_plan(actor=other_filer, enterprise=other_enterprise)
    complete_plan(other_filer, other)
    services.submit(actor=other_filer, version=other)
    services.approve(actor=reviewer, version=other)
    client.force_login(reviewer)

    page = client.get(reverse("review:list")).content.decode()
    assert 'id="waiting-count">1<' in page
    assert "示例发电有限公司" in page and "江南燃气热电有限公司" in page
    assert page.index("示例发电有限公司") < page.index("江南燃气热电有限公司")  # waiting first

    page = client.get(reverse("review:list"), {"state": "approved"}).content.decode()
    assert "江南燃气热电有限公司" in page and "示例发电有限公司" not in page
    page = client.get(reverse("review:list"), {"state": "submitted"}).content.decode()
    assert "示例发电有限公司" in page and "江南燃气热电有限公司" not in page
    page = client.get(reverse("review:list"), {"q": "91320500"}).content.decode()
    assert "江南燃气热电有限公司" in page and "示例发电有限公司" not in page


# -- the detail page --------------------------------------------------------------------------
def test_detail_shows_every_section_attachments_and_submissions(client, submitted, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("review:detail", args=[submitted.pk])).content.decode()
    for text in ("企业基本情况", "机组信息", "生产设施", "主营产品及生产工艺", "核算边界的描述",
                 "数据的确定方式", "数据内部质量控制", "上传附件", "提交记录", "审核意见",
                 "操作记录", "审核操作"):  # fmt: skip
        assert text in page, text
    assert "1号机组" in page and "660" in page and "常规燃煤机组" in page and "烟煤" in page
    assert "MF0001" in page and "HG-2100/25.4" in page and "主厂房东侧" in page
    assert "煤粉锅炉产生蒸汽驱动汽轮发电机组发电。" in page
    assert "由生产技术部负责计划的制定、修订和执行。" in page
    assert "皮带秤 ICS-20" in page and "烟煤消耗量" in page
    for attachment in submitted.attachments.select_related("file"):
        assert reverse("documents:download", args=[attachment.file.pk]) in page
        assert attachment.file.sha256 in page
    assert submitted.submissions.get().sha256 in page
    assert f'formaction="{reverse("review:return", args=[submitted.pk])}"' in page


def test_detail_shows_merged_rows_with_their_members(client, filer, enterprise, reviewer):
    version = services.create_plan(actor=filer, enterprise=enterprise)
    unit = complete_plan(filer, version)
    second = services.add_unit(actor=filer, version=version, data={
        "name": "2号机组", "unit_type": "coal", "subtype": "conventional", "fuel_type": "coal",
        "fuel_names": ["bituminous"], "capacity_mw": "660", "data_source": "nameplate",
    })  # fmt: skip
    services.add_facility(actor=filer, unit=second, data={
        "category": "boiler", "code": "MF0002", "name": "2号锅炉", "boiler_type": "煤粉锅炉",
        "model": "HG-2100/25.4", "capacity_tph": "2100", "location": "主厂房西侧",
    })  # fmt: skip
    services.set_main_product(actor=filer, unit=second, product="electricity")
    merged = services.merge_units(actor=filer, version=version, unit_ids=[unit.pk, second.pk],
                                  reason="母管制，入炉煤量无法分机组计量", cases=["fuel"],
                                  exception="2号机组仅登记锅炉，汽轮机同1号机组")  # fmt: skip
    for method in merged.methods.filter(method_type="measured"):
        services.update_method(actor=filer, method=method, data={"device_model": "皮带秤"})
    services.submit(actor=filer, version=version)
    client.force_login(reviewer)
    page = client.get(reverse("review:detail", args=[version.pk])).content.decode()
    assert "合并填报（1号机组、2号机组）" in page
    assert "母管制，入炉煤量无法分机组计量" in page
    assert "已合并填报于“合并填报（1号机组、2号机组）”" in page


# -- decisions --------------------------------------------------------------------------------
def test_return_requires_a_comment(client, submitted, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("review:return", args=[submitted.pk]), {"text": "  "})
    assert response.status_code == 400
    assert "退回补正须填写意见，说明需要补正的内容" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == PlanState.SUBMITTED
    assert not submitted.comments.exists()


def test_return_with_comment_redirects_and_the_comment_is_visible(client, submitted, reviewer,
                                                                    filer):  # fmt: skip
    client.force_login(reviewer)
    url = reverse("review:return", args=[submitted.pk])
    response = client.post(url, {"text": "请补充汽轮机和发电机的设施信息。"})
    assert response.status_code == 302
    assert response["Location"] == reverse("review:detail", args=[submitted.pk])
    submitted.refresh_from_db()
    assert submitted.state == PlanState.RETURNED
    note = submitted.comments.get()
    assert (note.kind, note.text, note.author) == (
        "return",
        "请补充汽轮机和发电机的设施信息。",
        reviewer,
    )

    page = client.get(response["Location"]).content.decode()
    assert "已退回补正，意见已发送给重点排放单位。" in page
    assert "请补充汽轮机和发电机的设施信息。" in page

    client.force_login(filer)  # the enterprise reads it on the opinions page
    page = client.get(reverse("review:opinions", args=[submitted.pk])).content.decode()
    assert "退回补正" in page and "请补充汽轮机和发电机的设施信息。" in page


def test_comment_is_kept_without_changing_the_state(client, submitted, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("review:comment", args=[submitted.pk]),
                           {"text": "请核实烟煤低位发热量的检测频次。"})  # fmt: skip
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == PlanState.SUBMITTED
    assert list(submitted.comments.values_list("kind", "text")) == [
        ("comment", "请核实烟煤低位发热量的检测频次。")
    ]
    page = client.get(reverse("review:detail", args=[submitted.pk])).content.decode()
    assert "请核实烟煤低位发热量的检测频次。" in page
    response = client.post(reverse("review:comment", args=[submitted.pk]), {"text": ""})
    assert response.status_code == 400 and "请填写意见" in response.content.decode()


def test_approve_and_return_only_from_submitted(client, submitted, reviewer):
    client.force_login(reviewer)
    assert client.post(reverse("review:approve", args=[submitted.pk]),
                       {"text": "同意备案"}).status_code == 302  # fmt: skip
    submitted.refresh_from_db()
    assert submitted.state == PlanState.APPROVED and submitted.decided_by == reviewer

    response = client.post(reverse("review:return", args=[submitted.pk]), {"text": "再退回"})
    assert response.status_code == 400
    assert "第1版当前状态为已通过，不能变为退回补正" in response.content.decode()
    response = client.post(reverse("review:approve", args=[submitted.pk]), {"text": ""})
    assert response.status_code == 400
    assert "不能变为已通过" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == PlanState.APPROVED
    assert PlanComment.objects.filter(version=submitted).count() == 1
    page = client.get(reverse("review:detail", args=[submitted.pk])).content.decode()
    assert reverse("review:return", args=[submitted.pk]) not in page  # no decision buttons


def test_returned_version_cannot_be_approved_until_resubmitted(client, submitted, reviewer, filer):
    client.force_login(reviewer)
    client.post(reverse("review:return", args=[submitted.pk]), {"text": "请补充说明。"})
    response = client.post(reverse("review:approve", args=[submitted.pk]))
    assert response.status_code == 400
    assert "当前状态为退回补正" in response.content.decode()
    submitted.refresh_from_db()
    services.update_texts(actor=filer, version=submitted, data={"qa_text": "已补充说明。"})
    services.submit(actor=filer, version=submitted)
    assert client.post(reverse("review:approve", args=[submitted.pk])).status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == PlanState.APPROVED
    assert submitted.submissions.count() == 2


def test_audit_rows_appear_on_the_detail_page(client, submitted, reviewer):
    client.force_login(reviewer)
    client.post(reverse("review:return", args=[submitted.pk]), {"text": "请补充汽轮机信息。"})
    page = client.get(reverse("review:detail", args=[submitted.pk])).content.decode()
    for action in ("plan.create", "plan.basic.update", "plan.unit.add", "plan.facility.add",
                   "plan.method.update", "plan.attachment.add", "plan.submit", "plan.return"):  # fmt: skip
        assert f'data-action="{action}"' in page, action
    assert "王审核" in page  # who
    assert "已提交" in page and "退回补正" in page  # state old → new
    assert "新增机组" in page and "修改数据的确定方式" in page


def test_audit_trail_keeps_versions_apart(client, submitted, reviewer, filer, enterprise):
    services.approve(actor=reviewer, version=submitted)
    revision = services.create_revision(actor=filer, enterprise=enterprise, reason="new_method")
    unit = revision.units.get()
    services.update_unit(actor=filer, unit=unit, data={"capacity_mw": "680"})
    services.submit(actor=filer, version=revision)
    client.force_login(reviewer)

    first = client.get(reverse("review:detail", args=[submitted.pk])).content.decode()
    assert 'data-action="plan.unit.update"' not in first
    assert 'data-action="plan.revise"' not in first
    second = client.get(reverse("review:detail", args=[revision.pk])).content.decode()
    assert 'data-action="plan.unit.update"' in second
    assert 'data-action="plan.revise"' in second
    assert 'data-action="plan.unit.add"' not in second  # that was the first version's


def test_revision_shows_the_diff_against_its_base(client, submitted, reviewer, filer, enterprise):
    services.approve(actor=reviewer, version=submitted)
    revision = services.create_revision(actor=filer, enterprise=enterprise, reason="new_method")
    unit = revision.units.get()
    services.update_unit(actor=filer, unit=unit, data={"capacity_mw": "680"})
    method = revision.methods.get(parameter="consumption", fuel="bituminous")
    services.update_method(actor=filer, method=method, data={"device_model": "电子皮带秤 ICS-17A"})
    services.submit(actor=filer, version=revision)
    client.force_login(reviewer)
    page = client.get(reverse("review:detail", args=[revision.pk])).content.decode()
    assert 'id="diff"' in page and "与第1版相比有 3 处变更" in page
    assert "装机容量（MW）" in page and "680" in page
    assert "1号机组 烟煤消耗量" in page and "电子皮带秤 ICS-17A" in page
    assert "采用新的测量仪器和方法，使数据的准确度提高" in page  # the reason, as a label
    assert reverse("review:detail", args=[submitted.pk]) in page  # link to the base version
    first = client.get(reverse("review:detail", args=[submitted.pk])).content.decode()
    assert 'id="diff"' not in first


# -- what the enterprise sees ---------------------------------------------------------------------
def test_opinions_page_for_the_enterprise_only(
    client, submitted, reviewer, filer, other_enterprise
):
    services.comment(actor=reviewer, version=submitted, text="请补充燃料化验记录。")
    url = reverse("review:opinions", args=[submitted.pk])
    assert _denied(client.get(url))
    client.force_login(filer)
    page = client.get(url).content.decode()
    assert "请补充燃料化验记录。" in page and "已提交" in page
    assert submitted.submissions.get().sha256 in page
    assert "打开审核页面" not in page  # no link to the review page
    client.force_login(other_enterprise.users.get())
    assert client.get(url).status_code == 404


def test_pages_render_in_english(client, submitted, reviewer, settings):
    client.force_login(reviewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    urls = (reverse("review:list"), reverse("review:detail", args=[submitted.pk]),
            reverse("review:opinions", args=[submitted.pk]))  # fmt: skip
    try:
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert '<html lang="en">' in response.content.decode()
    finally:  # the locale middleware leaves English active in this thread
        translation.activate(settings.LANGUAGE_CODE)
