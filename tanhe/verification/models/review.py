"""文件评审 (guide 4.3 and §5): the checklist of 表1–表18 instantiated for the plant's units and
fuels (``tanhe.checks.checklist``), the team's records per method 查/问/看/验, each item's
conclusion, and the checks engine's findings the team confirms or dismisses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Conclusion(models.TextChoices):
    OPEN = "", _("未评审")
    CONFORMS = "conforms", _("符合")
    NONCONFORMS = "nonconforms", _("不符合")
    NOT_APPLICABLE = "na", _("不适用")


class Method(models.TextChoices):
    """核查方法 (guide 4.4.3)."""

    READ = "read", _("查")
    ASK = "ask", _("问")
    SEE = "see", _("看")
    VERIFY = "verify", _("验")


class ChecklistItem(models.Model):
    task = models.ForeignKey(
        "verification.Task", verbose_name=_("核查任务"), on_delete=models.PROTECT,
        related_name="checklist",
    )  # fmt: skip
    key = models.CharField(_("条目"), max_length=120)  # tanhe.checks.checklist entry key
    table = models.PositiveSmallIntegerField(_("表"))  # 表1–表18
    position = models.PositiveIntegerField(_("序号"), default=0)
    unit = models.ForeignKey(
        "plans.PlanUnit", verbose_name=_("机组"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    fuel = models.CharField(_("燃料"), max_length=40, blank=True)
    conclusion = models.CharField(
        _("结论"), max_length=16, choices=Conclusion.choices, default=Conclusion.OPEN, blank=True
    )
    note = models.TextField(_("说明"), blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    concluded_at = models.DateTimeField(_("结论时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("文件评审条目")
        verbose_name_plural = _("文件评审条目")
        ordering = ("task", "position", "pk")
        constraints = [
            models.UniqueConstraint(fields=("task", "key"), name="one_checklist_item_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.key}"


class ItemRecord(models.Model):
    """One record of the team's work on an item: what was read, asked, seen or verified, the
    value checked and its evidence (files of the report or the team's own uploads). Written once."""

    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("条目"), on_delete=models.PROTECT, related_name="records"
    )
    method = models.CharField(_("方法"), max_length=8, choices=Method.choices)
    text = models.TextField(_("记录"))
    value_checked = models.CharField(_("核对数值"), max_length=40, blank=True)
    files = models.ManyToManyField(
        "documents.StoredFile", verbose_name=_("证据文件"), blank=True, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("核查记录")
        verbose_name_plural = _("核查记录")
        ordering = ("item", "created_at", "pk")

    def __str__(self) -> str:
        return f"{self.item} · {self.get_method_display()}"


class FindingDecision(models.TextChoices):
    OPEN = "", _("待确认")
    CONFIRMED = "confirmed", _("确认")
    DISMISSED = "dismissed", _("排除")


class FindingReview(models.Model):
    """A finding of the checks engine on the verified report (a rule id and its place), attached
    to the checklist item of its clause; the team confirms or dismisses it with a reason."""

    task = models.ForeignKey(
        "verification.Task", verbose_name=_("核查任务"), on_delete=models.PROTECT,
        related_name="findings",
    )  # fmt: skip
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("条目"), on_delete=models.PROTECT, related_name="findings"
    )
    rule = models.CharField(_("规则"), max_length=60)  # tanhe.checks.registry rule id
    severity = models.CharField(_("级别"), max_length=8)
    finding = models.JSONField(_("发现"))  # tanhe.checks.run.finding_dict: place, values, params
    decision = models.CharField(
        _("确认"), max_length=12, choices=FindingDecision.choices, default="", blank=True
    )
    reason = models.TextField(_("理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("自动核验发现")
        verbose_name_plural = _("自动核验发现")
        ordering = ("task", "item__position", "pk")

    def __str__(self) -> str:
        return f"{self.task} · {self.rule}"
