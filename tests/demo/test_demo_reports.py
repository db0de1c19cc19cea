"""The demo's 2025 annual reports: one submitted whose total is the engine's to the cent, one draft
with plausibility warnings, sealed months with their evidence and an amendment, a year of daily
入炉 records. The demo is built once for the module (inside a transaction rolled back at the end)."""

from __future__ import annotations

import calendar
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from tanhe.accounts.models import Organisation
from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.demo import build_demo
from tanhe.demo.enterprises import JIAWANG, TAIZHOU, XIDONG, EnterpriseSpec
from tanhe.demo.reports import DATA_YEAR, TZ_AMEND_REASON
from tanhe.documents.models import StoredFile
from tanhe.fingerprint import fingerprint
from tanhe.reports import calculation, selectors, services
from tanhe.reports import models as report_models
from tanhe.reports.completeness import completeness, submission_problems, warnings
from tanhe.reports.models import (
    DailyFuelRecord,
    MonthFiling,
    Report,
    ReportCell,
    ReportEvidence,
    ValueEvidence,
)
from tanhe.reports.problems import shown
from tanhe.reports.services import CellErrors, CellInput

pytestmark = pytest.mark.django_db
SEALED = list(range(1, 11))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """build_demo() once; every test runs in a savepoint inside this transaction."""
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        yield
        transaction.set_rollback(True)


def _org(spec: EnterpriseSpec) -> Organisation:
    return Organisation.objects.get(credit_code=spec.organisation["credit_code"])


def _report(spec: EnterpriseSpec) -> Report:
    return Report.objects.get(enterprise=_org(spec), year=DATA_YEAR)


def _cells(report: Report, unit: str, table: str, fuel: str, key: str) -> dict[int, ReportCell]:
    cells = report.cells.filter(unit__name=unit, table=table, fuel=fuel, key=key)
    return {c.month: c for c in cells}


def test_load_demo_without_reports(tmp_path):
    before = Report.objects.count()
    out = StringIO()
    call_command("load_demo", "--dir", str(tmp_path), "--no-reports", stdout=out)
    assert "reports built" not in out.getvalue()
    assert Report.objects.count() == before
    assert MonthFiling.objects.filter(year=DATA_YEAR).count() == (20 if before else 0)


def test_reports_for_every_plan_in_force(demo):
    assert {(r.enterprise.name, r.number, r.state) for r in Report.objects.all()} == {
        ("泰州江畔发电有限公司", 1, "submitted"),
        ("无锡锡东热电有限公司", 1, "draft"),
        ("徐州贾汪矸石综合利用发电有限公司", 1, "draft"),
    }  # 吴淞江燃机's plan was returned and 宿豫's is a draft: no plan in force, no report
    jiawang = _report(JIAWANG)
    assert jiawang.plan_version.number == 1  # the approved version, not the revision draft
    assert jiawang.contact_email == "shaochunmei@jwgs.example.cn"


def test_the_submitted_total_is_the_engines_to_the_cent(demo):
    report = _report(TAIZHOU)
    result = calculation.compute(report).result
    rows, total = selectors.summary(report)  # the emission cells as stored, added up
    assert total.total == result.total_emissions_tco2 == Decimal("6843673.72")
    assert total.combustion == result.combustion_emissions_tco2
    assert total.electricity == result.electricity_emissions_tco2 == Decimal("1376.71")
    for row, unit in zip(rows, result.units, strict=True):
        assert (row.name, row.total) == (unit.code, unit.total_emissions_tco2)
    snapshot = report.submission.content
    assert snapshot["result"]["total_emissions_tco2"] == "6843673.72"
    assert len(snapshot["cells"]) == report.cells.exclude(value="").count()
    assert completeness(report) == []
    assert submission_problems(report) == []
    # nothing stale, nothing implausible, no late test; one finding for the verifiers: 2号机组's
    # September carbon test cites the number of 1号机组's August report (tanhe/demo/reports.py)
    assert [p.code for p in warnings(report)] == ["check.evidence.report_number_reused"]


def test_every_stored_action_is_a_member_of_the_enumeration(demo):
    """The demo writes through the services: each of its audit rows names a known action."""
    stored = set(AuditEntry.objects.values_list("action", flat=True))
    assert stored - set(Action.values) == set()
    assert {"registration.submit", "plan.approve", "plan.return",
            "report.month.seal", "report.submit", "file.upload"} <= stored  # fmt: skip


