"""核查复核 (guide §6), the one place of its rules: the two deadlines on the working-day calendar
(the plant applies within 7 working days of the notification; the authority decides within 10
working days after the technical assessment ended), the appeal's transition table, and the reads
of the appeal pages (the notified figures per unit, the appeal's deadlines)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.workdays.calendar import CalendarMissing, add_working_days

from . import selectors_result as sr
from .models import Appeal, AppealState, Notification, Task

FILE_DAYS = 7  # §6: 可在被告知核查结论之日起7个工作日内申请复核
DECIDE_DAYS = 10  # §6: 复核结论应在技术论证结束后10个工作日内作出

# state -> states it may move to; each move is one audited service (services/appeal.py)
APPEAL_TRANSITIONS: dict[str, frozenset[str]] = {
    AppealState.FILED: frozenset({AppealState.ASSESSING}),
    AppealState.ASSESSING: frozenset({AppealState.ASSESSED}),
    AppealState.ASSESSED: frozenset({AppealState.DECIDED}),
    AppealState.DECIDED: frozenset(),
}


def notification_of(task: Task) -> Notification | None:
    """The task's notification (告知核查结果), if the authority has sent it."""
    return Notification.objects.filter(task=task).select_related("report").first()


def appeal_of(task: Task) -> Appeal | None:
    """The task's 复核 (a plant applies once per verification)."""
    return (
        Appeal.objects.filter(task=task)
        .select_related("filed_by", "assessed_by", "decided_by")
        .prefetch_related("evidence")
        .first()
    )


def filing_deadline(notification: Notification) -> date:
    """The last day the plant may apply: the 7th working day after the notification's date."""
    return add_working_days(notification.notified_on, FILE_DAYS)


def decision_deadline(appeal: Appeal) -> date | None:
    """The last day of the decision: the 10th working day after the assessment ended (None
    while it has not ended)."""
    if appeal.assessment_ended_on is None:
        return None
    return add_working_days(appeal.assessment_ended_on, DECIDE_DAYS)


def _safe(compute: Callable[[], date | None]) -> date | None:
    try:
        return compute()
    except CalendarMissing:
        return None


def assessment_started(appeal: Appeal) -> date | None:
    """The day the technical assessment started, as its audit row recorded it (the row of the
    move to 论证中: ``changes["started_on"]``)."""
    entries = AuditEntry.objects.filter(
        action=Action.APPEAL_ASSESS, object_type="verification.appeal", object_id=str(appeal.pk)
    ).order_by("at", "pk")
    for entry in entries:
        started = (entry.changes or {}).get("started_on")
        if started:
            return date.fromisoformat(started[1])
    return None


@dataclass(frozen=True)
class UnitFigure:
    """One unit's notified (confirmed) emissions, tCO2: the decision form's starting point."""

    code: str
    combustion: Decimal
    electricity: Decimal
    total: Decimal


def notified_units(task: Task) -> list[UnitFigure]:
    """Each unit's confirmed emissions (the engine on the confirmed values); none for a task
    without a verified report (a plant-level figure only)."""
    result = sr.confirmed_result(task)
    if result is None:
        return []
    return [
        UnitFigure(
            code=u.code,
            combustion=u.combustion_emissions_tco2,
            electricity=u.electricity_emissions_tco2,
            total=u.total_emissions_tco2,
        )
        for u in result.units
    ]


@dataclass(frozen=True)
class AppealPage:
    """What the appeal pages show: the notification, the appeal and their deadlines (None
    where a year on the way has no calendar: the countdown tag names the problem)."""

    notification: Notification | None
    appeal: Appeal | None
    file_due: date | None
    decide_due: date | None
    started_on: date | None
    can_file: bool  # the plant may still apply today
    units: list[UnitFigure]  # the decision form's starting point (while it is to be made)
    figure_rows: list[FigureRow]  # the figures of a changed conclusion


def page(task: Task, today: date | None = None) -> AppealPage:
    today = today or timezone.localdate()
    notification = notification_of(task)
    appeal = appeal_of(task)
    file_due = _safe(lambda: filing_deadline(notification)) if notification else None
    decide_due = _safe(lambda: decision_deadline(appeal)) if appeal else None
    can_file = bool(notification and appeal is None and file_due and today <= file_due)
    wants_units = appeal is not None and appeal.state == AppealState.ASSESSED
    return AppealPage(
        notification=notification,
        appeal=appeal,
        file_due=file_due,
        decide_due=decide_due,
        started_on=assessment_started(appeal) if appeal else None,
        can_file=can_file,
        units=notified_units(task) if wants_units else [],
        figure_rows=new_figure_rows(appeal) if appeal else [],
    )


@dataclass(frozen=True)
class FigureRow:
    """A unit's figures after a changed conclusion (exact decimals as recorded)."""

    code: str
    combustion: str
    electricity: str
    total: str


def new_figure_rows(appeal: Appeal) -> list[FigureRow]:
    units = (appeal.new_figures or {}).get("units", {})
    return [
        FigureRow(code, f.get("combustion", ""), f.get("electricity", ""), f.get("total", ""))
        for code, f in units.items()
    ]


def decided_appeals(province_id: int, year: int) -> list[Appeal]:
    """The 复核 conclusions of a province's campaign of ``year`` (§7: published once made), by
    plant — the appeals decided, with their task and enterprise."""
    return list(
        Appeal.objects.filter(
            state=AppealState.DECIDED, task__campaign__province_id=province_id,
            task__campaign__year=year,
        )
        .select_related("task", "task__enterprise", "task__campaign")
        .order_by("task__enterprise__name", "pk")
    )  # fmt: skip
