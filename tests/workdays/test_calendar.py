"""The calendar's answers, worked out by hand from the State Council's notices as chinesecalendar
1.11 holds them, and the table's years: a published year wins, an unpublished one counts for
nothing, a year nobody entered is refused (never weekends only)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tanhe.workdays import calendar, services
from tanhe.workdays.calendar import (
    CalendarMissing,
    add_working_days,
    deadline_status,
    is_working_day,
    working_days_between,
)

D = date


# -- 春节 2025: 01-28 (Tue) … 02-04 (Tue) off; 01-26 (Sun) and 02-08 (Sat) worked --------------
@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 1, 24), True),  # Fri
        (D(2025, 1, 25), False),  # Sat
        (D(2025, 1, 26), True),  # Sun, 调休上班
        (D(2025, 1, 27), True),  # Mon
        (D(2025, 1, 28), False),  # 除夕
        (D(2025, 1, 31), False),
        (D(2025, 2, 3), False),  # Mon, still 春节
        (D(2025, 2, 4), False),
        (D(2025, 2, 5), True),
        (D(2025, 2, 8), True),  # Sat, 调休上班
        (D(2025, 2, 9), False),  # Sun
    ],
)
def test_spring_festival_2025_days(db, day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # 01-26 (1), 01-27 (2), 02-05 (3), 02-06 (4), 02-07 (5)
        (D(2025, 1, 24), 5, D(2025, 2, 7)),
        # … 02-08 Sat (6), 02-10 Mon (7)
        (D(2025, 1, 24), 7, D(2025, 2, 10)),
        (D(2025, 1, 24), 1, D(2025, 1, 26)),  # the Sunday worked
        (D(2025, 1, 27), 1, D(2025, 2, 5)),  # over the whole holiday
        (D(2025, 1, 25), 2, D(2025, 1, 27)),  # a start on a day off counts from the next day
        (D(2025, 2, 7), 1, D(2025, 2, 8)),  # the Saturday worked
    ],
)
def test_spring_festival_2025_add(db, start, n, due):
    assert add_working_days(start, n) == due
    assert working_days_between(start, due) == n


def test_national_day_2025(db):
    # 09-29 (1), 09-30 (2), 10-01…10-08 off, 10-09 (3), 10-10 (4), 10-11 Sat (5)
    assert [is_working_day(D(2025, 9, 28)), is_working_day(D(2025, 10, 11))] == [True, True]
    assert not any(is_working_day(D(2025, 10, d)) for d in range(1, 9))
    assert add_working_days(D(2025, 9, 28), 5) == D(2025, 10, 11)
    assert add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 9)


def test_across_new_year_2026(db):
    # 01-01…01-03 off, 01-04 Sun worked … 01-09, 01-12 (stack notes §4)
    assert add_working_days(D(2025, 12, 31), 7) == D(2026, 1, 12)


def test_between_is_signed_and_counts_after_the_first_day(db):
    assert working_days_between(D(2025, 1, 24), D(2025, 1, 24)) == 0
    assert working_days_between(D(2025, 1, 24), D(2025, 2, 10)) == 7
    assert working_days_between(D(2025, 2, 10), D(2025, 1, 24)) == -7
    assert working_days_between(D(2025, 1, 27), D(2025, 2, 4)) == 0  # all holiday


def test_n_must_be_positive(db):
    with pytest.raises(ValueError):
        add_working_days(D(2025, 1, 24), 0)


# -- deadline_status ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("due", "today", "days_left", "overdue", "state"),
    [
        (D(2025, 2, 7), D(2025, 1, 24), 5, False, "ok"),
        (D(2025, 1, 30), D(2025, 1, 24), 2, False, "soon"),  # 01-26, 01-27, then holiday
        (D(2025, 2, 5), D(2025, 1, 24), 3, False, "ok"),
        (D(2025, 1, 24), D(2025, 1, 24), 0, False, "soon"),  # due today
        (D(2025, 2, 7), D(2025, 2, 10), -2, True, "overdue"),  # 02-08 Sat worked, 02-10
        (D(2025, 2, 8), D(2025, 2, 9), 0, True, "overdue"),  # past, but a Sunday since
    ],
)
def test_deadline_status(db, due, today, days_left, overdue, state):
    status = deadline_status(due, today)
    assert (status.due, status.days_left, status.overdue, status.state) == (
        due, days_left, overdue, state
    )  # fmt: skip


def test_deadline_status_is_frozen(db):
    status = deadline_status(D(2025, 2, 7), D(2025, 1, 24))
    with pytest.raises(AttributeError):
        status.days_left = 1  # type: ignore[misc]


# -- 2027: not in chinesecalendar 1.11, refused until an administrator publishes it --------------
def test_2027_is_refused_with_the_year_named(db):
    with pytest.raises(CalendarMissing) as caught:
        is_working_day(D(2027, 1, 4))
    assert isinstance(caught.value, ValidationError)
    assert caught.value.year == 2027
    assert caught.value.messages == [
        "2027年的法定节假日安排尚未录入工作日历，无法计算期限；"
        "请主管部门管理员在工作日历中录入并发布该年安排"
    ]
    with translation.override("en"):
        assert "2027" in caught.value.messages[0] and caught.value.messages[0].isascii()
    # a deadline running into 2027 is refused too, not counted on weekends
    with pytest.raises(CalendarMissing):
        add_working_days(D(2026, 12, 31), 1)
    with pytest.raises(CalendarMissing):
        deadline_status(D(2027, 1, 8), D(2026, 12, 28))
    with pytest.raises(CalendarMissing):
        is_working_day(D(2003, 12, 31))  # before chinesecalendar's data


def _enter_2027(admin):
    """Days of an invented 2027 for the test (the State Council's 2027 notice is not in our
    references): 元旦 on Friday 01-01, and a Saturday worked."""
    year = services.create_year(actor=admin, year="2027", source="测试用：2027年安排（虚构）")
    services.set_day(actor=admin, calendar_year=year, day="2027-01-01", kind="holiday", name="元旦")
    services.set_day(actor=admin, calendar_year=year, day="2027-01-09", kind="working", name="")
    return year


def test_2027_counts_once_published(admin):
    year = _enter_2027(admin)
    assert list(year.days.values_list("date", "name")) == [
        (D(2027, 1, 1), "元旦"), (D(2027, 1, 9), "调休上班")
    ]  # fmt: skip
    with pytest.raises(CalendarMissing):  # entered but not published: still nothing
        add_working_days(D(2026, 12, 31), 1)
    services.publish_year(actor=admin, calendar_year=year)
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)  # 01-01 off, then the weekend
    assert is_working_day(D(2027, 1, 9))  # the Saturday worked
    assert add_working_days(D(2027, 1, 7), 2) == D(2027, 1, 9)
    assert deadline_status(D(2027, 1, 8), D(2026, 12, 31)).days_left == 5  # 4, 5, 6, 7, 8
    services.unpublish_year(actor=admin, calendar_year=year)
    with pytest.raises(CalendarMissing):
        is_working_day(D(2027, 1, 4))


def test_a_published_table_year_overrides_chinesecalendar(admin):
    assert add_working_days(D(2025, 9, 28), 5) == D(2025, 10, 11)
    year = services.create_year(actor=admin, year=2025, source="更正测试")
    # the built-in year's listed days are copied, for the administrator to correct
    assert year.days.count() == calendar.builtin_calendar(2025).exceptions.__len__()
    assert year.days.get(date=D(2025, 1, 28)).name == "春节"
    assert year.days.get(date=D(2025, 10, 11)).name == "调休上班"
    # an invented correction: 10-08 worked
    services.set_day(actor=admin, calendar_year=year, day="2025-10-08", kind="working", name="")
    assert add_working_days(D(2025, 9, 28), 5) == D(2025, 10, 11)  # unpublished: built-in
    services.publish_year(actor=admin, calendar_year=year)
    # 09-29, 09-30, 10-08, 10-09, 10-10
    assert add_working_days(D(2025, 9, 28), 5) == D(2025, 10, 10)
    assert not is_working_day(D(2025, 10, 1))  # the copied days still count
    assert is_working_day(D(2025, 1, 26)) and not is_working_day(D(2025, 2, 4))
    # a removed day follows the Monday–Friday rule again: Tuesday 10-07 worked, Saturday 10-11 not
    services.remove_day(actor=admin, day=year.days.get(date=D(2025, 10, 7)))
    services.remove_day(actor=admin, day=year.days.get(date=D(2025, 10, 11)))
    assert is_working_day(D(2025, 10, 7)) and not is_working_day(D(2025, 10, 11))


def test_builtin_names_use_the_boolean_not_the_name():
    # get_holiday_detail names 10-11 “National Day”; it is worked
    builtin = calendar.builtin_calendar(2025)
    assert builtin.exceptions[D(2025, 10, 11)] is True
    assert builtin.names[D(2025, 10, 11)] == "调休上班"
    assert builtin.names[D(2025, 10, 1)] == "国庆节"
    assert calendar.builtin_calendar(2027) is None
