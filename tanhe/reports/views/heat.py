"""供热计量 of one unit in one month: the heat supply measured as steam or hot water (the page and
its 保存); 自动计算 makes the month's 供热量 from them (生产数据表)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tanhe.accounting.report_form import MONTHS
from tanhe.plans.models import PlanUnit

from .. import calculation, parsing, selectors, services
from ..models import HeatKind, Report
from ..places import Place
from ..problems import place_words
from ..review_links import review_url
from ..services import CellErrors
from .common import frozen_note, month_records_access, own_report, refuse

BLANK_ROWS = 4  # empty rows offered below the stored ones


@login_required
@require_http_methods(["GET", "POST"])
def heat(request: HttpRequest, pk: int, unit: int, month: int) -> HttpResponse:
    # reading is for whoever may see the report (its province's reviewer checks the 供热量
    # behind the review page's numbers); saving only for the enterprise's own account
    if request.method == "GET":
        report = selectors.get_report(request.user, pk)
    else:
        report = own_report(request, pk)
    plan_unit = next((u for u in calculation.reporting_units(report) if u.pk == unit), None)
    if plan_unit is None or month not in MONTHS:
        raise Http404
    if request.method == "GET":
        return _page(request, report, plan_unit, month)
    if report.is_frozen:
        refuse(request, report)
        return redirect("reports:heat", pk=pk, unit=unit, month=month)
    return _save(request, report, plan_unit, month)


def _save(request: HttpRequest, report: Report, unit: PlanUnit, month: int) -> HttpResponse:
    """The month's measurements as posted, all or none; refused: the page with what was typed."""
    rows, typed = parsing.heat_rows(request.POST)
    try:
        count = services.save_heat_measurements(
            actor=request.user, report=report, unit=unit, month=month, rows=rows
        )
    except CellErrors as exc:
        bad_rows = {int(p.params["heat_row"]) for p in exc.items if "heat_row" in p.params}
        return _page(request, report, unit, month, typed, exc.problems, bad_rows)
    messages.success(
        request,
        _("已保存%(where)s的 %(n)s 条供热计量。请点击“自动计算”，由计量数据计算该月的供热量。")
        % {
            "n": count,
            "where": place_words(Place(unit.pk, "production", "", "", month), {unit.pk: unit.name}),
        },
    )
    url = reverse("reports:edit", args=[report.pk, "production"])
    return redirect(f"{url}#block-{unit.pk}-all")


def _page(
    request: HttpRequest,
    report: Report,
    unit: PlanUnit,
    month: int,
    typed: list[dict[str, str]] | None = None,
    problems: list[str] | None = None,
    bad_rows: set[int] | frozenset[int] = frozenset(),
) -> HttpResponse:
    """The month's measurements and a few empty rows, or what was typed after a refused save."""
    if typed is None:
        stored = report.heat_measurements.filter(unit=unit, month=month)
        typed = [{f: getattr(h, f) for f in parsing.HEAT_FIELDS} for h in stored]
    access = month_records_access(request, report, month)
    blank = BLANK_ROWS if access["editable"] else 0  # a reader sees the measurements only
    rows = typed + [dict.fromkeys(parsing.HEAT_FIELDS, "") for _ in range(blank)]
    for i, row in enumerate(rows, start=1):
        row["n"] = str(i)
        row["error"] = "1" if i in bad_rows else ""
    context = {
        "report": report,
        "unit": unit,
        "month": month,
        "rows": rows,
        "row_count": len(rows),
        "kinds": HeatKind.choices,
        "problems": problems or [],
        "back_to_review": review_url(request.user, report),
        "frozen_note": frozen_note(report),
    } | access
    return render(request, "reports/heat.html", context, status=400 if problems else 200)
