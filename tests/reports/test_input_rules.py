"""One input rule on every entry path of the report (issue #7, finding 9): the page, the Excel
template and the JSON import read a typed number the same way and store the same text; control
characters are refused in every free-text field with a message naming it, and nothing is saved
(PostgreSQL refuses NUL: without the check it was a 500)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tanhe.reports import excel_services, models, services
from tanhe.reports.excel.refusals import WorkbookRejected
from tanhe.reports.models import FilingState, ReportComment, ReportState
from tanhe.reports.services import CellErrors, CellInput, HeatInput

from .conftest import JANUARY, PDF, entries
from .test_excel import REPO, put, row_of, saved, template
from .test_views import submitted_report

pytestmark = pytest.mark.django_db

CONSUMPTION = "1号机组|bituminous|consumption"
BAD = ("\x00", "\u202e")  # NUL (PostgreSQL refuses it) and RIGHT-TO-LEFT OVERRIDE


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def page_problems(filer, report, unit, value: str, month: int = 1) -> list[str]:
    with pytest.raises(CellErrors) as exc:
        services.save_cells(actor=filer, report=report,
                            entries=[CellInput(unit, "fuel", "bituminous", "consumption", month,
                                               value)])  # fmt: skip
    return exc.value.problems


def excel_problems(filer, report, client, value: str, month: int = 1):
    wb = template(client, report)
    put(wb, "燃料信息表", CONSUMPTION, month, value)
    with pytest.raises(WorkbookRejected) as exc:
        excel_services.import_excel(actor=filer, report=report, data=saved(wb), name="t.xlsx")
    return exc.value.problems


def json_document(value: str) -> bytes:
    doc = json.loads((REPO / "examples" / "issue-example.json").read_text())
    doc["units"][0]["fuels"][0]["months"][0]["consumption"] = value
    return json.dumps(doc, ensure_ascii=False).encode()


def stored(report, unit, month: int = 1) -> str:
    return report.cells.get(unit=unit, fuel="bituminous", key="consumption", month=month).value


# -- numbers ---------------------------------------------------------------------------------------
def test_excel_refuses_a_superscript_with_the_message_the_page_gives(report, unit, filer,
                                                                     client_for):  # fmt: skip
    """Excel read "1²" as 12 (NFKC) where the page refused it."""
    on_page = page_problems(filer, report, unit, "1²")
    assert on_page == ["1号机组 烟煤 1月 消耗量：“1²”不是数字（只能填写不带正负号的数字）"]
    [problem] = excel_problems(filer, report, client_for(filer), "1²")
    # the place is data, worded as the page words it (problems.place_words)
    assert problem.value == "1²" and str(problem.place) == "1号机组 烟煤 1月 消耗量"
    assert problem.rule == "不是数字（只能填写不带正负号的数字）"
    assert on_page[0] == f"{problem.place}：“1²”{problem.rule}"  # the same place, rule and words
    assert not report.cells.exists()


def test_json_refuses_arabic_indic_digits_as_the_page_does(report, unit, filer):
    """The JSON parser's ``\\d`` was Unicode and Decimal("١٢") is 12: it accepted them."""
    for digits in ("١٢٠٣٤٥.٦٧", "१२", "1²"):
        assert page_problems(filer, report, unit, digits)[0].endswith(
            f"“{digits}”不是数字（只能填写不带正负号的数字）"
        )
        with pytest.raises(WorkbookRejected) as exc:
            excel_services.import_json(actor=filer, report=report, data=json_document(digits),
                                       name="x.json")  # fmt: skip
        assert [str(p) for p in exc.value.problems] == [
            "机组 1 / 燃料 烟煤 / 1月 / 消耗量（units[0].fuels[0].months[0].consumption）："
            f"“{digits}”不是十进制数字"
        ]
    assert not report.cells.exists()


def test_full_width_digits_are_read_the_same_on_every_path(report, unit, filer, client_for):
    typed = "１２０，３４５．６７"
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1,
                                                                   bituminous__consumption=typed))  # fmt: skip
    assert stored(report, unit, 1) == "120345.67"
    client = client_for(filer)
    wb = template(client, report)
    put(wb, "燃料信息表", CONSUMPTION, 2, typed)
    excel_services.import_excel(actor=filer, report=report, data=saved(wb), name="t.xlsx")
    assert stored(report, unit, 2) == "120345.67"
    excel_services.import_json(actor=filer, report=report, data=json_document(typed),
                               name="x.json")  # fmt: skip
    report.cells.filter(month=1).delete()
    excel_services.import_json(actor=filer, report=report, data=json_document(typed),
                               name="x.json")  # fmt: skip
    assert stored(report, unit, 1) == "120345.67"