def test_the_submitted_report_has_its_files_declaration_and_audit(demo):
    report = _report(TAIZHOU)
    kinds = sorted(report.evidence.values_list("kind", flat=True))
    assert len(kinds) == 12 and "other" not in kinds
    assert report.stamped_pdf.content_type == "application/pdf"
    assert (report.declared_entity, report.declared_legal_representative) == (
        "泰州江畔发电有限公司",
        "顾振华",
    )
    actions = set(
        AuditEntry.objects.filter(organisation=report.enterprise, action__startswith="report.")
        .values_list("action", flat=True)
    )  # fmt: skip
    assert {"report.create", "report.contact", "report.cells", "report.daily",
            "report.test_record", "report.autocalc", "report.value_evidence.add",
            "report.month.seal", "report.month.amend", "report.evidence.add", "report.declare",
            "report.stamped_pdf", "report.submit"} <= actions  # fmt: skip
    with pytest.raises(Exception, match="已提交，不能修改"):
        services.save_cells(actor=report.created_by, report=report, entries=[])
    for stored in StoredFile.objects.filter(owner=report.enterprise):
        limit = 1_500_000 if stored == report.stamped_pdf else 60_000  # a scan: page images
        assert stored.content_type == "application/pdf" and 1000 < stored.size < limit
    # the stamped scan is of the report as submitted: its QR codes carry the data fingerprint
    snapshot = {k: v for k, v in report.submission.content.items() if k != "result"}
    assert report.stamped_fingerprint == fingerprint(snapshot) == selectors.data_fingerprint(report)


def test_a_month_whose_carbon_was_not_measured_takes_the_default(demo):
    report = _report(TAIZHOU)
    august = {
        key: _cells(report, "2号机组", "fuel", "bituminous", key)[8]
        for key in ("ncv", "carbon_content", "unit_heat_carbon")
    }
    assert (august["unit_heat_carbon"].value, august["unit_heat_carbon"].mode) == (
        "0.03085",
        "default",
    )
    # C_ar = NCV × 0.03085 tC/GJ, as a percentage: 20.574 × 3.085 = 63.47
    assert august["ncv"].value == "20.574" and august["carbon_content"].value == "63.47"
    july = _cells(report, "2号机组", "fuel", "bituminous", "unit_heat_carbon")[7]
    assert (july.value, july.mode) == ("0.02621", "calculated")  # C_ar ÷ NCV
    tests = report_models.TestRecord.objects.filter(report=report, parameter="unit_heat_carbon")
    assert tests.count() == 23  # two units × 12 months, less 2号机组's August
    assert not tests.filter(unit__name="2号机组", month=8).exists()  # 缺省值: no row needed
    ncv = report_models.TestRecord.objects.filter(report=report, parameter="ncv")
    assert ncv.count() == 24  # every month's NCV is measured: every month has its row


def test_daily_records_make_the_month(demo):
    report = _report(TAIZHOU)
    consumption = _cells(report, "1号机组", "fuel", "bituminous", "consumption")
    for month in range(1, 13):
        days = DailyFuelRecord.objects.filter(
            report=report, unit__name="1号机组", fuel="bituminous", day__month=month
        )
        assert days.count() == calendar.monthrange(DATA_YEAR, month)[1]
        total = sum((Decimal(d.quantity) for d in days), Decimal(0))
        assert Decimal(consumption[month].value) == total, month
        assert consumption[month].origin == "auto"
    assert consumption[1].value == "152207.85"
    assert not report.cells.filter(
        unit__name="1号机组", fuel="bituminous", key="consumption", origin="user"
    ).exists()


def test_the_numbers_are_physically_consistent(demo):
    report = _report(TAIZHOU)
    for unit in ("1号机组", "2号机组"):
        prod = {
            k: _cells(report, unit, "production", "", k)
            for k in ("generation_mwh", "supply_mwh", "running_hours", "power_coal_rate",
                      "load_factor_pct")
        }  # fmt: skip
        for m in range(1, 13):
            generation = Decimal(prod["generation_mwh"][m].value)
            supply = Decimal(prod["supply_mwh"][m].value)
            hours = Decimal(prod["running_hours"][m].value)
            assert hours <= 24 * calendar.monthrange(DATA_YEAR, m)[1]
            assert Decimal("0.93") < supply / generation < Decimal("0.95")
            assert 290 < Decimal(prod["power_coal_rate"][m].value) < 312
            assert 60 < Decimal(prod["load_factor_pct"][m].value) < 90
            if hours > 700:
                assert 290_000 < generation < 440_000, (unit, m)
        ncv = _cells(report, unit, "fuel", "bituminous", "ncv")
        assert all(Decimal("19") < Decimal(c.value) < Decimal("23") for c in ncv.values())
    outage = _cells(report, "2号机组", "production", "", "running_hours")
    assert (outage[3].value, outage[4].value) == ("692.00", "312.00")  # C级检修 3/29–4/17


