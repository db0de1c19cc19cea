"""The province-wide screening (数据筛查): one ``ScreeningRun`` per start, processed by a
background task (``tasks.screen``), and its ``ScreeningFinding`` rows — the anomaly list.

A run walks the province's enterprises in id order; ``cursor`` is the last enterprise done, so a
run interrupted by a restart resumes where its last committed batch ended. ``attempt`` grows at
each claim: a worker that lost its claim (taken as dead, resumed by another) stops at its next
batch instead of writing twins. Effects are exact decimal text beside a rounded DecimalField that
the list sorts on (SQLite would keep a float).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RunState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


ACTIVE_STATES = (RunState.QUEUED, RunState.RUNNING)


class ScreeningRun(models.Model):
    province = models.ForeignKey(
        "accounts.Province", verbose_name=_("省份"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("报告年度"))
    state = models.CharField(
        _("状态"), max_length=16, choices=RunState.choices, default=RunState.QUEUED
    )
    total = models.PositiveIntegerField(_("报告数"), default=0)
    done = models.PositiveIntegerField(_("已筛查"), default=0)
    cursor = models.PositiveBigIntegerField(default=0)  # the last enterprise id done
    attempt = models.PositiveIntegerField(default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    errors = models.PositiveIntegerField(_("错误"), default=0)
    warnings = models.PositiveIntegerField(_("警告"), default=0)
    infos = models.PositiveIntegerField(_("提示"), default=0)
    failures = models.PositiveIntegerField(_("无法筛查的报告"), default=0)
    net_tco2 = models.CharField(_("净影响（tCO2）"), max_length=40, default="0")
    gross_tco2 = models.CharField(_("总影响（tCO2）"), max_length=40, default="0")
    error_text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("数据筛查")
        verbose_name_plural = _("数据筛查")
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=("province", "-created_at"))]
        constraints = [
            # no twins: one queued or running screening per province and year
            models.UniqueConstraint(
                fields=("province", "year"),
                condition=models.Q(state__in=["queued", "running"]),
                name="one_active_screening_per_province_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.year}年度数据筛查 #{self.pk}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)

    @property
    def active(self) -> bool:
        return self.state in ACTIVE_STATES


class FindingKind(models.TextChoices):
    FINDING = "finding", _("规则发现")
    NOT_COMPUTABLE = "not_computable", _("数据无法计算")
    FAILURE = "failure", _("筛查出错")


class ScreeningFinding(models.Model):
    run = models.ForeignKey(ScreeningRun, on_delete=models.CASCADE, related_name="findings")
    report = models.ForeignKey("reports.Report", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    plant = models.CharField(_("排放单位"), max_length=200)  # the name when screened; sorts
    kind = models.CharField(max_length=16, choices=FindingKind.choices)
    unit = models.CharField(_("机组"), max_length=100, blank=True)
    fuel = models.CharField(_("燃料"), max_length=100, blank=True)
    month = models.PositiveSmallIntegerField(_("月份"), null=True, blank=True)
    field = models.CharField(_("数据项"), max_length=100, blank=True)
    rule = models.CharField(_("规则"), max_length=100, blank=True)
    severity = models.CharField(_("严重程度"), max_length=16)
    severity_rank = models.PositiveSmallIntegerField(default=0)  # error 0, warning 1, info 2
    observed = models.TextField(_("观测值"), blank=True)
    expected = models.TextField(_("期望值"), blank=True)
    effect_tco2 = models.DecimalField(
        _("影响（tCO2）"), max_digits=20, decimal_places=3, null=True, blank=True
    )
    effect_size = models.DecimalField(max_digits=20, decimal_places=3, null=True, blank=True)
    effect_text = models.CharField(max_length=40, blank=True)  # exact, as the engine gave it
    params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("severity_rank", "plant", "rule", "pk")
        indexes = [
            models.Index(fields=("run", "severity_rank", "plant"), name="screening_severity_idx"),
            models.Index(fields=("run", "plant", "unit"), name="screening_plant_idx"),
            models.Index(fields=("run", "rule"), name="screening_rule_idx"),
            models.Index(fields=("run", "enterprise"), name="screening_enterprise_idx"),
            models.Index(fields=("run", "effect_size"), name="screening_effect_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.plant} {self.rule or self.kind}"
