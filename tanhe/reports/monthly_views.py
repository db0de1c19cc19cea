"""月度信息化存证: the year's twelve months with their deadlines, and one month as the national
monthly form (化石燃料燃烧排放 / 购入使用电力排放 / 生产数据及排放量汇总 / 辅助参数) whose value
rows carry their mode, data source and supporting files; filing (存证) seals the month, an
amendment with a reason reopens it.

Thin: a view authorises, parses the form, calls one service and redirects (POST-redirect-GET);
a refusal is shown with the service's own message. The enterprise's reporting account edits;
others allowed to see the report (the authority of its province, the operator) read.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tanhe.accounting.report_form import MONTHS
from tanhe.accounts import permissions as perm
from tanhe.documents.services import FileRejected

from . import monthly_display as display
from . import selectors, services
from .models import FilingState, FuelState, Mode, MonthFiling, Report
from .problems import text as problem_text


# -- who may do what ------------------------------------------------------------------------------
def _frozen_note(report: Report) -> str:
    if not report.is_frozen:
        return ""
    return _("%(year)s年报第%(n)s版%(state)s，月度数据只能查看，不能修改。") % {
        "year": report.year,
        "n": report.number,
        "state": report.get_state_display(),
    }


def _newer(report: Report) -> Report | None:
    """The latest version of the same year, when ``report`` is an older one."""
    latest = report.enterprise.reports.filter(year=report.year).order_by("-number").first()
    return latest if latest is not None and latest.pk != report.pk else None


def _require_filer(request: HttpRequest, report: Report) -> None:
    perm.require(
        perm.can_file(request.user, report.enterprise),
        _("只有本单位的报送账号可以填报和存证月度数据"),
    )


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
        "frozen_note": _frozen_note(report),
        "newer": _newer(report),
        "counts": {
            state: sum(1 for line in lines if line.state == state)
            for state in ("sealed", "amending", "overdue", "open")
        },
    }
    return render(request, "reports/monthly/months.html", context)


# -- one month ------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def month(request: HttpRequest, pk: int, month: int) -> HttpResponse:
    if month not in MONTHS:
        raise Http404
    report = selectors.get_report(request.user, pk)
    tab = request.POST.get("tab") or request.GET.get("tab") or "fuel"
    if tab not in display.TAB_KEYS:
        tab = "fuel"
    state: dict[str, Any] = {"tab": tab}
    if request.method == "POST":
        _require_filer(request, report)
        handler = ACTIONS.get(request.POST.get("action", ""))
        if handler is None:
            raise Http404
        response = handler(request, report, month, state)
        if response is not None:
            return response
    return _render_month(request, report, month, state)


def _month_url(report: Report, month: int, tab: str, anchor: str = "") -> str:
    url = reverse("reports:month", args=[report.pk, month])
    query = f"?tab={tab}" if tab != "fuel" else ""
    return url + query + (f"#{anchor}" if anchor else "")


def _save(request: HttpRequest, report: Report, month: int, state: dict[str, Any]) -> Any:
    """Save the changed rows (value, mode, source) of this month: all or nothing."""
    form = display.month_form(report, month)
    parsed = display.parse_post(form, request.POST)
    state["form"] = form
    if parsed.problems:
        names = selectors.unit_names(report)
        state["errors"] = [problem_text(p, names) for p in parsed.problems]
        return None
    if not parsed.entries:
        messages.info(request, _("没有需要保存的修改"))
        return redirect(_month_url(report, month, state["tab"]))
    try:
        services.save_cells(actor=request.user, report=report, entries=parsed.entries)
    except services.CellErrors as exc:
        state["errors"] = exc.problems
        display.mark_errors(form, exc.places)
        return None
    except ValidationError as exc:
        state["errors"] = exc.messages
        return None
    messages.success(
        request, _("已保存%(month)s月的 %(n)s 行修改") % {"month": month, "n": len(parsed.entries)}
    )
    return redirect(_month_url(report, month, state["tab"]))


def _evidence(request: HttpRequest, report: Report, month: int, state: dict[str, Any]) -> Any:
    """Attach one supporting file to one value row of this month."""
    form = display.month_form(report, month)
    row = form.find(request.POST.get("row", ""))
    if row is None or not row.can_attach:
        raise Http404
    state["form"] = form
    upload = request.FILES.get("file")
    if report.is_frozen:
        row.upload_error = _frozen_note(report)
    elif upload is None:
        row.upload_error = _("请选择要上传的文件")
    else:
        try:
            services.add_value_evidence(
                actor=request.user,
                report=report,
                unit=row.unit,
                table=row.table,
                fuel=row.fuel,
                key=row.key,
                month=month,
                upload=upload,
                name=upload.name,
            )
        except FileRejected as exc:
            row.upload_error = str(exc)
        except ValidationError as exc:
            row.upload_error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("已上传支撑材料“%(name)s”：%(where)s")
                % {"name": upload.name, "where": f"{row.unit.name} {row.label}"},
            )
            return redirect(_month_url(report, month, state["tab"], row.html_id))
    state["errors"] = [f"{row.where}：{row.upload_error}"]
    state["errors_title"] = _("文件未上传")
    return None


def _seal(request: HttpRequest, report: Report, month: int, state: dict[str, Any]) -> Any:
    """提交存证 / 重新存证: seal the month as it now is."""
    if not request.POST.get("confirm"):
        state["seal_errors"] = [_("请勾选确认后再提交存证")]
        return None
    try:
        filing = services.seal_month(actor=request.user, report=report, month=month)
    except ValidationError as exc:
        state["seal_errors"] = exc.messages
        return None
    messages.success(
        request,
        _("%(year)s年%(month)s月已存证（第 %(n)s 次），SHA-256 %(sha)s")
        % {"year": report.year, "month": month, "n": filing.revision, "sha": filing.sha256},
    )
    return redirect(_month_url(report, month, state["tab"]))


def _amend(request: HttpRequest, report: Report, month: int, state: dict[str, Any]) -> Any:
    """申请修改: reopen the sealed month, with a reason."""
    filing = MonthFiling.objects.filter(
        enterprise=report.enterprise, year=report.year, month=month
    ).first()
    reason = request.POST.get("reason", "")
    state["reason"] = reason
    if filing is None:
        state["amend_errors"] = [_("%(month)s月尚未存证，无需申请修改") % {"month": month}]
        return None
    if report.is_frozen:
        state["amend_errors"] = [_frozen_note(report)]
        return None
    try:
        services.amend_month(actor=request.user, filing=filing, reason=reason)
    except ValidationError as exc:
        state["amend_errors"] = exc.messages
        return None
    messages.success(
        request,
        _("%(month)s月已转为修改中：修改后请重新存证。修改原因已记入审计日志。") % {"month": month},
    )
    return redirect(_month_url(report, month, state["tab"]))


ACTIONS = {"save": _save, "evidence": _evidence, "seal": _seal, "amend": _amend}


def _render_month(
    request: HttpRequest, report: Report, month: int, state: dict[str, Any]
) -> HttpResponse:
    on = display.today()
    filing = display.filings(report).get(month)
    line = display.month_line(report, month, filing, on)
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
            {"key": k, "label": label, "url": _month_url(report, month, k)}
            for k, label in display.TABS
        ],
        "editable": editable,
        "can_seal": editable and line.ended,
        "can_amend": is_filer and not report.is_frozen and sealed,
        "is_filer": is_filer,
        "frozen_note": _frozen_note(report),
        "newer": _newer(report),
        "errors": state.get("errors", []),
        "errors_title": state.get("errors_title")
        or _("未保存：请按提示修改后再保存（本次提交的修改均未保存）"),
        "seal_errors": state.get("seal_errors", []),
        "amend_errors": state.get("amend_errors", []),
        "reason": state.get("reason", ""),
        "changes": (
            display.changes_since_seal(report, filing)
            if filing is not None and filing.state == FilingState.AMENDING
            else []
        ),
        "unproven": form.unproven() if editable else [],
        "audit": display.month_audit(report, month),
        "modes": list(Mode.choices),
        "fuel_states": FuelState.choices,
        "previous": month - 1 if month > 1 else None,
        "next": month + 1 if month < 12 else None,
        "source_max": display.SOURCE_MAX,
        "value_max": display.VALUE_MAX,
    }
    # A refused POST shows the page again (status 200) with the reasons; nothing was saved.
    return render(request, "reports/monthly/month.html", context)
