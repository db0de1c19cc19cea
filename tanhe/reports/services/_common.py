"""Shared by the report services: the guards, the state move, the audit helper, the plan in
force, the months sealed, the form's decimals and the constants of the form."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from tanhe.accounting.report_form import Table
from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Organisation
from tanhe.audit.services import record
from tanhe.plans.models import PlanState, PlanVersion

from ..models import (
    TRANSITIONS,
    Report,
    ReportState,
)

STAMPED_PDF_MISSING = "提交确认：请下载排放报告，打印盖章后上传盖章扫描版（PDF）"
SOURCE_MAX = 200  # ReportCell.source
# 合并填报: the one value entered per member unit rather than for the merged row
MEMBER_ROW = (Table.PRODUCTION, "running_hours")
PLANT_NAME = "全厂"  # ValueEvidence.unit_name of plant-level rows
CONTACT_FIELDS = ("contact_person", "contact_phone", "contact_email")
TEST_FIELDS = (
    "method",
    "device",
    "frequency",
    "calibration_frequency",
    "standard",
    "laboratory",
    "accreditation",
    "sampled_on",
    "reported_on",
)
PDF_ONLY = frozenset({"pdf"})


class CellErrors(ValidationError):
    """Entries refused: ``problems`` names unit, month and field of each; nothing was saved."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(problems)


# -- guards ---------------------------------------------------------------------------------------
def _editable(actor: Any, report: Report) -> Report:
    report = Report.objects.select_for_update().select_related("enterprise").get(pk=report.pk)
    perm.require(perm.can_file(actor, report.enterprise), "只有本单位的报送账号可以填报排放报告")
    if report.is_frozen:
        raise ValidationError(
            f"{report.year}年报第{report.number}版{report.get_state_display()}，不能修改"
        )
    return report


def _move(report: Report, to: str, *, refused: str = "") -> str:
    """The one way a report's state changes: along ``TRANSITIONS`` (the caller saves and audits).
    Returns the state before; ``refused`` names the action in the refusal (default: the move)."""
    before = report.state
    if to not in TRANSITIONS[before]:
        action = refused or f"变为{ReportState(to).label}"
        raise ValidationError(f"第{report.number}版{report.get_state_display()}，不能{action}")
    report.state = to
    return before


def _audit(actor: Any, action: str, obj: Any, report: Report, **kw: Any) -> None:
    record(actor=actor, action=action, obj=obj, organisation=report.enterprise, **kw)


def plan_in_force(enterprise: Organisation) -> PlanVersion | None:
    """The latest submitted or approved plan version (seed 000 FAQ 2)."""
    return (
        enterprise.plan_versions.filter(state__in=(PlanState.SUBMITTED, PlanState.APPROVED))
        .order_by("-number")
        .first()
    )
