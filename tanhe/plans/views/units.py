"""The editor's section 2 机组信息: the page, and one handler for each of its actions — add a unit,
save a unit, delete a unit, preview and make a 合并填报 row, and undo one."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from tanhe.accounting.classification import merge_units as derive_merged
from tanhe.accounting.model import Subtype, UnitMember, UnitType
from tanhe.inputs import parse_id
from tanhe.plans import display, merging, services
from tanhe.plans.forms import MergeForm, UnitForm, apply_errors
from tanhe.plans.models import PlanUnit, PlanVersion
from tanhe.plans.validation import ADMITTED_CATEGORIES
from tanhe.plans.views.common import applied, editor_action, pick, render_section, saved


def _free(units: list[PlanUnit]) -> list[PlanUnit]:
    """Units that may still be merged: neither a 合并填报 row nor one of its members."""
    return [u for u in units if not u.is_merged and u.merged_into_id is None]


def _admitted_fuel_categories() -> dict[str, list[str]]:
    """发电燃料类型 → the fuel catalogue categories its units may list (for the page's filter):
    validation's own table."""
    return {str(k): sorted(v) for k, v in ADMITTED_CATEGORIES.items()}


def page(
    request: HttpRequest,
    version: PlanVersion,
    *,
    editing: PlanUnit | None = None,
    unit_form: UnitForm | None = None,
    merge_form: MergeForm | None = None,
    preview: dict[str, Any] | None = None,
    list_errors: list[str] | None = None,
) -> dict[str, Any]:
    """The units, the form of the unit being edited (``?unit=``) or added, and 合并填报."""
    plan = display.plan_view(version)
    units = [row.unit for row in plan.units]
    if unit_form is None:
        editing = editing or pick(units, request.GET.get("unit"))
        if editing is not None and editing.is_merged:
            editing = None  # a merged row's data is derived from its members
        unit_form = UnitForm(initial=UnitForm.initial_from(editing) if editing else None)
    free = _free(units)
    merge_form = merge_form or MergeForm(units=free)
    chosen_fuels = set(unit_form["fuel_names"].value() or [])
    return {
        "plan": plan,
        "editing": editing,
        "unit_form": unit_form,
        "fuel_groups": [
            (category, label, [(key, name, key in chosen_fuels) for key, name in rows])
            for category, label, rows in display.fuel_groups()
        ],
        "fuel_categories": json.dumps(_admitted_fuel_categories()),
        "merge_form": merge_form,
        "merge_open": merge_form.is_bound or preview is not None,
        "can_merge": len(free) >= 2,
        "preview": preview,
        "list_errors": list_errors or [],
    }


@editor_action("units")
def unit_add(request: HttpRequest, version: PlanVersion) -> HttpResponse:
    form = UnitForm(request.POST)
    if form.is_valid() and applied(
        form, services.add_unit, actor=request.user, version=version, data=form.service_data()
    ):
        return saved(request, version, "units")
    return render_section(request, version, "units", page(request, version, unit_form=form))


@editor_action("units", unit=PlanUnit)
def unit_save(request: HttpRequest, version: PlanVersion, unit: PlanUnit) -> HttpResponse:
    if unit.is_merged:
        raise Http404  # a merged row's data is derived from its members, not edited
    form = UnitForm(request.POST)
    if form.is_valid() and applied(
        form, services.update_unit, actor=request.user, unit=unit, data=form.service_data()
    ):
        return saved(request, version, "units")
    context = page(request, version, editing=unit, unit_form=form)
    return render_section(request, version, "units", context)


def _remove(request: HttpRequest, version: PlanVersion, unit: PlanUnit, done: str) -> HttpResponse:
    try:
        services.delete_unit(actor=request.user, unit=unit)
    except ValidationError as exc:
        context = page(request, version, list_errors=exc.messages)
        return render_section(request, version, "units", context)
    return saved(request, version, "units", done % {"name": unit.name})


@editor_action("units", unit=PlanUnit)
def unit_delete(request: HttpRequest, version: PlanVersion, unit: PlanUnit) -> HttpResponse:
    """删除 a unit with its facilities (a member of a 合并填报 row: the service says why not)."""
    return _remove(request, version, unit, _("已删除机组：%(name)s"))


@editor_action("units", unit=PlanUnit)
def unit_unmerge(request: HttpRequest, version: PlanVersion, unit: PlanUnit) -> HttpResponse:
    """取消合并: the 合并填报 row goes, its members are reported on their own again."""
    if not unit.is_merged:
        raise Http404
    return _remove(request, version, unit, _("已取消合并填报：%(name)s"))


@editor_action("units", unit=PlanUnit)
def unit_standby(request: HttpRequest, version: PlanVersion, unit: PlanUnit) -> HttpResponse:
    """备用机组: a member of a 合并填报 row stands in for another member (or no longer does)."""
    target_id = parse_id(request.POST.get("standby_for", ""))
    target = version.units.filter(pk=target_id).first() if target_id is not None else None
    try:
        services.set_standby(actor=request.user, unit=unit, standby_for=target)
    except ValidationError as exc:
        context = page(request, version, list_errors=exc.messages)
        return render_section(request, version, "units", context)
    if target is None:
        return saved(request, version, "units", _("%(name)s不再是备用机组") % {"name": unit.name})
    message = _("%(name)s设为%(target)s的备用机组") % {"name": unit.name, "target": target.name}
    return saved(request, version, "units", message)


def _merge_form(request: HttpRequest, version: PlanVersion) -> tuple[MergeForm, list[PlanUnit]]:
    """The posted 合并填报 form, and the units it chose (once it is valid)."""
    free = _free(list(version.units.order_by("position", "id")))
    form = MergeForm(request.POST, units=free)
    if not form.is_valid():
        return form, []
    return form, [u for u in free if u.pk in form.cleaned_data["unit_ids"]]


def _preview(form: MergeForm, chosen: list[PlanUnit]) -> dict[str, Any] | None:
    """The merged row as it would be, by the engine's 合并填报 rule (which the service applies)."""
    members = [
        UnitMember(str(u.pk), u.name, UnitType(u.unit_type), Subtype(u.subtype), u.capacity_mw)
        for u in chosen
    ]
    try:
        derived = derive_merged(members)
    except ValueError as exc:
        form.add_error("unit_ids", str(exc))
        return None
    return {
        "members": chosen,
        "unit_type": derived.type.value,
        "subtype": derived.subtype.value,
        "capacity_mw": derived.capacity_mw,
        "conditions": merging.condition_rows(chosen),
    }


@editor_action("units")
def units_merge_preview(request: HttpRequest, version: PlanVersion) -> HttpResponse:
    """预览推导结果: the derived type, subtype and capacity, before anything is saved."""
    form, chosen = _merge_form(request, version)
    preview = _preview(form, chosen) if form.is_valid() else None
    context = page(request, version, merge_form=form, preview=preview)
    return render_section(request, version, "units", context)


@editor_action("units")
def units_merge(request: HttpRequest, version: PlanVersion) -> HttpResponse:
    """确定合并填报: the service makes the merged row from the chosen units."""
    form, chosen = _merge_form(request, version)
    if form.is_valid():
        try:
            merged = services.merge_units(
                actor=request.user,
                version=version,
                unit_ids=[u.pk for u in chosen],
                reason=form.cleaned_data["reason"],
                name=form.cleaned_data["name"],
                cases=form.cleaned_data["cases"],
                exception=form.cleaned_data["exception"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            message = _(
                "已合并填报：%(name)s（%(type)s，%(subtype)s，装机容量 %(capacity)s MW）"
            ) % {
                "name": merged.name,
                "type": display.value_label("unit_type", merged.unit_type),
                "subtype": display.value_label("subtype", merged.subtype),
                "capacity": display.number(merged.capacity_mw),
            }
            return saved(request, version, "units", message)
    preview = _preview(form, chosen) if len(chosen) >= 2 else None  # conditions beside it
    context = page(request, version, merge_form=form, preview=preview)
    return render_section(request, version, "units", context)
