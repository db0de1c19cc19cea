"""Issue #12 item 4: two ways of giving one value in the same month are refused when saved — by
the report table, the monthly 存证 page, the daily records, the Excel and the JSON import — with
the cells involved marked and the message naming the rows to clear in the form's own words (the
engine's own rule, tanhe.accounting.sources, asked at save); the annual column says why it is
blank."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from tanhe.accounting import sources
from tanhe.accounting.model import FuelMonth
from tanhe.reports import calculation, services
from tanhe.reports.excel.refusals import WorkbookRejected
from tanhe.reports.excel_services import import_json
from tanhe.reports.models import ReportCell
from tanhe.reports.problems import texts
from tanhe.reports.services import CellErrors, CellInput, DailyInput

from .conftest import JANUARY, entries
from .test_monthly_views import action_url, form_data, rid
from .test_views import save_url, v

pytestmark = pytest.mark.django_db

ZH = (
    "1号机组 烟煤 3月：元素碳含量只能用一种方式给出，但“收到基元素碳含量”和“空气干燥基元素碳含量”"
    "都已填写：请保留其中一项，清空其余各项（由空气干燥基或干燥基换算时，“收到基元素碳含量”留空，"
    "由自动计算填入）"
)
EN = (
    "1号机组 Bituminous coal Mar: Elemental carbon content can be given one way only, but "
    "“Carbon, as received” and “Carbon, air-dried basis” are filled in: keep one and clear the "
    "others (when converting from the air-dried or dry basis, leave “Carbon, as received” empty: "
    "Auto-calculate fills it)"
)


def _march(unit, **more: str) -> list[CellInput]:
    return entries(unit, 3, **(JANUARY | more))


def _places(exc: CellErrors) -> set[str]:
    return {p.rsplit(".", 2)[-2] for p in exc.places if not p.endswith("..3")}


def test_the_save_asks_the_engines_rule():
    """One rule: the engine's carbon ways are the ones the save names."""
    month = FuelMonth(3, carbon_content=__import__("decimal").Decimal("52.31"),
                      carbon_content_ad=__import__("decimal").Decimal("60.00"))  # fmt: skip
    [conflict] = sources.conflicts(sources.FUEL_MONTH, sources.fuel_month_inputs(month))
    assert conflict.given == ("carbon_content", "carbon_content_ad")
    assert conflict.alternatives.code == "carbon_sources"


def test_a_second_way_of_giving_carbon_is_refused_in_words(report, unit, filer):
    bad = _march(unit, bituminous__carbon_content_ad="60.00", bituminous__moisture_ar="8.00",
                 bituminous__moisture_ad="1.00")  # fmt: skip
    with pytest.raises(CellErrors) as exc:
        services.save_cells(actor=filer, report=report, entries=bad)
    assert exc.value.problems == [ZH]
    assert _places(exc.value) == {"carbon_content", "carbon_content_ad"}
    assert report.cells.count() == 0  # nothing saved
    with translation.override("en"), pytest.raises(CellErrors) as exc:
        services.save_cells(actor=filer, report=report, entries=bad)
    assert exc.value.problems == [EN]


def test_a_conflict_made_by_one_cell_against_a_stored_one(report, unit, filer):
    services.save_cells(actor=filer, report=report, entries=_march(unit))
    with pytest.raises(CellErrors) as exc:
        services.save_cells(actor=filer, report=report, entries=entries(
            unit, 3, bituminous__carbon_content_d="58.00"))  # fmt: skip
    assert _places(exc.value) == {"carbon_content", "carbon_content_d"}
    assert "但“收到基元素碳含量”和“干燥基元素碳含量”都已填写" in exc.value.problems[0]
    # clearing one of them in the same save is what the message asks: accepted
    services.save_cells(actor=filer, report=report, entries=entries(
        unit, 3, bituminous__carbon_content_d="58.00", bituminous__carbon_content="",
        bituminous__moisture_ar="8.00"))  # fmt: skip
    assert services.autocalc(actor=filer, report=report).applied


def test_three_ways_are_listed(report, unit, filer):
    bad = _march(unit, bituminous__carbon_content_ad="60.00", bituminous__carbon_content_d="58.00")
    with pytest.raises(CellErrors) as exc:
        services.save_cells(actor=filer, report=report, entries=bad)
    assert (
        "但“收到基元素碳含量”、“空气干燥基元素碳含量”和“干燥基元素碳含量”都已填写"
        in (exc.value.problems[0])
    )


