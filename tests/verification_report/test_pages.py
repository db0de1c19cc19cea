"""The report pages through the client: the team writes and sends, the reviewer returns one
section and approves, the agency's manager submits; downloads and who may open what."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tanhe.documents.services import path_of
from tanhe.verification import selectors_report as sr
from tanhe.verification.models import ReportState

from .conftest import user


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def url(name: str, task, *args) -> str:
    return reverse(f"verification:{name}", args=[task.pk, *args])


def test_the_way_of_a_report_through_its_pages(task):
    lead, tech, admin = (
        client_of("agency-lead"),
        client_of("agency-tech"),
        client_of("agency-admin"),
    )
    js = client_of("js-reviewer")
    page = lead.get(url("report", task))
    assert page.status_code == 200 and 'id="report-create"' in page.text
    assert 'id="report-deadline"' in page.text
    lead.post(url("report_create", task))
    page = lead.get(url("report", task))
    assert 'id="download-docx"' in page.text and 'id="report-send"' in page.text
    total = page.text.count('data-value="7235788.39"')
    assert total >= 2  # the emission statement and the comparison
    lead.post(url("report_send", task))
    assert lead.get(url("report_review", task)).status_code == 403  # not the reviewer
    review = tech.get(url("report_review", task))
    assert review.status_code == 200 and 'id="review-form"' in review.text
    tech.post(url("report_return", task), {"comment_s3_4": "请补充抽样说明。", "note": ""})
    vr = sr.report_of(task)
    assert vr.state == ReportState.RETURNED
    page = lead.get(url("report", task))
    assert "请补充抽样说明。" in page.text
    lead.post(url("report_text", task), {"section": "s3_4", "text": "抽样比例由30%扩大至50%。"})
    lead.post(url("report_send", task))
    assert js.get(url("report_download", task, "pdf")).status_code == 403  # not yet submitted
    tech.post(url("report_approve", task), {"note": "同意"})
    vr.refresh_from_db()
    assert vr.state == ReportState.APPROVED and vr.texts["s3_4"] == "抽样比例由30%扩大至50%。"
    download = lead.get(url("report_download", task, "docx"))
    assert download.status_code == 200
    assert download.content == path_of(vr.docx).read_bytes()
    assert "filename*=UTF-8''" in download["Content-Disposition"]
    admin.post(url("report_submit", task))
    vr.refresh_from_db()
    assert vr.state == ReportState.SUBMITTED and vr.approver == user("agency-admin")
    pdf = js.get(url("report_download", task, "pdf"))
    assert pdf.status_code == 200 and pdf.content == path_of(vr.pdf).read_bytes()


def test_refusals_are_messages_or_denials(task):
    verifier = client_of("agency-verifier")
    assert verifier.get(url("report_download", task, "exe")).status_code == 404
    response = verifier.post(url("report_send", task), follow=True)
    assert "尚未编写核查报告" in response.text
    assert client_of("agency-lead").post(url("report_approve", task)).status_code == 403
    assert client_of("agency-verifier").post(url("report_submit", task)).status_code == 403


@pytest.mark.parametrize("username", ["js-reviewer", "agency-admin"])
def test_readers_see_the_page_without_forms(task, username):
    page = client_of(username).get(url("report", task))
    assert page.status_code == 200 and 'id="report-create"' not in page.text
