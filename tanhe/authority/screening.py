"""The screening's worker: the province's reports in batches, each report's findings computed
outside any transaction, each batch's rows, counts and cursor written in one.

Idempotent and resumable: a batch is all or nothing, so a worker killed mid-batch leaves the run
at its last committed cursor; the next claim (``services.resume_stale``) continues from there.
One report whose check fails becomes a ``failure`` row; it never ends the run.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tanhe.audit.actions import Action
from tanhe.audit.services import record
from tanhe.checks import Finding, registry
from tanhe.reports.checking import report_checks
from tanhe.reports.models import Report

from . import selectors
from .models import FindingKind, RunState, ScreeningFinding, ScreeningRun

log = logging.getLogger(__name__)
BATCH = 5  # reports per committed batch: progress and resume granularity
_MILLI = Decimal("0.001")
_RANKS = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Outcome:
    """One report's rows and what they add to the run's counts."""

    rows: list[ScreeningFinding] = field(default_factory=list)
    severities: Counter[str] = field(default_factory=Counter)
    net: Decimal = Decimal(0)
    gross: Decimal = Decimal(0)
    failed: bool = False


def process(run_id: int) -> None:
    """The task's body: claim the run, then batches until none is left."""
    attempt = _claim(run_id)
    if attempt is None:
        return  # done, failed, or another worker holds it
    try:
        while _step(run_id, attempt):
            pass
    except Exception as exc:
        _end(run_id, attempt, RunState.FAILED, f"{type(exc).__name__}: {exc}")
        raise


def _claim(run_id: int) -> int | None:
    now = timezone.now()
    claimed = ScreeningRun.objects.filter(pk=run_id, state=RunState.QUEUED).update(
        state=RunState.RUNNING, attempt=F("attempt") + 1, heartbeat_at=now
    )
    if not claimed:
        return None
    run = ScreeningRun.objects.get(pk=run_id)
    if run.started_at is None:  # the first claim counts the reports
        run.started_at = now
        run.total = selectors.reports_to_screen(run.province_id, run.year).count()
        run.save(update_fields=["started_at", "total"])
    return run.attempt


def _step(run_id: int, attempt: int) -> bool:
    """Screen and commit the next batch; False when the run has ended or is no longer ours."""
    run = ScreeningRun.objects.get(pk=run_id)
    if run.attempt != attempt or run.state != RunState.RUNNING:
        return False
    batch = list(selectors.reports_to_screen(run.province_id, run.year, after=run.cursor)[:BATCH])
    if not batch:
        _end(run_id, attempt, RunState.DONE)
        return False
    outcomes = [screen_report(run, report) for report in batch]
    return _commit(run_id, attempt, batch[-1].enterprise_id, outcomes)


def screen_report(run: ScreeningRun, report: Report) -> Outcome:
    """The report's rows: its findings, or one row saying why it could not be screened."""
    try:
        checked = report_checks(report)
    except Exception as exc:  # one report's failure is a row, never the run's end
        log.exception("screening %s: report %s failed", run.pk, report.pk)
        row = _row(run, report, FindingKind.FAILURE, "error")
        row.params = {"error": f"{type(exc).__name__}: {exc}"[:500]}
        return Outcome([row], Counter(), failed=True)
    if checked is None:
        row = _row(run, report, FindingKind.NOT_COMPUTABLE, "warning")
        return Outcome([row], Counter(), failed=True)
    out = Outcome(net=checked.materiality.net_tco2, gross=checked.materiality.gross_tco2)
    for finding in checked.findings:
        severity = registry.get(finding.rule).severity.value
        out.rows.append(_finding_row(run, report, finding, severity))
        out.severities[severity] += 1
    return out


def _row(run: ScreeningRun, report: Report, kind: str, severity: str) -> ScreeningFinding:
    return ScreeningFinding(
        run=run,
        report=report,
        enterprise_id=report.enterprise_id,
        plant=report.enterprise.name[:200],
        kind=kind,
        severity=severity,
        severity_rank=_RANKS.get(severity, 3),
    )


def _finding_row(
    run: ScreeningRun, report: Report, finding: Finding, severity: str
) -> ScreeningFinding:
    row = _row(run, report, FindingKind.FINDING, severity)
    row.rule = finding.rule[:100]
    row.unit = (finding.unit or "")[:100]
    row.fuel = (finding.fuel or "")[:100]
    row.month = finding.month
    row.field = (finding.field or "")[:100]
    row.observed = finding.observed or ""
    row.expected = finding.expected or ""
    row.params = dict(finding.params)
    if finding.effect_tco2 is not None:
        row.effect_tco2 = finding.effect_tco2.quantize(_MILLI)
        row.effect_size = abs(row.effect_tco2)
        row.effect_text = format(finding.effect_tco2, "f")[:40]
    return row


@transaction.atomic
def _commit(run_id: int, attempt: int, cursor: int, outcomes: list[Outcome]) -> bool:
    run = ScreeningRun.objects.select_for_update().get(pk=run_id)
    if run.attempt != attempt or run.state != RunState.RUNNING:
        return False  # resumed by another worker meanwhile: its batches count, not ours
    ScreeningFinding.objects.bulk_create([row for o in outcomes for row in o.rows])
    severities: Counter[str] = sum((o.severities for o in outcomes), Counter())
    run.errors += severities["error"]
    run.warnings += severities["warning"]
    run.infos += severities["info"]
    run.failures += sum(o.failed for o in outcomes)
    run.net_tco2 = format(Decimal(run.net_tco2) + sum((o.net for o in outcomes), Decimal(0)), "f")
    gross = sum((o.gross for o in outcomes), Decimal(0))
    run.gross_tco2 = format(Decimal(run.gross_tco2) + gross, "f")
    run.done += len(outcomes)
    run.cursor = cursor
    run.heartbeat_at = timezone.now()
    run.save()
    return True


@transaction.atomic
def _end(run_id: int, attempt: int, state: RunState, error: str = "") -> None:
    run = ScreeningRun.objects.select_for_update().get(pk=run_id)
    if run.attempt != attempt or run.state != RunState.RUNNING:
        return
    run.state = state
    run.finished_at = run.heartbeat_at = timezone.now()
    run.error_text = error[:2000]
    run.save()
    changes = {"state": (RunState.RUNNING.value, state.value)}
    record(actor=None, action=Action.SCREENING_FINISH, obj=run, changes=changes, note=error)
