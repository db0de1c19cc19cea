"""Review with the evidence at hand (issue #12, item 5): the reviewer's comments at a place of a
submitted version (a table, row, unit and fuel, month) — the service, who may, what is refused,
the audit row, and where the plant sees it (at that cell of its number table, and in the
summary) — the review page's links from each number to its month 存证 and from the counts to
the daily records, its list of unsealed months and warnings, and who may read those pages."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.reports import review_places, services
from tanhe.reports.models import Report, ReportComment, ReportState
from tanhe.reports.review_places import CommentPlace
from tanhe.reports.services import DailyInput

from .scans import scan_of
from .test_views import edit_url, html, make_ready, submitted_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(filer, report, unit) -> Report:
    return submitted_report(filer, report, unit)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def detail_url(report: Report) -> str:
    return reverse("report_review:detail", args=[report.pk])


CELL = {"table": "fuel", "row": "fuel:consumption", "block": "", "month": "3"}


def cell_post(unit, text: str = "3月入炉煤消耗量与皮带秤月报不一致，请核对") -> dict[str, str]:
    return CELL | {"block": f"u{unit.pk}:bituminous", "text": text}


# -- the service ------------------------------------------------------------------------------------
def test_a_comment_at_a_cell_is_kept_with_its_place_and_audited(reviewer, submitted, unit):
    place = review_places.parse(submitted, cell_post(unit))
    comment = services.comment(actor=reviewer, report=submitted, text=" 请核对 ", place=place)
    comment.refresh_from_db()
    assert (comment.table, comment.row_key, comment.unit_id, comment.fuel, comment.month) == (
        "fuel", "consumption", unit.pk, "bituminous", 3,
    )  # fmt: skip
    assert comment.text == "请核对"
    assert comment.where == "燃料信息表 · 1号机组 烟煤 · 消耗量 · 3月"
    entry = AuditEntry.objects.get(action=Action.REPORT_COMMENT)
    assert entry.actor == reviewer and "请核对" in entry.note and "3月" in entry.note


def test_other_province_and_the_plant_may_not_comment(other_reviewer, filer, submitted):
    place = CommentPlace("summary")
    for actor in (other_reviewer, filer):
        with pytest.raises(PermissionDenied):
            services.comment(actor=actor, report=submitted, text="x", place=place)
    assert not ReportComment.objects.exists()


@pytest.mark.parametrize(
    ("post", "field"),
    [
        ({"table": "nonsense"}, "table"),
        ({"table": "electricity", "row": "fuel:consumption"}, "row"),  # a row of another table
        ({"table": "fuel", "row": "fuel:no_such_row"}, "row"),
        ({"table": "fuel", "block": "u999999"}, "block"),
        ({"table": "fuel", "month": "13"}, "month"),
        ({"table": "fuel", "month": "３"}, "month"),  # full-width digit: not a month id
    ],
)
def test_a_place_not_in_the_report_is_refused_naming_the_field(submitted, post, field):
    with pytest.raises(ValidationError) as refused:
        review_places.parse(submitted, post)
    assert field in refused.value.message_dict


def test_an_empty_comment_and_a_decided_version_are_refused(reviewer, submitted):
    with pytest.raises(ValidationError, match="请填写审核意见"):
        services.comment(actor=reviewer, report=submitted, text="  ", place=CommentPlace("tests"))
    services.accept(actor=reviewer, report=submitted)
    with pytest.raises(ValidationError, match="不能再添加审核意见"):
        services.comment(actor=reviewer, report=submitted, text="x", place=CommentPlace("tests"))


# -- the plant sees it at that cell --------------------------------------------------------------
def test_the_plant_sees_the_comment_at_the_cell_once_returned(reviewer, filer, submitted, unit):
    reviewer_client = client_of(reviewer)
    response = reviewer_client.post(
        reverse("report_review:comment", args=[submitted.pk]), cell_post(unit)
    )
    assert response.status_code == 302
    comment = ReportComment.objects.get()
    # the reviewer's note, not yet the plant's: its view of the submitted version does not list it
    plant = client_of(filer)
    assert "与皮带秤月报不一致" not in html(plant.get(edit_url(submitted, "fuel")))
    review_page = html(reviewer_client.get(detail_url(submitted)))
    assert "与皮带秤月报不一致" in review_page  # listed, and marked at its cell
    marked = re.findall(r'<td class="num cell has-comment[^"]*"[^>]*>(.*?)</td>', review_page, re.S)
    assert len(marked) == 1 and f'href="#comment-{ReportComment.objects.get().pk}"' in marked[0]
    draft = services.return_for_correction(actor=reviewer, report=submitted, text="请按意见补正")
    page = html(plant.get(edit_url(draft, "fuel")))
    # listed above the table, and marked at 1号机组 烟煤 消耗量 3月 (that cell only)
    assert (
        f'id="comment-{comment.pk}"' in page and "燃料信息表 · 1号机组 烟煤 · 消耗量 · 3月" in page
    )
    cells = re.findall(r'<td class="num cell has-comment[^"]*"[^>]*>(.*?)</td>', page, re.S)
    assert len(cells) == 1
    assert f'name="v:{unit.pk}:bituminous:consumption:3"' in cells[0]
    assert f'href="#comment-{comment.pk}"' in cells[0]
    # the summary on every section names the place and links to it
    summary = html(plant.get(edit_url(draft, "basic")))
    link = reverse("reports:edit", args=[draft.pk, "fuel"]) + f"#comment-{comment.pk}"
    assert link in summary and "请按意见补正" in summary


def test_a_comment_on_a_row_marks_the_row_and_on_a_table_lists_it(reviewer, filer, submitted, unit):
    services.comment(actor=reviewer, report=submitted, text="全年供电量偏低",
                     place=CommentPlace("production", "supply_mwh"))  # fmt: skip
    services.comment(actor=reviewer, report=submitted, text="确定方式表缺少报告编号",
                     place=CommentPlace("tests", unit=unit, fuel="bituminous"))  # fmt: skip
    draft = services.return_for_correction(actor=reviewer, report=submitted, text="见各表意见")
    plant = client_of(filer)
    production = html(plant.get(edit_url(draft, "production")))
    assert len(re.findall(r'<th scope="row" class="param-col has-comment"', production)) == 1
    listed = production[production.index("section-comments") :]
    assert "全年供电量偏低" in listed and "确定方式表缺少报告编号" not in listed
    tests_page = html(plant.get(edit_url(draft, "tests")))
    assert "确定方式表 · 1号机组 烟煤" in tests_page and "确定方式表缺少报告编号" in tests_page


# -- the review page: the evidence one click away --------------------------------------------------
def test_every_number_links_to_its_month_evidence_and_counts_to_the_records(
    reviewer, submitted, unit
):
    page = html(client_of(reviewer).get(detail_url(submitted)))
    month_page = reverse("reports:month", args=[submitted.pk, 1])
    anchor = f"{month_page}#row-{unit.pk}-fuel-bituminous-consumption"
    assert re.search(rf'<a class="value evidence-link" href="{anchor}"[^>]*>120,345\.67</a>', page)
    electricity = f"{month_page}?tab=electricity#row-{unit.pk}-electricity---mwh"
    assert f'href="{electricity}"' in page
    # the month page carries that row, and the way back to the review
    month = html(client_of(reviewer).get(month_page))
    assert f'id="row-{unit.pk}-fuel-bituminous-consumption"' in month
    assert f'href="{detail_url(submitted)}"' in month


def test_the_daily_records_count_links_to_a_page_the_reviewer_may_read(
    reviewer, other_reviewer, filer, report, unit, other_enterprise
):
    make_ready(filer, report, unit)
    services.save_daily_records(actor=filer, report=report, unit=unit, fuel="bituminous",
                                month=1, rows=daily_rows())  # fmt: skip
    services.autocalc(actor=filer, report=report, confirm=True)  # January from its records
    scan = scan_of(report)
    services.upload_stamped_pdf(actor=filer, report=report, upload=scan, name="盖章版.pdf")
    services.submit(actor=filer, report=report)
    submitted = Report.objects.get(pk=report.pk)
    daily = reverse("reports:daily", args=[submitted.pk, unit.pk, "bituminous", 1])
    page = html(client_of(reviewer).get(detail_url(submitted)))
    assert f'href="{daily}"' in page
    response = client_of(reviewer).get(daily)
    assert response.status_code == 200 and 'name="d1-quantity"' not in html(response)
    assert f'href="{detail_url(submitted)}#r-fuel"' in html(response)  # back to the review
    heat = reverse("reports:heat", args=[submitted.pk, unit.pk, 1])
    assert client_of(reviewer).get(heat).status_code == 200
    # another province's reviewer, another plant: not found; posting stays the owner's
    other_plant = other_enterprise.users.get()
    for user in (other_reviewer, other_plant):
        for url in (daily, heat, reverse("reports:month", args=[submitted.pk, 1])):
            assert client_of(user).get(url).status_code == 404, (user, url)
    assert client_of(reviewer).post(daily, {}).status_code == 403


def daily_rows() -> list[DailyInput]:
    return [DailyInput(date(2023, 1, d), "4000", "20.512", "52.31") for d in range(1, 32)]


def test_the_top_lists_unsealed_months_and_warnings_with_links(reviewer, submitted):
    page = html(client_of(reviewer).get(detail_url(submitted)))
    top = page[page.index('id="review-points"') : page.index('id="r-basic"')]
    assert "未存证的月份：12 个" in top  # the 2023 fixture seals no month
    for month in (1, 12):
        assert f'href="{reverse("reports:month", args=[submitted.pk, month])}"' in top
    assert "未处理的提示" in top


def test_a_refused_comment_shows_the_form_again_with_the_reason(reviewer, submitted):
    response = client_of(reviewer).post(
        reverse("report_review:comment", args=[submitted.pk]),
        {"table": "fuel", "row": "production:supply_mwh", "text": "保留的文字"},
    )
    assert response.status_code == 400
    page = html(response)
    assert "所选的行属于生产数据表，不属于所选的表" in page and "保留的文字" in page
    assert not ReportComment.objects.exists()
    assert submitted.state == ReportState.SUBMITTED