def test_a_value_autocalc_filled_is_no_second_way(report, unit, filer):
    """收到基元素碳含量 computed from the air-dried basis is 自动计算's, not an entry."""
    basis = _march(unit, bituminous__carbon_content="", bituminous__carbon_content_ad="60.00",
                   bituminous__moisture_ar="8.00", bituminous__moisture_ad="1.00")  # fmt: skip
    services.save_cells(actor=filer, report=report, entries=[e for e in basis if e.value])
    assert services.autocalc(actor=filer, report=report).applied
    computed = report.cells.get(unit=unit, fuel="bituminous", key="carbon_content", month=3)
    assert computed.origin == "auto"
    services.save_cells(actor=filer, report=report, entries=entries(
        unit, 3, bituminous__moisture_ar="8.50"))  # fmt: skip
    with pytest.raises(CellErrors):  # typed over it, it becomes a second way
        services.save_cells(actor=filer, report=report, entries=entries(
            unit, 3, bituminous__carbon_content="55.00"))  # fmt: skip


def test_daily_records_with_carbon_beside_a_typed_basis(report, unit, filer):
    services.save_cells(actor=filer, report=report, entries=entries(
        unit, 3, bituminous__carbon_content_d="58.00", bituminous__moisture_ar="8.00"))  # fmt: skip
    from datetime import date

    rows = [DailyInput(date(2023, 3, 1), "100.00", "20.000", "52.00")]
    with pytest.raises(CellErrors) as exc:
        services.save_daily_records(actor=filer, report=report, unit=unit, fuel="bituminous",
                                    month=3, rows=rows)  # fmt: skip
    assert exc.value.problems == [
        "1号机组 烟煤 3月：元素碳含量只能用一种方式给出，但“干燥基元素碳含量”和“日记录中的元素碳含量”"
        "都已填写：请保留其中一项，清空其余各项（有日记录的月份，元素碳含量由日记录按消耗量加权得出）"
    ]
    assert not report.daily_records.exists()
    # records without carbon give no second way
    rows = [DailyInput(date(2023, 3, 1), "100.00", "20.000", "")]
    services.save_daily_records(actor=filer, report=report, unit=unit, fuel="bituminous",
                                month=3, rows=rows)  # fmt: skip


def test_the_table_page_marks_both_cells(client, filer, report, unit):
    client.force_login(filer)
    response = client.post(save_url(report, "fuel"), {
        **{v(unit, "bituminous", k, 3): val for k, val in (
            ("consumption", "100.00"), ("ncv", "20.000"), ("carbon_content", "52.31"),
            ("carbon_content_ad", "60.00"), ("moisture_ar", "8.00"), ("moisture_ad", "1.00"))},
    })  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert ZH in re.sub(r"\s+", " ", page)
    marked = re.findall(r'<td class="[^"]*has-error[^"]*"[^>]*>\s*<input[^>]*name="([^"]+)"', page)
    assert sorted(marked) == sorted(
        [v(unit, "bituminous", "carbon_content", 3), v(unit, "bituminous", "carbon_content_ad", 3)]
    )
    assert not report.cells.exists()


def test_the_monthly_page_refuses_and_marks_the_rows(client, filer, report, unit):
    client.force_login(filer)
    data = form_data(client.get(reverse("reports:month", args=[report.pk, 3])).content.decode())
    data[f"v.{rid(unit, 'fuel', 'bituminous', 'consumption')}"] = "100.00"
    data[f"v.{rid(unit, 'fuel', 'bituminous', 'carbon_content')}"] = "52.31"
    data[f"v.{rid(unit, 'fuel', 'bituminous', 'carbon_content_ad')}"] = "60.00"
    page = client.post(action_url(report, "save", 3), data).content.decode()
    assert ZH in re.sub(r"\s+", " ", page)
    for key in ("carbon_content", "carbon_content_ad"):
        row = re.search(rf'<tr[^>]*id="row-{unit.pk}-fuel-bituminous-{key}"[^>]*>', page)
        assert row and "has-error" in row.group(0), key
    row = re.search(rf'<tr[^>]*id="row-{unit.pk}-fuel-bituminous-ncv"[^>]*>', page)
    assert row and "has-error" not in row.group(0)
    assert not report.cells.exists()


def test_the_json_import_refuses_it_the_same_way(report, unit, filer):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    document = calculation.plant_year_data(report, report.cells.all())
    [coal] = [f for f in document["units"][0]["fuels"] if f["fuel"] == "bituminous"]
    coal["months"].append(
        {
            "month": 3,
            "consumption": "100.00",
            "ncv": "20.000",
            "carbon_content": "52.31",
            "carbon_content_ad": "60.00",
            "moisture_ar": "8.00",
            "moisture_ad": "1.00",
            "state": "fired",
        }
    )
    data = json.dumps(document, ensure_ascii=False).encode()
    with pytest.raises(WorkbookRejected) as exc:
        import_json(actor=filer, report=report, data=data, name="plant.json")
    assert [str(p) for p in exc.value.problems] == [ZH]
    assert not report.cells.filter(month=3).exists()


