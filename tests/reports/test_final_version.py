"""Report states as the national system names them, and the 终版 (issue #9 item 9).

Seed 000 shows the states in its lists (排放报告: 草稿; 质量控制计划: 已通过, 企业补正; 已提交 after
提交), and part 3 (整改问题，完成报告 › 提交报告) says: 在整改内容得到核查组的认可后，企业应修改并在
系统提交终版排放报告. Here: after the authority accepts a version (已通过), the enterprise's
reporting account creates one 终版 from it — a copy, with its reason — which is submitted and
reviewed as any other version, and shown to the authority as 终版 with its reason and origin.
Each condition is tested on both sides."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.reports import pdf, services
from tanhe.reports.models import Report, ReportState

from .scans import scan_of
from .test_english_errors import error_text
from .test_pdf import save, text
from .test_views import edit_url, html, submitted_report

pytestmark = pytest.mark.django_db

REASON = "根据核查报告修正3月燃煤低位发热量（核查发现1）"


@pytest.fixture
def accepted(filer, reviewer, report, unit) -> Report:
    """Version 1, submitted and accepted by the authority (已通过)."""
    return services.accept(actor=reviewer, report=submitted_report(filer, report, unit))


@pytest.fixture
def final(filer, accepted) -> Report:
    return services.create_final_version(actor=filer, report=accepted, reason=REASON)


def submit_again(filer, report: Report) -> Report:
    """A copied version is declared, stamped and submitted again (the same submission)."""
    services.declare(
        actor=filer, report=report, entity="示例发电有限公司", legal_representative="张三"
    )
    services.upload_stamped_pdf(actor=filer, report=report, upload=scan_of(report),
                                name="终版盖章版.pdf")  # fmt: skip
    services.submit(actor=filer, report=report)
    report.refresh_from_db()
    return report


def view_url(report) -> str:
    return reverse("reports:view", args=[report.pk])


def final_url(report) -> str:
    return reverse("reports:final", args=[report.pk])


def review_url(report) -> str:
    return reverse("report_review:detail", args=[report.pk])


# -- the state labels (seed 000's lists) ----------------------------------------------------------
def test_state_labels_are_the_national_systems_seed_000_lists():
    """Seed 000 排放报告 list: 草稿; 质量控制计划 list: 已通过, 企业补正. The stored values stay."""
    assert {s.value: str(s.label) for s in ReportState} == {
        "draft": "草稿",
        "submitted": "已提交",
        "returned": "企业补正",
        "accepted": "已通过",
    }


def test_a_returned_version_reads_as_the_seed_000_lists_name_it(
    client, filer, reviewer, report, unit
):
    """Seed 000 shows a version sent back as 企业补正: the enterprise's list and the authority's
    pages name the state so; the authority's action keeps its own name, 退回补正."""
    submitted = submitted_report(filer, report, unit)
    draft = services.return_for_correction(actor=reviewer, report=submitted, text="请补正1月数据")
    client.force_login(filer)
    states = re.findall(r'class="plan-state state-\w+">([^<]+)<', html(client.get("/reports/")))
    assert states == ["草稿", "企业补正"]  # version 2, version 1
    with pytest.raises(ValidationError, match="2023年报第1版企业补正，不能修改"):
        services.update_contact(actor=filer, report=submitted, data={"contact_person": "李四"})
    client.force_login(reviewer)
    listing = html(client.get(reverse("report_review:list")))
    assert re.findall(r'class="plan-state state-\w+">([^<]+)<', listing) == ["企业补正"]
    tabs = re.findall(r'href="\?(?:state=(\w+))?"[^>]*>(\S+) <span class="count">', listing)
    assert tabs == [("", "全部"), ("submitted", "已提交"), ("returned", "企业补正"),
                    ("accepted", "已通过")]  # fmt: skip
    detail = html(client.get(review_url(submitted)))
    assert "企业补正" in detail and draft.number == 2


# -- creating the 终版 ----------------------------------------------------------------------------
def test_seed_000_part_3_final_version_after_acceptance_copies_it_with_its_reason(
    filer, accepted, unit
):
    """提交报告 (seed 000 part 3): once accepted, the 终版 is a new version copied from it."""
    final = services.create_final_version(actor=filer, report=accepted, reason=f"  {REASON}\n")
    final.refresh_from_db()
    assert (final.number, final.state, final.is_final, final.final_reason) == (
        2, ReportState.DRAFT, True, REASON
    )  # fmt: skip
    assert final.previous == accepted and final.final_origin == accepted
    cells = lambda r: sorted(r.cells.values_list("unit", "table", "fuel", "key", "month", "value"))  # noqa: E731
    assert cells(final) == cells(accepted) and len(cells(final)) > 100
    assert final.evidence.count() == accepted.evidence.count() == 12
    assert final.stamped_pdf is None and final.declared_entity == ""  # stamped again
    accepted.refresh_from_db()
    assert (accepted.state, accepted.is_final) == (ReportState.ACCEPTED, False)
    entry = AuditEntry.objects.get(action=Action.REPORT_FINAL)
    assert entry.object_id == str(final.pk) and entry.note == REASON
    assert services.final_version(accepted.enterprise, 2023) == final


