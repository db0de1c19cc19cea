"""The editor's pages (GET): one section of a version, with its forms, or read-only once the
version is submitted. Every form on them posts to an action of its own. Here too the sections
of one form or none: 基本信息 (and its 保存), 生产设施表 and 信息汇总表 (read-only: the plan's
facilities, the sums of the tables)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from .. import display, selectors, services
from ..forms import ContactForm, apply_errors
from ..models import Report
from . import determination, evidence, submission, tables
from .common import frozen_context, own_report, render_section, report_action, saved


# -- 基本信息 -------------------------------------------------------------------------------------
def basic_page(report: Report, form: ContactForm | None = None) -> dict[str, Any]:
    """The plan's 企业基本信息 (read-only here) and the report's own contact fields."""
    if form is None:
        form = ContactForm(
            initial={
                "contact_person": report.contact_person,
                "contact_phone": report.contact_phone,
                "contact_email": report.contact_email,
            }
        )
    return {"form": form, "basic_items": display.basic_items(report)}


@report_action("basic")
def basic_save(request: HttpRequest, report: Report) -> HttpResponse:
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.update_contact(actor=request.user, report=report, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return saved(request, report, "basic")
    return render_section(request, report, "basic", basic_page(report, form), status=400)


# -- 生产设施表, 信息汇总表 ------------------------------------------------------------------------
def facilities_page(report: Report) -> dict[str, Any]:
    return {"facility_rows": display.facility_rows(report)}


def summary_page(report: Report) -> dict[str, Any]:
    rows, total = selectors.summary(report)
    return {"summary_rows": rows, "summary_total": total}


# -- a section ------------------------------------------------------------------------------------
SECTION_PAGES: dict[str, Callable[[Report], dict[str, Any]]] = {
    "basic": basic_page,
    **{section: partial(tables.page, section=section) for section in display.TABLE_SECTIONS},
    "tests": determination.page,
    "facilities": facilities_page,
    "summary": summary_page,
    "evidence": evidence.page,
    "submit": submission.page,
}


@login_required
@require_GET
def edit(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """A section of the owner's report; read-only once the version is submitted."""
    if section not in SECTION_PAGES:
        raise Http404
    report = own_report(request, pk)
    if report.is_frozen:
        return render_section(request, report, section, frozen_context(report, section))
    return render_section(request, report, section, SECTION_PAGES[section](report))
