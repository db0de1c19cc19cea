"""The way in: each role's verification home, and a task's overview (its state, its deadlines
and where each step stands)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tanhe.accounts import permissions as perm

from .. import selectors
from .common import login_needed, task_context, task_for

HOMES = (  # (who, the page of theirs)
    (perm.is_authority_user, "verification:campaigns"),
    (lambda user: perm.agency_of(user) is not None, "verification:agency_tasks"),
    (lambda user: user.kind == "enterprise", "verification:plant"),
)


@require_GET
@login_needed
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    for who, name in HOMES:
        if who(user):
            try:
                return redirect(reverse(name))
            except NoReverseMatch:  # that role's pages are not installed
                break
    raise PermissionDenied(_("核查工作只对主管部门、技术服务机构和重点排放单位开放"))


@require_GET
@login_needed
def task(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    context = task_context(request, task, "overview")
    context["progress"] = selectors.task_progress(task)
    return render(request, "verification/task_overview.html", context)
