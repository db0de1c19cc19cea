"""The authority's review of annual reports (/review/reports/): the province's list with its
待审核 filter, the read-only detail of a submitted version (tables, 信息汇总表, evidence with
SHA-256, stamped PDF), 退回补正 with a required comment and 通过; other provinces get 404,
enterprises and agencies 403, anonymous users the login page."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.shortcuts import resolve_url
from django.urls import reverse

from tanhe.accounts.models import Organisation, Role
from tanhe.reports.models import Report, ReportState

from ..plans.conftest import make_user
from .conftest import PDF
from .test_views import edit_url, html, submitted_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(filer, report, unit) -> Report:
    return submitted_report(filer, report, unit)


@pytest.fixture
def authority_client(client, reviewer):
    client.force_login(reviewer)
    return client


def detail_url(report) -> str:
    return reverse("report_review:detail", args=[report.pk])


def test_list_shows_submitted_reports_of_the_province_waiting_first(
    authority_client, submitted, other_enterprise, plan
):
    page = html(authority_client.get(reverse("report_review:list")))
    assert re.search(r'id="waiting-count">1<', page)
    assert "示例发电有限公司" in page and detail_url(submitted) in page
    assert ">2023<" in page and "已提交" in page
    waiting = html(authority_client.get(reverse("report_review:list"), {"state": "submitted"}))
    assert detail_url(submitted) in waiting
    accepted = html(authority_client.get(reverse("report_review:list"), {"state": "accepted"}))
    assert detail_url(submitted) not in accepted
    found = html(authority_client.get(reverse("report_review:list"), {"q": "91110000MA0123456P"}))
    assert detail_url(submitted) in found


def test_drafts_are_not_listed_nor_shown(authority_client, report):
    assert detail_url(report) not in html(authority_client.get(reverse("report_review:list")))
    assert authority_client.get(detail_url(report)).status_code == 404


def test_detail_shows_every_table_the_summary_and_the_evidence(authority_client, submitted):
    response = authority_client.get(detail_url(submitted))
    assert response.status_code == 200
    page = html(response)
    for title in ("燃料信息表", "购入使用电量表", "生产数据表", "确定方式表", "生产设施表",
                  "信息汇总表", "材料上传", "提交确认"):  # fmt: skip
        assert f"<h2>{title}</h2>" in page, title
    # January, grey cells as submitted (grouped: the value links to its month 存证)
    assert "228,518.74" in page and "292.16" in page
    assert re.search(r'id="plant-total">2,745,730\.80<', page)  # twelve such months
    digest = hashlib.sha256(PDF).hexdigest()
    assert page.count(digest) >= 12  # the 12 required files
    assert submitted.stamped_pdf.sha256 in page  # and the stamped scan
    assert reverse("documents:download", args=[submitted.stamped_pdf.pk]) in page
    assert submitted.submission.sha256 in page
    assert 'name="v:' not in page  # read-only
    assert reverse("report_review:return", args=[submitted.pk]) in page


def test_return_needs_a_comment_then_creates_the_next_version(
    authority_client, submitted, client, filer
):
    url = reverse("report_review:return", args=[submitted.pk])
    response = authority_client.post(url, {"text": "  "})
    assert response.status_code == 400
    assert "退回补正须填写意见" in html(response)
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED
    response = authority_client.post(url, {"text": "请补充1月热值检测报告。"}, follow=True)
    assert "已退回补正，意见已发送给重点排放单位；企业将在第2版中修改后重新提交。" in html(response)
    submitted.refresh_from_db()
    assert submitted.state == ReportState.RETURNED
    draft = submitted.next_version
    assert (draft.number, draft.state) == (2, ReportState.DRAFT)
    assert f'action="{url}"' not in html(authority_client.get(detail_url(submitted)))
    # the enterprise reads the comment on its new version
    client.force_login(filer)
    page = html(client.get(edit_url(draft, "basic")))
    assert "主管部门退回补正意见" in page and "请补充1月热值检测报告。" in page


def test_accept_then_no_second_decision(authority_client, submitted):
    url = reverse("report_review:accept", args=[submitted.pk])
    response = authority_client.post(url, follow=True)
    assert "已审核通过。" in html(response)
    submitted.refresh_from_db()
    assert submitted.state == ReportState.ACCEPTED
    again = authority_client.post(url)
    assert again.status_code == 400
    assert "第1版已通过，不能审核" in html(again)
    response = authority_client.post(
        reverse("report_review:return", args=[submitted.pk]), {"text": "晚了"}
    )
    assert response.status_code == 400 and "不能审核" in html(response)


def test_other_province_gets_404(client, other_reviewer, submitted):
    client.force_login(other_reviewer)
    assert detail_url(submitted) not in html(client.get(reverse("report_review:list")))
    assert client.get(detail_url(submitted)).status_code == 404
    for name in ("return", "accept"):
        url = reverse(f"report_review:{name}", args=[submitted.pk])
        assert client.post(url, {"text": "x"}).status_code == 404
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED


def test_enterprises_and_agencies_get_403(client, filer, submitted, provinces):
    agency = Organisation.objects.create(kind="agency", name="某核查机构", province=provinces[0])
    verifier = make_user(agency, "verifier-1", Role.VERIFIER)
    for user in (filer, verifier):
        client.force_login(user)
        assert client.get(reverse("report_review:list")).status_code == 403
        assert client.get(detail_url(submitted)).status_code == 403
        url = reverse("report_review:accept", args=[submitted.pk])
        assert client.post(url).status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED


def test_anonymous_is_sent_to_login(client, submitted, settings):
    login = resolve_url(settings.LOGIN_URL)
    for url in (reverse("report_review:list"), detail_url(submitted)):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(login)
    response = client.post(reverse("report_review:accept", args=[submitted.pk]))
    assert response.status_code == 302 and response.url.startswith(login)
