"""核查安排 (guide 4.1): a province's campaign for a reporting year and one task per enterprise,
assigned to a verification agency (技术服务机构; the authority's own institution is registered as
an agency organisation of the province)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Campaign(models.Model):
    """年度核查工作: the province's verification of one reporting year."""

    province = models.ForeignKey(
        "accounts.Province", verbose_name=_("省份"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("报告年度"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    # 核查工作结束 (§7): from then the results and the agency evaluation are published
    closed_at = models.DateTimeField(_("核查工作结束时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("结束人"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("年度核查工作")
        verbose_name_plural = _("年度核查工作")
        ordering = ("-year", "province")
        constraints = [
            models.UniqueConstraint(fields=("province", "year"), name="one_campaign_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.year}年度核查"


class TaskState(models.TextChoices):
    """A task's way (guide 附录1 流程图): the authority assigns, the agency accepts or declines,
    the team reviews the documents, visits, raises non-conformities, confirms the values."""

    UNASSIGNED = "unassigned", _("待分配")
    ASSIGNED = "assigned", _("待机构接受")
    DECLINED = "declined", _("机构已拒绝")
    ACCEPTED = "accepted", _("组建核查组")
    REVIEW = "review", _("文件评审")
    ONSITE = "onsite", _("现场核查")
    CORRECTION = "correction", _("不符合项整改")
    CONFIRMED = "confirmed", _("核查数据已确认")


# state -> states it may move to; each move is one audited service (services/_common.move)
TRANSITIONS: dict[str, frozenset[str]] = {
    TaskState.UNASSIGNED: frozenset({TaskState.ASSIGNED}),
    TaskState.ASSIGNED: frozenset({TaskState.ACCEPTED, TaskState.DECLINED, TaskState.ASSIGNED}),
    TaskState.DECLINED: frozenset({TaskState.ASSIGNED}),
    # → CONFIRMED: 保守测算 of a plant without a report (services/estimate.py, guide 4.5)
    TaskState.ACCEPTED: frozenset({TaskState.REVIEW, TaskState.ASSIGNED, TaskState.CONFIRMED}),
    TaskState.REVIEW: frozenset({TaskState.ONSITE}),
    TaskState.ONSITE: frozenset({TaskState.CORRECTION, TaskState.CONFIRMED}),
    TaskState.CORRECTION: frozenset({TaskState.CONFIRMED}),
    TaskState.CONFIRMED: frozenset(),
}
# while the agency holds the task it sees the plant's plan, report, records and evidence
HELD_STATES = frozenset(
    {
        TaskState.ASSIGNED,
        TaskState.ACCEPTED,
        TaskState.REVIEW,
        TaskState.ONSITE,
        TaskState.CORRECTION,
        TaskState.CONFIRMED,
    }
)


class Task(models.Model):
    """核查任务: one enterprise's verification in a campaign."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("年度核查工作"), on_delete=models.PROTECT, related_name="tasks"
    )
    enterprise = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("重点排放单位"), on_delete=models.PROTECT,
        related_name="verification_tasks",
    )  # fmt: skip
    # the submitted version under verification; none: the enterprise did not report (the next
    # issue estimates its emissions conservatively)
    report = models.ForeignKey(
        "reports.Report", verbose_name=_("核查的报告版本"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="verification_tasks",
    )  # fmt: skip
    agency = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("技术服务机构"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="assigned_tasks",
    )  # fmt: skip
    state = models.CharField(
        _("状态"), max_length=16, choices=TaskState.choices, default=TaskState.UNASSIGNED
    )
    due_date = models.DateField(_("完成期限"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("分配时间"), null=True, blank=True)
    assignment_note = models.TextField(_("分配说明"), blank=True)  # the reason of a re-assignment
    decline_reason = models.TextField(_("拒绝原因"), blank=True)
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    technical_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("技术复核人"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="reviewed_tasks",
    )  # fmt: skip
    # 文件评审 识别的现场核查重点 (4.3)
    focus_people = models.TextField(_("需访问的人员"), blank=True)
    focus_facilities = models.TextField(_("需观察的设施、设备或操作"), blank=True)
    focus_documents = models.TextField(_("需查阅的支撑文件"), blank=True)
    review_started_at = models.DateTimeField(_("文件评审开始"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("核查数据确认时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("核查任务")
        verbose_name_plural = _("核查任务")
        ordering = ("campaign", "enterprise__name")
        constraints = [
            models.UniqueConstraint(
                fields=("campaign", "enterprise"), name="one_task_per_enterprise_and_campaign"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.campaign.year}年度核查"

    @property
    def year(self) -> int:
        return self.campaign.year
