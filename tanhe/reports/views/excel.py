"""The report's Excel and JSON pages: download the 填报模板, the full export and the
``tanhe.plant-year/1`` document, import a filled template or such a document. Thin: authorise,
read the upload, call one service (:mod:`tanhe.reports.excel_services`), show every problem or
redirect with what changed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tanhe.accounts import permissions as perm
from tanhe.inputs import shorten

from .. import checking, excel_services, selectors
from ..excel.refusals import WorkbookRejected
from ..labels import listed, month_label
from ..models import Report


class ExcelImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("填好的 Excel 模板（.xlsx）"),
        error_messages={"required": gettext_lazy("请选择要导入的 Excel 文件")},
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class JsonImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("JSON 文件（tanhe.plant-year/1）"),
        error_messages={"required": gettext_lazy("请选择要导入的 JSON 文件")},
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )


def _page(request: HttpRequest, report: Report, **extra: Any) -> dict[str, Any]:
    return {
        "report": report,
        "can_import": perm.can_file(request.user, report.enterprise) and not report.is_frozen,
        "is_filer": perm.can_file(request.user, report.enterprise),
        "sealed": (sealed := sorted(selectors.sealed_months(report))),
        "sealed_text": listed(month_label(m) for m in sealed),
        "excel_form": ExcelImportForm(auto_id="excel_%s"),
        "json_form": JsonImportForm(auto_id="json_%s"),
        **extra,
    }


def _download(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=excel_services.XLSX_MIME)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def template(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(request.user, pk)
    return _download(
        excel_services.template_bytes(report), excel_services.file_name(report, "填报模板")
    )


@login_required
@require_GET
def export(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(request.user, pk)
    return _download(excel_services.export_bytes(report), excel_services.file_name(report, "导出"))


@login_required
@require_GET
def json_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as ``tanhe.plant-year/1`` with ``check_data``: what ``tanhe check`` reads."""
    report = selectors.get_report(request.user, pk)
    text = checking.to_json(checking.document(report))
    response = HttpResponse(text.encode("utf-8"), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, checking.file_name(report))
    response["Cache-Control"] = "private, no-store"
    return response


def _imported(request: HttpRequest, name: str, done: excel_services.Imported) -> None:
    if done.changed:
        parts = [_("%(n)d 个数值") % {"n": done.cells}]
        if done.tests:
            parts.append(_("%(n)d 条确定方式记录") % {"n": done.tests})
        if done.daily:
            parts.append(_("%(n)d 个月的日消耗记录") % {"n": done.daily})
        messages.success(
            request,
            _("已从“%(name)s”导入：%(what)s。请点击“自动计算”更新灰色单元格。")
            % {"name": name, "what": listed(parts)},
        )
    else:
        messages.info(request, _("文件“%(name)s”中没有改动的数值，未作修改。") % {"name": name})
    if done.ignored:
        messages.warning(
            request,
            _("灰色（自动计算）行中有 %(n)d 处改动未导入：这些数值由“自动计算”生成。")
            % {"n": done.ignored},
        )
    for note in done.notes:
        messages.info(request, note)


def _import(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    report = selectors.get_report(request.user, pk)
    form_class = ExcelImportForm if kind == "excel" else JsonImportForm
    form = form_class(request.POST, request.FILES, auto_id=f"{kind}_%s")
    if not form.is_valid():
        return render(request, "reports/excel/upload.html", _page(request, report, **{
            f"{kind}_form": form
        }))  # fmt: skip
    upload = form.cleaned_data["file"]
    name = upload.name or "upload"
    data = upload.read(excel_services.upload_limit(kind) + 1)  # the service refuses more
    service = excel_services.import_excel if kind == "excel" else excel_services.import_json
    try:
        done = service(actor=request.user, report=report, data=data, name=name)
    except WorkbookRejected as exc:
        context = _page(request, report, problems=exc.problems, headline=exc.headline,
                        name=shorten(name), kind=kind)  # fmt: skip
        context["located"] = any(p.sheet or p.row for p in exc.problems)
        return render(request, "reports/excel/errors.html", context)
    _imported(request, shorten(name), done)
    return redirect("reports:excel_import", pk=report.pk)


@login_required
@require_http_methods(["GET", "POST"])
def excel_import(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the page with the downloads and both import forms; POST: import an Excel file."""
    if request.method == "POST":
        return _import(request, pk, "excel")
    report = selectors.get_report(request.user, pk)
    return render(request, "reports/excel/upload.html", _page(request, report))


@login_required
@require_POST
def json_import(request: HttpRequest, pk: int) -> HttpResponse:
    return _import(request, pk, "json")
