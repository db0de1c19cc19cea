"""月度信息化存证, the actions of one month: 保存 the changed rows, attach a supporting file to a
value row, 提交存证 / 重新存证, 申请修改 — one handler (and one URL) each. Only the enterprise's
reporting account may use them; a refused action shows the month again at the action's URL,
with the service's own message (status 200, nothing saved).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanhe.accounting.report_form import MONTHS
from tanhe.accounts import permissions as perm
from tanhe.documents.services import FileRejected

from .. import monthly_display as display
from .. import monthly_parsing, selectors, services
from ..labels import month_name, year_month
from ..models import MonthFiling, Report
from ..problems import text as problem_text
from .monthly import frozen_note, month_url, render_month, tab_of

MonthHandler = Callable[[HttpRequest, Report, int, dict[str, Any]], "HttpResponse | None"]


def month_action(handler: MonthHandler) -> Callable[..., HttpResponse]:
    """A POST of its own on month ``month`` of a report the user may see, by its filer (403 for
    others): ``handler(request, report, month, state)`` answers, or fills ``state`` (errors,
    the form as typed) and the month is shown again with it."""

    @login_required
    @require_POST
    @wraps(handler)
    def view(request: HttpRequest, pk: int, month: int) -> HttpResponse:
        if month not in MONTHS:
            raise Http404
        report = selectors.get_report(request.user, pk)
        perm.require(
            perm.can_file(request.user, report.enterprise),
            _("只有本单位的报送账号可以填报和存证月度数据"),
        )
        state: dict[str, Any] = {"tab": tab_of(request)}
        response = handler(request, report, month, state)
        return response or render_month(request, report, month, state)

    return view


@month_action
def month_save(
    request: HttpRequest, report: Report, month: int, state: dict[str, Any]
) -> HttpResponse | None:
    """Save the changed rows (value, mode, source) of this month: all or nothing."""
    form = display.month_form(report, month)
    parsed = monthly_parsing.parse_post(form, request.POST)
    state["form"] = form
    if parsed.problems:
        names = selectors.unit_names(report)
        state["errors"] = [problem_text(p, names) for p in parsed.problems]
        return None
    if not parsed.entries:
        messages.info(request, _("没有需要保存的修改"))
        return redirect(month_url(report, month, state["tab"]))
    try:
        services.save_cells(actor=request.user, report=report, entries=parsed.entries)
    except services.CellErrors as exc:
        state["errors"] = exc.problems
        monthly_parsing.mark_errors(form, exc.places)
        return None
    except ValidationError as exc:
        state["errors"] = exc.messages
        return None
    messages.success(
        request,
        _("已保存%(month)s的 %(n)s 行修改")
        % {"month": month_name(month), "n": len(parsed.entries)},
    )
    return redirect(month_url(report, month, state["tab"]))


@month_action
def month_evidence(
    request: HttpRequest, report: Report, month: int, state: dict[str, Any]
) -> HttpResponse | None:
    """Attach one supporting file to one value row (``row``) of this month."""
    form = display.month_form(report, month)
    state["form"] = form
    state["errors_title"] = _("文件未上传")
    if report.is_frozen:
        state["errors"] = [frozen_note(report)]
        return None
    row = form.find(request.POST.get("row", ""))
    if row is None or not row.can_attach:
        raise Http404
    upload = request.FILES.get("file")
    if upload is None:
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
                % {"name": upload.name, "where": row.where},  # unit, fuel, month and row
            )
            return redirect(month_url(report, month, state["tab"], row.html_id))
    state["errors"] = [f"{row.where}：{row.upload_error}"]
    return None


@month_action
def month_seal(
    request: HttpRequest, report: Report, month: int, state: dict[str, Any]
) -> HttpResponse | None:
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
        _("%(ym)s已存证（第 %(n)s 次），SHA-256 %(sha)s")
        % {"ym": year_month(report.year, month), "n": filing.revision, "sha": filing.sha256},
    )
    return redirect(month_url(report, month, state["tab"]))


@month_action
def month_amend(
    request: HttpRequest, report: Report, month: int, state: dict[str, Any]
) -> HttpResponse | None:
    """申请修改: reopen the sealed month, with a reason."""
    filing = MonthFiling.objects.filter(
        enterprise=report.enterprise, year=report.year, month=month
    ).first()
    reason = request.POST.get("reason", "")
    state["reason"] = reason
    if filing is None:
        state["amend_errors"] = [
            _("%(month)s尚未存证，无需申请修改") % {"month": month_name(month)}
        ]
        return None
    if report.is_frozen:
        state["amend_errors"] = [frozen_note(report)]
        return None
    try:
        services.amend_month(actor=request.user, filing=filing, reason=reason)
    except ValidationError as exc:
        state["amend_errors"] = exc.messages
        return None
    messages.success(
        request,
        _("%(month)s已转为修改中：修改后请重新存证。修改原因已记入审计日志。")
        % {"month": month_name(month)},
    )
    return redirect(month_url(report, month, state["tab"]))
