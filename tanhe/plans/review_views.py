"""The authority's review pages (审核): the province's plans, one version read-only with its
history, and the three decisions — 填写意见, 退回补正, 审核通过 — each a POST to the service.

Thin: permission and state rules live in ``services`` and ``accounts.permissions``; the pages
only check who may open them (审核人 / 管理员 of an authority) and show what the services say.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tanhe.accounts.models import OrganisationKind, Role
from tanhe.plans import display, review_selectors, selectors, services
from tanhe.plans.diff import diff
from tanhe.plans.models import PlanState, PlanVersion

View = Callable[..., HttpResponse]
PAGE_SIZE = 50
TEXT_MAX = 5000
ACTIONS = ("comment", "return", "approve")


def _login_or_forbidden(request: HttpRequest) -> HttpResponse:
    try:
        return redirect_to_login(request.get_full_path())
    except NoReverseMatch:  # no login page mounted: refuse plainly
        raise PermissionDenied from None


def is_reviewer(user: Any) -> bool:
    org = getattr(user, "organisation", None)
    return bool(
        user.is_authenticated
        and org is not None
        and org.kind == OrganisationKind.AUTHORITY
        and user.has_role(Role.REVIEWER, Role.AUTHORITY_ADMIN)
    )


def reviewer_required(view: View) -> View:
    """Authority users with the role 审核人 or 管理员; anonymous users are sent to log in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return _login_or_forbidden(request)
        if not is_reviewer(request.user):
            raise PermissionDenied(_("只有省级生态环境主管部门的审核人或管理员可以访问审核页面"))
        return view(request, *args, **kwargs)

    return wrapper


def _reviewable(request: HttpRequest, pk: int) -> PlanVersion:
    """A version of the reviewer's province that has been submitted; 404 otherwise."""
    version = selectors.get_version(request.user, pk)
    if version.state == PlanState.DRAFT:
        raise Http404
    return version


# -- list -------------------------------------------------------------------------------------
@require_GET
@reviewer_required
def plan_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in review_selectors.REVIEW_STATES:
        state = ""
    query = request.GET.get("q", "").strip()[:100]
    counts = review_selectors.state_counts(request.user)
    rows = review_selectors.review_list(request.user, state=state, query=query)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    tabs = [
        ("", _("全部"), sum(counts.values())),
        (PlanState.SUBMITTED, _("待审核"), counts[PlanState.SUBMITTED]),
        (PlanState.RETURNED, _("退回补正"), counts[PlanState.RETURNED]),
        (PlanState.APPROVED, _("已通过"), counts[PlanState.APPROVED]),
    ]
    context = {
        "authority": request.user.organisation,  # type: ignore[union-attr]
        "page": page,
        "state": state,
        "query": query,
        "tabs": tabs,
        "waiting": counts[PlanState.SUBMITTED],
    }
    return render(request, "review/list.html", context)


# -- detail -----------------------------------------------------------------------------------
@require_GET
@reviewer_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = _reviewable(request, pk)
    return render(request, "review/detail.html", detail_context(version))


def detail_context(
    version: PlanVersion, *, text: str = "", errors: list[str] | None = None, action: str = ""
) -> dict[str, Any]:
    """The version as the enterprise's own view shows it (``display.plan_view``), with its
    changes from the version it revises, its submissions, comments and audit trail."""
    changes = None
    if version.based_on_id:
        based_on = PlanVersion.objects.get(pk=version.based_on_id)
        changes = display.diff_sections(
            diff(selectors.plan_content(based_on), selectors.plan_content(version))
        )
    comments = list(version.comments.select_related("author", "author__organisation"))
    siblings = version.enterprise.plan_versions.exclude(state=PlanState.DRAFT).order_by("number")
    return {
        "version": version,
        "enterprise": version.enterprise,
        "plan": display.plan_view(version),
        "changes": changes,
        "change_count": sum(len(section.rows) for section in changes or []),
        "submissions": list(version.submissions.select_related("submitted_by")),
        "comments": comments,
        "decision": next((c for c in reversed(comments) if c.kind != "comment"), None)
        if version.state in (PlanState.RETURNED, PlanState.APPROVED)
        else None,
        "audit": display.audit_rows(review_selectors.version_audit(version)),
        "siblings": list(siblings),
        "can_decide": version.state == PlanState.SUBMITTED,
        "text": text,
        "errors": errors or [],
        "failed_action": action,
    }


# -- decisions --------------------------------------------------------------------------------
@require_POST
@reviewer_required
def decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """填写意见 / 退回补正 / 审核通过: the service decides; errors come back in its words."""
    if action not in ACTIONS:
        raise Http404
    version = _reviewable(request, pk)
    text = request.POST.get("text", "")
    try:
        if len(text) > TEXT_MAX:
            raise ValidationError(_("意见不能超过 %(n)d 个字符") % {"n": TEXT_MAX})
        if action == "comment":
            services.comment(actor=request.user, version=version, text=text)
            done = _("意见已保存，重点排放单位可在审核意见中看到。")
        elif action == "return":
            services.return_for_correction(actor=request.user, version=version, text=text)
            done = _("已退回补正，意见已发送给重点排放单位。")
        else:
            services.approve(actor=request.user, version=version, text=text)
            done = _("已审核通过。")
    except ValidationError as exc:
        version.refresh_from_db()
        context = detail_context(version, text=text, errors=exc.messages, action=action)
        return render(request, "review/detail.html", context, status=400)
    messages.success(request, done)
    return redirect("review:detail", pk=version.pk)


# -- what the enterprise sees: state and comments ----------------------------------------------
@require_GET
def opinions(request: HttpRequest, pk: int) -> HttpResponse:
    """审核意见: a version's review state, comments and submissions — for the enterprise itself,
    its province's authority and the platform operator (``selectors.get_version``)."""
    if not request.user.is_authenticated:
        return _login_or_forbidden(request)
    version = selectors.get_version(request.user, pk)
    context = {
        "version": version,
        "enterprise": version.enterprise,
        "comments": list(version.comments.select_related("author", "author__organisation")),
        "submissions": list(version.submissions.select_related("submitted_by")),
        "is_reviewer": is_reviewer(request.user) and version.state != PlanState.DRAFT,
    }
    return render(request, "review/opinions.html", context)