def _stored_conflict(report, unit, filer):
    """March with a conflict stored before the rule was asked at save (written directly)."""
    services.save_cells(actor=filer, report=report, entries=_march(unit))
    ReportCell.objects.create(report=report, unit=unit, table="fuel", fuel="bituminous",
                              key="carbon_content_ad", month=3, value="60.00")  # fmt: skip


def test_autocalc_names_a_stored_conflict_in_the_same_words(client, filer, report, unit):
    _stored_conflict(report, unit, filer)
    outcome = services.autocalc(actor=filer, report=report)
    assert not outcome.applied
    [problem] = outcome.problems
    assert texts([problem], {unit.pk: unit.name}) == [ZH]
    assert {p.key for p in problem.marks} == {"carbon_content", "carbon_content_ad"}
    # the table's 自动计算 button shows it with both cells marked
    client.force_login(filer)
    page = client.post(reverse("reports:autocalc", args=[report.pk]), {"back": "fuel"})
    html = page.content.decode()
    marked = re.findall(r'<td class="[^"]*has-error[^"]*"[^>]*>\s*<input[^>]*name="([^"]+)"', html)
    assert sorted(marked) == sorted(
        [v(unit, "bituminous", "carbon_content", 3), v(unit, "bituminous", "carbon_content_ad", 3)]
    )
    assert "carbon_content_ad" not in re.sub(r'name="[^"]*"|id="[^"]*"', "", html.split(
        'class="alert alert-error"')[1].split("</div>")[0])  # fmt: skip


def test_an_unrelated_save_is_not_stopped_by_a_stored_conflict(report, unit, filer):
    _stored_conflict(report, unit, filer)
    services.save_cells(actor=filer, report=report, entries=entries(
        unit, 4, bituminous__consumption="10.00"))  # fmt: skip
    saved = report.cells.get(unit=unit, table="fuel", fuel="bituminous", key="consumption", month=4)
    assert saved.value == "10.00"
    # the stored conflict is still there, for 自动计算 to name
    assert report.cells.filter(key="carbon_content_ad", month=3, value="60.00").exists()


def test_the_blank_annual_column_says_why(client, filer, report, unit):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    assert services.autocalc(actor=filer, report=report).applied
    _stored_conflict(report, unit, filer)
    client.force_login(filer)
    html = client.get(reverse("reports:edit", args=[report.pk, "fuel"])).content.decode()
    block = html.split(f'id="block-{unit.pk}-bituminous"')[1].split("</section>")[0]
    row = next(r for r in block.split("<tr") if "单位热值含碳量" in r.split("</th>")[0])
    annual = re.search(r'<td class="num annual-col annual-blank" title="([^"]+)">', row)
    assert annual, row[-600:]
    assert annual.group(1) == "全年值无法计算：" + ZH
    assert "无法计算" in row.split("annual-blank")[1]
    # a block without a problem of its own names the one that stops the calculation
    other = re.findall(
        r'annual-blank" title="([^"]+)"', html.split(f'id="block-{unit.pk}-diesel"')[1]
    )
    assert set(other) <= {"全年值无法计算：" + ZH}


def test_the_excel_import_refuses_it_the_same_way(report, unit, filer, client):
    from .test_excel import fill_january, put, refused, saved, template

    client.force_login(filer)
    wb = template(client, report)
    fill_january(wb)
    put(wb, "燃料信息表", "1号机组|bituminous|carbon_content_ad", 1, "60.00")
    assert refused(filer, report, saved(wb)) == [ZH.replace("3月", "1月")]
    assert not report.cells.exists()


def test_a_missing_consumption_is_named_by_the_blank_annual_column(client, filer, report, unit):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    assert services.autocalc(actor=filer, report=report).applied
    services.save_cells(actor=filer, report=report, entries=entries(
        unit, 12, bituminous__ncv="20.000"))  # fmt: skip
    client.force_login(filer)
    html = client.get(reverse("reports:edit", args=[report.pk, "fuel"])).content.decode()
    block = html.split(f'id="block-{unit.pk}-bituminous"')[1].split("</section>")[0]
    notes = set(re.findall(r'annual-blank" title="([^"]+)"', block))
    assert notes == {"全年值无法计算：1号机组 烟煤 12月 消耗量：必填项缺失"}, notes
