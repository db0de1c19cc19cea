"""每日入炉（或批次入厂）记录 of one unit's fuel in one month: the page, and its 保存. The month's
consumption, NCV and carbon content are made from them by 自动计算."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounting.report_form import MONTHS
from tanhe.plans.models import PlanUnit

from .. import calculation, parsing, selectors, services
from ..labels import fuel_name
from ..models import Report
from ..places import Place
from ..problems import place_words
from ..review_links import review_url
from ..services import CellErrors
from ..table_display import STATE_CHOICES
from .common import frozen_note, month_records_access, own_report, refuse


@login_required
@require_http_methods(["GET", "POST"])
def daily(request: HttpRequest, pk: int, unit: int, fuel: str, month: int) -> HttpResponse:
    # reading is for whoever may see the report (the verifiers holding the task sample these
    # records); saving only for the enterprise's own account
    if request.method == "GET":
        report = selectors.get_report(request.user, pk)
    else:
        report = own_report(request, pk)
    plan_unit = next((u for u in calculation.reporting_units(report) if u.pk == unit), None)
    if plan_unit is None or fuel not in plan_unit.fuel_names or month not in MONTHS:
        raise Http404
    if request.method == "GET":
        return _page(request, report, plan_unit, fuel, month)
    if report.is_frozen:
        refuse(request, report)
        return redirect("reports:daily", pk=pk, unit=unit, fuel=fuel, month=month)
    return _save(request, report, plan_unit, fuel, month)


def _save(
    request: HttpRequest, report: Report, unit: PlanUnit, fuel: str, month: int
) -> HttpResponse:
    """The month's records as posted, all or none; refused: the page with what was typed."""
    rows, typed = parsing.daily_rows(request.POST, report.year, month)
    try:
        count = services.save_daily_records(
            actor=request.user, report=report, unit=unit, fuel=fuel, month=month, rows=rows
        )
    except CellErrors as exc:
        bad_days = {str(p.params["day"]) for p in exc.items if "day" in p.params}
        return _page(request, report, unit, fuel, month, typed, exc.problems, bad_days)
    except ValidationError as exc:
        return _page(request, report, unit, fuel, month, typed, exc.messages)
    messages.success(
        request,
        _(
            "已保存%(where)s的 %(n)s 条日记录。请点击“自动计算”，由日记录汇总该月的消耗量、"
            "低位发热量和元素碳含量。"
        )
        % {
            "n": count,
            "where": place_words(Place(unit.pk, "fuel", fuel, "", month), {unit.pk: unit.name}),
        },
    )
    url = reverse("reports:edit", args=[report.pk, "fuel"])
    return redirect(f"{url}#block-{unit.pk}-{fuel}")


def _page(
    request: HttpRequest,
    report: Report,
    unit: PlanUnit,
    fuel: str,
    month: int,
    typed: dict[str, str] | None = None,
    problems: list[str] | None = None,
    bad_days: set[str] | frozenset[str] = frozenset(),
) -> HttpResponse:
    """The month's days with their records, or what was typed after a refused save."""
    stored = report.daily_records.filter(unit=unit, fuel=fuel, day__month=month)
    records = {r.day: r for r in stored}
    state = next((r.state for r in records.values()), "fired")
    if typed is not None:
        state = typed.get("state", state)
    context = {
        "report": report,
        "unit": unit,
        "fuel": fuel,
        "fuel_name": fuel_name(fuel),
        "fuel_obj": fuel_catalogue().get(fuel),
        "month": month,
        "days": _days(report, month, records, typed, bad_days),
        "state": state,
        "state_choices": STATE_CHOICES[1:],
        "problems": problems or [],
        "back_to_review": review_url(request.user, report),
        "count": len(records),
        "frozen_note": frozen_note(report),
    } | month_records_access(request, report, month)
    return render(request, "reports/daily.html", context, status=400 if problems else 200)


def _days(
    report: Report,
    month: int,
    records: dict[Any, Any],
    typed: dict[str, str] | None,
    bad_days: set[str] | frozenset[str],
) -> list[dict[str, Any]]:
    days = []
    for day in parsing.month_days(report.year, month):
        record = records.get(day)
        stored = {
            "quantity": record.quantity if record else "",
            "ncv": record.ncv if record else "",
            "carbon": record.carbon_content if record else "",
        }
        values = {k: (typed or {}).get(f"d{day.day}-{k}", v) for k, v in stored.items()}
        days.append({"day": day, "values": values, "error": day.isoformat() in bad_days})
    return days
