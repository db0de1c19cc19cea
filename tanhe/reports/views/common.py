"""What the enterprise's report pages share: who may use them, why a version cannot change, the
editor's frame (a section read-only or with its forms), and each editor action's wrapper and
POST-redirect-GET.

Thin: a view authorises, lets a form or ``parsing`` read the input, calls one service and
redirects; a refused POST renders its section again at the action's URL.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanhe.accounting.report_form import DECLARATION_ZH
from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Organisation

from .. import calculation, display, review_places, selectors, services
from ..completeness import warnings
from ..models import Report, ReportState
from ..problems import Shown, shown
from ..table_display import table_view

Handler = Callable[..., HttpResponse]


# -- who may use these pages ----------------------------------------------------------------------
def enterprise_of(request: HttpRequest) -> Organisation:
    """The enterprise whose reporting account is logged in; other users may not use these pages."""
    org = getattr(request.user, "organisation", None)
    if org is None or not perm.is_enterprise_user(request.user, org):
        raise PermissionDenied(_("只有重点排放单位的报送账号可以使用此页面"))
    return org


def own_report(request: HttpRequest, pk: int) -> Report:
    """A report of the logged-in enterprise: 404 for others' reports, 403 for non-enterprises."""
    report = selectors.get_report(request.user, pk)
    if not perm.is_enterprise_user(request.user, report.enterprise):
        raise PermissionDenied(_("只有本单位的报送账号可以编辑排放报告"))
    return report


def month_records_access(request: HttpRequest, report: Report, month: int) -> dict[str, bool]:
    """Who may type a month's daily records or 供热计量: the enterprise's own account, while
    the report is not frozen and the month not sealed (anyone else who sees the report reads)."""
    sealed = month in selectors.sealed_months(report)
    owner = perm.is_enterprise_user(request.user, report.enterprise)
    return {
        "owner": owner,
        "sealed": sealed,
        "editable": owner and not report.is_frozen and not sealed,
    }


def frozen_note(report: Report) -> str:
    """Why the version cannot change ("" for a draft)."""
    if not report.is_frozen:
        return ""
    if report.state == ReportState.SUBMITTED:
        return _("第%(n)s版已提交，正在等待主管部门审核，不能修改。") % {"n": report.number}
    if report.state == ReportState.RETURNED:
        following = getattr(report, "next_version", None)
        note = _("第%(n)s版已被主管部门退回补正，本版保持提交时的内容，不能修改。") % {
            "n": report.number
        }
        if following is not None:
            note += _("请在第%(n)s版中修改后重新提交。") % {"n": following.number}
        return note
    note = _("第%(n)s版已通过主管部门审核，不能修改。") % {"n": report.number}
    final = services.final_version(report.enterprise, report.year)
    if final is not None and final.pk != report.pk:
        note += _("本年度的终版为第%(n)s版（%(state)s）。") % {
            "n": final.number,
            "state": final.get_state_display(),
        }
    return note


def refusal(request: HttpRequest, report: Report) -> list[str]:
    """Why a change to a frozen version is refused, in the service's words (it refuses every
    change to a version that is not a draft)."""
    try:
        services.update_contact(actor=request.user, report=report, data={})
    except ValidationError as exc:
        return exc.messages
    return []


def refuse(request: HttpRequest, report: Report) -> None:
    """The refusal of a change to a frozen version, as messages (for a page that redirects)."""
    for message in refusal(request, report):
        messages.error(request, message)


def warnings_of(report: Report, outcome: calculation.Outcome) -> list[Shown]:
    if outcome.result is None:
        return []
    return shown(warnings(report, outcome.result), selectors.unit_names(report))


# -- the editor's frame ---------------------------------------------------------------------------
def frozen_context(report: Report, section: str) -> dict[str, Any]:
    """A frozen version's section: the read-only parts of its page."""
    context: dict[str, Any] = {}
    if section in display.TABLE_SECTIONS:
        outcome = calculation.outcome(report)
        table = display.TABLE_SECTIONS[section]
        sealed = selectors.sealed_months(report)
        context["table"] = table_view(report, table, result=outcome.result, sealed=sealed)
    elif section == "basic":
        context["basic_items"] = display.basic_items(report)
    elif section == "tests":
        context["blocks"] = display.test_blocks(report)
    elif section == "facilities":
        context["facility_rows"] = display.facility_rows(report)
    elif section == "summary":
        context["summary_rows"], context["summary_total"] = selectors.summary(report)
    elif section in ("evidence", "submit"):
        context["required"], context["others"] = display.evidence_rows(report)
        context["submission"] = getattr(report, "submission", None)
        context["declaration"] = DECLARATION_ZH
        context["editable"] = False
    return context


def render_section(
    request: HttpRequest,
    report: Report,
    section: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """One section of the editor with ``context`` (its forms, or its read-only parts)."""
    base = {
        "report": report,
        "section": section,
        "section_label": display.SECTIONS[section],
        "nav": display.nav(report, section),
        "next": display.next_section(report, section),
        "frozen": report.is_frozen,
        "frozen_note": frozen_note(report),
        "comments": display.return_comments(report),
        "authority_name": display.authority_name(report),
        "sealed": selectors.sealed_months(report),
    }
    # the authority's comments at this section, and marked at their rows and cells
    base["section_comments"] = [c for c in base["comments"] if c.table == section]
    if "table" in context:
        review_places.mark(context["table"], base["section_comments"])
    template = f"reports/section_{section}.html"
    if section in display.TABLE_SECTIONS:
        template = "reports/section_table.html"
    return render(request, template, base | context, status=status)


def saved(request: HttpRequest, report: Report, section: str, message: str = "") -> HttpResponse:
    """After a successful change: say so, and go to the next section if that was asked."""
    messages.success(request, message or _("已保存"))
    if request.POST.get("then") == "next":
        following = display.next_section(report, section)
        if following is not None:
            return redirect(following.url)
    return redirect("reports:edit", pk=report.pk, section=section)


def report_action(section: str = "", **targets: type[Model]) -> Callable[[Handler], Handler]:
    """One action of the editor (a POST of its own): ``handler(request, report, **objects)`` for
    the owner's report. ``section``: the section the action belongs to; empty for an action of
    a number table, whose section is the path's ``section`` (404 unless one of the three
    tables), passed to the handler. The path's ids (``evidence=ReportEvidence`` …) are looked up
    among the report's rows (404 otherwise). A frozen version is shown read-only, with the
    service's refusal."""

    def decorate(handler: Handler) -> Handler:
        @login_required
        @require_POST
        @wraps(handler)
        def view(request: HttpRequest, pk: int, **path: Any) -> HttpResponse:
            report = own_report(request, pk)
            where = section or path.get("section", "")
            if not section and where not in display.TABLE_SECTIONS:
                raise Http404
            objects = {
                name: get_object_or_404(model, pk=path.pop(name), report=report)
                for name, model in targets.items()
            }
            if report.is_frozen:
                context = frozen_context(report, where) | {"refusal": refusal(request, report)}
                return render_section(request, report, where, context)
            return handler(request, report, **path, **objects)

        return view

    return decorate
