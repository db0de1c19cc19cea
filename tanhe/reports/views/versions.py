"""The enterprise's reports and their versions: the list (with 创建报告), creating a year's
report on the plan in force, deleting a draft that was never submitted, and the 终版 of an
accepted version (seed 000 part 3 提交报告)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Organisation

from .. import display, selectors, services
from ..forms import CreateForm, FinalForm, apply_errors
from ..models import ReportState
from .common import enterprise_of, own_report
from .read import render_view


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    return _render_list(request, enterprise_of(request), CreateForm())


def _render_list(
    request: HttpRequest, enterprise: Organisation, form: CreateForm, status: int = 200
) -> HttpResponse:
    reports = selectors.reports_of(enterprise)
    context = {
        "enterprise": enterprise,
        "reports": reports,
        # years whose 终版 is in effect: an accepted version of another year offers 创建终版
        "final_years": {r.year for r in reports if r.is_final and r.state != ReportState.RETURNED},
        "authority": display.authority_name(reports[0]) if reports else "",
        "can_file": perm.can_file(request.user, enterprise),
        "form": form,
        "create_open": form.is_bound,
        "plan": services.plan_in_force(enterprise),
    }
    return render(request, "reports/list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """创建报告 (GET: back to the list, where its form is)."""
    enterprise = enterprise_of(request)
    if request.method == "GET":
        return redirect("reports:list")
    form = CreateForm(request.POST)
    if form.is_valid():
        try:
            report = services.create_report(
                actor=request.user, enterprise=enterprise, year=form.cleaned_data["year"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("已创建%(year)s年度排放报告（依据质量控制计划第%(n)s版），请逐项填写。")
                % {"year": report.year, "n": report.plan_version.number},
            )
            return redirect("reports:edit", pk=report.pk, section="basic")
    return _render_list(request, enterprise, form, status=400)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    report = own_report(request, pk)
    try:
        services.delete_draft(actor=request.user, report=report)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已删除%(year)s年度排放报告草稿") % {"year": report.year})
    return redirect("reports:list")


@login_required
@require_POST
def final(request: HttpRequest, pk: int) -> HttpResponse:
    """创建终版: a new version of the accepted ``pk`` with its reason; refused, 查看 again with
    the service's words."""
    report = own_report(request, pk)
    form = FinalForm(request.POST)
    if form.is_valid():
        try:
            version = services.create_final_version(
                actor=request.user, report=report, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("已创建终版（第%(n)s版，依据第%(m)s版），请根据核查结论修改后重新提交。")
                % {"n": version.number, "m": report.number},
            )
            return redirect("reports:edit", pk=version.pk, section="basic")
    return render_view(request, report, form, status=400)
