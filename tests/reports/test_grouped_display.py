"""Thousands separators on display only: a read-only report page shows 120,345.67; the same value
in an input keeps its canonical text, and the Excel, JSON and CSV files carry no separator."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from tanhe.reports import services

from .conftest import fill_year
from .test_views import edit_url, html, table_form, v

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client, filer):
    client.force_login(filer)
    return client


@pytest.fixture
def computed(filer, report, unit):
    fill_year(filer, report, unit)
    services.autocalc(actor=filer, report=report)
    return report


def test_a_read_only_page_groups_and_inputs_keep_the_canonical_text(owner, computed, unit):
    page = html(owner.get(reverse("reports:view", args=[computed.pk])))
    assert '<span class="value">120,345.67</span>' in page  # the consumption, each month
    assert re.search(r'id="plant-total">2,745,730\.80<', page)  # 信息汇总表
    assert '<td class="num annual-col">1,444,148.04</td>' in page  # 12 × 120345.67

    inputs = table_form(owner.get(edit_url(computed, "fuel")))
    assert inputs[v(unit, "bituminous", "consumption", 1)] == "120345.67"
    assert not any("," in value for value in inputs.values())


def test_exports_carry_no_grouping(owner, computed):
    workbook = owner.get(reverse("reports:excel_export", args=[computed.pk]))
    assert workbook.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(workbook.streaming_content)
                                             if workbook.streaming else workbook.content))  # fmt: skip
    texts = [str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value]
    assert any("120345.67" in t for t in texts)
    assert not any(re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", t) for t in texts)

    exported = owner.get(reverse("reports:json_export", args=[computed.pk]))
    assert exported.status_code == 200
    body = b"".join(exported.streaming_content) if exported.streaming else exported.content
    assert b'"120345.67"' in body and b"120,345" not in body
