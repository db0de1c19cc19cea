"""确定方式表 and 燃料状态 as the seeds have them (issue #9 item 8), each rule on both sides:

- seed 000 排放报告-确定方式表: "企业需要填报每月低位发热量和单位热值含碳量的确定方式，包括自行检测和
  委托检测的情况" — the parameters are 低位发热量 and 单位热值含碳量 (not 元素碳含量), and a month
  whose value rests on a test needs its row before submission;
- seed 000 燃料信息表 说明1 / 核查技术指南 表9: 燃料消耗量与低位发热量状态匹配 — a month with
  consumption names its 燃料状态;
- 核查技术指南 表7 (查阅数据质量控制计划，确认数据获取方式为入炉煤还是入厂煤; 入炉优先) — a month's
  state other than the plan's is a warning naming 数据质量控制计划 第6部分 数据的确定方式.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from tanhe.accounting.report_form import REQUIRED_EVIDENCE
from tanhe.plans import services as plan_services
from tanhe.plans.models import PlanVersion
from tanhe.reports import excel_services, monthly_changes, pdf, selectors, services
from tanhe.reports import models as report_models
from tanhe.reports.completeness import (
    completeness,
    missing_test_fields,
    submission_problems,
    warnings,
)
from tanhe.reports.models import MonthFiling
from tanhe.reports.problems import Severity, message, texts
from tanhe.reports.services import DailyInput, SubmissionRefused

from .conftest import (
    CALORIMETER,
    JANUARY,
    PDF,
    carbon_test,
    complete_plan,
    entries,
    fill_tests,
    fill_year,
)
from .scans import scan_of

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]
NOT_FILLED_NCV = "检测方式、检测频次、测定方法标准"
WHAT_IT_ASKS = "每月低位发热量和单位热值含碳量的确定方式，包括自行检测和委托检测的情况"


def fresh(report):
    """The report as a new request reads it (the engine's outcome is kept per instance)."""
    return type(report).objects.get(pk=report.pk)


def problems_of(report, area: str, *codes: str) -> list[str]:
    report = fresh(report)
    names = selectors.unit_names(report)
    found = [p for p in completeness(report) if p.area == area and (not codes or p.code in codes)]
    return texts(found, names)


def save(filer, report, unit, month: int, **values: str) -> None:
    services.save_cells(actor=filer, report=report, entries=entries(unit, month, **values))


# -- 确定方式表: which months need a row ---------------------------------------------------------
def test_seed000_a_measured_months_ncv_and_unit_heat_carbon_need_their_rows(report, unit, filer):
    """seed 000 排放报告-确定方式表: a month whose 低位发热量 is measured and whose 单位热值含碳量
    comes from a measured element carbon (元素碳含量 ÷ 低位发热量) needs both rows; filled, none."""
    save(filer, report, unit, 1, **JANUARY)
    assert problems_of(report, "tests") == [
        f"确定方式表 1号机组 烟煤 低位发热量：1月为实测值，请填写确定方式（{NOT_FILLED_NCV}未填写；"
        f"{WHAT_IT_ASKS}）",
        "确定方式表 1号机组 烟煤 单位热值含碳量：1月为实测值，请填写确定方式（检测方式、检测频次、"
        f"测定方法标准、采样日期、报告日期未填写；{WHAT_IT_ASKS}）",
    ]
    services.save_test_record(actor=filer, report=report, unit=unit, fuel="bituminous",
                              parameter="ncv", month=1, data=CALORIMETER)  # fmt: skip
    assert [p.split("：")[0] for p in problems_of(report, "tests")] == [
        "确定方式表 1号机组 烟煤 单位热值含碳量"
    ]
    services.save_test_record(actor=filer, report=report, unit=unit, fuel="bituminous",
                              parameter="unit_heat_carbon", month=1, data=carbon_test(1))  # fmt: skip
    assert problems_of(report, "tests") == []


def test_seed000_a_default_or_a_month_without_consumption_needs_no_row(report, unit, filer):
    """A month without element carbon takes the default 单位热值含碳量 (缺省值): only its measured
    NCV needs a row. Diesel with the default NCV, and a fuel not used (0), need none."""
    save(filer, report, unit, 2, bituminous__consumption="100000.00", bituminous__ncv="20.000",
         bituminous__state="fired", diesel__consumption="10.00", diesel__state="fired")  # fmt: skip
    save(filer, report, unit, 3, bituminous__consumption="0", diesel__consumption="0")
    needed = [p.split("：")[0] + " " + p.split("：")[1][:2] for p in problems_of(report, "tests")]
    assert needed == ["确定方式表 1号机组 烟煤 低位发热量 2月"]
    # the carbon measured after all: now its row is needed too
    save(filer, report, unit, 2, bituminous__carbon_content="52.00")
    assert [p.split("：")[0] for p in problems_of(report, "tests")] == [
        "确定方式表 1号机组 烟煤 低位发热量",
        "确定方式表 1号机组 烟煤 单位热值含碳量",
    ]


def test_seed000_the_fields_a_row_needs_follow_its_testing_type():
    """自行检测: 检测设备 and 设备校准频次; 委托检测: 委托机构名称, CMA/CNAS 标识 and 报告编号; the
    element-carbon test behind a 单位热值含碳量: its 采样日期 and 报告日期 (the 40-day rule)."""
    assert missing_test_fields("ncv", {}) == ["method", "frequency", "standard"]
    own = {"method": "self", "frequency": "每日", "standard": "GB/T 213"}
    assert missing_test_fields("ncv", own) == ["device", "calibration_frequency"]
    assert missing_test_fields("ncv", CALORIMETER) == []
    lab = {"method": "commissioned", "frequency": "每月", "standard": "GB/T 30733"}
    assert missing_test_fields("ncv", lab) == ["laboratory", "accreditation", "report_number"]
    assert missing_test_fields("unit_heat_carbon", lab) == [
        "laboratory", "accreditation", "report_number", "sampled_on", "reported_on",
    ]  # fmt: skip
    assert missing_test_fields("unit_heat_carbon", carbon_test(3)) == []
    assert missing_test_fields("carbon_content", lab)[-2:] == ["sampled_on", "reported_on"]


def test_seed000_an_incomplete_table_blocks_submission_and_a_complete_one_does_not(
    report, unit, filer
):
    fill_year(filer, report, unit)
    services.autocalc(actor=filer, report=report)
    for kind, _label in REQUIRED_EVIDENCE:
        services.add_evidence(actor=filer, report=report, kind=kind, upload=PDF, name=f"{kind}.pdf")
    services.declare(actor=filer, report=report, entity="示例电厂", legal_representative="张三")
    fill_tests(filer, report, unit, months=range(1, 12))  # December's rows left out
    services.upload_stamped_pdf(actor=filer, report=report, upload=scan_of(report),
                                name="盖章版.pdf")  # fmt: skip
    report.refresh_from_db()
    with pytest.raises(SubmissionRefused) as exc:
        services.submit(actor=filer, report=report)
    assert [p.code for p in exc.value.items] == ["test_missing", "test_missing"]
    assert {p.place.key for p in exc.value.items} == {"ncv", "unit_heat_carbon"}
    assert all("12月为实测值" in p for p in exc.value.problems)
    fill_tests(filer, report, unit, months=[12])
    report.refresh_from_db()
    assert submission_problems(report) == []
    services.submit(actor=filer, report=report)


# -- 燃料状态: required with consumption --------------------------------------------------------
def test_table9_a_month_with_consumption_needs_its_fuel_state(report, unit, filer):
    """seed 000 燃料信息表 说明1 / 核查技术指南 表9: consumption and NCV are in one state — a month
    with consumption names it; a fuel not used that month does not need one."""
    january = {k: v for k, v in JANUARY.items() if k != "bituminous__state"}
    save(filer, report, unit, 1, **january)
    save(filer, report, unit, 2, **january)
    assert problems_of(report, "fuel", "state_missing") == [
        "燃料信息表 1号机组 烟煤 燃料状态：1月、2月有消耗量，请选择燃料状态（入炉 / 入厂）："
        "消耗量与低位发热量状态一致（核查技术指南 表7、表9）"
    ]  # diesel: consumption 0 in both months, no state needed
    save(filer, report, unit, 1, bituminous__state="fired")
    assert "2月有消耗量" in problems_of(report, "fuel", "state_missing")[0]
    save(filer, report, unit, 2, bituminous__state="received")
    assert problems_of(report, "fuel", "state_missing") == []


def test_table9_a_month_of_daily_records_has_their_state(report, unit, filer):
    services.save_daily_records(actor=filer, report=report, unit=unit, fuel="bituminous", month=4,
                                rows=[DailyInput(date(2023, 4, 1), "1000.00", "20.000", "50.00")])  # fmt: skip
    assert problems_of(report, "fuel", "state_missing") == []


# -- 燃料状态: the plan's -------------------------------------------------------------------------
def state_warnings(report) -> list[str]:
    report = fresh(report)
    names = selectors.unit_names(report)
    found = [p for p in warnings(report)
             if p.code in ("state_plan_unsaid", "check.consistency.state_plan")]  # fmt: skip
    assert all(p.severity == Severity.WARNING for p in found)
    return texts(found, names)


def test_table7_a_state_other_than_the_plans_is_a_warning_naming_the_plan_section(
    report, unit, filer
):
    """核查技术指南 表7、表9: the plan's 数据的确定方式 gives 入炉 for 烟煤; months reported 入厂
    are named in a warning (never blocking); months 入炉 are not."""
    for month in (1, 2, 3):
        save(filer, report, unit, month, **JANUARY)
    assert state_warnings(report) == []
    save(filer, report, unit, 2, bituminous__state="received")
    save(filer, report, unit, 3, bituminous__state="received")
    assert state_warnings(report) == [
        "1号机组 烟煤 燃料状态：2–3月的燃料状态为入厂，与数据质量控制计划第6部分“数据的确定方式”中"
        "该燃料消耗量和低位发热量的状态（入炉）不一致：请按计划的状态填报，或修订质量控制计划"
        "（依据：核查技术指南（发电设施）表7 查阅数据质量控制计划，确认数据获取方式为入炉煤还是入厂煤；"
        "表9 低位发热量与燃煤量状态一致）"
    ]
    assert not [p for p in submission_problems(report) if p.code.startswith("state_plan")]


def test_table7_daily_batch_records_as_received_differ_from_an_as_fired_plan(report, unit, filer):
    rows = [DailyInput(date(2023, 5, d), "1000.00", "20.000", "50.00", "received") for d in (1, 2)]
    services.save_daily_records(actor=filer, report=report, unit=unit, fuel="bituminous", month=5,
                                rows=rows)  # fmt: skip
    assert [w.split("：")[1] for w in state_warnings(report)] == [
        "5月的燃料状态为入厂，与数据质量控制计划第6部分“数据的确定方式”中该燃料消耗量和低位发热量的"
        "状态（入炉）不一致"
    ]


@pytest.fixture
def stateless_plan_report(filer, enterprise):
    """A report on a plan submitted before its consumption rows said a state (the plan's old
    version: its 烟煤消耗量 has none)."""
    version = plan_services.create_plan(actor=filer, enterprise=enterprise)
    unit = complete_plan(filer, version)
    consumption = version.methods.get(parameter="consumption", fuel="bituminous")
    plan_services.update_method(actor=filer, method=consumption, data={"fuel_state": ""})
    PlanVersion.objects.filter(pk=version.pk).update(state="submitted", submitted_at=timezone.now())
    report = services.create_report(actor=filer, enterprise=enterprise, year=2023)
    return report, report.plan_version.units.get(pk=unit.pk)


def test_table7_a_plan_that_gives_no_state_is_a_warning(stateless_plan_report, filer):
    report, unit = stateless_plan_report
    assert state_warnings(report) == []  # no month with consumption or state yet
    save(filer, report, unit, 1, **JANUARY)
    assert state_warnings(report) == [
        "1号机组 烟煤 燃料状态：数据质量控制计划第6部分“数据的确定方式”没有写明该燃料消耗量的燃料状态"
        "（入炉 / 入厂），1月的燃料状态无法与计划核对：请修订质量控制计划（核查技术指南 表7：查阅数据质量"
        "控制计划，确认数据获取方式为入炉煤还是入厂煤）"
    ]


def test_the_new_problems_read_in_english(report, unit, filer):
    january = {k: v for k, v in JANUARY.items() if k != "bituminous__state"}
    save(filer, report, unit, 1, **january)
    save(filer, report, unit, 2, **JANUARY | {"bituminous__state": "received"})
    found = [p for p in completeness(report) + warnings(report)
             if p.code in ("state_missing", "test_missing", "check.consistency.state_plan")]  # fmt: skip
    assert {p.code for p in found} == {"state_missing", "test_missing",
                                       "check.consistency.state_plan"}  # fmt: skip
    with translation.override("en"):
        words = [message(p) for p in found]
    for text in words:
        assert all(ord(c) < 128 or c == "÷" for c in text), text
    assert any("Jan: there is consumption, choose the fuel state" in t for t in words)
    assert any("Feb: the fuel state is as received" in t and "as fired" in t for t in words)
    assert any("not filled in: Testing type, Testing frequency, Test method standard" in t
               for t in words)  # fmt: skip


# -- where the table is shown ----------------------------------------------------------------------
def test_the_tests_page_says_how_each_month_is_determined_and_what_it_lacks(
    report, unit, filer, client
):
    save(filer, report, unit, 1, **JANUARY)
    client.force_login(filer)
    page = client.get(reverse("reports:edit", args=[report.pk, "tests"])).content.decode()
    assert "单位热值含碳量" in page and ">元素碳含量<" not in page
    assert "元素碳含量（实测）÷ 低位发热量" in page
    assert f"未填写：{NOT_FILLED_NCV}" in page
    assert "非实测（缺省值或无消耗），可不填" in page  # February on: no data
    assert f'name="t:{unit.pk}:bituminous:unit_heat_carbon:1:report_number"' in page
    fill_tests(filer, report, unit, months=[1])
    page = client.get(reverse("reports:edit", args=[report.pk, "tests"])).content.decode()
    assert "未填写：" not in page
    view = client.get(reverse("reports:view", args=[report.pk])).content.decode()
    assert "MZ-2023-01" in view and "报告编号" in view


def test_the_pdf_prints_the_seeds_table(report, unit, filer, tmp_path):
    save(filer, report, unit, 1, **JANUARY)
    fill_tests(filer, report, unit, months=[1])
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf.render_report(report).data)
    whole = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                           check=True, text=True).stdout  # fmt: skip
    section = whole.split("五、确定方式表")[-1].split("六、生产设施表")[0]
    assert "单位热值含碳量" in section and "元素碳含量实测的月份" in section
    assert "报告编号" in section and "MZ-2023-01" in section and "实测值" in section


