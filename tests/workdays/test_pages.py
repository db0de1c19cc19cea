"""The calendar's pages: everyone logged in reads, the editors get the forms and may post; the
others are refused (403) and nothing changes; ``{% deadline %}`` in both languages."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from tanhe.audit.models import AuditEntry
from tanhe.workdays import services
from tanhe.workdays.models import CalendarYear


def _login(client, user, lang="zh-hans"):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


def test_anonymous_is_sent_to_log_in(client, db):
    response = client.get("/workdays/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["reviewer", "filer", "agency_admin"])
def test_readers_read_but_cannot_edit(client, request, admin, who):
    year = services.create_year(actor=admin, year=2027, source="测试")
    day = services.set_day(actor=admin, calendar_year=year, day="2027-01-01", kind="holiday",
                           name="元旦")  # fmt: skip
    count = AuditEntry.objects.count()
    _login(client, request.getfixturevalue(who))
    page = client.get("/workdays/")
    assert page.status_code == 200 and 'id="create-year"' not in page.content.decode()
    assert 'href="/workdays/"' not in page.content.decode()  # not in their menu
    page = client.get("/workdays/2027/")
    assert page.status_code == 200 and "元旦" in page.content.decode()
    assert 'id="set-day"' not in page.content.decode()
    posts = [
        ("/workdays/years/", {"year": "2028", "source": "x"}),
        ("/workdays/2027/days/", {"date": "2027-01-04", "kind": "holiday", "name": "x"}),
        (f"/workdays/2027/days/{day.pk}/remove/", {}),
        ("/workdays/2027/publish/", {}),
        ("/workdays/2027/unpublish/", {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert AuditEntry.objects.count() == count


def test_admin_creates_enters_and_publishes(client, admin):
    _login(client, admin)
    page = client.get("/workdays/").content.decode()
    assert 'id="create-year"' in page and 'href="/workdays/"' in page  # in the admin's menu
    response = client.post("/workdays/years/", {"year": "2027", "source": "测试通知"})
    assert response.status_code == 302 and response["Location"] == "/workdays/2027/"
    response = client.post("/workdays/2027/days/",
                           {"date": "2027-01-01", "kind": "holiday", "name": "元旦"})  # fmt: skip
    assert response["Location"] == "/workdays/2027/"
    response = client.post("/workdays/2027/publish/")
    assert CalendarYear.objects.get(year=2027).published
    page = client.get("/workdays/2027/").content.decode()
    assert "元旦" in page and "已发布" in page
    # a refused form comes back as a message
    response = client.post("/workdays/2027/days/", {"date": "2028-01-01", "kind": "holiday",
                                                    "name": "元旦"}, follow=True)  # fmt: skip
    assert "该日期不在2027年内" in response.content.decode()


def test_unknown_years_and_days_are_404(client, admin):
    _login(client, admin)
    assert client.get("/workdays/2027/").status_code == 404  # neither table nor built-in
    assert client.get("/workdays/2025/").status_code == 200  # built-in, read-only
    assert client.post("/workdays/2027/publish/").status_code == 404
    assert client.post("/workdays/2027/days/1/remove/").status_code == 404
    assert client.get("/workdays/99999999999999999999/").status_code == 404


def test_trial_deadline(client, reviewer):
    _login(client, reviewer)
    page = client.get("/workdays/", {"start": "2025-01-24", "n": "5"}).content.decode()
    assert "2025-02-07" in page
    page = client.get("/workdays/", {"start": "2026-12-30", "n": "5"}).content.decode()
    assert "2027年的法定节假日安排尚未录入工作日历" in page
    page = client.get("/workdays/", {"start": "2025-13-01", "n": "5"})
    assert page.status_code == 200
    page = client.get("/workdays/", {"start": "9999-12-31", "n": "5"})  # the last date there is
    assert page.status_code == 200 and "尚未录入工作日历" in page.content.decode()


def _tag(due, today) -> str:
    template = Template("{% load deadlines %}{% deadline due today %}")
    return template.render(Context({"due": due, "today": today}))


def test_deadline_tag(db):
    assert _tag(date(2025, 2, 7), date(2025, 1, 24)) == (
        '<span class="deadline deadline-ok" title="期限2025-02-07，按法定工作日计算">'
        "2025-02-07（还剩5个工作日）</span>"
    )
    assert "deadline-soon" in _tag(date(2025, 1, 27), date(2025, 1, 24))
    assert "（今天到期）" in _tag(date(2025, 1, 24), date(2025, 1, 24))
    overdue = _tag(date(2025, 2, 7), date(2025, 2, 10))
    assert "deadline-overdue" in overdue and "2025-02-07（已逾期2个工作日）" in overdue
    missing = _tag(date(2027, 1, 8), date(2026, 12, 28))
    assert "deadline-unknown" in missing and "2027年的法定节假日安排尚未录入工作日历" in missing
    assert _tag(None, None) == ""


def test_deadline_tag_in_english(db):
    with translation.override("en"):
        assert ">2025-02-07 (5 working days left)</span>" in _tag(
            date(2025, 2, 7), date(2025, 1, 24)
        )
        assert "(1 working day overdue)" in _tag(date(2025, 2, 7), date(2025, 2, 8))
        assert "(2 working days overdue)" in _tag(date(2025, 2, 7), date(2025, 2, 10))
        missing = _tag(date(2027, 1, 8), date(2026, 12, 28))
        assert "2027" in missing and "年" not in missing


def test_pages_in_english(client, admin):
    services.create_year(actor=admin, year=2027, source="测试")
    _login(client, admin, "en")
    page = client.get("/workdays/", {"start": "2026-12-30", "n": "5"}).content.decode()
    assert "Try a deadline" in page and "Add a year" in page
    assert "The statutory holidays of 2027 have not been entered" in page
    page = client.get("/workdays/2027/").content.decode()
    assert "Working-day calendar 2027" in page and "Not published" in page
    assert ">Publish</button>" in page


def test_full_width_digits_are_read_as_typed_by_an_input_method(client, reviewer, admin):
    """Issue #12: "１０" and "２０２７" as a Chinese input method types them."""
    _login(client, reviewer)
    page = client.get("/workdays/", {"start": "2025-01-24", "n": "５"}).content.decode()
    assert "2025-02-07" in page
    assert 'name="n" type="text" inputmode="numeric"' in page  # not type=number (refuses them)
    _login(client, admin)
    client.post("/workdays/years/", {"year": "２０２７", "source": "国务院办公厅通知（测试）"})
    assert CalendarYear.objects.filter(year=2027).exists()
