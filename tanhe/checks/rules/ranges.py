"""Plausible ranges (合理取值范围或经验数值, 核查技术指南 发电设施 表3–表18).

Empirical values, "不作为符合性判定标准": warnings for the verifier, never blocks. What cannot
physically be (more running hours than the month has, more supply than generation) the engine's
input already refuses where it can (more than 744 h, supply over generation), so no rule
repeats it; the month's own calendar hours are checked here."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from decimal import Decimal

from tanhe.accounting.model import GasClass, UnitType
from tanhe.checks import ranges as r
from tanhe.checks.findings import Finding, NcCategory, Severity
from tanhe.checks.registry import Kind, rule
from tanhe.checks.stats import pearson
from tanhe.checks.subject import Subject, text

HUNDRED = Decimal(100)
ZERO = Decimal(0)
_OUTSIDE = (
    "{label}为{observed} {unit}，超出经验范围 {expected}",
    "{label_en} is {observed} {unit}, outside the empirical range {expected}",
)


def _range_finding(
    rule_id: str,
    rng: r.Range,
    value: Decimal,
    unit: str,
    month: int | None,
    field: str,
    fuel: str | None = None,
) -> Finding:
    return Finding(rule_id, unit, fuel, month, field, text(value), rng.text,
                   {"label": rng.label_zh, "label_en": rng.label_en, "unit": rng.unit})  # fmt: skip


def _gas_fuel_months(subject: Subject, key: str, attr: str) -> Iterator[Finding]:
    rng = r.get(key)
    for unit in subject.result.units:
        for fuel in unit.fuels:
            if fuel.fuel not in rng.fuels:
                continue
            for m in fuel.months:
                value = getattr(m, attr)
                if m.consumption and rng.outside(value):
                    yield _range_finding(
                        f"range.gas.{attr.split('_')[0]}",
                        rng,
                        value,
                        unit=unit.code,
                        fuel=fuel.fuel,
                        month=m.month,
                        field=attr,
                    )


@rule(
    "range.gas.ncv",
    kind=Kind.RANGE,
    severity=Severity.WARNING,
    category=NcCategory.MEASUREMENT,
    clause=(
        "核查技术指南（发电设施）表12 合理取值范围：天然气低位发热量约为285.0-398.3GJ/万Nm3",
        "Verification guide (power generation) table 12: natural gas NCV about 285.0–398.3 "
        "GJ/10^4Nm3",
    ),
    message=_OUTSIDE,
)
def gas_ncv(subject: Subject) -> Iterator[Finding]:
    return _gas_fuel_months(subject, "gas_ncv", "ncv")


@rule(
    "range.gas.carbon",
    kind=Kind.RANGE,
    severity=Severity.WARNING,
    category=NcCategory.MEASUREMENT,
    clause=(
        "核查技术指南（发电设施）表11 合理取值范围：天然气元素碳含量4.37-6.10tC/万Nm3",
        "Verification guide (power generation) table 11: natural gas carbon 4.37–6.10 tC/10^4Nm3",
    ),
    message=_OUTSIDE,
)
def gas_carbon(subject: Subject) -> Iterator[Finding]:
    return _gas_fuel_months(subject, "gas_carbon", "carbon_content")


def carbon_daf(carbon_ar: Decimal, moisture_ar: Decimal, ash_ar: Decimal) -> Decimal | None:
    """收到基 → 干燥无灰基: C_daf = C_ar × 100 / (100 − M_ar − A_ar) (GB/T 483 基准换算)."""
    rest = HUNDRED - moisture_ar - ash_ar
    return None if rest <= 0 else carbon_ar * HUNDRED / rest


@rule(
    "range.coal.carbon_daf",
    kind=Kind.RANGE,
    severity=Severity.WARNING,
    category=NcCategory.MEASUREMENT,
    clause=(
        "核查技术指南（发电设施）表8 合理取值范围：燃煤干燥无灰基元素碳含量 褐煤60%~77%，"
        "烟煤74%~92%，无烟煤90%~98%",
        "Verification guide (power generation) table 8: coal dry-ash-free carbon — lignite 60–77 "
        "%, "
        "bituminous 74–92 %, anthracite 90–98 %",
    ),
    message=(
        "{label}（由收到基{carbon_ar}%、水分{moisture}%、灰分{ash}%换算）为{observed}%，"
        "超出经验范围 {expected}",
        "{label_en} (from {carbon_ar} % as received, moisture {moisture} %, ash {ash} %) is "
        "{observed} %, outside the empirical range {expected}",
    ),
)
def coal_carbon_daf(subject: Subject) -> Iterator[Finding]:
    ash = {(q.unit, q.fuel, q.month): q.ash_ar for q in subject.data.coal_quality}
    for unit_in, fuel_in, m in subject.fuel_months():
        key = f"coal_carbon_daf_{fuel_in.fuel}"
        if key not in r.ranges() or m.moisture_ar is None:
            continue
        a = ash.get((unit_in.code, fuel_in.fuel, m.month))
        carbon = (
            m.carbon_content
            if m.carbon_content is not None
            else _result_carbon(subject, unit_in.code, fuel_in.fuel, m.month)
        )
        if a is None or carbon is None:
            continue
        daf = carbon_daf(carbon, m.moisture_ar, a)
        rng = r.get(key)
        if daf is not None and rng.outside(daf):
            shown = daf.quantize(Decimal("0.01"))
            yield Finding(
                "range.coal.carbon_daf",
                unit_in.code,
                fuel_in.fuel,
                m.month,
                "carbon_content",
                text(shown),
                rng.text,
                {
                    "label": rng.label_zh,
                    "label_en": rng.label_en,
                    "carbon_ar": text(carbon),
                    "moisture": text(m.moisture_ar),
                    "ash": text(a),
                },
            )


def _result_carbon(subject: Subject, unit: str, fuel: str, month: int) -> Decimal | None:
    u = subject.unit_result(unit)
    f = next((f for f in u.fuels if f.fuel == fuel), None) if u else None
    m = next((m for m in f.months if m.month == month), None) if f else None
    return m.carbon_content if m and m.modes.get("carbon_content") != "default" else None


@rule(
    "range.load_factor",
    kind=Kind.RANGE,
    severity=Severity.WARNING,
    category=NcCategory.MEASUREMENT,
    clause=(
        "核查技术指南（发电设施）表18 负荷（出力）系数 合理取值范围：0~1",
        "Verification guide (power generation) table 18: load factor 0–1",
    ),
    message=_OUTSIDE,
)
def load_factor(subject: Subject) -> Iterator[Finding]:
    rng = r.get("load_factor")
    for unit in subject.result.units:
        for p in unit.production.months:
            if p.values.load_factor_pct is not None and rng.outside(p.values.load_factor_pct):
                yield _range_finding(
                    "range.load_factor",
                    rng,
                    p.values.load_factor_pct,
                    unit=unit.code,
                    month=p.month,
                    field="load_factor_pct",
                )


_HOURS = (
    "核查技术指南（发电设施）表17 运行小时数 合理取值范围：利用小时数<运行小时数",
    "Verification guide (power generation) table 17, running hours: utilisation hours below "
    "running hours",
)


@rule(
    "range.running_hours",
    kind=Kind.RANGE,
    severity=Severity.ERROR,
    category=NcCategory.MEASUREMENT,
    clause=(
        "核查技术指南（发电设施）表17 运行小时数的核查：按发电机运行情况统计，一个月的运行小时数"
        "不超过当月的日历小时数",
        "Verification guide (power generation) table 17, running hours: counted from the "
        "generator's operation, so at most the month's calendar hours",
    ),
    since=2019,
    message=(
        "运行小时数{observed} h超过当月日历小时数{expected} h",
        "running hours {observed} h exceed the month's {expected} calendar hours",
    ),
)
def running_hours(subject: Subject) -> Iterator[Finding]:
    for unit in subject.result.units:
        for p in unit.production.months:
            limit = Decimal(24 * calendar.monthrange(subject.year, p.month)[1])
            if p.values.running_hours is not None and p.values.running_hours > limit:
                yield Finding(
                    "range.running_hours",
                    unit.code,
                    None,
                    p.month,
                    "running_hours",
                    text(p.values.running_hours),
                    text(limit),
                )


@rule(
    "range.utilisation_hours",
    kind=Kind.RANGE,
    severity=Severity.WARNING,
    category=NcCategory.MEASUREMENT,
    clause=_HOURS,
    message=(
        "利用小时数（发电量÷装机容量）{observed} h不小于运行小时数{expected} h",
        "utilisation hours (generation ÷ capacity) {observed} h not below running hours "
        "{expected} h",
    ),
)
def utilisation_hours(subject: Subject) -> Iterator[Finding]:
    # 利用小时数 = 发电量 / the capacity whose hours are weighted: a merged row's members in all
    # (表17/表18), standby units left out.
    for unit in subject.result.units:
        capacity = unit.hours_capacity_mw or unit.capacity_mw
        for p in unit.production.months:
            v = p.values
            if not (v.generation_mwh and v.running_hours is not None and capacity):
                continue
            utilisation = v.generation_mwh / capacity
            if utilisation >= v.running_hours:  # 表17: 利用小时数 < 运行小时数
                yield Finding(
                    "range.utilisation_hours",
                    unit.code,
                    None,
                    p.month,
                    "running_hours",
                    f"{utilisation:.2f}",
                    text(v.running_hours),
                )


@rule(
    "range.heat_supplied",
    kind=Kind.RANGE,
    severity=Severity.WARNING,
    category=NcCategory.MEASUREMENT,
    clause=(
        "核查技术指南（发电设施）表16 供热量 合理取值范围：供热量<产热量",
        "Verification guide (power generation) table 16: heat supplied below heat produced",
    ),
    message=(
        "供热量{observed} GJ不小于锅炉产热量{expected} GJ",
        "heat supplied {observed} GJ not below the boilers' heat output {expected} GJ",
    ),
)
def heat_supplied(subject: Subject) -> Iterator[Finding]:
    for unit_in in subject.plant.units:
        res = subject.unit_result(unit_in.code)
        heat = {p.month: p.values.heat_gj for p in res.production.months} if res else {}
        for p in unit_in.production:
            supplied = heat.get(p.month)
            if p.boiler_output_gj and supplied is not None and supplied >= p.boiler_output_gj:
                yield Finding(
                    "range.heat_supplied",
                    unit_in.code,
                    None,
                    p.month,
                    "heat_gj",
                    text(supplied),
                    text(p.boiler_output_gj),
                )


@rule(
    "range.boiler_capacity",
    kind=Kind.RANGE,
    severity=Severity.WARNING,
    category=NcCategory.BOUNDARY,
    clause=(
        "核查技术指南（发电设施）表4 锅炉 合理取值范围：锅炉生产能力转换为功率，该功率应大于"
        "汽轮机功率",
        "Verification guide (power generation) table 4: the boilers' capacity as power "
        "exceeds the turbines' power",
    ),
    message=(
        "锅炉生产能力{tph} t/h折合约{observed} MW，不大于汽轮机额定功率{expected} MW",
        "boiler capacity {tph} t/h is about {observed} MW, not above the turbines' rated "
        "{expected} MW",
    ),
)
def boiler_capacity(subject: Subject) -> Iterator[Finding]:
    rise = subject.parameters["boiler_steam_enthalpy_rise_kj_per_kg"]
    for unit in subject.plant.units:
        mine = [f for f in subject.data.facilities if f.unit == unit.code]
        tph = sum((f.capacity_tph or ZERO for f in mine if f.category == "boiler"), ZERO)
        turbine = sum((f.rated_power_mw or ZERO for f in mine if f.category == "turbine"), ZERO)
        if not tph or not turbine:
            continue
        power = (tph * rise / 3600).quantize(Decimal("0.1"))
        if power <= turbine:
            yield Finding(
                "range.boiler_capacity",
                unit.code,
                None,
                None,
                "capacity_tph",
                text(power),
                text(turbine),
                {"tph": text(tph)},
            )


@rule(
    "range.coal.ncv_ash",
    kind=Kind.RANGE,
    severity=Severity.WARNING,
    category=NcCategory.MEASUREMENT,
    clause=(
        "核查技术指南（发电设施）表9 合理取值范围：发热量和灰分之间基本呈负相关性",
        "Verification guide (power generation) table 9: NCV and ash are broadly negatively "
        "correlated",
    ),
    message=(
        "{months}个月的低位发热量与灰分呈正相关（相关系数{observed}，应为负相关）",
        "over {months} months NCV rises with ash (correlation {observed}; expected negative)",
    ),
)
def coal_ncv_ash(subject: Subject) -> Iterator[Finding]:
    limit = subject.parameters["ncv_ash_correlation"]
    least = int(subject.parameters["ncv_ash_min_months"])
    ash = {
        (q.unit, q.fuel, q.month): q.ash_ar
        for q in subject.data.coal_quality
        if q.ash_ar is not None
    }
    for unit in subject.result.units:
        for fuel in unit.fuels:
            pairs = [
                (ash[(unit.code, fuel.fuel, m.month)], m.ncv)
                for m in fuel.months
                if (unit.code, fuel.fuel, m.month) in ash and m.consumption
            ]
            if len(pairs) < least:
                continue
            rho = pearson(pairs)
            if rho is not None and rho > limit:
                yield Finding(
                    "range.coal.ncv_ash",
                    unit.code,
                    fuel.fuel,
                    None,
                    "ncv",
                    text(rho.quantize(Decimal("0.01"))),
                    f"≤ {limit}",
                    {"months": str(len(pairs))},
                )


@rule(
    "range.gas_class",
    kind=Kind.RANGE,
    severity=Severity.INFO,
    category=NcCategory.EVIDENCE,
    clause=(
        "核查技术指南（发电设施）表3 燃气机组类别判断（仅供参考）：B级<100MW，E级约100-200MW，"
        "F级约200-350MW，H级约350-600MW",
        "Verification guide (power generation) table 3, gas-unit class (for reference): B below "
        "100 MW, "
        "E about 100–200 MW, F about 200–350 MW, H about 350–600 MW",
    ),
    message=(
        "{class}燃机功率{observed} MW，不在该级别的参考范围 {expected}",
        "{class_en} gas turbine power {observed} MW is outside the class's reference range "
        "{expected}",
    ),
)
def gas_class(subject: Subject) -> Iterator[Finding]:
    for unit in subject.plant.units:
        if unit.type is not UnitType.GAS or unit.gas_class is None:
            continue
        turbines = [
            f.rated_power_mw
            for f in subject.data.facilities
            if f.unit == unit.code and f.category == "turbine" and f.rated_power_mw
        ]
        power = max(turbines) if turbines else unit.capacity_mw
        finding = gas_class_finding(unit.code, unit.gas_class, power)
        if finding is not None:
            yield finding


def gas_class_finding(unit: str, cls: GasClass, power_mw: Decimal) -> Finding | None:
    """A gas turbine's power outside its class's range (表3, 仅供参考); 分布式 has no range. The
    plan page asks the same rule."""
    key = f"gas_class_{cls.value}"
    if key not in r.ranges() or not r.get(key).outside(power_mw):
        return None
    return Finding(
        "range.gas_class",
        unit,
        None,
        None,
        "gas_class",
        format(power_mw.normalize(), "f"),  # 360, not 360.0000 from the plan
        r.get(key).text,
        {"class": cls.label_zh, "class_en": cls.label_en},
    )
