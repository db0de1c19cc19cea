"""工作日历 pages (/workdays/): the years (chinesecalendar's built in and read-only, the table's
entered by administrators), one year's listed days with the forms to add and remove them and to
publish the year, and a trial deadline (“n个工作日” after a date).

Thin: everyone logged in reads; who may edit is the services' rule (403 otherwise). Each POST
has its own handler; a refused form comes back as messages on the page it came from.
"""

from __future__ import annotations

import re
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tanhe.accounts import permissions as perm
from tanhe.inputs import normalise_number

from . import calendar, selectors, services

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_COUNT = re.compile(r"[0-9]{1,3}", re.ASCII)
TRIAL_MAX_DAYS = 366


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


def _trial(request: HttpRequest) -> dict[str, object]:
    """The trial deadline's form values and answer (nothing when the form is empty)."""
    start_text = request.GET.get("start", "").strip()[:10]
    n_text = normalise_number(request.GET.get("n", ""))[:3]  # "１０" as an input method types it
    trial: dict[str, object] = {"start": start_text, "n": n_text or "5"}
    if not start_text:
        return trial
    try:
        start = date.fromisoformat(start_text) if _DATE.fullmatch(start_text) else None
    except ValueError:
        start = None
    n = int(n_text) if _COUNT.fullmatch(n_text) else 0
    if start is None or not 1 <= n <= TRIAL_MAX_DAYS:
        trial["error"] = _("请填写日期（如2027-02-08）和1至%(max)s之间的工作日数") % {
            "max": TRIAL_MAX_DAYS
        }
        return trial
    try:
        trial["due"] = calendar.add_working_days(start, n)
    except calendar.CalendarMissing as exc:
        trial["error"] = exc.messages[0]
    return trial


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    context = {
        "years": selectors.years(),
        "can_edit": perm.can_edit_workdays(request.user),
        "trial": _trial(request),
        "builtin_first": calendar.BUILTIN_FIRST,
        "builtin_last": calendar.BUILTIN_LAST,
    }
    return render(request, "workdays/index.html", context)


@require_POST
@login_required
def create_year(request: HttpRequest) -> HttpResponse:
    try:
        entry = services.create_year(
            actor=request.user,  # type: ignore[arg-type]
            year=request.POST.get("year"),
            source=request.POST.get("source"),
        )
    except ValidationError as exc:
        _refused(request, exc)
        return redirect("workdays:index")
    messages.success(request, _("已新增%(year)s年，录入并核对后请发布") % {"year": entry.year})
    return redirect("workdays:year", year=entry.year)


@require_GET
@login_required
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    row = selectors.year_row(year)
    context = {
        "row": row,
        "entry": row.table,
        "table_days": selectors.table_days(row.table) if row.table is not None else [],
        "builtin_days": selectors.builtin_days(year),
        "can_edit": perm.can_edit_workdays(request.user),
        # the notice's title, in Chinese whatever the reader's language: it is stored as data
        "default_source": f"国务院办公厅关于{year}年部分节假日安排的通知",
    }
    return render(request, "workdays/year.html", context)


@require_POST
@login_required
def set_day(request: HttpRequest, year: int) -> HttpResponse:
    entry = selectors.get_year(year)
    try:
        services.set_day(
            actor=request.user,  # type: ignore[arg-type]
            calendar_year=entry,
            day=request.POST.get("date"),
            kind=request.POST.get("kind"),
            name=request.POST.get("name"),
        )
    except ValidationError as exc:
        _refused(request, exc)
    return redirect("workdays:year", year=year)


@require_POST
@login_required
def remove_day(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    services.remove_day(actor=request.user, day=selectors.get_day(year, pk))  # type: ignore[arg-type]
    return redirect("workdays:year", year=year)


@require_POST
@login_required
def publish(request: HttpRequest, year: int) -> HttpResponse:
    entry = selectors.get_year(year)
    try:
        services.publish_year(actor=request.user, calendar_year=entry)  # type: ignore[arg-type]
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("%(year)s年的工作日历已发布，期限按此计算") % {"year": year})
    return redirect("workdays:year", year=year)


@require_POST
@login_required
def unpublish(request: HttpRequest, year: int) -> HttpResponse:
    entry = selectors.get_year(year)
    services.unpublish_year(actor=request.user, calendar_year=entry)  # type: ignore[arg-type]
    messages.info(request, _("%(year)s年的工作日历已撤回发布") % {"year": year})
    return redirect("workdays:year", year=year)
