"""核查确认数值 (guide 4.5, 附录2 附件2): the team confirms each datum beside the plant's initial
and final values, with the reason for any difference; where the plant missed its deadline or its
correction was rejected, it applies the conservative treatment (5.4.1.1, 表7; default values) —
the value is the engine's, never a formula written here; the leader then finishes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounting.model import CalibrationStatus
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.inputs import InputRefused
from tanhe.plans.models import PlanUnit
from tanhe.reports.values import number_with_places

from .. import selectors_values as sv
from ..models import ConfirmedValue, NonConformityState, Task, TaskState, ValueBasis
from ..values_catalogue import CALIBRATED, CODES, DEFAULTABLE, RAISES_ALLOCATION, RAISES_EMISSIONS
from ._common import _audit, locked, move, require_leader, require_member

WORKING_STATES = (TaskState.ONSITE, TaskState.CORRECTION)
CONSERVATIVE = frozenset({ValueBasis.TEAM, ValueBasis.DEFAULT, ValueBasis.CALIBRATION})
S = NonConformityState


def _open(actor: User, task: Task) -> Task:
    task = locked(task)
    require_member(actor, task)
    if task.state not in WORKING_STATES:
        raise ValidationError(
            _("核查任务当前状态为“%(state)s”，不能确认核查数值")
            % {"state": task.get_state_display()}
        )
    if task.report is None:
        raise ValidationError(_("该重点排放单位未提交排放报告，没有可核查的报告数据"))
    return task


def _datum(task: Task, unit: PlanUnit, code: str, fuel: str) -> tuple[str, str]:
    """The datum's initial and final values; refused when the report has no such datum."""
    assert task.report is not None
    if unit.version_id != task.report.plan_version_id or code not in CODES:
        raise ValidationError(_("所选数据不属于核查的报告版本"))
    key = (unit.name, code, fuel)
    initial = sv.initial_values(task)
    if key not in initial:
        raise ValidationError(
            _("机组“%(unit)s”没有数据“%(code)s %(fuel)s”")
            % {"unit": unit.name, "code": code, "fuel": fuel}
        )
    return initial[key], sv.final_values(task).get(key, "")


def _same(a: str, b: str, numeric: bool) -> bool:
    if not numeric:
        return a.strip() == b.strip()
    try:
        return bool(a and b) and Decimal(a) == Decimal(b)
    except ArithmeticError:
        return False


def _save(
    actor: User, task: Task, unit: PlanUnit, code: str, fuel: str, **values: Any
) -> tuple[ConfirmedValue, str]:
    """Create or replace the datum's confirmed value; the value it had before ("" if none)."""
    record, created = ConfirmedValue.objects.select_for_update().get_or_create(
        task=task, unit=unit, code=code, fuel=fuel, month=0,
        defaults={**values, "confirmed_by": actor},
    )  # fmt: skip
    before = "" if created else record.confirmed
    if not created:
        for name, value in {**values, "confirmed_by": actor}.items():
            setattr(record, name, value)
        record.save()
    return record, before


@transaction.atomic
def confirm_value(
    actor: User, task: Task, unit: PlanUnit, code: str, fuel: str, confirmed: str, reason: str
) -> ConfirmedValue:
    """The team's confirmed value of one datum (a year value). Equal to the initial value: the
    report is accepted; equal to the plant's 终版: its correction; otherwise the team's own — a
    reason is required for any difference. Computed data (D, E, I, O, P) follow the engine."""
    task = _open(actor, task)
    spec = CODES.get(code)
    if spec is not None and spec.kind == "computed":
        raise ValidationError(
            _("“%(name)s”由核算引擎根据确认的数据计算，不能直接填写") % {"name": spec.label}
        )
    initial, final = _datum(task, unit, code, fuel)
    assert spec is not None
    numeric = spec.kind == "input"
    confirmed = (confirmed or "").strip()
    limit = ConfirmedValue._meta.get_field("confirmed").max_length
    if limit is not None and len(confirmed) > limit:
        raise ValidationError({"confirmed": _("核查确认数值不能超过%(n)s个字符") % {"n": limit}})
    if numeric:
        try:
            confirmed = number_with_places(confirmed, None)
        except InputRefused as exc:
            raise ValidationError({"confirmed": _("核查确认数值须为数字")}) from exc
    if not confirmed:
        raise ValidationError({"confirmed": _("请填写核查确认数值")})
    reason = (reason or "").strip()
    if _same(confirmed, initial, numeric):
        basis = ValueBasis.REPORTED
    else:
        if not reason:
            raise ValidationError({"reason": _("核查确认数值与初始报告数值不同，须说明差异原因")})
        basis = ValueBasis.CORRECTED if _same(confirmed, final, numeric) else ValueBasis.TEAM
    record, before = _save(
        actor, task, unit, code, fuel, initial=initial, final=final, confirmed=confirmed,
        basis=basis, reason=reason, treatment={},
    )  # fmt: skip
    sv.confirmed_result(task)  # the engine must still compute with it (else refused)
    changes = {"confirmed": (before, confirmed), "basis": (None, basis)}
    _audit(actor, Action.VALUE_CONFIRM, record, task, changes=changes, note=reason)
    return record


