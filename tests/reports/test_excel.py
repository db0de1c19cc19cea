"""The report's Excel template, import and export, and the JSON import (issue #4 §4): the
platform's own template round-trips every value exactly; autocalc after an import gives the
engine's numbers; a bad file is refused whole with every problem listed and nothing saved;
only the enterprise's filer imports, and only into a draft."""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tanhe.accounting.report_form import FUEL_ROWS, PRODUCTION_ROWS, Table
from tanhe.audit.models import AuditEntry
from tanhe.plans import services as plan_services
from tanhe.reports import excel, excel_services, models, services
from tanhe.reports.excel.cells import cell_text
from tanhe.reports.excel.refusals import WorkbookRejected
from tanhe.reports.services import CellInput

from ..plans.conftest import COAL_UNIT
from .conftest import JANUARY, PDF, entries

REPO = Path(__file__).resolve().parents[2]
MONTH = {m: get_column_letter(excel.FIRST_MONTH_COL + m - 1) for m in range(1, 13)}


# -- helpers -------------------------------------------------------------------------------------
def template(client, report):
    response = client.get(reverse("reports:excel_template", args=[report.pk]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == excel_services.XLSX_MIME
    return load_workbook(io.BytesIO(response.content))


def saved(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def row_of(ws, key: str) -> int:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row=row, column=1).value == key:
            return row
    raise KeyError(key)


def put(wb, sheet: str, key: str, month: int, value) -> int:
    ws = wb[sheet]
    row = row_of(ws, key)
    ws[f"{MONTH[month]}{row}"].value = value
    return row


def fill_january(wb, unit_name="1号机组"):
    """The issue example's January, typed into the template as a user would."""
    for name, value in JANUARY.items():
        left, key = name.split("__")
        if left in ("electricity", "production"):
            sheet = "购入使用电量表" if left == "electricity" else "生产数据表"
            put(wb, sheet, f"{unit_name}||{key}", 1, value)
        else:
            put(wb, "燃料信息表", f"{unit_name}|{left}|{key}", 1,
                {"fired": "入炉", "received": "入厂"}.get(value, value))  # fmt: skip


def snapshot(report):
    cells = sorted(report.cells.values_list("unit_id", "table", "fuel", "key", "month", "value",
                                            "mode", "origin"))  # fmt: skip
    return cells, AuditEntry.objects.count(), models.TestRecord.objects.count()


def import_file(client, report, data: bytes, name="报告.xlsx", url="reports:excel_import"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse(url, args=[report.pk]), {"file": upload})


def refused(filer, report, data: bytes, name="报告.xlsx") -> list[str]:
    with pytest.raises(WorkbookRejected) as exc:
        excel_services.import_excel(actor=filer, report=report, data=data, name=name)
    return [str(p) for p in exc.value.problems]


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


# -- the template ----------------------------------------------------------------------------------
def test_template_is_prefilled_marked_and_protected(report, unit, filer, client_for):
    month = JANUARY | {"diesel__consumption": "10.00"}
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **month))
    services.autocalc(actor=filer, report=report)
    wb = template(client_for(filer), report)
    assert wb.sheetnames == ["填表说明", "燃料信息表", "购入使用电量表", "生产数据表", "确定方式表",
                             "_tanhe"]  # fmt: skip
    assert wb["_tanhe"].sheet_state == "veryHidden"
    ws = wb["燃料信息表"]
    assert [ws.cell(row=2, column=c).value for c in (2, 3, 5, 6)] == [
        "重点排放单位", "示例发电有限公司", "统一社会信用代码", "91110000MA0123456P"]  # fmt: skip
    assert ws["C3"].value == "2023" and ws["F3"].value == "第1版（草稿）"
    assert ws["I3"].value == "第1版"  # plan version
    head = [ws.cell(row=6, column=c).value for c in range(1, 20)]
    assert head == ["键", "机组名称", "燃料", "参数名称", "单位", "小数位数", "填写方式",
                    *[f"{m}月" for m in range(1, 13)]]  # fmt: skip
    assert ws.column_dimensions["A"].hidden and ws.protection.sheet
    consumption = row_of(ws, "1号机组|bituminous|consumption")
    assert [ws.cell(row=consumption, column=c).value for c in range(2, 9)] == [
        "1号机组", "烟煤", "消耗量", "t", "2", "填报", "120345.67"]  # fmt: skip
    cell = ws[f"H{consumption}"]
    assert (cell.data_type, cell.number_format, cell.protection.locked) == ("s", "@", False)
    emissions = row_of(ws, "1号机组|bituminous|emissions_tco2")
    grey = ws[f"H{emissions}"]
    assert grey.value == "228518.74" and grey.fill.fgColor.rgb.endswith("D9D9D9")
    # after the first 自动计算 its values may be changed (seed 000), as on the page
    assert not grey.protection.locked and ws[f"G{emissions}"].value == "自动计算（可修改）"
    ncv = row_of(ws, "1号机组|diesel|ncv")  # 'either': filled by autocalc with the default
    assert ws[f"H{ncv}"].value == "42.652" and ws[f"H{ncv}"].font.i
    assert ws[f"H{row_of(ws, '1号机组|bituminous|state')}"].value == "入炉"
    elec = wb["购入使用电量表"]
    assert elec[f"H{row_of(elec, '1号机组||emissions_tco2')}"].value == "292.16"
    guide = wb["填表说明"]
    assert guide["A1"].value == "2023年度排放报告 Excel 填报模板"
    assert any("空单元格表示“未填报”" in (c.value or "") for c in guide["A"])


