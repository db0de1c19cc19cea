"""Reads of the agency evaluation (附录3 技术服务机构信息公开表): whether a campaign may be closed,
each plant's timeliness (the report submitted by the task's due date: 及时), the quality judgement
per area prefilled from the non-conformities, and the counts of the table (plants verified,
complaints, reports issued, re-checked or reviewed, passed, failed, pass rate)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounts.models import Organisation, Role, User
from tanhe.checks import checklist

from .disclosure_areas import AREA_KEYS, area_of_category, area_of_clause
from .models import (
    AgencyEvaluation,
    AppealOutcome,
    AppealState,
    Campaign,
    NonConformity,
    NonConformityState,
    PlantEvaluation,
    RecheckConclusion,
    ReportState,
    Task,
)

PERCENT = Decimal("0.1")  # 合格率 is shown to one decimal place


# -- closing the campaign -------------------------------------------------------------------------
def close_refusals(campaign: Campaign) -> list[str]:
    """Why the campaign cannot end yet (empty: it can): every plant notified, no 复核 undecided."""
    if campaign.closed_at is not None:
        return [_("年度核查工作已于%(at)s结束") % {"at": _local(campaign)}]
    problems = []
    tasks = campaign.tasks.all()
    waiting = tasks.filter(notification__isnull=True).count()
    if waiting:
        problems.append(
            _("还有%(n)s家重点排放单位未被告知核查结果（告知核查结果后才能结束核查工作）")
            % {"n": waiting}
        )
    open_appeals = tasks.filter(appeals__isnull=False).exclude(appeals__state=AppealState.DECIDED)
    if open_appeals.exists():
        problems.append(
            _("还有%(n)s项核查复核未作出复核结论") % {"n": open_appeals.distinct().count()}
        )
    return problems


def _local(campaign: Campaign) -> str:
    assert campaign.closed_at is not None
    return timezone.localtime(campaign.closed_at).strftime("%Y-%m-%d")


# -- the agencies and their plants ----------------------------------------------------------------
def agencies(campaign: Campaign) -> QuerySet[Organisation]:
    """The agencies holding tasks of the campaign, by name."""
    held = Organisation.objects.filter(assigned_tasks__campaign=campaign)
    return held.distinct().order_by("name")


def agency_tasks(campaign: Campaign, agency: Organisation) -> QuerySet[Task]:
    return (
        campaign.tasks.filter(agency=agency)
        .select_related("enterprise", "verification_report", "notification")
        .order_by("enterprise__name", "pk")
    )


def agency_contact(agency: Organisation) -> User | None:
    """The agency's contact (附录3 联系人): its first active 机构管理员."""
    return (
        User.objects.filter(organisation=agency, is_active=True, roles__role=Role.AGENCY_ADMIN)
        .order_by("pk")
        .first()
    )


def contact_details(contact: User | None) -> str:
    """附录3 联系方式（电话、email） of the agency's contact."""
    if contact is None:
        return ""
    return "、".join(x for x in (contact.phone, contact.email) if x)


def timely(task: Task) -> bool:
    """及时: the report reached the province by the task's due date (完成期限)."""
    report = getattr(task, "verification_report", None)
    if report is None or report.state != ReportState.SUBMITTED or report.submitted_at is None:
        return False
    if task.due_date is None:
        return True
    return timezone.localtime(report.submitted_at).date() <= task.due_date


def _nc_area(nc: NonConformity) -> str:
    """The area of a non-conformity: the clause of its first checklist item, else its category."""
    for item in nc.items.all():
        spec_id = item.key.split("/", 1)[0]
        try:
            area = area_of_clause(checklist.item(spec_id).section)
        except KeyError:
            area = None
        if area is not None:
            return area
    return area_of_category(nc.category)


def prefilled_quality(task: Task) -> dict[str, str]:
    """Per area "" (符合) or the issued non-conformities in brief — their number and 4.4.4
    category, never their text (the authority words the public judgement itself)."""
    found: dict[str, list[str]] = {key: [] for key in AREA_KEYS}
    ncs = task.nonconformities.exclude(state=NonConformityState.DRAFT).prefetch_related("items")
    for nc in ncs.order_by("number"):
        found[_nc_area(nc)].append(
            _("不符合项%(n)s：%(category)s") % {"n": nc.number, "category": nc.category_label}
        )
    return {key: "；".join(lines) for key, lines in found.items()}


