"""Reads of the province's part after the report (guide 4.7, 4.5): the 复查 of a task, whether
the result may be notified (one rule, asked by the service and the page), the confirmed total as
the engine computes it from the confirmed values, and the conservative estimate (保守测算) — for a
plant without a report, the engine run on the plan's units with the team's data and the
accounting guide's defaults."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanhe.accounting import PlantYearResult
from tanhe.plans.models import PlanState, PlanUnit, PlanVersion
from tanhe.reports.calculation import CellRow, ReportRows, document_from_rows
from tanhe.reports.models import Origin

from . import selectors_values as sv
from .models import (
    ConfirmedValue,
    ConservativeEstimate,
    NonConformityState,
    Notification,
    Recheck,
    ReportState,
    Task,
    TaskState,
    VerificationReport,
)

ESTIMATE_LABEL = gettext_lazy("保守测算")
YEAR_END = 12  # an estimate's year value is entered as the year's last month


@dataclass(frozen=True)
class EstimateInput:
    """A datum the team enters for a plant without a report (附录2 附件2 code)."""

    code: str
    table: str  # the report form's table the engine reads it from
    key: str
    per_fuel: bool
    label: Any
    required: bool = False


ESTIMATE_INPUTS: tuple[EstimateInput, ...] = (
    EstimateInput("A", "fuel", "consumption", True, gettext_lazy("燃料消耗量"), required=True),
    EstimateInput("C", "fuel", "ncv", True, gettext_lazy("燃料低位发热量（燃煤须填写）")),
    EstimateInput("H", "electricity", "mwh", False, gettext_lazy("购入使用电量（MWh）")),
    EstimateInput("K", "production", "generation_mwh", False, gettext_lazy("发电量（MWh）")),
    EstimateInput("M", "production", "heat_gj", False, gettext_lazy("供热量（GJ）")),
)
INPUT_BY_CODE = {i.code: i for i in ESTIMATE_INPUTS}


# -- 复查 and the notification ------------------------------------------------------------------
def verification_report(task: Task) -> VerificationReport | None:
    try:
        return task.verification_report
    except ObjectDoesNotExist:
        return None


def notification(task: Task) -> Notification | None:
    try:
        return task.notification
    except ObjectDoesNotExist:
        return None


def rechecks(task: Task) -> list[Recheck]:
    return list(task.rechecks.select_related("performer_agency", "ordered_by", "concluded_by"))


def open_recheck(task: Task) -> Recheck | None:
    """The 复查 ordered and not yet concluded (at most one at a time)."""
    return task.rechecks.filter(conclusion="").order_by("pk").first()


def notify_refusals(task: Task) -> list[str]:
    """Why the result cannot be notified yet (empty: it can). The one place of the rule: the
    report submitted to the province, no 复查 open, not notified before."""
    out = []
    if task.state != TaskState.CONFIRMED:
        out.append(_("核查数据尚未确认，不能告知核查结果"))
    report = verification_report(task)
    if report is None or report.state != ReportState.SUBMITTED:
        out.append(_("核查报告尚未提交省级生态环境主管部门，不能告知核查结果"))
    if open_recheck(task) is not None:
        out.append(_("复查尚未记录结论，不能告知核查结果"))
    if notification(task) is not None:
        out.append(_("核查结果已告知重点排放单位"))
    return out


def recheck_refusals(task: Task) -> list[str]:
    """Why a 复查 cannot be ordered now: only after the report is submitted, before the result is
    notified, and one at a time."""
    out = []
    report = verification_report(task)
    if report is None or report.state != ReportState.SUBMITTED:
        out.append(_("核查报告提交省级生态环境主管部门后方可发起复查"))
    if notification(task) is not None:
        out.append(_("核查结果已告知，不能再发起复查"))
    if open_recheck(task) is not None:
        out.append(_("已有尚未记录结论的复查"))
    return out


# -- the conservative estimate ------------------------------------------------------------------
def is_estimate(task: Task) -> bool:
    """Whether the task's figures are a 保守测算 (every page showing them says so)."""
    try:
        return isinstance(task.estimate, ConservativeEstimate)
    except ObjectDoesNotExist:
        return False


