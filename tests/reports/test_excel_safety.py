"""Issue #7 findings 5, 6 and 7 for the report's workbooks: no formula comes from data; an
export goes back in through the same conflict check as a template (nothing newer is silently
reverted); a zip bomb is refused by the one archive check; problems echo at most 60
characters of what the file says."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from openpyxl import load_workbook

from tanhe.accounts.models import Organisation
from tanhe.plans import services as plan_services
from tanhe.plans.models import PlanUnit
from tanhe.reports import excel, excel_services, services
from tanhe.reports.excel import opening
from tanhe.reports.excel.refusals import WorkbookRejected
from tests.documents.test_archives import MB, bomb

from .conftest import JANUARY, PDF, complete_plan, entries
from .test_excel import put, refused, row_of, saved, snapshot

PAYLOADS = ('=HYPERLINK("http://x","y")', "+1+2", "-3", "@SUM(A1)")


# -- finding 5: formula injection ----------------------------------------------------------------
def _sheet_xml(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            n: archive.read(n).decode()
            for n in archive.namelist()
            if n.startswith("xl/worksheets/sheet")
        }


@pytest.fixture
def named_report(filer, enterprise):
    """A report whose enterprise and unit names look like formulas."""
    Organisation.objects.filter(pk=enterprise.pk).update(name=PAYLOADS[0])
    version = plan_services.create_plan(actor=filer, enterprise=enterprise)
    unit = complete_plan(filer, version)
    PlanUnit.objects.filter(pk=unit.pk).update(name=PAYLOADS[1])
    plan_services.submit(actor=filer, version=version)
    report = services.create_report(actor=filer, enterprise=enterprise, year=2023)
    return report, report.plan_version.units.get()


def test_names_from_data_are_text_never_formulas(named_report, filer):
    report, unit = named_report
    enterprise_name, unit_name, contact, title = PAYLOADS
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    report.contact_person = contact
    report.save(update_fields=["contact_person"])
    services.add_evidence(actor=filer, report=report, kind="electricity_bills", upload=PDF,
                          name=f"{title}.pdf", title=title)  # fmt: skip
    report.refresh_from_db()
    for data in (excel_services.template_bytes(report), excel_services.export_bytes(report)):
        sheets = _sheet_xml(data)
        assert len(sheets) >= 5
        for name, xml in sheets.items():
            assert re.search(r"<f[ >]", xml) is None, name  # no formula anywhere
        wb = load_workbook(io.BytesIO(data))
        for sheet in ("燃料信息表", "购入使用电量表", "生产数据表", "确定方式表"):
            assert wb[sheet]["C2"].value == enterprise_name
            assert wb[sheet]["C2"].data_type == "s"
        fuel = wb["燃料信息表"]
        row = row_of(fuel, f"{unit_name}|bituminous|ncv")
        assert fuel[f"B{row}"].value == unit_name
        assert fuel[f"A{row}"].value == f"{unit_name}|bituminous|ncv"
        if "基本信息" in wb.sheetnames:
            basic = {r[0].value: r[1].value for r in wb["基本信息"].iter_rows(min_row=5)}
            assert basic["重点排放单位"] == enterprise_name
            assert basic["报告联系人"] == contact
            files = wb["附件材料"]
            assert [files["B5"].value, files["C5"].value] == [title, f"{title}.pdf"]
            assert wb["信息汇总表"]["A5"].value == unit_name


def test_the_pure_workbooks_write_every_text_as_text():
    identity = excel.Identity(PAYLOADS[0], "91110000MA0123456P", 2023, 1, 1, False, PAYLOADS[1])
    book = excel.Book(identity, [excel.UnitLayout(PAYLOADS[3], ("bituminous",))], {})
    extra = [excel.Sheet("基本信息", ("项目", "内容"), [PAYLOADS[:2], PAYLOADS[2:]])]
    for data in (excel.build_template(book), excel.build_export(book, extra)):
        assert all(re.search(r"<f[ >]", xml) is None for xml in _sheet_xml(data).values())
    wb = load_workbook(io.BytesIO(data))
    assert [c.value for c in wb["基本信息"][5]] == list(PAYLOADS[:2])
    assert [c.value for c in wb["基本信息"][6]] == list(PAYLOADS[2:])
    assert wb["燃料信息表"]["F3"].value == f"第1版（{PAYLOADS[1]}）"


# -- finding 6: an export does not silently revert newer values ----------------------------------
def _ncv(report, unit) -> str:
    return report.cells.get(unit=unit, fuel="bituminous", key="ncv", month=1).value


def test_an_old_export_does_not_revert_a_value_changed_since(report, unit, filer):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    export = excel_services.export_bytes(report)
    services.save_cells(actor=filer, report=report,
                        entries=entries(unit, 1, bituminous__ncv="20.600"))  # fmt: skip
    done = excel_services.import_excel(actor=filer, report=report, data=export, name="导出.xlsx")
    assert done.cells == 0 and _ncv(report, unit) == "20.600"  # not reverted to 20.512
    wb = load_workbook(io.BytesIO(export))
    row = put(wb, "燃料信息表", "1号机组|bituminous|ncv", 1, "20.700")
    assert refused(filer, report, saved(wb)) == [
        f"燃料信息表 第{row}行 H列 “20.700”：下载模板后，平台上的数值已由“20.512”改为“20.600”，"
        "文件中也改动了它：请重新下载模板后再修改"
    ]
    assert _ncv(report, unit) == "20.600"
    wb = load_workbook(io.BytesIO(export))
    put(wb, "燃料信息表", "1号机组|bituminous|carbon_content", 1, "52.40")
    done = excel_services.import_excel(actor=filer, report=report, data=saved(wb), name="改.xlsx")
    assert done.cells == 1 and _ncv(report, unit) == "20.600"
    value = report.cells.get(unit=unit, fuel="bituminous", key="carbon_content", month=1).value
    assert value == "52.40"


def test_an_export_says_it_can_be_imported_and_hides_its_originals(report, unit, filer):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    wb = load_workbook(io.BytesIO(excel_services.export_bytes(report)))
    assert "不能导入" not in wb["基本信息"]["A2"].value
    assert "不能导入" not in wb["燃料信息表"]["B4"].value
    assert "只保存文件中改动过的单元格" in wb["燃料信息表"]["B4"].value
    fuel = wb["燃料信息表"]
    assert fuel["V6"].value == "原值1月" and fuel.column_dimensions["V"].hidden
    assert fuel[f"V{row_of(fuel, '1号机组|bituminous|ncv')}"].value == "20.512"


def test_an_export_without_originals_is_refused(report, unit, filer):
    """An export made before exports carried 原值 cannot tell what the file changed."""
    wb = load_workbook(io.BytesIO(excel_services.export_bytes(report)))
    meta = wb["_tanhe"]
    for row in meta.iter_rows():
        if row[0].value == "originals":
            row[0].value = row[1].value = None
    before = snapshot(report)
    assert refused(filer, report, saved(wb)) == [
        "该导出文件由平台的旧版本生成，没有记录导出时的数值，无法判断哪些数值是在文件中改动的，"
        "导入可能覆盖平台上更新的数值，因此不能导入：请重新导出，或下载“Excel 填报模板”填写后导入"
    ]
    assert snapshot(report) == before


# -- finding 7: zip bombs and echoes -------------------------------------------------------------
def test_a_small_workbook_inflating_past_the_limit_is_refused_unread(report, filer, settings,
                                                                    monkeypatch):  # fmt: skip
    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open it")

    template = excel_services.template_bytes(report)
    data = bomb(61 * MB, "xl/media/pad.bin", base=template)
    assert len(data) < 300_000
    monkeypatch.setattr(opening, "load_workbook", never)
    (problem,) = refused(filer, report, data, name="模板.xlsx")
    assert problem.startswith("文件“模板.xlsx”中的“xl/media/pad.bin”解压后是压缩时的")
    settings.ZIP_MAX_RATIO = 1_000_000
    assert refused(filer, report, data, name="模板.xlsx") == [
        "文件“模板.xlsx”解压后超过 60 MB 的上限，未读取"
    ]


def test_problems_echo_at_most_60_characters(report, filer):
    wb = load_workbook(io.BytesIO(excel_services.template_bytes(report)))
    long = "9" * 20 + "x" * 20_000
    put(wb, "燃料信息表", "1号机组|bituminous|ncv", 1, long)
    with pytest.raises(WorkbookRejected) as exc:
        excel_services.import_excel(actor=filer, report=report, data=saved(wb), name="n" * 300)
    (problem,) = exc.value.problems
    assert problem.value == long[:59] + "…"
    assert problem.rule == "不是数字（只能填写不带正负号的数字）"
    assert len(str(problem)) < 120
    with pytest.raises(WorkbookRejected) as exc:
        excel_services.import_excel(actor=filer, report=report, data=b"x", name="n" * 300)
    assert "n" * 61 not in str(exc.value.problems[0])


def test_json_problems_echo_at_most_60_characters(report, filer):
    from .test_excel import _document

    doc = _document(name="机" * 5000)
    doc["units"][0]["fuels"][0]["months"][0]["ncv"] = "x" * 100_000
    with pytest.raises(WorkbookRejected) as exc:
        excel_services.import_json(actor=filer, report=report, name="x.json",
                                   data=json.dumps(doc).encode())  # fmt: skip
    assert exc.value.problems and all(len(str(p)) < 200 for p in exc.value.problems)
