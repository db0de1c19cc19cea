"""The read-only pages of a version: 查看 (every section), 意见 (the authority's comments and the
submissions) and 修订记录 (the changes between two versions). The enterprise and its authority."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tanhe.accounts import permissions as perm
from tanhe.inputs import parse_id
from tanhe.plans import display, selectors
from tanhe.plans.diff import diff
from tanhe.plans.forms import CompareForm
from tanhe.plans.models import PlanVersion
from tanhe.plans.views.common import can_revise, enterprise_of


@login_required
@require_GET
def view(request: HttpRequest, pk: int) -> HttpResponse:
    """查看: every section of a version, read-only."""
    version = selectors.get_version(request.user, pk)
    owner = perm.is_enterprise_user(request.user, version.enterprise)
    context = {
        "version": version,
        "plan": display.plan_view(version),
        "owner": owner,
        "can_edit": owner
        and version.is_editable
        and perm.can_file(request.user, version.enterprise),
        "can_revise": owner and can_revise(request, version),
        "sections": [(key, label, f"plans/show/{key}.html") for key, label in display.SECTION_NAV],
    }
    return render(request, "plans/view.html", context)


@login_required
@require_GET
def comments(request: HttpRequest, pk: int) -> HttpResponse:
    """意见: the authority's comments and the version's review history."""
    version = selectors.get_version(request.user, pk)
    context = {
        "version": version,
        "comments": list(version.comments.select_related("author").order_by("-created_at", "-id")),
        "submissions": list(
            version.submissions.select_related("submitted_by").order_by("-submitted_at", "-id")
        ),
        "owner": perm.is_enterprise_user(request.user, version.enterprise),
    }
    return render(request, "plans/comments.html", context)


def _compared(request: HttpRequest) -> tuple[PlanVersion, PlanVersion]:
    """The two versions asked for (``?a=&b=``, of one enterprise); 404 otherwise."""
    a_pk, b_pk = parse_id(request.GET.get("a", "")), parse_id(request.GET.get("b", ""))
    if a_pk is None or b_pk is None:
        raise Http404
    old = selectors.get_version(request.user, a_pk)
    new = selectors.get_version(request.user, b_pk)
    if old.enterprise_id != new.enterprise_id:
        raise Http404
    return old, new


@login_required
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    """修订记录: the versions, and the field-by-field changes between any two of them (by
    default the latest and the version it revises)."""
    old: PlanVersion | None = None
    new: PlanVersion | None = None
    if request.GET.get("a") or request.GET.get("b"):
        old, new = _compared(request)
        enterprise = new.enterprise
        versions = list(selectors.versions_of(request.user, enterprise))
    else:
        enterprise = enterprise_of(request)
        versions = list(selectors.versions_of(request.user, enterprise))
        if len(versions) > 1:
            new = versions[0]
            old = new.based_on or versions[1]
    sections: list[display.DiffSection] = []
    if old is not None and new is not None:
        sections = display.diff_sections(
            diff(selectors.plan_content(old), selectors.plan_content(new))
        )
    form = CompareForm(
        initial={"a": old.pk if old else None, "b": new.pk if new else None}, versions=versions
    )
    context = {
        "enterprise": enterprise,
        "versions": versions,
        "form": form,
        "old": old,
        "new": new,
        "sections": sections,
        "owner": perm.is_enterprise_user(request.user, enterprise),
    }
    return render(request, "plans/diff.html", context)
