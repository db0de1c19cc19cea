"""Public pages of getting in: 注册申请, 查询申请进度, 凭激活码开通账号. Each posted form is
throttled per client address; refused activations and look-ups go to the refusal log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tanhe.accounts import activation, enrolment, selectors
from tanhe.accounts.forms import (
    ActivateForm,
    RegisterForm,
    RegistrationLookupForm,
    registration_standing,
)
from tanhe.accounts.models import Registration
from tanhe.security import throttle
from tanhe.security.clients import client_ip
from tanhe.security.models import RefusalReason
from tanhe.security.services import record_refusal

SESSION_KEY = "tanhe.registration"  # the 申请编号 this browser filed, to show its progress


def _posted(request: HttpRequest, form: Form, limit: str) -> bool:
    """A valid post within ``limit`` (counted per client address); over the limit, the refusal
    is logged (for the province holding the credit code, if any) and the form says so."""
    if request.method != "POST" or not form.is_valid():
        return False
    if throttle.hit(limit, client_ip(request)):
        return True
    holder = selectors.enterprise_by_code(form.cleaned_data.get("credit_code") or "")
    record_refusal(
        request,
        RefusalReason.THROTTLED,
        detail=limit,
        province=holder.province if holder else None,
    )
    form.add_error(None, _("提交过于频繁，请稍后再试。"))
    return False


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """File a registration (注册申请); the authority decides, then the applicant logs in."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = RegisterForm(request.POST if request.method == "POST" else None)
    if _posted(request, form, "register.ip"):
        data = form.cleaned_data
        try:
            registration = enrolment.submit_registration(
                credit_code=data["credit_code"],
                name=data["name"],
                password=data["password"],
                province=data["province"],
                contact=form.contact(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session[SESSION_KEY] = registration.pk
            return redirect("accounts:registration_status")
    return render(request, "accounts/register.html", {"form": form})


def _this_browsers(request: HttpRequest) -> Registration | None:
    pk = request.session.get(SESSION_KEY)
    return Registration.objects.filter(pk=pk).first() if isinstance(pk, int) else None


@require_http_methods(["GET", "POST"])
def registration_status(request: HttpRequest) -> HttpResponse:
    """How an application stands: the one this browser filed, or one looked up by credit code
    and 申请编号."""
    registration = None if request.method == "POST" else _this_browsers(request)
    form = RegistrationLookupForm(request.POST if request.method == "POST" else None)
    if _posted(request, form, "registration_lookup.ip"):
        data = form.cleaned_data
        registration = selectors.registration_by_reference(data["credit_code"], data["reference"])
        if registration is None:
            record_refusal(request, RefusalReason.REGISTRATION_LOOKUP)
            form.add_error(None, _("没有找到该统一社会信用代码和申请编号对应的注册申请，请核对。"))
    context = {
        "form": form,
        "registration": registration,
        "standing": registration_standing(registration) if registration else "",
    }
    return render(request, "accounts/registration_status.html", context)


@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest) -> HttpResponse:
    """Open a 名录 enterprise's account with the activation code its province issued."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = ActivateForm(request.POST if request.method == "POST" else None)
    if _posted(request, form, "activate.ip"):
        data = form.cleaned_data
        try:
            user = activation.activate_account(
                credit_code=data["credit_code"],
                activation_code=data["activation_code"],
                contact=form.contact(),
                password=data["password"],
            )
        except activation.ActivationRefused as exc:
            holder = selectors.enterprise_by_code(data["credit_code"])
            record_refusal(
                request,
                RefusalReason.ACTIVATION,
                detail=data["credit_code"][:40],
                province=holder.province if holder else None,
            )
            form.add_error(None, exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("报送账号已开通。请核对单位信息，然后填报数据质量控制计划。")
            )
            return redirect("accounts:home")
    return render(request, "accounts/activate.html", {"form": form})