def uncorrected(task: Task) -> list[int]:
    """The numbers of the non-conformities the plant did not correct: rejected, or answered
    late or never (4.5: the team then estimates conservatively)."""
    out = []
    for nc in task.nonconformities.exclude(state=NonConformityState.DRAFT).order_by("number"):
        if nc.state == NonConformityState.CLOSED:
            continue
        if nc.state == NonConformityState.REJECTED or not nc.answers.filter(late=False).exists():
            out.append(nc.number)
    return out


def estimate_plan(task: Task) -> PlanVersion | None:
    """The plan an estimate without a report is made on: the plant's approved plan (newest)."""
    versions = PlanVersion.objects.filter(enterprise=task.enterprise, state=PlanState.APPROVED)
    return versions.order_by("-pk").first()


def estimate_units(plan: PlanVersion) -> list[PlanUnit]:
    """The plan's reporting rows (single units and 合并填报 rows), in the form's order."""
    units = plan.units.filter(merged_into__isnull=True).order_by("position", "id")
    return list(units.prefetch_related("members"))


def _rows(plan: PlanVersion, year: int) -> ReportRows:
    units = estimate_units(plan)
    members = {
        u.pk: list(u.members.order_by("position", "id").select_related("standby_for"))
        for u in units
        if u.is_merged
    }
    return ReportRows(
        year=year,
        name=plan.basic.name,
        credit_code=plan.enterprise.credit_code,
        split_purchased_electricity=False,
        units=units,
        members=members,
        daily=[],
        heat=[],
        allocated=frozenset(),
    )


def estimate_document(
    plan: PlanVersion, year: int, records: Iterable[ConfirmedValue]
) -> dict[str, Any]:
    """The interchange document of an estimate: the plan's units with the team's data (a year
    value, in the year's last month); no carbon content, so the engine takes the accounting
    guide's default (as consistency.default_carbon does)."""
    cells = [
        CellRow(
            r.unit_id,
            spec.table,
            r.fuel if spec.per_fuel else "",
            spec.key,
            YEAR_END,
            r.confirmed,
            Origin.USER,
        )
        for r in records
        if (spec := INPUT_BY_CODE.get(r.code)) is not None and r.confirmed
    ]
    return document_from_rows(_rows(plan, year), cells)


def estimate_result(task: Task, records: Iterable[ConfirmedValue] | None = None) -> PlantYearResult:
    """The engine's result of a no-report estimate from its confirmed values."""
    rows = list(task.confirmed_values.all() if records is None else records)
    units = PlanUnit.objects.filter(pk__in={r.unit_id for r in rows}).select_related("version")
    plan = next((u.version for u in units), None) or estimate_plan(task)
    if plan is None:
        raise ValidationError(_("该重点排放单位没有已通过的数据质量控制计划，无法保守测算"))
    return sv.run(estimate_document(plan, task.year, rows))


def confirmed_result(task: Task) -> PlantYearResult | None:
    """The plant's confirmed year (the engine's result): the verified report with the confirmed
    values in place, or, without a report, the 保守测算's values; None before either exists.
    Every page and document that shows a task's confirmed emissions asks this."""
    if task.report is not None:
        return sv.confirmed_result(task)
    if not task.confirmed_values.exists():
        return None
    return estimate_result(task)


def confirmed_total(task: Task) -> Decimal:
    """The plant's confirmed emissions (tCO2, the engine's places) from the confirmed values:
    the verified report with them in place, or the estimate without a report."""
    if task.report is not None:
        return sv.confirmed_totals(task).confirmed
    return estimate_result(task).total_emissions_tco2
