"""The rows of the national annual report's tables (燃料信息表 / 购入使用电量表 / 生产数据表).

One source for the report pages, the Excel template, the PDF and the monthly 存证: each row names
its key (the interchange format's key), its Chinese label, its unit, the rounding field that
fixes its decimals (``parameters/rounding.toml``) and whether the enterprise enters it or the
engine computes it (a grey cell on the national form). Pure Python: no Django.

Source: seed 000 "报送-排放报告" slides (the three tables' 填表说明) and the monthly form's
row order (化石燃料燃烧排放 tab: 消耗量, 空气干燥基元素碳含量, 收到基水分, 空气干燥基水分,
干燥基元素碳含量, 低位发热量, 单位热值含碳量, 碳氧化率, 收到基元素碳含量, 化石燃料热量,
化石燃料燃烧排放量).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tanhe.accounting.fuels import Fuel


class Table(StrEnum):
    FUEL = "fuel"  # 燃料信息表 / 化石燃料燃烧排放
    ELECTRICITY = "electricity"  # 购入使用电量表 / 购入使用电力排放
    PRODUCTION = "production"  # 生产数据表 / 生产数据及排放量汇总

    @property
    def label_zh(self) -> str:
        return {"fuel": "燃料信息表", "electricity": "购入使用电量表", "production": "生产数据表"}[
            self.value
        ]


class Entry(StrEnum):
    """Who fills the cell."""

    INPUT = "input"  # the enterprise enters it (白色)
    COMPUTED = "computed"  # 自动计算 fills it (灰色); the enterprise may then edit it
    INPUT_OR_COMPUTED = "either"  # entered when measured, else 自动计算 fills it (e.g. 供热比)


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    label_zh: str
    label_en: str
    unit: str  # a unit string, or "{fuel}", "{ncv}", "{carbon}" filled per fuel, "{rate_power}"…
    rounding: str | None  # a field of rounding.toml; None: no fixed decimals (e.g. 碳氧化率)
    entry: Entry
    annual: str  # how the year column is formed: "sum", "weighted", "engine", "none"
    optional: bool = False  # may stay empty in a complete month (basis conversion inputs)

    def unit_for(self, fuel: Fuel | None = None, rate_kind: str = "coal") -> str:
        if fuel is not None:
            return self.unit.format(fuel=fuel.unit, ncv=fuel.ncv_unit, carbon=fuel.carbon_unit)
        if self.unit == "{rate_power}":
            return "gce/kWh" if rate_kind == "coal" else "Nm3/MWh"
        if self.unit == "{rate_heat}":
            return "kgce/GJ" if rate_kind == "coal" else "Nm3/GJ"
        return self.unit


I, C, E = Entry.INPUT, Entry.COMPUTED, Entry.INPUT_OR_COMPUTED  # noqa: E741  (a table key)

FUEL_ROWS: tuple[Row, ...] = (
    Row("consumption", "消耗量", "Consumption", "{fuel}", "consumption", I, "sum"),
    Row("carbon_content_ad", "空气干燥基元素碳含量", "Carbon, air-dried basis", "%",
        "carbon_content", I, "none", optional=True),
    Row("moisture_ar", "收到基水分", "Moisture, as received", "%", "moisture", I, "none",
        optional=True),
    Row("moisture_ad", "空气干燥基水分", "Moisture, air-dried", "%", "moisture", I, "none",
        optional=True),
    Row("carbon_content_d", "干燥基元素碳含量", "Carbon, dry basis", "%", "carbon_content", I,
        "none", optional=True),
    Row("ncv", "低位发热量", "Net calorific value", "{ncv}", "ncv", E, "weighted"),
    Row("unit_heat_carbon", "单位热值含碳量", "Carbon per unit heat", "tC/GJ", "unit_heat_carbon",
        C, "engine"),
    Row("oxidation_rate_pct", "碳氧化率", "Oxidation rate", "%", None, C, "engine"),
    Row("carbon_content", "收到基元素碳含量", "Carbon, as received", "{carbon}", "carbon_content",
        E, "weighted"),
    Row("heat_gj", "化石燃料热量", "Fuel heat", "GJ", "fuel_heat", C, "sum"),
    Row("emissions_tco2", "化石燃料燃烧排放量", "Combustion emissions", "tCO2", "emissions", C,
        "sum"),
)  # fmt: skip

ELECTRICITY_ROWS: tuple[Row, ...] = (
    Row("mwh", "消费的购入电量", "Purchased electricity", "MWh", "purchased_electricity", I, "sum"),
    Row("grid_emission_factor", "电网排放因子", "Grid emission factor", "tCO2/MWh",
        "grid_emission_factor", C, "none"),
    Row("emissions_tco2", "购入电力排放", "Electricity emissions", "tCO2", "emissions", C, "sum"),
)  # fmt: skip

PRODUCTION_ROWS: tuple[Row, ...] = (
    Row("generation_mwh", "发电量", "Generation", "MWh", "electricity", I, "sum"),
    Row("supply_mwh", "供电量", "Supply", "MWh", "electricity", I, "sum"),
    Row("heat_gj", "供热量", "Heat supply", "GJ", "heat", I, "sum"),
    Row("heat_ratio_pct", "供热比", "Heat ratio", "%", "heat_ratio", E, "engine"),
    # the inputs of 供热比 = 供热量 / 锅炉产热量 when it is not entered (optional rows)
    Row("boiler_output_gj", "锅炉产热量", "Boiler heat output", "GJ", "heat", I, "sum",
        optional=True),
    Row("boiler_efficiency_pct", "锅炉效率", "Boiler efficiency", "%", None, I, "none",
        optional=True),
    Row("power_coal_rate", "供电煤（气）耗", "Power supply fuel rate", "{rate_power}",
        "coal_rate", C, "engine"),
    Row("heat_coal_rate", "供热煤（气）耗", "Heat supply fuel rate", "{rate_heat}", "coal_rate", C,
        "engine"),
    Row("running_hours", "运行小时数", "Running hours", "h", "running_hours", I, "sum"),
    Row("load_factor_pct", "负荷（出力）系数", "Load factor", "%", "load_factor", C, "engine"),
    Row("power_intensity", "供电碳排放强度", "Power emission intensity", "tCO2/MWh", "intensity",
        C, "engine"),
    Row("heat_intensity", "供热碳排放强度", "Heat emission intensity", "tCO2/GJ", "intensity", C,
        "engine"),
    # 掺烧生物质 (核查技术指南 表13): empty for a unit without biomass
    Row("biomass_heat_share_pct", "生物质热量占比", "Biomass heat share", "%", "heat_ratio", C,
        "engine"),
    Row("biomass_share_check_pct", "生物质热量占比（锅炉产热量核对）",
        "Biomass heat share (boiler output check)", "%", "heat_ratio", C, "engine"),
)  # fmt: skip

# A co-fired biomass fuel's rows in the 燃料信息表 (核查技术指南 表2/表3/表13: 生物质种类、消耗量和
# 热值, dry basis); the keys are the fossil rows' (same rules for typing and decimals).
BIOMASS_ROWS: tuple[Row, ...] = (
    Row("consumption", "消耗量（干基）", "Consumption (dry basis)", "t", "consumption", I, "sum"),
    Row("ncv", "低位发热量（干基）", "Net calorific value (dry basis)", "GJ/t", "ncv", I, "none"),
    Row("heat_gj", "生物质热量", "Biomass heat", "GJ", "fuel_heat", C, "sum"),
)  # fmt: skip

ROWS: dict[Table, tuple[Row, ...]] = {
    Table.FUEL: FUEL_ROWS,
    Table.ELECTRICITY: ELECTRICITY_ROWS,
    Table.PRODUCTION: PRODUCTION_ROWS,
}
ROW_BY_KEY: dict[tuple[Table, str], Row] = {(t, r.key): r for t, rows in ROWS.items() for r in rows}


def rows_for(table: Table, fuel: Fuel | None = None) -> tuple[Row, ...]:
    """The rows of ``table`` for one block: a biomass fuel's own three, else the table's."""
    if table is Table.FUEL and fuel is not None and fuel.is_biomass:
        return BIOMASS_ROWS
    return ROWS[table]


# The fuel month's state (入炉 / 入厂) is a per-month choice, not a number.
STATE_KEY = "state"
MONTHS = tuple(range(1, 13))

# 材料上传: the 12 required evidence types of the annual report (seed 000, 附件材料上传).
REQUIRED_EVIDENCE: tuple[tuple[str, str], ...] = (
    ("daily_fuel_records", "每日化石燃料消耗量原始记录"),
    ("annual_production_report", "年度生产报表"),
    ("monthly_fuel_trade", "月度燃料购销记录"),
    ("annual_fuel_trade", "年度燃料购销记录"),
    ("daily_ncv_records", "每日热值测试原始记录"),
    ("monthly_ncv_sheet", "月度热值计算表"),
    ("monthly_carbon_tests", "月度燃料含碳量测试台帐或报告"),
    ("monthly_ash_carbon_tests", "月度灰、渣含碳量原始测试台帐或报告"),
    ("monthly_ash_output", "月度灰、渣产量证据文件"),
    ("dust_removal_efficiency", "除尘效率证据文件"),
    ("monthly_production_report", "生产月报表"),
    ("electricity_bills", "电费结算单或发票"),
)

DECLARATION_ZH = (
    "本企业对本报告的真实性、完整性、准确性负责。如本报告中的信息及支撑材料与实际情况不符，"
    "本单位愿承担相应的法律责任，并承担由此产生的一切后果。特此声明。"
)


def form_decimals(year: int) -> dict[str, int]:
    """The decimals of each rounding field of the form for data ``year`` (填表说明, the dated
    rounding table in ``parameters/rounding.toml``): the one lookup every page, workbook and
    service uses."""
    from datetime import date

    from tanhe.accounting.params import default_parameters

    table = default_parameters()["rounding"].value_at(date(year, 12, 31))
    return {k: int(v) for k, v in table.value.items()}
