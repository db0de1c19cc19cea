"""The authority's pages: close the campaign, fill and publish the 附录3 table; others refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tanhe.verification.models import AgencyEvaluation, Campaign, PlantEvaluation

from .conftest import user

pytestmark = pytest.mark.django_db


def _client(name: str) -> Client:
    client = Client()
    client.force_login(user(name))
    return client


def test_the_page_says_why_the_campaign_cannot_end(task):
    html = _client("js-admin").get(reverse("verification:evaluation", args=[task.campaign_id]))
    assert html.status_code == 200
    text = html.content.decode()
    assert 'id="close-refusals"' in text and "未被告知核查结果" in text
    assert "disabled" in text


def test_close_fill_and_publish(published):
    client = _client("js-admin")
    pk = published.campaign_id
    page = reverse("verification:evaluation", args=[pk])
    assert client.post(reverse("verification:campaign_close", args=[pk])).url == page
    assert Campaign.objects.get(pk=pk).closed_at is not None
    text = client.get(page).content.decode()
    assert f'name="q-{published.pk}-data"' in text and "及时" in text
    body = {
        "agency": published.agency_id, "quality_measures": "内部三级审核", "complaints": "0",
        f"q-{published.pk}-data": "燃煤低位发热量检测频次不足", f"q-{published.pk}-zzz": "x",
        "q-abc-data": "x",
    }  # fmt: skip
    assert client.post(reverse("verification:evaluation_save", args=[pk]), body).url == page
    plant = PlantEvaluation.objects.get(task=published)
    assert plant.quality["data"] == "燃煤低位发热量检测频次不足" and plant.quality["basic"] == ""
    publish = reverse("verification:evaluation_publish", args=[pk])
    assert client.post(publish, {"agency": published.agency_id}).url == page
    assert AgencyEvaluation.objects.get(agency=published.agency).published_at is not None
    text = client.get(page).content.decode()
    assert "已公开" in text and reverse("disclosure:campaign", args=["320000", 2025]) in text


def test_bad_input_is_refused_with_a_message(published):
    client = _client("js-admin")
    pk = published.campaign_id
    client.post(reverse("verification:campaign_close", args=[pk]))
    for agency in ("", "１", "999999", str(published.enterprise_id)):
        response = client.post(
            reverse("verification:evaluation_save", args=[pk]), {"agency": agency}, follow=True
        )
        assert response.status_code == 200
        assert "请选择技术服务机构" in response.content.decode() or "没有承担" in (
            response.content.decode()
        )
    response = client.post(
        reverse("verification:evaluation_save", args=[pk]),
        {"agency": published.agency_id, "complaints": "many"},
        follow=True,
    )
    assert "0到1之间的整数" in response.content.decode()
    assert not AgencyEvaluation.objects.exists()


def test_others_may_not(published):
    pk = published.campaign_id
    for name, status in (("agency-admin", 403), ("hb-reviewer", 404)):
        client = _client(name)
        assert client.get(reverse("verification:evaluation", args=[pk])).status_code == status
        close = client.post(reverse("verification:campaign_close", args=[pk]))
        assert close.status_code == status
    assert Campaign.objects.get(pk=pk).closed_at is None
    anonymous = Client().get(reverse("verification:evaluation", args=[pk]))
    assert anonymous.status_code == 302 and "login" in anonymous.url