@pytest.mark.parametrize(("typed", "canonical"), [("00012", "12"), ("000.50", "0.50")])
def test_leading_zeros_are_stored_canonical_on_every_path(report, unit, filer, client_for, typed,
                                                          canonical):  # fmt: skip
    """The page and the Excel import stored "00012" as typed (the JSON import gave 12)."""
    services.save_cells(actor=filer, report=report,
                        entries=entries(unit, 1, bituminous__consumption=typed))  # fmt: skip
    assert stored(report, unit, 1) == canonical
    wb = template(client_for(filer), report)
    put(wb, "燃料信息表", CONSUMPTION, 2, typed)
    excel_services.import_excel(actor=filer, report=report, data=saved(wb), name="t.xlsx")
    assert stored(report, unit, 2) == canonical
    report.cells.filter(month=1).delete()
    excel_services.import_json(actor=filer, report=report, data=json_document(typed),
                               name="x.json")  # fmt: skip
    assert stored(report, unit, 1) == canonical


def test_daily_records_and_heat_measurements_follow_the_same_rule(report, unit, filer):
    from datetime import date

    from tanhe.reports.services import DailyInput

    services.save_daily_records(actor=filer, report=report, unit=unit, fuel="bituminous",
                                month=1, rows=[DailyInput(date(2023, 1, 1), "１,０００.５０",
                                                          "０２０.５")])  # fmt: skip
    record = report.daily_records.get()
    assert (record.quantity, record.ncv) == ("1000.50", "20.5")
    with pytest.raises(CellErrors) as exc:
        services.save_daily_records(actor=filer, report=report, unit=unit, fuel="bituminous",
                                    month=1, rows=[DailyInput(date(2023, 1, 2), "1²")])  # fmt: skip
    assert exc.value.problems == [
        "1号机组 烟煤 2023-01-02 消耗量：“1²”不是数字（只能填写不带正负号的数字）"
    ]
    # heat: "1,000" and "１０００" were "不是数字" here while the page's cells accepted them
    services.save_heat_measurements(actor=filer, report=report, unit=unit, month=1, rows=[
        HeatInput("steam", "1,000", "２８００"), HeatInput("hot_water", "0500.0", temperature_c="90"),
    ])  # fmt: skip
    assert list(report.heat_measurements.values_list("mass_t", "enthalpy_kj_per_kg")) == [
        ("1000", "2800"), ("500.0", ""),
    ]  # fmt: skip
    with pytest.raises(CellErrors) as exc:
        services.save_heat_measurements(actor=filer, report=report, unit=unit, month=1,
                                        rows=[HeatInput("steam", "١٠٠٠", "2800")])  # fmt: skip
    assert exc.value.problems == [
        "1号机组 1月 供热计量第1行 质量：“١٠٠٠”不是数字（只能填写不带正负号的数字）"
    ]


# -- control characters ----------------------------------------------------------------------------
@pytest.mark.parametrize("bad", BAD)
def test_month_amendment_reason_refuses_control_characters(report, unit, filer, client, bad):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    filing = services.seal_month(actor=filer, report=report, month=1)
    with pytest.raises(ValidationError) as exc:
        services.amend_month(actor=filer, filing=filing, reason=f"热值复检{bad}")
    assert exc.value.message_dict == {"reason": ["修改原因含有不可见的控制字符，请删除后重新填写"]}
    client.force_login(filer)
    url = reverse("reports:month_amend", args=[report.pk, 1])
    response = client.post(url, {"reason": f"热值{bad}复检"})
    assert response.status_code == 200
    assert "修改原因含有不可见的控制字符，请删除后重新填写" in response.content.decode()
    filing.refresh_from_db()
    assert (filing.state, filing.amendment_reason) == (FilingState.SEALED, "")


@pytest.mark.parametrize("bad", BAD)
def test_report_review_comment_refuses_control_characters(report, unit, filer, reviewer, client,
                                                          bad):  # fmt: skip
    submitted = submitted_report(filer, report, unit)
    with pytest.raises(ValidationError) as exc:
        services.return_for_correction(actor=reviewer, report=submitted, text=f"补充{bad}检测报告")
    assert exc.value.message_dict == {
        "text": ["退回补正意见含有不可见的控制字符，请删除后重新填写"]
    }
    client.force_login(reviewer)
    url = reverse("report_review:return", args=[submitted.pk])
    response = client.post(url, {"text": f"补充{bad}检测报告"})
    assert response.status_code == 400
    assert "含有不可见的控制字符，请删除后重新填写" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED and not ReportComment.objects.exists()


