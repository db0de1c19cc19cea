"""核查报告 pages (guide 4.5, 4.6): the team's page (create, texts per section, send to review,
downloads, the 4.5 countdown, the review history), the technical reviewer's page (approve or
return with comments per section) and the agency's submission. Thin: each POST runs one
service through ``act``."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tanhe.accounts import permissions as perm
from tanhe.documents.services import path_of

from .. import selectors_report as sr
from ..models import ReportState, Task
from ..report.content import build_content
from ..report.docx import build_docx
from ..report.pdf import build_pdf
from ..report_outline import SECTIONS
from ..services import report as services
from ..services._common import is_agency_manager, is_member
from .common import act, login_needed, task_context, task_for
from .nonconformity import actor

KINDS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _back(task: Task) -> str:
    return reverse("verification:report", args=[task.pk])


def _cover(task: Task) -> dict[str, Any]:
    """The cover's figures for the page (none while the engine cannot compute them)."""
    try:
        return {"content": build_content(task)}
    except ValidationError as error:
        return {"engine_errors": error.messages}


@require_GET
@login_needed
def report(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    user = actor(request)
    vr = sr.report_of(task)
    context = task_context(request, task, "report") | {
        "vr": vr,
        "deadline": sr.deadline(task),
        "can_write": vr is not None and is_member(user, task) and vr.state in sr.WRITABLE,
        "is_reviewer": sr.is_reviewer(user, task),
        "can_submit": vr is not None
        and vr.state == ReportState.APPROVED
        and is_agency_manager(user, task),
        "can_download": vr is not None and sr.can_download(user, task, vr),
        "reviewer_problem": services.independence_problem(task, task.technical_reviewer),
    }
    if vr is not None:
        context |= {"sections": sr.section_rows(vr), "rounds": sr.rounds(vr)}
        if context["can_download"] and task.report is not None:
            context |= _cover(task)
    return render(request, "verification/report.html", context)


@require_POST
@login_needed
def create(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    done = _("核查报告已创建")
    return act(request, lambda: services.create_report(actor(request), task), done, _back(task))


@require_POST
@login_needed
def save_text(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    post = request.POST
    return act(
        request,
        lambda: services.save_text(
            actor(request), task, post.get("section", ""), post.get("text", "")
        ),
        _("说明已保存"),
        _back(task),
    )


@require_POST
@login_needed
def send(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    done = _("核查报告已送内部技术评审")
    return act(request, lambda: services.send_to_review(actor(request), task), done, _back(task))


def _reviewer_task(request: HttpRequest, pk: int) -> Task:
    task = task_for(request, pk)
    perm.require(
        sr.is_reviewer(actor(request), task), _("只有该任务独立于核查组的技术复核人可以评审")
    )
    return task


@require_GET
@login_needed
def review(request: HttpRequest, pk: int) -> HttpResponse:
    task = _reviewer_task(request, pk)
    vr = sr.report_of(task)
    context = task_context(request, task, "report") | {"vr": vr}
    if vr is not None:
        context |= {
            "sections": sr.section_rows(vr),
            "rounds": sr.rounds(vr),
            "open_round": sr.open_round(vr),
        }
        if task.report is not None:
            context |= _cover(task)
    return render(request, "verification/report_review.html", context)


def _review_back(task: Task) -> str:
    return reverse("verification:report_review", args=[task.pk])


@require_POST
@login_needed
def return_report(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    post = request.POST
    comments = {s.key: post.get(f"comment_{s.key}", "") for s in SECTIONS}
    return act(
        request,
        lambda: services.return_report(actor(request), task, comments, post.get("note", "")),
        _("核查报告已退回修改"),
        _review_back(task),
    )


@require_POST
@login_needed
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    note = request.POST.get("note", "")
    return act(
        request,
        lambda: services.approve_report(actor(request), task, note),
        _("内部技术评审通过，核查报告已冻结"),
        _review_back(task),
    )


@require_POST
@login_needed
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    done = _("核查报告已提交省级生态环境主管部门")
    return act(request, lambda: services.submit_report(actor(request), task), done, _back(task))


@require_GET
@login_needed
def download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The report as Word or PDF: the frozen file once approved, else built from the data now
    (a draft for the team and the reviewer)."""
    task = task_for(request, pk)
    if kind not in KINDS:
        raise Http404
    user = actor(request)
    vr = sr.report_of(task)
    perm.require(sr.can_download(user, task, vr))
    if vr is None:
        messages.error(request, _("该任务尚未编写核查报告"))
        return redirect(_back(task))
    stored = vr.docx if kind == "docx" else vr.pdf
    if stored is not None:
        data = path_of(stored).read_bytes()
    else:
        try:
            content = build_content(task)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return redirect(_back(task))
        data = build_docx(content) if kind == "docx" else build_pdf(content)
    response = HttpResponse(data, content_type=KINDS[kind])
    name = f"{services.file_stem(vr)}.{kind}"
    response["Content-Disposition"] = _disposition(name, vr.number, kind)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _disposition(name: str, number: str, kind: str) -> str:
    ascii_name = f"verification-report_{number}.{kind}"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
