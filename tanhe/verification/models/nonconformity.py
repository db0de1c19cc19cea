"""不符合项 (guide 4.4.4): the team's list of non-conformities, issued to the plant, which answers
each within 5 working days with its cause analysis, corrective action and evidence; the team
verifies the correction and closes or rejects the item. Closed and rejected items are frozen
(freeze.py); answers are written once, and one written after the deadline is kept, marked late."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tanhe.checks.findings import NcCategory

CATEGORY_CHOICES = [(c.value, c.label_zh) for c in NcCategory]


def category_label(value: str) -> str:
    """The 4.4.4 category in the reader's language (the labels live with ``NcCategory``)."""
    try:
        category = NcCategory(value)
    except ValueError:
        return value
    return category.label_en if (get_language() or "").startswith("en") else category.label_zh


class NonConformityState(models.TextChoices):
    DRAFT = "draft", _("待开具")
    ISSUED = "issued", _("待整改")
    ANSWERED = "answered", _("已提交整改")
    CLOSED = "closed", _("已关闭")
    REJECTED = "rejected", _("整改未通过")


FROZEN_STATES = frozenset({NonConformityState.CLOSED, NonConformityState.REJECTED})
TRANSITIONS: dict[str, frozenset[str]] = {
    NonConformityState.DRAFT: frozenset({NonConformityState.ISSUED}),
    NonConformityState.ISSUED: frozenset(
        {NonConformityState.ANSWERED, NonConformityState.REJECTED}
    ),
    NonConformityState.ANSWERED: frozenset(
        {NonConformityState.ANSWERED, NonConformityState.CLOSED, NonConformityState.REJECTED}
    ),
    NonConformityState.CLOSED: frozenset(),
    NonConformityState.REJECTED: frozenset(),
}


class NonConformity(models.Model):
    task = models.ForeignKey(
        "verification.Task", verbose_name=_("核查任务"), on_delete=models.PROTECT,
        related_name="nonconformities",
    )  # fmt: skip
    number = models.PositiveSmallIntegerField(_("序号"))
    description = models.TextField(_("不符合项描述"))
    category = models.CharField(_("类别"), max_length=20, choices=CATEGORY_CHOICES)
    state = models.CharField(
        _("状态"), max_length=12, choices=NonConformityState.choices,
        default=NonConformityState.DRAFT,
    )  # fmt: skip
    items = models.ManyToManyField(
        "verification.ChecklistItem", verbose_name=_("文件评审条目"), blank=True,
        related_name="nonconformities",
    )  # fmt: skip
    findings = models.ManyToManyField(
        "verification.FindingReview", verbose_name=_("自动核验发现"), blank=True,
        related_name="nonconformities",
    )  # fmt: skip
    samples = models.ManyToManyField(
        "verification.Sample", verbose_name=_("抽样"), blank=True, related_name="found"
    )
    files = models.ManyToManyField(
        "documents.StoredFile", verbose_name=_("证据文件"), blank=True, related_name="+"
    )
    # the datum it concerns, when it is one the plant may correct (附录2 附件2 code, unit, fuel)
    value_code = models.CharField(_("涉及数据"), max_length=24, blank=True)
    unit = models.ForeignKey(
        "plans.PlanUnit", verbose_name=_("机组"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
    )  # fmt: skip
    fuel = models.CharField(_("燃料"), max_length=40, blank=True)
    issued_at = models.DateTimeField(_("开具时间"), null=True, blank=True)
    due_date = models.DateField(_("整改期限"), null=True, blank=True)  # 5 working days (4.4.4)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("验证时间"), null=True, blank=True)
    decision_note = models.TextField(_("核查结论"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("不符合项")
        verbose_name_plural = _("不符合项")
        ordering = ("task", "number")
        constraints = [
            models.UniqueConstraint(fields=("task", "number"), name="one_nonconformity_number"),
        ]

    def __str__(self) -> str:
        return f"{self.task} · 不符合项{self.number}"

    @property
    def category_label(self) -> str:
        return category_label(self.category)


class Answer(models.Model):
    """The plant's answer to one non-conformity: 原因分析, 整改措施, evidence and, where it corrects
    data, the corrected value (which goes into its 终版, never into the verified version)."""

    nonconformity = models.ForeignKey(
        NonConformity, verbose_name=_("不符合项"), on_delete=models.PROTECT, related_name="answers"
    )
    cause = models.TextField(_("原因分析"))
    action = models.TextField(_("整改措施"))
    corrected_value = models.CharField(_("更正后的数值"), max_length=40, blank=True)
    files = models.ManyToManyField(
        "documents.StoredFile", verbose_name=_("证据文件"), blank=True, related_name="+"
    )
    late = models.BooleanField(_("逾期提交"), default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("整改答复")
        verbose_name_plural = _("整改答复")
        ordering = ("nonconformity", "submitted_at", "pk")

    def __str__(self) -> str:
        return f"{self.nonconformity} · {self.submitted_at:%Y-%m-%d}"
