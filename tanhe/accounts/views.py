"""Accounts pages. Thin: forms shape input, services act (and check permissions), selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tanhe.accounts import permissions as perm
from tanhe.accounts import selectors, services
from tanhe.accounts.forms import ChangePasswordForm, LoginForm, MemberForm, RolesForm
from tanhe.accounts.models import OrganisationKind, User
from tanhe.security import throttle
from tanhe.security.clients import client_ip
from tanhe.security.models import RefusalReason
from tanhe.security.services import record_refusal
from tanhe.workbench import agency as agency_bench
from tanhe.workbench import authority as authority_bench
from tanhe.workbench import enterprise as enterprise_bench


class LoginView(auth_views.LoginView):
    """Django's login view, so that django-axes sees each attempt with its request.

    django-axes locks an account for the address that failed five times (one attacker cannot
    lock a plant out everywhere); on top, failed logins are limited per address over all
    accounts (``tanhe.security.throttle``). Each failure is logged for the account's province."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if throttle.blocked("login.ip", client_ip(request)):
            record_refusal(request, RefusalReason.THROTTLED, detail="login")
            form = LoginForm(request, initial={"username": request.POST.get("username", "")})
            context = self.get_context_data(form=form, throttled=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        throttle.hit("login.ip", client_ip(self.request))
        username = LoginForm.normalised_username(self.request.POST.get("username", ""))
        record_refusal(
            self.request,
            RefusalReason.LOGIN,
            detail=username[:40],
            province=selectors.province_of_username(username),
        )
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5); back to the landing page."""


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The workbench after login, by kind of organisation: each reads its own selectors
    (tanhe/workbench/)."""
    user = _user(request)
    org = user.organisation
    context: dict[str, Any] = {"org": org, "can_manage_members": perm.can_manage_members(user)}
    if org is None:
        template = "accounts/home_none.html"
    elif org.kind == OrganisationKind.ENTERPRISE:
        template = "accounts/home_enterprise.html"
        context["can_file"] = perm.can_file(user, org)
        context["bench"] = enterprise_bench.bench(org)
    elif org.kind == OrganisationKind.AUTHORITY:
        template = "accounts/home_authority.html"
        context["counts"] = selectors.registry_counts(user)
        context["is_authority_user"] = perm.is_authority_user(user)
        if context["is_authority_user"] and org.province_id is not None:
            context["bench"] = authority_bench.bench(org.province_id)
    elif org.kind == OrganisationKind.AGENCY:
        template = "accounts/home_agency.html"
        context["members"] = selectors.members(org)
        context["bench"] = agency_bench.bench(org)
    else:
        template = "accounts/home_none.html"
    return render(request, template, context)


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
