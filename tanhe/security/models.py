"""Rate-limit counters and the log of refused attempts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """Hits of one key (a limit's name and a hashed client/account) in the current window.

    In the database rather than a cache so that every worker process counts together, on
    SQLite and PostgreSQL alike, without another server to run."""

    key = models.CharField(max_length=80, unique=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)


class RefusalReason(models.TextChoices):
    FORBIDDEN = "forbidden", _("无权限")
    NOT_FOUND = "not_found", _("对象不存在或无权访问")
    LOGIN = "login", _("登录失败")
    ACTIVATION = "activation", _("激活失败")
    REGISTRATION_LOOKUP = "registration_lookup", _("申请进度查询失败")
    THROTTLED = "throttled", _("请求过于频繁")


class RefusedAttempt(models.Model):
    """A state-changing request the platform refused, for the authority to see. Rows are only
    added (at most a few per client and reason in ten minutes: see ``services``)."""

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("账号名称"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("所属机构"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    province = models.ForeignKey(
        "accounts.Province",
        verbose_name=_("省份"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    method = models.CharField(_("方法"), max_length=8)
    path = models.CharField(_("地址"), max_length=200)
    reason = models.CharField(_("原因"), max_length=24, choices=RefusalReason.choices)
    detail = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ("-at", "-id")
        verbose_name = _("被拒绝的操作")
        verbose_name_plural = _("被拒绝的操作")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.method} {self.path} {self.reason}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("refusal log rows are only added")
        super().save(*args, **kwargs)