# -- round trip ----------------------------------------------------------------------------------
def _value(key: str, month: int, n: int) -> str:
    """A valid, distinct value for every input row (decimals as the form allows)."""
    return {
        "consumption": f"{1000 + n}.{month:02d}", "carbon_content_ad": f"5{n % 10}.{month:02d}",
        "moisture_ar": f"{n % 9}.{month:02d}", "moisture_ad": f"1.{month:02d}",
        "carbon_content_d": f"6{n % 10}.5", "ncv": f"2{n % 10}.{month:03d}",
        "carbon_content": f"4{n % 10}.{month}", "mwh": f"{500 + n},{month:03d}.3",
        "generation_mwh": f"30{n}{month:02d}.567", "supply_mwh": f"28{n}{month:02d}.1",
        "heat_gj": f"{month}0", "heat_ratio_pct": f"1{n % 10}.{month:03d}",
        "boiler_output_gj": f"9{month:02d}00.5", "boiler_efficiency_pct": f"8{n % 10}.{month}",
        "running_hours": f"7{month:02d}",
    }[key]  # fmt: skip


# one carbon content a month, given one way (issue #12: a second way is refused at save)
CARBON_WAYS = ("carbon_content", "carbon_content_ad", "carbon_content_d")


def fill_every_input(wb) -> dict[tuple[str, str], str]:
    """Type a value into every white cell of the three tables — of the carbon rows, one a
    month, in turn; returns key|month → typed text."""
    typed = {}
    for sheet in ("燃料信息表", "购入使用电量表", "生产数据表"):
        ws = wb[sheet]
        for row in range(7, ws.max_row + 1):
            key = ws.cell(row=row, column=1).value
            if not key or ws.cell(row=row, column=7).value.startswith("自动计算"):
                continue
            param = key.rsplit("|", 1)[1]
            for month in range(1, 13):
                if param in CARBON_WAYS and param != CARBON_WAYS[month % 3]:
                    continue
                text = ("入炉" if month % 2 else "入厂") if param == "state" else _value(
                    param, month, row)  # fmt: skip
                ws[f"{MONTH[month]}{row}"].value = text
                typed[(sheet, key, month)] = text
    return typed


def test_round_trip_every_value(report, unit, filer, client_for):
    client = client_for(filer)
    wb = template(client, report)
    typed = fill_every_input(wb)
    # 2 fuels × (state + 5 + one carbon row), mwh, 7 production rows
    assert len(typed) == 12 * (2 * 6 + 1 + 7)
    response = import_file(client, report, saved(wb))
    assert response.status_code == 302, response.content.decode()[:3000]
    kinds = {"燃料信息表": "fuel", "购入使用电量表": "electricity", "生产数据表": "production"}
    states = {"入炉": "fired", "入厂": "received"}
    expected = {}
    for (sheet, key, month), text in typed.items():
        _unit, fuel, param = key.split("|")
        expected[(kinds[sheet], fuel, param, month)] = states.get(text, text.replace(",", ""))
    stored = {(c.table, c.fuel, c.key, c.month): c.value for c in report.cells.filter(unit=unit)}
    assert stored == expected  # every value, exactly (the thousands comma dropped)
    assert all(c.mode == "measured" and c.origin == "user" for c in report.cells.all())
    # … and back out: the new template and the export show the same texts
    again = template(client, report)
    for (sheet, key, month), text in typed.items():
        ws = again[sheet]
        assert ws[f"{MONTH[month]}{row_of(ws, key)}"].value == text.replace(",", "")
    export = load_workbook(io.BytesIO(client.get(
        reverse("reports:excel_export", args=[report.pk])).content))  # fmt: skip
    for (sheet, key, month), text in typed.items():
        ws = export[sheet]
        assert ws[f"{MONTH[month]}{row_of(ws, key)}"].value == text.replace(",", "")
    # importing the unchanged new template changes nothing
    before = snapshot(report)
    response = import_file(client, report, saved(again))
    assert response.status_code == 302 and snapshot(report) == before


def test_import_then_autocalc_gives_the_engine_numbers(report, unit, filer, client_for):
    client = client_for(filer)
    wb = template(client, report)
    fill_january(wb)
    assert import_file(client, report, saved(wb)).status_code == 302
    outcome = services.autocalc(actor=filer, report=report)
    assert outcome.applied and not outcome.problems
    value = {(c.table, c.fuel, c.key): c.value for c in report.cells.filter(month=1)}
    assert value[("fuel", "bituminous", "emissions_tco2")] == "228518.74"
    assert value[("electricity", "", "emissions_tco2")] == "292.16"
    assert value[("fuel", "bituminous", "heat_gj")] == "2468530.383"
    evidence = services.add_evidence(actor=filer, report=report, kind="electricity_bills",
                                     upload=PDF, name="电费.pdf")  # fmt: skip
    export = load_workbook(io.BytesIO(client.get(
        reverse("reports:excel_export", args=[report.pk])).content))  # fmt: skip
    assert export.sheetnames == ["基本信息", "燃料信息表", "购入使用电量表", "生产数据表",
                                 "确定方式表", "信息汇总表", "附件材料", "_tanhe"]  # fmt: skip
    assert [c.value for c in export["附件材料"][5]][:5] == [
        "电费结算单或发票", "电费.pdf", "电费.pdf", str(len(PDF)), evidence.file.sha256]  # fmt: skip
    summary = export["信息汇总表"]
    assert [c.value for c in summary[5]] == ["1号机组", "燃煤", "660", "228518.74", "292.16",
                                            "228810.90"]  # fmt: skip
    fuel = export["燃料信息表"]
    row = row_of(fuel, "1号机组|bituminous|emissions_tco2")
    assert fuel[f"T{row}"].value == "228518.74" and fuel["T6"].value == "全年"
    assert export["基本信息"]["B19"].value == "228810.90"


