"""Starting a screening (no twins, even racing), its progress, a restart mid-run, a report whose
check fails, and who may start one — on the demo province (three plants' 2025 reports)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.authority import screening, selectors, services
from tanhe.authority.models import FindingKind, RunState, ScreeningFinding, ScreeningRun
from tanhe.demo.enterprises import JIAWANG, TAIZHOU

from .conftest import YEAR, org, start

pytestmark = pytest.mark.django_db


def _audits(run: ScreeningRun, action: Action) -> int:
    return AuditEntry.objects.filter(object_id=str(run.pk), action=action).count()


def test_a_screening_runs_to_done(reviewer, django_capture_on_commit_callbacks):
    run, created = start(reviewer, django_capture_on_commit_callbacks)
    assert created and run.state == RunState.DONE
    assert (run.total, run.done, run.failures) == (3, 3, 0)
    assert run.started_at and run.finished_at and run.started_by == reviewer
    rows = ScreeningFinding.objects.filter(run=run)
    # 贾汪's draft: running hours above the month's, a 发电量 ten times too large
    assert set(rows.values_list("rule", flat=True)) >= {"range.running_hours",
                                                        "range.load_factor"}  # fmt: skip
    # 泰州江畔's submitted report: one carbon test cites another month's report number
    assert set(rows.values_list("enterprise", flat=True)) == {org(JIAWANG).pk, org(TAIZHOU).pk}
    assert set(rows.filter(enterprise=org(TAIZHOU)).values_list("rule", flat=True)) == {
        "evidence.report_number_reused"
    }
    assert run.warnings + run.errors + run.infos == rows.count()
    # the 47-day test report of 11月: the month takes the default carbon (conservative)
    assert (run.net_tco2, run.gross_tco2) == ("15869.53", "15869.53")
    assert _audits(run, Action.SCREENING_START) == 1
    assert _audits(run, Action.SCREENING_FINISH) == 1


def test_a_second_start_returns_the_running_one(reviewer, django_capture_on_commit_callbacks):
    run, created = start(reviewer, django_capture_on_commit_callbacks, run_it=False)
    assert created and run.state == RunState.QUEUED
    again, created_again = start(reviewer, django_capture_on_commit_callbacks, run_it=False)
    assert again.pk == run.pk and not created_again
    assert ScreeningRun.objects.count() == 1 and _audits(run, Action.SCREENING_START) == 1


def test_the_twin_race_is_refused_by_the_database(
    reviewer, province_id, monkeypatch, django_capture_on_commit_callbacks
):
    """Two clicks at once: both look, see nothing, insert; the constraint refuses the second,
    which then answers with the first."""
    run, _ = start(reviewer, django_capture_on_commit_callbacks, run_it=False)
    monkeypatch.setattr(selectors, "active_run", _blind_once(selectors.active_run))
    twin, created = start(reviewer, django_capture_on_commit_callbacks, run_it=False)
    assert twin.pk == run.pk and not created
    assert ScreeningRun.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        ScreeningRun.objects.create(province_id=province_id, year=YEAR, started_by=reviewer)


def _blind_once(real):
    calls = []

    def look(*args):
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    return look


def test_a_finished_screening_can_be_run_again(reviewer, django_capture_on_commit_callbacks):
    first, _ = start(reviewer, django_capture_on_commit_callbacks)
    second, created = start(reviewer, django_capture_on_commit_callbacks)
    assert created and second.pk != first.pk and second.state == RunState.DONE


def test_progress_is_committed_batch_by_batch(
    reviewer, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(screening, "BATCH", 1)
    seen = []
    commit = screening._commit

    def spy(run_id, attempt, cursor, outcomes):
        done = commit(run_id, attempt, cursor, outcomes)
        run = ScreeningRun.objects.get(pk=run_id)
        seen.append((run.done, run.total, run.state))
        return done

    monkeypatch.setattr(screening, "_commit", spy)
    run, _ = start(reviewer, django_capture_on_commit_callbacks)
    assert seen == [(1, 3, "running"), (2, 3, "running"), (3, 3, "running")]
    assert run.state == RunState.DONE and run.percent == 100


class Killed(BaseException):
    """The worker's process killed (a restart): not an error the run could record."""


