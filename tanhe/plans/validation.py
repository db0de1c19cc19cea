"""Field rules of the plan's sections, and the completeness check before submission.

Messages are in the reader's language (gettext; the msgids are the Chinese wording) and name the
section, the row and the field, as users see them on the form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounting.model import Subtype, UnitType
from tanhe.inputs import InputRefused, parse_code, parse_number
from tanhe.plans import merging
from tanhe.plans.display.labels import fuel_label, method_label
from tanhe.plans.models import (
    REQUIRED_ATTACHMENTS,
    AttachmentKind,
    FacilityCategory,
    FuelType,
    MethodState,
    PlanFacility,
    PlanMethod,
    PlanUnit,
    PlanVersion,
    TurbineType,
)
from tanhe.plans.parameters import BY_KEY
from tanhe.validators import number_message

SECTIONS: dict[str, Any] = {
    "basic": gettext_lazy("企业基本情况"),
    "units": gettext_lazy("机组信息"),
    "facilities": gettext_lazy("生产设施"),
    "products": gettext_lazy("主营产品及生产工艺"),
    "boundary": gettext_lazy("核算边界的描述"),
    "methods": gettext_lazy("数据的确定方式"),
    "qa": gettext_lazy("数据内部质量控制"),
    "attachments": gettext_lazy("上传附件"),
}
FACILITY_CODE = re.compile(r"MF[0-9]{4,}", re.ASCII)
POSTCODE = re.compile(r"[0-9]{6}", re.ASCII)
COAL_SUBTYPES = {Subtype.CONVENTIONAL, Subtype.UNCONVENTIONAL, Subtype.CFB}
# 发电燃料类型 → the fuel catalogue categories it admits
FUEL_CATEGORIES = {FuelType.COAL: {"coal"}, FuelType.GAS: {"gas"}, FuelType.OIL: {"oil"}}
# What a unit may list besides its main fuels: a coal unit its 点火、助燃用油 and the biomass it
# co-fires (核查技术指南 表3 "掺烧生物质的机组要报告生物质种类、消耗量和热值").
ADMITTED_CATEGORIES = {
    FuelType.COAL: {"coal", "oil", "biomass"},
    FuelType.GAS: {"gas"},
    FuelType.OIL: {"oil"},
}
BASIC_REQUIRED = (
    "name",
    "credit_code",
    "permit_number",
    "registered_address",
    "production_address",
    "registration_date",
    "registered_capital",
    "nature",
    "legal_representative",
    "province",
    "city",
    "district",
    "postcode",
    "plan_author",
    "contact_phone",
    "contact_email",
)


@dataclass(frozen=True)
class Problem:
    section: str  # key of SECTIONS
    message: str

    def __str__(self) -> str:
        return _("%(section)s：%(message)s") % {
            "section": SECTIONS[self.section],
            "message": self.message,
        }


def positive_decimal(value: Any, label: Any, model_field: Any = None) -> Decimal:
    """A number > 0 typed as text (装机容量只能输入数字), read by the one number rule of
    :mod:`tanhe.inputs`; ``model_field`` (a DecimalField) limits its digits. ``label`` names the
    field in the reader's language (a translated string)."""
    integer = fraction = None
    if model_field is not None:
        integer = model_field.max_digits - model_field.decimal_places
        fraction = model_field.decimal_places
    try:
        if isinstance(value, Decimal):
            number = value
        else:
            text = "" if value is None else str(value)
            number = Decimal(parse_number(text, signed=True, max_integer_digits=integer,
                                          max_fraction_digits=fraction))  # fmt: skip
    except InputRefused as exc:
        if exc.problem.code == "not_a_number":
            message = _("%(label)s只能填写数字（“%(value)s”）")
            raise ValueError(message % {"label": label, "value": value}) from None
        message = _("%(label)s：%(message)s")
        raise ValueError(
            message % {"label": label, "message": number_message(str(value), exc.problem)}
        ) from None
    if not number.is_finite() or number <= 0:
        raise ValueError(_("%(label)s必须大于 0（“%(value)s”）") % {"label": label, "value": value})
    return number


def facility_code(value: Any) -> str | None:
    """A 设施编号 as stored: the code rule of :mod:`tanhe.inputs` ("MF１２３４" → "MF1234"),
    then MF and four or more digits; ``None`` if it is not one."""
    try:
        code = parse_code("" if value is None else str(value))
    except InputRefused:
        return None
    return code if FACILITY_CODE.fullmatch(code) else None


