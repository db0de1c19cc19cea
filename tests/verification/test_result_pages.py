"""The 复查与告知 pages (url name verification:result): the authority orders and concludes a 复查
and notifies; the plant sees its notification (with the 保守测算 label when the figures are an
estimate) and acknowledges; the leader records an estimate from the form; bad input never 500s."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tanhe.verification import selectors_result as sr
from tanhe.verification.models import Notification, Recheck, TaskState
from tanhe.verification.services import estimate
from tanhe.verification.services import result as services

from .result_setup import *  # noqa: F403
from .result_setup import submitted_report, user

pytestmark = pytest.mark.django_db


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def url(name: str, task) -> str:
    return reverse(f"verification:{name}", args=[task.pk])


def test_authority_rechecks_then_notifies(confirmed, report):
    js = client_of("js-reviewer")
    page = js.get(url("result", confirmed)).content.decode()
    assert 'id="recheck-order"' in page and 'id="result-notify"' in page
    assert 'data-value="7235788.39"' in page
    js.post(url("result_recheck_order", confirmed),
            {"mode": "onsite", "performer": "authority", "scope": "现场复查燃料计量"})  # fmt: skip
    recheck = Recheck.objects.get(task=confirmed)
    page = js.get(url("result", confirmed)).content.decode()
    assert 'id="recheck-conclude"' in page and 'id="result-notify"' not in page
    assert "复查尚未记录结论" in page
    js.post(url("result_recheck_conclude", confirmed), {"conclusion": "passed", "findings": "合格"})
    recheck.refresh_from_db()
    assert recheck.conclusion == "passed"
    js.post(url("result_notify", confirmed), {"message": "请查收。"})
    n = Notification.objects.get(task=confirmed)
    assert n.total_emissions == "7235788.39" and n.notified_by == user("js-reviewer")
    page = js.get(url("result", confirmed)).content.decode()
    assert 'id="notified-total" data-value="7235788.39"' in page


def test_the_team_sees_but_cannot_notify(confirmed, report):
    lead = client_of("agency-lead")
    page = lead.get(url("result", confirmed)).content.decode()
    assert 'id="result-notify"' not in page and 'id="recheck-order"' not in page
    assert lead.post(url("result_notify", confirmed)).status_code == 403
    assert not Notification.objects.filter(task=confirmed).exists()


def test_the_plant_sees_its_notification_and_acknowledges(authority, confirmed, report):
    plant = client_of(confirmed.enterprise.credit_code)
    assert "核查结果尚未告知" in plant.get(url("result", confirmed)).content.decode()
    services.notify_result(authority, confirmed)
    page = plant.get(url("result", confirmed)).content.decode()
    assert 'data-value="7235788.39"' in page and report.number in page
    assert 'id="result-acknowledge"' in page and 'data-estimate="1"' not in page
    plant.post(url("result_acknowledge", confirmed))
    assert Notification.objects.get(task=confirmed).acknowledged_by is not None
    listing = plant.get(reverse("verification:plant")).content.decode()
    assert url("result", confirmed) in listing
    other = client_of("91320305782716509H")  # another plant: nothing of this one
    assert other.get(url("result", confirmed)).status_code == 404
    assert other.post(url("result_acknowledge", confirmed)).status_code == 404


def test_estimate_from_the_form_is_labelled_everywhere(authority, no_report):
    lead = client_of("agency-lead")
    page = lead.get(url("result", no_report)).content.decode()
    assert 'id="estimate-form"' in page
    unit = sr.estimate_units(sr.estimate_plan(no_report))[0]
    lead.post(url("result_estimate", no_report), {
        f"v:{unit.pk}:A:coal_gangue": "100000.00", f"v:{unit.pk}:C:coal_gangue": "12.500",
        f"v:{unit.pk}:K:": "", "reason": "未提交排放报告", "method": "缺省值"})  # fmt: skip
    no_report.refresh_from_db()
    assert no_report.state == TaskState.CONFIRMED
    assert sr.confirmed_total(no_report) == Decimal("139972.80")
    page = lead.get(url("result", no_report)).content.decode()
    assert 'data-estimate="1"' in page and 'data-value="139972.80"' in page
    submitted_report(no_report)
    services.notify_result(authority, no_report)
    plant = client_of(no_report.enterprise.credit_code)
    page = plant.get(url("result", no_report)).content.decode()
    assert 'data-estimate="1"' in page and "保守测算" in page


@pytest.mark.parametrize(
    "body",
    [
        {"v:１:A:coal_gangue": "1", "reason": "x"},
        {"v:99999999999999999999:A:x": "1", "reason": "x"},
        {"v:1:A": "1", "reason": "x"},
        {"reason": "x"},
    ],
)
def test_bad_estimate_input_is_refused_not_500(no_report, body):
    response = client_of("agency-lead").post(url("result_estimate", no_report), body)
    assert response.status_code == 302
    no_report.refresh_from_db()
    assert no_report.state == TaskState.ACCEPTED


def test_bad_recheck_input_is_refused_not_500(confirmed, report):
    js = client_of("js-admin")
    for body in ({"mode": "x", "performer": "expert", "scope": "s"},
                 {"mode": "written", "performer": "agency", "performer_agency": "²", "scope": "s"},
                 {"mode": "written", "performer": "expert", "scope": "s" * 3000}):  # fmt: skip
        assert js.post(url("result_recheck_order", confirmed), body).status_code == 302
    assert not Recheck.objects.filter(task=confirmed).exists()
    assert js.post(url("result_recheck_conclude", confirmed), {}).status_code == 302


def test_values_page_labels_an_estimate(leader, confirmed):
    lead = client_of("agency-lead")
    assert 'data-estimate="1"' not in lead.get(url("values", confirmed)).content.decode()
    estimate.prepare_estimate(leader, confirmed, "不符合项2未按期整改。")
    page = lead.get(url("values", confirmed)).content.decode()
    assert 'data-estimate="1"' in page and "保守测算" in page
