"""提交确认 and the report as PDF: the section's page (what still stops submission, the
declaration, the stamped scan), one handler for each of its actions — 保存声明, upload the stamped
PDF, 提交 — and the download of the emission report as PDF."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tanhe.accounting.report_form import DECLARATION_ZH
from tanhe.documents.services import FileRejected

from .. import calculation, pdf, selectors, services
from ..completeness import submission_problems
from ..forms import PDF_ONLY, DeclarationForm, StampedForm, apply_errors
from ..models import Report
from ..problems import texts
from ..services import SubmissionRefused
from .common import own_report, render_section, report_action, saved, warnings_of


def page(
    report: Report,
    *,
    declaration: DeclarationForm | None = None,
    stamped: StampedForm | None = None,
    problems: list[str] | None = None,
) -> dict[str, Any]:
    """The section as it is, with a refused form (``declaration``, ``stamped``) or the
    problems that refused the submission (``problems``) if any."""
    outcome = calculation.outcome(report)
    report.refresh_from_db()
    if problems is None:
        problems = texts(submission_problems(report, outcome), selectors.unit_names(report))
    return {
        "declaration": DECLARATION_ZH,
        "declaration_form": declaration or _declaration_form(report),
        "stamped_form": stamped or StampedForm(),
        "pdf_only": PDF_ONLY,
        "problems": problems,
        "warnings": warnings_of(report, outcome),
    }


def _declaration_form(report: Report) -> DeclarationForm:
    """As declared, else the plan's enterprise and legal representative."""
    basic = getattr(report.plan_version, "basic", None)
    return DeclarationForm(
        initial={
            "entity": report.declared_entity or (basic.name if basic else ""),
            "legal_representative": report.declared_legal_representative
            or (basic.legal_representative if basic else ""),
        }
    )


@report_action("submit")
def declaration_save(request: HttpRequest, report: Report) -> HttpResponse:
    form = DeclarationForm(request.POST)
    if form.is_valid():
        try:
            services.declare(
                actor=request.user,
                report=report,
                entity=form.cleaned_data["entity"],
                legal_representative=form.cleaned_data["legal_representative"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return saved(request, report, "submit", _("声明已保存"))
    return render_section(request, report, "submit", page(report, declaration=form), status=400)


@report_action("submit")
def stamped_upload(request: HttpRequest, report: Report) -> HttpResponse:
    """盖章扫描版排放报告: a PDF, checked by its content."""
    form = StampedForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.upload_stamped_pdf(
                actor=request.user, report=report, upload=upload, name=upload.name
            )
        except FileRejected as exc:
            form.add_error("file", str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return saved(request, report, "submit", _("已上传盖章扫描版排放报告"))
    return render_section(request, report, "submit", page(report, stamped=form), status=400)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """提交: refused with what is missing; a frozen version with the service's words."""
    report = own_report(request, pk)
    try:
        submission = services.submit(actor=request.user, report=report)
    except SubmissionRefused as exc:
        context = page(report, problems=exc.problems) | {"submit_refused": True}
        return render_section(request, report, "submit", context, status=400)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reports:edit", pk=report.pk, section="submit")
    messages.success(
        request,
        _("第%(n)s版已提交，等待主管部门审核。提交内容的 SHA-256：%(sha)s")
        % {"n": report.number, "sha": submission.sha256},
    )
    return redirect("reports:view", pk=report.pk)


@login_required
@require_GET
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The emission report as PDF, for anyone who may see the report."""
    report = selectors.get_report(request.user, pk)  # 404 unless the user may see it
    document = pdf.render_report(report)
    response = HttpResponse(document.data, content_type="application/pdf")
    # RFC 6266 / 5987: an ASCII fallback name, and the Chinese name for clients that read filename*
    response["Content-Disposition"] = (
        f'attachment; filename="{document.ascii_filename}"; '
        f"filename*=UTF-8''{quote(document.filename)}"
    )
    response["Content-Length"] = str(len(document.data))
    response["Cache-Control"] = "private, no-store"
    response["X-Report-SHA256"] = document.sha256
    return response