def test_success_message_and_ignored_grey_cells(report, unit, filer, client_for):
    client = client_for(filer)
    wb = template(client, report)
    fill_january(wb)
    put(wb, "燃料信息表", "1号机组|bituminous|emissions_tco2", 2, "999")  # grey: ignored
    response = import_file(client, report, saved(wb), name="一月.xlsx")
    page = client.get(response["Location"]).content.decode()
    assert "已从“一月.xlsx”导入：10 个数值。请点击“自动计算”更新灰色单元格。" in page
    assert "灰色（自动计算）行中有 1 处改动未导入" in page
    assert not report.cells.filter(key="emissions_tco2").exists()
    entry = AuditEntry.objects.get(action="report.import.excel")
    assert entry.note.startswith("一月.xlsx：10 个数值")


def test_empty_cell_clears_and_untouched_cell_keeps_a_newer_online_value(
    report, unit, filer, client_for
):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    client = client_for(filer)
    wb = template(client, report)
    # meanwhile, on the platform: the NCV is corrected
    services.save_cells(actor=filer, report=report,
                        entries=[CellInput(unit, "fuel", "bituminous", "ncv", 1, "20.600")])  # fmt: skip
    put(wb, "燃料信息表", "1号机组|bituminous|carbon_content", 1, None)  # cleared in the file
    put(wb, "生产数据表", "1号机组||running_hours", 1, "743")
    assert import_file(client, report, saved(wb)).status_code == 302
    value = {(c.fuel, c.key): c.value for c in report.cells.filter(month=1)}
    assert value[("bituminous", "ncv")] == "20.600"  # not overwritten by the untouched cell
    assert value[("bituminous", "carbon_content")] == ""
    assert value[("", "running_hours")] == "743"
    # changed in both places: a conflict, nothing saved
    wb = template(client, report)
    services.save_cells(actor=filer, report=report,
                        entries=[CellInput(unit, "production", "", "running_hours", 1, "742")])  # fmt: skip
    row = put(wb, "生产数据表", "1号机组||running_hours", 1, "741")
    put(wb, "生产数据表", "1号机组||running_hours", 2, "700")
    before = snapshot(report)
    assert refused(filer, report, saved(wb)) == [
        f"生产数据表 第{row}行 H列 “741”：下载模板后，平台上的数值已由“743”改为“742”，"
        "文件中也改动了它：请重新下载模板后再修改"
    ]
    assert snapshot(report) == before


def test_test_records_sheet_round_trips(report, unit, filer, client_for):
    """seed 000 排放报告-确定方式表: 单位热值含碳量 (not 元素碳含量) with its 报告编号; the 确定方式
    column says which months rest on a test (read-only, ignored on import)."""
    services.save_cells(actor=filer, report=report, entries=entries(unit, 3, **JANUARY))
    client = client_for(filer)
    wb = template(client, report)
    ws = wb["确定方式表"]
    row = row_of(ws, "1号机组|bituminous|unit_heat_carbon|3")
    assert ws[f"F{row}"].value == "元素碳含量（实测）÷ 低位发热量"  # March: carbon measured
    assert ws[f"F{row_of(ws, '1号机组|bituminous|unit_heat_carbon|4')}"].value == (
        "非实测（缺省值或无消耗），可不填"
    )
    ws[f"F{row}"].value = "改了也不读"
    for col, value in zip("GHIJKLMNOP", ("委托检测", "", "每批次", "每年", "GB/T 476", "某检测中心",
                                         "CMA + CNAS", "MZ-2023-03", "2023-03-02",
                                         "2023/3/20"), strict=True):  # fmt: skip
        ws[f"{col}{row}"].value = value or None
    assert import_file(client, report, saved(wb)).status_code == 302
    record = models.TestRecord.objects.get(report=report, fuel="bituminous",
                                           parameter="unit_heat_carbon", month=3)  # fmt: skip
    assert (record.method, record.accreditation, record.frequency, record.report_number) == (
        models.TestMethod.COMMISSIONED,
        models.Accreditation.BOTH,
        "每批次",
        "MZ-2023-03",
    )
    assert (record.sampled_on.isoformat(), record.reported_on.isoformat()) == ("2023-03-02",
                                                                               "2023-03-20")  # fmt: skip
    again = template(client, report)["确定方式表"]
    assert [again[f"{c}{row}"].value for c in "GMNOP"] == ["委托检测", "CMA + CNAS", "MZ-2023-03",
                                                            "2023-03-02", "2023-03-20"]  # fmt: skip


def test_a_template_of_the_old_layout_is_refused(report, filer, client_for):
    """The 确定方式表 sheet changed (单位热值含碳量, 确定方式, 报告编号): a workbook downloaded
    before (format tanhe.report-xlsx/1) is refused as a whole, asking for a new download."""
    client = client_for(filer)
    wb = template(client, report)
    meta = wb["_tanhe"]
    for r in range(1, meta.max_row + 1):
        if meta.cell(row=r, column=1).value == "format":
            meta.cell(row=r, column=2).value = "tanhe.report-xlsx/1"
    assert refused(filer, report, saved(wb)) == [
        "模板格式“tanhe.report-xlsx/1”不是本平台当前的格式（tanhe.report-xlsx/2），请重新下载模板"
    ]


