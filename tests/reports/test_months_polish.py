"""Issue #12 item 6 (the months page): after the annual report is submitted no more days overdue
are counted; a month sealed after its deadline carries a late mark with the days late; the seal
step shows the month's open warnings before sealing."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tanhe.reports import monthly_display, services
from tanhe.reports.models import Report

from .conftest import JANUARY, entries
from .test_monthly_views import html, month_row, month_url, months_url, text_of

pytestmark = pytest.mark.django_db
LOCAL = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def owner(client, filer):
    client.force_login(filer)
    return client


@pytest.fixture
def at(monkeypatch):
    """Run the services at a fixed moment (the seal's time and "today")."""

    def fix(moment: datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return fix


def _stats(page: str) -> str:
    return text_of(page.split('class="totals month-totals">')[1].split("</div>\n</div>")[0])


def test_after_submission_no_more_days_overdue_are_counted(owner, report, unit, filer, at,
                                                           monkeypatch):  # fmt: skip
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    at(datetime(2023, 2, 10, 9, 0, tzinfo=LOCAL))
    services.seal_month(actor=filer, report=report, month=1)
    submitted = datetime(2024, 1, 20, 15, 0, tzinfo=LOCAL)
    Report.objects.filter(pk=report.pk).update(state="submitted", submitted_at=submitted)
    at(
        datetime(2024, 12, 31, 9, 0, tzinfo=LOCAL)
    )  # 332 days after December's deadline (2024-02-09)
    monkeypatch.setattr(monthly_display, "today", lambda: date(2024, 12, 31))
    page = html(owner.get(months_url(report)))
    # February (due 2023-04-09) to December: not sealed, and no longer counted as overdue
    for month in (2, 11, 12):
        line = month_row(page, month)
        assert "未存证（年报已提交）" in line and "逾期" not in line and "剩余" not in line
    assert "332" not in page and "逾期 " not in text_of(page.split("month-table")[1])
    assert _stats(page) == "已存证 1 / 12 逾期未存证 0 修改中 0 未存证 11"
    page = html(owner.get(month_url(report, 12)))
    month = text_of(page.split('class="plan-head"')[1].split("</header>")[0])
    assert "未存证（年报已提交）" in month and "逾期" not in month


def test_a_month_sealed_late_is_marked_with_the_days_late(owner, report, unit, filer, at):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    services.save_cells(actor=filer, report=report, entries=entries(unit, 2, **JANUARY))
    at(datetime(2023, 3, 20, 10, 0, tzinfo=LOCAL))  # January's deadline: 2023-03-12
    services.seal_month(actor=filer, report=report, month=1)
    at(
        datetime(2023, 4, 9, 23, 0, tzinfo=LOCAL)
    )  # February's deadline: 2023-04-09, sealed on the day
    services.seal_month(actor=filer, report=report, month=2)
    page = html(owner.get(months_url(report)))
    assert "已存证 逾期存证（晚于截止日 8 天）" in month_row(page, 1)
    assert "逾期存证" not in month_row(page, 2) and "已存证" in month_row(page, 2)
    page = html(owner.get(month_url(report, 1)))
    head = text_of(page.split('class="plan-head"')[1].split("</h1>")[0])
    assert head.endswith("已存证 逾期存证（晚于截止日 8 天）")
    # amended and sealed again on time would not clear it: the first seal was late
    filing = services.amend_month(actor=filer, filing=report.enterprise.month_filings.get(
        month=1), reason="热值复检")  # fmt: skip
    assert "逾期存证（晚于截止日 8 天）" in month_row(html(owner.get(months_url(report))), 1)
    assert filing.state == "amending"
    at(datetime(2023, 5, 4, 10, 0, tzinfo=LOCAL))  # sealed again: the first seal is kept
    filing = services.seal_month(actor=filer, report=report, month=1)
    assert filing.revision == 2 and timezone.localdate(filing.sealed_at) == date(2023, 5, 4)
    assert timezone.localdate(filing.first_sealed_at) == date(2023, 3, 20)
    owner.force_login(filer)  # the session timed out on the moved clock
    assert "逾期存证（晚于截止日 8 天）" in month_row(html(owner.get(months_url(report))), 1)


def test_the_seal_step_shows_the_months_open_warnings(owner, report, unit, filer):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    services.save_cells(actor=filer, report=report, entries=entries(unit, 2, **JANUARY))
    assert services.autocalc(actor=filer, report=report).applied
    services.save_cells(actor=filer, report=report, entries=[
        services.CellInput(unit, "fuel", "bituminous", "heat_gj", 1, "2468530.000")])  # fmt: skip
    seal = html(owner.get(month_url(report, 1))).split('id="seal"')[1].split("</section>")[0]
    assert "本月有 1 条提示，请在存证前核实（不影响存证）" in text_of(seal)
    assert (
        "1号机组 烟煤 1月 化石燃料热量：2468530.000 与自动计算结果 2468530.383 不一致（手工修改）"
        in text_of(seal).replace(" ：", "：")
    )
    # February's own: January's figures repeated give 744 h in a month of 672
    seal = html(owner.get(month_url(report, 2))).split('id="seal"')[1].split("</section>")[0]
    seal = text_of(seal).replace(" ：", "：")
    assert "本月有 1 条提示" in seal and "化石燃料热量" not in seal
    assert "1号机组 2月 运行小时数：运行小时数744.00 h超过当月日历小时数672 h" in seal


def test_the_marks_read_in_english(english, report, unit, filer, at):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    at(datetime(2023, 3, 13, 10, 0, tzinfo=LOCAL))  # a day after January's deadline
    services.seal_month(actor=filer, report=report, month=1)
    Report.objects.filter(pk=report.pk).update(
        state="submitted", submitted_at=datetime(2024, 1, 20, 15, 0, tzinfo=LOCAL)
    )
    page = html(english.get(months_url(report)))
    assert "Sealed late (1 day after the deadline)" in month_row(page, 1)
    assert "Not sealed (annual report submitted)" in month_row(page, 2)