def unit_errors(data: dict[str, Any]) -> dict[str, str]:
    """Errors of one 机组信息 row (not merged): field → message."""
    errors: dict[str, str] = {}
    unit_type, subtype = data.get("unit_type"), data.get("subtype")
    if unit_type not in set(UnitType):
        errors["unit_type"] = _("请选择机组类型")
    elif unit_type == UnitType.COAL and subtype not in COAL_SUBTYPES:
        errors["subtype"] = _("燃煤机组须选择类型细分（常规燃煤 / 非常规燃煤 / 循环流化床）")
    elif unit_type != UnitType.COAL and subtype != Subtype.NONE:
        errors["subtype"] = _("非燃煤机组的类型细分为“/”")
    if data.get("gas_class") and unit_type != UnitType.GAS:
        errors["gas_class"] = _("燃气机组等级只适用于燃气机组")
    if not str(data.get("name") or "").strip():
        errors["name"] = _("请填写机组名称")
    try:
        capacity = PlanUnit._meta.get_field("capacity_mw")
        positive_decimal(data.get("capacity_mw"), _("装机容量"), capacity)
    except ValueError as exc:
        errors["capacity_mw"] = str(exc)
    fuel_type = data.get("fuel_type")
    names = data.get("fuel_names") or []
    catalogue = fuel_catalogue()
    if fuel_type not in set(FuelType):
        errors["fuel_type"] = _("请选择发电燃料类型")
    elif not names:
        errors["fuel_names"] = _("请至少选择一种燃料")
    else:
        unknown = [n for n in names if n not in catalogue]
        allowed = ADMITTED_CATEGORIES[fuel_type]
        wrong = [
            fuel_label(n)  # in the reader's language
            for n in names
            if n in catalogue and catalogue[n].category not in allowed
        ]
        main = [
            n
            for n in names
            if n in catalogue and catalogue[n].category in FUEL_CATEGORIES[fuel_type]
        ]
        if unknown:
            errors["fuel_names"] = _("不认识的燃料：%(fuels)s") % {"fuels": _("、").join(unknown)}
        elif wrong:
            errors["fuel_names"] = _("燃料与发电燃料类型不符：%(fuels)s") % {
                "fuels": _("、").join(wrong)
            }
        elif not main:
            errors["fuel_names"] = _("请至少选择一种%(fuel_type)s燃料") % {
                "fuel_type": FuelType(fuel_type).label
            }
    if data.get("data_source") not in ("operating_rules", "nameplate"):
        errors["data_source"] = _("请选择数据来源（机组运行规程 / 铭牌）")
    return errors


def facility_errors(data: dict[str, Any]) -> dict[str, str]:
    """Errors of one 生产设施 row: the fields its category requires."""
    errors: dict[str, str] = {}
    category = data.get("category")
    if facility_code(data.get("code")) is None:
        errors["code"] = _("设施编号应与排污许可证一致，格式为 MF 加 4 位以上数字（如 MF0001）")
    if not str(data.get("name") or "").strip():
        errors["name"] = _("请填写设施名称")

    def need(field: str, message: str) -> None:
        if data.get(field) in (None, ""):
            errors[field] = message

    if category == FacilityCategory.BOILER:
        need("boiler_type", _("请填写锅炉类型"))
        need("model", _("请填写锅炉型号"))
        need("capacity_tph", _("请填写锅炉生产能力（t/h）"))
    elif category == FacilityCategory.TURBINE:
        need("turbine_type", _("请选择汽轮机类型"))
        need("model", _("请填写汽轮机型号"))
        need("rated_power_mw", _("请填写额定功率（MW）"))
        kind = data.get("turbine_type")
        if kind == TurbineType.GAS_TURBINE:
            # a gas turbine has neither steam pressure grade nor exhaust-steam cooling
            for field, label in (
                ("pressure_parameter", _("压力参数")),
                ("cooling", _("排汽冷却方式")),
            ):
                if data.get(field):
                    errors[field] = _("燃气轮机没有%(label)s，请留空") % {"label": label}
        else:
            need("pressure_parameter", _("请选择压力参数"))
            if kind == TurbineType.BACK_PRESSURE:
                if data.get("cooling"):
                    errors["cooling"] = _("背压式汽轮机没有排汽冷却方式，请留空")
            else:
                need("cooling", _("请选择排汽冷却方式（水冷 / 空冷）"))
    elif category == FacilityCategory.GENERATOR:
        need("model", _("请填写发电机型号"))
        need("rated_power_mw", _("请填写额定功率（MW）"))
    elif category == FacilityCategory.OTHER:
        need("description", _("请说明设施的用途"))
    else:
        errors["category"] = _("请选择设施类别")
    for field, label in (("capacity_tph", _("生产能力")), ("rated_power_mw", _("额定功率"))):
        if data.get(field) not in (None, ""):
            try:
                positive_decimal(data[field], label, PlanFacility._meta.get_field(field))
            except ValueError as exc:
                errors[field] = str(exc)
    return errors