# -- refused files ---------------------------------------------------------------------------------
def test_not_a_zip_and_not_a_workbook(report, filer):
    before = snapshot(report)
    assert refused(filer, report, b"%PDF-1.4 not a workbook", "报告.xlsx") == [
        "文件“报告.xlsx”不是 Excel 工作簿（.xlsx）：按文件内容判断，它不是 .xlsx 格式"
        "（不是 zip 压缩的 Office Open XML 文件）。请上传从本平台下载并填写的模板"
    ]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "hello")
    assert refused(filer, report, archive.getvalue(), "a.xlsx") == [
        "文件“a.xlsx”是 zip 压缩包，但不是 Excel 工作簿（.xlsx）。请上传从本平台下载并填写的模板"
    ]
    assert refused(filer, report, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧.xls") == [
        "文件“旧.xls”是旧版 Excel（.xls）或加密的工作簿，不能导入：请用 Excel 取消密码并另存为 .xlsx 后重试"
    ]
    from openpyxl import Workbook

    assert refused(filer, report, saved(Workbook()), "空白.xlsx") == [
        "该工作簿不是从本平台下载的排放报告模板（缺少模板标识），不能导入：请先下载模板，在模板中填写后再导入"
    ]
    assert snapshot(report) == before


def test_every_cell_problem_is_listed_and_nothing_saved(report, unit, filer, client_for):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    client = client_for(filer)
    wb = template(client, report)
    fill_january(wb)
    put(wb, "燃料信息表", "1号机组|bituminous|consumption", 2, "130000.00")  # valid, not saved
    consumption = put(wb, "燃料信息表", "1号机组|bituminous|consumption", 3, "12,3x")
    ncv = put(wb, "燃料信息表", "1号机组|bituminous|ncv", 3, "20.5123")
    carbon = put(wb, "燃料信息表", "1号机组|bituminous|carbon_content", 3, 1 / 3)  # a number
    state = put(wb, "燃料信息表", "1号机组|bituminous|state", 3, "入库")
    hours = put(wb, "生产数据表", "1号机组||running_hours", 3, "-5")
    ratio = put(wb, "生产数据表", "1号机组||heat_ratio_pct", 4, "=1/3")
    ws = wb["燃料信息表"]
    extra = ws.max_row + 1  # a row for a unit the plan does not have
    ws[f"A{extra}"], ws[f"B{extra}"], ws[f"H{extra}"] = (
        "3号机组|bituminous|consumption",
        "3号机组",
        "1",
    )
    before = snapshot(report)
    assert refused(filer, report, saved(wb)) == [
        f"燃料信息表 第{state}行 J列 “入库”：燃料状态须填“入炉”或“入厂”",
        f"燃料信息表 第{consumption}行 J列 “12,3x”：不是数字（只能填写不带正负号的数字）",
        f"燃料信息表 第{ncv}行 J列 “20.5123”：超过表单规定的 3 位小数",
        f"燃料信息表 第{carbon}行 J列 “0.3333333333333333”：超过表单规定的 2 位小数；"
        "该单元格是数字格式，请设为文本格式后重新填写",
        f"燃料信息表 第{extra}行 A列 “3号机组|bituminous|consumption”：机组“3号机组”不在本报告依据的"
        "质量控制计划中（计划中的机组：1号机组）",
        f"生产数据表 第{ratio}行 K列 “=1/3”：是公式：请“选择性粘贴 → 数值”并设为文本格式后再导入",
        f"生产数据表 第{hours}行 J列 “-5”：不是数字（只能填写不带正负号的数字）",
    ]
    assert snapshot(report) == before
    # the page lists them all, with sheet, row, column, value and place
    response = import_file(client, report, saved(wb))
    page = response.content.decode()
    assert response.status_code == 200 and "有 7 处问题，未导入任何数据" in page
    # the place as every report page words one (problems.place_words): unit, fuel, month, row
    assert "1号机组 烟煤 3月 消耗量" in page and "不是数字（只能填写不带正负号的数字）" in page
    assert snapshot(report) == before


def test_wrong_sheets_headers_and_workbooks_are_refused(report, unit, filer, client_for):
    client = client_for(filer)
    wb = template(client, report)
    del wb["生产数据表"]
    assert refused(filer, report, saved(wb)) == [
        "缺少工作表“生产数据表”：请勿删除或重命名工作表，请重新下载模板"
    ]
    wb = template(client, report)
    wb["购入使用电量表"].insert_cols(3)
    assert refused(filer, report, saved(wb))[:2] == [
        "购入使用电量表 第6行 C列：表头应为“燃料”：请勿插入、删除或移动列，请重新下载模板",
        "购入使用电量表 第6行 D列 “燃料”：表头应为“参数名称”：请勿插入、删除或移动列，请重新下载模板",
    ]
    wb = template(client, report)
    ws = wb["燃料信息表"]
    ws.delete_rows(row_of(ws, "1号机组|diesel|ncv"))
    assert refused(filer, report, saved(wb)) == [
        "燃料信息表：缺少“1号机组 柴油 低位发热量”这一行：请勿删除行，请重新下载模板"
    ]
    wb = template(client, report)
    meta = wb["_tanhe"]
    meta["B3"].value, meta["B4"].value, meta["B5"].value = (
        "91320500MA1MXYK12M",
        "江南燃气热电有限公司",
        "2022",
    )
    assert refused(filer, report, saved(wb)) == [
        "重点排放单位不同：文件属于“江南燃气热电有限公司”（91320500MA1MXYK12M），"
        "本报告属于“示例发电有限公司”（91110000MA0123456P）",
        "报告年度不同：文件为2022年度，本报告为2023年度",
    ]
    damaged = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(saved(template(client, report)))) as z,
        zipfile.ZipFile(damaged, "w") as out,
    ):
        for item in z.infolist():
            broken = item.filename == "xl/worksheets/sheet2.xml"
            out.writestr(item, b"<worksheet><sheetData><row" if broken else z.read(item))
    assert refused(filer, report, damaged.getvalue(), "坏.xlsx") == [
        "文件“坏.xlsx”无法作为 Excel 工作簿读取（文件已损坏），请用 Excel 打开后另存为 .xlsx 再导入"
    ]


