"""核查报告 (guide 4.5, 附录2) and its 内部技术评审 (4.6): the report is written from the
verification's records (report/ builds the DOCX and PDF); the team adds judgement text per
section; a reviewer independent of the team approves it or returns it with comments per section;
once approved the report is frozen (its DOCX and PDF stored with their SHA-256) and only then
submitted to the province."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportState(models.TextChoices):
    DRAFT = "draft", _("编写中")
    IN_REVIEW = "in_review", _("内部技术评审中")
    RETURNED = "returned", _("技术评审退回")
    APPROVED = "approved", _("技术评审通过")
    SUBMITTED = "submitted", _("已提交省级主管部门")


REPORT_TRANSITIONS: dict[str, frozenset[str]] = {
    ReportState.DRAFT: frozenset({ReportState.IN_REVIEW}),
    ReportState.IN_REVIEW: frozenset({ReportState.RETURNED, ReportState.APPROVED}),
    ReportState.RETURNED: frozenset({ReportState.IN_REVIEW}),
    ReportState.APPROVED: frozenset({ReportState.SUBMITTED}),
    ReportState.SUBMITTED: frozenset(),
}
# approved and submitted reports do not change (their texts, number and stored files)
REPORT_FROZEN_STATES = frozenset({ReportState.APPROVED, ReportState.SUBMITTED})


class VerificationReport(models.Model):
    """核查报告: one per task. Numbers are never stored here: every figure is read from the
    confirmed values and the records when the document is built."""

    task = models.OneToOneField(
        "verification.Task", verbose_name=_("核查任务"), on_delete=models.PROTECT,
        related_name="verification_report",
    )  # fmt: skip
    number = models.CharField(_("报告编号"), max_length=40, unique=True)
    state = models.CharField(
        _("状态"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT
    )
    # the team's judgement text, keyed by the outline's section key (report_outline.SECTIONS)
    texts = models.JSONField(_("核查组填写的说明"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("编写人"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    approved_at = models.DateTimeField(_("技术评审通过时间"), null=True, blank=True)
    issued_on = models.DateField(_("签发日期"), null=True, blank=True)
    # 批准人: the agency's 机构管理员 who signs the report when it is submitted
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("批准人"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提交人"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    # the frozen documents, stored when the technical review approves
    docx = models.ForeignKey(
        "documents.StoredFile", verbose_name=_("核查报告（Word）"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    pdf = models.ForeignKey(
        "documents.StoredFile", verbose_name=_("核查报告（PDF）"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("核查报告")
        verbose_name_plural = _("核查报告")
        ordering = ("task",)

    def __str__(self) -> str:
        return self.number


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", _("通过")
    RETURNED = "returned", _("退回修改")


class ReviewRound(models.Model):
    """一次内部技术评审: opened when the team sends the report to review, closed by the
    reviewer's decision. Kept with the report (4.8: 内部技术评审记录 are archived)."""

    report = models.ForeignKey(
        VerificationReport, verbose_name=_("核查报告"), on_delete=models.PROTECT,
        related_name="review_rounds",
    )  # fmt: skip
    number = models.PositiveSmallIntegerField(_("轮次"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("送审人"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    sent_at = models.DateTimeField(_("送审时间"), auto_now_add=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("技术复核人"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    decision = models.CharField(
        _("评审结论"), max_length=12, choices=ReviewDecision.choices, blank=True
    )
    note = models.TextField(_("总体意见"), blank=True)
    decided_at = models.DateTimeField(_("评审时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("内部技术评审")
        verbose_name_plural = _("内部技术评审")
        ordering = ("report", "number")
        constraints = [
            models.UniqueConstraint(fields=("report", "number"), name="one_review_round_number"),
        ]

    def __str__(self) -> str:
        return f"{self.report} #{self.number}"


class ReviewComment(models.Model):
    """The reviewer's comment on one section of the report (report_outline section key)."""

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("技术评审"), on_delete=models.PROTECT, related_name="comments"
    )
    section = models.CharField(_("章节"), max_length=24)
    text = models.TextField(_("意见"))
    created_at = models.DateTimeField(_("填写时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("技术评审意见")
        verbose_name_plural = _("技术评审意见")
        ordering = ("round", "id")

    def __str__(self) -> str:
        return f"{self.round} · {self.section}"
