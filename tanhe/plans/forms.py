"""Forms of the enterprise's 质量控制计划 pages.

They parse what the browser sends and hand plain values to ``services``; the rules (what a unit,
a facility or a plan needs) live in the services and ``validation``. Their ``ValidationError``
messages are put next to the fields with :func:`apply_errors`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tanhe.accounts.models import EnterpriseNature
from tanhe.plans.display import (
    CATEGORY_FIELDS,
    INDUSTRY_CHOICES,
    SUBTYPE_CHOICES,
    UNIT_TYPE_CHOICES,
    fuel_choices,
    number,
    value_label,
)
from tanhe.plans.merging import CASE_LABELS
from tanhe.plans.models import (
    AttachmentKind,
    Cooling,
    DataSource,
    FacilityCategory,
    FuelType,
    GasClassChoice,
    MainProduct,
    MethodState,
    MethodType,
    PlanFacility,
    PlanMethod,
    PlanUnit,
    PlanVersion,
    PressureParameter,
    RevisionReason,
    TurbineType,
)
from tanhe.plans.services import EDITABLE_BASIC_FIELDS
from tanhe.plans.validation import BASIC_REQUIRED
from tanhe.validators import CodeField, FreeTextForm, NumberField

BLANK: list[tuple[str, Any]] = [("", _("请选择"))]
IMAGE_OR_PDF = ".png,.jpg,.jpeg,.pdf,image/png,image/jpeg,application/pdf"
ANY_DOCUMENT = IMAGE_OR_PDF + ",.docx,.xlsx,.zip"
# Suggestions for 锅炉类型 (free text): offered in the page's language.
BOILER_TYPES = (
    _("煤粉锅炉"),
    _("循环流化床锅炉"),
    _("燃气锅炉"),
    _("余热锅炉"),
    _("燃油锅炉"),
    _("链条炉"),
)


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form: keyed messages next to their field,
    the others (and keys the form does not have) at the top."""
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            target = name if name in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class MarkedForm(FreeTextForm):
    """A form whose fields the service checks: shown with * though Django does not require them."""

    marked: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.marked:
            self.fields[name].mark_required = True


def _text(label: Any, max_length: int, **kw: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, **kw)


