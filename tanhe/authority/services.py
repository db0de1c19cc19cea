"""The screening's business actions: start one (no twins), resume those whose worker died.
Each writes its audit row in its own transaction; the task is enqueued once that commits."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.audit.services import record

from . import selectors
from .models import ACTIVE_STATES, RunState, ScreeningRun

log = logging.getLogger(__name__)
FIRST_YEAR = 2019  # the first data year of the national market's reports


def screening_years() -> list[int]:
    """The data years a screening may cover, the latest first."""
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def parse_year(value: Any) -> int:
    """A data year from a form; ``ValidationError`` in the reader's language otherwise."""
    text = str(value or "").strip()
    year = int(text) if text.isascii() and text.isdigit() and len(text) == 4 else None
    if year is None or year not in screening_years():
        raise ValidationError(
            {"year": _("请选择%(first)s年至今的报告年度") % {"first": FIRST_YEAR}}
        )
    return year


@transaction.atomic
def start_screening(
    *, actor: User, province_id: int | None, year: Any
) -> tuple[ScreeningRun, bool]:
    """Start the screening of the province's reports for ``year``; while one is queued or running
    it is returned instead (``created`` False) — a second click starts no twin."""
    perm.require(
        perm.is_authority_for(actor, province_id),
        _("只有本省主管部门的审核人或管理员可以发起数据筛查"),
    )
    assert province_id is not None  # is_authority_for refuses None
    year = parse_year(year)
    running = selectors.active_run(province_id, year)
    if running is not None:
        return running, False
    try:
        with transaction.atomic():  # a savepoint: the twin race below leaves the outer usable
            run = ScreeningRun.objects.create(
                province_id=province_id, year=year, started_by=actor, heartbeat_at=timezone.now()
            )
    except IntegrityError:
        # another request created it between our look and our insert (the database's constraint)
        twin = selectors.active_run(province_id, year)
        if twin is None:
            raise
        return twin, False
    record(
        actor=actor,
        action=Action.SCREENING_START,
        obj=run,
        organisation=actor.organisation,
        changes={"state": (None, run.state)},
    )
    _enqueue_after_commit(run.pk)
    return run, True


def resume_stale(*, run: ScreeningRun | None = None, older_than: int | None = None) -> list[int]:
    """Re-queue active runs whose worker stopped reporting ``older_than`` seconds ago (default
    ``SCREENING_STALE_SECONDS``; 0 at a lone worker's start: any run still running is dead).
    Returns the ids resumed; each is resumed once however many callers race."""
    seconds = settings.SCREENING_STALE_SECONDS if older_than is None else older_than
    limit = timezone.now() - timedelta(seconds=seconds)
    candidates = [run] if run is not None else selectors.active_runs()
    return [
        r.pk
        for r in candidates
        if r.state in ACTIVE_STATES and r.heartbeat_at is not None and r.heartbeat_at <= limit
        if _resume(r)
    ]


@transaction.atomic
def _resume(run: ScreeningRun) -> bool:
    # conditional on the heartbeat we saw: of two callers racing, one resumes
    moved = ScreeningRun.objects.filter(
        pk=run.pk, state=run.state, heartbeat_at=run.heartbeat_at
    ).update(state=RunState.QUEUED, heartbeat_at=timezone.now())
    if not moved:
        return False
    record(
        actor=None,
        action=Action.SCREENING_RESUME,
        obj=run,
        changes={"state": (run.state, RunState.QUEUED.value)},
        note=_("第%(n)s份报告之后继续") % {"n": run.done},
    )
    _enqueue_after_commit(run.pk)
    return True


def _enqueue_after_commit(run_id: int) -> None:
    """Enqueue once the run is committed, so no worker looks for a run it cannot see yet. If the
    queue is unreachable the run stays queued and is resumed later (``resume_stale``)."""
    from .tasks import screen

    def enqueue() -> None:
        screen.enqueue(run_id)

    transaction.on_commit(enqueue, robust=True)
