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
