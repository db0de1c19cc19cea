"""The list's sorts and filters, the exports, the pages (Chinese and English, bad queries), and
the database backend's path: the task stored as a row and run by the db_worker's Worker."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import override_settings
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from tanhe.authority import selectors
from tanhe.authority.models import FindingKind, RunState, ScreeningFinding, ScreeningRun
from tanhe.demo.enterprises import JIAWANG, TAIZHOU

from .conftest import YEAR, org, start

pytestmark = pytest.mark.django_db
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def run(reviewer, province_id) -> ScreeningRun:
    """A finished run with hand-made rows: two plants, three rules, effects of both signs."""
    done = ScreeningRun.objects.create(province_id=province_id, year=YEAR, started_by=reviewer,
                                       state=RunState.DONE, total=2, done=2)  # fmt: skip
    plants = {spec.key: org(spec) for spec in (TAIZHOU, JIAWANG)}
    rows = [
        (TAIZHOU, "1号机组", "range.load_factor", "warning", "-12.5"),
        (TAIZHOU, "2号机组", "range.running_hours", "warning", None),
        (JIAWANG, "1号机组", "range.load_factor", "warning", "300"),
        (JIAWANG, "", "recalc.total", "error", "-40"),
    ]
    for spec, unit, rule, severity, effect in rows:
        plant = plants[spec.key]
        ScreeningFinding.objects.create(
            run=done, report=plant.reports.get(year=YEAR), enterprise=plant, plant=plant.name,
            kind=FindingKind.FINDING, unit=unit, rule=rule, severity=severity,
            severity_rank={"error": 0, "warning": 1}[severity], month=11, observed="1.5",
            expected="0–1", params={"value": "1.5"},
            effect_tco2=None if effect is None else Decimal(effect),
            effect_size=None if effect is None else abs(Decimal(effect)), effect_text=effect or "",
        )  # fmt: skip
    return done


def _rules(run, **filters):
    return [(r.plant[:2], r.rule) for r in selectors.findings(run, selectors.Filters(**filters))]


def test_sorts_and_filters(run):
    assert selectors.findings(run, selectors.Filters()).first().severity == "error"
    by_effect = selectors.findings(run, selectors.Filters(sort="effect"))
    assert [r.effect_text for r in by_effect] == ["300", "-40", "-12.5", ""]
    by_plant = selectors.findings(run, selectors.Filters(sort="plant", descending=True))
    assert by_plant.first().enterprise == org(TAIZHOU)  # by code point: 泰 after 徐
    assert selectors.findings(run, selectors.Filters(sort="unit")).first().unit == ""
    assert _rules(run, rule="range.load_factor") == [("徐州", "range.load_factor"),
                                                     ("泰州", "range.load_factor")]  # fmt: skip
    assert len(_rules(run, severity="error")) == 1
    assert len(_rules(run, enterprise=org(TAIZHOU).pk)) == 2
    assert _rules(run, rule="range.load_factor", enterprise=org(TAIZHOU).pk) == [
        ("泰州", "range.load_factor")
    ]


def test_csv_export_has_a_bom_the_header_and_the_filtered_rows(client, reviewer, run):
    client.force_login(reviewer)
    response = client.get(f"/screening/{run.pk}/export.csv?severity=error")
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert lines[0][:3] == ["排放单位", "统一社会信用代码", "报告状态"]
    assert len(lines) == 2 and lines[1][0] == org(JIAWANG).name
    assert lines[1][8] == "recalc.total" and lines[1][9] == "错误" and lines[1][-1] == "-40"


def test_xlsx_export_opens_with_the_rows(client, reviewer, run):
    client.force_login(reviewer)
    response = client.get(f"/screening/{run.pk}/export.xlsx?rule=range.load_factor")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "排放单位" and len(rows) == 3
    assert {(r[7], r[8]) for r in rows[1:]} == {("合理取值范围", "range.load_factor")}
    # numbers are numbers (the month, the effect), the header row stays in view
    assert {type(r[14]) for r in rows[1:]} <= {int, float} and sheet.freeze_panes == "A2"


def test_the_run_page_in_both_languages(client, reviewer, run):
    client.force_login(reviewer)
    page = client.get(f"/screening/{run.pk}/?sort=effect&dir=desc").content.decode()
    assert "异常清单" in page and "range.load_factor" in page and "错误" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/screening/{run.pk}/").content.decode()
    assert "Anomalies" in page and "Export CSV" in page


@pytest.mark.parametrize(
    "query",
    [
        "enterprise=²",
        "enterprise=-1",
        "enterprise=99999999999999999999",
        "severity=<b>",
        "sort=pk;drop",
        "page=x",
        "rule=" + "r" * 300,
    ],
)
def test_bad_queries_are_ignored_not_errors(client, reviewer, run, query):
    client.force_login(reviewer)
    for path in ("", "export.csv", "export.xlsx", "progress/"):
        assert client.get(f"/screening/{run.pk}/{path}?{query}").status_code == 200


def test_start_with_a_bad_year_says_why(client, reviewer):
    client.force_login(reviewer)
    response = client.post("/screening/start/", {"year": "１９９９"}, follow=True)
    assert "请选择2019年至今的报告年度" in response.content.decode()
    assert not ScreeningRun.objects.exists()


@override_settings(TASKS=DB_TASKS)
def test_the_database_backend_stores_the_task_and_its_worker_runs_it(
    reviewer, monkeypatch, django_capture_on_commit_callbacks
):
    # the worker runs inside this test's transaction: it must not close the connection
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    run, _ = start(reviewer, django_capture_on_commit_callbacks)
    assert run.state == RunState.QUEUED  # stored, not run: no worker yet
    task = DBTaskResult.objects.get()
    assert task.task_path == "tanhe.authority.tasks.screen" and task.args_kwargs["args"] == [run.pk]
    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
           startup_delay=False, max_tasks=None, worker_id="test",
           excluded_queue_names=[]).run()  # fmt: skip
    run.refresh_from_db()
    assert (run.state, run.done) == (RunState.DONE, 3)
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
