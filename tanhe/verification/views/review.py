"""文件评审 pages: the checklist with its findings, records and conclusions (one GET page with
filters), and one POST handler per action (start, record, conclusion, finding, focus)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tanhe.inputs import parse_id

from .. import selectors_review as sel
from ..models import ChecklistItem, Conclusion, FindingDecision, FindingReview, Method, Task
from ..services import review as services
from .common import act, login_needed, task_context, task_for


def _filters(request: HttpRequest) -> tuple[int | None, bool, int | None]:
    """The page's GET filters: a table (0: §5.4.1's general items), open items only, and the
    item whose record form is open."""
    return (
        parse_id(request.GET.get("table", "")),
        request.GET.get("open") == "1",
        parse_id(request.GET.get("item", "")),
    )


def _back(request: HttpRequest, task: Task, anchor: str = "") -> str:
    """The review page with the filters it was posted from."""
    url = reverse("verification:review", args=[task.pk])
    query = request.GET.urlencode()
    return f"{url}?{query}{anchor}" if query else f"{url}{anchor}"


def _without_item(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("item", None)
    return query.urlencode()


@require_GET
@login_needed
def review(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    context = task_context(request, task, "review")
    table, only_open, selected = _filters(request)
    if task.review_started_at is None:
        context["team_problems"] = services.team_problems(task) if task.report else []
        return render(request, "verification/review_start.html", context)
    context.update(
        summary=sel.summary(task),
        tables=sel.checklist_tables(task, table, only_open),
        present=sel.tables_present(task),
        table=table,
        only_open=only_open,
        selected=selected,
        query=request.GET.urlencode(),
        base_query=_without_item(request),
        methods=Method.choices,
        conclusions=[c for c in Conclusion.choices if c[0]],
        decisions=[d for d in FindingDecision.choices if d[0]],
        report_files=sel.report_files(task.report) if task.report else [],
        can_work=context["is_member"] and task.state in services.WORKING_STATES,
        can_focus=context["is_member"] and task.state in services.FOCUS_STATES,
    )
    return render(request, "verification/review.html", context)


@require_POST
@login_needed
def start(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    user: Any = request.user
    return act(request, lambda: services.start_review(user, task), _("文件评审已开始"),
               _back(request, task))  # fmt: skip


def _item(task: Task, item: int) -> ChecklistItem:
    return get_object_or_404(ChecklistItem, pk=item, task=task)


@require_POST
@login_needed
def record(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    task = task_for(request, pk)
    row = _item(task, item)
    user: Any = request.user
    files = [parse_id(v) or 0 for v in request.POST.getlist("files")]
    uploads = request.FILES.getlist("uploads")

    def add() -> None:
        services.add_record(
            user, task, row, request.POST.get("method", ""), request.POST.get("text", ""),
            request.POST.get("value_checked", ""), files=files, uploads=uploads,
        )  # fmt: skip

    return act(request, add, _("核查记录已保存"), _back(request, task, f"#item-{row.pk}"))


@require_POST
@login_needed
def conclusion(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    task = task_for(request, pk)
    row = _item(task, item)
    user: Any = request.user
    chosen, note = request.POST.get("conclusion", ""), request.POST.get("note", "")
    return act(request, lambda: services.conclude(user, task, row, chosen, note),
               _("评审结论已保存"), _back(request, task, f"#item-{row.pk}"))  # fmt: skip


@require_POST
@login_needed
def finding(request: HttpRequest, pk: int, finding: int) -> HttpResponse:
    task = task_for(request, pk)
    row = get_object_or_404(FindingReview, pk=finding, task=task)
    user: Any = request.user
    decision, reason = request.POST.get("decision", ""), request.POST.get("reason", "")
    return act(request, lambda: services.decide_finding(user, task, row, decision, reason),
               _("已记录对该发现的确认或排除"),
               _back(request, task, f"#item-{row.item_id}"))  # fmt: skip


@require_POST
@login_needed
def focus(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request, pk)
    user: Any = request.user
    post = request.POST

    def save() -> None:
        services.set_focus(user, task, post.get("people", ""), post.get("facilities", ""),
                           post.get("documents", ""))  # fmt: skip

    return act(request, save, _("现场核查重点已保存"), _back(request, task, "#focus"))
