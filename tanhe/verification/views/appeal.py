"""复核 pages (guide §6): one address per task for both sides — the plant sees its notified
result, the deadline to apply and its application with the decision; the authority records the
technical assessment and decides; the agency holding the task reads. Thin: each POST runs one
service through ``act``."""

from __future__ import annotations

from typing import Any, cast

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tanhe.accounts.models import User

from .. import selectors_appeal as sa
from ..models import AppealOutcome, Task
from ..services import appeal as services
from ..services._common import is_enterprise
from .common import act, login_needed, task_context, task_for


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _plant_task(request: HttpRequest, pk: int) -> Task | None:
    """The task if the reader is its plant's account (None otherwise)."""
    task = get_object_or_404(
        Task.objects.select_related("campaign", "campaign__province", "enterprise", "agency",
                                    "report"),
        pk=pk,
    )  # fmt: skip
    return task if is_enterprise(_actor(request), task) else None


def _back(task: Task) -> str:
    return reverse("verification:appeals", args=[task.pk])


@require_GET
@login_needed
def appeals(request: HttpRequest, pk: int) -> HttpResponse:
    """The plant's page for its own task; the task's page for the authority and the agency."""
    plant_task = _plant_task(request, pk)
    task = plant_task or task_for(request, pk)
    context: dict[str, Any] = {"task": task, "info": sa.page(task)}
    context |= {"file_days": sa.FILE_DAYS, "decide_days": sa.DECIDE_DAYS}
    if plant_task is not None:
        return render(request, "verification/appeals_plant.html", context)
    context |= task_context(request, task, "appeals")
    context["outcomes"] = AppealOutcome.choices
    return render(request, "verification/appeals.html", context)


@require_POST
@login_needed
def file(request: HttpRequest, pk: int) -> HttpResponse:
    task = _plant_task(request, pk)
    if task is None:
        raise Http404
    uploads = [(f.name or "file", f) for f in request.FILES.getlist("uploads")]
    reason = request.POST.get("reason", "")
    return act(
        request,
        lambda: services.file_appeal(_actor(request), task, reason, uploads=uploads),
        _("复核申请已提交，省级生态环境主管部门将组织技术论证"),
        _back(task),
    )


@require_POST
@login_needed
def assess_start(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    return act(
        request,
        lambda: services.start_assessment(_actor(request), task),
        _("技术论证已开始"),
        _back(task),
    )


@require_POST
@login_needed
def assess_end(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    text = request.POST.get("assessment", "")
    done = _("技术论证已结束，应在%(days)s个工作日内作出复核结论") % {"days": sa.DECIDE_DAYS}
    return act(
        request,
        lambda: services.end_assessment(_actor(request), task, text),
        done,
        _back(task),
    )


def _figures(post: Any) -> dict[str, dict[str, str]]:
    """``combustion:<unit>`` / ``electricity:<unit>`` fields as ``{unit: {kind: text}}``."""
    out: dict[str, dict[str, str]] = {}
    for key in post:
        kind, sep, unit = key.partition(":")
        if sep and kind in ("combustion", "electricity") and unit:
            out.setdefault(unit, {})[kind] = post.get(key, "")
    return out


@require_POST
@login_needed
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    post = request.POST
    return act(
        request,
        lambda: services.decide(
            _actor(request),
            task,
            post.get("outcome", ""),
            post.get("conclusion", ""),
            figures=_figures(post),
            total=post.get("total", ""),
        ),
        _("复核结论已作出并告知重点排放单位"),
        _back(task),
    )
