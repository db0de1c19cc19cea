"""The enterprise's pages for the 数据质量控制计划 (报送系统 报送-数据质量控制计划): the list of
versions, the eight-section editor, submission, the read-only view, comments and 修订记录.

Thin: a view authorises, lets a form parse the input, calls the service for each change and
redirects (POST-redirect-GET). A service's ``ValidationError`` is shown next to its field; a
frozen version is refused by the service and shown read-only.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeAlias

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tanhe.accounting.classification import merge_units as derive_merged
from tanhe.accounting.model import Subtype, UnitMember, UnitType
from tanhe.accounts import permissions as perm
from tanhe.accounts.models import REGISTRY_FIELDS, Organisation, OrganisationStatus
from tanhe.documents.services import FileRejected
from tanhe.inputs import parse_id
from tanhe.plans import display, selectors, services
from tanhe.plans.diff import diff
from tanhe.plans.forms import (
    ANY_DOCUMENT,
    BOILER_TYPES,
    FACILITY_DATA,
    IMAGE_OR_PDF,
    AttachmentForm,
    BasicInfoForm,
    BoundaryRowForm,
    BoundaryTextForm,
    CompareForm,
    FacilityForm,
    MergeForm,
    MethodForm,
    ProcessForm,
    ProductForm,
    QAForm,
    RevisionForm,
    SyncForm,
    UnitForm,
    apply_errors,
)
from tanhe.plans.models import (
    CommentKind,
    FuelType,
    PlanFacility,
    PlanState,
    PlanUnit,
    PlanVersion,
)
from tanhe.plans.services import PlanIncomplete
from tanhe.plans.validation import FUEL_CATEGORIES, plan_problems

Result: TypeAlias = "HttpResponse | dict[str, Any]"
SECTION_KEYS = [key for key, _label in display.SECTION_NAV]
SECTIONS_PER_UNIT = ("facilities", "products", "boundary", "methods")


# -- who may use these pages ---------------------------------------------------------------------
def _enterprise(request: HttpRequest) -> Organisation:
    """The enterprise whose reporting account is logged in; other users may not use these pages."""
    org = getattr(request.user, "organisation", None)
    if org is None or not perm.is_enterprise_user(request.user, org):
        raise PermissionDenied(_("只有重点排放单位的报送账号可以使用此页面"))
    return org


def _own_version(request: HttpRequest, pk: int) -> PlanVersion:
    """A version of the logged-in enterprise: 404 for others' versions, 403 for non-enterprises."""
    version = selectors.get_version(request.user, pk)
    if not perm.is_enterprise_user(request.user, version.enterprise):
        raise PermissionDenied(_("只有本单位的报送账号可以编辑质量控制计划"))
    return version


def _status_note(enterprise: Organisation) -> str:
    """Why an enterprise that is not active cannot file (an account is opened only for an
    active one, so this is a safeguard for rows from before registrations)."""
    if enterprise.status != OrganisationStatus.ACTIVE:
        return _("贵单位尚未启用，暂不能创建和报送质量控制计划；请联系所在省份的主管部门。")
    return ""


def _frozen_note(version: PlanVersion) -> str:
    if version.state == PlanState.SUBMITTED:
        return _(
            "第%(n)s版已提交，正在等待主管部门审核，不能修改。"
            "主管部门退回补正后可修改本版；审核通过后如需变更，请创建修订版本。"
        ) % {"n": version.number}
    return _("第%(n)s版已通过审核，不能修改。如需变更，请创建修订版本。") % {"n": version.number}


def _can_revise(request: HttpRequest, version: PlanVersion) -> bool:
    latest = version.enterprise.plan_versions.order_by("-number").first()
    return bool(
        version.state == PlanState.APPROVED
        and latest is not None
        and latest.pk == version.pk
        and perm.can_file(request.user, version.enterprise)
    )