def test_sealed_month_is_refused_by_the_service(report, unit, filer, client_for):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    services.seal_month(actor=filer, report=report, month=1)
    client = client_for(filer)
    wb = template(client, report)
    assert wb["燃料信息表"]["H6"].value == "1月（已存证）"
    put(wb, "燃料信息表", "1号机组|bituminous|ncv", 1, "20.000")
    put(wb, "燃料信息表", "1号机组|bituminous|ncv", 2, "20.100")
    before = snapshot(report)
    assert refused(filer, report, saved(wb)) == [
        "1号机组 烟煤 1月 低位发热量：1月已存证，修改须先提出修改申请并说明原因"
    ]
    assert snapshot(report) == before
    put(wb, "燃料信息表", "1号机组|bituminous|ncv", 1, "20.512")  # back as sealed: fine
    assert import_file(client, report, saved(wb)).status_code == 302
    assert report.cells.get(fuel="bituminous", key="ncv", month=2).value == "20.100"


# -- permissions -----------------------------------------------------------------------------------
def test_other_enterprise_gets_404_everywhere(report, client_for, other_enterprise):
    client = client_for(other_enterprise.users.get())
    for name in ("excel_import", "excel_template", "excel_export"):
        assert client.get(reverse(f"reports:{name}", args=[report.pk])).status_code == 404
    before = snapshot(report)
    assert import_file(client, report, b"x").status_code == 404
    assert import_file(client, report, b"{}", "a.json", "reports:json_import").status_code == 404
    assert snapshot(report) == before


def test_authority_may_download_but_not_import(report, unit, filer, reviewer, client_for):
    client = client_for(reviewer)
    assert template(client, report)["燃料信息表"]["C2"].value == "示例发电有限公司"
    page = client.get(reverse("reports:excel_import", args=[report.pk])).content.decode()
    assert "只有本单位的报送账号可以导入数据" in page and "导入 Excel" not in page
    wb = template(client_for(filer), report)
    fill_january(wb)
    client = client_for(reviewer)
    assert import_file(client, report, saved(wb)).status_code == 403
    with pytest.raises(PermissionDenied):
        excel_services.import_excel(actor=reviewer, report=report, data=saved(wb), name="a.xlsx")
    assert report.cells.count() == 0


def test_frozen_report_is_refused(report, unit, filer, client_for):
    client = client_for(filer)
    wb = template(client, report)
    fill_january(wb)
    type(report).objects.filter(pk=report.pk).update(state="submitted")
    before = snapshot(report)
    response = import_file(client, report, saved(wb))
    assert "2023年报第1版已提交，不能修改" in response.content.decode()
    response = import_file(client, report, json.dumps({}).encode(), "a.json", "reports:json_import")
    assert "2023年报第1版已提交，不能修改" in response.content.decode()
    assert snapshot(report) == before
    page = client.get(reverse("reports:excel_import", args=[report.pk])).content.decode()
    assert "不能修改，也不能导入" in page and "导入 Excel" not in page


# -- JSON ----------------------------------------------------------------------------------------
def test_json_issue_example_imports_and_computes(report, unit, filer, client_for):
    client = client_for(filer)
    data = (REPO / "examples" / "issue-example.json").read_bytes()
    response = import_file(client, report, data, "issue-example.json", "reports:json_import")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "已从“issue-example.json”导入：9 个数值。" in page
    values = {(c.table, c.fuel, c.key): c.value for c in report.cells.filter(month=1)}
    assert values == {
        ("fuel", "bituminous", "consumption"): "120345.67", ("fuel", "bituminous", "ncv"): "20.512",
        ("fuel", "bituminous", "carbon_content"): "52.31", ("fuel", "bituminous", "state"): "fired",
        ("electricity", "", "mwh"): "512.30", ("production", "", "generation_mwh"): "301234.567",
        ("production", "", "supply_mwh"): "285432.100", ("production", "", "heat_gj"): "0.000",
        ("production", "", "running_hours"): "744",
    }  # fmt: skip
    services.save_cells(
        actor=filer, report=report, entries=entries(unit, 1, diesel__consumption="0")
    )
    assert services.autocalc(actor=filer, report=report).applied
    value = {(c.table, c.fuel, c.key): c.value for c in report.cells.filter(month=1)}
    assert value[("fuel", "bituminous", "emissions_tco2")] == "228518.74"
    assert value[("electricity", "", "emissions_tco2")] == "292.16"
    # the same document again: nothing to change
    before = snapshot(report)
    excel_services.import_json(actor=filer, report=report, data=data, name="again.json")
    assert snapshot(report) == before


def _document(**unit_changes):
    doc = json.loads((REPO / "examples" / "issue-example.json").read_text())
    doc["units"][0].update(unit_changes)
    return doc


