"""The 数据质量控制计划 (data quality control plan) with its versions, sections and review.

One ``PlanVersion`` per 备案 or 修订; its sections are the national form's eight tabs. A version is
editable while 草稿 or 退回补正; once 已提交 or 已通过 it is frozen — in the services and, for
anything that bypasses them, by database triggers generated from ``freeze.py``. Each
submission also stores the full content as it was submitted (``PlanSubmission``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tanhe.accounting.model import GasClass, State
from tanhe.accounting.quantities import Mode
from tanhe.accounts.models import EnterpriseNature


class PlanState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    APPROVED = "approved", _("已通过")
    RETURNED = "returned", _("退回补正")


EDITABLE_STATES = frozenset({PlanState.DRAFT, PlanState.RETURNED})
FROZEN_STATES = frozenset({PlanState.SUBMITTED, PlanState.APPROVED})
# state -> states it may move to (each move is one service function, audited)
TRANSITIONS: dict[str, frozenset[str]] = {
    PlanState.DRAFT: frozenset({PlanState.SUBMITTED}),
    PlanState.RETURNED: frozenset({PlanState.SUBMITTED}),
    PlanState.SUBMITTED: frozenset({PlanState.APPROVED, PlanState.RETURNED}),
    PlanState.APPROVED: frozenset(),
}


class BusinessType(models.TextChoices):
    FILING = "filing", _("监测计划备案")
    REVISION = "revision", _("监测计划修订")


class RevisionReason(models.TextChoices):
    """The guide's grounds for revising a plan (核算指南 数据质量控制计划的修订)."""

    NEW_SOURCE = "new_source", _("排放设施发生变化或使用新燃料、物料")
    NEW_METHOD = "new_method", _("采用新的测量仪器和方法，使数据的准确度提高")
    METHOD_WRONG = "method_wrong", _("发现之前采用的测量方法所产生的数据不正确")
    IMPROVES_ACCURACY = "improves_accuracy", _("发现按计划实施可提高报告数据的准确度")
    NON_COMPLIANT = "non_compliant", _("发现计划不符合核算指南要求")
    OTHER = "other", _("其他（请说明）")


