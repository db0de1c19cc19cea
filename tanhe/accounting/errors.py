"""Input problems, located (unit, fuel, month, field), worded in Chinese first, English second."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from tanhe.inputs import shorten

# code -> (zh, en). Placeholders are filled from Issue.params.
MESSAGES: dict[str, tuple[str, str]] = {
    "json_invalid": ("不是有效的 JSON：{detail}", "not valid JSON: {detail}"),
    "required": ("必填项缺失", "is required"),
    "not_object": ("应为 JSON 对象", "must be a JSON object"),
    "not_list": ("应为 JSON 数组", "must be a JSON array"),
    "not_string": ("应为字符串", "must be a string"),
    "json_number": (
        '数值必须写成字符串（如 "{example}"），不接受 JSON 数字，以免精度丢失',
        'numbers must be JSON strings (e.g. "{example}"), not JSON numbers, to stay exact',
    ),
    "not_decimal": ("“{value}”不是十进制数字", '"{value}" is not a decimal number'),
    "decimal_comma": (
        "“{value}”中的逗号位置不对：千位分隔符须每三位一个，小数点请用“.”",
        '"{value}": a comma may only separate thousands (groups of three); use "." for decimals',
    ),
    "too_many_digits": (
        "数字位数过多（整数部分最多15位、小数部分最多20位）：{value}",
        "too many digits (at most 15 before and 20 after the decimal point): {value}",
    ),
    "negative": ("不能为负数（{value}）", "must not be negative ({value})"),
    "not_positive": ("必须大于 0（{value}）", "must be greater than 0 ({value})"),
    "range": ("应在 {low} 至 {high} 之间（{value}）", "must be between {low} and {high} ({value})"),
    "format": (
        '格式应为 "tanhe.plant-year/1"，实际为 "{value}"',
        'format must be "tanhe.plant-year/1", got "{value}"',
    ),
    "year": (
        "核算年度应为 2019–2100 的整数（发电设施核算指南适用于2019年及以后的数据）：{value}",
        "year must be an integer 2019–2100 (the power-generation guide covers data from 2019): "
        "{value}",
    ),
    "not_date": ("日期应写作 YYYY-MM-DD（{value}）", "a date must be written YYYY-MM-DD ({value})"),
    "month": ("月份应为 1–12 的整数（{value}）", "month must be an integer 1–12 ({value})"),
    "duplicate_month": ("{value}月重复填报", "month {value} is given twice"),
    "duplicate_unit": ("机组编号“{value}”重复", 'unit code "{value}" is given twice'),
    "duplicate_fuel": ("燃料“{value}”重复", 'fuel "{value}" is given twice'),
    "choice": ("“{value}”不是可选值（{choices}）", '"{value}" is not one of {choices}'),
    "unknown_key": ("不认识的字段“{value}”", 'unknown field "{value}"'),
    "credit_code": (
        "统一社会信用代码应为18位（GB 32100-2015）：{value}",
        "unified social credit code must have 18 characters (GB 32100-2015): {value}",
    ),
    "state_mismatch": (
        "燃料消耗量与低位发热量状态不一致：月状态为{expected}，日/批次数据为{value}（入炉与入厂不得混用）",
        "consumption and NCV states differ: month is {expected_en}, daily/batch data are "
        "{value_en} "
        "(fired and received must not be mixed)",
    ),
    "state_mixed": (
        "日/批次数据混用了入炉与入厂状态",
        "daily/batch data mix the as-fired and as-received states",
    ),
    "daily_and_monthly": (
        "已给出日/批次数据时不应再填月{value}",
        "monthly {value} must not be given together with daily/batch data",
    ),
    "ncv_required": (
        "燃煤低位发热量须实测，核算指南未提供燃煤低位发热量缺省值",
        "coal NCV must be measured; the guide has no default NCV for coal",
    ),
    "no_default": (
        "燃料“{value}”没有缺省{what}，请填报实测值",
        'fuel "{value}" has no default {what}; give a measured value',
    ),
    "carbon_sources": (
        "元素碳含量只能用一种方式给出（{value}）",
        "give the carbon content in one way only ({value})",
    ),
    "moisture_required": (
        "由{basis}换算收到基须同时给出{value}",
        "converting from the {basis} basis needs {value}",
    ),
    "gas_tests_only_gas": (
        "仅气体燃料可按燃气检测计算元素碳含量",
        "gas tests apply to gaseous fuels only",
    ),
    "basis_only_solid": (
        "基准换算仅适用于以吨计量的燃料",
        "basis conversion applies to fuels measured in tonnes only",
    ),
    "component": ("不认识的燃气组分“{value}”", 'unknown gas component "{value}"'),
    "composition_sum": (
        "燃气组分合计应接近 100%（实际 {value}%）",
        "gas composition should add up to about 100% (got {value}%)",
    ),
    "test_empty": (
        "燃气检测须给出 carbon_content 或 composition 之一",
        "a gas test needs carbon_content or composition",
    ),
    "calibration": ("校准信息不完整：{value}", "calibration data incomplete: {value}"),
    "members": (
        "合并填报至少需要两台成员机组",
        "a merged unit (combined filing) needs at least two members",
    ),
    "merged_mismatch": (
        "合并填报机组的{what}由成员机组推导为“{expected}”，与填报的“{value}”不一致",
        'the merged unit\'s {what} derives as "{expected}" from its members, not "{value}"',
    ),
    "member_hours": (
        "合并填报机组须按成员机组填报运行小时数（缺少“{value}”）",
        'a merged unit needs running hours per member (missing "{value}")',
    ),
    "heat_sources": (
        "供热量只能直接填报或由蒸汽/热水计算，二者不能同时给出",
        "give heat either directly or from steam/hot water, not both",
    ),
    "supply_sources": (
        "供电量只能直接填报或由发电量减厂用电量计算，二者不能同时给出",
        "give supply either directly or as generation minus station use, not both",
    ),
    "supply_exceeds": (
        "供电量（{value}）不应大于发电量（{expected}）",
        "power supplied ({value}) must not exceed generation ({expected})",
    ),
    "credit_code_check": (
        "统一社会信用代码校验码错误（GB 32100-2015）：{value}",
        "unified social credit code has a wrong check character (GB 32100-2015): {value}",
    ),
    "no_units": ("至少需要一台机组", "at least one unit is required"),
    "no_parameter": (
        "{year}年没有适用的参数“{what}”：本平台按《企业温室气体排放核算与报告指南 发电设施》核算"
        "2019年及以后的数据（参数 {name}）",
        'no value of the parameter "{what}" applies to {year}: Tanhe accounts data from 2019 on '
        "under the power-generation guide (parameter {name})",
    ),
    "standby_for": (
        "备用机组须注明其调剂的成员机组（{choices}），且该机组本身不是备用机组：“{value}”"
        "（核查技术指南 表17/表18）",
        "a standby unit must name the member it stands in for ({choices}), which is not itself "
        'a standby unit: "{value}" (verification guide tables 17/18)',
    ),
    "biomass_ncv": (
        "生物质须填报消耗量和低位发热量（干基）（核查技术指南 表13）",
        "a biomass fuel needs its consumption and net calorific value, dry basis "
        "(verification guide table 13)",
    ),
    "aux_no_generation": (
        "全厂辅助燃料无法按发电量分配：须给出消耗量，且使用该燃料的机组当月须有发电量"
        "（报送系统 机组信息 说明 c）",
        "a plant-level auxiliary fuel cannot be allocated by generation: give its consumption, "
        "and the units listing the fuel need generation that month",
    ),
    "aux_and_unit": (
        "该燃料当月已按全厂辅助燃料按发电量分配，机组不应再填消耗量",
        "this fuel's month is allocated from the plant's auxiliary fuel by generation; the unit "
        "must not give its own consumption",
    ),
    "steam_enthalpy": (
        "给出回水量或补充水量时须同时给出其焓值（核查技术指南 表16）",
        "a return or make-up water mass needs its enthalpy (verification guide table 16)",
    ),
    "heat_over_output": (
        "供热量 {value} GJ 大于锅炉产热量 {expected} GJ（供热比不能超过 100%）",
        "heat supplied {value} GJ exceeds the boilers' heat output {expected} GJ (the heat ratio "
        "cannot exceed 100%)",
    ),
    "gas_class_for_type": (
        "燃气机组等级“{value}”只适用于燃气机组，不适用于{expected}",
        'gas-unit class "{value}" applies to gas units only, not to a {expected_en}',
    ),
    "subtype_for_type": (
        "机组类型细分“{value}”不适用于{expected}",
        'subtype "{value}" does not apply to a {expected_en}',
    ),
}

FIELD_ZH: dict[str, str] = {
    "format": "格式", "year": "年份", "enterprise": "企业", "name": "名称",
    "credit_code": "统一社会信用代码", "units": "机组", "code": "机组编号", "type": "机组类型",
    "subtype": "机组类型细分", "gas_class": "燃气机组等级", "capacity_mw": "装机容量",
    "standby_for": "调剂的机组（备用机组）", "plant_auxiliary_fuels": "全厂辅助燃料",
    "cooling": "冷却方式", "fuels": "燃料",
    "fuel": "燃料品种", "months": "月度数据", "month": "月份", "consumption": "消耗量",
    "ncv": "低位发热量", "carbon_content": "收到基元素碳含量", "state": "状态",
    "carbon_content_ad": "空气干燥基元素碳含量", "carbon_content_d": "干燥基元素碳含量",
    "moisture_ar": "收到基水分", "moisture_ad": "空气干燥基水分", "ncv_ad": "空气干燥基低位发热量",
    "daily": "日/批次数据", "quantity": "数量", "gas_tests": "燃气检测", "composition": "组分",
    "calibration": "校准", "purchased_electricity": "购入使用电量", "mwh": "电量",
    "production": "生产数据", "generation_mwh": "发电量", "supply_mwh": "供电量",
    "heat_gj": "供热量", "running_hours": "运行小时数", "station_use_mwh": "厂用电量",
    "heat_ratio_pct": "供热比", "boiler_output_gj": "锅炉产热量",
    "boiler_efficiency_pct": "锅炉效率",
    "steam": "蒸汽", "hot_water": "热水", "mass_t": "质量",
    "enthalpy_kj_per_kg": "焓值", "temperature_c": "温度", "members": "合并填报成员",
    "member_running_hours": "成员运行小时数", "plant_purchased_electricity": "全厂购入电量",
    "known_on": "参数截止日期", "day": "日期", "status": "校准状态",
    "required_accuracy_pct": "规定准确度", "calibrated_accuracy_pct": "校准准确度",
    "covered_share": "校准覆盖份额",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem with the input, where it is and what rule it breaks."""

    code: str
    unit: str | None = None
    fuel: str | None = None
    month: int | None = None
    field: str | None = None
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    def location(self, lang: str = "zh") -> str:
        from tanhe.accounting.fuels import fuel_catalogue

        parts: list[str] = []
        if lang == "zh":
            if self.unit is not None:
                parts.append(f"机组 {shorten(self.unit)}")
            if self.fuel is not None:
                f = fuel_catalogue().get(self.fuel)
                parts.append(f"燃料 {f.name_zh if f else self.fuel}")
            if self.month is not None:
                parts.append(f"{self.month}月")
            if self.field is not None:
                last = self.field.rsplit(".", 1)[-1].split("[")[0]
                parts.append(f"{FIELD_ZH.get(last, last)}（{self.field}）")
        else:
            if self.unit is not None:
                parts.append(f"unit {shorten(self.unit)}")
            if self.fuel is not None:
                parts.append(f"fuel {self.fuel}")
            if self.month is not None:
                parts.append(f"month {self.month}")
            if self.field is not None:
                parts.append(self.field)
        return " / ".join(parts)

    def message(self, lang: str = "zh") -> str:
        zh, en = MESSAGES[self.code]
        params = dict(self.params)
        if isinstance(params.get("value"), str):  # what the document says: echoed shortened
            params["value"] = shorten(params["value"])
        text = (zh if lang == "zh" else en).format_map(_Default(params))
        where = self.location(lang)
        return (
            f"{where}：{text}"
            if (where and lang == "zh")
            else (f"{where}: {text}" if where else text)
        )

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "code": self.code,
            "unit": self.unit,
            "fuel": self.fuel,
            "month": self.month,
            "field": self.field,
            "message": self.message(lang),
        }


class _Default(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class InputErrors(ValueError):
    """The input cannot be calculated; ``issues`` lists every problem found (not just the first)."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("\n".join(i.message("en") for i in issues))

    def messages(self, lang: str = "zh") -> list[str]:
        return [i.message(lang) for i in self.issues]