def test_json_problems_are_listed_and_nothing_saved(report, unit, filer):
    def problems(doc) -> list[str]:
        with pytest.raises(WorkbookRejected) as exc:
            excel_services.import_json(actor=filer, report=report,
                                       data=json.dumps(doc, ensure_ascii=False).encode(),
                                       name="x.json")  # fmt: skip
        return [str(p) for p in exc.value.problems]

    before = snapshot(report)
    assert problems(_document(name="3号机组")) == [
        "机组“3号机组”（编号 1）不在本报告依据的质量控制计划中（计划中的机组：1号机组）："
        "JSON 按机组名称对应计划中的机组"
    ]
    doc = _document()
    doc["units"][0]["fuels"][0]["months"][0]["ncv"] = 20.512
    assert problems(doc) == [
        "机组 1 / 燃料 烟煤 / 1月 / 低位发热量（units[0].fuels[0].months[0].ncv）："
        '数值必须写成字符串（如 "20.512"），不接受 JSON 数字，以免精度丢失'
    ]
    doc = _document()
    doc["enterprise"]["credit_code"] = "91320500MA1MXYK12M"
    doc["year"] = 2022
    assert problems(doc) == [
        "重点排放单位不同：文件为“示例发电有限公司”（91320500MA1MXYK12M），"
        "本报告属于“示例发电有限公司”（91110000MA0123456P）",
        "报告年度不同：文件为2022年度，本报告为2023年度",
    ]
    doc = _document()
    doc["units"][0]["fuels"][0]["months"][0]["ncv"] = "20.5123"  # the form keeps 3 decimals
    doc["units"][0]["fuels"].append({"fuel": "natural_gas", "months": [{"month": 1,
                                                                        "consumption": "1"}]})  # fmt: skip
    assert problems(doc) == ["质量控制计划中1号机组没有燃料“天然气”（计划中的燃料：烟煤、柴油）"]
    doc["units"][0]["fuels"].pop()
    assert problems(doc) == ["1号机组 烟煤 1月 低位发热量：“20.5123”超过表单规定的 3 位小数"]
    assert problems({"format": "tanhe.plant-year/1"}) == [
        "年份（year）：核算年度应为 2019–2100 的整数（发电设施核算指南适用于2019年及以后的数据）：None",
        "企业（enterprise）：必填项缺失",
        "机组（units）：必填项缺失",
    ]
    with pytest.raises(WorkbookRejected) as exc:
        excel_services.import_json(actor=filer, report=report, data=b"{oops", name="x.json")
    assert str(exc.value.problems[0]).startswith("不是有效的 JSON：")
    assert snapshot(report) == before


def test_json_daily_records_replace_the_month(report, unit, filer):
    doc = _document()
    month = doc["units"][0]["fuels"][0]["months"][0]
    for key in ("consumption", "ncv", "carbon_content", "state"):
        del month[key]
    month["daily"] = [
        {"day": "2023-01-01", "quantity": "1000.00", "ncv": "20.000", "carbon_content": "50.00",
         "state": "fired"},
        {"day": "2023-01-02", "quantity": "2000.00", "ncv": "21.000", "carbon_content": "50.00",
         "state": "fired"},
    ]  # fmt: skip
    doc["units"][0]["fuels"].append(
        {"fuel": "diesel", "months": [{"month": 1, "consumption": "0"}]}
    )
    done = excel_services.import_json(actor=filer, report=report,
                                      data=json.dumps(doc).encode(), name="d.json")  # fmt: skip
    assert (done.cells, done.daily) == (6, 1)  # diesel, electricity, 4 production
    assert report.daily_records.count() == 2
    assert services.autocalc(actor=filer, report=report).applied
    cell = report.cells.get(fuel="bituminous", key="consumption", month=1)
    assert (cell.value, cell.origin) == ("3000.00", "auto")
    # the month given monthly again: the days go
    done = excel_services.import_json(
        actor=filer, report=report,
        data=(REPO / "examples" / "issue-example.json").read_bytes(), name="m.json",
    )  # fmt: skip
    assert done.daily == 1 and report.daily_records.count() == 0


# -- constants mirror the models -------------------------------------------------------------------
def test_test_sheet_rules_match_the_model():
    fields = {f.name: f for f in models.TestRecord._meta.get_fields() if hasattr(f, "max_length")}
    assert excel.TEST_FIELDS == services.TEST_FIELDS
    for name, limit in excel.TEST_MAX_LENGTH.items():
        assert fields[name].max_length == limit
    assert excel.TEST_CHOICES["method"] == {k: str(v) for k, v in models.TestMethod.choices}
    assert excel.TEST_CHOICES["accreditation"] == {
        k: str(v) for k, v in models.Accreditation.choices
    }
    assert FUEL_ROWS[0].key == "consumption" and PRODUCTION_ROWS


# -- a full year of three units: timing ------------------------------------------------------------
def three_unit_report(filer, enterprise):
    from tanhe.reports.services import create_report

    from ..plans.conftest import complete_plan

    version = plan_services.create_plan(actor=filer, enterprise=enterprise)
    complete_plan(filer, version)
    for n in (2, 3):
        unit = plan_services.add_unit(actor=filer, version=version,
                                      data=COAL_UNIT | {"name": f"{n}号机组"})  # fmt: skip
        plan_services.add_facility(actor=filer, unit=unit, data={
            "category": "boiler", "code": f"MF000{n}", "name": f"{n}号锅炉", "boiler_type": "煤粉锅炉",
            "model": "HG-2100/25.4", "capacity_tph": "2100", "location": "主厂房",
        })  # fmt: skip
        plan_services.set_main_product(actor=filer, unit=unit, product="electricity")
    for method in version.methods.filter(method_type="measured"):
        plan_services.update_method(actor=filer, method=method, data={"device_model": "皮带秤"})
    plan_services.submit(actor=filer, version=version)
    return create_report(actor=filer, enterprise=enterprise, year=2023)


