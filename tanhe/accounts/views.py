"""Accounts pages. Thin: forms shape input, services act (and check permissions), selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tanhe.accounts import permissions as perm
from tanhe.accounts import selectors, services
from tanhe.accounts.forms import (
    ChangePasswordForm,
    LoginForm,
    MemberForm,
    RegisterForm,
    RegistryUploadForm,
    RejectForm,
    RolesForm,
)
from tanhe.accounts.models import OrganisationKind, OrganisationStatus, User
from tanhe.accounts.registry import RegistryErrors, read_registry, template_csv

REGISTRY_PAGE_SIZE = 100


class LoginView(auth_views.LoginView):
    """Django's login view, so that django-axes sees each attempt with its request."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5); back to the landing page."""


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.register_enterprise(
                credit_code=data["credit_code"],
                name=data["name"],
                password=data["password"],
                province=data["province"],
                contact_name=data["contact_name"],
                phone=data["phone"],
                email=data["email"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            enterprise = user.organisation
            assert enterprise is not None
            if enterprise.status == OrganisationStatus.ACTIVE:
                messages.success(request, _("注册成功。贵单位已列入主管部门名录，报送账号已启用。"))
            else:
                messages.success(
                    request,
                    _("注册成功，请等待%(province)s主管部门审核。")
                    % {"province": enterprise.province},
                )
            return redirect("accounts:home")
    return render(request, "accounts/register.html", {"form": form})


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard after login, by kind of organisation."""
    user = _user(request)
    org = user.organisation
    context: dict[str, Any] = {"org": org, "can_manage_members": perm.can_manage_members(user)}
    if org is None:
        template = "accounts/home_none.html"
    elif org.kind == OrganisationKind.ENTERPRISE:
        template = "accounts/home_enterprise.html"
        context["can_file"] = perm.can_file(user, org)
        if org.status == OrganisationStatus.REJECTED:
            context["rejection"] = selectors.latest_rejection(org)
    elif org.kind == OrganisationKind.AUTHORITY:
        template = "accounts/home_authority.html"
        context["counts"] = selectors.registry_counts(user)
        context["is_authority_user"] = perm.is_authority_user(user)
    elif org.kind == OrganisationKind.AGENCY:
        template = "accounts/home_agency.html"
        context["members"] = selectors.members(org)
    else:
        template = "accounts/home_none.html"
    return render(request, template, context)


def _require_authority(request: HttpRequest) -> User:
    user = _user(request)
    perm.require(
        perm.is_authority_user(user), _("只有省级主管部门的审核人或管理员可以查看排放单位名录")
    )
    return user


@require_http_methods(["GET", "POST"])
@login_required
def registry(request: HttpRequest) -> HttpResponse:
    """The province's enterprises; upload of a 名录 file; pending self-registrations."""
    user = _require_authority(request)
    upload_form = RegistryUploadForm()
    row_errors: list[Any] = []
    upload_name = ""
    if request.method == "POST":
        upload_form = RegistryUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            upload = upload_form.cleaned_data["file"]
            upload_name = upload.name or ""
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
        "pending": selectors.pending_registrations(user),
        "counts": selectors.registry_counts(user),
        "page": page,
        "status": status,
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
    _require_authority(request)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="registry-template.csv"'
    return response


@require_POST
@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_for_review(pk)
    try:
        services.approve_enterprise(actor=_user(request), enterprise=enterprise)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已批准「%(name)s」的注册申请。") % {"name": enterprise.name})
    return redirect("accounts:registry")


@require_POST
@login_required
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_for_review(pk)
    reason = request.POST.get("reason", "")
    try:
        services.reject_enterprise(actor=_user(request), enterprise=enterprise, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已退回「%(name)s」的注册申请。") % {"name": enterprise.name})
    return redirect("accounts:registry")


def _require_admin(request: HttpRequest) -> User:
    user = _user(request)
    perm.require(perm.can_manage_members(user), _("只有本机构的管理员可以管理人员"))
    return user


@require_http_methods(["GET", "POST"])
@login_required
def members(request: HttpRequest) -> HttpResponse:
    """The admin's organisation: its people and roles; add a person."""
    admin = _require_admin(request)
    org = admin.organisation
    assert org is not None
    form = MemberForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.create_member(
                actor=admin,
                organisation=org,
                username=data["username"],
                display_name=data["display_name"],
                password=data["password"],
                roles=data["roles"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("已添加「%(name)s」（用户名 %(username)s）。")
                % {"name": member.display_name, "username": member.username},
            )
            return redirect("accounts:members")
    people = list(selectors.members(org))
    rows = [
        (
            person,
            RolesForm(
                organisation=org,
                initial={"roles": [r.role for r in person.roles.all()]},
                prefix=f"u{person.pk}",
            ),
        )
        for person in people
    ]
    context = {"org": org, "form": form, "rows": rows}
    return render(request, "accounts/members.html", context)


@require_POST
@login_required
def member_roles(request: HttpRequest, pk: int) -> HttpResponse:
    admin = _require_admin(request)
    member = selectors.member_of(admin, pk)
    assert admin.organisation is not None
    form = RolesForm(request.POST, organisation=admin.organisation, prefix=f"u{member.pk}")
    roles = form.cleaned_data["roles"] if form.is_valid() else request.POST.getlist(f"u{pk}-roles")
    try:
        services.set_roles(actor=admin, user=member, roles=roles)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已更新「%(name)s」的角色。") % {"name": member})
    return redirect("accounts:members")


@require_http_methods(["GET", "POST"])
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ChangePasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_password(actor=user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, _("密码已修改。"))
        return redirect("accounts:home")
    return render(request, "accounts/password_change.html", {"form": form})


@require_POST
def keepalive(request: HttpRequest) -> HttpResponseBase:
    """Renew the session (every request does: SESSION_SAVE_EVERY_REQUEST) and say for how long.
    Answers 401 rather than redirecting to the login page: the caller is a script."""
    if not request.user.is_authenticated:
        return JsonResponse({"expires_in": 0}, status=401)
    return JsonResponse({"expires_in": request.session.get_expiry_age()})
