"""复查与告知 page (guide 4.7, 4.5): for the authority and the agency, the report's state, the
保守测算, the 复查 ordered and concluded, the notification; for the plant, its notification with
the report and the confirmed total, and its acknowledgement. Thin: each POST runs one service
through ``act``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tanhe.accounts.models import Organisation, OrganisationKind
from tanhe.inputs import parse_id

from .. import selectors_result as sr
from ..models import RecheckConclusion, RecheckMode, RecheckPerformer, Task, TaskState
from ..services import estimate as estimate_services
from ..services import result as services
from ..services._common import is_enterprise
from .common import act, login_needed, task_context, task_for
from .nonconformity import actor

FIELD_PREFIX = "v:"  # an estimate datum's field: v:<unit pk>:<code>:<fuel>


def _total(task: Task) -> tuple[Any, list[str]]:
    """The confirmed total (or the engine's refusal) of a task whose values are confirmed."""
    if task.state != TaskState.CONFIRMED:
        return None, []
    try:
        return sr.confirmed_total(task), []
    except ValidationError as error:
        return None, error.messages


def _field(unit: int, code: str, fuel: str) -> str:
    return f"{FIELD_PREFIX}{unit}:{code}:{fuel}"


def _estimate_form(task: Task) -> list[dict[str, Any]]:
    """The rows of the no-report estimate form: each plan unit with its fuels' and its data."""
    plan = sr.estimate_plan(task)
    if task.report is not None or task.state != TaskState.ACCEPTED or plan is None:
        return []
    inputs = sr.ESTIMATE_INPUTS
    return [
        {
            "unit": unit,
            "fuels": [
                (
                    fuel,
                    [(i, f"{FIELD_PREFIX}{unit.pk}:{i.code}:{fuel}") for i in inputs if i.per_fuel],
                )
                for fuel in unit.fuel_names
            ],
            "data": [(i, _field(unit.pk, i.code, "")) for i in inputs if not i.per_fuel],
        }
        for unit in sr.estimate_units(plan)
    ]


def _team_page(request: HttpRequest, task: Task) -> HttpResponse:
    context = task_context(request, task, "result")
    total, engine_errors = _total(task)
    estimate = task.estimate if sr.is_estimate(task) else None
    context |= {
        "vreport": sr.verification_report(task),
        "notification": sr.notification(task),
        "rechecks": sr.rechecks(task),
        "open_recheck": sr.open_recheck(task),
        "recheck_refusals": sr.recheck_refusals(task),
        "notify_refusals": sr.notify_refusals(task),
        "total": total,
        "engine_errors": engine_errors,
        "estimate": estimate,
        "is_estimate": estimate is not None,
        "estimate_rows": _estimate_form(task),
        "uncorrected": sr.uncorrected(task) if task.report is not None else [],
        "modes": RecheckMode.choices,
        "performers": RecheckPerformer.choices,
        "conclusions": RecheckConclusion.choices,
        "agencies": _other_agencies(task),
    }
    return render(request, "verification/result.html", context)


def _other_agencies(task: Task) -> list[Organisation]:
    """The agencies a 复查 may be entrusted to: any but the one that verified the task."""
    agencies = Organisation.objects.filter(kind=OrganisationKind.AGENCY).order_by("name")
    return [a for a in agencies if a.pk != task.agency_id]


def _plant_page(request: HttpRequest, task: Task) -> HttpResponse:
    notification = sr.notification(task)
    context = {"task": task, "notification": notification}
    return render(request, "verification/result_plant.html", context)


def _plant_task(request: HttpRequest, pk: int) -> Task | None:
    """The task if the reader is its plant (None otherwise)."""
    task = get_object_or_404(
        Task.objects.select_related("campaign", "campaign__province", "enterprise", "agency"),
        pk=pk,
    )
    return task if is_enterprise(actor(request), task) else None


@require_GET
@login_needed
def result(request: HttpRequest, pk: int) -> HttpResponse:
    plant_task = _plant_task(request, pk)
    if plant_task is not None:
        return _plant_page(request, plant_task)
    return _team_page(request, task_for(request, pk))


def _back(task: Task) -> str:
    return reverse("verification:result", args=[task.pk])


def _agency(raw: object) -> Organisation | None:
    pk = parse_id(raw)
    return (
        None
        if pk is None
        else Organisation.objects.filter(pk=pk, kind=OrganisationKind.AGENCY).first()
    )


@require_POST
@login_needed
def recheck_order(request: HttpRequest, pk: int) -> HttpResponse:
    task, post = task_for(request, pk), request.POST
    return act(
        request,
        lambda: services.order_recheck(
            actor(request),
            task,
            post.get("mode", ""),
            post.get("performer", ""),
            post.get("performer_names", ""),
            post.get("scope", ""),
            _agency(post.get("performer_agency")),
        ),
        _("已发起复查"),
        _back(task),
    )


@require_POST
@login_needed
def recheck_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    task, post = task_for(request, pk), request.POST
    return act(
        request,
        lambda: services.conclude_recheck(
            actor(request), task, post.get("conclusion", ""), post.get("findings", "")
        ),
        _("已记录复查结论"),
        _back(task),
    )


@require_POST
@login_needed
def notify(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    return act(
        request,
        lambda: services.notify_result(actor(request), task, request.POST.get("message", "")),
        _("已告知核查结果"),
        _back(task),
    )


@require_POST
@login_needed
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    task = _plant_task(request, pk)
    if task is None:
        raise Http404
    return act(
        request,
        lambda: services.acknowledge_result(actor(request), task),
        _("已确认收悉核查结果"),
        _back(task),
    )


def _estimate_data(post: Any) -> dict[tuple[int, str, str], str]:
    """The posted estimate data by (unit pk, code, fuel); a malformed field is refused."""
    data: dict[tuple[int, str, str], str] = {}
    for name in post:
        if not name.startswith(FIELD_PREFIX):
            continue
        parts = name[len(FIELD_PREFIX) :].split(":")
        unit = parse_id(parts[0]) if len(parts) == 3 else None
        if unit is None:
            raise ValidationError(_("所填数据不属于该单位的数据质量控制计划"))
        data[(unit, parts[1], parts[2])] = post.get(name, "")
    return data


@require_POST
@login_needed
def estimate(request: HttpRequest, pk: int) -> HttpResponse:
    task, post = task_for(request, pk), request.POST
    return act(
        request,
        lambda: estimate_services.prepare_estimate(
            actor(request),
            task,
            post.get("reason", ""),
            post.get("method", ""),
            _estimate_data(post),
        ),
        _("已记录保守测算"),
        _back(task),
    )
