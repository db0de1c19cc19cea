"""Unit classification (机组类别), coal rank and 合并填报 derivations.

Sources: 核查技术指南 发电设施 表2–表3 (seed 002) for the 400 MW line and the coal-rank rule
(GB/T 5751); 全国碳排放数据报送系统 机组信息 slides (seed 000) for merged rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from tanhe.accounting.model import Subtype, UnitMember, UnitType

LARGE_UNIT_MW = Decimal(400)


class Category(StrEnum):
    """Allocation categories of the power sector (配额分配 机组类别)."""

    COAL_ABOVE_300 = "coal_above_300"  # 300MW等级以上常规燃煤机组
    COAL_300_AND_BELOW = "coal_300_and_below"  # 300MW等级及以下常规燃煤机组
    COAL_UNCONVENTIONAL = "coal_unconventional"  # 非常规燃煤机组（含燃煤循环流化床机组）
    GAS = "gas"  # 燃气机组
    OTHER = "other"  # 不属上述类别（燃油、IGCC、其他）

    @property
    def label_zh(self) -> str:
        return {
            "coal_above_300": "300MW等级以上常规燃煤机组",
            "coal_300_and_below": "300MW等级及以下常规燃煤机组",
            "coal_unconventional": "燃煤矸石、煤泥、水煤浆等非常规燃煤机组（含燃煤循环流化床机组）",
            "gas": "燃气机组",
            "other": "其他机组",
        }[self.value]


def classify_unit(unit_type: UnitType, subtype: Subtype, capacity_mw: Decimal) -> Category:
    """Allocation category of a unit.

    核查技术指南 表3：以常规电煤为主体燃料且额定功率不低于400MW为300MW等级以上；低于400MW为
    300MW等级及以下。非常规燃煤与循环流化床机组为第三类；燃气机组为第四类。

    >>> classify_unit(UnitType.COAL, Subtype.CONVENTIONAL, Decimal("400")).label_zh
    '300MW等级以上常规燃煤机组'
    >>> classify_unit(UnitType.COAL, Subtype.CONVENTIONAL, Decimal("399.9")).value
    'coal_300_and_below'
    """
    if unit_type is UnitType.GAS:
        return Category.GAS
    if unit_type is not UnitType.COAL:
        return Category.OTHER
    if subtype in (Subtype.UNCONVENTIONAL, Subtype.CFB):
        return Category.COAL_UNCONVENTIONAL
    if capacity_mw >= LARGE_UNIT_MW:
        return Category.COAL_ABOVE_300
    return Category.COAL_300_AND_BELOW


class CoalRank(StrEnum):
    ANTHRACITE = "anthracite"  # 无烟煤
    BITUMINOUS = "bituminous"  # 烟煤
    LIGNITE = "lignite"  # 褐煤


def classify_coal_rank(
    volatile_daf_pct: Decimal,
    transmittance_pct: Decimal | None = None,
    gross_cv_maf_mj_per_kg: Decimal | None = None,
) -> CoalRank:
    """Coal rank from dry-ash-free volatile matter (GB/T 5751, 核查技术指南 表2 注意事项).

    - Vdaf ≤ 10 % → 无烟煤;
    - 10 % < Vdaf ≤ 37 %, or Vdaf > 37 % with transmittance PM > 50 % → 烟煤;
    - Vdaf > 37 %, PM ≤ 50 % and Qgr,maf ≤ 24 MJ/kg → 褐煤.

    The guide leaves Vdaf > 37 %, PM ≤ 50 %, Qgr,maf > 24 MJ/kg open; GB/T 5751 classes it 烟煤
    when 30 % < PM ≤ 50 % and 褐煤 when PM ≤ 30 %, which is what this function returns.
    """
    if volatile_daf_pct <= 10:
        return CoalRank.ANTHRACITE
    if volatile_daf_pct <= 37:
        return CoalRank.BITUMINOUS
    if transmittance_pct is None:
        raise ValueError("干燥无灰基挥发分大于37%时需要透光率 PM 才能判定煤种")
    if transmittance_pct > 50:
        return CoalRank.BITUMINOUS
    if transmittance_pct <= 30:
        return CoalRank.LIGNITE
    if gross_cv_maf_mj_per_kg is None:
        raise ValueError("透光率在30%–50%之间时需要恒湿无灰基高位发热量才能判定煤种")
    return CoalRank.LIGNITE if gross_cv_maf_mj_per_kg <= 24 else CoalRank.BITUMINOUS


@dataclass(frozen=True, slots=True)
class MergedUnit:
    type: UnitType
    subtype: Subtype
    capacity_mw: Decimal


def merge_units(members: Sequence[UnitMember]) -> MergedUnit:
    """Type, subtype and capacity of a 合并填报 row (报送系统 机组信息 说明).

    Type: 燃煤+燃气 → 燃气；燃煤+燃煤 → 燃煤；燃气+燃气 → 燃气；燃煤+燃油/IGCC/其他 → 燃煤；
    燃气+燃油/IGCC/其他 → 燃气；燃油/IGCC/其他之间 → 其他. Subtype: 常规+非常规 → 常规；常规+常规 →
    常规；非常规+非常规 → 非常规；燃气 → "/". Capacity: the largest member's.
    """
    if len(members) < 2:
        raise ValueError("合并填报至少需要两台机组")
    types = {m.type for m in members}
    if UnitType.GAS in types:
        merged_type = UnitType.GAS
    elif UnitType.COAL in types:
        merged_type = UnitType.COAL
    else:
        merged_type = UnitType.OTHER
    if merged_type is UnitType.COAL:
        coal_subtypes = {m.subtype for m in members if m.type is UnitType.COAL}
        if Subtype.CONVENTIONAL in coal_subtypes:
            subtype = Subtype.CONVENTIONAL
        elif coal_subtypes == {Subtype.CFB}:
            subtype = Subtype.CFB
        else:
            subtype = Subtype.UNCONVENTIONAL
    else:
        subtype = Subtype.NONE
    return MergedUnit(merged_type, subtype, max(m.capacity_mw for m in members))


# -- 合并填报 eligibility -----------------------------------------------------------------
class MergeCondition(StrEnum):
    """The conditions under which units may be merged (报送系统 机组信息 说明, seed 000: "产出相同
    …、机组压力参数相同、装机容量等级相同、锅炉类型相同…、汽轮机排汽冷却方式相同"; 核查技术指南
    表3 注意事项: 应首先核实合并填报是否满足核算指南要求)."""

    PRODUCT = "product"  # 产出（纯发电 / 热电联产）
    PRESSURE = "pressure"  # 机组压力参数（汽轮机）
    CAPACITY_CLASS = "capacity_class"  # 装机容量等级（400MW 为界）
    BOILER = "boiler"  # 锅炉类型（煤粉炉 / 循环流化床锅炉 …）
    COOLING = "cooling"  # 汽轮机排汽冷却方式（水冷 / 空冷）

    @property
    def label_zh(self) -> str:
        return {
            "product": "产出", "pressure": "机组压力参数", "capacity_class": "装机容量等级",
            "boiler": "锅炉类型", "cooling": "汽轮机排汽冷却方式",
        }[self.value]  # fmt: skip


class CapacityClass(StrEnum):
    """装机容量等级 by the guide's 400 MW line (核查技术指南 表3)."""

    FROM_400 = "from_400"  # 额定功率不低于400MW（300MW等级以上）
    BELOW_400 = "below_400"  # 低于400MW（300MW等级及以下）

    @property
    def label_zh(self) -> str:
        return {"from_400": "不低于400MW", "below_400": "低于400MW"}[self.value]