@pytest.mark.parametrize("state", ["draft", "submitted", "returned"])
def test_seed_000_part_3_no_final_version_before_acceptance(filer, reviewer, report, unit, state):
    """终版 only after the authority's approval (在整改内容得到核查组的认可后…): refused on a
    version that is not 已通过, saying why; nothing is created."""
    if state != "draft":
        report = submitted_report(filer, report, unit)
    if state == "returned":
        services.return_for_correction(actor=reviewer, report=report, text="请补正")
        report.refresh_from_db()
    label = ReportState(state).label
    with pytest.raises(ValidationError, match=f"第1版{label}：主管部门审核通过后，才能依据核查"):
        services.create_final_version(actor=filer, report=report, reason=REASON)
    assert not Report.objects.filter(is_final=True).exists()
    assert not AuditEntry.objects.filter(action=Action.REPORT_FINAL).exists()


def test_seed_000_part_3_one_final_version_per_year(filer, accepted, final):
    """One 终版 a year: a second is refused, naming the one there is."""
    with pytest.raises(ValidationError, match=r"2023年报已有终版（第2版，草稿），每个年度只能有"):
        services.create_final_version(actor=filer, report=accepted, reason="再改一次")
    assert Report.objects.filter(is_final=True).count() == 1
    submit_again(filer, final)
    with pytest.raises(ValidationError, match=r"已有终版（第2版，已提交）"):
        services.create_final_version(actor=filer, report=accepted, reason="再改一次")


@pytest.mark.parametrize(
    ("reason", "message"),
    [("", "创建终版须说明原因"), (" \n ", "创建终版须说明原因"),
     ("根据核查\u202e报告", "终版原因含有不可见的控制字符")],
)  # fmt: skip
def test_seed_000_part_3_final_version_needs_its_reason(filer, accepted, reason, message):
    """The 终版 says why (free text, the free-text rule); without one it is refused."""
    with pytest.raises(ValidationError, match=message) as refused:
        services.create_final_version(actor=filer, report=accepted, reason=reason)
    assert "reason" in refused.value.message_dict
    assert not Report.objects.filter(is_final=True).exists()


def test_seed_000_part_3_only_the_reporting_account_creates_the_final_version(
    filer, reviewer, accepted, other_enterprise
):
    """企业…提交终版: the enterprise's reporting account, no one else (not its authority, not
    another enterprise's account); the account itself may."""
    for actor in (reviewer, other_enterprise.users.get()):
        with pytest.raises(PermissionDenied, match="只有本单位的报送账号可以创建终版"):
            services.create_final_version(actor=actor, report=accepted, reason=REASON)
    assert not Report.objects.filter(is_final=True).exists()
    assert services.create_final_version(actor=filer, report=accepted, reason=REASON).is_final


def test_seed_000_part_3_final_version_is_submitted_and_reviewed_like_any_other(
    filer, reviewer, accepted, final
):
    """The 终版 goes through the same submission and review; returned (企业补正), its correction
    is the 终版 again with its reason, and the database allows exactly that one in effect."""
    with pytest.raises(ValidationError, match="终版不能删除"):
        services.delete_draft(actor=filer, report=final)
    submit_again(filer, final)
    assert final.state == ReportState.SUBMITTED
    correction = services.return_for_correction(actor=reviewer, report=final, text="3月仍有误")
    final.refresh_from_db()
    assert final.state == ReportState.RETURNED
    assert (correction.number, correction.is_final, correction.final_reason) == (3, True, REASON)
    assert correction.final_origin == accepted
    assert services.final_version(accepted.enterprise, 2023) == correction
    with pytest.raises(ValidationError, match="已有终版（第3版，草稿）"):
        services.create_final_version(actor=filer, report=accepted, reason=REASON)
    submit_again(filer, correction)
    services.accept(actor=reviewer, report=correction)
    correction.refresh_from_db()
    assert (correction.state, correction.is_final) == (ReportState.ACCEPTED, True)
    with pytest.raises(ValidationError, match="已有终版（第3版，已通过）"):
        services.create_final_version(actor=filer, report=correction, reason=REASON)


# -- the enterprise's pages ------------------------------------------------------------------------
def test_seed_000_part_3_the_accepted_version_offers_the_final_version(
    client, filer, reviewer, report, unit
):
    """查看 of an accepted version has the 终版 form and the list a link to it; a submitted
    version has neither."""
    client.force_login(filer)
    submitted = submitted_report(filer, report, unit)
    assert final_url(submitted) not in html(client.get(view_url(submitted)))
    assert "创建终版" not in html(client.get(reverse("reports:list")))
    services.accept(actor=reviewer, report=submitted)
    page = html(client.get(view_url(submitted)))
    assert f'action="{final_url(submitted)}"' in page and 'name="reason"' in page
    assert f'href="{view_url(submitted)}#final">创建终版<' in html(client.get("/reports/"))


