"""The editor's section 3 生产设施: the page, and one handler for each of its actions — add a
facility, save one, delete one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from tanhe.inputs import parse_id
from tanhe.plans import display, services
from tanhe.plans.forms import BOILER_TYPES, FACILITY_DATA, FacilityForm
from tanhe.plans.models import PlanFacility, PlanVersion
from tanhe.plans.views.common import applied, editor_action, pick, render_section, saved


def _next_code(facilities: list[PlanFacility]) -> str:
    """A suggestion for the next 设施编号 (the user types the permit's own code)."""
    numbers = [n for f in facilities if (n := parse_id(f.code[2:])) is not None]
    return f"MF{(max(numbers) + 1 if numbers else 1):04d}"


def page(
    request: HttpRequest,
    version: PlanVersion,
    *,
    editing: PlanFacility | None = None,
    form: FacilityForm | None = None,
    list_errors: list[str] | None = None,
) -> dict[str, Any]:
    """The facilities by unit, and the form of the one being edited (``?facility=``) or of a
    new one (for the unit ``?unit=``, with the next 设施编号 suggested)."""
    plan = display.plan_view(version)
    if form is None:
        editing = editing or pick(plan.facilities, request.GET.get("facility"))
        if editing is not None:
            form = FacilityForm(initial=FacilityForm.initial_from(editing), units=None)
        else:
            chosen = pick(plan.real_units, request.GET.get("unit"))
            first = chosen or (plan.real_units[0] if plan.real_units else None)
            initial = {"code": _next_code(plan.facilities), "unit": first.pk if first else ""}
            form = FacilityForm(initial=initial, units=plan.real_units)
    data_fields = [
        (form[name], " ".join(c for c, names in display.CATEGORY_FIELDS.items() if name in names))
        for name in FACILITY_DATA
    ]
    return {
        "plan": plan,
        "editing": editing,
        "form": form,
        "data_fields": data_fields,
        "boiler_types": BOILER_TYPES,
        "list_errors": list_errors or [],
    }


@editor_action("facilities")
def facility_add(request: HttpRequest, version: PlanVersion) -> HttpResponse:
    units = list(version.units.filter(is_merged=False).order_by("position", "id"))
    form = FacilityForm(request.POST, units=units)
    if form.is_valid():
        unit = pick(units, form.cleaned_data["unit"])
        if unit is None:
            form.add_error("unit", _("请选择机组"))
        elif applied(
            form, services.add_facility, actor=request.user, unit=unit, data=form.service_data()
        ):
            return saved(request, version, "facilities")
    return render_section(request, version, "facilities", page(request, version, form=form))


@editor_action("facilities", facility=PlanFacility)
def facility_save(
    request: HttpRequest, version: PlanVersion, facility: PlanFacility
) -> HttpResponse:
    form = FacilityForm(request.POST, units=None)  # a facility stays with its unit
    if form.is_valid() and applied(
        form,
        services.update_facility,
        actor=request.user,
        facility=facility,
        data=form.service_data(),
    ):
        return saved(request, version, "facilities")
    context = page(request, version, editing=facility, form=form)
    return render_section(request, version, "facilities", context)


@editor_action("facilities", facility=PlanFacility)
def facility_delete(
    request: HttpRequest, version: PlanVersion, facility: PlanFacility
) -> HttpResponse:
    try:
        services.delete_facility(actor=request.user, facility=facility)
    except ValidationError as exc:
        context = page(request, version, list_errors=exc.messages)
        return render_section(request, version, "facilities", context)
    message = _("已删除生产设施：%(code)s %(name)s") % {
        "code": facility.code,
        "name": facility.name,
    }
    return saved(request, version, "facilities", message)
