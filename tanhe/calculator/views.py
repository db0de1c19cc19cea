"""Calculator pages. Thin: the form checks the upload, services run it, selectors read it."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from tanhe.accounting import InputErrors
from tanhe.calculator import selectors, services
from tanhe.calculator.display import engine_lang, result_view
from tanhe.calculator.forms import CalculationForm
from tanhe.inputs import shorten


@require_http_methods(["GET", "POST"])
def calculator(request: HttpRequest) -> HttpResponse:
    issues: list[str] = []
    if request.method == "POST":
        form = CalculationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                calculation = services.run_calculation(form.cleaned_data["data"])
            except InputErrors as exc:
                issues = exc.messages(engine_lang())
            else:
                return redirect("calculator:detail", pk=calculation.pk)
    else:
        form = CalculationForm()
    context = {
        "form": form,
        "issues": issues,
        "upload_name": shorten(getattr(request.FILES.get("file"), "name", "")),
        "recent": selectors.recent_calculations(),
    }
    return render(request, "calculator/calculator.html", context)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    calculation = selectors.get_calculation(pk)
    context = {"calculation": calculation, "result": result_view(calculation.result_json)}
    return render(request, "calculator/detail.html", context)


@require_GET
def result_json(request: HttpRequest, pk: int) -> HttpResponse:
    calculation = selectors.get_calculation(pk)
    body = json.dumps(calculation.result_json, ensure_ascii=False, indent=2) + "\n"
    return _download(body.encode("utf-8"), f"tanhe-result-{calculation.pk}.json")


@require_GET
def input_json(request: HttpRequest, pk: int) -> HttpResponse:
    calculation = selectors.get_calculation(pk)
    # The stored text re-encodes to the uploaded bytes (see services.decode_input).
    return _download(calculation.input_json.encode("utf-8"), f"tanhe-input-{calculation.pk}.json")


def _download(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
