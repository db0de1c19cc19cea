"""Every report downloads as ``tanhe.plant-year/1`` with the ``check_data`` the rules read (the
JSON button beside the Excel export, ``manage.py export_report``), and ``tanhe check`` on that
file gives exactly the findings the platform shows for the report — with last year's report as
``--previous`` too. The demo is built once for the module (inside a transaction rolled back at the
end), as tests/demo/ does."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tanhe.accounts.models import Organisation, User
from tanhe.checks import finding_dict
from tanhe.checks.reading import check_data_from
from tanhe.demo import build_demo
from tanhe.demo.enterprises import JIAWANG, TAIZHOU, XIDONG, EnterpriseSpec
from tanhe.demo.reports import DATA_YEAR
from tanhe.reports import calculation, checking
from tanhe.reports import models as report_models
from tanhe.reports import services as report_services
from tanhe.reports.excel_services import import_json
from tanhe.reports.models import Report, ReportState, ValueEvidence

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
TANHE = Path(sys.executable).parent / "tanhe"  # the installed command line
SCHEMA = json.loads((ROOT / "docs/schema/plant-year-1.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """build_demo() once, with a submitted 2024 report of 贾汪 (its 2025 draft's last year);
    every test runs in a savepoint inside this transaction."""
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        _last_year(JIAWANG)
        yield
        transaction.set_rollback(True)


def _org(spec: EnterpriseSpec) -> Organisation:
    return Organisation.objects.get(credit_code=spec.organisation["credit_code"])


def _report(spec: EnterpriseSpec, year: int = DATA_YEAR) -> Report:
    return Report.objects.get(enterprise=_org(spec), year=year)


def _account(spec: EnterpriseSpec) -> User:
    return User.objects.get(organisation=_org(spec), is_enterprise_account=True)


def _last_year(spec: EnterpriseSpec) -> None:
    """A 2024 report with this year's entries, fuel consumption, generation and supply a fifth
    lower (a year-over-year change), submitted."""
    this = _report(spec)
    doc = calculation.plant_year_data(this, calculation.cell_rows(this))
    doc["year"] = DATA_YEAR - 1
    for unit in doc["units"]:
        for fuel in unit.get("fuels", []):
            for month in fuel["months"]:
                if "consumption" in month:
                    month["consumption"] = _less(month["consumption"])
        for month in unit.get("production", []):
            for key in ("generation_mwh", "supply_mwh"):
                if key in month:
                    month[key] = _less(month[key])
    account = _account(spec)
    previous = report_services.create_report(actor=account, enterprise=_org(spec),
                                             year=DATA_YEAR - 1)  # fmt: skip
    import_json(actor=account, report=previous, data=json.dumps(doc).encode(), name="2024.json")
    report_services.autocalc(actor=account, report=previous)
    Report.objects.filter(pk=previous.pk).update(state=ReportState.SUBMITTED)


def _less(value: str) -> str:
    exact = Decimal(value)
    return format((exact * Decimal("0.8")).quantize(exact), "f")


def _exported(report: Report) -> Any:
    """The document as the download writes it, read back."""
    return json.loads(checking.to_json(checking.document(report)))


# -- check_data -----------------------------------------------------------------------------------
def test_check_data_holds_what_the_platform_knows(demo):
    report = _report(TAIZHOU)
    data = checking.document(report)["check_data"]
    assert set(data) == {"reported", "tests", "evidence", "sources", "facilities", "products"}
    assert data["products"] == {"1号机组": "electricity", "2号机组": "electricity"}
    # 自动计算 cells, as the report states them (electricity keys prefixed)
    reported = {
        (r["unit"], r["fuel"], r["month"], r["field"]): r["value"] for r in data["reported"]
    }
    auto = report.cells.filter(origin="auto").exclude(value="").select_related("unit")
    assert len(reported) == auto.count()
    cell = auto.filter(table="electricity", key="emissions_tco2", month=1).first()
    assert reported[(cell.unit.name, None, 1, "electricity_emissions_tco2")] == cell.value
    # 确定方式表: every record, dates as ISO text
    assert len(data["tests"]) == report_models.TestRecord.objects.filter(report=report).count()
    dated = report_models.TestRecord.objects.filter(
        report=report, reported_on__isnull=False
    ).first()
    row = next(t for t in data["tests"] if (t["unit"], t["fuel"], t["month"], t["parameter"])
               == (dated.unit.name, dated.fuel, dated.month, dated.parameter))  # fmt: skip
    assert row["reported_on"] == dated.reported_on.isoformat()
    assert row["laboratory"] == dated.laboratory and row["method"] == dated.method
    # evidence: each value row's files and the report's own, by SHA-256, with the plant
    values = ValueEvidence.objects.filter(enterprise=report.enterprise, year=report.year)
    assert len(data["evidence"]) == values.count() + report.evidence.count()
    assert {e["plant"] for e in data["evidence"]} == {report.enterprise.credit_code}
    first = values.select_related("file").order_by("pk").first()
    assert {"sha256": first.file.sha256, "name": first.file.original_name, "unit": first.unit_name,
            "month": first.month, "plant": report.enterprise.credit_code} .items() <= next(
        e for e in data["evidence"] if e["sha256"] == first.file.sha256).items()  # fmt: skip
    kinds = {e["field"] for e in data["evidence"] if "unit" not in e}
    assert kinds == set(report.evidence.values_list("kind", flat=True))
    # the plan's 数据的确定方式 as the engine's fields, the state with the consumption
    sources = {(s["unit"], s.get("fuel"), s["field"]): s for s in data["sources"]}
    assert sources[("1号机组", "bituminous", "consumption")]["state"] == "fired"
    assert sources[("1号机组", None, "generation_mwh")]["method"] == "measured"
    assert sources[("1号机组", "bituminous", "oxidation_rate_pct")]["method"] == "default"
    # boilers and turbines, exact text
    assert {"unit": "1号机组", "category": "turbine", "code": "MF0002",
            "rated_power_mw": "660"} in data["facilities"]  # fmt: skip
    assert all(isinstance(f.get("capacity_tph", ""), str) for f in data["facilities"])


def test_plant_level_evidence_is_named_as_the_services_name_it():
    assert checking.PLANT_NAME == report_services.PLANT_NAME


def test_a_merged_row_gives_its_members_conditions(demo):
    data = checking.document(_report(XIDONG))["check_data"]
    (merge,) = data["merges"]
    assert [m["code"] for m in merge["members"]] == ["1号机组", "2号机组"]
    assert merge["members"][0] == {"code": "1号机组", "product": "electricity_heat",
                                   "pressure": "ultra_high", "capacity_class": "below_400",
                                   "boiler": "煤粉锅炉", "cooling": "water"}  # fmt: skip
    assert "explanation" not in merge  # the members agree: nothing to explain
    # a member's boilers and turbines count for the row it is reported on
    assert {f["unit"] for f in data["facilities"]} == {merge["unit"]}
    assert "evidence" not in data  # sections without records are left out


def test_the_document_follows_the_schema_and_the_reader(demo):
    for spec in (TAIZHOU, XIDONG, JIAWANG):
        doc = _exported(_report(spec))
        jsonschema.validate(doc, SCHEMA)
        data = check_data_from(doc)  # the engine's reader takes every record
        assert len(data.reported) == len(doc["check_data"]["reported"])
        assert len(data.sources) == len(doc["check_data"]["sources"])


def test_check_data_reads_a_bounded_number_of_queries(demo):
    report = _report(TAIZHOU)
    cells = calculation.cell_rows(report)
    with CaptureQueriesContext(connection) as queries:
        checking.check_data(report, cells)
    assert len(queries.captured_queries) <= 10


# -- last year ------------------------------------------------------------------------------------
def test_previous_is_last_years_submitted_report(demo):
    this, last = _report(JIAWANG), _report(JIAWANG, DATA_YEAR - 1)
    assert checking.previous_report(this) == last
    previous = checking.previous_document(this)
    assert previous is not None and previous["year"] == DATA_YEAR - 1
    assert checking.previous_report(last) is None
    assert checking.previous_document(_report(TAIZHOU)) is None


def test_a_version_returned_for_correction_is_not_previous(demo):
    last = _report(JIAWANG, DATA_YEAR - 1)
    Report.objects.filter(pk=last.pk).update(state=ReportState.RETURNED)
    assert checking.previous_report(_report(JIAWANG)) is None


# -- THE KEY TEST: `tanhe check` on the download = the platform's findings ------------------------
def _tanhe_check(path: Path, previous: Path | None) -> list[dict[str, Any]]:
    """``tanhe check FILE [--previous FILE] --json``: the installed command line, in a process of
    its own (no Django)."""
    argv = [str(TANHE), "check", str(path), "--json"]
    argv += ["--previous", str(previous)] if previous else []
    done = subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode == 0, done.stderr
    findings: list[dict[str, Any]] = json.loads(done.stdout)
    return findings


def _platform(report: Report) -> list[dict[str, Any]]:
    found = checking.report_checks(report)
    assert found is not None
    return [finding_dict(f) for f in found.findings]


@pytest.mark.parametrize("spec", [TAIZHOU, XIDONG, JIAWANG], ids=lambda s: s.key)
def test_tanhe_check_on_the_export_gives_the_platforms_findings(demo, spec, tmp_path):
    report = _report(spec)
    path, previous = tmp_path / "this.json", tmp_path / "last.json"
    args = ["export_report", str(report.pk), "-o", str(path)]
    has_previous = checking.previous_report(report) is not None
    call_command(*args, *(["--previous", str(previous)] if has_previous else []))
    mine = _tanhe_check(path, previous if has_previous else None)
    assert mine == _platform(report)
    # the report page's warnings are the same findings
    result = calculation.outcome(report).result
    assert result is not None
    # (those the guide makes mandatory in the completeness list, the others as warnings)
    page = [p.params["finding"] for blocking in (True, False)
            for p in checking.problems(report, result, blocking=blocking)]  # fmt: skip
    assert sorted(map(repr, map(finding_dict, page))) == sorted(map(repr, mine))


def test_the_warning_draft_has_findings_and_its_previous_year(demo, tmp_path):
    """贾汪's draft has plausibility warnings (November, December): the file shows them too."""
    report = _report(JIAWANG)
    mine = _platform(report)
    assert mine and {f["severity"] for f in mine} >= {"warning"}
    assert {f["month"] for f in mine if f["month"]} & {11, 12}
    path, last = tmp_path / "this.json", tmp_path / "last.json"
    call_command("export_report", "--credit-code", _org(JIAWANG).credit_code, "--year",
                 str(DATA_YEAR), "-o", str(path), "--previous", str(last))  # fmt: skip
    assert json.loads(last.read_text(encoding="utf-8"))["year"] == DATA_YEAR - 1
    assert _tanhe_check(path, last) == mine
    # last year's generation a fifth lower: this year is 25 % up, beyond the 20 % threshold
    assert {"yoy.generation", "yoy.emissions"} <= {f["rule"] for f in mine}
    assert not {f["rule"] for f in _tanhe_check(path, None)} & {"yoy.generation"}


# -- the download ---------------------------------------------------------------------------------
def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_json_download(demo):
    report = _report(TAIZHOU)
    response = _client(_account(TAIZHOU)).get(reverse("reports:json_export", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    name = f"{report.enterprise.credit_code}-{DATA_YEAR}-v{report.number}.plant-year.json"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["Cache-Control"] == "private, no-store"
    text = response.content.decode("utf-8")
    assert "泰州" in text and '\n  "format": "tanhe.plant-year/1"' in text  # UTF-8, indented
    assert json.loads(text) == _exported(report)


def test_the_json_download_is_refused_to_another_enterprise_and_for_a_bad_id(demo):
    report = _report(TAIZHOU)
    other = _client(_account(JIAWANG))
    assert other.get(reverse("reports:json_export", args=[report.pk])).status_code == 404
    authority = _client(User.objects.get(username="js-reviewer"))
    assert authority.get(reverse("reports:json_export", args=[report.pk])).status_code == 200
    owner = _client(_account(TAIZHOU))
    assert owner.get(reverse("reports:json_export", args=[999_999])).status_code == 404
    anonymous = Client().get(reverse("reports:json_export", args=[report.pk]))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_the_button_is_beside_the_excel_export(demo):
    report = _report(TAIZHOU)
    page = _client(_account(TAIZHOU)).get(reverse("reports:excel_import", args=[report.pk]))
    html = page.content.decode()
    excel = html.index(reverse("reports:excel_export", args=[report.pk]))
    button = html.index(reverse("reports:json_export", args=[report.pk]))
    assert excel < button and "下载 JSON（tanhe.plant-year/1）" in html


# -- manage.py export_report ----------------------------------------------------------------------
def test_export_report_by_id_to_stdout(demo):
    report = _report(XIDONG)
    out = io.StringIO()
    call_command("export_report", str(report.pk), stdout=out)
    assert json.loads(out.getvalue()) == _exported(report)


def test_export_report_by_credit_code_and_year_to_a_file(demo, tmp_path):
    report = _report(TAIZHOU)
    path = tmp_path / "out.json"
    call_command("export_report", "--credit-code", report.enterprise.credit_code, "--year",
                 str(DATA_YEAR), "-o", str(path))  # fmt: skip
    assert json.loads(path.read_text(encoding="utf-8")) == _exported(report)


def test_export_report_takes_the_latest_version(demo):
    jiawang = _org(JIAWANG)
    latest = Report.objects.filter(enterprise=jiawang, year=DATA_YEAR).order_by("-number").first()
    assert checking.latest_report(jiawang.credit_code, DATA_YEAR) == latest


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["999999"], "没有编号为 999999 的排放报告"),
        (["--credit-code", "91000000000000000X", "--year", "2025"], "统一社会信用代码"),
        ([], "请给出报告编号"),
    ],
)
def test_export_report_says_what_is_wrong(demo, args, message):
    with pytest.raises(CommandError) as refused:
        call_command("export_report", *args)
    assert str(refused.value).startswith(message)  # Chinese first, then English after " / "
    assert " / " in str(refused.value)


def test_export_report_without_a_previous_year_says_so(demo, tmp_path):
    with pytest.raises(CommandError, match="没有 2024 年度"):
        call_command("export_report", str(_report(TAIZHOU).pk), "-o", str(tmp_path / "a.json"),
                     "--previous", str(tmp_path / "b.json"))  # fmt: skip
    assert not (tmp_path / "a.json").exists()  # nothing half-written
