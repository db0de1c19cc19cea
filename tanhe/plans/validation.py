"""Field rules of the plan's sections, and the completeness check before submission.

Messages are Chinese and name the section, the row and the field, as users see them on the form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounting.model import Subtype, UnitType
from tanhe.inputs import InputRefused, parse_code, parse_number
from tanhe.plans.models import (
    REQUIRED_ATTACHMENTS,
    AttachmentKind,
    FacilityCategory,
    FuelType,
    PlanFacility,
    PlanUnit,
    PlanVersion,
    TurbineType,
)
from tanhe.validators import number_message

SECTIONS = {
    "basic": "企业基本情况",
    "units": "机组信息",
    "facilities": "生产设施",
    "products": "主营产品及生产工艺",
    "boundary": "核算边界的描述",
    "methods": "数据的确定方式",
    "qa": "数据内部质量控制",
    "attachments": "上传附件",
}
FACILITY_CODE = re.compile(r"MF[0-9]{4,}", re.ASCII)
POSTCODE = re.compile(r"[0-9]{6}", re.ASCII)
COAL_SUBTYPES = {Subtype.CONVENTIONAL, Subtype.UNCONVENTIONAL, Subtype.CFB}
# 发电燃料类型 → the fuel catalogue categories it admits
FUEL_CATEGORIES = {FuelType.COAL: {"coal"}, FuelType.GAS: {"gas"}, FuelType.OIL: {"oil"}}
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
        return f"{SECTIONS[self.section]}：{self.message}"


def positive_decimal(value: Any, label: str, model_field: Any = None) -> Decimal:
    """A number > 0 typed as text (装机容量只能输入数字), read by the one number rule of
    :mod:`tanhe.inputs`; ``model_field`` (a DecimalField) limits its digits."""
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
            raise ValueError(f"{label}只能填写数字（“{value}”）") from None
        raise ValueError(f"{label}：{number_message(str(value), exc.problem)}") from None
    if not number.is_finite() or number <= 0:
        raise ValueError(f"{label}必须大于 0（“{value}”）")
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
        errors["unit_type"] = "请选择机组类型"
    elif unit_type == UnitType.COAL and subtype not in COAL_SUBTYPES:
        errors["subtype"] = "燃煤机组须选择类型细分（常规燃煤 / 非常规燃煤 / 循环流化床）"
    elif unit_type != UnitType.COAL and subtype != Subtype.NONE:
        errors["subtype"] = "非燃煤机组的类型细分为“/”"
    if not str(data.get("name") or "").strip():
        errors["name"] = "请填写机组名称"
    try:
        capacity = PlanUnit._meta.get_field("capacity_mw")
        positive_decimal(data.get("capacity_mw"), "装机容量", capacity)
    except ValueError as exc:
        errors["capacity_mw"] = str(exc)
    fuel_type = data.get("fuel_type")
    names = data.get("fuel_names") or []
    catalogue = fuel_catalogue()
    if fuel_type not in set(FuelType):
        errors["fuel_type"] = "请选择发电燃料类型"
    elif not names:
        errors["fuel_names"] = "请至少选择一种燃料"
    else:
        unknown = [n for n in names if n not in catalogue]
        allowed = set(FUEL_CATEGORIES[fuel_type])
        if fuel_type == FuelType.COAL:
            allowed.add("oil")  # 点火、助燃用油 are listed with the coal they support
        wrong = [
            catalogue[n].name_zh
            for n in names
            if n in catalogue and catalogue[n].category not in allowed
        ]
        main = [
            n
            for n in names
            if n in catalogue and catalogue[n].category in FUEL_CATEGORIES[fuel_type]
        ]
        if unknown:
            errors["fuel_names"] = f"不认识的燃料：{'、'.join(unknown)}"
        elif wrong:
            errors["fuel_names"] = f"燃料与发电燃料类型不符：{'、'.join(wrong)}"
        elif not main:
            errors["fuel_names"] = f"请至少选择一种{FuelType(fuel_type).label}燃料"
    if data.get("data_source") not in ("operating_rules", "nameplate"):
        errors["data_source"] = "请选择数据来源（机组运行规程 / 铭牌）"
    return errors


def facility_errors(data: dict[str, Any]) -> dict[str, str]:
    """Errors of one 生产设施 row: the fields its category requires."""
    errors: dict[str, str] = {}
    category = data.get("category")
    if facility_code(data.get("code")) is None:
        errors["code"] = "设施编号应与排污许可证一致，格式为 MF 加 4 位以上数字（如 MF0001）"
    if not str(data.get("name") or "").strip():
        errors["name"] = "请填写设施名称"

    def need(field: str, message: str) -> None:
        if data.get(field) in (None, ""):
            errors[field] = message

    if category == FacilityCategory.BOILER:
        need("boiler_type", "请填写锅炉类型")
        need("model", "请填写锅炉型号")
        need("capacity_tph", "请填写锅炉生产能力（t/h）")
    elif category == FacilityCategory.TURBINE:
        need("turbine_type", "请选择汽轮机类型")
        need("model", "请填写汽轮机型号")
        need("rated_power_mw", "请填写额定功率（MW）")
        kind = data.get("turbine_type")
        if kind == TurbineType.GAS_TURBINE:
            # a gas turbine has neither steam pressure grade nor exhaust-steam cooling
            for field, label in (("pressure_parameter", "压力参数"), ("cooling", "排汽冷却方式")):
                if data.get(field):
                    errors[field] = f"燃气轮机没有{label}，请留空"
        else:
            need("pressure_parameter", "请选择压力参数")
            if kind == TurbineType.BACK_PRESSURE:
                if data.get("cooling"):
                    errors["cooling"] = "背压式汽轮机没有排汽冷却方式，请留空"
            else:
                need("cooling", "请选择排汽冷却方式（水冷 / 空冷）")
    elif category == FacilityCategory.GENERATOR:
        need("model", "请填写发电机型号")
        need("rated_power_mw", "请填写额定功率（MW）")
    elif category == FacilityCategory.OTHER:
        need("description", "请说明设施的用途")
    else:
        errors["category"] = "请选择设施类别"
    for field, label in (("capacity_tph", "生产能力"), ("rated_power_mw", "额定功率")):
        if data.get(field) not in (None, ""):
            try:
                positive_decimal(data[field], label, PlanFacility._meta.get_field(field))
            except ValueError as exc:
                errors[field] = str(exc)
    return errors


def plan_problems(version: PlanVersion) -> list[Problem]:
    """Everything that keeps ``version`` from being submitted, section by section."""
    problems: list[Problem] = []
    basic = getattr(version, "basic", None)
    if basic is None:
        problems.append(Problem("basic", "尚未填写"))
    else:
        for field in BASIC_REQUIRED:
            if getattr(basic, field) in (None, ""):
                label = basic._meta.get_field(field).verbose_name
                problems.append(Problem("basic", f"“{label}”为必填项"))
        if basic.postcode and not POSTCODE.fullmatch(basic.postcode):
            problems.append(Problem("basic", "邮政编码应为 6 位数字"))
    units = list(version.units.all())
    reporting = [u for u in units if u.merged_into_id is None]
    if not units:
        problems.append(Problem("units", "至少需要一台机组"))
    for unit in units:
        if unit.is_merged and not unit.merge_reason.strip():
            problems.append(Problem("units", f"{unit.name}：合并填报须说明原因"))
    facilities: list[PlanFacility] = list(version.facilities.all())
    for unit in units:
        if unit.is_merged:
            continue
        if not any(f.unit_id == unit.pk for f in facilities):
            problems.append(Problem("facilities", f"{unit.name}：尚未填报生产设施"))
    for unit in reporting:
        if not unit.main_product:
            problems.append(Problem("products", f"{unit.name}：请选择主要产品"))
    if not version.process_description.strip():
        problems.append(Problem("products", "请填写生产工艺的详细描述"))
    if not any(f.in_boundary for f in facilities) and facilities:
        problems.append(Problem("boundary", "至少一项设施应纳入核算边界"))
    for facility in facilities:
        if not facility.location.strip():
            problems.append(
                Problem("boundary", f"{facility.code} {facility.name}：请填写设施安装位置")
            )
    if not version.boundary_description.strip():
        problems.append(Problem("boundary", "请填写核算边界的详细描述"))
    for method in version.methods.select_related("unit"):
        if not method.method_type:
            problems.append(
                Problem("methods", f"{method.unit.name} {_param_label(method)}：请选择方式类型")
            )
        elif method.method_type == "measured" and not method.device_model.strip():
            problems.append(
                Problem(
                    "methods",
                    f"{method.unit.name} {_param_label(method)}：实测值须填写监测设备及型号",
                )
            )
    if not version.qa_text.strip():
        problems.append(Problem("qa", "请填写数据内部质量控制和质量保证相关规定"))
    kinds = {a.kind for a in version.attachments.all()}
    for kind in REQUIRED_ATTACHMENTS:
        if kind not in kinds:
            problems.append(Problem("attachments", f"请上传{AttachmentKind(kind).label}"))
    return problems


def _param_label(method: Any) -> str:
    from tanhe.plans.parameters import BY_KEY

    parameter = BY_KEY.get(method.parameter)
    label = parameter.label_zh if parameter else method.parameter
    if method.fuel:
        fuel = fuel_catalogue().get(method.fuel)
        label = f"{fuel.name_zh if fuel else method.fuel}{label}"
    return label


def reporting_units(version: PlanVersion) -> list[PlanUnit]:
    """The rows the emission report is filed by: merged rows and units not in a merge."""
    return [u for u in version.units.all() if u.merged_into_id is None]
