"""The enterprise's annual report pages (报送系统 报送-排放报告): the list of reports and versions,
the editor (基本信息, the three number tables with 自动计算, 确定方式表, 生产设施表, 信息汇总表,
材料上传和下载, 提交确认), daily records of a fuel month, the read-only view and the comparison
of two versions.

Thin: a view authorises, lets a form (or ``display``) parse the input, calls the service and
redirects (POST-redirect-GET). A service's refusal is shown in its words; a submitted or returned
version renders read-only and any POST to it gets the service's refusal as a message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounting.report_form import DECLARATION_ZH, MONTHS, Table
from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Organisation
from tanhe.documents.services import FileRejected
from tanhe.inputs import parse_id

from . import calculation, display, selectors, services
from .completeness import submission_problems, warnings
from .forms import (
    ACCREDITATION_CHOICES,
    ANY_DOCUMENT,
    CALIBRATION_FREQUENCIES,
    FREQUENCIES,
    METHOD_CHOICES,
    PDF_ONLY,
    TEST_LABELS,
    ContactForm,
    CreateForm,
    DeclarationForm,
    EvidenceForm,
    SplitForm,
    StampedForm,
    apply_errors,
    daily_rows,
    month_days,
    test_changes,
)
from .models import Mode, Report, ReportState
from .problems import Shown, shown, texts
from .services import CellErrors, SubmissionRefused

Result: TypeAlias = "HttpResponse | dict[str, Any]"


# -- who may use these pages ----------------------------------------------------------------------
def _enterprise(request: HttpRequest) -> Organisation:
    org = getattr(request.user, "organisation", None)
    if org is None or not perm.is_enterprise_user(request.user, org):
        raise PermissionDenied(_("只有重点排放单位的报送账号可以使用此页面"))
    return org


def _own_report(request: HttpRequest, pk: int) -> Report:
    """A report of the logged-in enterprise: 404 for others' reports, 403 for non-enterprises."""
    report = selectors.get_report(request.user, pk)
    if not perm.is_enterprise_user(request.user, report.enterprise):
        raise PermissionDenied(_("只有本单位的报送账号可以编辑排放报告"))
    return report


def _frozen_note(report: Report) -> str:
    if report.state == ReportState.SUBMITTED:
        return _("第%(n)s版已提交，正在等待主管部门审核，不能修改。") % {"n": report.number}
    if report.state == ReportState.RETURNED:
        following = getattr(report, "next_version", None)
        note = _("第%(n)s版已被主管部门退回补正，本版保持提交时的内容，不能修改。") % {
            "n": report.number
        }
        if following is not None:
            note += _("请在第%(n)s版中修改后重新提交。") % {"n": following.number}
        return note
    return _("第%(n)s版已通过主管部门审核，不能修改。") % {"n": report.number}


# -- list, create, delete -------------------------------------------------------------------------
@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    return _render_list(request, _enterprise(request), CreateForm())


