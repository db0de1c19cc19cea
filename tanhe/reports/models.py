"""The annual emission report (年报) and its monthly 存证 (monthly information filing).

A ``Report`` is one version of an enterprise's report for a data year, bound to the plan version
in force when it was created. Its numbers are ``ReportCell`` rows — one per unit, table, fuel,
parameter and month — held as exact decimal **text** (never a float, on any database). A month
filed on its own (``MonthFiling``) is sealed: its cells cannot change until an amendment with a
reason reopens it. A submitted report is frozen (services, and database triggers generated from
``freeze.py``); the authority's 退回补正 creates the next version as a copy. States move only along
``TRANSITIONS``; an enterprise has at most one draft per year (a database constraint).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tanhe.accounting.model import State
from tanhe.accounting.quantities import Mode as Quantity


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    # 企业补正: returned to the enterprise (seed 000's list shows this state so); the version
    # itself stays as submitted, superseded by the next version (a draft copy) that is corrected
    RETURNED = "returned", _("企业补正")
    ACCEPTED = "accepted", _("已通过")


FROZEN_STATES = frozenset({ReportState.SUBMITTED, ReportState.RETURNED, ReportState.ACCEPTED})
# state -> states it may move to, each move one audited service (services._common._move); the
# database refuses any other move out of a frozen state (freeze.py)
TRANSITIONS: dict[str, frozenset[str]] = {
    ReportState.DRAFT: frozenset({ReportState.SUBMITTED}),
    ReportState.SUBMITTED: frozenset({ReportState.ACCEPTED, ReportState.RETURNED}),
    ReportState.RETURNED: frozenset(),  # superseded: 退回补正 copies it into the next version
    ReportState.ACCEPTED: frozenset(),
}


class Report(models.Model):
    enterprise = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("重点排放单位"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    year = models.PositiveIntegerField(_("报告年度"))
    number = models.PositiveIntegerField(_("版本"), default=1)
    plan_version = models.ForeignKey(
        "plans.PlanVersion",
        verbose_name=_("依据的质量控制计划"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    contact_person = models.CharField(_("报告联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    split_purchased_electricity = models.BooleanField(
        _("外购电量无法分机组，按机组数目平分"), default=False
    )
    declared_entity = models.CharField(_("重点排放单位（声明）"), max_length=200, blank=True)
    declared_legal_representative = models.CharField(
        _("法定代表人（声明）"), max_length=60, blank=True
    )
    stamped_pdf = models.ForeignKey(
        "documents.StoredFile",
        verbose_name=_("盖章扫描版排放报告"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # the data fingerprint the stamped scan's QR codes carry (scan_check); null (not "") so that
    # adding the column keeps SQLite's table and its freeze triggers
    stamped_fingerprint = models.CharField(
        _("盖章扫描版的数据指纹"), max_length=64, null=True, blank=True
    )
    autocalc_at = models.DateTimeField(_("自动计算时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    # 终版: the version made after verification from the accepted one (``previous``), and why
    is_final = models.BooleanField(_("终版"), default=False)
    final_reason = models.TextField(_("终版原因"), blank=True)

    class Meta:
        verbose_name = _("排放报告")
        verbose_name_plural = _("排放报告")
        ordering = ("-year", "-number")
        constraints = [
            models.UniqueConstraint(
                fields=("enterprise", "year", "number"), name="one_report_number_per_year"
            ),
            models.UniqueConstraint(
                fields=("enterprise", "year"),
                condition=models.Q(state=ReportState.DRAFT),
                name="one_draft_per_year",
                violation_error_message=_("该年度的年报已有一个草稿版本"),
            ),
            # a 终版 returned for correction is superseded by its correction, a 终版 again
            models.UniqueConstraint(
                fields=("enterprise", "year"),
                condition=models.Q(is_final=True) & ~models.Q(state=ReportState.RETURNED),
                name="one_final_version_per_year",
                violation_error_message=_("该年度的年报已有终版"),
            ),
            models.CheckConstraint(
                condition=models.Q(is_final=False)
                | (models.Q(previous__isnull=False) & ~models.Q(final_reason="")),
                name="final_version_has_origin_and_reason",
                violation_error_message=_("终版须有其来源版本和原因"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}年报 第{self.number}版"

    @property
    def is_frozen(self) -> bool:
        return self.state in FROZEN_STATES

    @property
    def final_origin(self) -> Report | None:
        """The accepted version a 终版 was made from (through the corrections of a 终版 returned
        for correction); ``None`` for other versions."""
        if not self.is_final:
            return None
        origin = self.previous
        while origin is not None and origin.is_final:
            origin = origin.previous
        return origin


class Mode(models.TextChoices):
    """数据获取方式 of a cell (accounting.quantities.Mode)."""

    MEASURED = Quantity.MEASURED.value, _(Quantity.MEASURED.label_zh)
    DEFAULT = Quantity.DEFAULT.value, _(Quantity.DEFAULT.label_zh)
    CALCULATED = Quantity.CALCULATED.value, _(Quantity.CALCULATED.label_zh)


class Origin(models.TextChoices):
    USER = "user", _("填报")
    AUTO = "auto", _("自动计算")


class ReportCell(models.Model):
    """One value of the report's tables. ``unit`` is null for plant-level rows (a purchase of
    electricity split over units). ``value`` is exact decimal text ("" = not given)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="cells")
    unit = models.ForeignKey(
        "plans.PlanUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    table = models.CharField(_("表"), max_length=16)  # accounting.report_form.Table
    fuel = models.CharField(_("燃料"), max_length=40, blank=True)
    key = models.CharField(_("参数"), max_length=40)  # accounting.report_form.Row.key
    month = models.PositiveSmallIntegerField(_("月份"))
    value = models.CharField(_("数值"), max_length=40, blank=True)
    mode = models.CharField(_("数据获取方式"), max_length=16, choices=Mode.choices, blank=True)
    origin = models.CharField(_("来源"), max_length=8, choices=Origin.choices, default=Origin.USER)
    source = models.CharField(_("数据来源"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("报告数值")
        verbose_name_plural = _("报告数值")
        constraints = [
            models.UniqueConstraint(
                fields=("report", "unit", "table", "fuel", "key", "month"),
                name="one_cell_per_place",
            )
        ]
        indexes = [models.Index(fields=("report", "month"))]

    def __str__(self) -> str:
        return f"{self.table}/{self.fuel}/{self.key}/{self.month}={self.value}"

    @property
    def decimal(self) -> Decimal | None:
        if not self.value or self.value in STATE_VALUES:
            return None
        return Decimal(self.value)


class AllocatedFuel(models.Model):
    """An auxiliary fuel (e.g. diesel for start-up) the report gives for the plant only: each
    month's plant consumption is allocated over the units that list the fuel in proportion to
    their generation (seed 000 机组信息 说明 c); the units' consumption of it is derived."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="allocated_fuels")
    fuel = models.CharField(_("燃料"), max_length=40)

    class Meta:
        verbose_name = _("按机组发电量分配的辅助燃料")
        verbose_name_plural = _("按机组发电量分配的辅助燃料")
        constraints = [
            models.UniqueConstraint(fields=("report", "fuel"), name="one_allocation_per_fuel")
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.fuel}"


class FuelState(models.TextChoices):
    """燃料状态 of a fuel month or a daily record: the one choice class every page, form and
    document uses (the engine's ``tanhe.accounting.model.State``)."""

    FIRED = State.FIRED.value, _(State.FIRED.label_zh)
    RECEIVED = State.RECEIVED.value, _(State.RECEIVED.label_zh)


STATE_VALUES = tuple(FuelState.values)


class DailyFuelRecord(models.Model):
    """One day's 入炉 (or one batch's 入厂) quantity with its NCV and carbon: the month's
    consumption is their sum, NCV and carbon their quantity-weighted means (seed 000 燃料信息表
    说明1, computed by the engine). Values are exact decimal text, as in ``ReportCell``."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="daily_records")
    unit = models.ForeignKey("plans.PlanUnit", on_delete=models.PROTECT, related_name="+")
    fuel = models.CharField(_("燃料"), max_length=40)
    day = models.DateField(_("日期"))
    quantity = models.CharField(_("消耗量"), max_length=40)
    ncv = models.CharField(_("低位发热量"), max_length=40, blank=True)
    carbon_content = models.CharField(_("元素碳含量"), max_length=40, blank=True)
    state = models.CharField(_("燃料状态"), max_length=10)  # fired | received

    class Meta:
        verbose_name = _("日消耗记录")
        verbose_name_plural = _("日消耗记录")
        ordering = ("day",)
        constraints = [
            models.UniqueConstraint(
                fields=("report", "unit", "fuel", "day"), name="one_daily_record"
            )
        ]

    @property
    def month(self) -> int:
        return self.day.month


class HeatKind(models.TextChoices):
    STEAM = "steam", _("蒸汽")
    HOT_WATER = "hot_water", _("热水")


class HeatMeasurement(models.Model):
    """A month's heat supply measured as steam (mass × enthalpy) or hot water (mass and supply
    temperature); the month's 供热量 is then computed by the engine (核算指南 供热量)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="heat_measurements")
    unit = models.ForeignKey("plans.PlanUnit", on_delete=models.PROTECT, related_name="+")
    month = models.PositiveSmallIntegerField(_("月份"))
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    kind = models.CharField(_("介质"), max_length=10, choices=HeatKind.choices)
    mass_t = models.CharField(_("质量（t）"), max_length=40)
    enthalpy_kj_per_kg = models.CharField(_("焓值（kJ/kg）"), max_length=40, blank=True)
    temperature_c = models.CharField(_("供水温度（℃）"), max_length=40, blank=True)
    label = models.CharField(_("计量点"), max_length=100, blank=True)
    # steam (or network water) only, where metered (核查技术指南 表16 验): what goes back, and the
    # heat exchanger of an indirect supply
    return_t = models.CharField(_("回水量（t）"), max_length=40, blank=True)
    return_enthalpy_kj_per_kg = models.CharField(_("回水焓（kJ/kg）"), max_length=40, blank=True)
    makeup_t = models.CharField(_("补充水量（t）"), max_length=40, blank=True)
    makeup_enthalpy_kj_per_kg = models.CharField(_("补充水焓（kJ/kg）"), max_length=40, blank=True)
    exchanger_efficiency_pct = models.CharField(_("热网加热器效率（%）"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("供热计量")
        verbose_name_plural = _("供热计量")
        ordering = ("month", "position")


# The optional fields of a steam measurement, as the interchange's SteamFlow names them.
STEAM_BALANCE_FIELDS = (
    "return_t",
    "return_enthalpy_kj_per_kg",
    "makeup_t",
    "makeup_enthalpy_kj_per_kg",
    "exchanger_efficiency_pct",
)


class TestMethod(models.TextChoices):
    SELF = "self", _("自行检测")
    COMMISSIONED = "commissioned", _("委托检测")


class Accreditation(models.TextChoices):
    CMA = "cma", "CMA"
    CNAS = "cnas", "CNAS"
    BOTH = "both", "CMA + CNAS"
    NONE = "none", _("无")


class TestRecord(models.Model):
    """确定方式表: how a month's 低位发热量 or 单位热值含碳量 was determined (seed 000 排放报告-确定
    方式表: "企业需要填报每月低位发热量和单位热值含碳量的确定方式，包括自行检测和委托检测的情况"),
    and when. A measured month's 单位热值含碳量 is 收到基元素碳含量 ÷ 低位发热量 (seed 000
    燃料信息表), so its row describes the element-carbon test. ``parameter`` is ``ncv`` or
    ``unit_heat_carbon`` (rows saved before 2026-12 as ``carbon_content`` were moved by migration
    0008; sealed months keep the old key, read through ``labels.test_parameter``)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="test_records")
    unit = models.ForeignKey("plans.PlanUnit", on_delete=models.PROTECT, related_name="+")
    fuel = models.CharField(_("燃料"), max_length=40)
    parameter = models.CharField(_("参数"), max_length=20)  # "ncv" | "unit_heat_carbon"
    month = models.PositiveSmallIntegerField(_("月份"))
    method = models.CharField(_("检测方式"), max_length=16, choices=TestMethod.choices, blank=True)
    device = models.CharField(_("检测设备"), max_length=100, blank=True)
    frequency = models.CharField(_("检测频次"), max_length=40, blank=True)
    calibration_frequency = models.CharField(_("设备校准频次"), max_length=40, blank=True)
    standard = models.CharField(_("测定方法标准"), max_length=100, blank=True)
    laboratory = models.CharField(_("委托机构名称"), max_length=200, blank=True)
    accreditation = models.CharField(
        _("CMA/CNAS 标识"), max_length=8, choices=Accreditation.choices, blank=True
    )
    sampled_on = models.DateField(_("采样日期"), null=True, blank=True)
    reported_on = models.DateField(_("报告日期"), null=True, blank=True)
    report_number = models.CharField(_("报告编号"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("确定方式")
        verbose_name_plural = _("确定方式表")
        constraints = [
            models.UniqueConstraint(
                fields=("report", "unit", "fuel", "parameter", "month"), name="one_test_record"
            )
        ]


# The fields of a 确定方式表 row, in the table's order (the page, the Excel sheet, the PDF).
TEST_FIELDS = (
    "method",
    "device",
    "frequency",
    "calibration_frequency",
    "standard",
    "laboratory",
    "accreditation",
    "report_number",
    "sampled_on",
    "reported_on",
)


class EvidenceKind(models.TextChoices):
    DAILY_FUEL_RECORDS = "daily_fuel_records", _("每日化石燃料消耗量原始记录")
    ANNUAL_PRODUCTION_REPORT = "annual_production_report", _("年度生产报表")
    MONTHLY_FUEL_TRADE = "monthly_fuel_trade", _("月度燃料购销记录")
    ANNUAL_FUEL_TRADE = "annual_fuel_trade", _("年度燃料购销记录")
    DAILY_NCV_RECORDS = "daily_ncv_records", _("每日热值测试原始记录")
    MONTHLY_NCV_SHEET = "monthly_ncv_sheet", _("月度热值计算表")
    MONTHLY_CARBON_TESTS = "monthly_carbon_tests", _("月度燃料含碳量测试台帐或报告")
    MONTHLY_ASH_CARBON_TESTS = "monthly_ash_carbon_tests", _("月度灰、渣含碳量原始测试台帐或报告")
    MONTHLY_ASH_OUTPUT = "monthly_ash_output", _("月度灰、渣产量证据文件")
    DUST_REMOVAL_EFFICIENCY = "dust_removal_efficiency", _("除尘效率证据文件")
    MONTHLY_PRODUCTION_REPORT = "monthly_production_report", _("生产月报表")
    ELECTRICITY_BILLS = "electricity_bills", _("电费结算单或发票")
    OTHER = "other", _("其他")


class ReportEvidence(models.Model):
    """材料上传: one file per required type (a zip allowed), any number of 其他."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("附件类型"), max_length=32, choices=EvidenceKind.choices)
    title = models.CharField(_("附件名称"), max_length=200, blank=True)
    file = models.ForeignKey("documents.StoredFile", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("报告附件")
        verbose_name_plural = _("报告附件")
        ordering = ("kind", "added_at")


class FilingState(models.TextChoices):
    SEALED = "sealed", _("已存证")
    AMENDING = "amending", _("修改中")


class MonthFiling(models.Model):
    """月度信息化存证: one month of an enterprise's data year, filed and sealed on its own."""

    enterprise = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="month_filings"
    )
    year = models.PositiveIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    state = models.CharField(_("状态"), max_length=16, choices=FilingState.choices)
    sealed_at = models.DateTimeField(_("存证时间"))
    # the first seal's time, kept through amendments: a month first sealed late stays marked
    first_sealed_at = models.DateTimeField(_("首次存证时间"), null=True, blank=True)
    sealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revision = models.PositiveIntegerField(_("存证次数"), default=1)
    content = models.JSONField(_("存证内容"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    amendment_reason = models.TextField(_("修改原因"), blank=True)

    class Meta:
        verbose_name = _("月度存证")
        verbose_name_plural = _("月度存证")
        ordering = ("year", "month")
        constraints = [
            models.UniqueConstraint(
                fields=("enterprise", "year", "month"), name="one_filing_per_month"
            )
        ]


class ValueEvidence(models.Model):
    """A supporting file attached to the value row it proves (one unit, table, fuel, parameter,
    month): stamped ledgers, test reports, bills."""

    enterprise = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    unit_name = models.CharField(_("机组"), max_length=100)
    table = models.CharField(_("表"), max_length=16)
    fuel = models.CharField(_("燃料"), max_length=40, blank=True)
    key = models.CharField(_("参数"), max_length=40)
    file = models.ForeignKey("documents.StoredFile", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("数值支撑材料")
        verbose_name_plural = _("数值支撑材料")
        indexes = [models.Index(fields=("enterprise", "year", "month"))]


class ReportComment(models.Model):
    """The authority's comment on a submitted version: the 退回补正 reason (no place), or a
    comment at a place of the report — a table (``table``: an editor section), optionally a row
    of a number table (``row_key``), a unit and fuel, a month (``tanhe.reports.review_places``).
    A placed comment is written while the version waits for review; the enterprise sees it once
    the version is decided (``review_places.visible_to_plant``)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("意见"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    table = models.CharField(_("表"), max_length=20, blank=True, default="")
    row_key = models.CharField(_("行"), max_length=40, blank=True, default="")
    unit = models.ForeignKey(
        "plans.PlanUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fuel = models.CharField(_("燃料"), max_length=40, blank=True, default="")
    month = models.PositiveSmallIntegerField(_("月份"), null=True, blank=True)

    @property
    def where(self) -> str:
        """The place in words ("" for the overall 退回补正 reason)."""
        from .review_places import words

        return words(self)

    class Meta:
        ordering = ("created_at",)


class ReportSubmission(models.Model):
    """The report exactly as submitted: every cell, the engine's result and a fingerprint."""

    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="submission")
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    content = models.JSONField(_("提交内容"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)


class ReportFigures(models.Model):
    """What the review list shows of a submitted version that needs the engine: its total
    emissions and its number of warnings, worked out once (the version is frozen, so they never
    change) by ``tanhe.reports.review_list.figures``."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="figures")
    total = models.CharField(_("排放总量"), max_length=40, blank=True, default="")
    warnings = models.PositiveIntegerField(_("提示"), default=0)
    computed_at = models.DateTimeField(auto_now_add=True)
