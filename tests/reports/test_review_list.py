"""The review list (/review/reports/) on the demo (its 2025 campaign gives 江苏 five submitted
reports): each report's total emissions (the 信息汇总表's 全厂合计, grouped), its warnings and its
months over but not sealed, sorted on the server by each column, in a number of queries that
does not grow with the number of reports."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tanhe.accounts.models import User
from tanhe.demo import build_demo
from tanhe.demo.verification import build_demo_campaign
from tanhe.reports import selectors
from tanhe.reports.models import Report, ReportFigures

pytestmark = pytest.mark.django_db

LIST = reverse("report_review:list")
ROW = re.compile(
    r'<th scope="row"><a href="/review/reports/(\d+)/">([^<]+)</a></th>.*?'
    r'data-col="total">(.*?)</td>.*?data-col="warnings">(.*?)</td>.*?'
    r'data-col="unsealed">(.*?)</td>',
    re.S,
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """build_demo() and its campaign once; every test runs in a savepoint inside."""
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        build_demo_campaign()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def reviewer(demo) -> Client:
    client = Client()
    client.force_login(User.objects.get(username="js-reviewer"))
    return client


def rows(client: Client, **query: str) -> list[tuple[str, str, str, str]]:
    """(plant, total, warnings, unsealed) of each row, in the page's order, tags stripped."""
    page = client.get(LIST, query).content.decode()
    strip = lambda text: re.sub(r"<[^>]+>", "", text).strip()  # noqa: E731
    return [(name, strip(t), strip(w), strip(u)) for _pk, name, t, w, u in ROW.findall(page)]


def test_each_report_shows_its_total_warnings_and_unsealed_months(reviewer):
    listed = rows(reviewer, sort="plant")
    assert [(name, total, unsealed) for name, total, _w, unsealed in listed] == [
        ("南京六合滨江发电有限公司（合成）", "7,199,119.38", "12"),
        ("扬州江都沿江发电有限公司（合成）", "7,022,138.82", "12"),
        ("泰兴滨江发电有限公司（合成）", "6,481,856.10", "12"),
        ("泰州江畔发电有限公司", "6,843,673.72", "2"),  # January–October sealed
        ("镇江丹徒江岸发电有限公司（合成）", "6,663,507.20", "12"),
    ]
    # the total is the review page's own 全厂合计; the warnings its list's length
    for report in Report.objects.filter(figures__isnull=False):
        _rows, total = selectors.summary(report)
        assert report.figures.total == str(total.total)
    taizhou = next(r for r in listed if r[0] == "泰州江畔发电有限公司")
    assert taizhou[2] == str(
        ReportFigures.objects.get(report__enterprise__name=taizhou[0]).warnings
    )


def test_sorted_by_total_warnings_and_unsealed_months_both_ways(reviewer):
    totals = [Decimal(t.replace(",", "")) for _n, t, _w, _u in rows(reviewer, sort="total")]
    assert totals == sorted(totals) and len(totals) == 5
    down = [t for _n, t, _w, _u in rows(reviewer, sort="total", dir="desc")]
    assert down == ["7,199,119.38", "7,022,138.82", "6,843,673.72", "6,663,507.20",
                    "6,481,856.10"]  # fmt: skip
    assert [u for *_x, u in rows(reviewer, sort="unsealed")] == ["2", "12", "12", "12", "12"]
    assert [u for *_x, u in rows(reviewer, sort="unsealed", dir="desc")][-1] == "2"
    warnings = [int(w) for _n, _t, w, _u in rows(reviewer, sort="warnings", dir="desc")]
    assert warnings == sorted(warnings, reverse=True)
    page = reviewer.get(LIST, {"sort": "total", "dir": "desc"}).content.decode()
    assert 'aria-sort="descending"' in page
    assert reviewer.get(LIST, {"sort": "nonsense"}).status_code == 200  # the default order


def test_the_number_of_queries_does_not_grow_with_the_reports(
    reviewer, django_assert_max_num_queries
):
    reviewer.get(LIST)  # the figures of each submitted version, worked out once
    assert ReportFigures.objects.count() == 5
    with django_assert_max_num_queries(12) as all_five:
        assert len(rows(reviewer, sort="total")) == 5
    with django_assert_max_num_queries(12) as one:
        assert len(rows(reviewer, q="泰州江畔")) == 1
    assert len(all_five.captured_queries) == len(one.captured_queries)
