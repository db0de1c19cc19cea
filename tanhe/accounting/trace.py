"""Show working (计算过程): every computed value carries the steps that produced it.

A :class:`Step` stores references only (formula key, operands, raw and reported value); text is
rendered on demand, so tracing costs little in the hot path. The formula texts and guide clauses
live in :data:`FORMULAS`, one entry per computed quantity — search a clause here to find its code.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from tanhe.accounting.quantities import Mode

GUIDE = "《企业温室气体排放核算与报告指南 发电设施》"
FORM = "全国碳排放数据报送系统 排放报告"


@dataclass(frozen=True, slots=True)
class Formula:
    label_zh: str
    label_en: str
    expression: str
    unit: str
    clause: str
    # Operand names of Step.operands, in order, "name|unit" where a unit is shown (e.g. "OF|%").
    # Empty: the step carries (name, value) pairs itself (variable operands, e.g. gas components).
    inputs: tuple[str, ...] = ()


FORMULAS: dict[str, Formula] = {
    "consumption_sum": Formula(
        "月消耗量（日/批次合计）",
        "Monthly consumption (sum of days/batches)",
        "FC_m = Σ FC_k",
        "t 或 10^4Nm3",
        f"{GUIDE} 燃料消耗量：入炉优先、每日计量（accounting-rules §6.1）",
        inputs=("n",),
    ),
    "ncv_weighted": Formula(
        "月低位发热量（加权平均）",
        "Monthly NCV (quantity-weighted)",
        "NCV_m = Σ(FC_k × NCV_k) / Σ FC_k",
        "GJ/t 或 GJ/10^4Nm3",
        f"{FORM} 燃料信息表 说明1：月低位发热量由每日入炉或批次入厂数据加权"
        "计算（accounting-rules §6.1）",
        inputs=("ΣFC",),
    ),
    "carbon_weighted": Formula(
        "月元素碳含量（加权平均）",
        "Monthly carbon content (quantity-weighted)",
        "Car_m = Σ(FC_k × Car_k) / Σ FC_k",
        "% 或 tC/10^4Nm3",
        f"{GUIDE} 元素碳含量：批次入厂煤按入厂量加权（accounting-rules §6.1）",
        inputs=("ΣFC",),
    ),
    "gas_carbon_mean": Formula(
        "燃气月元素碳含量（检测算术平均）",
        "Gas monthly carbon content (arithmetic mean of tests)",
        "Car_m = Σ Car_j / n",
        "tC/10^4Nm3",
        f"{GUIDE} 气体燃料元素碳含量：每月至少检测一次，多次检测取算术平均"
        "（accounting-rules §2.5）",
        inputs=("n",),
    ),
    "gas_carbon_composition": Formula(
        "燃气元素碳含量（按组分计算）",
        "Gas carbon content from composition",
        "Cg = Σ(12 × CN_n × V_n / 22.4) × 10（V_n 以体积分数计）",
        "tC/10^4Nm3",
        f"{GUIDE} 气体燃料元素碳含量计算（accounting-rules §2.5）",
    ),
    "carbon_from_air_dried": Formula(
        "收到基元素碳含量（由空气干燥基换算）",
        "As-received carbon from air-dried basis",
        "Car = Cad × (100 − Mar) / (100 − Mad)",
        "%",
        "GB/T 483 基准换算（accounting-rules §2.4）",
        inputs=("Cad|%", "Mar|%", "Mad|%"),
    ),
    "carbon_from_dry": Formula(
        "收到基元素碳含量（由干燥基换算）",
        "As-received carbon from dry basis",
        "Car = Cd × (100 − Mar) / 100",
        "%",
        "GB/T 483 基准换算（accounting-rules §2.4）",
        inputs=("Cd|%", "Mar|%"),
    ),
    "ncv_from_air_dried": Formula(
        "收到基低位发热量（由空气干燥基低位发热量换算）",
        "As-received NCV from air-dried NCV",
        "Qnet,ar = (Qnet,ad + 0.023 × Mad) × (100 − Mt) / (100 − Mad) − 0.023 × Mt",
        "GJ/t",
        "GB/T 213 发热量基准换算（accounting-rules §2.4）",
        inputs=("Qnet,ad", "Mt|%", "Mad|%"),
    ),
    "ncv_from_gross_air_dried": Formula(
        "收到基低位发热量（由空气干燥基高位发热量换算）",
        "As-received NCV from air-dried GCV",
        "Qnet,ar = (Qgr,ad − 0.206 × Had) × (100 − Mt) / (100 − Mad) − 0.023 × Mt",
        "GJ/t",
        "GB/T 213 发热量基准换算（accounting-rules §2.4）",
    ),
    "consumption_calibration": Formula(
        "消耗量保守修正（计量器具校准）",
        "Conservative consumption adjustment (calibration)",
        "FC' = FC × (1 + a)",
        "t 或 10^4Nm3",
        "核查技术指南 发电设施 5.4.1.1 / 表7 注意事项：未校准、延迟校准的保守处理",
        inputs=("FC", "1 + a"),
    ),
    "carbon_from_default": Formula(
        "收到基元素碳含量（缺省单位热值含碳量）",
        "As-received carbon from default CC",
        "Car = NCVar × CC",
        "% 或 tC/10^4Nm3",
        f"{GUIDE} 元素碳含量未实测时 Car = NCVar × CC（accounting-rules §2.3）",
        inputs=("NCVar", "CC"),
    ),
    "ncv_default": Formula(
        "低位发热量（缺省值）",
        "NCV (default value)",
        "NCVar = 附录A 缺省值",
        "GJ/t 或 GJ/10^4Nm3",
        f"{GUIDE} 附录A 常用化石燃料相关参数缺省值（accounting-rules §8.1）",
    ),
    "unit_heat_carbon_default": Formula(
        "单位热值含碳量（缺省值）",
        "Carbon per unit heat (default value)",
        "CC = 缺省值",
        "tC/GJ",
        f"{GUIDE} 元素碳含量未实测时取缺省值（燃煤 accounting-rules §2.3；其他 §8.1）",
    ),
    "reported_value": Formula(
        "报告值（按报告字段修约）",
        "Reported value (rounded to the form's decimals)",
        "X = 修约(X_填报)",
        "",
        f"{FORM} 填表说明：保留位数，四舍五入",
    ),
    "zero_month": Formula(
        "本月无消耗",
        "No consumption this month",
        "FC = 0 ⇒ HE = 0，E = 0",
        "",
        f"{FORM} 燃料信息表",
    ),
    "unit_heat_carbon": Formula(
        "单位热值含碳量",
        "Carbon content per unit heat",
        "CC = Car / NCVar",
        "tC/GJ",
        f"{FORM} 燃料信息表：单位热值含碳量 = 元素碳含量 / 低位发热量",
        inputs=("Car|%", "NCVar"),
    ),
    "unit_heat_carbon_gas": Formula(
        "单位热值含碳量（气体燃料）",
        "Carbon content per unit heat",
        "CC = Car / NCVar",
        "tC/GJ",
        f"{FORM} 燃料信息表：单位热值含碳量 = 元素碳含量 / 低位发热量",
        inputs=("Car| tC/10^4Nm3", "NCVar"),
    ),
    "fuel_heat": Formula(
        "化石燃料热量",
        "Fuel heat",
        "HE = FC × NCVar",
        "GJ",
        f"{GUIDE} 化石燃料热量（accounting-rules §2.3）",
        inputs=("FC", "NCVar"),
    ),
    "combustion_emissions": Formula(
        "化石燃料燃烧排放量",
        "Fossil-fuel combustion emissions",
        "E燃烧 = FC × Car × OF × 44/12",
        "tCO2",
        f"{GUIDE} 化石燃料燃烧排放，按月计算（accounting-rules §2.2）",
        inputs=("FC", "Car|%", "OF|%"),
    ),
    "combustion_emissions_gas": Formula(
        "化石燃料燃烧排放量（气体燃料）",
        "Fossil-fuel combustion emissions",
        "E燃烧 = FC × Car × OF × 44/12",
        "tCO2",
        f"{GUIDE} 化石燃料燃烧排放，按月计算（accounting-rules §2.2）",
        inputs=("FC", "Car| tC/10^4Nm3", "OF|%"),
    ),
    "annual_sum": Formula(
        "年度合计（各月报告值之和）",
        "Annual total (sum of reported months)",
        "X_年 = Σ X_m",
        "",
        f"{FORM}：年度值为各月修约后数值之和",
    ),
    "annual_ncv": Formula(
        "年度低位发热量（按消耗量加权）",
        "Annual NCV (consumption-weighted)",
        "NCV_年 = Σ(FC_m × NCV_m) / Σ FC_m",
        "GJ/t 或 GJ/10^4Nm3",
        f"{GUIDE}（accounting-rules §14）",
        inputs=("ΣFC",),
    ),
    "annual_carbon": Formula(
        "年度元素碳含量（按消耗量加权）",
        "Annual carbon content (consumption-weighted)",
        "Car_年 = Σ(FC_m × Car_m) / Σ FC_m",
        "% 或 tC/10^4Nm3",
        f"{GUIDE}（accounting-rules §14）",
        inputs=("ΣFC",),
    ),
    "annual_unit_heat_carbon": Formula(
        "年度单位热值含碳量（按热量加权）",
        "Annual carbon per unit heat (heat-weighted)",
        "CC_年 = Σ(FC_m × Car_m) / Σ(FC_m × NCV_m)",
        "tC/GJ",
        f"{GUIDE}（accounting-rules §14）",
    ),
    "purchased_split": Formula(
        "购入电量按机组数平分",
        "Plant purchase split equally over units",
        "AD电,i = AD电,全厂 / n（分配尾差保证合计不变）",
        "MWh",
        f"{FORM} 购入使用电量表 填表说明1：外购电量无法分机组的，可按机组数目平分",
        inputs=("n",),
    ),
    "electricity_emissions": Formula(
        "购入电力排放量",
        "Purchased-electricity emissions",
        "E电 = AD电 × EF电",
        "tCO2",
        f"{GUIDE} 购入使用电力排放（accounting-rules §2.7）",
        inputs=("AD电", "EF电"),
    ),
    "steam_heat": Formula(
        "蒸汽供热量",
        "Heat supplied as steam",
        "Qst = Mast × (Enst − 83.74) × 10^-3",
        "GJ",
        f"{GUIDE} 供热量（accounting-rules §4）",
        inputs=("Mast", "Enst"),
    ),
    "steam_heat_balance": Formula(
        "蒸汽供热量（扣除回水、补充水）",
        "Heat supplied as steam, less return and make-up water",
        "Q = (M供 × h供 − M回 × h回 − M补 × h补) × 10^-3",
        "GJ",
        "核查技术指南（发电设施）表16 验：直接供汽 / 汽轮机间接供热的焓值平衡",
        inputs=("M供|t", "h供|kJ/kg", "M回|t", "h回|kJ/kg", "M补|t", "h补|kJ/kg"),
    ),
    "exchanger_heat": Formula(
        "间接供热折算到机组",
        "Indirect heat reported back through the exchanger",
        "Q = Q二次侧 / η热网加热器",
        "GJ",
        "核查技术指南（发电设施）表16 验：间接供热除以热网加热器效率",
        inputs=("η|%",),
    ),
    "hot_water_heat": Formula(
        "热水供热量",
        "Heat supplied as hot water",
        "Qw = Maw × (Tw − 20) × 4.1868 × 10^-3",
        "GJ",
        f"{GUIDE} 供热量（accounting-rules §4）",
        inputs=("Maw", "Tw"),
    ),
    "heat_supply": Formula(
        "供热量",
        "Heat supply",
        "Q = Σ Qst + Σ Qw",
        "GJ",
        f"{GUIDE} 供热量（accounting-rules §4）",
    ),
    "supply_from_generation": Formula(
        "供电量",
        "Power supplied",
        "Wgd = Wfd − W厂用",
        "MWh",
        f"{GUIDE} 供电量 = 发电量 − 发电厂用电量（accounting-rules §5）",
        inputs=("Wfd", "W厂用"),
    ),
    "heat_ratio": Formula(
        "供热比",
        "Heat ratio",
        "α = Q供热 / Q锅炉产热 × 100%",
        "%",
        f"{GUIDE} 术语 供热比：统计期内供热量与锅炉产热量之比（accounting-rules §5）",
        inputs=("Q供热|GJ", "Q锅炉产热|GJ"),
    ),
    "aux_allocated": Formula(
        "辅助燃料按发电量分配",
        "Auxiliary fuel allocated by generation",
        "FC机组 = FC全厂 × Wfd机组 / Σ Wfd",
        "t",
        "报送系统 机组信息 说明 c)：机组辅助燃料量无法分机组计量的，可按机组发电量比例分配",
        inputs=("FC全厂|t", "Wfd机组|MWh", "ΣWfd|MWh"),
    ),
    "biomass_heat": Formula(
        "生物质热量",
        "Biomass heat",
        "Q生物质 = FC干基 × NCV干基",
        "GJ",
        "核查技术指南（发电设施）表2/表13：掺烧生物质的消耗量（干基）和低位发热量（干基）",
        inputs=("FC干基|t", "NCV干基|GJ/t"),
    ),
    "biomass_heat_share": Formula(
        "生物质热量占比",
        "Biomass heat share",
        "Q生物质 / (Q生物质 + Σ HE) × 100%",
        "%",
        "核查技术指南（发电设施）表13 生物质热量占比（超过10%时核查组应说明）",
        inputs=("Q生物质|GJ", "ΣHE|GJ"),
    ),
    "biomass_share_check": Formula(
        "生物质热量占比（锅炉产热量交叉核对）",
        "Biomass heat share (cross-check from boiler output)",
        "(Q锅炉产热 / η锅炉 − Σ HE) / (Q锅炉产热 / η锅炉) × 100%",
        "%",
        "核查技术指南（发电设施）表13：由锅炉产热量和锅炉效率交叉核对生物质热量占比",
        inputs=("Q锅炉产热|GJ", "η锅炉|%", "ΣHE|GJ"),
    ),
    "heat_ratio_efficiency": Formula(
        "供热比（由锅炉效率）",
        "Heat ratio (from boiler efficiency)",
        "α = Q供热 / (Σ HE × η锅炉) × 100%",
        "%",
        f"{GUIDE} 术语 供热比：锅炉产热量未计量时 = 燃料热量 × 锅炉效率（accounting-rules §5）",
        inputs=("Q供热|GJ", "ΣHE|GJ", "η锅炉|%"),
    ),
    "annual_heat_ratio": Formula(
        "年度供热比（按燃料热量加权）",
        "Annual heat ratio (fuel-heat-weighted)",
        "α_年 = Σ(α_m × HE_m) / Σ HE_m",
        "%",
        f"{GUIDE} 供热比（accounting-rules §5）",
        inputs=("ΣHE",),
    ),
    "standard_coal": Formula(
        "标准煤量",
        "Standard coal equivalent",
        "Bb = Σ HE / 29.271",
        "tce",
        f"{GUIDE} 煤耗（accounting-rules §5）",
        inputs=("ΣHE",),
    ),
    "power_coal_rate": Formula(
        "供电煤耗",
        "Coal consumption rate of power supply",
        "bgd = (1 − α) × Bb / Wgd × 1000",
        "gce/kWh",
        f"{GUIDE} 供电煤耗（accounting-rules §5）",
        inputs=("α|%", "Bb", "Wgd"),
    ),
    "heat_coal_rate": Formula(
        "供热煤耗",
        "Coal consumption rate of heat supply",
        "bgr = α × Bb / Q × 1000",
        "kgce/GJ",
        f"{GUIDE} 供热煤耗（accounting-rules §5）",
        inputs=("α|%", "Bb", "Q"),
    ),
    "power_gas_rate": Formula(
        "供电气耗",
        "Gas consumption rate of power supply",
        "vgd = (1 − α) × FC气 × 10^4 / Wgd",
        "Nm3/MWh",
        f"{GUIDE} 供电气耗（accounting-rules §5）",
        inputs=("α|%", "FC气", "Wgd"),
    ),
    "heat_gas_rate": Formula(
        "供热气耗",
        "Gas consumption rate of heat supply",
        "vgr = α × FC气 × 10^4 / Q",
        "Nm3/GJ",
        f"{GUIDE} 供热气耗（accounting-rules §5）",
        inputs=("α|%", "FC气", "Q"),
    ),
    "power_intensity": Formula(
        "供电碳排放强度",
        "CO2 intensity of power supply",
        "Sgd = (1 − α) × E / Wgd",
        "tCO2/MWh",
        f"{GUIDE} 供电碳排放强度（accounting-rules §5）",
        inputs=("α|%", "E", "Wgd"),
    ),
    "heat_intensity": Formula(
        "供热碳排放强度",
        "CO2 intensity of heat supply",
        "Sgr = α × E / Q",
        "tCO2/GJ",
        f"{GUIDE} 供热碳排放强度（accounting-rules §5）",
        inputs=("α|%", "E", "Q"),
    ),
    "running_hours_weighted": Formula(
        "运行小时数（合并填报，按容量加权）",
        "Running hours (merged units, capacity-weighted)",
        "t = Σ(P_i × t_i) / Σ P_i",
        "h",
        f"{GUIDE} 运行小时数（accounting-rules §5）",
    ),
    "load_factor": Formula(
        "负荷（出力）系数",
        "Load (output) factor",
        "F = Wfd / (Pe × t) × 100%（合并填报：Σ Wfd / Σ(Pe,i × t_i)）",
        "%",
        f"{GUIDE} 负荷（出力）系数（accounting-rules §5）",
        inputs=("Wfd", "ΣPe×t"),
    ),
    "unit_total": Formula(
        "机组二氧化碳排放量",
        "Unit CO2 emissions",
        "E = E燃烧 + E电",
        "tCO2",
        f"{GUIDE} 排放总量（accounting-rules §2.1）",
        inputs=("E燃烧", "E电"),
    ),
}


class Step(NamedTuple):
    """One computed value: formula key, operands, the unrounded and the reported value.

    A NamedTuple rather than a frozen dataclass: thousands are built per plant-year and a tuple
    is built several times faster; it is just as immutable. Every field is passed (no defaults):
    binding defaults costs half again as much per step, and each call then states its mode.
    """

    quantity: str  # key of FORMULAS
    value: Decimal  # the reported value
    operands: tuple[Any, ...]  # values in Formula.inputs order, or (name, value) pairs
    raw: Decimal | None  # the unrounded value (None: nothing was rounded)
    decimals: int | None  # the form's decimals for this value
    mode: Mode  # 实测值 / 缺省值 / 计算值
    note: str | None  # e.g. the issuing document of a default value

    @property
    def formula(self) -> Formula:
        return FORMULAS[self.quantity]

    def named_operands(self) -> list[tuple[str, str]]:
        """(name, text with unit) for each operand, rendered only when the trace is shown."""
        specs = FORMULAS[self.quantity].inputs
        if not specs:
            return [(name, _text(v)) for name, v in self.operands]
        out = []
        for spec, value in zip(specs, self.operands, strict=True):
            name, _, unit = spec.partition("|")
            out.append((name, _text(value) + unit))
        return out

    def as_dict(self) -> dict[str, Any]:
        f = FORMULAS[self.quantity]
        inputs = dict(self.named_operands())
        working = f.expression
        if inputs:
            working += "；" + "，".join(f"{k} = {v}" for k, v in inputs.items())
        if self.raw is not None and self.raw != self.value:
            working += f"；= {_shown(self.raw, self.decimals)} → {_text(self.value)}"
        else:
            working += f"；= {_text(self.value)}"
        return {
            "quantity": self.quantity,
            "label_zh": f.label_zh,
            "label_en": f.label_en,
            "expression": f.expression,
            "inputs": inputs,
            "raw": None if self.raw is None else _text(self.raw),
            "value": _text(self.value),
            "decimals": self.decimals,
            "unit": f.unit,
            "clause": f.clause,
            "mode": self.mode.value,
            "mode_zh": self.mode.label_zh,
            "note": self.note,
            "working": working,
        }


def _shown(v: Decimal, decimals: int | None, extra: int = 4) -> str:
    """The unrounded value cut (not rounded) a few digits past the reported ones, for reading.

    The exact value stays in ``raw``; this only keeps 50-digit quotients out of the working text.
    """
    text = format(v, "f")
    point = text.find(".")
    keep = (decimals or 0) + extra
    if point == -1 or len(text) - point - 1 <= keep:
        return text
    return text[: point + 1 + keep] + "…"


def _text(v: Any) -> str:
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)
