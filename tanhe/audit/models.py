"""The append-only audit log: who changed what, when, old → new — one row per business action.

Rows are written by :func:`tanhe.audit.services.record` inside the action's own transaction (the
Zulip habit), and can never be changed or deleted: the model refuses it, and database triggers
(migration 0002) refuse it for anything that bypasses the model.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tanhe.audit.actions import action_choices


class AppendOnlyError(RuntimeError):
    """An audit row was about to be changed or deleted."""


class AuditEntry(models.Model):
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)  # as it was then
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("所涉机构"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=64, db_index=True, choices=action_choices)
    object_type = models.CharField(_("对象类型"), max_length=64)
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    changes = models.JSONField(_("变更（旧值 → 新值）"), default=dict, encoder=DjangoJSONEncoder)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ("-at", "-id")
        indexes = [models.Index(fields=("object_type", "object_id"))]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("审计记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计记录只能追加，不能删除")