def capacity_class(capacity_mw: Decimal) -> CapacityClass:
    """The capacity class of a unit.

    >>> capacity_class(Decimal("400")).value, capacity_class(Decimal("399.99")).value
    ('from_400', 'below_400')
    """
    return CapacityClass.FROM_400 if capacity_mw >= LARGE_UNIT_MW else CapacityClass.BELOW_400


def boiler_class(text: str) -> str:
    """The kind of a boiler as the merge condition compares it ("煤粉炉或者流化床锅炉"): the plan
    holds free text, so 循环流化床锅炉 / 流化床锅炉 are one kind, 煤粉锅炉 / 煤粉炉 another; any
    other text is compared as typed (blanks removed)."""
    compact = "".join(text.split())
    if "流化床" in compact:
        return "流化床锅炉"
    if "煤粉" in compact:
        return "煤粉锅炉"
    return compact


@dataclass(frozen=True, slots=True)
class MergeTraits:
    """What one member unit says on each condition; None where the plan does not say yet (no
    boiler or turbine entered)."""

    name: str
    values: dict[MergeCondition, str | None]


@dataclass(frozen=True, slots=True)
class ConditionCheck:
    """One condition across the members: their values side by side."""

    condition: MergeCondition
    values: tuple[str | None, ...]

    @property
    def unknown(self) -> bool:
        """Some member does not say yet: the condition cannot be confirmed."""
        return any(v is None for v in self.values)

    @property
    def differs(self) -> bool:
        return len({v for v in self.values if v is not None}) > 1

    @property
    def met(self) -> bool:
        return not self.unknown and not self.differs


def merge_checks(members: Sequence[MergeTraits]) -> list[ConditionCheck]:
    """Each condition of a 合并填报 with the members' values side by side."""
    return [
        ConditionCheck(condition, tuple(m.values.get(condition) for m in members))
        for condition in MergeCondition
    ]


class MergeCase(StrEnum):
    """Why the units cannot be reported apart (seed 000 机组信息 说明 a): "燃料消耗量、供电量或者
    供热量中有任意一项无法分机组计量的，可合并填报"). Cases b) (NCV or unit-heat carbon not metered
    per unit: the same value for each unit) and c) (auxiliary fuel not metered per unit: allocated
    by generation) are not merges."""

    FUEL = "fuel"  # 燃料消耗量无法分机组计量
    SUPPLY = "supply"  # 供电量无法分机组计量
    HEAT = "heat"  # 供热量无法分机组计量

    @property
    def label_zh(self) -> str:
        return {
            "fuel": "燃料消耗量无法分机组计量", "supply": "供电量无法分机组计量",
            "heat": "供热量无法分机组计量",
        }[self.value]  # fmt: skip
