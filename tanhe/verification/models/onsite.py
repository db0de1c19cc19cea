"""现场核查 (guide 4.4): the on-site plan and its notice to the plant (≥ 3 working days before the
visit, 4.4.1), remote verification only with the authority's approval, and the samples of 4.4.2
(drawn by ``tanhe.checks.sampling`` from a recorded seed)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OnsiteState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    NOTIFIED = "notified", _("已通知重点排放单位")


class RemoteState(models.TextChoices):
    NONE = "", _("现场核查")
    REQUESTED = "requested", _("远程核查待批准")
    APPROVED = "approved", _("远程核查已批准")
    REFUSED = "refused", _("远程核查未批准")


class OnsitePlan(models.Model):
    """现场核查计划 (4.4.1)."""

    task = models.OneToOneField(
        "verification.Task", verbose_name=_("核查任务"), on_delete=models.PROTECT,
        related_name="onsite_plan",
    )  # fmt: skip
    state = models.CharField(
        _("状态"), max_length=12, choices=OnsiteState.choices, default=OnsiteState.DRAFT
    )
    purpose_scope = models.TextField(_("核查目的与范围"), blank=True)
    roles = models.TextField(_("核查组的组成和分工"), blank=True)
    schedule = models.TextField(_("核查活动安排"), blank=True)
    visit_start = models.DateField(_("现场核查开始日期"), null=True, blank=True)
    visit_end = models.DateField(_("现场核查结束日期"), null=True, blank=True)
    interviewees = models.TextField(_("现场访问对象"), blank=True)
    facilities = models.TextField(_("现场观察的设施、监测设备"), blank=True)
    sampling_plan = models.TextField(_("抽样方案"), blank=True)
    remote = models.CharField(
        _("核查方式"), max_length=12, choices=RemoteState.choices, default="", blank=True
    )
    remote_reason = models.TextField(_("远程核查原因（不可抗力）"), blank=True)
    remote_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    remote_decision_note = models.TextField(_("审批意见"), blank=True)
    notified_at = models.DateTimeField(_("通知时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("现场核查计划")
        verbose_name_plural = _("现场核查计划")

    def __str__(self) -> str:
        return f"{self.task} · {self._meta.verbose_name}"


class Sample(models.Model):
    """抽样 (4.4.2): one population of records behind an activity datum or factor (e.g. one unit's
    daily 入炉 records of one coal), the percentage drawn, the principle and the seed that
    reproduce the draw. Each non-conformity found in the population raises the percentage
    (30 → 50 → 80 → 100); a facility under allowance control is checked in full."""

    task = models.ForeignKey(
        "verification.Task", verbose_name=_("核查任务"), on_delete=models.PROTECT,
        related_name="samples",
    )  # fmt: skip
    item = models.ForeignKey(
        "verification.ChecklistItem", verbose_name=_("条目"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="samples",
    )  # fmt: skip
    population = models.CharField(_("总体"), max_length=120)  # selectors.populations key
    label = models.CharField(_("抽样对象"), max_length=200)
    population_size = models.PositiveIntegerField(_("总体数量"))
    principle = models.CharField(_("抽样原则"), max_length=16)  # tanhe.checks.sampling
    seed = models.BigIntegerField(_("随机种子"))
    percent = models.PositiveSmallIntegerField(_("抽样比例（%）"))
    controlled = models.BooleanField(_("配额管控设施（100%核查）"), default=False)
    nonconformities = models.PositiveSmallIntegerField(_("发现的不符合项"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("抽样")
        verbose_name_plural = _("抽样")
        ordering = ("task", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("task", "population"), name="one_sample_per_population"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.label}"


class SampleRecord(models.Model):
    """A record drawn into the sample and, once checked, what the team found."""

    sample = models.ForeignKey(
        Sample, verbose_name=_("抽样"), on_delete=models.PROTECT, related_name="records"
    )
    key = models.CharField(_("记录"), max_length=80)
    label = models.CharField(_("记录名称"), max_length=120)
    month = models.PositiveSmallIntegerField(_("月份"), null=True, blank=True)
    percent = models.PositiveSmallIntegerField(_("抽入时比例（%）"))  # the level that drew it
    reported = models.CharField(_("报告数值"), max_length=40, blank=True)
    found = models.CharField(_("核查数值"), max_length=40, blank=True)
    difference = models.CharField(_("差异"), max_length=40, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    checked_at = models.DateTimeField(_("核对时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("抽样记录")
        verbose_name_plural = _("抽样记录")
        ordering = ("sample", "month", "key")
        constraints = [
            models.UniqueConstraint(fields=("sample", "key"), name="one_sample_record_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.sample} · {self.label}"
