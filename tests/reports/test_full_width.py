"""Issue #12 item 6: full-width digits (１２．５), as a Chinese input method types them, are
accepted and normalised on every numeric input of the report: the number tables, the monthly
存证 form, the daily records, the 供热计量 rows, the Excel and the JSON import."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tanhe.reports import services

from .conftest import JANUARY, entries
from .test_monthly_views import action_url, form_data, rid
from .test_views import fill_january, save_url, v

pytestmark = pytest.mark.django_db


def wide(text: str) -> str:
    """ASCII digits, "." and "," as a full-width input method types them."""
    return text.translate(str.maketrans("0123456789.,", "０１２３４５６７８９．，"))


@pytest.fixture
def owner(client, filer):
    client.force_login(filer)
    return client


def value(report, unit, table, fuel, key, month):
    cell = report.cells.filter(unit=unit, table=table, fuel=fuel, key=key, month=month).first()
    return cell.value if cell else None


def test_the_number_table(owner, report, unit):
    response = owner.post(save_url(report, "fuel"), {
        v(unit, "bituminous", "consumption", 2): wide("120,345.67"),
        v(unit, "bituminous", "ncv", 2): wide("20.512"),
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert value(report, unit, "fuel", "bituminous", "consumption", 2) == "120345.67"
    assert value(report, unit, "fuel", "bituminous", "ncv", 2) == "20.512"


def test_the_monthly_form(owner, report, unit):
    data = form_data(owner.get(reverse("reports:month", args=[report.pk, 2])).content.decode())
    data[f"v.{rid(unit, 'production', '', 'generation_mwh')}"] = wide("301234.567")
    response = owner.post(action_url(report, "save", 2), data)
    assert response.status_code == 302, re.findall(r"<li>(.*?)</li>", response.content.decode())
    assert value(report, unit, "production", "", "generation_mwh", 2) == "301234.567"


def test_the_daily_records(owner, report, unit):
    url = reverse("reports:daily", args=[report.pk, unit.pk, "bituminous", 2])
    response = owner.post(url, {"state": "fired", "d3-quantity": wide("4,012.50"),
                                "d3-ncv": wide("20.5"), "d3-carbon": wide("52.31")})  # fmt: skip
    assert response.status_code == 302
    record = report.daily_records.get()
    assert (record.quantity, record.ncv, record.carbon_content) == ("4012.50", "20.5", "52.31")


def test_the_heat_rows(owner, report, unit):
    fill_january(owner, report, unit)
    url = reverse("reports:heat", args=[report.pk, unit.pk, 1])
    response = owner.post(url, {"rows": "1", "r1-kind": "steam", "r1-mass_t": wide("1000.000"),
                                "r1-enthalpy_kj_per_kg": wide("2800.00")})  # fmt: skip
    assert response.status_code == 302
    assert report.heat_measurements.get().mass_t == "1000.000"


def test_the_services_take_them_from_any_path(report, unit, filer):
    """The Excel and JSON imports save through save_cells: the same rule."""
    services.save_cells(actor=filer, report=report, entries=entries(
        unit, 3, **{k: wide(x) for k, x in JANUARY.items()}))  # fmt: skip
    assert value(report, unit, "fuel", "bituminous", "consumption", 3) == "120345.67"
    assert value(report, unit, "electricity", "", "mwh", 3) == "512.30"


# -- messages name the fuel (issue #12 item 6) ----------------------------------------------------
def _flash(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_the_upload_message_names_unit_fuel_month_and_row(owner, report, unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import PDF

    row = rid(unit, "fuel", "bituminous", "consumption")
    upload = SimpleUploadedFile("盘点表.pdf", PDF)
    response = owner.post(action_url(report, "evidence", 1), {"row": row, "file": upload},
                          follow=True)  # fmt: skip
    assert "已上传支撑材料“盘点表.pdf”：1号机组 烟煤 1月 消耗量" in _flash(response)


def test_the_daily_and_heat_messages_name_where(owner, report, unit):
    url = reverse("reports:daily", args=[report.pk, unit.pk, "diesel", 2])
    response = owner.post(url, {"state": "fired", "d3-quantity": "1.00"}, follow=True)
    assert _flash(response) == [
        "已保存1号机组 柴油 2月的 1 条日记录。请点击“自动计算”，由日记录汇总该月的消耗量、"
        "低位发热量和元素碳含量。"
    ]
    url = reverse("reports:heat", args=[report.pk, unit.pk, 2])
    response = owner.post(url, {"rows": "1", "r1-kind": "steam", "r1-mass_t": "1000.000",
                                "r1-enthalpy_kj_per_kg": "2800.00"}, follow=True)  # fmt: skip
    assert _flash(response) == [
        "已保存1号机组 2月的 1 条供热计量。请点击“自动计算”，由计量数据计算该月的供热量。"
    ]
