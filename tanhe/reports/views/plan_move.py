"""迁移到新版计划: the page that moves a draft report onto the newer plan version in force. GET
shows what changes (units and fuels added or removed, 合并填报, type and capacity) and which
values stand in the way; POST confirms the listing shown. The rule and the move are the
services' (``tanhe.reports.services.plan_move``, ``binding``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tanhe.plans.display import fuel_label, value_label
from tanhe.plans.models import PlanUnit, PlanVersion

from .. import services
from ..models import Report
from ..services import MovePreview
from .common import frozen_note, own_report


@login_required
@require_http_methods(["GET", "POST"])
def plan_move(request: HttpRequest, pk: int) -> HttpResponse:
    report = own_report(request, pk)
    target = services.newer_plan(report)
    if request.method == "GET":
        return _page(request, report, target)
    try:
        outcome = services.move_report_to_plan(
            actor=request.user,
            report=report,
            version=target or report.plan_version,  # none newer: the service says why
            confirm=True,
            expected=request.POST.get("fingerprint", ""),
        )
    except ValidationError as exc:
        return _page(request, report, target, problems=exc.messages, status=400)
    if outcome.stale:
        return _page(request, report, target, stale=True)
    messages.success(
        request,
        _("已迁移到质量控制计划第%(n)s版。请点击“自动计算”，按新版计划重新计算。")
        % {"n": outcome.preview.target.number},
    )
    return redirect("reports:edit", pk=report.pk, section="basic")


def _page(
    request: HttpRequest,
    report: Report,
    target: PlanVersion | None,
    *,
    problems: list[str] | None = None,
    stale: bool = False,
    status: int = 200,
) -> HttpResponse:
    preview = services.move_preview(report, target) if target is not None else None
    context: dict[str, Any] = {
        "report": report,
        "target": target,
        "preview": preview,
        "changes": _changes(preview) if preview else [],
        "problems": problems or [],
        "stale": stale,
        "frozen_note": frozen_note(report),
    }
    return render(request, "reports/plan_move.html", context, status=status)


def _changes(preview: MovePreview) -> list[dict[str, Any]]:
    """Each matched unit's changes as the page lists them."""
    rows = []
    for change in preview.changed:
        items = []
        if change.fuels_added:
            items.append((_("新增燃料"), "", "、".join(fuel_label(f) for f in change.fuels_added)))
        if change.fuels_removed:
            items.append(
                (_("删除燃料"), "、".join(fuel_label(f) for f in change.fuels_removed), "")
            )
        if change.merge_before:
            items.append((_("合并填报"), change.merge_before, change.merge_after))
        for field, old, new in change.attributes:
            label = str(PlanUnit._meta.get_field(field).verbose_name)
            items.append((label, value_label(field, old), value_label(field, new)))
        rows.append({"name": change.name, "items": items})
    return rows
