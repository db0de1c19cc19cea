"""Stored files: content-addressed, outside the web root, immutable once stored."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """One uploaded file. The bytes live at ``FILES_ROOT/<sha256[:2]>/<sha256>``."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    content_type = models.CharField(_("文件类型"), max_length=100)  # sniffed from the content
    original_name = models.CharField(_("文件名"), max_length=255)
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("所属机构"),
        on_delete=models.PROTECT,
        related_name="files",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ("-uploaded_at", "-id")
        verbose_name = _("文件")
        verbose_name_plural = _("文件")

    def __str__(self) -> str:
        return self.original_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("已存储的文件不能修改")
        super().save(*args, **kwargs)