def test_a_json_month_without_state_is_imported_with_a_note(report, unit, filer):
    doc = json.loads((REPO / "examples" / "issue-example.json").read_text())
    del doc["units"][0]["fuels"][0]["months"][0]["state"]
    done = excel_services.import_json(actor=filer, report=report,
                                      data=json.dumps(doc).encode(), name="s.json")  # fmt: skip
    assert done.notes == [
        "燃料信息表 1号机组 烟煤 燃料状态：1月有消耗量，请选择燃料状态（入炉 / 入厂）："
        "消耗量与低位发热量状态一致（核查技术指南 表7、表9）"
    ]
    assert "1月有消耗量" in problems_of(report, "fuel", "state_missing")[0]
    given = excel_services.import_json(
        actor=filer, report=report,
        data=(REPO / "examples" / "issue-example.json").read_bytes(), name="g.json",
    )  # fmt: skip
    assert given.notes == [] and problems_of(report, "fuel", "state_missing") == []


# -- rows kept from before: 元素碳含量 → 单位热值含碳量 ------------------------------------------
def test_an_old_carbon_content_key_is_read_as_unit_heat_carbon(report, unit, filer):
    """A caller (an old workbook's key) saying 元素碳含量 saves the 单位热值含碳量 row; a month
    sealed with the old key shows no change since its seal."""
    save(filer, report, unit, 1, **JANUARY)
    before = {k: v for k, v in carbon_test(1).items() if k != "report_number"}  # none then
    services.save_test_record(actor=filer, report=report, unit=unit, fuel="bituminous",
                              parameter="carbon_content", month=1, data=before)  # fmt: skip
    assert report.test_records.get().parameter == "unit_heat_carbon"
    filing = services.seal_month(actor=filer, report=report, month=1)
    assert monthly_changes.changes_since_seal(report, filing) == []
    old = filing.content
    for item in old["tests"]:
        item["parameter"] = "carbon_content"  # as sealed before the table followed the seed
        item.pop("report_number")
    MonthFiling.objects.filter(pk=filing.pk).update(content=old)
    filing.refresh_from_db()
    assert monthly_changes.changes_since_seal(report, filing) == []


