"""建立核查组 page: the members with their 公正性声明, the add form (the declaration's three items
in the guide's words), removal, the technical reviewer, and what keeps the team from starting the
document review. The authority of the province reads it; the agency's manager changes it."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tanhe.accounts.models import User
from tanhe.inputs import parse_id

from .. import selectors_arrangement as sel
from ..models import Task, TaskState, TeamMember
from ..services import team as services
from .common import act, login_needed, task_context, task_for


def _person(task: Task, raw: object) -> User | None:
    """A person of the task's agency (any other id: none, and the service says who may join)."""
    pk = parse_id(raw)
    if pk is None or task.agency_id is None:
        return None
    return User.objects.filter(pk=pk, organisation_id=task.agency_id).first()


def _checked(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name) in ("1", "on", "true")


def _back(task: Task) -> str:
    return reverse("verification:team", args=[task.pk])


@require_GET
@login_needed
def team(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    context = task_context(request, task, "team")
    years = services.independence_years()
    forming = context["is_manager"] and task.state == TaskState.ACCEPTED
    context |= {
        "members": list(task.members.select_related("person", "declaration")),
        "refused": list(sel.refused_declarations(task)),
        "problems": services.team_problems(task),
        "forming": forming,
        "can_name_reviewer": context["is_manager"] and task.state in services.REVIEWER_STATES,
        "candidates": sel.team_candidates(task) if forming else [],
        "reviewers": sel.reviewer_candidates(task) if context["is_manager"] else [],
        "items": services.declaration_items(years),
        "years": years,
        "min_members": services.MIN_MEMBERS,
    }
    return render(request, "verification/team.html", context)


@require_POST
@login_needed
def team_add(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    user: Any = request.user
    person = _person(task, request.POST.get("person"))
    name = (person.display_name or person.username) if person else ""
    return act(
        request,
        lambda: services.declare_and_join(
            user,
            task,
            person,
            is_leader=_checked(request, "is_leader"),
            has_sector_expertise=_checked(request, "has_sector_expertise"),
            qualification=str(request.POST.get("qualification", "")),
            no_service=_checked(request, "no_service"),
            no_employment=_checked(request, "no_employment"),
            no_family_tie=_checked(request, "no_family_tie"),
            statement=str(request.POST.get("statement", "")),
        ),
        _("%(name)s已提交公正性声明并加入核查组") % {"name": name},
        _back(task),
    )


@require_POST
@login_needed
def team_remove(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    task = task_for(request, pk)
    chosen = TeamMember.objects.filter(pk=member, task=task).select_related("person").first()
    if chosen is None:
        raise Http404
    user: Any = request.user
    name = chosen.person.display_name or chosen.person.username
    return act(
        request,
        lambda: services.remove_member(user, task, chosen),
        _("已将%(name)s移出核查组") % {"name": name},
        _back(task),
    )


@require_POST
@login_needed
def team_reviewer(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    user: Any = request.user
    person = _person(task, request.POST.get("person"))
    name = (person.display_name or person.username) if person else ""
    return act(
        request,
        lambda: services.name_reviewer(user, task, person),
        _("已指定%(name)s为技术复核人") % {"name": name},
        _back(task),
    )
