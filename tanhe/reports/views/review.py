"""The authority's review of annual reports (/review/reports/): the province's submitted reports
(已提交 first), one version read-only — every table, the 信息汇总表, the evidence with its
SHA-256 and the stamped PDF, a 终版 with its reason and the version it came from — and the two
decisions, 退回补正 (with a required comment; the service creates the next version for the
enterprise, which shows this one as 企业补正) and 通过. The evidence at hand: the list's totals,
warnings and unsealed months, sortable (``review_list``); on the page the unsealed months and
warnings with links, each number linked to its month 存证 (``review_page``, ``review_links``);
comments at a table, row, unit and fuel or month before deciding (``review_places``).

Thin: who may decide, and in which state, is the services' rule; a report of another province is
404 (``selectors.get_report``), and users who are not reviewers get 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tanhe.accounting.report_form import DECLARATION_ZH
from tanhe.plans.review_views import reviewer_required

from .. import (
    display,
    monthly_display,
    review_list,
    review_page,
    review_places,
    selectors,
    services,
)
from ..forms import ReturnForm
from ..models import Report, ReportState

PAGE_SIZE = 50
REVIEW_STATES = (ReportState.SUBMITTED, ReportState.RETURNED, ReportState.ACCEPTED)


def review_queue(user: Any) -> QuerySet[Report]:
    """Reports of the reviewer's province that have been submitted (drafts are not shown)."""
    org = user.organisation
    return (
        Report.objects.filter(enterprise__province_id=org.province_id)
        .exclude(state=ReportState.DRAFT)
        .select_related("enterprise", "plan_version")
    )


@require_GET
@reviewer_required
def report_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    if state not in REVIEW_STATES:
        state = ""
    query = request.GET.get("q", "").strip()[:100]
    sort = request.GET.get("sort", "")
    sort = sort if sort in review_list.SORTS else ""
    descending = request.GET.get("dir") == "desc"
    queue = review_queue(request.user)
    rows = queue.order_by().values("state").annotate(n=Count("id"))
    counts = {str(s): 0 for s in REVIEW_STATES} | {r["state"]: r["n"] for r in rows}
    reports = queue
    if state:
        reports = reports.filter(state=state)
    if query:
        reports = reports.filter(
            Q(enterprise__name__icontains=query) | Q(enterprise__credit_code__icontains=query)
        )
    listed = review_list.rows(reports, monthly_display.today(), sort, descending)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    # by the states' own labels (the national system's: 已提交, 企业补正, 已通过)
    tabs = [("", _("全部"), sum(counts.values()))] + [
        (s, ReportState(s).label, counts[s]) for s in REVIEW_STATES
    ]
    kept = {"state": state, "q": query}
    paged = kept | {"sort": sort, "dir": "desc" if descending else ""}
    context = {
        "authority": request.user.organisation,  # type: ignore[union-attr]
        "page": page,
        "state": state,
        "query": query,
        "tabs": tabs,
        "waiting": counts[ReportState.SUBMITTED],
        "filters": {"sort": sort, "descending": descending},
        "sort_query": urlencode({k: v for k, v in kept.items() if v}),
        "page_query": urlencode({k: v for k, v in paged.items() if v}),
    }
    return render(request, "report_review/list.html", context)


def _reviewable(request: HttpRequest, pk: int) -> Report:
    """A submitted (or decided) report of the reviewer's province; 404 otherwise."""
    report = selectors.get_report(request.user, pk)
    if report.state == ReportState.DRAFT:
        raise Http404
    return report


@require_GET
@reviewer_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _reviewable(request, pk)
    return render(request, "report_review/detail.html", _detail_context(report, ReturnForm()))


def _detail_context(
    report: Report,
    form: ReturnForm,
    errors: list[str] | None = None,
    comment: dict[str, Any] | None = None,
) -> dict:
    following = getattr(report, "next_version", None)
    versions = list(
        report.enterprise.reports.filter(year=report.year)
        .exclude(state=ReportState.DRAFT)
        .order_by("number")
    )
    final = services.final_version(report.enterprise, report.year)
    context = (
        {
            "report": report,
            "form": form,
            "errors": errors or [],
            "can_decide": report.state == ReportState.SUBMITTED,
            "following": following,
            # the year's 终版, once submitted (a draft is the enterprise's until then)
            "final": final if final is not None and final.state != ReportState.DRAFT else None,
            "versions": versions,
            # this version's comments at a place are listed with the comment form
            "comments": [
                c
                for c in display.return_comments(report)
                if not (c.report_id == report.pk and c.table)
            ],
            "declaration": DECLARATION_ZH,
            "review": True,  # links to the enterprise's own pages are not shown
            "comment_form": comment or {},
        }
        | display.report_body(report)
        | review_page.points(report)
    )
    for table in context["tables"]:  # this version's comments marked where they are
        review_places.mark(table, context["pending_comments"])
    return context


@require_POST
@reviewer_required
def return_for_correction(request: HttpRequest, pk: int) -> HttpResponse:
    """退回补正: the comment is required; the enterprise then corrects the next version."""
    report = _reviewable(request, pk)
    form = ReturnForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            draft = services.return_for_correction(
                actor=request.user, report=report, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("已退回补正，意见已发送给重点排放单位；企业将在第%(n)s版中修改后重新提交。")
                % {"n": draft.number},
            )
            return redirect("report_review:detail", pk=report.pk)
    report.refresh_from_db()
    context = _detail_context(report, form, errors)
    return render(request, "report_review/detail.html", context, status=400)


@require_POST
@reviewer_required
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    report = _reviewable(request, pk)
    try:
        services.accept(actor=request.user, report=report)
    except ValidationError as exc:
        report.refresh_from_db()
        context = _detail_context(report, ReturnForm(), exc.messages)
        return render(request, "report_review/detail.html", context, status=400)
    messages.success(request, _("已审核通过。"))
    return redirect("report_review:detail", pk=report.pk)


@require_POST
@reviewer_required
def add_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A comment at a place (table, row, unit and fuel, month) of a version waiting for review."""
    report = _reviewable(request, pk)
    posted = {k: request.POST.get(k, "") for k in ("table", "row", "block", "month", "text")}
    try:
        place = review_places.parse(report, posted)
        services.comment(actor=request.user, report=report, text=posted["text"], place=place)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        report.refresh_from_db()
        state = {"values": posted, "errors": errors}
        context = _detail_context(report, ReturnForm(), comment=state)
        return render(request, "report_review/detail.html", context, status=400)
    messages.success(request, _("审核意见已添加；退回补正后，企业将在相应位置看到。"))
    return redirect(reverse("report_review:detail", args=[report.pk]) + "#review-comments")
