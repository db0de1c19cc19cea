"""附录2 附件2 报告数据的核查结果: the data the team confirms per unit, as data — each with its
code, its name, its unit of measure and whether the team types it, it is descriptive, or the
engine computes it from the others (D, E, I, O, P, the biomass heat share)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tanhe.accounting.results import UnitResult
from tanhe.plans.models import PlanUnit

Kind = Literal["text", "input", "computed"]
Per = Literal["unit", "fuel", "biomass"]


@dataclass(frozen=True)
class Code:
    key: str
    label: Promise
    per: Per
    kind: Kind
    measure: str = ""  # "" : the fuel's (consumption, carbon, NCV)


CODES: dict[str, Code] = {
    c.key: c
    for c in (
        Code("category", _("机组类别"), "unit", "text", "/"),
        Code("capacity", _("装机容量"), "unit", "input", "MW"),
        Code("cooling", _("汽轮机排汽冷却方式"), "unit", "text", "/"),
        Code("A", _("燃料消耗量"), "fuel", "input"),
        Code("B", _("收到基元素碳含量"), "fuel", "input"),
        Code("C", _("燃料低位发热量"), "fuel", "input"),
        Code("D", _("单位热值含碳量"), "fuel", "computed", "tC/GJ"),
        Code("E", _("碳氧化率"), "fuel", "computed", "%"),
        Code("H", _("购入使用电量"), "unit", "input", "MWh"),
        Code("I", _("电网排放因子"), "unit", "computed", "tCO2/MWh"),
        Code("K", _("发电量"), "unit", "input", "MWh"),
        Code("M", _("供热量"), "unit", "input", "GJ"),
        Code("N", _("运行小时数"), "unit", "input", "h"),
        Code("O", _("负荷（出力）系数"), "unit", "computed", "%"),
        Code("P", _("机组二氧化碳排放量"), "unit", "computed", "tCO2"),
        Code("bio_kind", _("生物质品种"), "biomass", "text", "/"),
        Code("bio_consumption", _("生物质消耗量"), "biomass", "input", "t"),
        Code("bio_ncv", _("生物质低位发热量"), "biomass", "input", "GJ/t"),
        Code("bio_share", _("生物质热量占比"), "biomass", "computed", "%"),
    )
}
# 5.4.1.1: a conservative value neither understates emissions nor over-allocates allowances —
# a team value for these data may not go below (emissions) or above (allocation) the reported
RAISES_EMISSIONS = frozenset({"A", "B", "C", "H", "bio_consumption", "bio_ncv"})
RAISES_ALLOCATION = frozenset({"K", "M"})
# conservative treatments the engine can apply (5.4.1.1, 表7; the accounting guide's defaults)
CALIBRATED = frozenset({"A"})  # the calibration adjustment applies to metered consumption
DEFAULTABLE = frozenset({"B", "C"})  # default carbon (via unit-heat carbon), default NCV

Datum = tuple[str, str, str]  # unit name, code, fuel ("" for unit data)


def text(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def measure(code: Code, unit: UnitResult, fuel: str) -> str:
    """The datum's unit of measure (a fuel's consumption in t or 10^4Nm³…)."""
    if code.measure:
        return code.measure
    for f in unit.fuels:
        if f.fuel == fuel:
            return {"A": f.unit, "B": f.carbon_unit, "C": f"GJ/{f.unit}"}[code.key]
    return ""


def _fuel_values(unit: UnitResult) -> dict[Datum, str]:
    out: dict[Datum, str] = {}
    for f in unit.fuels:
        a = f.annual
        for key, value in (("A", a.consumption), ("B", a.carbon_content), ("C", a.ncv),
                           ("D", a.unit_heat_carbon), ("E", a.oxidation_rate_pct)):  # fmt: skip
            out[(unit.code, key, f.fuel)] = text(value)
    share = unit.production.annual.biomass_heat_share_pct
    for b in unit.biomass:
        ncvs = {m.ncv for m in b.months if m.consumption}
        out[(unit.code, "bio_kind", b.fuel)] = b.name_zh
        out[(unit.code, "bio_consumption", b.fuel)] = text(b.consumption)
        # one NCV for the year where the months agree; otherwise the months' own (no mean is
        # made here: the form reports none for the year)
        out[(unit.code, "bio_ncv", b.fuel)] = " / ".join(sorted(text(n) for n in ncvs))
        out[(unit.code, "bio_share", b.fuel)] = text(share)
    return out


def _cooling(plan_unit: PlanUnit | None) -> str:
    """汽轮机排汽冷却方式 of the unit's turbines (the plan's facilities), as the plan names it."""
    if plan_unit is None:
        return ""
    facilities = plan_unit.facilities.exclude(cooling="")
    return " / ".join(sorted({str(f.get_cooling_display()) for f in facilities}))


def unit_values(unit: UnitResult, plan_unit: PlanUnit | None) -> dict[Datum, str]:
    """Every 附件2 datum of one unit as the engine's result states it (the form's rounding)."""
    year = unit.production.annual
    factors = sorted({text(m.grid_emission_factor) for m in unit.electricity.months})
    category = f"{unit.type.label_zh} / {unit.subtype_label_zh}"
    cooling = _cooling(plan_unit)
    out: dict[Datum, str] = {
        (unit.code, "category", ""): category,
        (unit.code, "capacity", ""): text(unit.capacity_mw.normalize()),
        (unit.code, "cooling", ""): str(cooling),
        (unit.code, "H", ""): text(unit.electricity.mwh),
        (unit.code, "I", ""): " / ".join(factors),
        (unit.code, "K", ""): text(year.generation_mwh),
        (unit.code, "M", ""): text(year.heat_gj),
        (unit.code, "N", ""): text(year.running_hours),
        (unit.code, "O", ""): text(year.load_factor_pct),
        (unit.code, "P", ""): text(unit.total_emissions_tco2),
    }
    return out | _fuel_values(unit)


def data_of(unit: UnitResult) -> list[tuple[Code, str]]:
    """The unit's data in the order of 附件2: unit data, each fuel's A–E, then H–P, biomass."""
    out: list[tuple[Code, str]] = [(CODES[k], "") for k in ("category", "capacity", "cooling")]
    for f in unit.fuels:
        out += [(CODES[k], f.fuel) for k in ("A", "B", "C", "D", "E")]
    out += [(CODES[k], "") for k in ("H", "I", "K", "M", "N", "O", "P")]
    for b in unit.biomass:
        out += [(CODES[k], b.fuel) for k in ("bio_kind", "bio_consumption", "bio_ncv", "bio_share")]
    return out
