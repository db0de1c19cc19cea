"""核查安排 pages: the authority's campaigns and a campaign's tasks (assign in bulk, re-assign with
a reason, the counts per state, the overdue tasks); the agency's tasks (accept, decline with a
reason). Thin: parse, authorise, call one service, redirect."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Organisation, OrganisationKind
from tanhe.inputs import parse_id

from .. import selectors_arrangement as sel
from ..models import Campaign, Task
from ..services import arrangement as services
from ..services._common import is_agency_manager
from .common import act, login_needed, task_for


# -- what the forms post --------------------------------------------------------------------------
def _date(raw: object) -> datetime.date | None:
    """A date typed as YYYY-MM-DD (``None`` if missing or not a date: the service says so)."""
    try:
        return datetime.date.fromisoformat(str(raw).strip()) if raw else None
    except ValueError:
        return None


def _agency(raw: object) -> Organisation | None:
    pk = parse_id(raw)
    if pk is None:
        return None
    return Organisation.objects.filter(pk=pk, kind=OrganisationKind.AGENCY).first()


def _province_id(request: HttpRequest) -> int:
    """The authority user's province; others may not use the authority's pages."""
    user: Any = request.user
    if not perm.is_authority_user(user):
        raise PermissionDenied(_("只有省级生态环境主管部门可以安排核查工作"))
    return int(user.organisation.province_id)


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    """A campaign of the authority user's province (404 for another province's)."""
    province_id = _province_id(request)
    return get_object_or_404(
        Campaign.objects.select_related("province"), pk=pk, province_id=province_id
    )


# -- the authority --------------------------------------------------------------------------------
@require_GET
@login_needed
def campaigns(request: HttpRequest) -> HttpResponse:
    province_id = _province_id(request)
    listed = list(sel.campaigns_of(province_id))
    this_year = timezone.localdate().year
    taken = {c.year for c in listed}
    years = [y for y in range(this_year, services.FIRST_YEAR - 1, -1) if y not in taken]
    context = {"campaigns": listed, "years": years, "default_year": this_year - 1}
    return render(request, "verification/arrangement_campaigns.html", context)


@require_POST
@login_needed
def campaign_create(request: HttpRequest) -> HttpResponse:
    _province_id(request)
    user: Any = request.user
    year = parse_id(request.POST.get("year"))
    created: list[Campaign] = []

    def create() -> None:
        created.append(services.create_campaign(user, year or 0))

    response = act(request, create, _("已创建年度核查工作"), reverse("verification:campaigns"))
    if created:
        response["Location"] = reverse("verification:campaign", args=[created[0].pk])
    return response


@require_GET
@login_needed
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    chosen = _campaign(request, pk)
    tasks = list(sel.campaign_tasks(chosen))
    today = timezone.localdate()
    context = {
        "campaign": chosen,
        "tasks": tasks,
        "counts": sel.state_counts(tasks),
        "overdue": sel.overdue(tasks),
        "overdue_ids": {t.pk for t in sel.overdue(tasks)},
        "missing": sum(1 for t in tasks if t.report_id is None),
        "agencies": list(sel.agencies()),
        "assignable": services.ASSIGNABLE,
        "reassignable": services.REASSIGNABLE,
        "today": today,
    }
    return render(request, "verification/arrangement_campaign.html", context)


@require_POST
@login_needed
def campaign_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    chosen = _campaign(request, pk)
    user: Any = request.user
    return act(
        request,
        lambda: services.add_enterprises(user, chosen),
        _("已更新名单和核查的报告版本"),
        reverse("verification:campaign", args=[chosen.pk]),
    )


@require_POST
@login_needed
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """分配 the checked tasks of the campaign to one agency with one due date."""
    chosen = _campaign(request, pk)
    user: Any = request.user
    ids = [i for i in (parse_id(raw) for raw in request.POST.getlist("tasks")) if i is not None]
    tasks = list(chosen.tasks.filter(pk__in=ids))
    agency, due = _agency(request.POST.get("agency")), _date(request.POST.get("due_date"))
    return act(
        request,
        lambda: services.assign(user, tasks, agency, due),
        _("已分配%(n)s项核查任务") % {"n": len(tasks)},
        reverse("verification:campaign", args=[chosen.pk]),
    )


@require_POST
@login_needed
def reassign(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(Task.objects.select_related("campaign", "enterprise"), pk=pk)
    chosen = _campaign(request, task.campaign_id)
    user: Any = request.user
    agency, due = _agency(request.POST.get("agency")), _date(request.POST.get("due_date"))
    reason = str(request.POST.get("reason", ""))
    return act(
        request,
        lambda: services.reassign(user, task, agency, due, reason),
        _("已重新分配“%(name)s”的核查任务") % {"name": task.enterprise.name},
        reverse("verification:campaign", args=[chosen.pk]) + f"#task-{task.pk}",
    )


# -- the agency -----------------------------------------------------------------------------------
@require_GET
@login_needed
def agency_tasks(request: HttpRequest) -> HttpResponse:
    agency = perm.agency_of(request.user)
    if agency is None:
        raise PermissionDenied(_("只有技术服务机构的人员可以查看核查任务"))
    tasks = list(sel.agency_tasks(agency))
    user: Any = request.user
    today = timezone.localdate()
    context = {
        "agency": agency,
        "tasks": tasks,
        "managed": {t.pk for t in tasks if is_agency_manager(user, t)},
        "overdue_ids": {t.pk for t in tasks if sel.is_overdue(t, today)},
    }
    return render(request, "verification/arrangement_agency_tasks.html", context)


def _held(request: HttpRequest, pk: int) -> Task:
    """A task the user's agency holds (404 otherwise)."""
    task = task_for(request, pk)
    agency = perm.agency_of(request.user)
    if agency is None or agency.pk != task.agency_id:
        raise Http404
    return task


@require_POST
@login_needed
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    task = _held(request, pk)
    user: Any = request.user
    return act(
        request,
        lambda: services.accept(user, task),
        _("已接受“%(name)s”的核查任务，请组建核查组") % {"name": task.enterprise.name},
        reverse("verification:team", args=[task.pk]),
    )


@require_POST
@login_needed
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    task = _held(request, pk)
    user: Any = request.user
    reason = str(request.POST.get("reason", ""))
    return act(
        request,
        lambda: services.decline(user, task, reason),
        _("已拒绝“%(name)s”的核查任务") % {"name": task.enterprise.name},
        reverse("verification:agency_tasks"),
    )
