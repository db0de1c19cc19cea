"""The province's part after the report (guide 4.7, 4.5): an optional 复查 of the report before
the result is notified, the written notification the plant acknowledges, and the conservative
estimate (保守测算) the team prepares for a plant that did not report or did not correct."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RecheckMode(models.TextChoices):
    WRITTEN = "written", _("书面评审")
    ONSITE = "onsite", _("现场评审")


class RecheckPerformer(models.TextChoices):
    AUTHORITY = "authority", _("省级生态环境主管部门及其直属机构")
    EXPERT = "expert", _("外聘专家")
    AGENCY = "agency", _("委托其他技术服务机构")


class RecheckConclusion(models.TextChoices):
    PASSED = "passed", _("合格")
    FAILED = "failed", _("不合格")


class Recheck(models.Model):
    """复查 (4.7): ordered by the authority before notifying; its conclusion feeds the agency
    evaluation (附录3: 被复查/复核 xx 份，其中 xx 份合格)."""

    task = models.ForeignKey(
        "verification.Task", verbose_name=_("核查任务"), on_delete=models.PROTECT,
        related_name="rechecks",
    )  # fmt: skip
    mode = models.CharField(_("复查方式"), max_length=12, choices=RecheckMode.choices)
    performer = models.CharField(_("复查承担方"), max_length=12, choices=RecheckPerformer.choices)
    performer_agency = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("承担复查的技术服务机构"),
        on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )  # fmt: skip
    performer_names = models.CharField(_("复查人员"), max_length=200, blank=True)
    scope = models.TextField(_("复查内容"), blank=True)
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    ordered_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    conclusion = models.CharField(
        _("复查结论"), max_length=8, choices=RecheckConclusion.choices, blank=True
    )
    findings = models.TextField(_("复查意见"), blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    concluded_at = models.DateTimeField(_("结论时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("复查")
        verbose_name_plural = _("复查")
        ordering = ("task", "ordered_at", "id")

    def __str__(self) -> str:
        return f"{self.task} 复查"


class Notification(models.Model):
    """告知核查结果 (4.7): the authority's written notice to the plant, dated; its date starts
    the 7-working-day window for 复核 (§6). The confirmed total is kept as notified."""

    task = models.OneToOneField(
        "verification.Task", verbose_name=_("核查任务"), on_delete=models.PROTECT,
        related_name="notification",
    )  # fmt: skip
    report = models.ForeignKey(
        "verification.VerificationReport", verbose_name=_("核查报告"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    notified_on = models.DateField(_("告知日期"))
    notified_at = models.DateTimeField(_("告知时间"), auto_now_add=True)
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("告知人"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    # the confirmed emissions as notified (tCO2, the guide's places), a decimal string
    total_emissions = models.CharField(_("核查确认的排放总量（tCO2）"), max_length=40)
    estimated = models.BooleanField(_("保守测算"), default=False)
    message = models.TextField(_("告知说明"), blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("确认收悉人"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    acknowledged_at = models.DateTimeField(_("确认收悉时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("核查结果告知")
        verbose_name_plural = _("核查结果告知")
        ordering = ("task",)

    def __str__(self) -> str:
        return f"{self.task} 告知"


class ConservativeEstimate(models.Model):
    """保守测算 (4.5): the team's estimate for a plant without a (corrected) report, from the
    accounting guide and the ministry's default values. Its confirmed values carry basis
    ``default``; every page and document that shows them says they are an estimate."""

    task = models.OneToOneField(
        "verification.Task", verbose_name=_("核查任务"), on_delete=models.PROTECT,
        related_name="estimate",
    )  # fmt: skip
    reason = models.TextField(_("测算原因"))
    method = models.TextField(_("测算方法说明"), blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("测算人"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    prepared_at = models.DateTimeField(_("测算时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("保守测算")
        verbose_name_plural = _("保守测算")
        ordering = ("task",)

    def __str__(self) -> str:
        return f"{self.task} 保守测算"
