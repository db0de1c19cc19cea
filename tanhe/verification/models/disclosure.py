"""技术服务机构信息公开表 (guide §7, 附录3): after the campaign ends the authority evaluates each
agency — its quality and impartiality measures, bad records, and per plant the timeliness and
the quality judgement of the seven areas — and publishes the table."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyEvaluation(models.Model):
    campaign = models.ForeignKey(
        "verification.Campaign", verbose_name=_("年度核查工作"), on_delete=models.PROTECT,
        related_name="agency_evaluations",
    )  # fmt: skip
    agency = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("技术服务机构"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    quality_measures = models.TextField(_("质量管理措施"), blank=True)
    impartiality_measures = models.TextField(_("公正性管理措施"), blank=True)
    bad_records = models.TextField(_("不良记录"), blank=True)
    complaints = models.PositiveIntegerField(_("存在重点排放单位投诉（家）"), default=0)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评价人"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("技术服务机构评价")
        verbose_name_plural = _("技术服务机构评价")
        ordering = ("campaign", "agency__name")
        constraints = [
            models.UniqueConstraint(
                fields=("campaign", "agency"), name="one_evaluation_per_agency_and_campaign"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.campaign.year}"


class PlantEvaluation(models.Model):
    """附录3 三: one plant's row — 及时/不及时 and, per area (disclosure_areas), 符合 or the
    non-conformity in brief."""

    evaluation = models.ForeignKey(
        AgencyEvaluation, verbose_name=_("技术服务机构评价"), on_delete=models.PROTECT,
        related_name="plants",
    )  # fmt: skip
    task = models.OneToOneField(
        "verification.Task", verbose_name=_("核查任务"), on_delete=models.PROTECT,
        related_name="evaluation",
    )  # fmt: skip
    timely = models.BooleanField(_("核查及时"))
    # area key -> "" (符合) or the issue in brief
    quality = models.JSONField(_("核查质量"), default=dict, blank=True)

    class Meta:
        verbose_name = _("重点排放单位核查评价")
        verbose_name_plural = _("重点排放单位核查评价")
        ordering = ("evaluation", "task")

    def __str__(self) -> str:
        return f"{self.evaluation} · {self.task}"
