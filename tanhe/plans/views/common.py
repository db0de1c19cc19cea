"""What the enterprise's plan pages share: who may use them, why a version cannot change, the
editor's frame, and each editor action's wrapper and POST-redirect-GET.

Thin: a view authorises, lets a form parse the input, calls the service and redirects; a
service's ``ValidationError`` is shown next to its field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Organisation, OrganisationStatus
from tanhe.inputs import parse_id
from tanhe.plans import display, selectors, services
from tanhe.plans.forms import apply_errors
from tanhe.plans.models import CommentKind, PlanState, PlanVersion
from tanhe.plans.validation import plan_problems

SECTION_KEYS = [key for key, _label in display.SECTION_NAV]
SECTIONS_PER_UNIT = ("facilities", "products", "boundary", "methods")
Handler = Callable[..., HttpResponse]


# -- who may use these pages ---------------------------------------------------------------------
def enterprise_of(request: HttpRequest) -> Organisation:
    """The enterprise whose reporting account is logged in; other users may not use these pages."""
    org = getattr(request.user, "organisation", None)
    if org is None or not perm.is_enterprise_user(request.user, org):
        raise PermissionDenied(_("只有重点排放单位的报送账号可以使用此页面"))
    return org


def own_version(request: HttpRequest, pk: int) -> PlanVersion:
    """A version of the logged-in enterprise: 404 for others' versions, 403 for non-enterprises."""
    version = selectors.get_version(request.user, pk)
    if not perm.is_enterprise_user(request.user, version.enterprise):
        raise PermissionDenied(_("只有本单位的报送账号可以编辑质量控制计划"))
    return version


def status_note(enterprise: Organisation) -> str:
    """Why an enterprise that is not active cannot file (an account is opened only for an
    active one, so this is a safeguard for rows from before registrations)."""
    if enterprise.status != OrganisationStatus.ACTIVE:
        return _("贵单位尚未启用，暂不能创建和报送质量控制计划；请联系所在省份的主管部门。")
    return ""


def frozen_note(version: PlanVersion) -> str:
    if version.state == PlanState.SUBMITTED:
        return _(
            "第%(n)s版已提交，正在等待主管部门审核，不能修改。"
            "主管部门退回补正后可修改本版；审核通过后如需变更，请创建修订版本。"
        ) % {"n": version.number}
    return _("第%(n)s版已通过审核，不能修改。如需变更，请创建修订版本。") % {"n": version.number}


def can_revise(request: HttpRequest, version: PlanVersion) -> bool:
    latest = version.enterprise.plan_versions.order_by("-number").first()
    return bool(
        version.state == PlanState.APPROVED
        and latest is not None
        and latest.pk == version.pk
        and perm.can_file(request.user, version.enterprise)
    )


def pick(items: list[Any], raw: Any) -> Any:
    """The item whose pk is ``raw`` (from the query or the form), or None."""
    pk = parse_id(raw)
    return None if pk is None else next((item for item in items if item.pk == pk), None)


# -- the editor's frame --------------------------------------------------------------------------
def _nav(version: PlanVersion, section: str, counts: Counter[str], frozen: bool) -> list[dict]:
    # Sections filled per unit have nothing to check before the first unit: not "done" yet.
    empty = set() if frozen or version.units.exists() else set(SECTIONS_PER_UNIT)
    return [
        {
            "key": key,
            "label": label,
            "url": reverse("plans:edit", args=[version.pk, key]),
            "problems": counts[key],
            "done": not counts[key] and key not in empty,
            "current": key == section,
        }
        for key, label in display.SECTION_NAV
    ]


def render_section(
    request: HttpRequest, version: PlanVersion, section: str, context: dict[str, Any]
) -> HttpResponse:
    """One section of the editor: its form (``context``), or read-only once submitted."""
    frozen = not version.is_editable
    counts = Counter(p.section for p in plan_problems(version)) if not frozen else Counter()
    nav = _nav(version, section, counts, frozen)
    index = SECTION_KEYS.index(section)
    returned = None
    if version.state == PlanState.RETURNED:
        returned = version.comments.filter(kind=CommentKind.RETURN).order_by("-created_at").first()
    base = {
        "version": version,
        "section": section,
        "section_label": display.SECTION_LABELS[section],
        "nav": nav,
        "next": nav[index + 1] if index + 1 < len(nav) else None,
        "problem_count": sum(counts.values()),
        "frozen": frozen,
        "returned": returned,
    }
    if frozen:
        base |= {
            "frozen_note": frozen_note(version),
            "can_revise": can_revise(request, version),
            "plan": display.plan_view(version),
            "show_template": f"plans/show/{section}.html",
        }
        return render(request, "plans/frozen.html", base | context)
    return render(request, f"plans/section_{section}.html", base | context)


def saved(
    request: HttpRequest, version: PlanVersion, section: str, message: str = "", query: str = ""
) -> HttpResponse:
    """After a successful change: say so, and go to the next section if that was asked."""
    messages.success(request, message or _("已保存"))
    if request.POST.get("then") == "next":
        index = SECTION_KEYS.index(section)
        if index + 1 < len(SECTION_KEYS):
            return redirect("plans:edit", pk=version.pk, section=SECTION_KEYS[index + 1])
    return redirect(reverse("plans:edit", args=[version.pk, section]) + query)


def applied(form: Any, service: Callable[..., object], **arguments: Any) -> bool:
    """Call one service; its ``ValidationError`` goes onto ``form``. True if it succeeded."""
    try:
        service(**arguments)
    except ValidationError as exc:
        apply_errors(form, exc)
        return False
    return True


def _refused(request: HttpRequest, version: PlanVersion, section: str) -> HttpResponse:
    """A change to a version that cannot change any more: the section read-only, with the
    service's own refusal (it refuses any change to a submitted or approved version)."""
    try:
        services.update_texts(actor=request.user, version=version, data={})
        refusal: list[str] = []
    except ValidationError as exc:
        refusal = exc.messages
    return render_section(request, version, section, {"refusal": refusal})


def editor_action(section: str, **targets: type[Model]) -> Callable[[Handler], Handler]:
    """One action of the editor (a POST of its own): ``handler(request, version, **objects)``
    for the owner's version. The path's ids (``unit=PlanUnit`` …) are looked up among the
    version's rows (404 otherwise); a version that cannot change any more is shown read-only with
    the service's refusal."""

    def decorate(handler: Handler) -> Handler:
        @login_required
        @require_POST
        @wraps(handler)
        def view(request: HttpRequest, pk: int, **ids: int) -> HttpResponse:
            version = own_version(request, pk)
            objects = {
                name: get_object_or_404(model, pk=ids[name], version=version)
                for name, model in targets.items()
            }
            if not version.is_editable:
                return _refused(request, version, section)
            return handler(request, version, **objects)

        return view

    return decorate