def test_full_year_three_units_imports_in_time(filer, enterprise, client_for):
    report = three_unit_report(filer, enterprise)
    client = client_for(filer)
    wb = template(client, report)
    typed = fill_every_input(wb)
    assert len(typed) == 3 * 12 * 20  # one carbon row a month (CARBON_WAYS)
    data = saved(wb)
    started = time.perf_counter()
    done = excel_services.import_excel(actor=filer, report=report, data=data, name="full.xlsx")
    elapsed = time.perf_counter() - started
    assert done.cells == 3 * 12 * 20 and report.cells.count() == 720
    print(f"\nimport of a 3-unit, 12-month workbook ({len(data)} bytes): {elapsed * 1000:.0f} ms")
    assert elapsed < 20  # generous: the benchmark (bench/report_excel.py) reports the number


# -- the pages in a browser ------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.usefixtures("flushable")
def test_upload_page_and_error_list_in_a_browser(browser, live_server, report, unit, filer,
                                                 tmp_path):  # fmt: skip
    from ..conftest import new_context, screenshot

    client = __import__("django.test", fromlist=["Client"]).Client()
    client.force_login(filer)
    wb = template(client, report)
    fill_january(wb)
    put(wb, "燃料信息表", "1号机组|bituminous|consumption", 3, "12,3x")
    put(wb, "燃料信息表", "1号机组|bituminous|ncv", 3, "20.5123")
    bad = tmp_path / "报告.xlsx"
    bad.write_bytes(saved(wb))
    context = new_context(browser, live_server, filer)
    page = context.new_page()
    page.goto(live_server.url + reverse("reports:excel_import", args=[report.pk]))
    assert page.get_by_role("link", name="下载 Excel 填报模板").is_visible()
    screenshot(page, "report-excel-upload")
    page.locator("#excel_file").set_input_files(str(bad))
    page.get_by_role("button", name="导入 Excel").click()
    alert = page.locator("#import-errors")
    assert "有 2 处问题，未导入任何数据" in alert.inner_text()
    screenshot(page, "report-excel-errors")
    put(wb, "燃料信息表", "1号机组|bituminous|consumption", 3, None)
    put(wb, "燃料信息表", "1号机组|bituminous|ncv", 3, None)
    bad.write_bytes(saved(wb))
    page.locator("#excel_file").set_input_files(str(bad))
    page.get_by_role("button", name="导入 Excel").click()
    assert "导入：10 个数值" in page.locator(".messages").inner_text()
    screenshot(page, "report-excel-imported")
    context.close()
    assert report.cells.count() == 10


def test_plant_electricity_daily_months_and_automatic_values(report, unit, filer, client_for):
    from datetime import date

    from tanhe.reports.services import DailyInput

    services.save_cells(actor=filer, report=report,
                        entries=entries(unit, 2, **(JANUARY | {"diesel__consumption": "10.00"})))  # fmt: skip
    services.save_daily_records(actor=filer, report=report, unit=unit, fuel="bituminous", month=3,
                                rows=[DailyInput(date(2023, 3, 1), "1000.00", "20.000", "50.00")])  # fmt: skip
    services.autocalc(actor=filer, report=report)
    client = client_for(filer)
    old = template(client, report)
    services.set_split_electricity(actor=filer, report=report, split=True)
    assert refused(filer, report, saved(old)) == [
        "下载模板后“外购电量按机组平分”已改为“是”，购入使用电量表的行已不同"
    ]
    wb = template(client, report)
    elec = wb["购入使用电量表"]
    assert [elec.cell(row=7, column=c).value for c in (1, 2, 4, 7)] == [
        "||mwh", "全厂", "消费的购入电量", "填报（全厂，按机组平分）"]  # fmt: skip
    assert elec[f"G{row_of(elec, '1号机组||mwh')}"].value == "自动计算（导入时忽略）"
    put(wb, "购入使用电量表", "||mwh", 2, "1000.00")
    put(wb, "燃料信息表", "1号机组|diesel|ncv", 2, "43.000")  # over the automatic default
    assert import_file(client, report, saved(wb)).status_code == 302
    plant = report.cells.get(unit=None, key="mwh", month=2)
    ncv = report.cells.get(unit=unit, fuel="diesel", key="ncv", month=2)
    assert (plant.value, ncv.value, ncv.origin, ncv.mode) == ("1000.00", "43.000", "user",
                                                              "measured")  # fmt: skip
    wb = template(client, report)
    fuel = wb["燃料信息表"]
    row = row_of(fuel, "1号机组|bituminous|consumption")
    assert fuel[f"J{row}"].value == "1000.00" and fuel[f"J{row}"].protection.locked
    put(wb, "燃料信息表", "1号机组|bituminous|consumption", 3, "1200.00")
    assert refused(filer, report, saved(wb)) == [
        f"燃料信息表 第{row}行 J列 “1200.00”：该月由日记录汇总，请修改日记录"
    ]


