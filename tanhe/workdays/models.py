"""The administrators' years of the working-day calendar (工作日历).

A ``CalendarYear`` counts only once ``published``; its ``CalendarDay`` rows are the exceptions to
the Monday–Friday rule — holidays on weekdays (春节, 国庆节…) and working weekend days
(调休上班). A holiday falling on a weekend may be listed too (the notices list whole ranges); it
changes nothing. One national calendar: no province field.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    published = models.BooleanField(_("已发布"), default=False)
    source = models.TextField(
        _("依据"), help_text=_("例如：国务院办公厅关于2027年部分节假日安排的通知")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("最后修改人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("最后修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("工作日历年度")
        verbose_name_plural = _("工作日历年度")
        ordering = ("-year",)

    def __str__(self) -> str:
        return f"{self.year}年工作日历"


class CalendarDay(models.Model):
    calendar_year = models.ForeignKey(
        CalendarYear, verbose_name=_("年度"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("日期"), unique=True)
    is_working = models.BooleanField(_("工作日"))
    name = models.CharField(_("名称"), max_length=60)

    class Meta:
        verbose_name = _("工作日历日期")
        verbose_name_plural = _("工作日历日期")
        ordering = ("date",)

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"