def test_seed_000_part_3_creating_the_final_version_on_the_page(client, filer, accepted):
    client.force_login(filer)
    response = client.post(final_url(accepted), {"reason": REASON})
    final = Report.objects.get(is_final=True)
    assert response.status_code == 302 and response["Location"] == edit_url(final, "basic")
    page = html(client.get(edit_url(final, "basic")))
    assert '<span class="plan-state state-final">终版</span>' in page and REASON in page
    assert view_url(accepted) in page  # the version it came from
    listing = html(client.get(reverse("reports:list")))
    assert re.findall(r'class="plan-state state-(\w+)">([^<]+)<', listing) == [
        ("final", "终版"), ("draft", "草稿"), ("accepted", "已通过")
    ]  # fmt: skip
    assert "创建终版" not in listing  # the year has its 终版
    old = html(client.get(view_url(accepted)))
    assert final_url(accepted) not in old and "本年度的终版为第2版（草稿）" in old


def test_seed_000_part_3_the_page_refuses_with_the_services_words(
    client, filer, reviewer, report, unit
):
    client.force_login(filer)
    submitted = submitted_report(filer, report, unit)
    response = client.post(final_url(submitted), {"reason": REASON})
    assert response.status_code == 400
    assert "第1版已提交：主管部门审核通过后，才能依据核查结果创建终版" in error_text(html(response))
    services.accept(actor=reviewer, report=submitted)
    response = client.post(final_url(submitted), {"reason": ""})
    assert response.status_code == 400
    assert re.search(r'class="field-error">创建终版须说明原因', html(response))
    assert client.post(final_url(submitted), {"reason": REASON}).status_code == 302
    response = client.post(final_url(submitted), {"reason": REASON})
    assert response.status_code == 400 and "2023年报已有终版" in error_text(html(response))
    assert Report.objects.filter(is_final=True).count() == 1


def test_seed_000_part_3_refusals_read_in_english(english, filer, reviewer, report, unit):
    submitted = submitted_report(filer, report, unit)
    response = english.post(final_url(submitted), {"reason": REASON})
    assert response.status_code == 400
    shown = error_text(html(response))
    assert "final version" in shown and not re.search(r"[\u4e00-\u9fff]", shown)
    services.accept(actor=reviewer, report=submitted)
    page = html(english.post(final_url(submitted), {"reason": ""}))
    reason_error = re.search(r'class="field-error">([^<]+)<', page).group(1)
    assert "reason" in reason_error and not re.search(r"[\u4e00-\u9fff]", reason_error)


# -- the authority's pages -------------------------------------------------------------------------
def test_seed_000_part_3_the_authority_sees_the_final_version_its_reason_and_origin(
    client, filer, reviewer, accepted, final
):
    """Submitted, the 终版 is on the authority's list marked 终版; its page names it, gives the
    reason and links to the accepted version it came from, which links back. A draft 终版 is
    the enterprise's alone."""
    client.force_login(reviewer)
    assert client.get(review_url(final)).status_code == 404
    assert review_url(final) not in html(client.get(review_url(accepted)))
    submit_again(filer, final)
    listing = html(client.get(reverse("report_review:list")))
    assert re.findall(r'class="plan-state state-(\w+)">([^<]+)<', listing) == [
        ("final", "终版"), ("submitted", "已提交"), ("accepted", "已通过")
    ]  # fmt: skip
    page = html(client.get(review_url(final)))
    note = re.search(r'<section class="alert alert-final".*?</section>', page, re.S).group(0)
    assert "在主管部门审核通过的第1版基础上" in note and REASON in note
    assert f'href="{review_url(accepted)}"' in note
    assert reverse("report_review:accept", args=[final.pk]) in page  # reviewed as any other
    origin = html(client.get(review_url(accepted)))
    assert "alert-final" not in origin and f'href="{review_url(final)}"' in origin


def test_the_final_versions_reason_is_escaped_on_the_review_page(client, filer, reviewer, accepted):
    final = services.create_final_version(
        actor=filer, report=accepted, reason="<script>alert(1)</script>\n第二行"
    )
    submit_again(filer, final)
    client.force_login(reviewer)
    page = html(client.get(review_url(final)))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>第二行" in page


# -- the PDF ---------------------------------------------------------------------------------------
def test_seed_000_part_3_the_pdf_names_the_final_version_and_its_reason(tmp_path, accepted, final):
    first = text(save(tmp_path, pdf.render_report(final).data), 1)
    assert "第2版 终版" in first and "在主管部门审核通过的第1版基础上" in first
    assert "根据核查报告修正3月燃煤低位发热量" in first
    other = text(save(tmp_path, pdf.render_report(accepted).data, "accepted.pdf"), 1)
    assert "终版" not in other and "已通过" in other