def _merge_problems(row: PlanUnit, members: list[PlanUnit]) -> list[Problem]:
    """A 合并填报 row says why (a reason and seed 000's case a)), and its members meet the
    conditions — or the row explains why they need not (plans.merging)."""
    out = []
    if not row.merge_reason.strip():
        out.append(_("%(unit)s：合并填报须说明原因") % {"unit": row.name})
    if not row.merge_cases:
        out.append(
            _("%(unit)s：请选择哪项数据无法分机组计量（燃料消耗量、供电量或供热量）")
            % {"unit": row.name}
        )
    unmet = merging.unmet(members, unknown_too=True)
    if unmet and not row.merge_exception.strip():
        out.append(
            _(
                "%(unit)s：成员机组的%(conditions)s不同或无法核对，不满足合并填报条件；请补充"
                "生产设施和主要产品，或说明为何仍需合并填报"
            )
            % {"unit": row.name, "conditions": merging.condition_names(unmet)}
        )
    return [Problem("units", message) for message in out]


def plan_problems(version: PlanVersion) -> list[Problem]:
    """Everything that keeps ``version`` from being submitted, section by section."""
    problems: list[Problem] = []
    basic = getattr(version, "basic", None)
    if basic is None:
        problems.append(Problem("basic", _("尚未填写")))
    else:
        for field in BASIC_REQUIRED:
            if getattr(basic, field) in (None, ""):
                label = basic._meta.get_field(field).verbose_name
                problems.append(Problem("basic", _("“%(label)s”为必填项") % {"label": label}))
        if basic.postcode and not POSTCODE.fullmatch(basic.postcode):
            problems.append(Problem("basic", _("邮政编码应为 6 位数字")))
    units = list(version.units.all())
    reporting = [u for u in units if u.merged_into_id is None]
    if not units:
        problems.append(Problem("units", _("至少需要一台机组")))
    for unit in units:
        if unit.is_merged:
            problems += _merge_problems(unit, [u for u in units if u.merged_into_id == unit.pk])
    facilities: list[PlanFacility] = list(version.facilities.all())
    for unit in units:
        if unit.is_merged:
            continue
        if not any(f.unit_id == unit.pk for f in facilities):
            message = _("%(unit)s：尚未填报生产设施") % {"unit": unit.name}
            problems.append(Problem("facilities", message))
    for unit in reporting:
        if not unit.main_product:
            message = _("%(unit)s：请选择主要产品") % {"unit": unit.name}
            problems.append(Problem("products", message))
    if not version.process_description.strip():
        problems.append(Problem("products", _("请填写生产工艺的详细描述")))
    if not any(f.in_boundary for f in facilities) and facilities:
        problems.append(Problem("boundary", _("至少一项设施应纳入核算边界")))
    for facility in facilities:
        if not facility.location.strip():
            message = _("%(code)s %(name)s：请填写设施安装位置") % {
                "code": facility.code,
                "name": facility.name,
            }
            problems.append(Problem("boundary", message))
    if not version.boundary_description.strip():
        problems.append(Problem("boundary", _("请填写核算边界的详细描述")))
    for method in version.methods.select_related("unit"):
        where = {"unit": method.unit.name, "parameter": _param_label(method)}
        if not method.method_type:
            problems.append(Problem("methods", _("%(unit)s %(parameter)s：请选择方式类型") % where))
        elif method.method_type == "measured" and not method.device_model.strip():
            message = _("%(unit)s %(parameter)s：实测值须填写监测设备及型号") % where
            problems.append(Problem("methods", message))
        parameter = BY_KEY.get(method.parameter)
        if parameter is not None and parameter.has_state:
            problems += _state_problems(method, where)
    if not version.qa_text.strip():
        problems.append(Problem("qa", _("请填写数据内部质量控制和质量保证相关规定")))
    kinds = {a.kind for a in version.attachments.all()}
    for kind in REQUIRED_ATTACHMENTS:
        if kind not in kinds:
            message = _("请上传%(kind)s") % {"kind": AttachmentKind(kind).label}
            problems.append(Problem("attachments", message))
    return problems


def _state_problems(method: PlanMethod, where: dict[str, str]) -> list[Problem]:
    """A fuel's consumption row says its 燃料状态, which its NCV shares (核查技术指南 表9: 燃煤
    低位发热量和燃煤量保持状态一致); 入厂 only with the reason in 具体描述 (表7: 入炉煤的优先序高于
    入厂煤 — the verifier asks why a lower priority was chosen)."""
    if not method.fuel_state:
        message = _("%(unit)s %(parameter)s：请选择燃料状态（入炉 / 入厂；低位发热量与之相同）")
        return [Problem("methods", message % where)]
    if method.fuel_state == MethodState.RECEIVED and not method.description.strip():
        message = _(
            "%(unit)s %(parameter)s：选择入厂状态时须在具体描述中说明理由"
            "（核查技术指南 表7：入炉煤的优先序高于入厂煤）"
        )
        return [Problem("methods", message % where)]
    return []


def _param_label(method: Any) -> str:
    """The method row in the reader's language: 供电量, or 烟煤消耗量 for a per-fuel row."""
    return method_label(method.parameter, method.fuel)


def reporting_units(version: PlanVersion) -> list[PlanUnit]:
    """The rows the emission report is filed by: merged rows and units not in a merge."""
    return [u for u in version.units.all() if u.merged_into_id is None]
