"""What every verification page shares: who may open a task, and the task header's context."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect

from tanhe.accounts import permissions as perm

from ..models import Task
from ..models.arrangement import HELD_STATES
from ..services._common import is_agency_manager, is_authority, is_leader, is_member

View = Callable[..., HttpResponseBase]


def login_needed(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def task_for(request: HttpRequest, pk: int) -> Task:
    """The task if the user works on it: the province's authority, or the agency holding it.
    404 otherwise (its existence is not disclosed). The plant has its own pages (plant.py)."""
    task = get_object_or_404(
        Task.objects.select_related(
            "campaign", "campaign__province", "enterprise", "agency", "report",
            "technical_reviewer",
        ),
        pk=pk,
    )  # fmt: skip
    user: Any = request.user
    agency = perm.agency_of(user)
    holds = agency is not None and agency.pk == task.agency_id and task.state in HELD_STATES
    if not (is_authority(user, task) or holds):
        raise Http404
    return task


def roles(request: HttpRequest, task: Task) -> dict[str, bool]:
    """The reader's part in the task, for the templates."""
    user: Any = request.user
    return {
        "is_authority": is_authority(user, task),
        "is_manager": is_agency_manager(user, task),
        "is_member": is_member(user, task),
        "is_leader": is_leader(user, task),
    }


def task_context(request: HttpRequest, task: Task, step: str) -> dict[str, Any]:
    """The context of the task header and its step tabs (``verification/task_base.html``)."""
    return {"task": task, "step": step, **roles(request, task)}


def act(request: HttpRequest, action: Callable[[], Any], done: str, back: str) -> HttpResponse:
    """Run a service for a POST: on success flash ``done``; a refusal (``ValidationError``) is
    flashed in the reader's language. Either way back to ``back``."""
    try:
        action()
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, done)
    return redirect(back)