def test_a_run_interrupted_by_a_restart_resumes_where_it_stopped(
    reviewer, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(screening, "BATCH", 1)
    commit = screening._commit
    commits = []

    def dies_after_two(*args):
        if len(commits) == 2:
            raise Killed
        commits.append(args)
        return commit(*args)

    monkeypatch.setattr(screening, "_commit", dies_after_two)
    start(reviewer, django_capture_on_commit_callbacks)  # the backend records the task's end
    run = ScreeningRun.objects.get()
    assert (run.state, run.done, run.attempt) == (RunState.RUNNING, 2, 1)
    before = ScreeningFinding.objects.filter(run=run).count()
    # its heartbeat is fresh: not taken as dead yet
    assert services.resume_stale() == []
    monkeypatch.setattr(screening, "_commit", commit)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.resume_stale(older_than=0) == [run.pk]
    run.refresh_from_db()
    assert (run.state, run.done, run.total, run.attempt) == (RunState.DONE, 3, 3, 2)
    assert _audits(run, Action.SCREENING_RESUME) == 1
    # the third report only was screened again: no twin rows
    rows = ScreeningFinding.objects.filter(run=run)
    assert rows.count() >= before
    assert rows.values("report", "rule", "unit", "month").distinct().count() == rows.count()
    # the dead worker's late batch is refused: its claim is gone
    assert screening._commit(run.pk, 1, run.cursor + 1, []) is False


def test_one_report_failing_is_a_row_not_the_end(
    reviewer, monkeypatch, django_capture_on_commit_callbacks
):
    taizhou = org(TAIZHOU)
    real = screening.report_checks

    def breaks_on_taizhou(report):
        if report.enterprise_id == taizhou.pk:
            raise ValueError("engine broke")
        return real(report)

    monkeypatch.setattr(screening, "report_checks", breaks_on_taizhou)
    run, _ = start(reviewer, django_capture_on_commit_callbacks)
    assert (run.state, run.done, run.failures) == (RunState.DONE, 3, 1)
    failure = ScreeningFinding.objects.get(run=run, kind=FindingKind.FAILURE)
    assert failure.enterprise == taizhou and "engine broke" in failure.params["error"]
    assert ScreeningFinding.objects.filter(run=run, enterprise=org(JIAWANG)).exists()


def test_a_report_that_does_not_compute_is_listed(
    reviewer, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(screening, "report_checks", lambda report: None)
    run, _ = start(reviewer, django_capture_on_commit_callbacks)
    assert run.failures == 3
    kinds = set(ScreeningFinding.objects.filter(run=run).values_list("kind", flat=True))
    assert kinds == {FindingKind.NOT_COMPUTABLE}


def test_only_the_provinces_authority_may_start_or_see(
    reviewer, province_id, django_capture_on_commit_callbacks
):
    hebei = User.objects.get(username="hb-reviewer")
    plant = User.objects.get(username=TAIZHOU.organisation["credit_code"])
    for actor in (hebei, plant):
        with pytest.raises(PermissionDenied):
            services.start_screening(actor=actor, province_id=province_id, year=YEAR)
    assert not ScreeningRun.objects.exists()
    run, _ = start(reviewer, django_capture_on_commit_callbacks, run_it=False)
    for user in (hebei, plant):
        with pytest.raises(Http404):
            selectors.get_run(user, run.pk)
        assert not selectors.runs_of(user).filter(pk=run.pk).exists()
    assert selectors.get_run(User.objects.get(username="js-admin"), run.pk) == run


@pytest.mark.parametrize("year", ["", "abc", "1999", "２０２５", "²025", "20255", "9999"])
def test_a_bad_year_is_refused_in_words(reviewer, province_id, year):
    with pytest.raises(ValidationError) as refused:
        services.start_screening(actor=reviewer, province_id=province_id, year=year)
    assert "年度" in refused.value.message_dict["year"][0]
