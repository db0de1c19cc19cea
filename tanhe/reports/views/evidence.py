"""材料上传和下载: the page (the 12 required types, one file each, and the 其他 files), and one
handler for each of its actions — upload a file (of a required type or 其他), delete one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from tanhe.documents.services import FileRejected

from .. import display, services
from ..forms import ANY_DOCUMENT, EvidenceForm, apply_errors
from ..models import Report, ReportEvidence
from .common import render_section, report_action, saved


def page(
    report: Report,
    *,
    failed: EvidenceForm | None = None,
    failed_kind: str = "",
    list_errors: list[str] | None = None,
) -> dict[str, Any]:
    """The files, with the upload that failed (``failed``, of ``failed_kind``) if any."""
    required, others = display.evidence_rows(report)
    return {
        "required": required,
        "others": others,
        "failed": failed,
        "failed_kind": failed_kind,
        "list_errors": list_errors or [],
        "any_document": ANY_DOCUMENT,
        "editable": True,
    }


@report_action("evidence")
def evidence_upload(request: HttpRequest, report: Report) -> HttpResponse:
    """上传 / 替换: the file is checked by its content (``documents``), then attached."""
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            evidence = services.add_evidence(
                actor=request.user,
                report=report,
                kind=form.cleaned_data["kind"],
                upload=upload,
                name=upload.name,
                title=form.cleaned_data["title"],
            )
        except FileRejected as exc:
            form.add_error("file", str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            message = _("已上传%(kind)s：%(name)s（SHA-256 %(sha)s）") % {
                "kind": evidence.get_kind_display(),
                "name": evidence.file.original_name,
                "sha": evidence.file.sha256,
            }
            return saved(request, report, "evidence", message)
    context = page(report, failed=form, failed_kind=request.POST.get("kind", ""))
    return render_section(request, report, "evidence", context, status=400)


@report_action("evidence", evidence=ReportEvidence)
def evidence_delete(request: HttpRequest, report: Report, evidence: ReportEvidence) -> HttpResponse:
    try:
        services.remove_evidence(actor=request.user, evidence=evidence)
    except ValidationError as exc:
        context = page(report, list_errors=exc.messages)
        return render_section(request, report, "evidence", context, status=400)
    name = evidence.title or evidence.file.original_name
    return saved(request, report, "evidence", _("已删除附件：%(name)s") % {"name": name})