@dataclass(frozen=True)
class PlantRow:
    task: Task
    timely: bool
    quality: dict[str, str]  # area key -> "" (符合) or the issue in brief
    saved: bool  # from a saved evaluation (else prefilled)


def plant_rows(campaign: Campaign, agency: Organisation) -> list[PlantRow]:
    """附录3 三 per plant: the saved judgement, else the prefill; timeliness always computed."""
    saved = {
        p.task_id: p
        for p in PlantEvaluation.objects.filter(evaluation__campaign=campaign, task__agency=agency)
    }
    rows = []
    for task in agency_tasks(campaign, agency):
        kept = saved.get(task.pk)
        quality = dict(kept.quality) if kept is not None else prefilled_quality(task)
        rows.append(PlantRow(task, timely(task), _complete(quality), kept is not None))
    return rows


def _complete(quality: dict[str, str]) -> dict[str, str]:
    return {key: str(quality.get(key, "")) for key in AREA_KEYS}


# -- the counts -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Counts:
    plants: int  # 共核查重点排放单位
    complaints: int  # 存在重点排放单位投诉
    reports: int  # 共出具《核查报告》
    checked: int  # 被复查/复核
    passed: int
    failed: int
    pass_rate: Decimal | None  # 合格率 (%), None when nothing was checked
    failures: list[tuple[str, str]] = field(default_factory=list)  # (plant, what failed)

    @property
    def rate_text(self) -> str:
        """合格率 as shown: "87.5%", or "—" when no report was checked."""
        return "—" if self.pass_rate is None else f"{self.pass_rate}%"


def _failure(task: Task) -> str | None:
    """What made the report fail its 复查 or 复核 (None: it passed or was not checked)."""
    lines = [
        r.findings or _("被复查判为不合格")
        for r in task.rechecks.filter(conclusion=RecheckConclusion.FAILED)
    ]
    if task.appeals.filter(state=AppealState.DECIDED, outcome=AppealOutcome.CHANGED).exists():
        lines.append(_("经核查复核变更核查结论"))
    return "；".join(lines) if lines else None


def _checked(task: Task) -> bool:
    return bool(
        task.rechecks.exclude(conclusion="").exists()
        or task.appeals.filter(state=AppealState.DECIDED).exists()
    )


def counts(
    campaign: Campaign, agency: Organisation, evaluation: AgencyEvaluation | None = None
) -> Counts:
    tasks = list(agency_tasks(campaign, agency))
    submitted = [t for t in tasks if _submitted(t)]
    checked = [t for t in submitted if _checked(t)]
    failures = [(t.enterprise.name, f) for t in checked if (f := _failure(t)) is not None]
    passed = len(checked) - len(failures)
    return Counts(
        plants=len(tasks),
        complaints=evaluation.complaints if evaluation is not None else 0,
        reports=len(submitted),
        checked=len(checked),
        passed=passed,
        failed=len(failures),
        pass_rate=_rate(passed, len(checked)),
        failures=failures,
    )


def _submitted(task: Task) -> bool:
    report = getattr(task, "verification_report", None)
    return report is not None and report.state == ReportState.SUBMITTED


def _rate(passed: int, checked: int) -> Decimal | None:
    if not checked:
        return None
    return (Decimal(passed) * 100 / Decimal(checked)).quantize(PERCENT, rounding=ROUND_HALF_UP)


def evaluation_of(campaign: Campaign, agency: Organisation) -> AgencyEvaluation | None:
    return AgencyEvaluation.objects.filter(campaign=campaign, agency=agency).first()


def published(campaign: Campaign) -> Iterable[AgencyEvaluation]:
    """The campaign's published evaluations (none before it is closed)."""
    if campaign.closed_at is None:
        return AgencyEvaluation.objects.none()
    return (
        campaign.agency_evaluations.filter(published_at__isnull=False)
        .select_related("agency")
        .order_by("agency__name")
    )
