"""The editor's section 6 数据的确定方式, one reporting unit at a time: the page, and one handler
for each of its actions — save the unit's rows, and save them then 同步填报 them to other units."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from tanhe.plans import display, services
from tanhe.plans.display import MethodRow, PlanView
from tanhe.plans.forms import MethodForm, SyncForm
from tanhe.plans.models import PlanUnit, PlanVersion
from tanhe.plans.views.common import applied, editor_action, pick, render_section, saved

Rows = list[tuple[MethodRow, MethodForm | None]]


def _forms(plan: PlanView, unit: PlanUnit, data: Any) -> Rows:
    """The unit's rows, each with its form (none for the rows the guide fixes)."""
    return [
        (
            row,
            None
            if row.fixed
            else MethodForm(
                data,
                prefix=f"m{row.method.pk}",
                initial=MethodForm.initial_from(row.method),
                has_state=row.has_state,
            ),
        )
        for row in plan.methods[unit.pk]
    ]


def page(
    request: HttpRequest,
    version: PlanVersion,
    *,
    unit: PlanUnit | None = None,
    rows: Rows | None = None,
    sync_form: SyncForm | None = None,
) -> dict[str, Any]:
    """The rows of one reporting unit (``?unit=``, else the first), and 同步填报 to the others."""
    plan = display.plan_view(version)
    if not plan.reporting:
        return {"plan": plan, "unit": None}
    unit = unit or pick(plan.reporting, request.GET.get("unit")) or plan.reporting[0]
    rows = rows if rows is not None else _forms(plan, unit, None)
    others = [u for u in plan.reporting if u.pk != unit.pk]
    sync_form = sync_form or SyncForm(units=others)
    return {
        "plan": plan,
        "unit": unit,
        "rows": rows,
        "others": others,
        "sync_form": sync_form,
        "sync_open": sync_form.is_bound,
        "row_errors": any(form is not None and form.errors for _row, form in rows),
    }


def _posted(request: HttpRequest, version: PlanVersion, unit: PlanUnit) -> tuple[PlanView, Rows]:
    if unit.merged_into_id is not None:
        raise Http404  # a member is reported on its 合并填报 row
    plan = display.plan_view(version)
    return plan, _forms(plan, unit, request.POST)


def _save_rows(request: HttpRequest, rows: Rows) -> bool:
    """Each changed row through the service; True if every row is saved."""
    for row, form in rows:
        if form is not None and form.is_valid() and form.has_changed():
            applied(
                form,
                services.update_method,
                actor=request.user,
                method=row.method,
                data=form.cleaned_data,
            )
    return all(form is None or not form.errors for _row, form in rows)


@editor_action("methods", unit=PlanUnit)
def methods_save(request: HttpRequest, version: PlanVersion, unit: PlanUnit) -> HttpResponse:
    _plan, rows = _posted(request, version, unit)
    if _save_rows(request, rows):
        return saved(request, version, "methods", query=f"?unit={unit.pk}")
    context = page(request, version, unit=unit, rows=rows)
    return render_section(request, version, "methods", context)


@editor_action("methods", unit=PlanUnit)
def methods_sync(request: HttpRequest, version: PlanVersion, unit: PlanUnit) -> HttpResponse:
    """保存并同步填报: the unit's rows are saved first, then copied to the chosen units."""
    plan, rows = _posted(request, version, unit)
    others = [u for u in plan.reporting if u.pk != unit.pk]
    sync_form = SyncForm(request.POST, units=others)
    if _save_rows(request, rows) and sync_form.is_valid():
        targets = [u for u in others if u.pk in sync_form.cleaned_data["targets"]]
        if not targets:
            sync_form.add_error("targets", _("请选择要同步填报的机组"))
        elif applied(
            sync_form, services.sync_methods, actor=request.user, source=unit, targets=targets
        ):
            message = _("已保存，并将“%(source)s”的填报内容同步到：%(targets)s") % {
                "source": unit.name,
                "targets": str(_("、")).join(t.name for t in targets),
            }
            return saved(request, version, "methods", message, query=f"?unit={unit.pk}")
    context = page(request, version, unit=unit, rows=rows, sync_form=sync_form)
    return render_section(request, version, "methods", context)
