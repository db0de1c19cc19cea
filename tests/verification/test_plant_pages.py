"""The plant's verification page and the team's non-conformity and value pages: who sees what
(a plant only its own non-conformities; 404 on another's), the answer form posts an answer
marked late after the deadline, the 终版 button, the values page's tables and forms."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tanhe.accounts.models import Role
from tanhe.reports.models import Report
from tanhe.verification.models import Answer, NonConformity, NonConformityState, TaskState
from tanhe.verification.services import nonconformity as nc_services

from ..plans.conftest import make_enterprise, make_user
from .ncfixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def stranger(provinces):
    """Another enterprise's reporting account."""
    org = make_enterprise(provinces[0], "91320000MA1XXXXX1X", "另一发电有限公司")
    return make_user(org, org.credit_code, Role.ENTERPRISE_FILER, is_enterprise_account=True)


def test_the_plant_sees_its_nonconformities_and_answers_late(filer, member, leader, task, unit):
    nc = nc_services.create(member, task, "3月入炉煤检测报告超过40日", "evidence",
                            value_code="B", unit=unit, fuel="bituminous")  # fmt: skip
    nc_services.issue(leader, task, today=date(2025, 9, 26))
    draft = nc_services.create(member, task, "核查组尚在起草", "plan")
    client = client_for(filer)
    page = client.get(reverse("verification:plant")).content.decode()
    assert "3月入炉煤检测报告超过40日" in page and "核查组尚在起草" not in page
    assert "2025-10-10" in page and "更正后的数值" in page
    assert "创建终版" in page
    response = client.post(
        reverse("verification:plant_answer", args=[nc.pk]),
        {"cause": "检测报告寄送延误", "action": "补充有效检测报告", "corrected_value": "52.30"},
    )
    assert response.status_code == 302
    answer = Answer.objects.get(nonconformity=nc)
    assert answer.late  # today is after 10 October 2025
    page = client.get(reverse("verification:plant")).content.decode()
    assert "逾期提交" in page and "检测报告寄送延误" in page
    assert client.post(reverse("verification:plant_answer", args=[draft.pk]),
                       {"cause": "x", "action": "y"}).status_code == 404  # fmt: skip


def test_another_plant_gets_404_and_sees_nothing(stranger, member, leader, task, unit):
    nc = nc_services.create(member, task, "3月入炉煤检测报告超过40日", "evidence")
    nc_services.issue(leader, task, today=date(2025, 9, 26))
    client = client_for(stranger)
    page = client.get(reverse("verification:plant")).content.decode()
    assert "3月入炉煤检测报告超过40日" not in page
    answer_url = reverse("verification:plant_answer", args=[nc.pk])
    assert client.post(answer_url, {"cause": "x", "action": "y"}).status_code == 404
    final_url = reverse("verification:plant_final", args=[task.pk])
    assert client.post(final_url, {"reason": "x"}).status_code == 404
    assert not Answer.objects.exists()
    assert client.get(reverse("verification:nonconformities", args=[task.pk])).status_code == 404
    assert client.get(reverse("verification:values", args=[task.pk])).status_code == 404


def test_the_final_button_creates_the_final_version(filer, member, leader, task, unit):
    nc_services.create(member, task, "边界不完整", "boundary")
    nc_services.issue(leader, task, today=date(2025, 9, 26))
    client = client_for(filer)
    done = client.post(
        reverse("verification:plant_final", args=[task.pk]), {"reason": "依据不符合项1"}
    )
    final = Report.objects.get(enterprise=task.enterprise, year=task.year, is_final=True)
    assert done.status_code == 302 and done.url == reverse("reports:view", args=[final.pk])
    page = client.get(reverse("verification:plant")).content.decode()
    assert "第2版" in page and "创建终版" not in page


def test_the_team_writes_issues_and_decides_on_its_page(filer, member, leader, task, unit):
    team = client_for(member)
    url = reverse("verification:nonconformities", args=[task.pk])
    team.post(reverse("verification:nc_create", args=[task.pk]),
              {"description": "皮带秤未校准", "category": "measurement", "unit": unit.pk,
               "value_code": "A", "fuel": "bituminous"})  # fmt: skip
    assert "皮带秤未校准" in team.get(url).content.decode()
    client_for(leader).post(reverse("verification:nc_issue", args=[task.pk]))
    nc = NonConformity.objects.get(task=task)
    assert nc.state == NonConformityState.ISSUED and nc.due_date is not None
    nc_services.answer(filer, nc, "校准计划遗漏", "已完成校准")
    team.post(reverse("verification:nc_close", args=[task.pk, nc.number]), {"note": "书面验证"})
    nc.refresh_from_db()
    assert nc.state == NonConformityState.CLOSED
    assert "书面验证" in team.get(url).content.decode()


def test_the_values_page_shows_the_table_and_the_totals(member, leader, task, unit):
    team = client_for(member)
    team.post(reverse("verification:value_conservative", args=[task.pk]),
              {"unit": unit.pk, "code": "A", "fuel": "bituminous", "kind": "calibration",
               "status": "not_calibrated", "required_accuracy_pct": "0.5"})  # fmt: skip
    assert task.confirmed_values.get().basis == "calibration"
    page = team.get(reverse("verification:values", args=[task.pk])).content.decode()
    assert "机组二氧化碳排放量" in page and "2,745,730.80" in page
    assert "保守处理：校准调整" in page and "1,451,368.80" in page
    lead_page = client_for(leader).get(reverse("verification:values", args=[task.pk]))
    assert "完成核查数据确认" in lead_page.content.decode()
    client_for(leader).post(reverse("verification:values_finish", args=[task.pk]))
    task.refresh_from_db()
    assert task.state == TaskState.CONFIRMED