@pytest.mark.parametrize("bad", BAD)
def test_every_report_text_field_refuses_control_characters(report, unit, filer, bad):
    def refusal(action, **kw) -> list[str]:
        with pytest.raises(ValidationError) as exc:
            action(actor=filer, report=report, **kw)
        return exc.value.messages

    tail = "含有不可见的控制字符，请删除后重新填写"
    assert refusal(services.update_contact, data={"contact_person": f"李{bad}工"}) == [
        f"报告联系人{tail}"
    ]
    assert refusal(services.declare, entity=f"示例{bad}", legal_representative="张三") == [
        f"重点排放单位{tail}"
    ]
    assert refusal(services.add_evidence, kind="other", upload=PDF, name="a.pdf",
                   title=f"说明{bad}") == [f"附件名称{tail}"]  # fmt: skip
    assert refusal(services.save_test_record, unit=unit, fuel="bituminous", parameter="ncv",
                   month=1, data={"device": f"量热仪{bad}", "laboratory": f"检测{bad}中心"}) == [
        f"检测设备{tail}", f"委托机构名称{tail}",
    ]  # fmt: skip
    with pytest.raises(CellErrors) as exc:
        services.save_heat_measurements(actor=filer, report=report, unit=unit, month=1,
                                        rows=[HeatInput("steam", "1", "2800", label=f"抽汽{bad}")])  # fmt: skip
    assert exc.value.problems == [f"1号机组 1月 供热计量第1行：计量点{tail}"]
    with pytest.raises(CellErrors) as exc:
        services.save_cells(actor=filer, report=report, entries=[
            CellInput(unit, "fuel", "bituminous", "consumption", 1, "1", source=f"台账{bad}")
        ])  # fmt: skip
    assert exc.value.problems == [f"1号机组 烟煤 1月 消耗量：数据来源{tail}"]
    report.refresh_from_db()
    assert report.contact_person == "李工" and report.declared_entity == ""
    assert not report.evidence.exists() and not report.cells.exists()
    assert not models.TestRecord.objects.filter(device__contains="量热仪").exists()
    assert not report.heat_measurements.exists()


def test_report_forms_refuse_control_characters_by_the_shared_validator(report, filer, client):
    client.force_login(filer)
    url = reverse("reports:basic_save", args=[report.pk])
    response = client.post(url, {"contact_person": "李\u202e工", "contact_phone": "025\x00"})
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count("含有不可见的控制字符，请删除后重新填写") == 2
    report.refresh_from_db()
    assert (report.contact_person, report.contact_phone) == ("李工", "025-12345678")


def test_excel_test_record_text_refuses_control_characters(report, unit, filer, client_for):
    client = client_for(filer)
    wb = template(client, report)
    ws = wb["确定方式表"]
    row = row_of(ws, "1号机组|bituminous|ncv|1")
    ws[f"H{row}"].value = "量热仪\u202e"  # 检测设备 (openpyxl cannot write NUL into a file)
    with pytest.raises(WorkbookRejected) as exc:
        excel_services.import_excel(actor=filer, report=report, data=saved(wb), name="t.xlsx")
    assert [p.rule for p in exc.value.problems] == [
        "检测设备含有不可见的控制字符，请删除后重新填写"
    ]
    assert not models.TestRecord.objects.exists()


@pytest.mark.parametrize("bad", BAD)
def test_test_records_page_names_the_field_with_control_characters(report, unit, filer, client,
                                                                   bad):  # fmt: skip
    from .test_views import edit_url, table_form

    client.force_login(filer)
    form = table_form(client.get(edit_url(report, "tests")))
    place = f"t:{unit.pk}:bituminous:ncv:3:"
    form |= {place + "device": f"量热仪{bad}", place + "method": "self"}
    response = client.post(reverse("reports:tests_save", args=[report.pk]), form)
    assert response.status_code == 400
    assert "1号机组 烟煤 低位发热量 3月 检测设备含有不可见的控制字符" in response.content.decode()
    assert not models.TestRecord.objects.exists()


def test_a_heat_measurement_label_too_long_is_refused_not_cut(report, unit, filer):
    with pytest.raises(CellErrors) as exc:
        services.save_heat_measurements(actor=filer, report=report, unit=unit, month=1,
                                        rows=[HeatInput("steam", "1", "2800", label="抽" * 101)])  # fmt: skip
    assert exc.value.problems == ["1号机组 1月 供热计量第1行 计量点：不能超过 100 个字"]