def test_migration_0010_moves_old_rows_of_a_submitted_report_and_keeps_it_frozen(
    report, unit, filer
):
    from django.apps import apps as django_apps

    migration = __import__(
        "tanhe.reports.migrations.0010_test_record_unit_heat_carbon", fromlist=["_rename"]
    )
    services.save_test_record(actor=filer, report=report, unit=unit, fuel="bituminous",
                              parameter="unit_heat_carbon", month=1, data=carbon_test(1))  # fmt: skip
    report_models.TestRecord.objects.update(parameter="carbon_content")  # a row as saved before
    type(report).objects.filter(pk=report.pk).update(state="submitted")
    with pytest.raises(DatabaseError, match="submitted"), transaction.atomic():
        report_models.TestRecord.objects.update(device="改")

    class Editor:  # what the migration asks of its schema editor (SQLite's cannot run here)
        def __init__(self) -> None:
            self.connection = connection

        def execute(self, sql: str) -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql)

    migration._rename("carbon_content", "unit_heat_carbon")(django_apps, Editor())
    assert list(report_models.TestRecord.objects.values_list("parameter", flat=True)) == [
        "unit_heat_carbon"
    ]
    with pytest.raises(DatabaseError, match="submitted"), transaction.atomic():
        report_models.TestRecord.objects.update(device="改")  # the triggers are back
