"""核查复核 (guide §6): a plant that disputes the notified result applies within 7 working days of
the notification; the authority records the technical assessment (技术论证) and decides within
10 working days after it ends; the conclusion is notified and published (§7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppealState(models.TextChoices):
    FILED = "filed", _("已申请")
    ASSESSING = "assessing", _("技术论证中")
    ASSESSED = "assessed", _("技术论证结束")
    DECIDED = "decided", _("已作出复核结论")


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", _("维持核查结论")
    CHANGED = "changed", _("变更核查结论")


class Appeal(models.Model):
    task = models.ForeignKey(
        "verification.Task", verbose_name=_("核查任务"), on_delete=models.PROTECT,
        related_name="appeals",
    )  # fmt: skip
    state = models.CharField(
        _("状态"), max_length=12, choices=AppealState.choices, default=AppealState.FILED
    )
    reason = models.TextField(_("申请理由"))
    evidence = models.ManyToManyField(
        "documents.StoredFile", verbose_name=_("证明材料"), blank=True, related_name="+"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    filed_on = models.DateField(_("申请日期"))
    filed_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    assessment = models.TextField(_("技术论证意见"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("技术论证记录人"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    assessment_ended_on = models.DateField(_("技术论证结束日期"), null=True, blank=True)
    outcome = models.CharField(
        _("复核结论"), max_length=8, choices=AppealOutcome.choices, blank=True
    )
    conclusion = models.TextField(_("复核结论说明"), blank=True)
    # the figures after a changed conclusion: {"total": "…", "units": {unit code: {...}}}
    new_figures = models.JSONField(_("变更后的数据"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("决定人"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    decided_on = models.DateField(_("复核结论日期"), null=True, blank=True)
    decided_at = models.DateTimeField(_("复核结论时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("核查复核")
        verbose_name_plural = _("核查复核")
        ordering = ("task", "filed_at", "id")

    def __str__(self) -> str:
        return f"{self.task} 复核"
