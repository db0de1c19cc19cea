"""Issue #8 §2: the report's error pages in English show no Chinese refusal. Each page is
driven into its refusals with the language switched to English; the visible error text (the
error boxes and error messages) may hold Chinese only where it quotes the user's own data (unit
and enterprise names, what was typed). The same refusals still read in Chinese."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tanhe.reports import services
from tests.english import HAN
from tests.english import chinese_left as han_left

from .conftest import JANUARY, entries
from .test_monthly_views import action_url, form_data, rid
from .test_views import fill_january, save_url, v

pytestmark = pytest.mark.django_db

ERROR_BLOCKS = re.compile(
    r'<div class="alert alert-error"[^>]*>.*?</div>|<p class="message message-error"[^>]*>.*?</p>',
    re.S,
)


def error_text(page: str) -> str:
    """The visible text of the page's error boxes and error messages."""
    blocks = " ".join(ERROR_BLOCKS.findall(page))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", blocks)).strip()


def chinese_left(page: str, data: list[str]) -> list[str]:
    """The Chinese of the page's error text once the user's data is taken out."""
    return han_left(error_text(page), data)


@pytest.fixture
def data(unit, enterprise):
    return [unit.name, enterprise.name]


def refusals(english, report, unit, filer) -> dict[str, str]:
    """Every kind of refusal of the number tables, the month pages, the daily records, the
    确定方式表 and the submission, as the pages show them."""
    fill_january(english, report, unit)
    pages = {}
    pages["table: not a number, too many decimals, a sign"] = english.post(
        save_url(report, "fuel"), {
            v(unit, "bituminous", "consumption", 2): "12,0x",
            v(unit, "bituminous", "ncv", 2): "20.12345",
            v(unit, "bituminous", "carbon_content", 2): "-1",
        })  # fmt: skip
    pages["table: a computed row before 自动计算"] = english.post(
        save_url(report, "production"), {v(unit, "", "load_factor_pct", 2): "50.00"}
    )
    month = form_data(english.get(reverse("reports:month", args=[report.pk, 2])).content.decode())
    month[f"v.{rid(unit, 'fuel', 'bituminous', 'ncv')}"] = "20,5x"
    month[f"s.{rid(unit, 'fuel', 'diesel', 'consumption')}"] = "台" * 201
    pages["month: bad value, overlong source"] = english.post(action_url(report, "save", 2), month)
    pages["month: seal without consumption"] = english.post(
        action_url(report, "seal", 3), {"confirm": "1"}
    )
    daily = reverse("reports:daily", args=[report.pk, unit.pk, "bituminous", 4])
    pages["daily records"] = english.post(
        daily, {"state": "fired", "d5-quantity": "x", "d6-ncv": "20.000"}
    )
    pages["submission"] = english.post(reverse("reports:submit", args=[report.pk]), {})
    services.save_cells(actor=filer, report=report, entries=entries(unit, 5, **JANUARY))
    services.seal_month(actor=filer, report=report, month=5)
    pages["table: a sealed month"] = english.post(
        save_url(report, "fuel"), {v(unit, "bituminous", "consumption", 5): "1.00"}
    )
    pages["month: amend without a reason"] = english.post(action_url(report, "amend", 5), {})
    return {name: response.content.decode() for name, response in pages.items()}


def test_the_report_pages_refuse_in_english(english, report, unit, filer, data):
    pages = refusals(english, report, unit, filer)
    found = {name: chinese_left(page, data) for name, page in pages.items()}
    assert {name: han for name, han in found.items() if han} == {}
    assert "is not a number" in error_text(pages["table: not a number, too many decimals, a sign"])
    assert "May is sealed" in error_text(pages["table: a sealed month"])


def test_the_same_refusals_read_in_chinese(client, report, unit, filer, data):
    client.force_login(filer)
    pages = refusals(client, report, unit, filer)
    assert "“12,0x”不是数字" in error_text(pages["table: not a number, too many decimals, a sign"])
    assert "5月已存证" in error_text(pages["table: a sealed month"])
    assert all(HAN.search(error_text(page)) for page in pages.values())


def test_the_check_sees_a_chinese_refusal(data):
    page = '<div class="alert alert-error" role="alert">1号机组：数值不能为空</div>'
    assert chinese_left(page, data) == ["数值不能为空"]
