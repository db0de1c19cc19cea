"""核查组 (guide 4.2): at least two members, one leader, at least one with the sector's
expertise, each independent of the plant (a signed declaration), and a technical reviewer who is
not on the team (4.6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Declaration(models.Model):
    """公正性声明: one person's independence from the plant for this task. Stored whether or not
    it clears the person: a declaration that does not is why the person was refused."""

    task = models.ForeignKey(
        "verification.Task", verbose_name=_("核查任务"), on_delete=models.PROTECT,
        related_name="declarations",
    )  # fmt: skip
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("声明人"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    years = models.PositiveSmallIntegerField(_("回避年限（年）"))
    no_service = models.BooleanField(_("近年未向该单位提供咨询或其他服务"))
    no_employment = models.BooleanField(_("未在该单位任职或受雇"))
    no_family_tie = models.BooleanField(_("与该单位负责人无亲属关系"))
    statement = models.TextField(_("说明"), blank=True)
    declared_at = models.DateTimeField(_("声明时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公正性声明")
        verbose_name_plural = _("公正性声明")
        ordering = ("task", "declared_at", "pk")

    def __str__(self) -> str:
        return f"{self.person} · {self.task}"

    @property
    def independent(self) -> bool:
        return self.no_service and self.no_employment and self.no_family_tie


class TeamMember(models.Model):
    task = models.ForeignKey(
        "verification.Task", verbose_name=_("核查任务"), on_delete=models.PROTECT,
        related_name="members",
    )  # fmt: skip
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("成员"), on_delete=models.PROTECT,
        related_name="team_memberships",
    )  # fmt: skip
    is_leader = models.BooleanField(_("核查组长"), default=False)
    has_sector_expertise = models.BooleanField(_("具备发电行业专业知识"), default=False)
    qualification = models.CharField(_("资质与专业领域"), max_length=200, blank=True)
    declaration = models.OneToOneField(
        Declaration, verbose_name=_("公正性声明"), on_delete=models.PROTECT, related_name="member"
    )
    joined_at = models.DateTimeField(_("加入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("核查组成员")
        verbose_name_plural = _("核查组成员")
        ordering = ("task", "-is_leader", "joined_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=("task", "person"), name="one_membership_per_task"),
            models.UniqueConstraint(
                fields=("task",), condition=models.Q(is_leader=True), name="one_leader_per_task"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.task}"
