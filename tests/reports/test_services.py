"""The annual report's business actions: creation gate, entry rules, 自动计算 and its overwrite
rule, monthly 存证, submission, immutability and the authority's return."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction

from tanhe.audit.models import AuditEntry
from tanhe.plans import services as plan_services
from tanhe.reports import selectors, services
from tanhe.reports.completeness import submission_problems
from tanhe.reports.models import FilingState, ReportCell, ReportState
from tanhe.reports.problems import texts
from tanhe.reports.services import CellErrors, CellInput, DeterminationErrors, DeterminationInput

from .conftest import JANUARY, PDF, entries, fill_tests, fill_year
from .scans import scan_of


def value(report, unit, table, fuel, key, month=1):
    cell = report.cells.filter(unit=unit, table=table, fuel=fuel, key=key, month=month).first()
    return cell.value if cell else None


def test_no_report_before_a_submitted_plan(filer, enterprise):
    version = plan_services.create_plan(actor=filer, enterprise=enterprise)
    with pytest.raises(ValidationError, match="质量控制计划提交后，方可创建排放报告"):
        services.create_report(actor=filer, enterprise=enterprise, year=2023)
    assert version.reports.count() == 0


def test_report_binds_the_plan_in_force_and_one_per_year(report, plan, filer, enterprise):
    assert report.plan_version == plan
    assert (report.year, report.number, report.state) == (2023, 1, ReportState.DRAFT)
    with pytest.raises(ValidationError, match="2023年度的年报已存在"):
        services.create_report(actor=filer, enterprise=enterprise, year=2023)
    with pytest.raises(ValidationError, match="报告年度须在 2019"):
        services.create_report(actor=filer, enterprise=enterprise, year=2018)


def test_other_enterprise_cannot_create_or_fill(report, unit, other_enterprise):
    intruder = other_enterprise.users.get()
    with pytest.raises(PermissionDenied):
        services.save_cells(actor=intruder, report=report, entries=entries(unit, 1, **JANUARY))
    with pytest.raises(PermissionDenied):
        services.create_report(actor=intruder, enterprise=report.enterprise, year=2022)


def test_autocalc_reproduces_the_issue_example(report, unit, filer):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    outcome = services.autocalc(actor=filer, report=report)
    assert outcome.applied and not outcome.problems
    assert value(report, unit, "fuel", "bituminous", "heat_gj") == "2468530.383"
    assert value(report, unit, "fuel", "bituminous", "unit_heat_carbon") == "0.02550"
    assert value(report, unit, "fuel", "bituminous", "emissions_tco2") == "228518.74"
    assert value(report, unit, "electricity", "", "emissions_tco2") == "292.16"
    rows, total = selectors.summary(report)
    assert (rows[0].combustion, rows[0].electricity, rows[0].total) == (
        __import__("decimal").Decimal("228518.74"),
        __import__("decimal").Decimal("292.16"),
        __import__("decimal").Decimal("228810.90"),
    )
    assert str(total.total) == "228810.90"


def test_entry_errors_name_unit_month_and_field_and_save_nothing(report, unit, filer):
    bad = entries(unit, 3, bituminous__consumption="12,3x", bituminous__ncv="20.5123",
                  production__running_hours="-5")  # fmt: skip
    with pytest.raises(CellErrors) as exc:
        services.save_cells(actor=filer, report=report, entries=bad + entries(unit, 1, **JANUARY))
    assert exc.value.problems == [
        "1号机组 烟煤 3月 消耗量：“12,3x”不是数字（只能填写不带正负号的数字）",
        "1号机组 烟煤 3月 低位发热量：“20.5123”超过表单规定的 3 位小数",
        "1号机组 3月 运行小时数：“-5”不是数字（只能填写不带正负号的数字）",
    ]
    assert report.cells.count() == 0


def test_second_autocalc_lists_changes_and_needs_confirmation(report, unit, filer):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    services.autocalc(actor=filer, report=report)
    # the user edits a grey cell by hand, and changes an input
    services.save_cells(actor=filer, report=report, entries=[
        CellInput(unit, "fuel", "bituminous", "heat_gj", 1, "2468530.000"),
        CellInput(unit, "fuel", "bituminous", "consumption", 1, "120345.00"),
    ])  # fmt: skip
    outcome = services.autocalc(actor=filer, report=report)
    assert not outcome.applied
    changed = {c.place[3]: (c.old, c.new, c.edited) for c in outcome.changes}
    assert changed["heat_gj"] == ("2468530.000", "2468516.640", True)
    assert changed["emissions_tco2"][0] == "228518.74"
    assert value(report, unit, "fuel", "bituminous", "heat_gj") == "2468530.000"  # untouched
    stale = services.autocalc(actor=filer, report=report, confirm=True, expected="an old list")
    assert stale.stale and not stale.applied
    assert value(report, unit, "fuel", "bituminous", "heat_gj") == "2468530.000"  # untouched
    seen = services.changes_fingerprint(outcome.changes)
    outcome = services.autocalc(actor=filer, report=report, confirm=True, expected=seen)
    assert outcome.applied
    assert value(report, unit, "fuel", "bituminous", "heat_gj") == "2468516.640"


def test_missing_ncv_of_an_oil_takes_the_default_with_its_source(report, unit, filer):
    services.save_cells(actor=filer, report=report, entries=entries(
        unit, 2, bituminous__consumption="100000.00", bituminous__ncv="20.000",
        bituminous__carbon_content="50.00", diesel__consumption="10.00", electricity__mwh="0",
    ))  # fmt: skip
    services.autocalc(actor=filer, report=report)
    ncv = report.cells.get(unit=unit, fuel="diesel", key="ncv", month=2)
    assert (ncv.value, ncv.mode, ncv.origin) == ("42.652", "default", "auto")
    assert ncv.source.startswith(
        "低位发热量缺省值：《企业温室气体排放核算方法与报告指南 发电设施》附录A"
    )
    ef = report.cells.get(unit=unit, table="electricity", key="grid_emission_factor", month=2)
    assert ef.source.startswith("全国电网平均排放因子：环办气候函〔2023〕43号")


def test_submission_rules_freeze_and_return(report, unit, filer, reviewer):
    fill_year(filer, report, unit)
    problems = submission_texts(report)
    assert "请先点击“自动计算”生成灰色单元格的计算值" in problems
    assert "材料上传：缺少必传附件“电费结算单或发票”" in problems
    assert any(p.startswith("确定方式表 1号机组 烟煤 低位发热量：全年为实测值") for p in problems)
    fill_tests(filer, report, unit)
    services.autocalc(actor=filer, report=report)
    for kind, _label in __import__(
        "tanhe.accounting.report_form", fromlist=["x"]
    ).REQUIRED_EVIDENCE:
        services.add_evidence(actor=filer, report=report, kind=kind, upload=PDF, name=f"{kind}.pdf")
    services.declare(actor=filer, report=report, entity="示例电厂", legal_representative="张三")
    services.upload_stamped_pdf(
        actor=filer, report=report, upload=scan_of(report), name="盖章版.pdf"
    )
    report.refresh_from_db()
    assert submission_texts(report) == []
    submission = services.submit(actor=filer, report=report)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert submission.content["result"]["total_emissions_tco2"] == "2745730.80"
    with pytest.raises(ValidationError, match="已提交，不能修改"):
        services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    cell = report.cells.first()
    with pytest.raises(DatabaseError, match="report version is submitted"), transaction.atomic():
        ReportCell.objects.filter(pk=cell.pk).update(value="1")
    draft = services.return_for_correction(actor=reviewer, report=report, text="请补充热值检测报告")
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    assert (draft.number, draft.state, draft.cells.count()) == (2, "draft", report.cells.count())
    assert AuditEntry.objects.filter(action="report.return").count() == 1


def test_sealed_month_needs_an_amendment(report, unit, filer):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    filing = services.seal_month(actor=filer, report=report, month=1)
    assert filing.state == FilingState.SEALED and len(filing.sha256) == 64
    with pytest.raises(CellErrors, match="1月已存证"):
        services.save_cells(actor=filer, report=report,
                            entries=[CellInput(unit, "fuel", "bituminous", "ncv", 1, "20.000")])  # fmt: skip
    with pytest.raises(ValidationError, match="须说明原因"):
        services.amend_month(actor=filer, filing=filing, reason=" ")
    services.amend_month(actor=filer, filing=filing, reason="化验室复检后热值更正")
    services.save_cells(actor=filer, report=report,
                        entries=[CellInput(unit, "fuel", "bituminous", "ncv", 1, "20.000")])  # fmt: skip
    filing = services.seal_month(actor=filer, report=report, month=1)
    assert filing.revision == 2
    assert AuditEntry.objects.get(action="report.month.amend").note == "化验室复检后热值更正"


def test_test_records_are_saved_all_or_none_and_refusals_name_the_row(report, unit, filer):
    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    services.seal_month(actor=filer, report=report, month=1)
    good = DeterminationInput(unit, "bituminous", "ncv", 3, {"method": "self", "device": "量热仪"})
    late = DeterminationInput(unit, "diesel", "unit_heat_carbon", 4, {
        "sampled_on": date(2023, 4, 20), "reported_on": date(2023, 4, 1)})  # fmt: skip
    sealed = DeterminationInput(unit, "bituminous", "unit_heat_carbon", 1,
                                {"laboratory": "事后补写"})  # fmt: skip
    with pytest.raises(DeterminationErrors) as exc:
        services.save_test_records(actor=filer, report=report, rows=[good, late, sealed])
    assert exc.value.rows == {
        1: ["报告日期：报告日期不能早于采样日期"],
        2: ["1月已存证，修改须先提出修改申请并说明原因"],
    }
    assert exc.value.problems == [
        "1号机组 柴油 单位热值含碳量 4月 报告日期：报告日期不能早于采样日期",
        "1号机组 烟煤 单位热值含碳量 1月 1月已存证，修改须先提出修改申请并说明原因",
    ]
    assert not report.test_records.exists()  # the good row too: all or none
    assert not AuditEntry.objects.filter(action="report.test_record").exists()
    fixed = DeterminationInput(late.unit, late.fuel, late.parameter, late.month,
                      {**late.data, "reported_on": date(2023, 5, 2)})  # fmt: skip
    assert services.save_test_records(actor=filer, report=report, rows=[good, fixed]) == 2
    assert report.test_records.get(fuel="bituminous", month=3).device == "量热仪"
    assert report.test_records.get(fuel="diesel", month=4).reported_on == date(2023, 5, 2)
    assert AuditEntry.objects.filter(action="report.test_record").count() == 2
    services.save_test_records(actor=filer, report=report, rows=[good])  # nothing changes
    assert AuditEntry.objects.filter(action="report.test_record").count() == 2


def test_daily_records_make_the_month(report, unit, filer):
    from datetime import date

    from tanhe.reports.services import DailyInput

    rows = [DailyInput(date(2023, 1, d), q, n, "50.00")
            for d, q, n in ((1, "1000.00", "20.000"), (2, "2000.00", "21.000"), (3, "3000.00", "22.000"))]  # fmt: skip
    services.save_daily_records(actor=filer, report=report, unit=unit, fuel="bituminous", month=1,
                                rows=rows)  # fmt: skip
    services.save_cells(
        actor=filer, report=report, entries=entries(unit, 1, diesel__consumption="0")
    )
    outcome = services.autocalc(actor=filer, report=report)
    assert outcome.applied, outcome.problems
    assert value(report, unit, "fuel", "bituminous", "consumption") == "6000.00"
    assert value(report, unit, "fuel", "bituminous", "ncv") == "21.333"  # 128000 / 6000
    assert value(report, unit, "fuel", "bituminous", "carbon_content") == "50.00"
    with pytest.raises(CellErrors) as exc:
        services.save_daily_records(actor=filer, report=report, unit=unit, fuel="bituminous",
                                    month=1, rows=[DailyInput(date(2023, 2, 1), "1.00", state="fired"),
                                                   DailyInput(date(2023, 1, 5), "x")])  # fmt: skip
    assert exc.value.problems == [
        "1号机组 烟煤 2023-02-01：日期不在2023年1月",
        "1号机组 烟煤 2023-01-05 消耗量：“x”不是数字（只能填写不带正负号的数字）",
    ]
    assert report.daily_records.count() == 3


def test_merged_row_takes_its_members_running_hours(merged_report, filer):
    report, merged = merged_report
    first, second = merged.members.order_by("position")
    month = {k: v for k, v in JANUARY.items() if k != "production__running_hours"}
    hours = [CellInput(first, "production", "", "running_hours", 1, "744"),
             CellInput(second, "production", "", "running_hours", 1, "500")]  # fmt: skip
    services.save_cells(actor=filer, report=report, entries=[*entries(merged, 1, **month), *hours])
    outcome = services.autocalc(actor=filer, report=report)
    assert outcome.applied, outcome.problems
    # capacity-weighted: (660 × 744 + 330 × 500) / 990 = 662.666… → 662.67 h
    assert value(report, merged, "production", "", "running_hours") == "662.67"
    problems = submission_texts(report)
    months = "、".join(f"{m}月" for m in range(2, 13))
    assert (
        f"生产数据表 2号机组 运行小时数：{months}未填报（合并填报“{merged.name}”的成员）"
        in problems
    )
    with pytest.raises(CellErrors, match="该机组不在本报告依据的质量控制计划中"):
        services.save_cells(actor=filer, report=report,
                            entries=[CellInput(first, "production", "", "generation_mwh", 1, "1")])  # fmt: skip


def test_heat_supply_from_steam_and_hot_water(report, unit, filer):
    from tanhe.reports.services import HeatInput

    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    services.save_heat_measurements(actor=filer, report=report, unit=unit, month=1, rows=[
        HeatInput("steam", "1000.000", "2800.00", label="1号抽汽"),
        HeatInput("hot_water", "500.000", temperature_c="90.00"),
    ])  # fmt: skip
    outcome = services.autocalc(actor=filer, report=report)
    assert outcome.applied, outcome.problems
    # steam: 1000 t × (2800 − 83.74) kJ/kg × 10⁻³ = 2716.26 GJ;
    # hot water: 500 t × (90 − 20) ℃ × 4.1868 × 10⁻³ = 146.538 GJ → 2862.798 GJ
    cell = report.cells.get(unit=unit, table="production", key="heat_gj", month=1)
    assert (cell.value, cell.mode, cell.origin) == ("2862.798", "calculated", "auto")
    with pytest.raises(CellErrors) as exc:
        services.save_heat_measurements(actor=filer, report=report, unit=unit, month=1, rows=[
            HeatInput("steam", "1000.000"), HeatInput("hot_water", "12,5", temperature_c="90.001"),
        ])  # fmt: skip
    assert exc.value.problems == [
        "1号机组 1月 供热计量第1行 焓值：未填写",
        "1号机组 1月 供热计量第2行 质量：“12,5”逗号位置不对：千位分隔符须每三位一个，小数点请用“.”",
        "1号机组 1月 供热计量第2行 供水温度：“90.001”超过表单规定的 2 位小数",
    ]
    assert report.heat_measurements.count() == 2


def test_review_findings_are_refused(report, unit, filer):
    """Derived places, sealed 确定方式 rows, split changes in sealed months, decimal commas,
    carbon above 100 % and control characters: each refused with its reason."""
    from datetime import date

    from tanhe.reports.services import DailyInput, HeatInput

    services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    services.save_daily_records(actor=filer, report=report, unit=unit, fuel="bituminous", month=2,
                                rows=[DailyInput(date(2023, 2, 1), "100.00", "20.000", "50.00")])  # fmt: skip
    services.save_heat_measurements(actor=filer, report=report, unit=unit, month=2,
                                    rows=[HeatInput("steam", "10.000", "2800.00")])  # fmt: skip
    with pytest.raises(CellErrors) as exc:
        services.save_cells(actor=filer, report=report, entries=[
            CellInput(unit, "fuel", "bituminous", "consumption", 2, "999999"),
            CellInput(unit, "production", "", "heat_gj", 2, "12345"),
            CellInput(unit, "fuel", "bituminous", "ncv", 3, "20,5"),
            CellInput(unit, "fuel", "bituminous", "carbon_content", 3, "152.31"),
            CellInput(unit, "fuel", "bituminous", "consumption", 3, "12,345.67", source="台账\x0b"),
        ])  # fmt: skip
    assert exc.value.problems == [
        "1号机组 烟煤 2月 消耗量：该月由日记录汇总，请修改日记录",
        "1号机组 2月 供热量：该月供热量由供热计量计算，请修改供热计量",
        "1号机组 烟煤 3月 低位发热量：“20,5”逗号位置不对：千位分隔符须每三位一个，小数点请用“.”",
        "1号机组 烟煤 3月 收到基元素碳含量：“152.31”超过 100%",
        "1号机组 烟煤 3月 消耗量：数据来源含有不可见的控制字符，请删除后重新填写",
    ]
    services.save_cells(actor=filer, report=report, entries=[
        CellInput(unit, "fuel", "bituminous", "consumption", 3, "12,345.67")])  # fmt: skip
    assert value(report, unit, "fuel", "bituminous", "consumption", 3) == "12345.67"
    services.seal_month(actor=filer, report=report, month=1)
    with pytest.raises(ValidationError, match="1月已存证"):
        services.save_test_record(actor=filer, report=report, unit=unit, fuel="bituminous",
                                  parameter="ncv", month=1, data={"laboratory": "事后补写"})  # fmt: skip
    with pytest.raises(ValidationError, match="1月已存证：改变外购电量的填报方式"):
        services.set_split_electricity(actor=filer, report=report, split=True)
    with pytest.raises(ValidationError, match="报告联系人含有不可见的控制字符"):
        services.update_contact(actor=filer, report=report, data={"contact_person": "李\x0b工"})


def submission_texts(report) -> list[str]:
    return texts(submission_problems(report), selectors.unit_names(report))
