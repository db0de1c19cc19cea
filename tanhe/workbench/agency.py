"""The agency's workbench: the verification tasks it holds, counted by state, each with its
plant, year, due date and whether it is overdue (the rule of
``tanhe.verification.selectors_arrangement.is_overdue``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tanhe.accounts.models import Organisation
from tanhe.reports import monthly_display
from tanhe.verification.models import Task, TaskState
from tanhe.verification.selectors_arrangement import agency_tasks, is_overdue, state_counts


@dataclass(frozen=True, slots=True)
class TaskLine:
    task: Task
    overdue: bool

    @property
    def waiting(self) -> bool:
        """Waiting for the agency's answer (accept or decline)."""
        return self.task.state == TaskState.ASSIGNED


@dataclass(frozen=True, slots=True)
class AgencyBench:
    tasks: list[TaskLine]
    counts: list[tuple[str, str, int]]  # (state, label, count), states with tasks only

    @property
    def overdue(self) -> int:
        return sum(1 for t in self.tasks if t.overdue)

    @property
    def waiting(self) -> int:
        return sum(1 for t in self.tasks if t.waiting)

    @property
    def open(self) -> int:
        return sum(1 for t in self.tasks if t.task.state != TaskState.CONFIRMED)


def bench(agency: Organisation, on: date | None = None) -> AgencyBench:
    on = on or monthly_display.today()
    tasks = list(agency_tasks(agency))
    lines = [TaskLine(t, is_overdue(t, on)) for t in tasks]
    # the ones to answer first, then overdue, then by due date
    lines.sort(key=lambda t: (not t.waiting, not t.overdue, t.task.due_date or date.max))
    counts = [c for c in state_counts(tasks) if c[2]]
    return AgencyBench(lines, counts)