# -- list, create, delete ------------------------------------------------------------------------
@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    enterprise = _enterprise(request)
    versions = list(selectors.versions_of(request.user, enterprise).prefetch_related("submissions"))
    latest = versions[0] if versions else None
    context = {
        "enterprise": enterprise,
        "versions": versions,
        "can_file": perm.can_file(request.user, enterprise),
        "status_note": _status_note(enterprise),
        "latest": latest,
        "deletable": {
            v.pk for v in versions if v.state == PlanState.DRAFT and not v.submissions.all()
        },
    }
    return render(request, "plans/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """创建/修订: the first version, or a revision of the approved latest one with its reason."""
    enterprise = _enterprise(request)
    latest = selectors.versions_of(request.user, enterprise).first()
    form = RevisionForm(request.POST or None) if latest is not None else None
    errors: list[str] = []
    if request.method == "POST":
        version = None
        try:
            if latest is None:
                version = services.create_plan(actor=request.user, enterprise=enterprise)
            elif form is not None and form.is_valid():
                version = services.create_revision(
                    actor=request.user,
                    enterprise=enterprise,
                    reason=form.cleaned_data["reason"],
                    reason_text=form.cleaned_data["reason_text"],
                )
        except ValidationError as exc:
            if form is not None:
                apply_errors(form, exc)
            else:
                errors = exc.messages
        if version is not None:
            messages.success(request, _("已创建第%(n)s版，请逐项填写。") % {"n": version.number})
            return redirect("plans:edit", pk=version.pk, section="basic")
    context = {
        "enterprise": enterprise,
        "latest": latest,
        "form": form,
        "errors": errors,
        "can_file": perm.can_file(request.user, enterprise),
        "status_note": _status_note(enterprise),
    }
    return render(request, "plans/create.html", context)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    version = _own_version(request, pk)
    try:
        services.delete_draft(actor=request.user, version=version)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已删除第%(n)s版草稿") % {"n": version.number})
    return redirect("plans:list")


# -- the editor ----------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    if section not in SECTION_KEYS:
        raise Http404
    version = _own_version(request, pk)
    if not version.is_editable:
        refusal: list[str] = []
        if request.method == "POST":
            # Let the service say why (it refuses any change to a submitted or approved version).
            try:
                services.update_texts(actor=request.user, version=version, data={})
            except ValidationError as exc:
                refusal = exc.messages
        return _render_section(request, version, section, {"refusal": refusal})
    result = SECTION_HANDLERS[section](request, version)
    if isinstance(result, HttpResponse):
        return result
    return _render_section(request, version, section, result)


def _render_section(
    request: HttpRequest, version: PlanVersion, section: str, context: dict[str, Any]
) -> HttpResponse:
    frozen = not version.is_editable
    counts = Counter(p.section for p in plan_problems(version)) if not frozen else Counter()
    # Sections filled per unit have nothing to check before the first unit: not "done" yet.
    empty = set() if frozen or version.units.exists() else set(SECTIONS_PER_UNIT)
    index = SECTION_KEYS.index(section)
    nav = [
        {
            "key": key,
            "label": label,
            "url": reverse("plans:edit", args=[version.pk, key]),
            "problems": counts[key],
            "done": not counts[key] and key not in empty,
            "current": key == section,
        }
        for key, label in display.SECTION_NAV
    ]
    returned = None
    if version.state == PlanState.RETURNED:
        returned = version.comments.filter(kind=CommentKind.RETURN).order_by("-created_at").first()
    base = {
        "version": version,
        "section": section,
        "section_label": display.SECTION_LABELS[section],
        "nav": nav,
        "next": nav[index + 1] if index + 1 < len(nav) else None,
        "problem_count": sum(counts.values()),
        "frozen": frozen,
        "returned": returned,
    }
    if frozen:
        base |= {
            "frozen_note": _frozen_note(version),
            "can_revise": _can_revise(request, version),
            "plan": display.plan_view(version),
            "show_template": f"plans/show/{section}.html",
        }
        return render(request, "plans/frozen.html", base | context)
    return render(request, f"plans/section_{section}.html", base | context)


def _saved(
    request: HttpRequest,
    version: PlanVersion,
    section: str,
    message: str = "",
    query: str = "",
) -> HttpResponse:
    """After a successful change: say so, and go to the next section if that was asked."""
    messages.success(request, message or _("已保存"))
    if request.POST.get("then") == "next":
        index = SECTION_KEYS.index(section)
        if index + 1 < len(SECTION_KEYS):
            return redirect("plans:edit", pk=version.pk, section=SECTION_KEYS[index + 1])
    return redirect(reverse("plans:edit", args=[version.pk, section]) + query)


def _pick(items: list[Any], raw: str | None) -> Any:
    """The item whose pk is ``raw`` (from the query or the form), or None."""
    pk = parse_id(raw)
    return None if pk is None else next((item for item in items if item.pk == pk), None)


# section 1 ------------------------------------------------------------------------------------
def _basic(request: HttpRequest, version: PlanVersion) -> Result:
    basic = version.basic
    editable = services.editable_basic_fields(version.enterprise)
    if request.method == "POST":
        form = BasicInfoForm(request.POST, editable=editable)
        if form.is_valid():
            try:
                services.update_basic_info(
                    actor=request.user, version=version, data=form.service_data()
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return _saved(request, version, "basic")
    else:
        form = BasicInfoForm(initial=BasicInfoForm.initial_from(basic, editable), editable=editable)
    fixed_fields = [
        f for f in (*REGISTRY_FIELDS, "province", "authority_name") if f not in editable
    ]
    locked = [
        (
            basic._meta.get_field(name).verbose_name,
            display.value_label(name, getattr(basic, name)),
            name in REGISTRY_FIELDS,
        )
        for name in fixed_fields
    ]
    return {"form": form, "locked": locked, "in_registry": version.enterprise.in_registry}


# section 2 ------------------------------------------------------------------------------------
def _units(request: HttpRequest, version: PlanVersion) -> Result:
    plan = display.plan_view(version)
    units = [row.unit for row in plan.units]
    free = [u for u in units if not u.is_merged and u.merged_into_id is None]
    editing = _pick(units, request.POST.get("unit_id") or request.GET.get("unit"))
    if editing is not None and editing.is_merged:
        editing = None  # a merged row's data is derived from its members
    unit_form: UnitForm | None = None
    merge_form: MergeForm | None = None
    preview: dict[str, Any] | None = None
    list_errors: list[str] = []
    action = request.POST.get("action")
    if request.method == "POST" and action == "save_unit":
        unit_form = UnitForm(request.POST)
        if unit_form.is_valid():
            try:
                if editing is not None:
                    services.update_unit(
                        actor=request.user, unit=editing, data=unit_form.service_data()
                    )
                else:
                    services.add_unit(
                        actor=request.user, version=version, data=unit_form.service_data()
                    )
            except ValidationError as exc:
                apply_errors(unit_form, exc)
            else:
                return _saved(request, version, "units")
    elif request.method == "POST" and action in ("delete_unit", "unmerge"):
        target = _pick(units, request.POST.get("target"))
        if target is None:
            raise Http404
        try:
            services.delete_unit(actor=request.user, unit=target)
        except ValidationError as exc:
            list_errors = exc.messages
        else:
            message = (
                _("已取消合并填报：%(name)s") if action == "unmerge" else _("已删除机组：%(name)s")
            )
            return _saved(request, version, "units", message % {"name": target.name})
    elif request.method == "POST" and action in ("merge", "merge_preview"):
        merge_form = MergeForm(request.POST, units=free)
        if merge_form.is_valid():
            chosen = [u for u in free if u.pk in merge_form.cleaned_data["unit_ids"]]
            if action == "merge_preview":
                preview = _merge_preview(merge_form, chosen)
            else:
                try:
                    merged = services.merge_units(
                        actor=request.user,
                        version=version,
                        unit_ids=[u.pk for u in chosen],
                        reason=merge_form.cleaned_data["reason"],
                        name=merge_form.cleaned_data["name"],
                    )
                except ValidationError as exc:
                    apply_errors(merge_form, exc)
                else:
                    message = _(
                        "已合并填报：%(name)s（%(type)s，%(subtype)s，装机容量 %(capacity)s MW）"
                    ) % {
                        "name": merged.name,
                        "type": display.value_label("unit_type", merged.unit_type),
                        "subtype": display.value_label("subtype", merged.subtype),
                        "capacity": display.number(merged.capacity_mw),
                    }
                    return _saved(request, version, "units", message)
    if unit_form is None:
        unit_form = UnitForm(initial=UnitForm.initial_from(editing) if editing else None)
    if merge_form is None:
        merge_form = MergeForm(units=free)
    chosen_fuels = set(unit_form["fuel_names"].value() or [])
    fuel_groups = [
        (category, label, [(key, name, key in chosen_fuels) for key, name in rows])
        for category, label, rows in display.fuel_groups()
    ]
    return {
        "plan": plan,
        "editing": editing,
        "unit_form": unit_form,
        "fuel_groups": fuel_groups,
        "fuel_categories": json.dumps(_admitted_fuel_categories()),
        "merge_form": merge_form,
        "merge_open": merge_form.is_bound or preview is not None,
        "can_merge": len(free) >= 2,
        "preview": preview,
        "list_errors": list_errors,
    }


def _admitted_fuel_categories() -> dict[str, list[str]]:
    """发电燃料类型 → the fuel catalogue categories its units may list (for the page's filter):
    validation's own table, plus the ignition and support oil that coal units list."""
    admitted = {str(k): set(v) for k, v in FUEL_CATEGORIES.items()}
    admitted[FuelType.COAL].add("oil")
    return {k: sorted(v) for k, v in admitted.items()}


def _merge_preview(form: MergeForm, chosen: list[PlanUnit]) -> dict[str, Any] | None:
    """The merged row as it would be, by the engine's 合并填报 rule (which the service applies)."""
    try:
        derived = derive_merged(
            [
                UnitMember(
                    str(u.pk), u.name, UnitType(u.unit_type), Subtype(u.subtype), u.capacity_mw
                )
                for u in chosen
            ]
        )
    except ValueError as exc:
        form.add_error("unit_ids", str(exc))
        return None
    return {
        "members": chosen,
        "unit_type": derived.type.value,
        "subtype": derived.subtype.value,
        "capacity_mw": derived.capacity_mw,
    }


# section 3 ------------------------------------------------------------------------------------
def _facilities(request: HttpRequest, version: PlanVersion) -> Result:
    plan = display.plan_view(version)
    editing: PlanFacility | None = _pick(
        plan.facilities, request.POST.get("facility_id") or request.GET.get("facility")
    )
    form: FacilityForm | None = None
    list_errors: list[str] = []
    action = request.POST.get("action")
    units = None if editing is not None else plan.real_units
    if request.method == "POST" and action == "save_facility":
        form = FacilityForm(request.POST, units=units)
        if form.is_valid():
            unit = editing.unit if editing else _pick(plan.real_units, form.cleaned_data["unit"])
            try:
                if editing is not None:
                    services.update_facility(
                        actor=request.user, facility=editing, data=form.service_data()
                    )
                elif unit is None:
                    form.add_error("unit", _("请选择机组"))
                else:
                    services.add_facility(actor=request.user, unit=unit, data=form.service_data())
            except ValidationError as exc:
                apply_errors(form, exc)
            if not form.errors:
                return _saved(request, version, "facilities")
    elif request.method == "POST" and action == "delete_facility":
        target = _pick(plan.facilities, request.POST.get("target"))
        if target is None:
            raise Http404
        try:
            services.delete_facility(actor=request.user, facility=target)
        except ValidationError as exc:
            list_errors = exc.messages
        else:
            message = _("已删除生产设施：%(code)s %(name)s") % {
                "code": target.code,
                "name": target.name,
            }
            return _saved(request, version, "facilities", message)
    if form is None:
        if editing is not None:
            form = FacilityForm(initial=FacilityForm.initial_from(editing), units=None)
        else:
            chosen = _pick(plan.real_units, request.GET.get("unit"))
            first = chosen or (plan.real_units[0] if plan.real_units else None)
            initial = {"code": _next_code(plan.facilities), "unit": first.pk if first else ""}
            form = FacilityForm(initial=initial, units=units)
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
        "list_errors": list_errors,
    }


def _next_code(facilities: list[PlanFacility]) -> str:
    """A suggestion for the next 设施编号 (the user types the permit's own code)."""
    numbers = [n for f in facilities if (n := parse_id(f.code[2:])) is not None]
    return f"MF{(max(numbers) + 1 if numbers else 1):04d}"


# section 4 ------------------------------------------------------------------------------------
def _products(request: HttpRequest, version: PlanVersion) -> Result:
    plan = display.plan_view(version)
    data = request.POST if request.method == "POST" else None
    rows = [
        (u, ProductForm(data, prefix=f"u{u.pk}", initial={"main_product": u.main_product}))
        for u in plan.reporting
    ]
    text_form = ProcessForm(data, initial={"process_description": version.process_description})
    if request.method == "POST":
        for unit, form in rows:
            if form.is_valid() and (form.has_changed() or not unit.main_product):
                try:
                    services.set_main_product(
                        actor=request.user, unit=unit, product=form.cleaned_data["main_product"]
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
        _save_text(request, version, text_form)
        if all(not form.errors for _unit, form in rows) and not text_form.errors:
            return _saved(request, version, "products")
    return {"plan": plan, "rows": rows, "text_form": text_form}


def _save_text(request: HttpRequest, version: PlanVersion, form: Any) -> None:
    if form.is_valid():
        try:
            services.update_texts(actor=request.user, version=version, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)


# section 5 ------------------------------------------------------------------------------------
def _boundary(request: HttpRequest, version: PlanVersion) -> Result:
    plan = display.plan_view(version)
    data = request.POST if request.method == "POST" else None
    rows = [
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
    text_form = BoundaryTextForm(
        data, initial={"boundary_description": version.boundary_description}
    )
    if request.method == "POST":
        for facility, form in rows:
            if form.is_valid() and form.has_changed():
                try:
                    services.update_facility(
                        actor=request.user, facility=facility, data=form.cleaned_data
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
        _save_text(request, version, text_form)
        if all(not form.errors for _f, form in rows) and not text_form.errors:
            return _saved(request, version, "boundary")
    return {"plan": plan, "rows": rows, "text_form": text_form}


# section 6 ------------------------------------------------------------------------------------
def _methods(request: HttpRequest, version: PlanVersion) -> Result:
    plan = display.plan_view(version)
    if not plan.reporting:
        return {"plan": plan, "unit": None}
    unit = _pick(plan.reporting, request.POST.get("unit") or request.GET.get("unit"))
    unit = unit or plan.reporting[0]
    data = request.POST if request.method == "POST" else None
    rows = [
        (
            m,
            None
            if display.is_fixed(m)
            else MethodForm(data, prefix=f"m{m.pk}", initial=MethodForm.initial_from(m)),
        )
        for m in plan.methods[unit.pk]
    ]
    others = [u for u in plan.reporting if u.pk != unit.pk]
    action = request.POST.get("action")
    sync_form = SyncForm(data if action == "sync" else None, units=others)
    if request.method == "POST":
        for method, form in rows:
            if form is not None and form.is_valid() and form.has_changed():
                try:
                    services.update_method(
                        actor=request.user, method=method, data=form.cleaned_data
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
        saved = all(form is None or not form.errors for _m, form in rows)
        message = ""
        if saved and action == "sync" and sync_form.is_valid():
            targets = [u for u in others if u.pk in sync_form.cleaned_data["targets"]]
            if not targets:
                sync_form.add_error("targets", _("请选择要同步填报的机组"))
            else:
                try:
                    services.sync_methods(actor=request.user, source=unit, targets=targets)
                except ValidationError as exc:
                    apply_errors(sync_form, exc)
                else:
                    message = _("已保存，并将“%(source)s”的填报内容同步到：%(targets)s") % {
                        "source": unit.name,
                        "targets": "、".join(t.name for t in targets),
                    }
        if saved and not sync_form.errors:
            return _saved(request, version, "methods", message, query=f"?unit={unit.pk}")
    return {
        "plan": plan,
        "unit": unit,
        "rows": rows,
        "others": others,
        "sync_form": sync_form,
        "sync_open": sync_form.is_bound,
        "row_errors": any(form is not None and form.errors for _m, form in rows),
    }


# section 7 ------------------------------------------------------------------------------------
def _qa(request: HttpRequest, version: PlanVersion) -> Result:
    data = request.POST if request.method == "POST" else None
    form = QAForm(data, initial={"qa_text": version.qa_text})
    if request.method == "POST":
        _save_text(request, version, form)
        if not form.errors:
            return _saved(request, version, "qa")
    return {"form": form}


# section 8 ------------------------------------------------------------------------------------
def _attachments(request: HttpRequest, version: PlanVersion) -> Result:
    plan = display.plan_view(version)
    failed: AttachmentForm | None = None
    failed_kind = ""
    list_errors: list[str] = []
    action = request.POST.get("action")
    if request.method == "POST" and action == "upload":
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                attachment = services.add_attachment(
                    actor=request.user,
                    version=version,
                    kind=form.cleaned_data["kind"],
                    upload=upload,
                    name=upload.name,
                    title=form.cleaned_data["title"],
                )
            except FileRejected as exc:
                form.add_error("file", str(exc))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                message = _("已上传%(kind)s：%(name)s") % {
                    "kind": attachment.get_kind_display(),
                    "name": attachment.file.original_name,
                }
                return _saved(request, version, "attachments", message)
        failed, failed_kind = form, request.POST.get("kind", "")
    elif request.method == "POST" and action == "remove":
        attachments = [*plan.other_attachments, *(a for _k, _l, a in plan.required_attachments)]
        target = _pick([a for a in attachments if a is not None], request.POST.get("target"))
        if target is None:
            raise Http404
        try:
            services.remove_attachment(actor=request.user, attachment=target)
        except ValidationError as exc:
            list_errors = exc.messages
        else:
            return _saved(request, version, "attachments", _("已删除附件：%(t)s") % {"t": target})
    return {
        "plan": plan,
        "failed": failed,
        "failed_kind": failed_kind,
        "list_errors": list_errors,
        "image_or_pdf": IMAGE_OR_PDF,
        "any_document": ANY_DOCUMENT,
    }


SECTION_HANDLERS: dict[str, Callable[[HttpRequest, PlanVersion], Result]] = {
    "basic": _basic,
    "units": _units,
    "facilities": _facilities,
    "products": _products,
    "boundary": _boundary,
    "methods": _methods,
    "qa": _qa,
    "attachments": _attachments,
}


# -- submit ------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _own_version(request, pk)
    problems = plan_problems(version) if version.is_editable else []
    errors: list[str] = []
    if request.method == "POST":
        try:
            submission = services.submit(actor=request.user, version=version)
        except PlanIncomplete as exc:
            problems = exc.problems
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("第%(n)s版已提交，等待主管部门审核。提交内容的 SHA-256：%(sha)s")
                % {"n": version.number, "sha": submission.sha256},
            )
            return redirect("plans:view", pk=version.pk)
    groups = [
        {
            "key": key,
            "label": label,
            "url": reverse("plans:edit", args=[version.pk, key]),
            "messages": [p.message for p in problems if p.section == key],
        }
        for key, label in display.SECTION_NAV
    ]
    context = {
        "version": version,
        "groups": [g for g in groups if g["messages"]],
        "problem_count": len(problems),
        "errors": errors,
        "frozen_note": "" if version.is_editable else _frozen_note(version),
    }
    return render(request, "plans/submit.html", context)


# -- read-only pages -----------------------------------------------------------------------------
@login_required
@require_GET
def view(request: HttpRequest, pk: int) -> HttpResponse:
    """查看: every section of a version, read-only (the enterprise and its authority)."""
    version = selectors.get_version(request.user, pk)
    owner = perm.is_enterprise_user(request.user, version.enterprise)
    context = {
        "version": version,
        "plan": display.plan_view(version),
        "owner": owner,
        "can_edit": owner
        and version.is_editable
        and perm.can_file(request.user, version.enterprise),
        "can_revise": owner and _can_revise(request, version),
        "sections": [(key, label, f"plans/show/{key}.html") for key, label in display.SECTION_NAV],
    }
    return render(request, "plans/view.html", context)


@login_required
@require_GET
def comments(request: HttpRequest, pk: int) -> HttpResponse:
    """意见: the authority's comments and the version's review history."""
    version = selectors.get_version(request.user, pk)
    context = {
        "version": version,
        "comments": list(version.comments.select_related("author").order_by("-created_at", "-id")),
        "submissions": list(
            version.submissions.select_related("submitted_by").order_by("-submitted_at", "-id")
        ),
        "owner": perm.is_enterprise_user(request.user, version.enterprise),
    }
    return render(request, "plans/comments.html", context)


@login_required
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    """修订记录: the versions, and the field-by-field changes between any two of them."""
    a_raw, b_raw = request.GET.get("a", ""), request.GET.get("b", "")
    old: PlanVersion | None = None
    new: PlanVersion | None = None
    if a_raw or b_raw:
        a_pk, b_pk = parse_id(a_raw), parse_id(b_raw)
        if a_pk is None or b_pk is None:
            raise Http404
        old = selectors.get_version(request.user, a_pk)
        new = selectors.get_version(request.user, b_pk)
        if old.enterprise_id != new.enterprise_id:
            raise Http404
        enterprise = old.enterprise
        versions = list(selectors.versions_of(request.user, enterprise))
    else:
        enterprise = _enterprise(request)
        versions = list(selectors.versions_of(request.user, enterprise))
        if len(versions) > 1:
            new = versions[0]
            old = new.based_on or versions[1]
    sections: list[display.DiffSection] = []
    if old is not None and new is not None:
        sections = display.diff_sections(
            diff(selectors.plan_content(old), selectors.plan_content(new))
        )
    form = CompareForm(
        initial={"a": old.pk if old else None, "b": new.pk if new else None}, versions=versions
    )
    context = {
        "enterprise": enterprise,
        "versions": versions,
        "form": form,
        "old": old,
        "new": new,
        "sections": sections,
        "owner": perm.is_enterprise_user(request.user, enterprise),
    }
    return render(request, "plans/diff.html", context)
