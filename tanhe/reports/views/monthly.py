"""月度信息化存证: the year's twelve months with their deadlines, and one month as the national
monthly form (化石燃料燃烧排放 / 购入使用电力排放 / 生产数据及排放量汇总 / 辅助参数) whose value
rows carry their mode, data source and supporting files; filing (存证) seals the month, an
amendment with a reason reopens it.

This module has the pages (GET); each form on them posts to an action of its own
(``monthly_actions``). The enterprise's reporting account edits; others allowed to see the
report (the authority of its province, the operator) read.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tanhe.accounting.report_form import MONTHS
from tanhe.accounts import permissions as perm

from .. import monthly_changes, monthly_trail, selectors
from .. import monthly_display as display
from ..completeness import warnings
from ..models import FilingState, FuelState, Mode, Report
from ..problems import Shown, of_month, shown
from ..review_links import review_url


# -- who may do what ------------------------------------------------------------------------------
def frozen_note(report: Report) -> str:
    if not report.is_frozen:
        return ""
    return _("%(year)s年报第%(n)s版%(state)s，月度数据只能查看，不能修改。") % {
        "year": report.year,
        "n": report.number,
        "state": report.get_state_display(),
    }


def newer(report: Report) -> Report | None:
    """The latest version of the same year, when ``report`` is an older one."""
    latest = report.enterprise.reports.filter(year=report.year).order_by("-number").first()
    return latest if latest is not None and latest.pk != report.pk else None


# -- the year's months ----------------------------------------------------------------------------
@login_required
@require_GET
def months(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(request.user, pk)
    on = display.today()
    lines = display.year_overview(report, on)
    context = {
        "report": report,
        "lines": lines,
        "today": on,
        "days": settings.MONTH_FILING_DAYS,
        "can_file": perm.can_file(request.user, report.enterprise) and not report.is_frozen,
        "frozen_note": frozen_note(report),
        "newer": newer(report),
        "counts": {
            state: sum(1 for line in lines if line.tally == state)
            for state in ("sealed", "amending", "overdue", "open")
        },
    }
    return render(request, "reports/monthly/months.html", context)


# -- one month ------------------------------------------------------------------------------------
@login_required
@require_GET
def month(request: HttpRequest, pk: int, month: int) -> HttpResponse:
    if month not in MONTHS:
        raise Http404
    report = selectors.get_report(request.user, pk)
    return render_month(request, report, month, {"tab": tab_of(request)})


def tab_of(request: HttpRequest) -> str:
    """The tab shown (posted by a form, or in the query), ``fuel`` unless one of the four."""
    tab = request.POST.get("tab") or request.GET.get("tab") or "fuel"
    return tab if tab in display.TAB_KEYS else "fuel"


def month_url(report: Report, month: int, tab: str, anchor: str = "") -> str:
    url = reverse("reports:month", args=[report.pk, month])
    query = f"?tab={tab}" if tab != "fuel" else ""
    return url + query + (f"#{anchor}" if anchor else "")


def render_month(
    request: HttpRequest, report: Report, month: int, state: dict[str, Any]
) -> HttpResponse:
    on = display.today()
    line = display.line_of(report, month, on)
    filing = line.filing
    form = state.get("form") or display.month_form(report, month)
    is_filer = perm.can_file(request.user, report.enterprise)
    sealed = filing is not None and filing.state == FilingState.SEALED
    editable = is_filer and not report.is_frozen and not sealed
    context = {
        "report": report,
        "month": month,
        "line": line,
        "filing": filing,
        "form": form,
        "tab": state["tab"],
        "tabs": [
            {"key": k, "label": label, "url": month_url(report, month, k)}
            for k, label in display.TABS
        ],
        "editable": editable,
        "can_seal": editable and line.ended,
        "can_amend": is_filer and not report.is_frozen and sealed,
        "is_filer": is_filer,
        "back_to_review": review_url(request.user, report),
        "frozen_note": frozen_note(report),
        "newer": newer(report),
        "errors": state.get("errors", []),
        "errors_title": state.get("errors_title")
        or _("未保存：请按提示修改后再保存（本次提交的修改均未保存）"),
        "seal_errors": state.get("seal_errors", []),
        "amend_errors": state.get("amend_errors", []),
        "reason": state.get("reason", ""),
        "changes": (
            monthly_changes.changes_since_seal(report, filing)
            if filing is not None and filing.state == FilingState.AMENDING
            else []
        ),
        "unproven": form.unproven() if editable else [],
        # the seal step: the month's open warnings, shown before it is sealed (never blocking)
        "month_warnings": _month_warnings(report, month) if editable and line.ended else [],
        "audit": monthly_trail.month_audit(report, month),
        "modes": list(Mode.choices),
        "fuel_states": FuelState.choices,
        "previous": month - 1 if month > 1 else None,
        "next": month + 1 if month < 12 else None,
        "source_max": display.SOURCE_MAX,
        "value_max": display.VALUE_MAX,
    }
    # A refused POST shows the page again (status 200) with the reasons; nothing was saved.
    return render(request, "reports/monthly/month.html", context)


def _month_warnings(report: Report, month: int) -> list[Shown]:
    found = of_month(warnings(report), month)
    return shown(found, selectors.unit_names(report))
