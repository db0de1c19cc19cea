"""The working-day calendar's business actions (工作日历): create a year, set or remove one of its
days, publish or withdraw it. Each is one transaction with its audit row, and clears the
calendar's cache (``calendar.clear_cache``) at once and again when it commits.

Who: the 管理员 of any province's authority — the calendar is national, one for the whole
country — and the platform operator (``permissions.can_edit_workdays``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.audit.services import record
from tanhe.inputs import normalise_number
from tanhe.validators import free_text, verbose_name

from . import calendar
from .models import CalendarDay, CalendarYear

FIRST_YEAR, LAST_YEAR = 2000, 2100  # years one may enter
_YEAR = re.compile(r"[0-9]{4}", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
HOLIDAY, WORKING = "holiday", "working"


def _require_editor(actor: User) -> None:
    perm.require(
        perm.can_edit_workdays(actor),
        _("只有主管部门管理员或平台运营人员可以维护工作日历（全国统一）"),
    )


def _changed(year: CalendarYear, actor: User) -> None:
    """The year was edited by ``actor``; every process's calendar is read afresh."""
    year.updated_by = actor
    year.save(update_fields=["updated_by", "updated_at"])
    calendar.clear_cache()
    transaction.on_commit(calendar.clear_cache)


def parse_year(value: Any) -> int:
    text = normalise_number(str(value or ""))  # "２０２７" as an input method types it
    year = int(text) if _YEAR.fullmatch(text) else None
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {
                "year": _("请填写%(first)s至%(last)s之间的年份")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            }
        )
    return year


def parse_date(value: Any, year: int) -> date:
    text = str(value or "").strip()
    try:
        day = date.fromisoformat(text) if _DATE.fullmatch(text) else None
    except ValueError:
        day = None
    if day is None:
        raise ValidationError({"date": _("请按“2027-02-08”的格式填写日期")})
    if day.year != year:
        raise ValidationError({"date": _("该日期不在%(year)s年内") % {"year": year}})
    return day


@transaction.atomic
def create_year(*, actor: User, year: Any, source: Any) -> CalendarYear:
    """A new, unpublished year. A year chinesecalendar knows (2004–2026) starts with its days,
    for the administrator to correct: once published, the table replaces the built-in year."""
    _require_editor(actor)
    number = parse_year(year)
    text = free_text(source, verbose_name(CalendarYear, "source"), "source")
    if not text:
        raise ValidationError({"source": _("请填写依据的通知，例如国务院办公厅的节假日安排通知")})
    if CalendarYear.objects.filter(year=number).exists():
        raise ValidationError({"year": _("%(year)s年已在工作日历中") % {"year": number}})
    try:
        with transaction.atomic():
            created = CalendarYear.objects.create(year=number, source=text, updated_by=actor)
    except IntegrityError:  # created by another request between our look and our insert
        raise ValidationError({"year": _("%(year)s年已在工作日历中") % {"year": number}}) from None
    builtin = calendar.builtin_calendar(number)
    copied = 0
    if builtin is not None:
        CalendarDay.objects.bulk_create(
            CalendarDay(calendar_year=created, date=d, is_working=w, name=builtin.names[d])
            for d, w in sorted(builtin.exceptions.items())
        )
        copied = len(builtin.exceptions)
    record(
        actor=actor,
        action=Action.WORKDAYS_YEAR_CREATE,
        obj=created,
        organisation=actor.organisation,
        changes={"year": (None, number), "source": (None, text), "days": (None, copied)},
    )
    _changed(created, actor)
    return created


@transaction.atomic
def set_day(
    *, actor: User, calendar_year: CalendarYear, day: Any, kind: Any, name: Any = ""
) -> CalendarDay:
    """Make ``day`` of the year a holiday (``kind`` "holiday", named: 春节) or a working day
    (``kind`` "working": 调休上班 unless named), replacing what the day was."""
    _require_editor(actor)
    year = CalendarYear.objects.select_for_update().get(pk=calendar_year.pk)
    when = parse_date(day, year.year)
    if kind not in (HOLIDAY, WORKING):
        raise ValidationError({"kind": _("请选择放假或调休上班")})
    label = free_text(name, verbose_name(CalendarDay, "name"), "name")[:60]
    if kind == HOLIDAY and not label:
        raise ValidationError({"name": _("请填写节日名称，例如春节")})
    label = label or calendar.ADJUSTED_WORKDAY
    working = kind == WORKING
    old = CalendarDay.objects.filter(date=when).first()
    changes: dict[str, tuple[Any, Any]]
    if old is None:
        row = CalendarDay.objects.create(
            calendar_year=year, date=when, is_working=working, name=label
        )
        changes = {"date": (None, when), "is_working": (None, working), "name": (None, label)}
    else:
        changes = {
            "date": (when, when),
            "is_working": (old.is_working, working),
            "name": (old.name, label),
        }
        old.is_working, old.name = working, label
        old.save(update_fields=["is_working", "name"])
        row = old
    record(
        actor=actor,
        action=Action.WORKDAYS_DAY_SET,
        obj=year,
        organisation=actor.organisation,
        changes=changes,
    )
    _changed(year, actor)
    return row


@transaction.atomic
def remove_day(*, actor: User, day: CalendarDay) -> None:
    """Take ``day`` off its year's list: it follows the Monday–Friday rule again."""
    _require_editor(actor)
    year = CalendarYear.objects.select_for_update().get(pk=day.calendar_year_id)
    row = CalendarDay.objects.filter(pk=day.pk).first()
    if row is None:
        return  # removed already (a second click)
    row.delete()
    record(
        actor=actor,
        action=Action.WORKDAYS_DAY_REMOVE,
        obj=year,
        organisation=actor.organisation,
        changes={
            "date": (row.date, None),
            "is_working": (row.is_working, None),
            "name": (row.name, None),
        },
    )
    _changed(year, actor)


@transaction.atomic
def publish_year(*, actor: User, calendar_year: CalendarYear) -> CalendarYear:
    """From now on the year's deadlines are counted from its days (a year with none is refused:
    every year has statutory holidays)."""
    _require_editor(actor)
    year = CalendarYear.objects.select_for_update().get(pk=calendar_year.pk)
    if year.published:
        return year
    if not year.days.filter(is_working=False).exists():
        raise ValidationError(_("%(year)s年还没有录入任何放假日期，不能发布") % {"year": year.year})
    year.published = True
    year.save(update_fields=["published", "updated_at"])
    record(
        actor=actor,
        action=Action.WORKDAYS_YEAR_PUBLISH,
        obj=year,
        organisation=actor.organisation,
        changes={"published": (False, True)},
    )
    _changed(year, actor)
    return year


@transaction.atomic
def unpublish_year(*, actor: User, calendar_year: CalendarYear) -> CalendarYear:
    """Withdraw the year: its deadlines come from chinesecalendar again (2004–2026) or are
    refused (``CalendarMissing``) until it is published again."""
    _require_editor(actor)
    year = CalendarYear.objects.select_for_update().get(pk=calendar_year.pk)
    if not year.published:
        return year
    year.published = False
    year.save(update_fields=["published", "updated_at"])
    record(
        actor=actor,
        action=Action.WORKDAYS_YEAR_UNPUBLISH,
        obj=year,
        organisation=actor.organisation,
        changes={"published": (True, False)},
    )
    _changed(year, actor)
    return year