def test_cell_rules_without_a_database():
    book = excel.Book(
        identity=excel.Identity("示例发电有限公司", "91110000MA0123456P", 2023, 1, 1, False),
        units=[excel.UnitLayout("1号机组", ("bituminous",))],
        decimals={"consumption": 2, "ncv": 3, "carbon_content": 2, "moisture": 2},
    )
    spec = {s.key: s for s in excel.row_specs(book, Table.FUEL)}

    def check(text, key="consumption"):
        canonical, problem = excel.check_value(text, spec[key], book.decimals)
        return (canonical, None) if problem is None else (problem.code, dict(problem.params))

    assert check("１２，３４５．６７") == ("12345.67", None)
    assert check("1e5") == ("not_a_number", {"signed": False})
    assert check("١٢") == ("not_a_number", {"signed": False})
    assert check("12.300") == ("places", {"places": 2})
    assert check("100.01", "moisture_ar") == ("over_100", {})
    assert check("入厂", "state") == ("received", None)
    assert cell_text(0.1 + 0.2, "n") == ("0.30000000000000004", None, True)
    assert cell_text(1e-05, "n") == ("0.00001", None, True)


def test_an_exported_report_edited_and_reimported_gives_the_same_report(report, unit, filer,
                                                                        client_for):  # fmt: skip
    """The full export (not only the template) goes back in: an untouched export changes
    nothing; an edited one changes exactly the edited input cells (the file wins)."""
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    services.autocalc(actor=filer, report=report)
    client = client_for(filer)
    export = client.get(reverse("reports:excel_export", args=[report.pk])).content
    before = snapshot(report)[0]
    done = excel_services.import_excel(actor=filer, report=report, data=export, name="导出.xlsx")
    assert done.cells == 0 and snapshot(report)[0] == before
    wb = load_workbook(io.BytesIO(export))
    put(wb, "燃料信息表", "1号机组|bituminous|ncv", 1, "20.600")
    put(wb, "燃料信息表", "1号机组|bituminous|heat_gj", 1, "1")  # grey, editable after 自动计算
    done = excel_services.import_excel(actor=filer, report=report, data=saved(wb), name="改.xlsx")
    assert done.cells == 2
    ncv = report.cells.get(unit=unit, fuel="bituminous", key="ncv", month=1)
    assert (ncv.value, ncv.origin) == ("20.600", "user")
    services.autocalc(actor=filer, report=report, confirm=True)
    heat = report.cells.get(unit=unit, fuel="bituminous", key="heat_gj", month=1)
    assert heat.value == "2479120.802"  # 120345.67 t × 20.600 GJ/t, recomputed by the engine


def test_json_steam_and_hot_water_become_the_months_heat_measurements(report, unit, filer):
    doc = _document(production=[{
        "month": 1, "generation_mwh": "301234.567", "supply_mwh": "285432.100",
        "running_hours": "744", "steam": [{"mass_t": "1000", "enthalpy_kj_per_kg": "2800"}],
        "hot_water": [{"mass_t": "500", "temperature_c": "90"}],
    }])  # fmt: skip
    data = json.dumps(doc).encode()
    excel_services.import_json(actor=filer, report=report, data=data, name="heat.json")
    stored = list(report.heat_measurements.values_list("kind", "mass_t", "enthalpy_kj_per_kg",
                                                       "temperature_c"))  # fmt: skip
    assert stored == [("steam", "1000", "2800", ""), ("hot_water", "500", "", "90")]
    services.save_cells(
        actor=filer, report=report, entries=entries(unit, 1, diesel__consumption="0")
    )
    assert services.autocalc(actor=filer, report=report).applied
    heat = report.cells.get(unit=unit, table="production", key="heat_gj", month=1)
    assert heat.value == "2862.798"  # 1000 × (2800 − 83.74) / 1000 + 500 × 70 × 4.1868 / 1000


def test_json_member_running_hours_of_a_merged_row(merged_report, filer):
    report, merged = merged_report
    doc = json.loads((REPO / "examples" / "issue-example.json").read_text())
    unit = doc["units"][0]
    unit.update(name=merged.name, code="M", members=[
        {"code": "1", "name": "1号机组", "type": "coal", "subtype": "conventional", "capacity_mw": "660"},
        {"code": "2", "name": "2号机组", "type": "coal", "subtype": "conventional", "capacity_mw": "330"},
    ])  # fmt: skip
    unit["production"][0].pop("running_hours")
    unit["production"][0]["member_running_hours"] = {"1": "744", "2": "500"}
    excel_services.import_json(actor=filer, report=report, data=json.dumps(doc).encode(),
                               name="merged.json")  # fmt: skip
    services.save_cells(actor=filer, report=report,
                        entries=entries(merged, 1, diesel__consumption="0"))  # fmt: skip
    assert services.autocalc(actor=filer, report=report).applied
    hours = report.cells.get(unit=merged, table="production", key="running_hours", month=1)
    assert hours.value == "662.67"  # (660 × 744 + 330 × 500) / 990


def test_a_value_as_downloaded_is_not_judged_again(report, unit, filer, client_for):
    """自动计算 may store a 负荷（出力）系数 over 100 % from implausible inputs (a warning, not a
    refusal); the template carrying it untouched imports, a typed one over 100 % is refused."""
    models.ReportCell.objects.create(
        report=report, unit=unit, table="production", fuel="", key="load_factor_pct", month=12,
        value="804.00", origin=models.Origin.AUTO,
    )  # fmt: skip
    models.Report.objects.filter(pk=report.pk).update(autocalc_at=timezone.now())
    client = client_for(filer)
    wb = template(client, report)
    fill_january(wb)
    assert import_file(client, report, saved(wb)).status_code == 302
    assert report.cells.get(key="load_factor_pct", month=12).value == "804.00"
    row = put(wb, "生产数据表", "1号机组||load_factor_pct", 12, "805")
    assert refused(filer, report, saved(wb)) == [f"生产数据表 第{row}行 S列 “805”：超过 100%"]