# -- section 1 -----------------------------------------------------------------------------------
class BasicInfoForm(FreeTextForm):
    """The editable part of 企业基本情况; the registry fields are shown, not edited."""

    registration_date = forms.DateField(
        label=_("企业注册日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    registered_capital = NumberField(
        label=_("注册资本（万元人民币）"),
        max_digits=16,
        decimal_places=4,
        min_value=Decimal("0"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    nature = forms.ChoiceField(label=_("单位性质"), choices=BLANK + list(EnterpriseNature.choices))
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=60)
    city = forms.CharField(label=_("城市"), max_length=40)
    district = forms.CharField(label=_("区县"), max_length=40)
    postcode = CodeField(
        label=_("邮政编码"),
        max_length=6,
        validators=[RegexValidator(r"\A[0-9]{6}\Z", _("邮政编码应为 6 位数字"))],
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    industry_code = CodeField(label=_("行业代码"), max_length=8, help_text=_("如 4411"))
    latitude = NumberField(
        signed=True,
        label=_("发电设施纬度"),
        max_digits=9,
        decimal_places=6,
        min_value=Decimal("-90"),
        max_value=Decimal("90"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    longitude = NumberField(
        signed=True,
        label=_("发电设施经度"),
        max_digits=9,
        decimal_places=6,
        min_value=Decimal("-180"),
        max_value=Decimal("180"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    plan_author = forms.CharField(label=_("计划制定人"), max_length=60)
    contact_person = forms.CharField(label=_("联系人"), max_length=60)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30)
    contact_email = forms.EmailField(label=_("电子邮箱"))

    permit_number = forms.CharField(label=_("排污许可证号"), max_length=40)
    registered_address = forms.CharField(label=_("注册地址"), max_length=200)
    production_address = forms.CharField(label=_("生产经营场所地址"), max_length=200)

    def __init__(
        self, *args: Any, editable: tuple[str, ...] = EDITABLE_BASIC_FIELDS, **kwargs: Any
    ) -> None:
        """``editable``: services.editable_basic_fields(enterprise) — a self-registered
        enterprise also fills its permit number and addresses."""
        super().__init__(*args, **kwargs)
        self.editable = editable
        for name in list(self.fields):
            if name not in editable:
                del self.fields[name]
        self.order_fields(editable)
        for name, form_field in self.fields.items():
            form_field.required = name in BASIC_REQUIRED  # the completeness rule's own list

    @classmethod
    def initial_from(cls, basic: Any, editable: tuple[str, ...]) -> dict[str, Any]:
        return {
            name: number(value) if isinstance(value, Decimal) else value
            for name in editable
            if (value := getattr(basic, name)) is not None
        }

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.editable}


# -- section 2 -----------------------------------------------------------------------------------
class UnitForm(MarkedForm):
    marked = (
        "name",
        "unit_type",
        "subtype",
        "fuel_type",
        "fuel_names",
        "capacity_mw",
        "data_source",
    )

    industry = forms.ChoiceField(label=_("行业类别"), choices=INDUSTRY_CHOICES)
    name = _text(_("机组名称"), 100, widget=forms.TextInput(attrs={"placeholder": _("1号机组")}))
    unit_type = forms.ChoiceField(
        label=_("机组类型"), choices=BLANK + UNIT_TYPE_CHOICES, required=False
    )
    subtype = forms.ChoiceField(
        label=_("机组类型细分"), choices=BLANK + SUBTYPE_CHOICES, required=False
    )
    fuel_type = forms.ChoiceField(
        label=_("发电燃料类型"), choices=BLANK + list(FuelType.choices), required=False
    )
    fuel_names = forms.MultipleChoiceField(
        label=_("燃料名称"), required=False, widget=forms.CheckboxSelectMultiple
    )
    capacity_mw = _text(
        _("装机容量（MW）"),
        30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("只能填写数字，如 660 或 330.5"),
    )
    data_source = forms.ChoiceField(
        label=_("数据来源"), choices=BLANK + list(DataSource.choices), required=False
    )
    gas_class = forms.ChoiceField(
        label=_("燃气机组等级"),
        choices=[("", "/"), *GasClassChoice.choices],
        required=False,
        help_text=_("燃气机组可选（B级 / E级 / F级 / H级 / 分布式），显示为机组类型细分"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fuel_names"].choices = fuel_choices()

    @classmethod
    def initial_from(cls, unit: PlanUnit) -> dict[str, Any]:
        return {
            "industry": unit.industry,
            "name": unit.name,
            "unit_type": unit.unit_type,
            "subtype": unit.subtype,
            "fuel_type": unit.fuel_type,
            "fuel_names": list(unit.fuel_names),
            "capacity_mw": number(unit.capacity_mw),
            "data_source": unit.data_source,
            "gas_class": unit.gas_class,
        }

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        # A unit that does not burn coal is not subdivided: "/" unless the user chose otherwise.
        if data["unit_type"] and data["unit_type"] != "coal" and not data["subtype"]:
            data["subtype"] = "none"
        data["capacity_mw"] = data["capacity_mw"].strip()
        return data


class MergeForm(MarkedForm):
    """合并填报: two or more units, the reason, optionally a name for the merged row."""

    marked = ("unit_ids", "cases", "reason")

    unit_ids = forms.TypedMultipleChoiceField(
        label=_("合并填报的机组范围"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = _text(
        _("合并填报原因"),
        2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("说明哪些数据无法分机组计量，如：母管制，燃料消耗量无法分机组计量"),
    )
    name = _text(
        _("合并填报名称"),
        100,
        help_text=_("可不填，默认以成员机组命名，如“合并填报（1号机组、2号机组）”"),
    )
    cases = forms.MultipleChoiceField(
        label=_("无法分机组计量的数据"),
        choices=[(k.value, v) for k, v in CASE_LABELS.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("至少选择一项（报送系统 机组信息 说明 a）"),
    )
    exception = _text(
        _("成员机组条件不同的说明"),
        2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("成员机组在上表某项条件上不同时必填：说明为何仍需合并填报，核查时将予以核实"),
    )

    def __init__(self, *args: Any, units: list[PlanUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_ids"].choices = [
            (
                u.pk,
                gettext("%(name)s（%(type)s，%(capacity)s MW）")
                % {
                    "name": u.name,
                    "type": value_label("unit_type", u.unit_type),
                    "capacity": number(u.capacity_mw),
                },
            )
            for u in units
        ]


# -- section 3 -----------------------------------------------------------------------------------
FACILITY_DATA = (
    "boiler_type",
    "turbine_type",
    "model",
    "capacity_tph",
    "pressure_parameter",
    "rated_power_mw",
    "cooling",
    "description",
)


class FacilityForm(MarkedForm):
    # each category's fields are required for that category (only they are shown)
    marked = ("unit", "category", "code", "name", *FACILITY_DATA)

    unit = forms.TypedChoiceField(label=_("机组名称"), coerce=int, required=False)
    category = forms.ChoiceField(
        label=_("生产设施类别"),
        choices=BLANK + list(FacilityCategory.choices),
        required=False,
    )
    code = _text(
        _("生产设施编号"),
        20,
        help_text=_("与排污许可证一致，MF 加 4 位以上数字"),
        widget=forms.TextInput(attrs={"placeholder": "MF0001", "autocomplete": "off"}),
    )
    name = _text(
        _("生产设施名称"), 100, widget=forms.TextInput(attrs={"placeholder": _("1号锅炉")})
    )
    boiler_type = _text(_("锅炉类型"), 40, widget=forms.TextInput(attrs={"list": "boiler-types"}))
    turbine_type = forms.ChoiceField(
        label=_("汽轮机类型"), choices=BLANK + list(TurbineType.choices), required=False
    )
    model = _text(_("型号"), 60)
    capacity_tph = _text(
        _("生产能力（t/h）"), 30, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    pressure_parameter = forms.ChoiceField(
        label=_("压力参数"), choices=BLANK + list(PressureParameter.choices), required=False
    )
    rated_power_mw = _text(
        _("额定功率（MW）"), 30, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    cooling = forms.ChoiceField(
        label=_("排汽冷却方式"),
        choices=BLANK + list(Cooling.choices),
        required=False,
        help_text=_("背压式汽轮机不填"),
    )
    description = _text(_("设施说明"), 200)

    def __init__(self, *args: Any, units: list[PlanUnit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None:  # editing: the facility stays with its unit
            del self.fields["unit"]
        else:
            self.fields["unit"].choices = BLANK + [(u.pk, u.name) for u in units]
        for category, names in CATEGORY_FIELDS.items():
            for name in names:
                self.fields[name].widget.attrs.setdefault("data-category", "")
                self.fields[name].widget.attrs["data-category"] += f" {category}"

    @classmethod
    def initial_from(cls, facility: PlanFacility) -> dict[str, Any]:
        names = ("category", "code", "name", *FACILITY_DATA)
        return {
            n: number(v) if isinstance(v := getattr(facility, n), Decimal) else v for n in names
        }

    def service_data(self) -> dict[str, Any]:
        """The category's fields as typed; the other categories' fields emptied (they are
        hidden on the page), and no cooling for a 背压式 turbine."""
        data = dict(self.cleaned_data)
        data.pop("unit", None)
        wanted = set(CATEGORY_FIELDS.get(data["category"], FACILITY_DATA))
        if data["category"] == FacilityCategory.TURBINE and (
            data["turbine_type"] == TurbineType.BACK_PRESSURE
        ):
            wanted.discard("cooling")
        for name in FACILITY_DATA:
            if name not in wanted:
                data[name] = None if name in ("capacity_tph", "rated_power_mw") else ""
            elif isinstance(data[name], str):
                data[name] = data[name].strip()
        return data


# -- section 4 -----------------------------------------------------------------------------------
class ProductForm(MarkedForm):
    """One reporting unit's 主要产品 (a row of the products table)."""

    marked = ("main_product",)

    main_product = forms.ChoiceField(
        label=_("主要产品"), choices=BLANK + list(MainProduct.choices), required=False
    )


class ProcessForm(FreeTextForm):
    process_description = forms.CharField(
        label=_("生产工艺的详细描述"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "至少包括：每种产品的生产工艺流程描述，对于涉及化学反应的工艺需写明化学反应方程式。"
        ),
        error_messages={"required": _("请填写生产工艺的详细描述")},
    )


# -- section 5 -----------------------------------------------------------------------------------
def _yes(value: Any) -> bool:
    return value is True or value == "True"


class BoundaryRowForm(FreeTextForm):
    """One facility's row of the 核算边界 table."""

    location = forms.CharField(
        label=_("设施安装位置"),
        max_length=200,
        error_messages={"required": _("请填写设施安装位置")},
    )
    in_boundary = forms.TypedChoiceField(
        label=_("是否纳入核算边界"),
        choices=[("True", _("是")), ("False", _("否"))],
        coerce=_yes,
    )
    remark = _text(_("备注说明"), 200)


class BoundaryTextForm(FreeTextForm):
    boundary_description = forms.CharField(
        label=_("核算边界的详细描述"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("应包括核算边界所包含的装置、所对应的地理边界、组织单元和生产过程。"),
        error_messages={"required": _("请填写核算边界的详细描述")},
    )


# -- section 6 -----------------------------------------------------------------------------------
class MethodForm(FreeTextForm):
    """One parameter's row of 数据的确定方式."""

    method_type = forms.ChoiceField(
        label=_("方式类型"), choices=BLANK + list(MethodType.choices), required=False
    )
    description = _text(_("具体描述"), 2000, widget=forms.Textarea(attrs={"rows": 2}))
    device_model = _text(_("监测设备及型号"), 100)
    device_location = _text(_("安装位置"), 100)
    frequency = _text(_("监测频次"), 60)
    accuracy = _text(_("精度"), 60)
    calibration_frequency = _text(_("校准频次"), 60)
    missing_data = _text(_("数据缺失时的处理方式"), 2000, widget=forms.Textarea(attrs={"rows": 2}))
    record_frequency = _text(_("记录频次"), 60)
    record_keeping = _text(_("数据记录及管理"), 2000, widget=forms.Textarea(attrs={"rows": 2}))
    fuel_state = forms.ChoiceField(
        label=_("燃料状态"),
        choices=BLANK + list(MethodState.choices),
        required=False,
        help_text=_(
            "入炉优先（核查技术指南 表7）；低位发热量与消耗量状态相同（表9）。"
            "选择入厂时请在具体描述中说明理由。"
        ),
    )

    def __init__(self, *args: Any, has_state: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_state:  # only a fuel's consumption row says its state
            del self.fields["fuel_state"]

    @classmethod
    def initial_from(cls, method: PlanMethod) -> dict[str, Any]:
        return {name: getattr(method, name) for name in cls.base_fields}


class SyncForm(forms.Form):
    """同步填报: copy this unit's entries to the chosen units."""

    targets = forms.TypedMultipleChoiceField(
        label=_("同步到"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, units: list[PlanUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["targets"].choices = [(u.pk, u.name) for u in units]


# -- section 7 -----------------------------------------------------------------------------------
class QAForm(FreeTextForm):
    qa_text = forms.CharField(
        label=_("数据内部质量控制和质量保证相关规定"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "应包括：数据质量控制计划的制定、修订以及执行等管理程序，人员指定情况，"
            "内部评估管理，数据文件归档管理程序等内容。"
        ),
        error_messages={"required": _("请填写数据内部质量控制和质量保证相关规定")},
    )


# -- section 8 -----------------------------------------------------------------------------------
class AttachmentForm(FreeTextForm):
    kind = forms.ChoiceField(label=_("附件类型"), choices=list(AttachmentKind.choices))
    file = forms.FileField(
        label=_("文件"),
        error_messages={"required": _("请选择要上传的文件"), "empty": _("文件是空的")},
    )
    title = _text(_("附件名称"), 200)


# -- versions ------------------------------------------------------------------------------------
class RevisionForm(MarkedForm):
    marked = ("reason",)

    reason = forms.ChoiceField(
        label=_("修订原因"),
        choices=list(RevisionReason.choices),
        required=False,
        widget=forms.RadioSelect,
    )
    reason_text = _text(
        _("修订说明"),
        2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("修订原因为“其他”时必填"),
    )


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label=_("旧版本"), coerce=int)
    b = forms.TypedChoiceField(label=_("新版本"), coerce=int)

    def __init__(self, *args: Any, versions: list[PlanVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(v.pk, _version_label(v)) for v in versions]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices


def _version_label(version: PlanVersion) -> str:
    label = gettext("第%(number)s版") % {"number": version.number}
    return f"{label} · {version.get_state_display()}"
