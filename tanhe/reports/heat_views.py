"""供热计量: a month's heat supply measured as steam or hot water (生产数据表 供热量 计算)."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tanhe.accounting.report_form import MONTHS
from tanhe.inputs import parse_id

from . import calculation, selectors, services
from .models import HeatKind
from .services import CellErrors, HeatInput
from .views import _frozen_note, _own_report, _refuse

FIELDS = ("kind", "label", "mass_t", "enthalpy_kj_per_kg", "temperature_c")
BLANK_ROWS = 4  # empty rows offered below the stored ones


def _posted_rows(post: Mapping[str, str]) -> tuple[list[HeatInput], list[dict[str, str]]]:
    """The rows as posted (a row with no mass and no value typed is no measurement)."""
    rows, typed = [], []
    posted = post.get("rows", "0")
    count = parse_id(posted) or 0
    for i in range(1, min(count, 50) + 1):
        values = {f: str(post.get(f"r{i}-{f}", "")) for f in FIELDS}
        typed.append(values)
        if not any(values[f].strip() for f in ("mass_t", "enthalpy_kj_per_kg", "temperature_c")):
            continue
        rows.append(HeatInput(values["kind"], values["mass_t"], values["enthalpy_kj_per_kg"],
                              values["temperature_c"], values["label"]))  # fmt: skip
    return rows, typed


@login_required
@require_http_methods(["GET", "POST"])
def heat(request: HttpRequest, pk: int, unit: int, month: int) -> HttpResponse:
    report = _own_report(request, pk)
    plan_unit = next((u for u in calculation.reporting_units(report) if u.pk == unit), None)
    if plan_unit is None or month not in MONTHS:
        raise Http404
    problems: list[str] = []
    bad_rows: set[int] = set()
    typed: list[dict[str, str]] | None = None
    if request.method == "POST":
        if report.is_frozen:
            _refuse(request, report)
            return redirect("reports:heat", pk=pk, unit=unit, month=month)
        rows, typed = _posted_rows(request.POST)
        try:
            count = services.save_heat_measurements(
                actor=request.user, report=report, unit=plan_unit, month=month, rows=rows
            )
        except CellErrors as exc:
            problems = exc.problems
            bad_rows = {int(p.params["heat_row"]) for p in exc.items if "heat_row" in p.params}
        else:
            messages.success(
                request,
                _("已保存 %(n)s 条供热计量。请点击“自动计算”，由计量数据计算%(m)s月的供热量。")
                % {"n": count, "m": month},
            )
            url = reverse("reports:edit", args=[report.pk, "production"])
            return redirect(f"{url}#block-{plan_unit.pk}-all")
    stored = report.heat_measurements.filter(unit=plan_unit, month=month)
    if typed is None:
        typed = [{f: getattr(h, f) for f in FIELDS} for h in stored]
    rows_shown = typed + [dict.fromkeys(FIELDS, "") for _ in range(BLANK_ROWS)]
    for i, row in enumerate(rows_shown, start=1):
        row["n"] = str(i)
        row["error"] = "1" if i in bad_rows else ""
    sealed = month in selectors.sealed_months(report)
    context = {
        "report": report,
        "unit": plan_unit,
        "month": month,
        "rows": rows_shown,
        "row_count": len(rows_shown),
        "kinds": HeatKind.choices,
        "problems": problems,
        "editable": not report.is_frozen and not sealed,
        "sealed": sealed,
        "frozen_note": _frozen_note(report) if report.is_frozen else "",
    }
    return render(request, "reports/heat.html", context, status=400 if problems else 200)
