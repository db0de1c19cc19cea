"""Organisations (重点排放单位 / 技术服务机构 / 省级生态环境主管部门 / 平台运营方), people, roles.

An enterprise is identified by its 统一社会信用代码 and has exactly one login account for the
reporting module (全国碳排放数据报送系统 FAQ 1). Fields imported from the authority's registry
(名录) are read-only for the enterprise (``REGISTRY_FIELDS``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    """A province-level division (GB/T 2260 code, e.g. 320000 江苏省)."""

    code = models.CharField(_("行政区划代码"), max_length=6, unique=True)
    name = models.CharField(_("名称"), max_length=32, unique=True)

    class Meta:
        ordering = ("code",)
        verbose_name = _("省份")
        verbose_name_plural = _("省份")

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("重点排放单位")
    AGENCY = "agency", _("技术服务机构")
    AUTHORITY = "authority", _("省级生态环境主管部门")
    OPERATOR = "operator", _("平台运营方")


class OrganisationStatus(models.TextChoices):
    PENDING = "pending", _("待审核")  # self-registered, waiting for the authority
    ACTIVE = "active", _("已启用")
    REJECTED = "rejected", _("未通过")


class CodeType(models.TextChoices):
    CREDIT_CODE = "credit_code", _("统一社会信用代码")


class EnterpriseNature(models.TextChoices):
    STATE_OWNED = "state_owned", _("国有企业")
    COLLECTIVE = "collective", _("集体企业")
    PRIVATE = "private", _("民营企业")
    JOINT_VENTURE = "joint_venture", _("合资企业")
    FOREIGN = "foreign", _("外资企业")
    OTHER = "other", _("其他")


# Imported from the registry (名录) and then read-only for the enterprise (报送系统 企业基本情况).
REGISTRY_FIELDS = (
    "name",
    "code_type",
    "credit_code",
    "permit_number",
    "registered_address",
    "production_address",
)


class Organisation(models.Model):
    kind = models.CharField(_("机构类型"), max_length=16, choices=OrganisationKind.choices)
    name = models.CharField(_("名称"), max_length=200)
    province = models.ForeignKey(
        Province,
        verbose_name=_("省份"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.ACTIVE,
    )
    # Enterprise identity (企业基本情况)
    code_type = models.CharField(
        _("代码类型"), max_length=16, choices=CodeType.choices, default=CodeType.CREDIT_CODE
    )
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True
    )
    permit_number = models.CharField(_("排污许可证号"), max_length=40, blank=True)
    registered_address = models.CharField(_("注册地址"), max_length=200, blank=True)
    production_address = models.CharField(_("生产经营场所地址"), max_length=200, blank=True)
    city = models.CharField(_("城市"), max_length=40, blank=True)
    district = models.CharField(_("区县"), max_length=40, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    registration_date = models.DateField(_("企业注册日期"), null=True, blank=True)
    registered_capital = models.DecimalField(
        _("注册资本（万元人民币）"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    nature = models.CharField(
        _("单位性质"), max_length=16, choices=EnterpriseNature.choices, blank=True
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=60, blank=True)
    industry_code = models.CharField(
        _("行业代码"), max_length=8, blank=True
    )  # GB/T 4754, 4411 火力发电
    latitude = models.DecimalField(
        _("发电设施纬度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("发电设施经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    in_registry = models.BooleanField(_("已列入名录"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ("kind", "name")
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        constraints = [
            models.CheckConstraint(
                name="enterprise_has_credit_code_and_province",
                condition=~models.Q(kind="enterprise")
                | (models.Q(credit_code__isnull=False) & models.Q(province__isnull=False)),
            ),
            models.CheckConstraint(
                name="authority_has_province",
                condition=~models.Q(kind="authority") | models.Q(province__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_enterprise(self) -> bool:
        return self.kind == OrganisationKind.ENTERPRISE

    @property
    def held(self) -> bool:
        """Whether a province's decision stands on this organisation: it is in a 名录, or a
        province approved it. (An older self-registration's row, neither, is no one's yet.)"""
        return self.in_registry or self.status == OrganisationStatus.ACTIVE

    @property
    def locked_fields(self) -> tuple[str, ...]:
        """Fields the enterprise may not change: those that came from the registry."""
        return REGISTRY_FIELDS if self.in_registry else ()


class Role(models.TextChoices):
    ENTERPRISE_FILER = "enterprise_filer", _("重点排放单位填报账号")
    LEAD_VERIFIER = "lead_verifier", _("核查组长")
    VERIFIER = "verifier", _("核查员")
    TECHNICAL_REVIEWER = "technical_reviewer", _("技术复核人")
    AGENCY_ADMIN = "agency_admin", _("机构管理员")
    REVIEWER = "reviewer", _("审核人")
    AUTHORITY_ADMIN = "authority_admin", _("管理员")
    OPERATOR = "operator", _("平台运营")


ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    OrganisationKind.ENTERPRISE: (Role.ENTERPRISE_FILER,),
    OrganisationKind.AGENCY: (
        Role.LEAD_VERIFIER,
        Role.VERIFIER,
        Role.TECHNICAL_REVIEWER,
        Role.AGENCY_ADMIN,
    ),
    OrganisationKind.AUTHORITY: (Role.REVIEWER, Role.AUTHORITY_ADMIN),
    OrganisationKind.OPERATOR: (Role.OPERATOR,),
}


class User(AbstractUser):
    """A person who logs in. Enterprise accounts log in with the credit code as username."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所属机构"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    display_name = models.CharField(_("姓名"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    # The one reporting account of an enterprise (FAQ 1); unique per organisation in the database.
    is_enterprise_account = models.BooleanField(_("重点排放单位报送账号"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.UniqueConstraint(
                fields=("organisation",),
                condition=models.Q(is_enterprise_account=True),
                name="one_reporting_account_per_enterprise",
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def role_set(self) -> frozenset[str]:
        cached: frozenset[str] | None = getattr(self, "_roles", None)
        if cached is None:
            cached = frozenset(self.roles.values_list("role", flat=True))
            self._roles = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set() & set(roles))

    @property
    def kind(self) -> str | None:
        return self.organisation.kind if self.organisation_id else None  # type: ignore[union-attr]


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("角色"), max_length=24, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("user", "role"), name="unique_user_role")]
        verbose_name = _("角色")
        verbose_name_plural = _("角色")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")
    SUPERSEDED = "superseded", _("已失效")  # the code's account was opened another way


class Registration(models.Model):
    """An enterprise's self-registration (注册申请): what it claims, until the authority decides.

    No account exists while it waits: several applications for one credit code can wait side by
    side (a squatter's among them), and none blocks the real enterprise. On approval the account
    is created with the password chosen here (kept only as Django's hash); an account opened
    another way (an activation code, another application) supersedes the rest.
    """

    reference = models.CharField(_("申请编号"), max_length=16, unique=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, db_index=True)
    name = models.CharField(_("企业名称"), max_length=200)
    province = models.ForeignKey(
        Province, verbose_name=_("审核省份"), on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField(_("联系人"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"))
    password = models.CharField(_("密码（哈希）"), max_length=128)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("处理人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("处理意见"), blank=True)
    account = models.ForeignKey(
        User,
        verbose_name=_("开通的账号"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
    )

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("注册申请")
        verbose_name_plural = _("注册申请")

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"


class ActivationCode(models.Model):
    """A one-time code a province hands to a registry enterprise to open its account (激活码).

    Only a SHA-256 digest is stored: the code is shown once, to the authority that issues it.
    It expires, works once, and issuing a new one revokes the old."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("排放单位"),
        on_delete=models.PROTECT,
        related_name="activation_codes",
    )
    digest = models.CharField(_("激活码摘要"), max_length=64, unique=True)
    issued_by = models.ForeignKey(
        User, verbose_name=_("发放人"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("发放时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("有效期至"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    account = models.ForeignKey(
        User,
        verbose_name=_("开通的账号"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    class Meta:
        ordering = ("-issued_at", "-pk")
        verbose_name = _("激活码")
        verbose_name_plural = _("激活码")

    def __str__(self) -> str:
        return f"{self.organisation} {self.issued_at:%Y-%m-%d}"

    def usable_at(self, moment: Any) -> bool:
        return self.used_at is None and self.revoked_at is None and moment < self.expires_at
