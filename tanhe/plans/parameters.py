"""The parameters of section 6 (数据的确定方式), per unit and, where it applies, per fuel.

The rows the national form lists (报送系统 数据的确定方式; 核算指南 附录 数据质量控制计划 D.4), with
their unit and the method type a plan usually gives them; the enterprise may change the method
type of every row except those the guide fixes (``fixed``). A fuel's consumption row also holds
its 燃料状态 (``has_state``): 入炉 or 入厂, 入炉 preferred (核查技术指南 表7), and the fuel's NCV is
determined in the same state (表9).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop

from tanhe.accounting.fuels import fuel_catalogue


@dataclass(frozen=True, slots=True)
class PlanParameter:
    key: str
    label_zh: str  # marked for translation; pages show it through display.parameter_label
    unit: str  # "{fuel}" rows take the fuel's unit
    per_fuel: bool
    default_method: str  # plans.models.MethodType
    fixed: bool = False  # the guide fixes the method (e.g. 碳氧化率 缺省值)
    description: str = ""
    # the row says the fuel's 燃料状态 (入炉 / 入厂), which the NCV shares (核查技术指南 表7、表9)
    has_state: bool = False


PARAMETERS: tuple[PlanParameter, ...] = (
    PlanParameter(
        "co2_emissions",
        gettext_noop("二氧化碳排放量"),
        "tCO2",
        False,
        "calculated",
        True,
        "机组二氧化碳排放量 = 化石燃料燃烧排放量 + 购入使用电力排放量",
    ),
    PlanParameter(
        "combustion_emissions",
        gettext_noop("化石燃料燃烧排放量"),
        "tCO2",
        False,
        "calculated",
        True,
        "Σ 化石燃料消耗量 × 收到基元素碳含量 × 碳氧化率 × 44/12，按月计算",
    ),
    PlanParameter(
        "electricity_emissions",
        gettext_noop("购入使用电力排放量"),
        "tCO2",
        False,
        "calculated",
        True,
        "购入使用电量 × 电网排放因子",
    ),
    PlanParameter(
        "consumption", gettext_noop("消耗量"), "t 或 10^4Nm3", True, "measured", has_state=True
    ),
    PlanParameter("ncv", gettext_noop("低位发热量"), "GJ/t 或 GJ/10^4Nm3", True, "measured"),
    PlanParameter(
        "carbon_content", gettext_noop("元素碳含量"), "% 或 tC/10^4Nm3", True, "measured"
    ),
    PlanParameter("unit_heat_carbon", gettext_noop("单位热值含碳量"), "tC/GJ", True, "calculated"),
    PlanParameter(
        "oxidation_rate", gettext_noop("碳氧化率"), "%", True, "default", True, "采用核算指南缺省值"
    ),
    PlanParameter("purchased_electricity", gettext_noop("购入使用电量"), "MWh", False, "measured"),
    PlanParameter(
        "grid_emission_factor",
        gettext_noop("电网排放因子"),
        "tCO2/MWh",
        False,
        "default",
        True,
        "采用生态环境部发布的全国电网平均排放因子",
    ),
    PlanParameter("generation", gettext_noop("发电量"), "MWh", False, "measured"),
    PlanParameter("supply", gettext_noop("供电量"), "MWh", False, "measured"),
    PlanParameter("heat_supply", gettext_noop("供热量"), "GJ", False, "measured"),
    PlanParameter("heat_ratio", gettext_noop("供热比"), "%", False, "calculated"),
    PlanParameter(
        "power_coal_rate", gettext_noop("供电煤（气）耗"), "gce/kWh 或 Nm3/MWh", False, "calculated"
    ),
    PlanParameter(
        "heat_coal_rate", gettext_noop("供热煤（气）耗"), "kgce/GJ 或 Nm3/GJ", False, "calculated"
    ),
    PlanParameter("running_hours", gettext_noop("运行小时数"), "h", False, "measured"),
    PlanParameter("load_factor", gettext_noop("负荷（出力）系数"), "%", False, "calculated"),
)
BY_KEY = {p.key: p for p in PARAMETERS}

# A co-fired biomass fuel is determined by its dry-basis consumption and NCV only (核查技术指南
# 表13): it has no carbon content, unit-heat carbon or oxidation rate.
BIOMASS_PARAMETERS = frozenset({"consumption", "ncv"})


def applies(parameter: PlanParameter, fuel: str) -> bool:
    """Whether a per-fuel ``parameter`` has a method row for ``fuel``."""
    entry = fuel_catalogue().get(fuel)
    return not (entry is not None and entry.is_biomass) or parameter.key in BIOMASS_PARAMETERS