class PlanVersion(models.Model):
    enterprise = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("重点排放单位"),
        on_delete=models.PROTECT,
        related_name="plan_versions",
    )
    number = models.PositiveIntegerField(_("版本"))
    business_type = models.CharField(_("业务类型"), max_length=16, choices=BusinessType.choices)
    state = models.CharField(
        _("状态"), max_length=16, choices=PlanState.choices, default=PlanState.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("修订自"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
    )
    revision_reason = models.CharField(
        _("修订原因"), max_length=24, choices=RevisionReason.choices, blank=True
    )
    revision_reason_text = models.TextField(_("修订说明"), blank=True)
    # sections 4, 5 and 7: free text the national form requires
    process_description = models.TextField(_("生产工艺详细描述"), blank=True)
    boundary_description = models.TextField(_("核算边界详细描述"), blank=True)
    qa_text = models.TextField(_("数据内部质量控制和质量保证相关规定"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("enterprise", "-number")
        constraints = [
            models.UniqueConstraint(fields=("enterprise", "number"), name="unique_plan_number"),
        ]
        verbose_name = _("质量控制计划版本")
        verbose_name_plural = _("质量控制计划版本")

    def __str__(self) -> str:
        return f"{self.enterprise} 质量控制计划 第{self.number}版"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


class PlanBasicInfo(models.Model):
    """Section 1 企业基本情况, copied per version; registry fields come from the organisation."""

    version = models.OneToOneField(PlanVersion, on_delete=models.CASCADE, related_name="basic")
    # registry-locked (copied from the organisation, never edited here when in the registry)
    name = models.CharField(_("企业名称"), max_length=200)
    code_type = models.CharField(_("代码类型"), max_length=16, default="credit_code")
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    permit_number = models.CharField(_("排污许可证号"), max_length=40, blank=True)
    registered_address = models.CharField(_("注册地址"), max_length=200, blank=True)
    production_address = models.CharField(_("生产经营场所地址"), max_length=200, blank=True)
    # editable
    registration_date = models.DateField(_("企业注册日期"), null=True, blank=True)
    registered_capital = models.DecimalField(
        _("注册资本（万元人民币）"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    nature = models.CharField(
        _("单位性质"), max_length=16, choices=EnterpriseNature.choices, blank=True
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=60, blank=True)
    province = models.CharField(_("省份"), max_length=32, blank=True)
    city = models.CharField(_("城市"), max_length=40, blank=True)
    district = models.CharField(_("区县"), max_length=40, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    industry_code = models.CharField(_("行业代码"), max_length=8, blank=True)
    latitude = models.DecimalField(
        _("发电设施纬度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("发电设施经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    plan_author = models.CharField(_("计划制定人"), max_length=60, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    authority_name = models.CharField(_("报送主管部门"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("企业基本情况")
        verbose_name_plural = _("企业基本情况")

    def __str__(self) -> str:
        return self.name


class FuelType(models.TextChoices):
    COAL = "coal", _("燃煤")
    GAS = "gas", _("燃气")
    OIL = "oil", _("燃油")


class DataSource(models.TextChoices):
    OPERATING_RULES = "operating_rules", _("机组运行规程")
    NAMEPLATE = "nameplate", _("铭牌")


class MainProduct(models.TextChoices):
    ELECTRICITY = "electricity", _("电能")
    ELECTRICITY_HEAT = "electricity_heat", _("电能+热能")


class GasClassChoice(models.TextChoices):
    """燃气机组等级 (accounting.model.GasClass)."""

    B = GasClass.B.value, _("B级")
    E = GasClass.E.value, _("E级")
    F = GasClass.F.value, _("F级")
    H = GasClass.H.value, _("H级")
    DISTRIBUTED = GasClass.DISTRIBUTED.value, _("分布式")


class PlanUnit(models.Model):
    """Section 2 机组信息 (and the unit's main product of section 4)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="units")
    position = models.PositiveIntegerField(_("序号"), default=0)
    industry = models.CharField(_("行业类别"), max_length=20, default="火力发电")
    name = models.CharField(_("机组名称"), max_length=100)
    unit_type = models.CharField(_("机组类型"), max_length=16)  # accounting.model.UnitType
    subtype = models.CharField(_("机组类型细分"), max_length=16)  # accounting.model.Subtype
    fuel_type = models.CharField(
        _("发电燃料类型"), max_length=8, choices=FuelType.choices, blank=True
    )
    fuel_names = models.JSONField(_("燃料名称"), default=list)  # keys of accounting/fuels.toml
    capacity_mw = models.DecimalField(_("装机容量（MW）"), max_digits=12, decimal_places=4)
    data_source = models.CharField(
        _("数据来源"), max_length=20, choices=DataSource.choices, blank=True
    )
    main_product = models.CharField(
        _("主要产品"), max_length=20, choices=MainProduct.choices, blank=True
    )
    # 合并填报: the merged row lists its members; a member points at its merged row.
    is_merged = models.BooleanField(_("合并填报"), default=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并填报于"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    merge_reason = models.TextField(_("合并填报原因"), blank=True)
    # seed 000 机组信息 a): which of fuel, supply or heat cannot be metered per unit
    merge_cases = models.JSONField(_("无法分机组计量的数据"), default=list, blank=True)
    # why the members may be merged although they differ on a condition (or cannot be confirmed)
    merge_exception = models.TextField(_("成员机组条件不同的说明"), blank=True)
    # 备用机组 of a merged row: the member it stands in for (核查技术指南 表17/表18)
    standby_for = models.ForeignKey(
        "self",
        verbose_name=_("调剂的机组（备用机组）"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="standbys",
    )
    gas_class = models.CharField(
        _("燃气机组等级"), max_length=12, choices=GasClassChoice.choices, blank=True
    )

    class Meta:
        ordering = ("version", "position", "id")
        verbose_name = _("机组")
        verbose_name_plural = _("机组")

    def __str__(self) -> str:
        return self.name

    @property
    def reports(self) -> bool:
        """Reported on its own row (not folded into a 合并填报 row)."""
        return self.merged_into_id is None


class FacilityCategory(models.TextChoices):
    BOILER = "boiler", _("锅炉")
    TURBINE = "turbine", _("汽轮机")
    GENERATOR = "generator", _("发电机")
    OTHER = "other", _("其他")


class TurbineType(models.TextChoices):
    CONDENSING = "condensing", _("凝汽式")
    EXTRACTION_CONDENSING = "extraction_condensing", _("抽凝式")
    BACK_PRESSURE = "back_pressure", _("背压式")
    EXTRACTION_BACK_PRESSURE = "extraction_back_pressure", _("抽背式")
    GAS_TURBINE = "gas_turbine", _("燃气轮机")


class PressureParameter(models.TextChoices):
    MEDIUM = "medium", _("中压")
    HIGH = "high", _("高压")
    ULTRA_HIGH = "ultra_high", _("超高压")
    SUBCRITICAL = "subcritical", _("亚临界")
    SUPERCRITICAL = "supercritical", _("超临界")
    ULTRA_SUPERCRITICAL = "ultra_supercritical", _("超超临界")


class Cooling(models.TextChoices):
    WATER = "water", _("水冷")
    AIR = "air", _("空冷")


class PlanFacility(models.Model):
    """Section 3 生产设施 and section 5 核算边界 (location, inside the boundary)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="facilities")
    unit = models.ForeignKey(PlanUnit, on_delete=models.CASCADE, related_name="facilities")
    category = models.CharField(_("设施类别"), max_length=16, choices=FacilityCategory.choices)
    code = models.CharField(_("设施编号"), max_length=20)  # per the emission permit, MF0001…
    name = models.CharField(_("设施名称"), max_length=100)
    model = models.CharField(_("型号"), max_length=60, blank=True)
    boiler_type = models.CharField(_("锅炉类型"), max_length=40, blank=True)
    capacity_tph = models.DecimalField(
        _("生产能力（t/h）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    turbine_type = models.CharField(
        _("汽轮机类型"), max_length=32, choices=TurbineType.choices, blank=True
    )
    pressure_parameter = models.CharField(
        _("压力参数"), max_length=24, choices=PressureParameter.choices, blank=True
    )
    rated_power_mw = models.DecimalField(
        _("额定功率（MW）"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    cooling = models.CharField(_("排汽冷却方式"), max_length=8, choices=Cooling.choices, blank=True)
    description = models.CharField(_("设施说明"), max_length=200, blank=True)  # category 其他
    location = models.CharField(_("设施安装位置"), max_length=200, blank=True)
    in_boundary = models.BooleanField(_("是否纳入核算边界"), default=True)
    remark = models.CharField(_("备注说明"), max_length=200, blank=True)

    class Meta:
        ordering = ("version", "unit", "category", "code")
        verbose_name = _("生产设施")
        verbose_name_plural = _("生产设施")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class MethodType(models.TextChoices):
    MEASURED = Mode.MEASURED.value, _(Mode.MEASURED.label_zh)
    DEFAULT = Mode.DEFAULT.value, _(Mode.DEFAULT.label_zh)
    CALCULATED = Mode.CALCULATED.value, _(Mode.CALCULATED.label_zh)
    SETTLEMENT = "settlement", _("结算值")
    OTHER = "other", _("其他")


class MethodState(models.TextChoices):
    """燃料状态 a fuel's consumption — and with it its NCV — is determined in (核查技术指南 表7:
    入炉煤的优先序高于入厂煤; 表9: 低位发热量与燃煤量状态一致). 入炉 first: the preferred one."""

    FIRED = State.FIRED.value, _("入炉")
    RECEIVED = State.RECEIVED.value, _("入厂")


class PlanMethod(models.Model):
    """Section 6 数据的确定方式: how one parameter of one unit (and fuel) is determined — method,
    devices, 监测频次, 记录频次, 数据缺失处理 and 数据记录及管理 (seed 000 数据的确定方式:
    "相关监测测量设备信息（如测量设备的型号、位置、监测频次、精度和校准频次等）、数据缺失处理、
    数据记录及管理信息"); a fuel's consumption row also says its 燃料状态 (``fuel_state``), which
    its NCV shares."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="methods")
    unit = models.ForeignKey(PlanUnit, on_delete=models.CASCADE, related_name="methods")
    parameter = models.CharField(_("参数"), max_length=40)  # key of plans.parameters.PARAMETERS
    fuel = models.CharField(_("燃料"), max_length=40, blank=True)  # for per-fuel parameters
    measure_unit = models.CharField(_("单位"), max_length=20, blank=True)
    method_type = models.CharField(
        _("方式类型"), max_length=16, choices=MethodType.choices, blank=True
    )
    description = models.TextField(_("具体描述"), blank=True)
    device_model = models.CharField(_("监测设备及型号"), max_length=100, blank=True)
    device_location = models.CharField(_("监测设备安装位置"), max_length=100, blank=True)
    frequency = models.CharField(_("监测频次"), max_length=60, blank=True)
    accuracy = models.CharField(_("监测设备精度"), max_length=60, blank=True)
    calibration_frequency = models.CharField(_("规定的监测设备校准频次"), max_length=60, blank=True)
    missing_data = models.TextField(_("数据缺失时的处理方式"), blank=True)
    record_frequency = models.CharField(_("记录频次"), max_length=60, blank=True)
    record_keeping = models.TextField(_("数据记录及管理"), blank=True)
    fuel_state = models.CharField(
        _("燃料状态"), max_length=10, choices=MethodState.choices, blank=True
    )  # the consumption rows only (plans.parameters: has_state)

    class Meta:
        ordering = ("version", "unit", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("unit", "parameter", "fuel"), name="one_method_per_parameter"
            )
        ]
        verbose_name = _("数据的确定方式")
        verbose_name_plural = _("数据的确定方式")

    def __str__(self) -> str:
        return f"{self.unit} {self.parameter} {self.fuel}".strip()


class AttachmentKind(models.TextChoices):
    ORG_CHART = "org_chart", _("组织机构图")
    SITE_PLAN = "site_plan", _("厂区平面分布图")
    PROCESS_FLOW = "process_flow", _("生产工艺流程图")
    OTHER = "other", _("其他附件")


REQUIRED_ATTACHMENTS = (
    AttachmentKind.ORG_CHART,
    AttachmentKind.SITE_PLAN,
    AttachmentKind.PROCESS_FLOW,
)


class PlanAttachment(models.Model):
    """Section 8 上传附件."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("附件类型"), max_length=16, choices=AttachmentKind.choices)
    title = models.CharField(_("附件名称"), max_length=200, blank=True)
    file = models.ForeignKey(
        "documents.StoredFile",
        verbose_name=_("文件"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ("version", "kind", "id")
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.title or self.file.original_name


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("意见")
    RETURN = "return", _("退回补正")
    APPROVE = "approve", _("审核通过")


class PlanComment(models.Model):
    """意见: the authority's comments, shown to the enterprise."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=16, choices=CommentKind.choices)
    text = models.TextField(_("意见"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ("version", "created_at", "id")
        verbose_name = _("审核意见")
        verbose_name_plural = _("审核意见")

    def __str__(self) -> str:
        return self.text[:40]


class PlanSubmission(models.Model):
    """The full content of a version as it was submitted (each submission, including resubmits)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="submissions")
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    content = models.JSONField(_("提交内容"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        ordering = ("version", "submitted_at", "id")
        verbose_name = _("提交记录")
        verbose_name_plural = _("提交记录")

    def __str__(self) -> str:
        return f"{self.version} @ {self.submitted_at:%Y-%m-%d %H:%M}"
