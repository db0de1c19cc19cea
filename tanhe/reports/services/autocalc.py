"""自动计算: the engine fills the grey cells; a later run that would overwrite anything asks
first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.fingerprint import fingerprint

from .. import calculation
from ..completeness import unit_ids
from ..models import (
    Origin,
    Report,
    ReportCell,
)
from ..problems import Problem, from_issue
from ._common import _audit, _editable
from .cells import _label, _sealed_months


# -- 自动计算 -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Change:
    place: calculation.CellKey
    old: str
    new: str
    edited: bool  # the enterprise had changed the computed value by hand


@dataclass(frozen=True, slots=True)
class AutocalcOutcome:
    applied: bool
    changes: list[Change]
    problems: list[Problem]  # the engine's issues, at their places: nothing was computed
    stale: bool = False  # confirmed a list of changes that is no longer what would change


def changes_fingerprint(changes: Iterable[Change]) -> str:
    """What the user confirms when 自动计算 would overwrite values: the list of changes."""
    return fingerprint([[str(c.place), c.old, c.new] for c in changes])


@transaction.atomic
def autocalc(
    *, actor: User, report: Report, confirm: bool = False, expected: str | None = None
) -> AutocalcOutcome:
    """自动计算: fill the grey cells from the engine. The first run fills them; a later run that
    would change any value (including one edited by hand) only applies with ``confirm`` — and,
    given ``expected`` (the ``changes_fingerprint`` of the list the user saw), only if that list
    is still what would change; otherwise nothing is applied and ``stale`` is set."""
    report = _editable(actor, report)
    cells = list(report.cells.select_for_update())
    outcome = calculation.compute(report, cells)
    if outcome.result is None:
        ids = unit_ids(report)
        return AutocalcOutcome(False, [], [from_issue(i, ids) for i in outcome.issues])
    sealed = _sealed_months(report)
    existing = {calculation.cell_key(c): c for c in cells}
    computed = [
        c
        for c in calculation.computed_cells(report, outcome.result, cells)
        if c.key[4] not in sealed
    ]
    changes = []
    for c in computed:
        cell = existing.get(c.key)
        old = cell.value if cell else ""
        if old != c.value:
            changes.append(
                Change(c.key, old, c.value, cell is not None and cell.origin == Origin.USER)
            )
    if report.autocalc_at is not None and changes and not confirm:
        return AutocalcOutcome(False, changes, [])
    if confirm and expected is not None and changes_fingerprint(changes) != expected:
        return AutocalcOutcome(False, changes, [], stale=True)
    for c in computed:
        cell = existing.get(c.key)
        if cell is None:
            unit_id, table, fuel, key, month = c.key
            ReportCell.objects.create(
                report=report,
                unit_id=unit_id,
                table=table,
                fuel=fuel,
                key=key,
                month=month,
                value=c.value,
                mode=c.mode,
                origin=Origin.AUTO,
                source=c.source,
            )
        elif (cell.value, cell.mode, cell.origin, cell.source) != (
            c.value,
            c.mode,
            Origin.AUTO,
            c.source,
        ):
            cell.value, cell.mode, cell.origin, cell.source = c.value, c.mode, Origin.AUTO, c.source
            cell.save(update_fields=["value", "mode", "origin", "source"])
    report.autocalc_at = timezone.now()
    report.save(update_fields=["autocalc_at", "updated_at"])
    _audit(
        actor,
        Action.REPORT_AUTOCALC,
        report,
        report,
        changes={_label(ch.place): (ch.old or None, ch.new) for ch in changes},
        note=f"{len(changes)} 个数值由自动计算填入",
    )
    return AutocalcOutcome(True, changes, [])
