"""数据筛查 pages (/screening/): start a screening of the province's reports for a year, watch
its progress, read the anomaly list sorted and filtered, export it as CSV or Excel.

Thin: who may start, and that a second start returns the running one, are the services' rules;
a run of another province is 404 (``selectors.get_run``); users who are not the province's
authority get 403. Each POST has its own handler.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tanhe.accounts import permissions as perm

from . import exports, selectors, services
from .models import ScreeningRun
from .presentation import reader_lang, rule_kind, severity_label, show

PAGE_SIZE = 50
MAX_ID = 2**63 - 1
View = Callable[..., HttpResponseBase]


def authority_required(view: View) -> View:
    """Authority users (审核人 or 管理员) of a province; anonymous users are sent to log in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not perm.is_authority_user(request.user):
            raise PermissionDenied(_("只有省级生态环境主管部门的审核人或管理员可以使用数据筛查"))
        return view(request, *args, **kwargs)

    return wrapper


def _kind(rule: str, lang: str) -> str:
    try:
        return rule_kind(rule, lang)
    except KeyError:  # a rule retired since the run
        return ""


@require_GET
@authority_required
def index(request: HttpRequest) -> HttpResponse:
    runs = Paginator(selectors.runs_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"runs": runs, "years": services.screening_years()}
    return render(request, "authority/index.html", context)


@require_POST
@authority_required
def start(request: HttpRequest) -> HttpResponse:
    province_id = request.user.organisation.province_id  # type: ignore[union-attr]
    try:
        run, created = services.start_screening(
            actor=request.user,  # type: ignore[arg-type]
            province_id=province_id,
            year=request.POST.get("year"),
        )
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return redirect("screening:index")
    if not created:
        messages.info(request, _("该年度的数据筛查正在进行，未重复发起"))
    return redirect("screening:run", pk=run.pk)


def _run(request: HttpRequest, pk: int) -> ScreeningRun:
    """The run (404 for another province's), resumed first if its worker died."""
    run = selectors.get_run(request.user, pk)
    if run.active and services.resume_stale(run=run):
        run.refresh_from_db()
    return run


def _filters(request: HttpRequest) -> selectors.Filters:
    """The list's query: unknown values are dropped, never an error page."""
    get = request.GET
    severity = get.get("severity", "")
    enterprise = get.get("enterprise", "")
    sort = get.get("sort", selectors.DEFAULT_SORT)
    return selectors.Filters(
        rule=get.get("rule", "")[:100],
        severity=severity if severity in ("error", "warning", "info") else "",
        enterprise=int(enterprise)
        if enterprise.isascii() and enterprise.isdigit() and int(enterprise) <= MAX_ID
        else None,
        sort=sort if sort in selectors.SORTS else selectors.DEFAULT_SORT,
        descending=get.get("dir") == "desc",
    )


@require_GET
@authority_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    filters = _filters(request)
    rows = selectors.findings(run, filters).select_related("report")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    lang = reader_lang()
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    for key in ("sort", "dir"):
        sort_query.pop(key, None)
    choices = selectors.choices(run)
    context = {
        "run": run,
        "page": page,
        "shown": [show(row, lang) for row in page.object_list],
        "filters": filters,
        "query": query.urlencode(),
        "sort_query": sort_query.urlencode(),
        "rules": [(r, _kind(r, lang)) for r in choices["rules"]],
        "severities": [(s, severity_label(s)) for _rank, s in choices["severities"]],
        "enterprises": choices["enterprises"],
    }
    return render(request, "authority/run.html", context)


@require_GET
@authority_required
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone, polled by screening.js every second until the run ends."""
    return render(request, "authority/_progress.html", {"run": _run(request, pk)})


@require_GET
@authority_required
def export_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    run = selectors.get_run(request.user, pk)
    lines = exports.csv_lines(selectors.findings(run, _filters(request)))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    name = f"screening-{run.province_id}-{run.year}-{run.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@authority_required
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.get_run(request.user, pk)
    data = exports.xlsx_bytes(selectors.findings(run, _filters(request)), f"{run.year}")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"screening-{run.province_id}-{run.year}-{run.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
