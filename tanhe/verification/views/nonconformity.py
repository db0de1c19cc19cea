"""不符合项 pages: the team's list (write, issue, close, reject; 4.4.4) and the plant's own page
(its tasks, the on-site notice, the list issued to it with the answer form and its deadline, its
终版). Thin: each POST runs one service through ``act``."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import User
from tanhe.checks.findings import NcCategory
from tanhe.inputs import parse_id
from tanhe.plans.models import PlanUnit
from tanhe.reports.services.final import final_version

from .. import selectors_nonconformity as snc
from .. import selectors_onsite
from ..models import NonConformity, NonConformityState, Task, TaskState
from ..models.nonconformity import category_label
from ..services import nonconformity as services
from ..values_catalogue import CODES
from .common import act, login_needed, task_context, task_for


def actor(request: HttpRequest) -> User:
    """The logged-in user (every view here is behind ``login_needed``)."""
    return cast(User, request.user)


PLANT_NOTICE = "verification/onsite/_plant_notice.html"


def _uploads(request: HttpRequest) -> list[tuple[str, Any]]:
    return [(f.name or "file", f) for f in request.FILES.getlist("uploads")]


@require_GET
@login_needed
def nonconformities(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    context = task_context(request, task, "nonconformities")
    ncs = task.nonconformities.select_related("unit").prefetch_related("answers", "files")
    findings, choices = snc.finding_choices(task), snc.item_choices(task)
    links = snc.linked(task, choices, findings)
    context |= {
        "rows": [(nc, links[nc.pk]) for nc in ncs],
        "categories": [(c.value, category_label(c.value)) for c in NcCategory],
        "codes": [c for c in CODES.values() if c.kind != "computed"],
        "units": task.report.plan_version.units.filter(merged_into__isnull=True)
        if task.report
        else [],
        "findings": findings,
        "item_choices": choices,
        "samples": snc.sample_choices(task),
        "fuels": snc.fuel_choices(task),
        "has_drafts": ncs.filter(state=NonConformityState.DRAFT).exists(),
    }
    return render(request, "verification/nonconformities.html", context)


def _ids(raw: list[str]) -> list[int]:
    """The ids posted (anything else is ignored; the querysets keep them to the task)."""
    return [pk for pk in (parse_id(r) for r in raw) if pk is not None]


def _back(task: Task) -> str:
    return reverse("verification:nonconformities", args=[task.pk])


@require_POST
@login_needed
def create(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    post = request.POST
    unit = None
    if post.get("unit") and task.report is not None:
        unit_id = parse_id(post["unit"])
        unit = get_object_or_404(PlanUnit, pk=unit_id, version_id=task.report.plan_version_id)
    findings = task.findings.filter(pk__in=_ids(post.getlist("findings")))
    items = task.checklist.filter(pk__in=_ids(post.getlist("items")))
    samples = task.samples.filter(pk__in=_ids(post.getlist("samples")))
    return act(
        request,
        lambda: services.create(
            actor(request),
            task,
            post.get("description", ""),
            post.get("category", ""),
            items=items,
            findings=findings,
            samples=samples,
            uploads=_uploads(request),
            value_code=post.get("value_code", ""),
            unit=unit,
            fuel=post.get("fuel", "").strip(),
        ),
        _("不符合项已填写"),
        _back(task),
    )


@require_POST
@login_needed
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    done = _("不符合项清单已开具，重点排放单位应在%(days)s个工作日内提交整改") % {
        "days": services.ANSWER_DAYS
    }
    return act(request, lambda: services.issue(actor(request), task), done, _back(task))


def _nc(request: HttpRequest, pk: int, number: int) -> tuple[Task, NonConformity]:
    task = task_for(request, pk)
    return task, get_object_or_404(NonConformity, task=task, number=number)


@require_POST
@login_needed
def close(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    task, nc = _nc(request, pk, number)
    note = request.POST.get("note", "")
    return act(
        request,
        lambda: services.close(actor(request), nc, note),
        _("不符合项已关闭"),
        _back(task),
    )


@require_POST
@login_needed
def reject(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    task, nc = _nc(request, pk, number)
    note = request.POST.get("note", "")
    return act(
        request,
        lambda: services.reject(actor(request), nc, note),
        _("已作出整改未通过的结论"),
        _back(task),
    )


# -- the plant's pages ---------------------------------------------------------------------------
def _plant_tasks(request: HttpRequest) -> list[Task]:
    user: Any = request.user
    org = getattr(user, "organisation", None)
    if org is None or not perm.is_enterprise_user(user, org):
        raise Http404
    tasks = Task.objects.filter(enterprise=org).exclude(
        state__in=(TaskState.UNASSIGNED, TaskState.ASSIGNED, TaskState.DECLINED)
    )
    return list(tasks.select_related("campaign", "agency", "report").order_by("-campaign__year"))


def _has_template(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


@require_GET
@login_needed
def plant(request: HttpRequest) -> HttpResponse:
    """The enterprise's verification: each task with its on-site notice and the non-conformities
    issued to it (drafts are the team's own)."""
    tasks = _plant_tasks(request)
    entries = []
    for task in tasks:
        ncs = (
            task.nonconformities.exclude(state=NonConformityState.DRAFT)
            .select_related("unit")
            .prefetch_related("answers__files", "files")
        )
        entries.append(
            {
                "task": task,
                "ncs": ncs,
                "final": final_version(task.enterprise, task.year),
                "final_allowed": services.final_allowed(task),
                "notice": selectors_onsite.plant_notice(task),
            }
        )
    context = {
        "entries": entries,
        "notice_template": PLANT_NOTICE if _has_template(PLANT_NOTICE) else "",
        "answerable": (NonConformityState.ISSUED, NonConformityState.ANSWERED),
    }
    return render(request, "verification/nonconformity_plant.html", context)


def _plant_nc(request: HttpRequest, nc_pk: int) -> NonConformity:
    """A non-conformity issued to the reader's own enterprise; 404 for any other."""
    tasks = _plant_tasks(request)
    return get_object_or_404(
        NonConformity.objects.exclude(state=NonConformityState.DRAFT).select_related("task"),
        pk=nc_pk,
        task__in=tasks,
    )


@require_POST
@login_needed
def answer(request: HttpRequest, nc_pk: int) -> HttpResponse:
    nc = _plant_nc(request, nc_pk)
    post = request.POST
    return act(
        request,
        lambda: services.answer(
            actor(request),
            nc,
            post.get("cause", ""),
            post.get("action", ""),
            corrected_value=post.get("corrected_value", ""),
            uploads=_uploads(request),
        ),
        _("整改答复已提交"),
        reverse("verification:plant") + f"#nc-{nc.pk}",
    )


@require_POST
@login_needed
def start_final(request: HttpRequest, task_pk: int) -> HttpResponse:
    task = get_object_or_404(Task, pk=task_pk, pk__in=[t.pk for t in _plant_tasks(request)])
    reason = request.POST.get("reason", "")
    try:
        final = services.start_final_version(actor(request), task, reason)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect(reverse("verification:plant"))
    messages.success(request, _("终版已创建：请在排放报告页面修改并提交"))
    return redirect(reverse("reports:view", args=[final.pk]))  # the new draft, to correct
