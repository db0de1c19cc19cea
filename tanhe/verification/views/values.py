"""核查确认数值 page (guide 4.5, 附录2 附件2): the data per unit with the initial, final and
confirmed values, the confirm and conservative-treatment forms, reported beside confirmed
emissions, and the leader's finish. Thin: each POST runs one service through ``act``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from tanhe.accounting.model import CalibrationStatus
from tanhe.inputs import parse_id
from tanhe.plans.models import PlanUnit

from .. import selectors_values as sv
from ..models import Task
from ..selectors_nonconformity import fuel_choices
from ..selectors_result import is_estimate
from ..services import values as services
from .common import act, login_needed, task_context, task_for
from .nonconformity import actor

# 核查技术指南 表7 注意事项: the calibration cases that call for a conservative adjustment
STATUS_LABELS = {
    CalibrationStatus.NOT_CALIBRATED: gettext_lazy("未校准"),
    CalibrationStatus.OUT_OF_TOLERANCE: gettext_lazy("准确度超过规定要求"),
    CalibrationStatus.DELAYED: gettext_lazy("延迟校准"),
}
TREATMENT_FIELDS = ("status", "required_accuracy_pct", "calibrated_accuracy_pct", "covered_share")


@require_GET
@login_needed
def values(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    context = task_context(request, task, "values")
    if task.report is not None:
        try:
            context |= {"blocks": sv.value_rows(task), "totals": sv.confirmed_totals(task)}
        except ValidationError as error:  # the engine cannot compute the confirmed data
            context["engine_errors"] = error.messages
    context |= {
        "refusals": services.finish_refusals(task),
        "statuses": [(s.value, STATUS_LABELS[s]) for s in STATUS_LABELS],
        "fuels": fuel_choices(task),
        "is_estimate": is_estimate(task),
    }
    return render(request, "verification/values.html", context)


def _unit(task: Task, request: HttpRequest) -> PlanUnit:
    if task.report is None:  # a plant without a report has no values to confirm here
        raise Http404
    return get_object_or_404(
        PlanUnit, pk=parse_id(request.POST.get("unit")), version_id=task.report.plan_version_id
    )


def _back(task: Task) -> str:
    return reverse("verification:values", args=[task.pk])


@require_POST
@login_needed
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    unit, post = _unit(task, request), request.POST
    return act(
        request,
        lambda: services.confirm_value(
            actor(request),
            task,
            unit,
            post.get("code", ""),
            post.get("fuel", ""),
            post.get("confirmed", ""),
            post.get("reason", ""),
        ),
        _("核查确认数值已保存"),
        _back(task),
    )


@require_POST
@login_needed
def conservative(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    unit, post = _unit(task, request), request.POST
    treatment = {"kind": post.get("kind", "")} | {
        k: post[k] for k in TREATMENT_FIELDS if post.get(k)
    }
    return act(
        request,
        lambda: services.apply_conservative(
            actor(request),
            task,
            unit,
            post.get("fuel", ""),
            post.get("code", ""),
            treatment,
        ),
        _("已按保守原则处理，核查确认数值由核算引擎计算"),
        _back(task),
    )


@require_POST
@login_needed
def finish(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    return act(
        request,
        lambda: services.finish(actor(request), task),
        _("核查数据确认完成"),
        _back(task),
    )
