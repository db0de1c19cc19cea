"""复核 pages: one address per task (``verification:appeals``) — the plant sees its notified total,
the countdown to the 7th working day and applies with reason and evidence (after the deadline
the form is gone and a post is refused with the deadline); the authority starts and ends the
technical assessment and decides (figures per unit, summed); the agency reads only; others get
404. The day is pinned (``timezone.localdate``) so the countdowns are those of the calendar."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tanhe.demo.enterprises import TAIZHOU_CODE
from tanhe.verification import selectors_appeal as sa
from tanhe.verification.models import Appeal, AppealState
from tests.plans.conftest import PDF

from .appeal_setup import *  # noqa: F403
from .appeal_setup import user

pytestmark = pytest.mark.django_db

SEVENTH, EIGHTH = date(2026, 10, 12), date(2026, 10, 13)


@pytest.fixture
def on_day(monkeypatch) -> Callable[[date], None]:
    """Pin the local date the services and the countdowns read."""
    real = timezone.localdate

    def pin(day: date) -> None:
        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return pin


def client(username: str) -> Client:
    c = Client()
    c.force_login(user(username))
    return c


def url(task, name: str = "appeals") -> str:
    return reverse(f"verification:{name}", args=[task.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_before_the_notification_the_plant_is_told(task, plant):
    page = client(plant.username).get(url(task))
    assert page.status_code == 200
    assert 'id="appeal-none"' in page.content.decode()
    assert 'id="appeal-file"' not in page.content.decode()


def test_the_plant_applies_on_the_seventh_day_with_evidence(task, plant, notified, on_day):
    on_day(SEVENTH)
    c = client(plant.username)
    html = c.get(url(task)).content.decode()
    assert f'data-value="{notified.total_emissions}"' in html
    assert "2026-10-12" in html and "deadline-soon" in html and 'id="appeal-file"' in html
    upload = SimpleUploadedFile("煤质化验报告.pdf", PDF, content_type="application/pdf")
    response = c.post(url(task, "appeal_file"), {"reason": "燃煤低位发热量取值有误。",
                                                  "uploads": upload}, follow=True)  # fmt: skip
    assert response.redirect_chain[-1][0] == url(task)
    appeal = Appeal.objects.get(task=task)
    assert (appeal.filed_on, appeal.reason) == (SEVENTH, "燃煤低位发热量取值有误。")
    assert [f.original_name for f in appeal.evidence.all()] == ["煤质化验报告.pdf"]
    html = response.content.decode()
    assert "燃煤低位发热量取值有误。" in html and 'id="appeal-file"' not in html
    assert reverse("documents:download", args=[appeal.evidence.get().pk]) in html


def test_the_eighth_day_shows_no_form_and_refuses_the_post(task, plant, notified, on_day):
    on_day(EIGHTH)
    c = client(plant.username)
    html = c.get(url(task)).content.decode()
    assert 'id="appeal-file"' not in html and 'id="appeal-closed"' in html
    assert "deadline-overdue" in html
    response = c.post(url(task, "appeal_file"), {"reason": "理由"}, follow=True)
    [message] = messages_of(response)
    assert "2026-10-12" in message and "不能再申请复核" in message
    assert not Appeal.objects.filter(task=task).exists()


def test_the_authority_assesses_and_decides_with_new_figures(task, plant, notified, on_day):
    on_day(SEVENTH)
    client(plant.username).post(url(task, "appeal_file"), {"reason": "理由"})
    c = client("js-reviewer")
    html = c.get(url(task)).content.decode()
    assert 'id="appeal-assess-start"' in html and 'aria-current="page"' in html
    c.post(url(task, "appeal_assess_start"))
    on_day(date(2026, 10, 20))
    response = c.post(url(task, "appeal_assess_end"), {"assessment": "组织专家论证。"},
                      follow=True)  # fmt: skip
    html = response.content.decode()
    assert 'id="appeal-decide"' in html and "2026-11-03" in html
    units = sa.notified_units(task)
    for u in units:  # the form starts from the confirmed figures
        assert f'name="combustion:{u.code}" value="{u.combustion}"' in html
    body = {"outcome": "changed", "conclusion": "采纳实测低位发热量。"}
    body |= {f"combustion:{u.code}": "12,345.678" for u in units}
    body |= {f"electricity:{u.code}": "0.322" for u in units}
    on_day(date(2026, 11, 3))
    response = c.post(url(task, "appeal_decide"), body, follow=True)
    appeal = Appeal.objects.get(task=task)
    assert appeal.state == AppealState.DECIDED
    total = f"{12346 * len(units)}.000"
    assert appeal.new_figures["total"] == total
    html = response.content.decode()
    assert f'id="appeal-new-total" data-value="{total}"' in html
    plant_html = client(plant.username).get(url(task)).content.decode()
    assert 'data-outcome="changed"' in plant_html and "采纳实测低位发热量。" in plant_html
    assert f'data-value="{total}"' in plant_html


def test_a_bad_figure_is_flashed_not_a_500(task, plant, notified, authority, on_day):
    from tanhe.verification.services import appeal as services

    on_day(SEVENTH)
    services.file_appeal(plant, task, "理由")
    services.start_assessment(authority, task)
    services.end_assessment(authority, task, "意见")
    body = {"outcome": "changed", "conclusion": "变更。", "combustion:1号机组": "１２x"}
    response = client("js-admin").post(url(task, "appeal_decide"), body, follow=True)
    assert response.status_code == 200
    assert any("数字" in m or "不属于" in m or "请填写" in m for m in messages_of(response))
    assert Appeal.objects.get(task=task).state == AppealState.ASSESSED


def test_the_agency_reads_and_cannot_act(task, plant, notified, on_day):
    on_day(SEVENTH)
    client(plant.username).post(url(task, "appeal_file"), {"reason": "机构可读的理由"})
    c = client("agency-lead")
    html = c.get(url(task)).content.decode()
    assert "机构可读的理由" in html and 'id="appeal-assess-start"' not in html
    assert c.post(url(task, "appeal_assess_start")).status_code == 403
    assert c.post(url(task, "appeal_file"), {"reason": "x"}).status_code == 404
    assert Appeal.objects.get(task=task).state == AppealState.FILED


@pytest.mark.parametrize("username", ["hb-reviewer", TAIZHOU_CODE])
def test_others_get_404(task, notified, username):
    c = client(username)
    assert c.get(url(task)).status_code == 404
    assert c.post(url(task, "appeal_file"), {"reason": "x"}).status_code == 404
    assert c.post(url(task, "appeal_decide")).status_code == 404


def test_anonymous_is_sent_to_log_in(task):
    response = Client().get(url(task))
    assert response.status_code == 302 and re.search(r"login", response["Location"])


def test_the_plants_verification_page_links_to_its_appeal_page(task, plant):
    html = client(plant.username).get(reverse("verification:plant")).content.decode()
    assert f'href="{url(task)}"' in html
