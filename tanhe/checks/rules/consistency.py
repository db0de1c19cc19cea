"""Consistency (一致性): the report against itself, the plan and the guide's definitions
(核查技术指南 发电设施 表2–表3, 表7–表9, 表13)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from tanhe.accounting.classification import CoalRank, MergeTraits, merge_checks
from tanhe.accounting.engine import calculate
from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounting.model import FuelInput, FuelMonth, PlantYear, UnitType
from tanhe.accounting.results import PlantYearResult
from tanhe.checks import test_reports
from tanhe.checks import words as w
from tanhe.checks.findings import Finding, NcCategory, Severity
from tanhe.checks.registry import Kind, rule
from tanhe.checks.subject import Subject, text


@rule(
    "consistency.state_plan",
    kind=Kind.CONSISTENCY,
    severity=Severity.WARNING,
    category=NcCategory.METHOD,
    clause=(
        "核查技术指南（发电设施）表7 查阅数据质量控制计划，确认数据获取方式为入炉煤还是入厂煤；"
        "表9 低位发热量与燃煤量状态一致",
        "Verification guide (power generation) tables 7 and 9: consumption fired or received as "
        "the "
        "plan says; the NCV in the consumption's state",
    ),
    message=(
        "{months}的燃料状态为{state}，与数据质量控制计划第6部分“数据的确定方式”中该燃料消耗量和"
        "低位发热量的状态（{plan}）不一致：请按计划的状态填报，或修订质量控制计划",
        "{months_en}: the fuel state is {state_en}, unlike the state of this fuel's consumption "
        "and NCV in part 6 of the monitoring plan ({plan_en}): report in the plan's state, or "
        "revise the plan",
    ),
)
def state_plan(subject: Subject) -> Iterator[Finding]:
    planned = {
        (s.unit, s.fuel): s.state
        for s in subject.data.sources
        if s.field == "consumption" and s.state
    }
    differ: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for unit, fuel, m in subject.fuel_months():
        plan = planned.get((unit.code, fuel.fuel))
        state = m.state.value if m.state else _daily_state(m)
        if plan and state and state != plan:
            differ[(unit.code, fuel.fuel, state)].append(m.month)
    for (code, fuel_key, state), months in differ.items():
        plan_state = planned[(code, fuel_key)]
        yield Finding(
            "consistency.state_plan",
            code,
            fuel_key,
            None,
            "state",
            state,
            plan_state,
            w.months(months)
            | w.term("state", w.STATE, state)
            | w.term("plan", w.STATE, plan_state),
        )


def _daily_state(m: FuelMonth) -> str | None:
    return m.daily[0].state.value if m.daily else None


@rule(
    "consistency.state_ncv",
    kind=Kind.CONSISTENCY,
    severity=Severity.WARNING,
    category=NcCategory.METHOD,
    clause=(
        "核查技术指南（发电设施）表9 确认燃煤低位发热量的获取方式是入炉煤状态还是入厂煤状态，"
        "与消耗量一致",
        "Verification guide (power generation) table 9: the NCV in the same state as the "
        "consumption",
    ),
    message=(
        "低位发热量按{state}状态获取，消耗量为{consumption}状态",
        "the NCV is determined {state_en}, the consumption {consumption_en}",
    ),
)
def state_ncv(subject: Subject) -> Iterator[Finding]:
    states = {(s.unit, s.fuel, s.field): s.state for s in subject.data.sources if s.state}
    for (unit, fuel, field), state in states.items():
        consumption = states.get((unit, fuel, "consumption"))
        if field == "ncv" and consumption and state != consumption:
            yield Finding(
                "consistency.state_ncv",
                unit,
                fuel,
                None,
                "ncv",
                state,
                consumption,
                w.term("state", w.STATE, state) | w.term("consumption", w.STATE, consumption),
            )


def rank_from_volatile(vdaf: Decimal) -> frozenset[CoalRank]:
    """The ranks a dry-ash-free volatile matter allows (GB/T 5751 via 表2): above 37 % 烟煤 or
    褐煤 (transmittance decides, not reported here)."""
    if vdaf <= 10:
        return frozenset({CoalRank.ANTHRACITE})
    if vdaf <= 37:
        return frozenset({CoalRank.BITUMINOUS})
    return frozenset({CoalRank.BITUMINOUS, CoalRank.LIGNITE})


@rule(
    "consistency.coal_rank",
    kind=Kind.CONSISTENCY,
    severity=Severity.WARNING,
    category=NcCategory.EVIDENCE,
    clause=(
        "核查技术指南（发电设施）表2 注意事项：干燥无灰基挥发分≤10%为无烟煤，10%~37%为烟煤，"
        ">37%为烟煤或褐煤（GB/T 5751）",
        "Verification guide (power generation) table 2: Vdaf ≤ 10 % anthracite, 10–37 % "
        "bituminous, "
        "> 37 % bituminous or lignite (GB/T 5751)",
    ),
    message=(
        "干燥无灰基挥发分{observed}%与所报煤种不符（应为{ranks}）",
        "dry-ash-free volatile matter {observed} % does not fit the coal reported "
        "(expected {ranks_en})",
    ),
)
def coal_rank(subject: Subject) -> Iterator[Finding]:
    for q in subject.data.coal_quality:
        if q.volatile_daf is None or q.fuel not in w.RANK:
            continue
        allowed = rank_from_volatile(q.volatile_daf)
        if CoalRank(q.fuel) not in allowed:
            ranks = sorted(r.value for r in allowed)
            words = ("/".join(w.RANK[r][0] for r in ranks), "/".join(ranks))
            yield Finding(
                "consistency.coal_rank",
                q.unit,
                q.fuel,
                q.month,
                "volatile_daf",
                text(q.volatile_daf),
                "/".join(ranks),
                w.pair("ranks", words),
            )


@rule(
    "consistency.category",
    kind=Kind.CONSISTENCY,
    severity=Severity.ERROR,
    category=NcCategory.EVIDENCE,
    clause=(
        "核查技术指南（发电设施）表3：以常规电煤为主体燃料且额定功率不低于400MW为300MW等级以上，"
        "低于400MW为300MW等级及以下",
        "Verification guide (power generation) table 3: conventional coal units from 400 MW are "
        "the "
        "'above 300 MW' class, below 400 MW the '300 MW and below' class",
    ),
    message=(
        "所报机组类别“{observed}”与按装机容量和燃料判定的“{expected}”不一致",
        "reported category '{observed}' differs from '{expected}' by capacity and fuel",
    ),
)
def category(subject: Subject) -> Iterator[Finding]:
    for code, reported in subject.data.categories:
        unit = subject.unit_result(code)
        if unit is not None and reported != unit.category.value:
            yield Finding(
                "consistency.category", code, None, None, "category", reported, unit.category.value
            )


@rule(
    "consistency.fuel_type",
    kind=Kind.CONSISTENCY,
    severity=Severity.WARNING,
    category=NcCategory.EVIDENCE,
    clause=(
        "核查技术指南（发电设施）表2–表3：机组类型按主体燃料判定",
        "Verification guide (power generation) tables 2–3: the unit type follows its main fuel",
    ),
    message=(
        "机组类型为{observed}，但热量最大的燃料为{fuel_name}（{expected}）",
        "unit type {observed}, but its main fuel by heat is {fuel_name_en} ({expected})",
    ),
)
def fuel_type(subject: Subject) -> Iterator[Finding]:
    catalogue = fuel_catalogue()
    for unit in subject.result.units:
        if unit.type not in (UnitType.COAL, UnitType.GAS) or not unit.fuels:
            continue
        main = max(unit.fuels, key=lambda f: f.annual.heat_gj)
        kind = catalogue[main.fuel].category if main.fuel in catalogue else None
        if main.annual.heat_gj and kind in ("coal", "gas", "oil") and kind != unit.type.value:
            yield Finding(
                "consistency.fuel_type",
                unit.code,
                main.fuel,
                None,
                "type",
                unit.type.value,
                kind,
                {"fuel_name": main.name_zh, "fuel_name_en": main.fuel},
            )


@rule(
    "consistency.merge",
    kind=Kind.CONSISTENCY,
    severity=Severity.WARNING,
    category=NcCategory.METHOD,
    clause=(
        "全国碳排放数据报送系统 机组信息 说明（合并填报条件）；"
        "核查技术指南（发电设施）表3 注意事项",
        "Reporting system unit information (merge conditions); verification guide (power "
        "generation) table 3",
    ),
    message=(
        "合并填报的机组在{conditions}上不同（企业说明：{explanation}）",
        "the merged units differ in {conditions_en} (enterprise's explanation: {explanation_en})",
    ),
)
def merge(subject: Subject) -> Iterator[Finding]:
    for m in subject.data.merges:
        traits = [MergeTraits(member.code, member.values) for member in m.members]
        differs = [c.condition for c in merge_checks(traits) if c.differs]
        if differs:
            yield Finding(
                "consistency.merge",
                m.unit,
                None,
                None,
                "members",
                ",".join(c.value for c in differs),
                None,
                w.pair(
                    "conditions",
                    ("、".join(c.label_zh for c in differs), ", ".join(c.value for c in differs)),
                )
                | w.pair(
                    "explanation", (m.explanation, m.explanation) if m.explanation else w.NONE
                ),
            )


@rule(
    "consistency.chp_heat",
    kind=Kind.CONSISTENCY,
    severity=Severity.WARNING,
    category=NcCategory.METHOD,
    clause=(
        "核查技术指南（发电设施）表3 注意事项：燃煤机组即使登记为纯凝发电机组，如果存在供热，"
        "包括少量供热，也应按热电联产机组处理",
        "Verification guide (power generation) table 3: a unit registered as power-only that "
        "supplies "
        "any heat is treated as combined heat and power",
    ),
    message=(
        "质量控制计划登记为纯发电（主要产品：电能），但{months}报告了供热量：按热电联产机组处理，"
        "请修订质量控制计划，将主要产品改为“电能+热能”",
        "the monitoring plan registers the unit as power only (main product: electricity), but "
        "heat is reported in {months_en}: it is treated as combined heat and power; revise the "
        "plan's main product to electricity and heat",
    ),
)
def chp_heat(subject: Subject) -> Iterator[Finding]:
    products = dict(subject.data.products)
    for unit in subject.result.units:
        if products.get(unit.code) != "electricity":
            continue
        months = [p.month for p in unit.production.months if p.values.heat_gj]
        if months:
            yield Finding(
                "consistency.chp_heat",
                unit.code,
                None,
                None,
                "heat_gj",
                text(unit.production.annual.heat_gj),
                "0",
                w.months(months),
            )


@rule(
    "consistency.biomass_share",
    kind=Kind.CONSISTENCY,
    severity=Severity.WARNING,
    category=NcCategory.EVIDENCE,
    clause=(
        "核查技术指南（发电设施）表2、表13：非化石燃料的热量占比应在10%以内，超过10%需在核查结论"
        "中予以说明",
        "Verification guide (power generation) tables 2 and 13: a biomass heat share above 10 % is "
        "explained in the verification conclusion",
    ),
    message=(
        "全年生物质热量占比{observed}%超过{expected}%（{months}超过）：核查组须在核查报告中说明",
        "the year's biomass heat share {observed} % exceeds {expected} % (over in "
        "{months_en}): the verification report must explain it",
    ),
)
def biomass_share(subject: Subject) -> Iterator[Finding]:
    limit = subject.parameters["biomass_heat_share_pct"]
    for unit in subject.result.units:
        share = unit.production.annual.biomass_heat_share_pct
        if not unit.biomass or share is None or share <= limit:
            continue
        over = [
            m.month
            for m in unit.production.months
            if (m.values.biomass_heat_share_pct or 0) > limit
        ]
        yield Finding(
            "consistency.biomass_share",
            unit.code,
            None,
            None,
            "biomass_heat_share_pct",
            text(share),
            text(limit),
            w.months(over),
        )


@rule(
    "consistency.test_accreditation",
    kind=Kind.CONSISTENCY,
    severity=Severity.ERROR,
    category=NcCategory.EVIDENCE,
    clause=(
        "核查技术指南（发电设施）表8：检测报告应盖有CMA资质认定或CNAS认可标识章",
        "Verification guide (power generation) table 8: the test report carries the CMA or CNAS "
        "mark",
    ),
    message=(
        "检测报告{report}无CMA/CNAS标识（{laboratory}）",
        "test report {report} has no CMA/CNAS mark ({laboratory})",
    ),
)
def test_accreditation(subject: Subject) -> Iterator[Finding]:
    for t in subject.data.tests:
        if t.accreditation == "none":
            yield Finding(
                "consistency.test_accreditation",
                t.unit,
                t.fuel,
                t.month,
                t.parameter,
                "none",
                "cma/cnas",
                {"report": t.report_number or "–", "laboratory": t.laboratory or "–"},
                evidence=(t.report_number,) if t.report_number else (),
            )


@rule(
    "consistency.default_carbon",
    kind=Kind.CONSISTENCY,
    severity=Severity.ERROR,
    blocks=True,
    category=NcCategory.EVIDENCE,
    clause=(
        "核算指南 元素碳含量：无符合要求的检测报告（40日内、CMA/CNAS）的月份采用缺省值；"
        "核查技术指南（发电设施）4.5 按保守原则测算",
        "Accounting guide: a month without a valid test report (40 days, CMA/CNAS) uses the "
        "default; verification guide (power generation) 4.5: conservative recalculation",
    ),
    message=(
        "{month}的实测含碳量无有效检测报告（40日内、CMA/CNAS）：按缺省值复算，排放量由{observed}变为"
        "{expected} tCO2",
        "the measured carbon of {month_en} has no valid test report (40 days, CMA/CNAS): with "
        "the default, emissions go from {observed} to {expected} tCO2",
    ),
)
def default_carbon(subject: Subject) -> Iterator[Finding]:
    days = int(subject.parameters["test_report_days"])
    tested: dict[tuple[str, str], dict[int, bool]] = defaultdict(dict)
    for t in subject.data.tests:
        if t.parameter in test_reports.CARBON_PARAMETERS:
            ok = tested[(t.unit, t.fuel)].get(t.month, False)
            tested[(t.unit, t.fuel)][t.month] = ok or test_reports.valid(t, days)
    invalid = {(u, f, m) for (u, f), months in tested.items() for m, ok in months.items() if not ok}
    measured = {(u.code, f.fuel, m.month) for u, f, m in subject.fuel_months() if _measured(m)}
    months = invalid & measured
    if not months:
        return
    conservative = calculate(_with_default_carbon(subject.plant, months))
    before = _emissions(subject.result)
    after = _emissions(conservative)
    for key in sorted(months):
        unit, fuel, month = key
        yield Finding(
            "consistency.default_carbon",
            unit,
            fuel,
            month,
            "emissions_tco2",
            text(before[key]),
            text(after[key]),
            w.month(month),
            (),
            after[key] - before[key],
        )


def _measured(m: FuelMonth) -> bool:
    carbon = (m.carbon_content, m.carbon_content_ad, m.carbon_content_d)
    return any(c is not None for c in carbon) or any(d.carbon_content is not None for d in m.daily)


def _emissions(result: PlantYearResult) -> dict[tuple[str, str, int], Decimal]:
    return {
        (u.code, f.fuel, m.month): m.emissions_tco2
        for u in result.units
        for f in u.fuels
        for m in f.months
    }


def _with_default_carbon(plant: PlantYear, months: set[tuple[str, str, int]]) -> PlantYear:
    """The plant-year with the carbon of ``months`` removed: the engine then uses the default."""

    def month(unit: str, fuel: str, m: FuelMonth) -> FuelMonth:
        if (unit, fuel, m.month) not in months:
            return m
        daily = tuple(dataclasses.replace(d, carbon_content=None) for d in m.daily)
        return dataclasses.replace(
            m, carbon_content=None, carbon_content_ad=None, carbon_content_d=None, daily=daily
        )

    units = tuple(
        dataclasses.replace(
            u,
            fuels=tuple(
                FuelInput(f.fuel, tuple(month(u.code, f.fuel, m) for m in f.months))
                for f in u.fuels
            ),
        )
        for u in plant.units
    )
    return dataclasses.replace(plant, units=units)
