"""The report read-only: 查看 (the enterprise's whole report; on an accepted version the form of
its 终版) and 版本比较 (any two versions of the same year, value by value)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tanhe.accounting.report_form import DECLARATION_ZH
from tanhe.accounts import permissions as perm
from tanhe.inputs import parse_id

from .. import comparison, display, selectors, services
from ..forms import FinalForm
from ..models import Report, ReportState
from .common import frozen_note


@login_required
@require_GET
def view(request: HttpRequest, pk: int) -> HttpResponse:
    """查看: the whole report read-only, for whoever may see it (the enterprise; the agency
    holding its verification task of that year; its authority, which reviews it elsewhere)."""
    return render_view(request, selectors.get_report(request.user, pk))


def render_view(
    request: HttpRequest, report: Report, final_form: FinalForm | None = None, status: int = 200
) -> HttpResponse:
    """查看 with the 终版 form (``final_form``: a refused one) where a 终版 may be created: an
    accepted version of a year without one, for its reporting account."""
    can_file = perm.can_file(request.user, report.enterprise)
    final = services.final_version(report.enterprise, report.year)
    context = {
        "report": report,
        "owner": perm.is_enterprise_user(request.user, report.enterprise),
        "can_edit": not report.is_frozen and can_file,
        "frozen_note": frozen_note(report),
        "comments": display.return_comments(report),
        "declaration": DECLARATION_ZH,
        "final": final,
        "can_finalise": can_file and report.state == ReportState.ACCEPTED and final is None,
        "final_form": final_form or FinalForm(),
    } | display.report_body(report)
    return render(request, "reports/view.html", context, status=status)


def _version(versions: list[Report], raw: str | None, default: Report | None) -> Report | None:
    """The version ``raw`` names among ``versions`` (404 for any other), ``default`` if none."""
    if not raw:
        return default
    chosen = next((v for v in versions if v.pk == parse_id(raw)), None)
    if chosen is None:
        raise Http404
    return chosen


@login_required
@require_GET
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """版本比较: ``a`` (default: the previous version) against ``b`` (default: this one), the
    changed values only."""
    report = selectors.get_report(request.user, pk)
    versions = list(
        report.enterprise.reports.filter(year=report.year)
        .select_related("plan_version")
        .order_by("number")
    )
    old = _version(versions, request.GET.get("a"), report.previous)
    new = _version(versions, request.GET.get("b"), report)
    rows = []
    if old is not None and new is not None and old.pk != new.pk:
        rows = comparison.compare(selectors.report_content(old), selectors.report_content(new))
    context = {
        "report": report,
        "versions": versions,
        "old": old,
        "new": new,
        "rows": rows,
        "owner": perm.is_enterprise_user(request.user, report.enterprise),
    }
    return render(request, "reports/compare.html", context)