def test_the_draft_has_plausibility_warnings(demo):
    report = _report(JIAWANG)
    assert report.state == "draft" and report.autocalc_at is not None
    names = selectors.unit_names(report)
    assert [(w.where, w.message) for w in shown(warnings(report), names)] == [
        (
            "1号机组 煤矸石 11月 化石燃料燃烧排放量",
            "11月的实测含碳量无有效检测报告（40日内、CMA/CNAS）：按缺省值复算，排放量由113266.38变为"
            "129135.91 tCO2",
        ),
        ("1号机组 煤矸石 11月 单位热值含碳量", "检测报告日期晚于采样日期47天（超过40天）"),
        ("1号机组 11月 运行小时数", "运行小时数744.00 h超过当月日历小时数720 h"),
        (
            "1号机组 生物质热量占比",
            "全年生物质热量占比12.002%超过10%（1–12月超过）：核查组须在核查报告中说明",
        ),
        ("1号机组 12月 负荷（出力）系数", "负荷（出力）系数为804.00 %，超出经验范围 0–100 %"),
        (
            "1号机组 12月 运行小时数",
            "利用小时数（发电量÷装机容量）5981.79 h不小于运行小时数744.00 h",
        ),
    ]
    # the first is marked: it stops submission; the others never block
    assert [w.blocks for w in shown(warnings(report), names)] == [True] + [False] * 5
    # what the guide makes mandatory stops submission: the 47-day test report leaves
    # November without a valid carbon test, so the month takes the default (核算指南; 4.5)
    problems = submission_problems(report)
    (default,) = [p for p in problems if p.code.startswith("check.")]
    assert shown([default], names)[0].message == (
        "11月的实测含碳量无有效检测报告（40日内、CMA/CNAS）：按缺省值复算，排放量由113266.38变为"
        "129135.91 tCO2"
    )
    assert all(p.area in ("evidence", "submit") for p in problems if p is not default)
    slime = _cells(report, "1号机组", "fuel", "coal_slime", "unit_heat_carbon")
    assert [m for m, c in sorted(slime.items()) if c.mode == "default"] == [2, 7]


def test_sealed_months_with_evidence_and_an_amendment(demo):
    for spec in (TAIZHOU, JIAWANG):
        org = _org(spec)
        filings = MonthFiling.objects.filter(enterprise=org, year=DATA_YEAR)
        assert [(f.month, f.state) for f in filings] == [(m, "sealed") for m in SEALED]
        evidence = ValueEvidence.objects.filter(enterprise=org, year=DATA_YEAR)
        assert sorted({e.month for e in evidence}) == SEALED
        for f in filings:  # each seal holds its month's files and its cells
            assert f.content["evidence"] and f.content["cells"]
    assert not MonthFiling.objects.filter(enterprise=_org(XIDONG)).exists()

    march = MonthFiling.objects.get(enterprise=_org(TAIZHOU), year=DATA_YEAR, month=3)
    assert (march.revision, march.amendment_reason) == (2, TZ_AMEND_REASON)
    amend = AuditEntry.objects.get(action="report.month.amend", object_id=str(march.pk))
    assert amend.note == TZ_AMEND_REASON
    assert amend.changes == {"state": ["sealed", "amending"]}
    seals = AuditEntry.objects.filter(action="report.month.seal", object_id=str(march.pk))
    assert seals.count() == 2
    corrected = [
        c for c in march.content["cells"]
        if (c["unit"], c["table"], c["key"]) == ("2号机组", "electricity", "mwh")
    ]  # fmt: skip
    assert [c["value"] for c in corrected] == ["126.40"]
    assert {e["name"] for e in march.content["evidence"]} >= {"2025-03 2号机组电费结算单.pdf"}
    emissions = _cells(_report(TAIZHOU), "2号机组", "electricity", "", "emissions_tco2")[3]
    assert emissions.value == "72.09"  # 126.40 MWh × 0.5703 tCO2/MWh, re-computed after the fix

    jiawang = _report(JIAWANG)
    unit = jiawang.plan_version.units.get(name="1号机组")
    with pytest.raises(CellErrors) as refused:
        services.save_cells(
            actor=jiawang.created_by,
            report=jiawang,
            entries=[CellInput(unit, "fuel", "coal_gangue", "consumption", 10, "1.00")],
        )
    assert refused.value.problems == [
        "1号机组 煤矸石 10月 消耗量：10月已存证，修改须先提出修改申请并说明原因"
    ]


def test_the_chp_draft_weights_its_members_running_hours(demo):
    """合并填报: each member's running hours are entered; the row's are their capacity-weighted
    mean, computed (both members are 135 MW, so May is the plain mean: (744 + 648) / 2)."""
    report = _report(XIDONG)
    (row,) = calculation.reporting_units(report)
    assert row.is_merged
    for key in ("generation_mwh", "supply_mwh", "heat_gj"):
        assert sorted(_cells(report, row.name, "production", "", key)) == list(range(1, 13))
    assert _cells(report, row.name, "fuel", "bituminous", "consumption")[1].value == "86258.98"
    hours = _cells(report, row.name, "production", "", "running_hours")
    assert (hours[5].value, hours[5].origin, hours[1].value) == ("696.00", "auto", "744.00")
    assert not any(p.place and p.place.key == "running_hours" for p in completeness(report))


def test_a_second_build_changes_nothing(demo):
    models = (Report, ReportCell, DailyFuelRecord, report_models.TestRecord, ReportEvidence, MonthFiling,
              ValueEvidence, StoredFile, AuditEntry)  # fmt: skip
    before = {m.__name__: m.objects.count() for m in models}
    again = build_demo()
    assert again.reports_built == [] and len(again.reports_kept) == 3
    assert {m.__name__: m.objects.count() for m in models} == before
    assert before["DailyFuelRecord"] == 365
