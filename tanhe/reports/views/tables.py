"""The three number tables (燃料信息表, 购入使用电量表, 生产数据表): the page, and one handler for
each of its actions — 保存, 保存并自动计算 (the table's 自动计算 button saves first), the
购入使用电量表's 外购电量无法分机组 switch, the 燃料信息表's switch of an auxiliary fuel
allocated by generation — and 自动计算 with its confirmation: the first run
fills the grey cells; a later run that would change any value lists the changes, and applies
them only when the user confirms that list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import calculation, display, parsing, selectors, services
from ..completeness import unit_ids
from ..forms import AllocateFuelForm, SplitForm
from ..labels import fuel_name
from ..models import Mode, Report
from ..problems import from_issue, texts
from ..services import CellErrors
from ..table_display import STATE_CHOICES, table_view
from .common import own_report, render_section, report_action, saved, warnings_of


def page(
    report: Report,
    section: str,
    *,
    problems: list[str] | None = None,
    error_places: set[str] | None = None,
    typed: dict[str, str] | None = None,
    modes: dict[str, str] | None = None,
    autocalc_errors: list[str] | None = None,
) -> dict[str, Any]:
    """The table with the engine's values; after a refused save, what was typed (``typed``,
    ``modes``) with the refused places marked and the problems listed."""
    outcome = calculation.outcome(report)
    ids = unit_ids(report)
    view = table_view(
        report,
        display.TABLE_SECTIONS[section],
        result=outcome.result,
        sealed=selectors.sealed_months(report),
        typed=typed,
        typed_modes=modes,
        error_places=error_places or set(),
        blocking=[from_issue(i, ids) for i in outcome.issues],
    )
    return {
        "table": view,
        "problems": problems or [],
        "autocalc_errors": autocalc_errors or [],
        "warnings": warnings_of(report, outcome),
        "mode_choices": Mode.choices,
        "state_choices": STATE_CHOICES,
        "split_form": SplitForm(initial={"split": report.split_purchased_electricity}),
    }


def _save(request: HttpRequest, report: Report, section: str) -> HttpResponse | int:
    """Save the posted table: the number of cells changed, or the page with the refusal."""
    table = display.TABLE_SECTIONS[section]
    entries, typed, modes = parsing.table_entries(report, table, request.POST)
    try:
        count = services.save_cells(actor=request.user, report=report, entries=entries)
    except CellErrors as exc:
        context = page(report, section, problems=exc.problems, error_places=exc.places,
                       typed=typed, modes=modes)  # fmt: skip
        return render_section(request, report, section, context, status=400)
    except ValidationError as exc:
        context = page(report, section, problems=exc.messages)
        return render_section(request, report, section, context, status=400)
    return len(entries) if count else 0  # cells, not their value/mode/source parts


@report_action()
def table_save(request: HttpRequest, report: Report, section: str) -> HttpResponse:
    changed = _save(request, report, section)
    if isinstance(changed, HttpResponse):
        return changed
    message = _("已保存：%(n)s 个数值有修改。") % {"n": changed} if changed else _("没有修改。")
    return saved(request, report, section, message)


@report_action()
def table_autocalc(request: HttpRequest, report: Report, section: str) -> HttpResponse:
    """自动计算 from the table: its changes are saved first (a refusal stops there)."""
    changed = _save(request, report, section)
    if isinstance(changed, HttpResponse):
        return changed
    return run_autocalc(request, report, section)


@report_action("electricity")
def split_electricity(request: HttpRequest, report: Report) -> HttpResponse:
    """外购电量无法分机组，按机组数目平分: on or off."""
    form = SplitForm(request.POST)
    form.is_valid()  # a checkbox: anything but "on" is off
    split = bool(form.cleaned_data.get("split"))
    try:
        services.set_split_electricity(actor=request.user, report=report, split=split)
    except ValidationError as exc:
        context = page(report, "electricity", problems=exc.messages)
        return render_section(request, report, "electricity", context, status=400)
    message = (
        _("已设为：外购电量无法分机组，按机组数目平分。请在“全厂”行填写外购电量。")
        if split
        else _("已取消按机组数目平分，请按机组填写消费的购入电量。")
    )
    return saved(request, report, "electricity", message)


@report_action("fuel")
def allocate_fuel(request: HttpRequest, report: Report) -> HttpResponse:
    """An auxiliary fuel metered for the plant only, allocated by generation (seed 000 机组信息
    说明 c): on or off."""
    form = AllocateFuelForm(request.POST)
    form.is_valid()  # a checkbox: anything but "on" is off
    fuel = str(form.cleaned_data.get("fuel", ""))
    allocate = bool(form.cleaned_data.get("allocate"))
    try:
        services.set_allocated_fuel(actor=request.user, report=report, fuel=fuel,
                                    allocate=allocate)  # fmt: skip
    except ValidationError as exc:
        context = page(report, "fuel", problems=exc.messages)
        return render_section(request, report, "fuel", context, status=400)
    words = {"fuel": fuel_name(fuel)}
    message = (
        _("已设为：%(fuel)s按机组发电量分配。请在“全厂”行填写全厂的消耗量。") % words
        if allocate
        else _("已取消%(fuel)s按机组发电量分配，请按机组填写消耗量。") % words
    )
    return saved(request, report, "fuel", message)


# -- 自动计算 -------------------------------------------------------------------------------------
@login_required
@require_POST
def autocalc(request: HttpRequest, pk: int) -> HttpResponse:
    """自动计算 (``confirm``: the confirmation of the list of changes shown, ``fingerprint``);
    ``back``: the table to return to."""
    report = own_report(request, pk)
    back = request.POST.get("back", "fuel")
    if back not in display.TABLE_SECTIONS:
        back = "fuel"
    confirm = request.POST.get("confirm") == "1"
    return run_autocalc(request, report, back, confirm=confirm)


def run_autocalc(
    request: HttpRequest, report: Report, back: str, *, confirm: bool = False
) -> HttpResponse:
    """Run 自动计算 and show its outcome: back to the table ``back``, the engine's problems on
    it, or the changes to confirm."""
    try:
        seen = request.POST.get("fingerprint", "") if confirm else None
        outcome = services.autocalc(
            actor=request.user, report=report, confirm=confirm, expected=seen
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reports:edit", pk=report.pk, section=back)
    if outcome.stale:
        return _confirm_page(request, report, back, outcome.changes, changed=True)
    if outcome.problems:
        names = selectors.unit_names(report)
        places = {place.name for p in outcome.problems for place in p.places}
        context = page(report, back, autocalc_errors=texts(outcome.problems, names),
                       error_places=places)  # fmt: skip
        return render_section(request, report, back, context, status=400)
    if not outcome.applied:
        return _confirm_page(request, report, back, outcome.changes)
    if outcome.changes:
        n = len(outcome.changes)
        messages.success(request, _("自动计算完成：%(n)s 个数值已更新（灰色单元格）。") % {"n": n})
    else:
        messages.success(request, _("自动计算完成：数值没有变化。"))
    return redirect("reports:edit", pk=report.pk, section=back)


def _confirm_page(
    request: HttpRequest, report: Report, back: str, changes: list[Any], *, changed: bool = False
) -> HttpResponse:
    rows = display.change_rows(report, changes)
    context = {
        "report": report,
        "back": back,
        "back_label": display.SECTIONS[back],
        "rows": rows,
        "edited_count": sum(1 for r in rows if r.edited),
        "fingerprint": services.changes_fingerprint(changes),
        "changed": changed,
    }
    return render(request, "reports/autocalc_confirm.html", context)
