"""Calculator pages. Thin: the form checks the upload, services run it, selectors read it.

Each visitor sees only their own calculations (and the demo's public examples); a result is
reached by its unguessable key, never by a number. Uploads are rate-limited per client."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tanhe.accounting import InputErrors
from tanhe.calculator import selectors, services
from tanhe.calculator.display import engine_lang, result_view
from tanhe.calculator.forms import CalculationForm
from tanhe.inputs import shorten
from tanhe.security import throttle
from tanhe.security.clients import client_ip
from tanhe.security.models import RefusalReason
from tanhe.security.services import record_refusal

SESSION_KEYS = "tanhe.calculations"  # keys of this browser's anonymous uploads
SESSION_KEEP = 20


def _within_limit(request: HttpRequest) -> bool:
    user = request.user
    if user.is_authenticated:
        return throttle.hit("calculator.user", str(user.pk))
    return throttle.hit("calculator.ip", client_ip(request))


def _session_keys(request: HttpRequest) -> list[str]:
    keys = request.session.get(SESSION_KEYS, [])
    return [k for k in keys if isinstance(k, str)] if isinstance(keys, list) else []


def _remember(request: HttpRequest, key: str) -> None:
    request.session[SESSION_KEYS] = [key, *_session_keys(request)][:SESSION_KEEP]


@require_http_methods(["GET", "POST"])
def calculator(request: HttpRequest) -> HttpResponse:
    issues: list[str] = []
    posted = request.method == "POST"
    form = CalculationForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        if not _within_limit(request):
            record_refusal(request, RefusalReason.THROTTLED, detail="calculator")
            form.add_error(None, _("计算请求过于频繁，请稍后再试。"))
        else:
            owner = request.user if request.user.is_authenticated else None
            try:
                calculation = services.run_calculation(form.cleaned_data["data"], owner=owner)
            except InputErrors as exc:
                issues = exc.messages(engine_lang())
            else:
                if owner is None:
                    _remember(request, calculation.key)
                return redirect("calculator:detail", key=calculation.key)
    context = {
        "form": form,
        "issues": issues,
        "upload_name": shorten(getattr(request.FILES.get("file"), "name", "")),
        "recent": selectors.own_calculations(request.user, _session_keys(request)),
        "examples": selectors.examples(),
        "keep_days": settings.TANHE_CALCULATION_KEEP_DAYS,
    }
    return render(request, "calculator/calculator.html", context)


@require_GET
def detail(request: HttpRequest, key: str) -> HttpResponse:
    calculation = selectors.visible_calculation(key, request.user)
    context = {"calculation": calculation, "result": result_view(calculation.result_json)}
    return render(request, "calculator/detail.html", context)


@require_GET
def result_json(request: HttpRequest, key: str) -> HttpResponse:
    calculation = selectors.visible_calculation(key, request.user)
    body = json.dumps(calculation.result_json, ensure_ascii=False, indent=2) + "\n"
    return _download(body.encode("utf-8"), f"tanhe-result-{calculation.year}.json")


@require_GET
def input_json(request: HttpRequest, key: str) -> HttpResponse:
    calculation = selectors.visible_calculation(key, request.user)
    # The stored text re-encodes to the uploaded bytes (see services.decode_input).
    return _download(calculation.input_json.encode("utf-8"), f"tanhe-input-{calculation.year}.json")


def _download(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
