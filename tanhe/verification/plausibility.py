"""Plausibility checks (合理取值范围) on a computed plant-year: warnings before submission and
leads for the verifier's document review. Never hard errors — the guide calls these ranges
empirical, "不作为符合性判定标准". The ranges are data (``plausibility.toml``).
"""

from __future__ import annotations

import calendar
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from tanhe.accounting.model import GasClass
from tanhe.accounting.results import PlantYearResult, ProductionValues, UnitResult


@dataclass(frozen=True, slots=True)
class Finding:
    """One value outside its plausible range, located by unit, fuel, month and the form's row
    (``key``); ``params`` are what its message says (worded by the caller)."""

    code: str
    unit: str
    month: int | None
    key: str
    params: dict[str, str]
    clause: str
    fuel: str | None = None
    clause_en: str = ""


@cache
def ranges() -> dict[str, dict[str, Any]]:
    with Path(__file__).with_name("plausibility.toml").open("rb") as f:
        raw = tomllib.load(f)
    for rule in raw.values():
        rule["low"], rule["high"] = Decimal(rule["low"]), Decimal(rule["high"])
    return raw


def _outside(code: str, value: Decimal | None) -> bool:
    rule = ranges()[code]
    return value is not None and not rule["low"] <= value <= rule["high"]


def _range_text(code: str) -> str:
    rule = ranges()[code]
    return f"{rule['low']}–{rule['high']} {rule['unit']}"


def check(result: PlantYearResult) -> list[Finding]:
    findings: list[Finding] = []
    for unit in result.units:
        findings += _fuel_findings(unit)
        findings += _production_findings(result.year, unit)
        findings += _biomass_findings(unit)
    return findings


def _biomass_findings(unit: UnitResult) -> list[Finding]:
    """The year's 生物质热量占比 over 10 % (表13), with the months over it."""
    share = unit.production.annual.biomass_heat_share_pct
    if not unit.biomass or not _outside("biomass_heat_share", share):
        return []
    months = [
        str(m.month)
        for m in unit.production.months
        if _outside("biomass_heat_share", m.values.biomass_heat_share_pct)
    ]
    params = {"value": str(share), "range": _range_text("biomass_heat_share"),
              "months": ",".join(months)}  # fmt: skip
    rule = ranges()["biomass_heat_share"]
    return [Finding("biomass_heat_share", unit.code, None, "biomass_heat_share_pct", params,
                    rule["clause"], clause_en=rule["clause_en"])]  # fmt: skip


def _fuel_findings(unit: UnitResult) -> list[Finding]:
    out = []
    for fuel in unit.fuels:
        for m in fuel.months:
            if m.consumption == 0:
                continue
            for code, value in (("gas_ncv", m.ncv), ("gas_carbon", m.carbon_content)):
                rule = ranges()[code]
                if fuel.fuel in rule["fuels"] and _outside(code, value):
                    key = "ncv" if code == "gas_ncv" else "carbon_content"
                    params = {"value": str(value), "range": _range_text(code)}
                    out.append(Finding(code, unit.code, m.month, key, params, rule["clause"],
                                       fuel.fuel, rule["clause_en"]))  # fmt: skip
    return out


def _production_findings(year: int, unit: UnitResult) -> list[Finding]:
    out = []
    for p in unit.production.months:
        hours_in_month = Decimal(24 * calendar.monthrange(year, p.month)[1])
        out += _month_findings(unit, p.month, p.values, hours_in_month)
    return out


def _month_findings(
    unit: UnitResult, month: int, v: ProductionValues, hours_in_month: Decimal
) -> list[Finding]:
    out = []
    hours = (
        "核查技术指南（发电设施）表17 运行小时数的核查：利用小时数<运行小时数",
        "Verification guide (power generation) table 17, running hours: utilisation hours below "
        "running hours",
    )
    if _outside("load_factor", v.load_factor_pct):
        rule = ranges()["load_factor"]
        params = {"value": str(v.load_factor_pct), "range": _range_text("load_factor")}
        out.append(
            Finding(
                "load_factor",
                unit.code,
                month,
                "load_factor_pct",
                params,
                rule["clause"],
                clause_en=rule["clause_en"],
            )
        )
    if v.running_hours is not None and v.running_hours > hours_in_month:
        params = {"value": str(v.running_hours), "limit": str(hours_in_month)}
        out.append(Finding("running_hours", unit.code, month, "running_hours", params,
                           hours[0], clause_en=hours[1]))  # fmt: skip
    # 利用小时数 = 发电量 / the capacity whose hours are weighted: a merged row's members in all
    # (表17/表18; not the largest member's capacity the row shows), standby units left out.
    capacity = unit.hours_capacity_mw or unit.capacity_mw
    if v.generation_mwh and v.running_hours is not None and capacity:
        utilisation = v.generation_mwh / capacity
        if utilisation > v.running_hours:
            params = {"value": f"{utilisation:.2f}", "limit": str(v.running_hours)}
            out.append(Finding("utilisation_hours", unit.code, month, "running_hours", params,
                               hours[0], clause_en=hours[1]))  # fmt: skip
    if (
        v.generation_mwh is not None
        and v.supply_mwh is not None
        and v.supply_mwh > v.generation_mwh
    ):
        params = {"value": str(v.supply_mwh), "limit": str(v.generation_mwh)}
        supply = ("核算指南 供电量 = 发电量 − 厂用电量",
                  "Accounting guide: supply = generation − station use")  # fmt: skip
        out.append(Finding("supply_over_generation", unit.code, month, "supply_mwh", params,
                           supply[0], clause_en=supply[1]))  # fmt: skip
    return out


def gas_class_finding(unit: str, gas_class: GasClass, power_mw: Decimal) -> Finding | None:
    """A gas turbine's power outside its class's range (表3 燃气机组类别判断, 仅供参考);
    分布式 has no range."""
    code = f"gas_class_{gas_class.value}"
    if code not in ranges() or not _outside(code, power_mw):
        return None
    params = {"value": str(power_mw), "range": _range_text(code), "class": gas_class.label_zh}
    rule = ranges()[code]
    return Finding("gas_class", unit, None, "gas_class", params, rule["clause"],
                   clause_en=rule["clause_en"])  # fmt: skip