def _treatment(code: str, treatment: dict[str, Any]) -> dict[str, Any]:
    """The treatment checked: {"kind": "default"} for B/C, or a calibration for A."""
    kind = treatment.get("kind")
    if kind == "default":
        if code not in DEFAULTABLE:
            raise ValidationError(_("缺省值只适用于元素碳含量（B）和低位发热量（C）"))
        return {"kind": "default"}
    if kind != "calibration":
        raise ValidationError(_("请选择保守处理方式：缺省值或校准调整"))
    if code not in CALIBRATED:
        raise ValidationError(_("校准调整适用于计量的燃料消耗量（A）"))
    status = treatment.get("status", "")
    if status not in (s.value for s in CalibrationStatus if s != CalibrationStatus.IN_TOLERANCE):
        raise ValidationError({"status": _("请选择校准情况：未校准、准确度超过规定或延迟校准")})
    out: dict[str, Any] = {"kind": "calibration", "status": status}
    fields = {
        "required_accuracy_pct": True,
        "calibrated_accuracy_pct": status == CalibrationStatus.OUT_OF_TOLERANCE,
        "covered_share": status == CalibrationStatus.DELAYED,
    }
    for name, required in fields.items():
        text = str(treatment.get(name) or "").strip()
        if not text and required:
            raise ValidationError({name: _("请填写保守处理所需的参数")})
        if text:
            try:
                out[name] = number_with_places(text, None)
            except InputRefused as exc:
                raise ValidationError({name: _("保守处理参数须为数字")}) from exc
    return out


@transaction.atomic
def apply_conservative(
    actor: User, task: Task, unit: PlanUnit, fuel: str, code: str, treatment: dict[str, Any]
) -> ConfirmedValue:
    """The guide's conservative treatment of one fuel datum: the default value (the accounting
    guide's default carbon / NCV) or the calibration adjustment of 5.4.1.1 / 表7. The confirmed
    value is the engine's annual value once the treatment is applied."""
    task = _open(actor, task)
    initial, final = _datum(task, unit, code, fuel)
    if not fuel:
        raise ValidationError(_("保守处理须指明燃料"))
    checked = _treatment(code, treatment)
    basis = ValueBasis.DEFAULT if checked["kind"] == "default" else ValueBasis.CALIBRATION
    reason = str(ValueBasis(basis).label)
    record, before = _save(
        actor, task, unit, code, fuel, initial=initial, final=final, confirmed="",
        basis=basis, reason=reason, treatment=checked,
    )  # fmt: skip
    result = sv.confirmed_result(task)
    values = sv.unit_values_of(result, unit.name)
    record.confirmed = values.get((unit.name, code, fuel), "")
    record.save(update_fields=["confirmed"])
    _audit(actor, Action.VALUE_CONSERVATIVE, record, task,
           changes={"confirmed": (before, record.confirmed), "treatment": (None, checked)},
           note=reason)  # fmt: skip
    return record


def _understates(record: ConfirmedValue) -> bool:
    """A team value that would understate emissions or over-allocate allowances (5.4.1.1)."""
    if record.basis != ValueBasis.TEAM:
        return False
    try:
        confirmed, initial = Decimal(record.confirmed), Decimal(record.initial)
    except ArithmeticError:
        return False
    if record.code in RAISES_EMISSIONS:
        return confirmed < initial
    return record.code in RAISES_ALLOCATION and confirmed > initial


def finish_refusals(task: Task) -> list[str]:
    """Why the values cannot be finished yet (empty: they can)."""
    out = []
    if undecided := task.findings.filter(decision="").count():
        out.append(_("%(n)s项自动核验发现尚未确认或排除（文件评审）") % {"n": undecided})
    open_ncs = task.nonconformities.exclude(state__in=(S.CLOSED, S.REJECTED))
    if numbers := [str(n) for n in open_ncs.values_list("number", flat=True)]:
        out.append(_("不符合项%(numbers)s尚未关闭或作出结论") % {"numbers": "、".join(numbers)})
    records: dict[tuple[int | None, str, str], ConfirmedValue] = {
        (r.unit_id, r.code, r.fuel): r for r in task.confirmed_values.all()
    }
    for nc in task.nonconformities.exclude(value_code=""):
        on_time = nc.answers.filter(late=False).exists()
        if nc.state != S.REJECTED and on_time:
            continue
        record = records.get((nc.unit_id, nc.value_code, nc.fuel))
        allowed = CONSERVATIVE if nc.state == S.REJECTED else {*CONSERVATIVE, ValueBasis.CORRECTED}
        if record is not None and record.basis in allowed and _understates(record):
            out.append(
                _("不符合项%(n)s涉及的数据（%(code)s）：核查组核实数值%(value)s不符合保守原则"
                  "（不得低估排放量或导致配额过量发放），请采用缺省值或校准调整")
                % {"n": nc.number, "code": nc.value_code, "value": record.confirmed}
            )  # fmt: skip
        elif record is None or record.basis not in allowed:
            out.append(
                _("不符合项%(n)s涉及的数据（%(code)s）须由核查组保守处理或核实确认")
                % {"n": nc.number, "code": nc.value_code}
            )
    return out


@transaction.atomic
def finish(actor: User, task: Task) -> Task:
    """The leader finishes the confirmed values: every non-conformity decided, and the datum of
    each rejected or overdue one treated conservatively or confirmed by the team."""
    task = locked(task)
    require_leader(actor, task)
    if task.state not in WORKING_STATES:
        raise ValidationError(
            _("核查任务当前状态为“%(state)s”，不能完成核查数据确认")
            % {"state": task.get_state_display()}
        )
    if refusals := finish_refusals(task):
        raise ValidationError(refusals)
    totals = sv.confirmed_totals(task)  # the engine computes with the confirmed values
    before = move(task, TaskState.CONFIRMED)
    task.confirmed_at = timezone.now()
    task.save(update_fields=["state", "confirmed_at", "updated_at"])
    changes = {"state": (before, task.state), "confirmed_total": (None, str(totals.confirmed))}
    _audit(actor, Action.VALUES_CONFIRMED, task, task, changes=changes)
    return task
