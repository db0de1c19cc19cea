"""档案 page (guide 4.8): whether the verification is closed, how long each holder keeps its
records, what the archive holds, and the archive's download (audited, for the authority and the
agency holding the task). Thin: the reads are in selectors_archive, the export a service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from .. import selectors_archive as sa
from ..services import archive as services
from .common import login_needed, task_context, task_for
from .nonconformity import actor


@require_GET
@login_needed
def archive(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    context = task_context(request, task, "archive")
    context |= {"summary": sa.summary(task), "may_export": sa.may_export(actor(request), task)}
    return render(request, "verification/archive.html", context)


@require_POST
@login_needed
def download(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    try:
        data = services.export_archive(actor(request), task)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect(reverse("verification:archive", args=[task.pk]))
    response = HttpResponse(data, content_type="application/zip")
    name = f"verification-archive-{task.campaign.year}-{task.enterprise.credit_code}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
