"""核查确认数值 (guide 4.5, 附录2 附件2 报告数据的核查结果): per unit and datum, the plant's initial
value (the verified version), its final value (its 终版, if any) and the team's confirmed value
with the reason for any difference. Conservative values (5.4.1.1, 表7) say which treatment made
them; the engine computes the confirmed totals from them (no formula is written here)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ValueBasis(models.TextChoices):
    REPORTED = "reported", _("采信报告数值")
    CORRECTED = "corrected", _("采信整改后的数值")
    TEAM = "team", _("核查组核实数值")
    DEFAULT = "default", _("保守处理：采用缺省值")
    CALIBRATION = "calibration", _("保守处理：校准调整")


class ConfirmedValue(models.Model):
    task = models.ForeignKey(
        "verification.Task", verbose_name=_("核查任务"), on_delete=models.PROTECT,
        related_name="confirmed_values",
    )  # fmt: skip
    unit = models.ForeignKey(
        "plans.PlanUnit", verbose_name=_("机组"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("数据编码"), max_length=24)  # 附录2 附件2: A, B, C … P, biomass
    fuel = models.CharField(_("燃料"), max_length=40, blank=True)
    month = models.PositiveSmallIntegerField(_("月份"), default=0)  # 0: the year
    initial = models.CharField(_("初始报告数值"), max_length=40, blank=True)
    final = models.CharField(_("最终报告数值"), max_length=40, blank=True)
    confirmed = models.CharField(_("核查确认数值"), max_length=40, blank=True)
    basis = models.CharField(_("依据"), max_length=12, choices=ValueBasis.choices)
    reason = models.TextField(_("差异原因"), blank=True)
    # the conservative treatment's parameters (calibration status and accuracies, covered share)
    treatment = models.JSONField(_("保守处理参数"), default=dict, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("确认时间"), auto_now=True)

    class Meta:
        verbose_name = _("核查确认数值")
        verbose_name_plural = _("核查确认数值")
        ordering = ("task", "unit", "code", "fuel", "month")
        constraints = [
            models.UniqueConstraint(
                fields=("task", "unit", "code", "fuel", "month"),
                name="one_confirmed_value_per_datum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.code}"
