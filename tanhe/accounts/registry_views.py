"""The authority's pages about its enterprises: the 排放单位名录 (import, list, activation codes),
the waiting registrations beside the 名录 data, and the log of account events and refusals."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tanhe.accounts import activation, enrolment, selectors, services
from tanhe.accounts import permissions as perm
from tanhe.accounts.forms import RegistryUploadForm, RejectForm
from tanhe.accounts.models import User
from tanhe.accounts.registry import RegistryErrors, read_registry, template_csv
from tanhe.inputs import shorten

REGISTRY_PAGE_SIZE = 100
EVENTS_PAGE_SIZE = 50
ISSUED_KEY = "tanhe.issued_code"  # the plaintext of a code just issued, shown once


def _authority(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    perm.require(
        perm.is_authority_user(user), _("只有省级主管部门的审核人或管理员可以查看排放单位名录")
    )
    return user


def _about(request: HttpRequest, province: Any) -> None:
    """Name the province a refusal of this request concerns (the refusal log's reader)."""
    request.refusal_province = province  # type: ignore[attr-defined]


def _messages_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@require_http_methods(["GET", "POST"])
@login_required
def registry(request: HttpRequest) -> HttpResponse:
    """The province's enterprises; upload of a 名录 file; waiting registrations."""
    user = _authority(request)
    upload_form = RegistryUploadForm()
    row_errors: list[Any] = []
    upload_name = ""
    if request.method == "POST":
        upload_form = RegistryUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            upload = upload_form.cleaned_data["file"]
            upload_name = shorten(upload.name or "")
            try:
                rows = read_registry(upload.read(), upload_name)
                result = services.import_registry(actor=user, rows=rows, filename=upload_name)
            except RegistryErrors as exc:
                row_errors = exc.errors
            else:
                messages.success(
                    request,
                    _(
                        "已导入名录文件 %(file)s：新增 %(created)d 家，更新 %(updated)d 家，"
                        "未变 %(unchanged)d 家。"
                    )
                    % {
                        "file": upload_name,
                        "created": len(result.created),
                        "updated": len(result.updated),
                        "unchanged": len(result.unchanged),
                    },
                )
                return redirect("accounts:registry")
    status = request.GET.get("status", "")
    query = request.GET.get("q", "")
    page = Paginator(
        selectors.registry_enterprises(user, status=status, query=query), REGISTRY_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        "province": selectors.authority_province(user),
        "claims": selectors.claims(user),
        "counts": selectors.registry_counts(user),
        "page": page,
        "status": status if status in selectors.ENTERPRISE_FILTERS else "",
        "query": query,
        "upload_form": upload_form,
        "row_errors": row_errors,
        "upload_name": upload_name,
        "reject_form": RejectForm(),
    }
    return render(request, "accounts/registry.html", context)


@require_GET
@login_required
def registry_template(request: HttpRequest) -> HttpResponse:
    _authority(request)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="registry-template.csv"'
    return response


@require_POST
@login_required
def registration_approve(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _authority(request)
    registration = selectors.registration_for_review(pk)
    _about(request, registration.province)
    try:
        user = enrolment.approve_registration(actor=actor, registration=registration)
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
    else:
        messages.success(
            request,
            _("已批准「%(name)s」的注册申请，报送账号 %(username)s 已开通。")
            % {"name": registration.name, "username": user.username},
        )
    return redirect("accounts:registry")


@require_POST
@login_required
def registration_reject(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _authority(request)
    registration = selectors.registration_for_review(pk)
    _about(request, registration.province)
    try:
        enrolment.reject_registration(
            actor=actor,
            registration=registration,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
    else:
        messages.success(request, _("已退回「%(name)s」的注册申请。") % {"name": registration.name})
    return redirect("accounts:registry")


@require_POST
@login_required
def activation_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a code and show it once, on the next page (never in a URL or a log)."""
    actor = _authority(request)
    enterprise = selectors.enterprise_for_authority(pk)
    _about(request, enterprise.province)
    try:
        issued = activation.issue_activation_code(actor=actor, enterprise=enterprise)
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
        return redirect("accounts:registry")
    request.session[ISSUED_KEY] = {"pk": issued.code.pk, "code": issued.plaintext}
    return redirect("accounts:activation_issued")


@require_GET
@never_cache  # the code must not stay in a browser's or proxy's cache
@login_required
def activation_issued(request: HttpRequest) -> HttpResponse:
    """The code just issued, printable as a notice for the enterprise. Shown once: a reload
    finds it gone."""
    _authority(request)
    shown = request.session.pop(ISSUED_KEY, None)
    if not shown:
        messages.info(request, _("激活码只显示一次；如已遗失，请重新发放（原激活码随之作废）。"))
        return redirect("accounts:registry")
    code = selectors.activation_code(shown["pk"])
    context = {"code": code, "plaintext": shown["code"], "enterprise": code.organisation}
    return render(request, "accounts/activation_issued.html", context)


@require_POST
@login_required
def activation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _authority(request)
    code = selectors.activation_code(pk)
    _about(request, code.organisation.province)
    try:
        activation.revoke_activation_code(actor=actor, code=code)
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
    else:
        messages.success(
            request, _("「%(name)s」的激活码已作废。") % {"name": code.organisation.name}
        )
    return redirect("accounts:registry")


@require_GET
@login_required
def events(request: HttpRequest) -> HttpResponse:
    """账号事件: registrations, activation codes, opened accounts, 名录 imports, people and
    roles — and the refused attempts — of the authority's province."""
    user = _authority(request)
    tab = "refused" if request.GET.get("tab") == "refused" else "events"
    rows = selectors.refused_attempts(user) if tab == "refused" else selectors.account_events(user)
    page = Paginator(rows, EVENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"province": selectors.authority_province(user), "tab": tab, "page": page}
    return render(request, "accounts/events.html", context)
