"""The annual report's due date for a data year: the one place that says it, from the dated
entries of ``due_dates.toml`` (each with its source). A year before the first entry has no
due date (``None``): nothing is claimed that no document says."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from tanhe.reports.labels import english

FILE = Path(__file__).with_name("due_dates.toml")


@dataclass(frozen=True, slots=True)
class DueRule:
    since: int  # the first data year it applies to
    month: int
    day: int
    source: str
    source_en: str

    @property
    def source_text(self) -> str:
        """The source in the reader's language."""
        return self.source_en if english() else self.source

    def due(self, year: int) -> date:
        """The report on data year ``year`` is due on this day of the following year."""
        return date(year + 1, self.month, self.day)


@cache
def _rules() -> tuple[DueRule, ...]:
    data = tomllib.loads(FILE.read_text(encoding="utf-8"))
    rules = [DueRule(**entry) for entry in data["annual_report"]["values"]]
    return tuple(sorted(rules, key=lambda r: r.since))


def rule_for(year: int) -> DueRule | None:
    """The entry in force for data year ``year`` (the latest one starting at or before it)."""
    found = None
    for rule in _rules():
        if rule.since <= year:
            found = rule
    return found


def annual_report_due(year: int) -> date | None:
    rule = rule_for(year)
    return rule.due(year) if rule else None


def past_due(due: date | None, on: date) -> bool:
    """Whether ``on`` is after the due date (the due day itself is still in time)."""
    return due is not None and on > due


def latest_due_year(on: date) -> int | None:
    """The latest data year whose report was due before ``on`` (overdue if not submitted)."""
    year = on.year - 1
    while (due := annual_report_due(year)) is not None:
        if past_due(due, on):
            return year
        year -= 1
    return None
