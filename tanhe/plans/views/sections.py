"""The editor's sections of one form each — 1 企业基本情况, 4 主营产品及生产工艺, 5 核算边界的描述,
7 数据内部质量控制: each section's page and the handler of its 保存."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from tanhe.accounts.models import REGISTRY_FIELDS
from tanhe.plans import display, services
from tanhe.plans.display import PlanView
from tanhe.plans.forms import (
    BasicInfoForm,
    BoundaryRowForm,
    BoundaryTextForm,
    ProcessForm,
    ProductForm,
    QAForm,
)
from tanhe.plans.models import PlanVersion
from tanhe.plans.views.common import applied, editor_action, render_section, saved


def _save_text(request: HttpRequest, version: PlanVersion, form: Any) -> None:
    if form.is_valid():
        applied(
            form, services.update_texts, actor=request.user, version=version, data=form.cleaned_data
        )


# -- 1 企业基本情况 -------------------------------------------------------------------------
def basic_page(
    request: HttpRequest, version: PlanVersion, form: BasicInfoForm | None = None
) -> dict[str, Any]:
    """The editable fields, and those that come from the 名录 or the province, shown locked."""
    basic = version.basic
    editable = services.editable_basic_fields(version.enterprise)
    if form is None:
        form = BasicInfoForm(initial=BasicInfoForm.initial_from(basic, editable), editable=editable)
    fixed = [f for f in (*REGISTRY_FIELDS, "province", "authority_name") if f not in editable]
    locked = [
        (
            basic._meta.get_field(name).verbose_name,
            display.value_label(name, getattr(basic, name)),
            name in REGISTRY_FIELDS,
        )
        for name in fixed
    ]
    return {"form": form, "locked": locked, "in_registry": version.enterprise.in_registry}


@editor_action("basic")
def basic_save(request: HttpRequest, version: PlanVersion) -> HttpResponse:
    form = BasicInfoForm(request.POST, editable=services.editable_basic_fields(version.enterprise))
    if form.is_valid() and applied(
        form,
        services.update_basic_info,
        actor=request.user,
        version=version,
        data=form.service_data(),
    ):
        return saved(request, version, "basic")
    return render_section(request, version, "basic", basic_page(request, version, form))


# -- 4 主营产品及生产工艺 -------------------------------------------------------------------------
def _product_forms(plan: PlanView, data: Any) -> list[tuple[display.UnitRow, ProductForm]]:
    return [
        (
            row,
            ProductForm(
                data, prefix=f"u{row.unit.pk}", initial={"main_product": row.unit.main_product}
            ),
        )
        for row in plan.reporting_rows
    ]


def products_page(request: HttpRequest, version: PlanVersion) -> dict[str, Any]:
    plan = display.plan_view(version)
    text_form = ProcessForm(initial={"process_description": version.process_description})
    return {"rows": _product_forms(plan, None), "text_form": text_form}


@editor_action("products")
def products_save(request: HttpRequest, version: PlanVersion) -> HttpResponse:
    """Each reporting unit's 主要产品 (those changed or still empty), and the description."""
    rows = _product_forms(display.plan_view(version), request.POST)
    text_form = ProcessForm(request.POST)
    for row, form in rows:
        if form.is_valid() and (form.has_changed() or not row.unit.main_product):
            applied(
                form,
                services.set_main_product,
                actor=request.user,
                unit=row.unit,
                product=form.cleaned_data["main_product"],
            )
    _save_text(request, version, text_form)
    if all(not form.errors for _row, form in rows) and not text_form.errors:
        return saved(request, version, "products")
    context = {"rows": rows, "text_form": text_form}
    return render_section(request, version, "products", context)


# -- 5 核算边界的描述 ------------------------------------------------------------------------------
def _boundary_forms(plan: PlanView, data: Any) -> list[tuple[Any, BoundaryRowForm]]:
    return [
        (
            f,
            BoundaryRowForm(
                data,
                prefix=f"f{f.pk}",
                initial={"location": f.location, "in_boundary": f.in_boundary, "remark": f.remark},
            ),
        )
        for f in plan.facilities
    ]


def boundary_page(request: HttpRequest, version: PlanVersion) -> dict[str, Any]:
    plan = display.plan_view(version)
    text_form = BoundaryTextForm(initial={"boundary_description": version.boundary_description})
    return {"rows": _boundary_forms(plan, None), "text_form": text_form}


@editor_action("boundary")
def boundary_save(request: HttpRequest, version: PlanVersion) -> HttpResponse:
    """Each facility's location, 是否纳入核算边界 and remark (where changed), and the text."""
    rows = _boundary_forms(display.plan_view(version), request.POST)
    text_form = BoundaryTextForm(request.POST)
    for facility, form in rows:
        if form.is_valid() and form.has_changed():
            applied(
                form,
                services.update_facility,
                actor=request.user,
                facility=facility,
                data=form.cleaned_data,
            )
    _save_text(request, version, text_form)
    if all(not form.errors for _f, form in rows) and not text_form.errors:
        return saved(request, version, "boundary")
    return render_section(request, version, "boundary", {"rows": rows, "text_form": text_form})


# -- 7 数据内部质量控制 ----------------------------------------------------------------------------
def qa_page(
    request: HttpRequest, version: PlanVersion, form: QAForm | None = None
) -> dict[str, Any]:
    return {"form": form or QAForm(initial={"qa_text": version.qa_text})}


@editor_action("qa")
def qa_save(request: HttpRequest, version: PlanVersion) -> HttpResponse:
    form = QAForm(request.POST)
    _save_text(request, version, form)
    if not form.errors:
        return saved(request, version, "qa")
    return render_section(request, version, "qa", qa_page(request, version, form))
