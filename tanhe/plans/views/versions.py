"""The enterprise's versions of its 数据质量控制计划: the list, creating the first version or a
revision, deleting a draft, and submitting a version to the authority."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tanhe.accounts import permissions as perm
from tanhe.plans import display, selectors, services
from tanhe.plans.forms import RevisionForm, apply_errors
from tanhe.plans.models import PlanState, PlanVersion
from tanhe.plans.services import PlanIncomplete
from tanhe.plans.validation import plan_problems
from tanhe.plans.views.common import enterprise_of, frozen_note, own_version, status_note


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    enterprise = enterprise_of(request)
    versions = list(selectors.versions_of(request.user, enterprise).prefetch_related("submissions"))
    context = {
        "enterprise": enterprise,
        "versions": versions,
        "can_file": perm.can_file(request.user, enterprise),
        "status_note": status_note(enterprise),
        "latest": versions[0] if versions else None,
        "deletable": {
            v.pk for v in versions if v.state == PlanState.DRAFT and not v.submissions.all()
        },
    }
    return render(request, "plans/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """创建/修订: the first version, or a revision of the approved latest one with its reason."""
    enterprise = enterprise_of(request)
    latest = selectors.versions_of(request.user, enterprise).first()
    form = RevisionForm(request.POST or None) if latest is not None else None
    errors: list[str] = []
    if request.method == "POST":
        version: PlanVersion | None = None
        try:
            if form is None:
                version = services.create_plan(actor=request.user, enterprise=enterprise)
            elif form.is_valid():
                version = services.create_revision(
                    actor=request.user,
                    enterprise=enterprise,
                    reason=form.cleaned_data["reason"],
                    reason_text=form.cleaned_data["reason_text"],
                )
        except ValidationError as exc:
            if form is not None:
                apply_errors(form, exc)
            else:
                errors = exc.messages
        if version is not None:
            messages.success(request, _("已创建第%(n)s版，请逐项填写。") % {"n": version.number})
            return redirect("plans:edit", pk=version.pk, section="basic")
    context = {
        "enterprise": enterprise,
        "latest": latest,
        "form": form,
        "errors": errors,
        "can_file": perm.can_file(request.user, enterprise),
        "status_note": status_note(enterprise),
    }
    return render(request, "plans/create.html", context)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    version = own_version(request, pk)
    try:
        services.delete_draft(actor=request.user, version=version)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已删除第%(n)s版草稿") % {"n": version.number})
    return redirect("plans:list")


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """提交: what is still missing, section by section; or the submission itself."""
    version = own_version(request, pk)
    problems = plan_problems(version) if version.is_editable else []
    errors: list[str] = []
    if request.method == "POST":
        try:
            submission = services.submit(actor=request.user, version=version)
        except PlanIncomplete as exc:
            problems = exc.problems
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("第%(n)s版已提交，等待主管部门审核。提交内容的 SHA-256：%(sha)s")
                % {"n": version.number, "sha": submission.sha256},
            )
            return redirect("plans:view", pk=version.pk)
    groups = [
        {
            "label": label,
            "url": reverse("plans:edit", args=[version.pk, key]),
            "messages": [p.message for p in problems if p.section == key],
        }
        for key, label in display.SECTION_NAV
    ]
    context = {
        "version": version,
        "groups": [g for g in groups if g["messages"]],
        "problem_count": len(problems),
        "errors": errors,
        "frozen_note": "" if version.is_editable else frozen_note(version),
    }
    return render(request, "plans/submit.html", context)
