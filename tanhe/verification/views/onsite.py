"""现场核查与抽样 (guide 4.4): the plan and its notice, the remote request and the authority's
decision, the samples and what the team found — one page, each POSTed action its own view. And
the plant's read-only view of the notified plan."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tanhe.accounts.models import User

from .. import selectors_onsite
from ..models import OnsitePlan, OnsiteState, RemoteState, Sample, Task
from ..selectors_review import item_label
from ..services import onsite as services
from ..services import sampling as sampling_services
from ..services._common import is_enterprise, require_leader, require_member
from .common import act, login_needed, task_context, task_for
from .onsite_forms import DrawForm, PlanForm, RemoteDecisionForm, RemoteRequestForm


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _back(task: Task, anchor: str = "") -> str:
    return reverse("verification:onsite", args=[task.pk]) + anchor


def _invalid(request: HttpRequest, form: Any, task: Task, anchor: str) -> HttpResponse:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else error)
    return redirect(_back(task, anchor))


# -- the page -------------------------------------------------------------------------------------
@require_GET
@login_needed
def onsite(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    context = task_context(request, task, "onsite")
    plan = OnsitePlan.objects.filter(task=task).select_related("remote_decided_by").first()
    planning = task.state in services.PLANNING_STATES
    draft = plan is None or plan.state == OnsiteState.DRAFT
    try:
        earliest, calendar_error = services.earliest_visit(), ""
    except ValidationError as error:  # CalendarMissing: shown as it is
        earliest, calendar_error = None, " ".join(error.messages)
    context.update(
        plan=plan,
        team=selectors_onsite.team(task),
        earliest=earliest,
        calendar_error=calendar_error,
        can_edit=context["is_member"] and planning and draft,
        can_notify=context["is_leader"] and planning and draft,
        can_request_remote=context["is_leader"]
        and planning
        and draft
        and (plan is None or plan.remote == RemoteState.NONE),
        can_decide_remote=context["is_authority"]
        and plan is not None
        and plan.remote == RemoteState.REQUESTED,
        plan_form=PlanForm(instance=plan),
        remote_form=RemoteRequestForm(),
        decision_form=RemoteDecisionForm(),
        **_samples_context(task, context["is_member"]),
    )
    return render(request, "verification/onsite.html", context)


def _samples_context(task: Task, is_member: bool) -> dict[str, Any]:
    samples = list(
        task.samples.select_related("item", "created_by").prefetch_related("records").all()
    )
    by_population = {s.population: s for s in samples}
    found = selectors_onsite.populations(task)
    unsampled = [(p.key, f"{p.label}（{p.size}）") for p in found if p.key not in by_population]
    items = [(i.pk, item_label(i)) for i in task.checklist.select_related("unit")]
    for s in samples:
        s.item_label = item_label(s.item) if s.item else ""  # type: ignore[attr-defined]
    return {
        "populations": [(p, by_population.get(p.key)) for p in found],
        "samples": [(s, *_checked(s)) for s in samples],
        "principles": sampling_services.PRINCIPLE_LABELS,
        "can_sample": is_member and task.state in sampling_services.SAMPLING_STATES,
        "draw_form": DrawForm(populations=unsampled, items=items) if unsampled else None,
    }


def _checked(sample: Sample) -> tuple[int, int]:
    """How many of the sample's records were checked, and how many of those differ."""
    done = [r for r in sample.records.all() if r.found]
    return len(done), sum(1 for r in done if r.difference and Decimal(r.difference) != 0)


# -- the plan -------------------------------------------------------------------------------------
@require_POST
@login_needed
def plan_save(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    require_member(_actor(request), task)  # who may edit, before the form's errors are shown
    form = PlanForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form, task, "#plan")
    return act(
        request,
        lambda: services.save_plan(_actor(request), task, **form.cleaned_data),
        _("现场核查计划已保存"),
        _back(task, "#plan"),
    )


@require_POST
@login_needed
def plan_notify(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    return act(
        request,
        lambda: services.notify_plant(_actor(request), task),
        _("已通知重点排放单位现场核查计划"),
        _back(task, "#plan"),
    )


@require_POST
@login_needed
def remote_request(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    require_leader(_actor(request), task)  # who may ask, before the form's errors are shown
    form = RemoteRequestForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form, task, "#remote")
    return act(
        request,
        lambda: services.request_remote(
            _actor(request),
            task,
            form.cleaned_data["reason"],
        ),
        _("已提交远程核查申请，待主管部门审批"),
        _back(task, "#remote"),
    )


def _decide(request: HttpRequest, pk: int, approve: bool) -> HttpResponse:
    task = task_for(request, pk)
    form = RemoteDecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return act(
        request,
        lambda: services.decide_remote(_actor(request), task, approve, note),
        _("已批准远程核查") if approve else _("已不批准远程核查，按现场核查进行"),
        _back(task, "#remote"),
    )


@require_POST
@login_needed
def remote_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=True)


@require_POST
@login_needed
def remote_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=False)


# -- the samples ----------------------------------------------------------------------------------
@require_POST
@login_needed
def sample_draw(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    require_member(_actor(request), task)  # who may draw, before the form's errors are shown
    populations = [(p.key, p.label) for p in selectors_onsite.populations(task)]
    items = [(i.pk, item_label(i)) for i in task.checklist.select_related("unit")]
    form = DrawForm(request.POST, populations=populations, items=items)
    if not form.is_valid():
        return _invalid(request, form, task, "#samples")
    data = form.cleaned_data
    item = task.checklist.filter(pk=data["item"]).first() if data["item"] else None
    return act(
        request,
        lambda: sampling_services.draw_sample(
            _actor(request),
            task,
            data["population"],
            data["principle"],
            seed=data["seed"],
            controlled=data["controlled"],
            item=item,
        ),
        _("已抽样"),
        _back(task, "#samples"),
    )


def _sample(request: HttpRequest, pk: int, sample_pk: int) -> tuple[Task, Sample]:
    task = task_for(request, pk)
    return task, get_object_or_404(Sample, pk=sample_pk, task=task)


@require_POST
@login_needed
def sample_check(request: HttpRequest, pk: int, sample_pk: int) -> HttpResponse:
    """One form for all the sample's rows: the rows whose value or note changed are checked."""
    task, sample = _sample(request, pk, sample_pk)
    require_member(_actor(request), task)  # before "nothing new" is said to anyone
    results: dict[int, tuple[str, str]] = {}
    for record in sample.records.all():
        found = request.POST.get(f"found-{record.pk}", "").strip()
        note = request.POST.get(f"note-{record.pk}", "").strip()
        if found and (found != record.found or note != record.note):
            results[record.pk] = (found, note)
    if not results:
        messages.info(request, _("没有新的核查数值"))
        return redirect(_back(task, f"#sample-{sample.pk}"))
    return act(
        request,
        lambda: sampling_services.check_records(
            _actor(request),
            sample,
            results,
        ),
        _("已保存%(n)s条核查数值") % {"n": len(results)},
        _back(task, f"#sample-{sample.pk}"),
    )


# -- the plant ------------------------------------------------------------------------------------
@require_GET
@login_needed
def plant_onsite(request: HttpRequest, pk: int) -> HttpResponse:
    """The plant's view of the notified plan: its own task only, once notified (else 404)."""
    task = get_object_or_404(Task.objects.select_related("campaign", "enterprise", "agency"), pk=pk)
    if not is_enterprise(_actor(request), task):
        raise Http404
    notice = selectors_onsite.plant_notice(task)
    if notice is None:
        raise Http404
    return render(request, "verification/onsite/plant.html", {"task": task, "notice": notice})
