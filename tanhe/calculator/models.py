"""One stored calculation: the exact input and the engine's full result, kept together.

The result is a snapshot (``result_json``), not recomputed on display: a later engine or
parameter change must not silently alter what a user saw and downloaded.

Calculations are private: each is reached only by an unguessable ``key``; one made by a
signed-in user is shown to that user alone; an anonymous one to whoever holds its key (its
uploader) until ``expires_at``. Only the demo's examples (``is_example``) are listed to everyone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Calculation(models.Model):
    key = models.CharField(_("访问密钥"), max_length=32, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calculations",
    )
    expires_at = models.DateTimeField(_("保留至"), null=True, blank=True, db_index=True)
    is_example = models.BooleanField(_("公开示例"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    input_json = models.TextField(_("输入 JSON"), help_text=_("上传的原始文本，逐字保存"))
    input_sha256 = models.CharField(_("输入 SHA-256"), max_length=64, db_index=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    enterprise_name = models.CharField(_("企业名称"), max_length=255)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, db_index=True)
    total_emissions_tco2 = models.DecimalField(
        _("排放总量（tCO2）"), max_digits=20, decimal_places=2
    )
    result_json = models.JSONField(_("计算结果"))
    parameters = models.JSONField(_("所用参数"), default=list)
    engine_version = models.CharField(_("引擎版本"), max_length=32)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("核算记录")
        verbose_name_plural = _("核算记录")

    def __str__(self) -> str:
        return f"{self.year} {self.enterprise_name} {self.total_emissions_tco2} tCO2"
