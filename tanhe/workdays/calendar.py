"""Working days (工作日), the one place that answers: is a date a working day, the n-th working
day after a date, how many lie between two dates, and where a deadline stands.

Sources, per year (``year_calendar``): a published ``CalendarYear`` of the table wins (the
administrators' entry of the State Council's notice, or their correction of a built-in year);
otherwise the ``chinesecalendar`` package for 2004–2026; otherwise ``CalendarMissing`` — never a
guess from weekends alone. A deadline “N个工作日内” counts from the day after its start
(``add_working_days``).

Each year's answer is kept in this process for ``CACHE_SECONDS``; the services clear it when the
table changes (at once and again on commit), so another process sees a change within that time.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Literal

import chinese_calendar
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import CalendarDay, CalendarYear

BUILTIN_FIRST, BUILTIN_LAST = 2004, 2026  # the years chinesecalendar 1.11 knows
CACHE_SECONDS = 60.0
SOON_WORKING_DAYS = 2  # a deadline this many working days away, or fewer, is “soon”

Source = Literal["table", "builtin"]
State = Literal["ok", "soon", "overdue"]
# chinesecalendar names holidays in English; its enumeration carries the Chinese names
_CHINESE_NAMES: dict[str, str] = {
    h.value: h.chinese  # type: ignore[attr-defined]  # (chinesecalendar is untyped)
    for h in chinese_calendar.Holiday
}
ADJUSTED_WORKDAY = "调休上班"
_ENGLISH_NAMES: dict[str, str] = {
    h.chinese: h.value  # type: ignore[attr-defined]
    for h in chinese_calendar.Holiday
}


def shown_name(name: str) -> str:
    """A built-in day's name in the reader's language (chinesecalendar has both)."""
    if get_language() != "en":
        return name
    if name == ADJUSTED_WORKDAY:
        return str(_("调休上班"))
    return _ENGLISH_NAMES.get(name, name)


class CalendarMissing(ValidationError):
    """No calendar for ``year``: neither a published year of the table nor chinesecalendar's."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            _(
                "%(year)s年的法定节假日安排尚未录入工作日历，无法计算期限；"
                "请主管部门管理员在工作日历中录入并发布该年安排"
            ),
            code="calendar_missing",
            params={"year": year},
        )


@dataclass(frozen=True)
class YearCalendar:
    """One year's working days: ``exceptions`` maps each date that breaks the Monday–Friday rule
    to whether it is worked (a listed holiday on a weekend may appear with False) and ``names``
    names the listed dates (春节, 调休上班…)."""

    year: int
    source: Source
    exceptions: Mapping[date, bool]
    names: Mapping[date, str]

    def is_working(self, d: date) -> bool:
        return self.exceptions.get(d, d.weekday() < 5)


@dataclass(frozen=True)
class Deadline:
    due: date
    days_left: int  # working days from today to due; negative (or 0 at a weekend) when overdue
    overdue: bool
    state: State


_cache: dict[int, tuple[float, YearCalendar | None]] = {}
_lock = threading.Lock()


def clear_cache() -> None:
    """Forget every year (the services call this when the table changes)."""
    with _lock:
        _cache.clear()


def year_calendar(year: int) -> YearCalendar:
    """The calendar of ``year`` from its source; ``CalendarMissing`` when there is none."""
    now = time.monotonic()
    with _lock:
        hit = _cache.get(year)
    if hit is None or now - hit[0] > CACHE_SECONDS:
        hit = (now, _load(year))
        with _lock:
            _cache[year] = hit
    if hit[1] is None:
        raise CalendarMissing(year)
    return hit[1]


@functools.cache
def builtin_calendar(year: int) -> YearCalendar | None:
    """chinesecalendar's ``year`` (None outside 2004–2026), read day by day with ``is_workday``
    (its holiday name is given for adjusted working days too: the boolean decides)."""
    if not BUILTIN_FIRST <= year <= BUILTIN_LAST:
        return None
    exceptions: dict[date, bool] = {}
    names: dict[date, str] = {}
    day = date(year, 1, 1)
    while day.year == year:
        working: bool = chinese_calendar.is_workday(day)  # type: ignore[no-untyped-call]
        if working != (day.weekday() < 5):
            exceptions[day] = working
            if working:
                names[day] = ADJUSTED_WORKDAY
            else:
                detail = chinese_calendar.get_holiday_detail(day)  # type: ignore[no-untyped-call]
                name: str = detail[1] or ""
                names[day] = _CHINESE_NAMES.get(name, name)
        day += timedelta(days=1)
    return YearCalendar(year, "builtin", MappingProxyType(exceptions), MappingProxyType(names))


def _load(year: int) -> YearCalendar | None:
    if CalendarYear.objects.filter(year=year, published=True).exists():
        rows = list(
            CalendarDay.objects.filter(calendar_year__year=year).values_list(
                "date", "is_working", "name"
            )
        )
        return YearCalendar(
            year,
            "table",
            MappingProxyType({d: w for d, w, _n in rows}),
            MappingProxyType({d: n for d, _w, n in rows}),
        )
    return builtin_calendar(year)


def is_working_day(d: date) -> bool:
    """Whether ``d`` is a working day; ``CalendarMissing`` for a year without a calendar."""
    return year_calendar(d.year).is_working(d)


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (n ≥ 1): “n个工作日内” counts from the next day,
    whatever ``start`` is. ``CalendarMissing`` if a year on the way has no calendar."""
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    day = start
    while n:
        if day == date.max:  # no calendar beyond the last date Python knows
            raise CalendarMissing(day.year + 1)
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(a: date, b: date) -> int:
    """The working days after ``a`` up to and including ``b`` — so that
    ``working_days_between(s, add_working_days(s, n)) == n`` — and the negative count of those
    after ``b`` up to ``a`` when ``b`` is before ``a``."""
    if b < a:
        return -working_days_between(b, a)
    count, day = 0, a
    while day < b:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def deadline_status(due: date, today: date | None = None) -> Deadline:
    """Where the deadline ``due`` stands ``today`` (the local date by default): working days
    left (0 on the due day itself: “soon”, not overdue), or, once past, negative — the working
    days since. ``CalendarMissing`` if a year between them has no calendar."""
    if today is None:
        today = timezone.localdate()
    days_left = working_days_between(today, due)
    overdue = today > due
    state: State = "overdue" if overdue else "soon" if days_left <= SOON_WORKING_DAYS else "ok"
    return Deadline(due=due, days_left=days_left, overdue=overdue, state=state)