def _render_list(
    request: HttpRequest, enterprise: Organisation, form: CreateForm, status: int = 200
) -> HttpResponse:
    reports = selectors.reports_of(enterprise)
    authority = display.authority_name(reports[0]) if reports else ""
    plan = services.plan_in_force(enterprise)
    context = {
        "enterprise": enterprise,
        "reports": reports,
        "authority": authority,
        "can_file": perm.can_file(request.user, enterprise),
        "form": form,
        "create_open": form.is_bound,
        "plan": plan,
    }
    return render(request, "reports/list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    enterprise = _enterprise(request)
    if request.method == "GET":
        return redirect("reports:list")
    form = CreateForm(request.POST)
    if form.is_valid():
        try:
            report = services.create_report(
                actor=request.user, enterprise=enterprise, year=form.cleaned_data["year"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("已创建%(year)s年度排放报告（依据质量控制计划第%(n)s版），请逐项填写。")
                % {"year": report.year, "n": report.plan_version.number},
            )
            return redirect("reports:edit", pk=report.pk, section="basic")
    return _render_list(request, enterprise, form, status=400)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    report = _own_report(request, pk)
    try:
        services.delete_draft(actor=request.user, report=report)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已删除%(year)s年度排放报告草稿") % {"year": report.year})
    return redirect("reports:list")


# -- the editor -----------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    if section not in display.SECTIONS:
        raise Http404
    report = _own_report(request, pk)
    if report.is_frozen:
        if request.method == "POST":
            _refuse(request, report)
            return redirect("reports:edit", pk=report.pk, section=section)
        return _render_section(request, report, section, _frozen_context(report, section))
    result = HANDLERS[section](request, report)
    if isinstance(result, HttpResponse):
        return result
    status = result.pop("status", 200)
    return _render_section(request, report, section, result, status=status)


def _refuse(request: HttpRequest, report: Report) -> None:
    """A change to a frozen version: let the service say why (it refuses every change)."""
    try:
        services.update_contact(actor=request.user, report=report, data={})
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)


def _frozen_context(report: Report, section: str) -> dict[str, Any]:
    """A frozen version's section: the read-only parts of its page."""
    context: dict[str, Any] = {}
    if section in display.TABLE_SECTIONS:
        outcome = calculation.outcome(report)
        context["table"] = display.table_view(
            report,
            display.TABLE_SECTIONS[section],
            result=outcome.result,
            sealed=selectors.sealed_months(report),
        )
    elif section == "basic":
        context["basic_items"] = display.basic_items(report)
    elif section == "tests":
        context["blocks"] = display.test_blocks(report)
    elif section == "facilities":
        context["facility_rows"] = display.facility_rows(report)
    elif section == "summary":
        context["summary_rows"], context["summary_total"] = selectors.summary(report)
    elif section in ("evidence", "submit"):
        context["required"], context["others"] = display.evidence_rows(report)
        context["submission"] = getattr(report, "submission", None)
        context["declaration"] = DECLARATION_ZH
        context["editable"] = False
    return context


def _render_section(
    request: HttpRequest,
    report: Report,
    section: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    base = {
        "report": report,
        "section": section,
        "section_label": display.SECTIONS[section],
        "nav": display.nav(report, section),
        "next": display.next_section(report, section),
        "frozen": report.is_frozen,
        "frozen_note": _frozen_note(report) if report.is_frozen else "",
        "comments": display.return_comments(report),
        "authority_name": display.authority_name(report),
        "sealed": selectors.sealed_months(report),
    }
    template = f"reports/section_{section}.html"
    if section in display.TABLE_SECTIONS:
        template = "reports/section_table.html"
    return render(request, template, base | context, status=status)


def _saved(request: HttpRequest, report: Report, section: str, message: str = "") -> HttpResponse:
    messages.success(request, message or _("已保存"))
    if request.POST.get("then") == "next":
        following = display.next_section(report, section)
        if following is not None:
            return redirect(following.url)
    return redirect("reports:edit", pk=report.pk, section=section)


# section 基本信息 ---------------------------------------------------------------------------------
def _basic(request: HttpRequest, report: Report) -> Result:
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                services.update_contact(actor=request.user, report=report, data=form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return _saved(request, report, "basic")
    else:
        form = ContactForm(
            initial={
                "contact_person": report.contact_person,
                "contact_phone": report.contact_phone,
                "contact_email": report.contact_email,
            }
        )
    return {
        "form": form,
        "basic_items": display.basic_items(report),
        "status": 400 if form.errors else 200,
    }


# the three number tables ------------------------------------------------------------------------
def _table(request: HttpRequest, report: Report) -> Result:
    assert request.resolver_match is not None
    section = request.resolver_match.kwargs["section"]
    table = display.TABLE_SECTIONS[section]
    action = request.POST.get("action", "save")
    if request.method == "POST" and action == "split":
        form = SplitForm(request.POST)
        form.is_valid()
        split = bool(form.cleaned_data.get("split"))
        try:
            services.set_split_electricity(actor=request.user, report=report, split=split)
        except ValidationError as exc:
            return _table_context(request, report, table, problems=exc.messages)
        message = (
            _("已设为：外购电量无法分机组，按机组数目平分。请在“全厂”行填写外购电量。")
            if split
            else _("已取消按机组数目平分，请按机组填写消费的购入电量。")
        )
        return _saved(request, report, section, message)
    if request.method == "POST":
        # reading the posted cells needs the table's places, not the engine's annual values
        view = display.table_view(
            report, table, result=None, sealed=selectors.sealed_months(report)
        )
        entries, typed, modes = display.table_entries(view, request.POST)
        try:
            count = services.save_cells(actor=request.user, report=report, entries=entries)
        except CellErrors as exc:
            return _table_context(request, report, table, problems=exc.problems,
                                  error_places=exc.places, typed=typed, modes=modes)  # fmt: skip
        except ValidationError as exc:
            return _table_context(request, report, table, problems=exc.messages)
        if action == "autocalc":
            return _autocalc(request, report, section)
        changed = len(entries) if count else 0  # cells, not their value/mode/source parts
        message = _("已保存：%(n)s 个数值有修改。") % {"n": changed} if changed else _("没有修改。")
        return _saved(request, report, section, message)
    return _table_context(request, report, table)


def _view(report: Report, table: Table) -> display.TableView:
    outcome = calculation.outcome(report)
    return display.table_view(
        report, table, result=outcome.result, sealed=selectors.sealed_months(report)
    )


def _table_context(
    request: HttpRequest,
    report: Report,
    table: Table,
    *,
    problems: list[str] | None = None,
    error_places: set[str] | None = None,
    typed: dict[str, str] | None = None,
    modes: dict[str, str] | None = None,
    autocalc_errors: list[str] | None = None,
) -> dict[str, Any]:
    outcome = calculation.outcome(report)
    view = display.table_view(
        report,
        table,
        result=outcome.result,
        sealed=selectors.sealed_months(report),
        typed=typed,
        typed_modes=modes,
        error_places=error_places or set(),
    )
    return {
        "table": view,
        "problems": problems or [],
        "autocalc_errors": autocalc_errors or [],
        "warnings": _warnings(report, outcome),
        "mode_choices": Mode.choices,
        "state_choices": display.STATE_CHOICES,
        "split_form": SplitForm(initial={"split": report.split_purchased_electricity}),
        "status": 400 if problems or autocalc_errors else 200,
    }


# 自动计算 -----------------------------------------------------------------------------------------
@login_required
@require_POST
def autocalc(request: HttpRequest, pk: int) -> HttpResponse:
    """自动计算 (and its confirmation): the first run fills the grey cells; a later run that would
    change any value lists the changes, and applies them only when the user confirms that list."""
    report = _own_report(request, pk)
    back = request.POST.get("back", "fuel")
    if back not in display.TABLE_SECTIONS:
        back = "fuel"
    confirm = request.POST.get("confirm") == "1"
    return _autocalc(request, report, back, confirm=confirm)


def _autocalc(
    request: HttpRequest, report: Report, back: str, *, confirm: bool = False
) -> HttpResponse:
    try:
        seen = request.POST.get("fingerprint", "") if confirm else None
        outcome = services.autocalc(
            actor=request.user, report=report, confirm=confirm, expected=seen
        )
        if outcome.stale:
            return _confirm_page(request, report, back, outcome.changes, changed=True)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reports:edit", pk=report.pk, section=back)
    if outcome.problems:
        names = selectors.unit_names(report)
        places = {p.place.name for p in outcome.problems if p.place is not None}
        context = _table_context(request, report, display.TABLE_SECTIONS[back],
                                 autocalc_errors=texts(outcome.problems, names),
                                 error_places=places)  # fmt: skip
        status = context.pop("status")
        return _render_section(request, report, back, context, status=status)
    if not outcome.applied:
        return _confirm_page(request, report, back, outcome.changes)
    if outcome.changes:
        message = _("自动计算完成：%(n)s 个数值已更新（灰色单元格）。") % {
            "n": len(outcome.changes)
        }
    else:
        message = _("自动计算完成：数值没有变化。")
    messages.success(request, message)
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
        "fingerprint": display.changes_fingerprint(changes),
        "changed": changed,
    }
    return render(request, "reports/autocalc_confirm.html", context)


# 确定方式表 ---------------------------------------------------------------------------------------
def _tests(request: HttpRequest, report: Report) -> Result:
    blocks = display.test_blocks(report)
    problems: list[str] = []
    if request.method == "POST":
        changes, typed, problems = test_changes(blocks, request.POST)
        if not problems:
            problems = _save_tests(request, report, changes)
        if not problems:
            return _saved(
                request, report, "tests", _("已保存：%(n)s 行有修改。") % {"n": len(changes)}
            )
        bad = {row.where: row.error for block in blocks for row in block.rows if row.error}
        blocks = display.test_blocks(report, typed)
        for block in blocks:
            for row in block.rows:
                row.error = bad.get(row.where, "")
    return {
        "blocks": blocks,
        "problems": problems,
        "method_choices": METHOD_CHOICES,
        "accreditation_choices": ACCREDITATION_CHOICES,
        "frequencies": FREQUENCIES,
        "calibration_frequencies": CALIBRATION_FREQUENCIES,
        "labels": TEST_LABELS,
        "status": 400 if problems else 200,
    }


def _save_tests(
    request: HttpRequest, report: Report, changes: list[tuple[display.TestRowView, dict[str, Any]]]
) -> list[str]:
    """All rows or none: a refused row names its place and rolls the others back."""
    problems: list[str] = []
    with transaction.atomic():
        for row, data in changes:
            try:
                services.save_test_record(
                    actor=request.user,
                    report=report,
                    unit=row.unit,
                    fuel=row.fuel,
                    parameter=row.parameter,
                    month=row.month,
                    data=data,
                )
            except ValidationError as exc:
                texts = _field_messages(exc)
                row.error = "；".join(texts)
                problems += [f"{row.where} {t}" for t in texts]
        if problems:
            transaction.set_rollback(True)
    return problems


def _field_messages(exc: ValidationError) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    out = []
    for name, words in exc.message_dict.items():
        label = str(TEST_LABELS.get(name, "")) if name != "__all__" else ""
        out += [f"{label}：{t}" if label else t for t in words]
    return out


# 生产设施表, 信息汇总表 ---------------------------------------------------------------------------
def _facilities(request: HttpRequest, report: Report) -> Result:
    if request.method == "POST":
        raise Http404  # read-only: the plan's facilities
    return {"facility_rows": display.facility_rows(report)}


def _summary(request: HttpRequest, report: Report) -> Result:
    if request.method == "POST":
        raise Http404  # read-only: computed from the tables
    rows, total = selectors.summary(report)
    return {"summary_rows": rows, "summary_total": total}


# 材料上传和下载 -----------------------------------------------------------------------------------
def _evidence(request: HttpRequest, report: Report) -> Result:
    failed: EvidenceForm | None = None
    failed_kind = ""
    list_errors: list[str] = []
    action = request.POST.get("action")
    if request.method == "POST" and action == "upload":
        form = EvidenceForm(request.POST, request.FILES)
        failed_kind = request.POST.get("kind", "")
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                evidence = services.add_evidence(
                    actor=request.user,
                    report=report,
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
                message = _("已上传%(kind)s：%(name)s（SHA-256 %(sha)s）") % {
                    "kind": evidence.get_kind_display(),
                    "name": evidence.file.original_name,
                    "sha": evidence.file.sha256,
                }
                return _saved(request, report, "evidence", message)
        failed = form
    elif request.method == "POST" and action == "remove":
        target = report.evidence.filter(pk=_int(request.POST.get("target"))).first()
        if target is None:
            raise Http404
        try:
            services.remove_evidence(actor=request.user, evidence=target)
        except ValidationError as exc:
            list_errors = exc.messages
        else:
            return _saved(
                request,
                report,
                "evidence",
                _("已删除附件：%(name)s") % {"name": target.title or target.file.original_name},
            )
    required, others = display.evidence_rows(report)
    return {
        "required": required,
        "others": others,
        "failed": failed,
        "failed_kind": failed_kind,
        "list_errors": list_errors,
        "any_document": ANY_DOCUMENT,
        "editable": True,
        "status": 400 if failed is not None or list_errors else 200,
    }


def _int(value: str | None) -> int:
    """A posted or queried id (:func:`tanhe.inputs.parse_id`); anything else is 0."""
    return parse_id(value) or 0


# 提交确认 -----------------------------------------------------------------------------------------
def _submit_section(request: HttpRequest, report: Report) -> Result:
    basic = getattr(report.plan_version, "basic", None)
    declaration = DeclarationForm(
        initial={
            "entity": report.declared_entity or (basic.name if basic else ""),
            "legal_representative": report.declared_legal_representative
            or (basic.legal_representative if basic else ""),
        }
    )
    stamped = StampedForm()
    action = request.POST.get("action")
    if request.method == "POST" and action == "declare":
        declaration = DeclarationForm(request.POST)
        if declaration.is_valid():
            try:
                services.declare(
                    actor=request.user,
                    report=report,
                    entity=declaration.cleaned_data["entity"],
                    legal_representative=declaration.cleaned_data["legal_representative"],
                )
            except ValidationError as exc:
                apply_errors(declaration, exc)
            else:
                return _saved(request, report, "submit", _("声明已保存"))
    elif request.method == "POST" and action == "stamped":
        stamped = StampedForm(request.POST, request.FILES)
        if stamped.is_valid():
            upload = stamped.cleaned_data["file"]
            try:
                services.upload_stamped_pdf(
                    actor=request.user, report=report, upload=upload, name=upload.name
                )
            except FileRejected as exc:
                stamped.add_error("file", str(exc))
            except ValidationError as exc:
                apply_errors(stamped, exc)
            else:
                return _saved(request, report, "submit", _("已上传盖章扫描版排放报告"))
    return _submit_context(report, declaration, stamped)


def _warnings(report: Report, outcome: calculation.Outcome) -> list[Shown]:
    if outcome.result is None:
        return []
    return shown(warnings(report, outcome.result), selectors.unit_names(report))


def _submit_context(
    report: Report,
    declaration: DeclarationForm,
    stamped: StampedForm,
    problems: list[str] | None = None,
) -> dict[str, Any]:
    outcome = calculation.outcome(report)
    report.refresh_from_db()
    return {
        "declaration": DECLARATION_ZH,
        "declaration_form": declaration,
        "stamped_form": stamped,
        "pdf_only": PDF_ONLY,
        "problems": texts(submission_problems(report, outcome), selectors.unit_names(report))
        if problems is None
        else problems,
        "warnings": _warnings(report, outcome),
        "status": 400 if declaration.errors or stamped.errors else 200,
    }


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _own_report(request, pk)
    try:
        submission = services.submit(actor=request.user, report=report)
    except SubmissionRefused as exc:
        context = _submit_context(report, DeclarationForm(), StampedForm(), exc.problems)
        context["submit_refused"] = True
        return _render_section(request, report, "submit", context, status=400)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reports:edit", pk=report.pk, section="submit")
    messages.success(
        request,
        _("第%(n)s版已提交，等待主管部门审核。提交内容的 SHA-256：%(sha)s")
        % {"n": report.number, "sha": submission.sha256},
    )
    return redirect("reports:view", pk=report.pk)


HANDLERS: dict[str, Callable[[HttpRequest, Report], Result]] = {
    "basic": _basic,
    "fuel": _table,
    "electricity": _table,
    "production": _table,
    "tests": _tests,
    "facilities": _facilities,
    "summary": _summary,
    "evidence": _evidence,
    "submit": _submit_section,
}


# -- daily records of a fuel month ----------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def daily(request: HttpRequest, pk: int, unit: int, fuel: str, month: int) -> HttpResponse:
    """每日入炉（或批次入厂）记录: the month's consumption, NCV and carbon come from them."""
    report = _own_report(request, pk)
    plan_unit = next((u for u in calculation.reporting_units(report) if u.pk == unit), None)
    if plan_unit is None or fuel not in plan_unit.fuel_names or month not in MONTHS:
        raise Http404
    problems: list[str] = []
    bad_days: set[str] = set()
    typed: dict[str, str] | None = None
    if request.method == "POST":
        if report.is_frozen:
            _refuse(request, report)
            return redirect("reports:daily", pk=pk, unit=unit, fuel=fuel, month=month)
        rows, typed = daily_rows(request.POST, report.year, month)
        try:
            count = services.save_daily_records(
                actor=request.user,
                report=report,
                unit=plan_unit,
                fuel=fuel,
                month=month,
                rows=rows,
            )
        except CellErrors as exc:
            problems = exc.problems
            bad_days = {str(p.params["day"]) for p in exc.items if "day" in p.params}
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(
                request,
                _(
                    "已保存 %(n)s 条日记录。请点击“自动计算”，由日记录汇总%(month)s月的消耗量、"
                    "低位发热量和元素碳含量。"
                )
                % {"n": count, "month": month},
            )
            url = reverse("reports:edit", args=[report.pk, "fuel"])
            return redirect(f"{url}#block-{plan_unit.pk}-{fuel}")
    stored_days = report.daily_records.filter(unit=plan_unit, fuel=fuel, day__month=month)
    records = {r.day: r for r in stored_days}
    state = next((r.state for r in records.values()), "fired")
    if typed is not None:
        state = typed.get("state", state)
    days = []
    for day in month_days(report.year, month):
        record = records.get(day)
        stored = {
            "quantity": record.quantity if record else "",
            "ncv": record.ncv if record else "",
            "carbon": record.carbon_content if record else "",
        }
        values = {k: (typed or {}).get(f"d{day.day}-{k}", v) for k, v in stored.items()}
        days.append({"day": day, "values": values, "error": day.isoformat() in bad_days})
    sealed = month in selectors.sealed_months(report)
    context = {
        "report": report,
        "unit": plan_unit,
        "fuel": fuel,
        "fuel_name": display.fuel_name(fuel),
        "fuel_obj": fuel_catalogue().get(fuel),
        "month": month,
        "days": days,
        "state": state,
        "state_choices": display.STATE_CHOICES[1:],
        "problems": problems,
        "editable": not report.is_frozen and not sealed,
        "sealed": sealed,
        "count": len(records),
        "frozen_note": _frozen_note(report) if report.is_frozen else "",
    }
    return render(request, "reports/daily.html", context, status=400 if problems else 200)


# -- read-only pages ------------------------------------------------------------------------------
@login_required
@require_GET
def view(request: HttpRequest, pk: int) -> HttpResponse:
    """查看: the whole report read-only (the enterprise; its authority reviews it elsewhere)."""
    report = _own_report(request, pk)
    context = {
        "report": report,
        "owner": True,
        "can_edit": not report.is_frozen and perm.can_file(request.user, report.enterprise),
        "frozen_note": _frozen_note(report) if report.is_frozen else "",
        "comments": display.return_comments(report),
        "declaration": DECLARATION_ZH,
    } | display.report_body(report)
    return render(request, "reports/view.html", context)


@login_required
@require_GET
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """版本比较: any two versions of the same year, value by value (changed values only)."""
    report = selectors.get_report(request.user, pk)
    versions = list(
        report.enterprise.reports.filter(year=report.year)
        .select_related("plan_version")
        .order_by("number")
    )
    by_pk = {v.pk: v for v in versions}
    old = by_pk.get(_int(request.GET.get("a"))) if request.GET.get("a") else report.previous
    new = by_pk.get(_int(request.GET.get("b"))) if request.GET.get("b") else report
    if (request.GET.get("a") and old is None) or (request.GET.get("b") and new is None):
        raise Http404
    rows = []
    if old is not None and new is not None and old.pk != new.pk:
        rows = display.compare(selectors.report_content(old), selectors.report_content(new))
    context = {
        "report": report,
        "versions": versions,
        "old": old,
        "new": new,
        "rows": rows,
        "owner": perm.is_enterprise_user(request.user, report.enterprise),
    }
    return render(request, "reports/compare.html", context)
