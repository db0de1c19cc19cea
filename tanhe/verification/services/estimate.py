"""保守测算 (guide 4.5): where the plant did not submit a report, or did not correct its
non-conformities in time or acceptably, the team estimates the emissions conservatively from the
accounting guide and the ministry's default values, and completes the report. No formula is
written here: without a report the engine computes from the plan's units, the team's data and
the guide's defaults (carbon content always the default); with a report the part-1 conservative
treatments (default values, calibration adjustment) are the estimate's values."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.inputs import InputRefused
from tanhe.plans.models import PlanUnit, PlanVersion
from tanhe.reports.values import number_with_places

from .. import selectors_result as sr
from .. import selectors_values as sv
from ..models import ConfirmedValue, ConservativeEstimate, Task, TaskState, ValueBasis
from ._common import _audit, locked, move, require_leader

EstimateData = Mapping[tuple[int, str, str], str]  # (unit pk, code, fuel) -> the year value
CONSERVATIVE_BASES = (ValueBasis.DEFAULT, ValueBasis.CALIBRATION)


def _texts(reason: str, method: str) -> tuple[str, str]:
    reason, method = (reason or "").strip(), (method or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写保守测算的原因")})
    return reason, method


def _checked(plan: PlanVersion, data: EstimateData) -> dict[tuple[PlanUnit, str, str], str]:
    """The team's data, each a number of a datum the plan has (a fuel of the unit)."""
    units = {u.pk: u for u in sr.estimate_units(plan)}
    out: dict[tuple[PlanUnit, str, str], str] = {}
    for (unit_pk, code, fuel), raw in data.items():
        spec = sr.INPUT_BY_CODE.get(code)
        unit = units.get(unit_pk)
        if spec is None or unit is None or (spec.per_fuel and fuel not in unit.fuel_names):
            raise ValidationError(_("所填数据不属于该单位的数据质量控制计划"))
        if not (raw or "").strip():
            continue
        try:
            value = number_with_places(raw, None)
        except InputRefused as exc:
            raise ValidationError({code: _("“%(name)s”须为数字") % {"name": spec.label}}) from exc
        out[(unit, code, fuel if spec.per_fuel else "")] = value
    if not any(code == "A" for (_u, code, _f) in out):
        raise ValidationError({"A": _("请至少填写一种燃料的消耗量")})
    return out


def _estimate_values(actor: User, task: Task, plan: PlanVersion, data: EstimateData) -> str:
    """The no-report estimate's confirmed values (basis 缺省值), checked by the engine; the
    plant's total it computes."""
    values = _checked(plan, data)
    reason = str(ValueBasis.DEFAULT.label)
    records = [
        ConfirmedValue(
            task=task,
            unit=unit,
            code=code,
            fuel=fuel,
            confirmed=value,
            basis=ValueBasis.DEFAULT,
            reason=reason,
            treatment={"kind": "estimate"},
            confirmed_by=actor,
        )
        for (unit, code, fuel), value in values.items()
    ]
    result = sr.estimate_result(task, records)  # refused with the engine's messages
    fuels = {(r.unit, r.fuel) for r in records if r.code == "A"}
    for unit, fuel in sorted(fuels, key=lambda k: (k[0].position, k[0].pk, k[1])):
        carbon = sv.unit_values_of(result, unit.name).get((unit.name, "B", fuel), "")
        records.append(
            ConfirmedValue(
                task=task,
                unit=unit,
                code="B",
                fuel=fuel,
                confirmed=carbon,
                basis=ValueBasis.DEFAULT,
                reason=reason,
                treatment={"kind": "default"},
                confirmed_by=actor,
            )
        )
    ConfirmedValue.objects.bulk_create(records)
    return format(result.total_emissions_tco2, "f")


def _without_report(actor: User, task: Task, data: EstimateData) -> str:
    if task.state != TaskState.ACCEPTED or not task.members.exists():
        raise ValidationError(
            _("核查组组建后方可为未提交排放报告的重点排放单位保守测算（当前状态：%(state)s）")
            % {"state": task.get_state_display()}
        )
    plan = sr.estimate_plan(task)
    if plan is None:
        raise ValidationError(_("该重点排放单位没有已通过的数据质量控制计划，无法保守测算"))
    total = _estimate_values(actor, task, plan, data)
    move(task, TaskState.CONFIRMED)
    task.confirmed_at = timezone.now()
    task.save(update_fields=["state", "confirmed_at", "updated_at"])
    return total


def _with_report(task: Task) -> str:
    if task.state != TaskState.CONFIRMED:
        raise ValidationError(_("核查数据确认后方可记录保守测算"))
    if not sr.uncorrected(task):
        raise ValidationError(_("该任务的不符合项均已按期整改，不适用保守测算"))
    if not task.confirmed_values.filter(basis__in=CONSERVATIVE_BASES).exists():
        raise ValidationError(
            _("尚无采用缺省值或校准调整的核查确认数值，请先在核查确认数值中保守处理")
        )
    return format(sv.confirmed_totals(task).confirmed, "f")


@transaction.atomic
def prepare_estimate(
    actor: User, task: Task, reason: str, method: str = "", data: EstimateData | None = None
) -> ConservativeEstimate:
    """The team leader records the 保守测算 of ``task``: without a report, from ``data`` (the
    team's year values per unit and datum, see selectors_result.ESTIMATE_INPUTS) with the
    guide's defaults, which confirms the task's values; with a report whose non-conformities were
    not corrected, from the conservative treatments already confirmed."""
    task = locked(task)
    require_leader(actor, task)
    reason, method = _texts(reason, method)
    if sr.is_estimate(task):
        raise ValidationError(_("该任务已记录保守测算"))
    before = task.state
    total = _without_report(actor, task, data or {}) if task.report is None else _with_report(task)
    estimate = ConservativeEstimate.objects.create(
        task=task, reason=reason, method=method, prepared_by=actor
    )
    changes = {"state": (before, task.state), "total_emissions": (None, total)}
    _audit(actor, Action.ESTIMATE_PREPARE, estimate, task, changes=changes, note=reason)
    return estimate
