"""What the calendar's pages read: every year with its source, and one year's listed days.
Everyone logged in reads the calendar; only the editors see the forms (views)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.http import Http404

from . import calendar
from .models import CalendarDay, CalendarYear

MAX_ID = 2**63 - 1
MAX_YEAR = 9999


@dataclass(frozen=True)
class YearRow:
    year: int
    builtin: bool  # chinesecalendar knows the year
    table: CalendarYear | None  # the administrators' entry, published or not
    days: int  # listed days of the table year, or else of the built-in one

    @property
    def in_force(self) -> str:
        """Which source counts: "table", "builtin" or "" (none: deadlines are refused)."""
        if self.table is not None and self.table.published:
            return "table"
        return "builtin" if self.builtin else ""


@dataclass(frozen=True)
class ListedDay:
    date: date
    is_working: bool
    name: str
    pk: int | None = None  # a table row (removable); None for a built-in day


def _is_builtin(year: int) -> bool:
    return calendar.BUILTIN_FIRST <= year <= calendar.BUILTIN_LAST


def years() -> list[YearRow]:
    """Table years and chinesecalendar's years, the latest first."""
    table = {
        y.year: y
        for y in CalendarYear.objects.select_related("updated_by").annotate(n=Count("days"))
    }
    numbers = set(table) | set(range(calendar.BUILTIN_FIRST, calendar.BUILTIN_LAST + 1))
    rows = []
    for number in sorted(numbers, reverse=True):
        entry = table.get(number)
        if entry is not None:
            days = entry.n
        else:
            builtin = calendar.builtin_calendar(number)
            days = len(builtin.exceptions) if builtin is not None else 0
        rows.append(YearRow(number, _is_builtin(number), entry, days))
    return rows


def year_row(year: int) -> YearRow:
    """One year of the list; 404 for a year neither the table nor chinesecalendar holds."""
    if not 0 < year <= MAX_YEAR:
        raise Http404
    entry = CalendarYear.objects.select_related("updated_by").filter(year=year).first()
    if entry is None and not _is_builtin(year):
        raise Http404
    days = entry.days.count() if entry is not None else len(builtin_days(year))
    return YearRow(year, _is_builtin(year), entry, days)


def table_days(entry: CalendarYear) -> list[ListedDay]:
    return [ListedDay(d.date, d.is_working, d.name, d.pk) for d in entry.days.order_by("date")]


def builtin_days(year: int) -> list[ListedDay]:
    """chinesecalendar's listed days of ``year`` (none outside 2004–2026)."""
    builtin = calendar.builtin_calendar(year)
    if builtin is None:
        return []
    return [
        ListedDay(d, w, calendar.shown_name(builtin.names[d]))
        for d, w in sorted(builtin.exceptions.items())
    ]


def get_year(year: int) -> CalendarYear:
    entry = CalendarYear.objects.filter(year=year).first() if 0 < year <= MAX_YEAR else None
    if entry is None:
        raise Http404
    return entry


def get_day(year: int, pk: int) -> CalendarDay:
    day = (
        CalendarDay.objects.filter(pk=pk, calendar_year__year=year).first()
        if 0 < pk <= MAX_ID and 0 < year <= MAX_YEAR
        else None
    )
    if day is None:
        raise Http404
    return day
