"""The editor's pages (GET): one section of a version, with its forms. Every form on them posts
to an action of its own (``sections``, ``units``, ``facilities``, ``methods``, ``attachments``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from tanhe.plans.models import PlanVersion
from tanhe.plans.views import attachments, facilities, methods, sections, units
from tanhe.plans.views.common import own_version, render_section

SECTION_PAGES: dict[str, Callable[[HttpRequest, PlanVersion], dict[str, Any]]] = {
    "basic": sections.basic_page,
    "units": units.page,
    "facilities": facilities.page,
    "products": sections.products_page,
    "boundary": sections.boundary_page,
    "methods": methods.page,
    "qa": sections.qa_page,
    "attachments": attachments.page,
}


@login_required
@require_GET
def edit(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """A section of the owner's version; read-only once the version is submitted or approved."""
    if section not in SECTION_PAGES:
        raise Http404
    version = own_version(request, pk)
    if not version.is_editable:
        return render_section(request, version, section, {})
    return render_section(request, version, section, SECTION_PAGES[section](request, version))
