"""What stops a report from being submitted, and what its reader should look at — as problems
(:mod:`tanhe.reports.problems`): empty required rows, a fuel month with consumption but no
燃料状态, a measured month without its 确定方式表 row, the engine's input issues, no 自动计算
yet, missing files, declaration and stamped scan (errors); plausibility ranges, computed values
that differ from the engine, test reports issued late, 燃料状态 that differ from the plan's
(warnings, never blocking)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from tanhe.accounting.fuels import Fuel, fuel_catalogue
from tanhe.accounting.quantities import Mode
from tanhe.accounting.report_form import MONTHS, STATE_KEY, Table
from tanhe.accounting.results import PlantYearResult
from tanhe.plans.models import MainProduct, PlanUnit
from tanhe.plans.parameters import BY_KEY as PLAN_PARAMETERS

from . import calculation, checking
from .labels import TEST_PARAMETERS, test_parameter
from .models import TEST_FIELDS, EvidenceKind, Origin, Report, TestMethod
from .places import Place
from .problems import Problem, Severity, from_issue
from .selectors import data_fingerprint

REQUIRED_PRODUCTION = ("generation_mwh", "supply_mwh", "running_hours")
Have = set[tuple[int | None, str, str, str, int]]


def unit_ids(report: Report) -> dict[str, int]:
    """Unit name → id, members of 合并填报 rows too (the engine names units by name)."""
    return {name: pk for pk, name in report.plan_version.units.values_list("pk", "name")}


def _missing(have: Have, unit: int | None, table: Table, fuel: str, key: str) -> list[int]:
    return [m for m in MONTHS if (unit, table.value, fuel, key, m) not in have]


def _row(area: str, code: str, unit: int | None, table: Table, fuel: str, key: str,
         months: list[int], **params: Any) -> Problem:  # fmt: skip
    place = Place(unit, table.value, fuel, key, 0)
    return Problem(code, place, params={"months": months, **params}, area=area)


def _unit_rows(
    unit: PlanUnit, have: Have, split: bool, allocated: frozenset[str] = frozenset()
) -> list[Problem]:
    out = []
    for fuel in unit.fuel_names:
        if fuel in allocated:
            continue  # the plant's consumption, allocated by generation (seed 000 说明 c)
        if months := _missing(have, unit.pk, Table.FUEL, fuel, "consumption"):
            out.append(_row("fuel", "missing_zero", unit.pk, Table.FUEL, fuel, "consumption",
                            months))  # fmt: skip
    members = calculation.members_of(unit)
    for member in members:
        if months := _missing(have, member.pk, Table.PRODUCTION, "", "running_hours"):
            out.append(_row("production", "missing_member", member.pk, Table.PRODUCTION, "",
                            "running_hours", months, merged=unit.name))  # fmt: skip
    keys = REQUIRED_PRODUCTION + (
        ("heat_gj",) if unit.main_product == MainProduct.ELECTRICITY_HEAT else ()
    )
    for key in keys:
        if members and key == "running_hours":
            continue  # computed from the members' hours
        if months := _missing(have, unit.pk, Table.PRODUCTION, "", key):
            out.append(_row("production", "missing", unit.pk, Table.PRODUCTION, "", key, months))
    if not split and (months := _missing(have, unit.pk, Table.ELECTRICITY, "", "mwh")):
        out.append(_row("electricity", "missing_none", unit.pk, Table.ELECTRICITY, "", "mwh",
                        months))  # fmt: skip
    return out


def completeness(report: Report, outcome: calculation.Outcome | None = None) -> list[Problem]:
    """What the tables lack: empty required rows, the engine's issues, no 自动计算 yet.
    ``outcome``: the engine's answer for the report, when the caller has it already."""
    problems: list[Problem] = []
    if not report.contact_person or not report.contact_phone:
        problems.append(Problem("contact_missing", area="basic"))
    have: set[tuple[int | None, str, str, str, int]] = set(
        report.cells.exclude(value="").values_list("unit_id", "table", "fuel", "key", "month")
    )  # unit_id: None for plant-level rows
    allocated = calculation.allocated_fuels(report)
    for unit in calculation.reporting_units(report):
        problems += _unit_rows(unit, have, report.split_purchased_electricity, allocated)
    for fuel in sorted(allocated):  # the plant's months of an auxiliary fuel it allocates
        if months := _missing(have, None, Table.FUEL, fuel, "consumption"):
            problems.append(_row("fuel", "missing_zero", None, Table.FUEL, fuel, "consumption",
                                 months))  # fmt: skip
    split = report.split_purchased_electricity
    if split and (months := _missing(have, None, Table.ELECTRICITY, "", "mwh")):
        problems.append(_row("electricity", "missing_none", None, Table.ELECTRICITY, "", "mwh",
                             months))  # fmt: skip
    problems += states_missing(report)
    outcome = outcome or calculation.outcome(report)
    ids = unit_ids(report)
    problems += [_calculation(from_issue(issue, ids)) for issue in outcome.issues]
    if outcome.result is not None:
        problems += _heat_ratio_inputs(outcome.result, ids)
        problems += _tests_missing(report, outcome.result)
        # what the checks find that the guide makes mandatory (重算不一致, 日历小时, 检测报告日期,
        # 无有效检测报告的月份按缺省值): rule.blocks in tanhe.checks
        problems += checking.problems(report, outcome.result, blocking=True)
    if report.autocalc_at is None:
        problems.append(Problem("autocalc_missing"))
    return problems


def _heat_ratio_inputs(result: PlantYearResult, ids: dict[str, int]) -> list[Problem]:
    """A month with heat needs its 供热比: entered, or from 锅炉产热量 / 锅炉效率 (核算指南 术语
    供热比 = 供热量 / 锅炉产热量) — the heat share of the rates depends on it."""
    out = []
    for unit in result.units:
        months = [
            m.month
            for m in unit.production.months
            if m.values.heat_gj and m.values.heat_ratio_pct is None
        ]
        if months:
            out.append(_row("production", "heat_ratio_missing", ids.get(unit.name),
                            Table.PRODUCTION, "", "heat_ratio_pct", months))  # fmt: skip
    return out


def _calculation(problem: Problem) -> Problem:
    return Problem(problem.code, problem.place, problem.severity, problem.params, "calculation")


def submission_problems(
    report: Report, outcome: calculation.Outcome | None = None
) -> list[Problem]:
    """What stops submission: :func:`completeness`, the required files, the declaration and
    the stamped scan, whose QR codes must carry the data's fingerprint now (plausibility
    warnings do not stop it)."""
    problems = completeness(report, outcome)
    present = set(report.evidence.values_list("kind", flat=True))
    for kind in EvidenceKind:
        if kind != EvidenceKind.OTHER and kind not in present:
            problems.append(Problem("evidence_missing", params={"kind": kind.label},
                                    area="evidence"))  # fmt: skip
    if not report.declared_entity or not report.declared_legal_representative:
        problems.append(Problem("declaration_missing", area="submit"))
    if report.stamped_pdf_id is None:
        problems.append(Problem("stamped_missing", area="submit"))
    elif report.stamped_fingerprint != (current := data_fingerprint(report)):
        proved = (report.stamped_fingerprint or "")[:16] or "—"
        problems.append(Problem("stamped_stale", params={"scan": proved, "current": current[:16]},
                                area="submit"))  # fmt: skip
    return problems


# -- 燃料状态 (核查技术指南 表7、表9) --------------------------------------------------------
FuelMonthKey = tuple[int, str, int]  # unit id, fuel, month


def _positive(text: str) -> bool:
    try:
        return Decimal(text) > 0
    except (InvalidOperation, ValueError):
        return False


def fuel_states(report: Report) -> tuple[dict[FuelMonthKey, str], set[FuelMonthKey]]:
    """Each fuel month's 燃料状态 — the state row, or its daily 入炉 / batch 入厂 records' — and
    the fuel months with consumption (> 0, entered or summed from the days). A co-fired biomass
    fuel has no state (its dry-basis rows, 表13)."""
    catalogue = fuel_catalogue()
    states: dict[FuelMonthKey, str] = {}
    consumed: set[FuelMonthKey] = set()
    rows = report.cells.filter(table=Table.FUEL.value, key__in=(STATE_KEY, "consumption"))
    for unit, fuel, key, month, value in rows.values_list("unit_id", "fuel", "key", "month",
                                                          "value"):  # fmt: skip
        if unit is None:
            continue  # the plant's allocated fuel: its state is each unit's (seed 000 说明 c)
        if key == STATE_KEY and value:
            states[(unit, fuel, month)] = value
        elif key == "consumption" and _positive(value) and not _biomass(catalogue, fuel):
            consumed.add((unit, fuel, month))
    days = report.daily_records.values_list("unit_id", "fuel", "day__month", "state", "quantity")
    for unit, fuel, month, state, quantity in days:
        states.setdefault((unit, fuel, month), state)
        if _positive(quantity):
            consumed.add((unit, fuel, month))
    return states, consumed


def _biomass(catalogue: dict[str, Fuel], key: str) -> bool:
    fuel = catalogue.get(key)
    return fuel is not None and fuel.is_biomass


def states_missing(report: Report) -> list[Problem]:
    """A fuel month with consumption names its state (seed 000 燃料信息表 说明1: 燃料消耗量与低位
    发热量状态匹配; 核查技术指南 表9: 燃煤低位发热量和燃煤量保持状态一致)."""
    states, consumed = fuel_states(report)
    missing: dict[tuple[int, str], list[int]] = defaultdict(list)
    for unit, fuel, month in sorted(consumed - set(states)):
        missing[(unit, fuel)].append(month)
    return [
        _row("fuel", "state_missing", unit, Table.FUEL, fuel, STATE_KEY, months)
        for (unit, fuel), months in missing.items()
    ]


def plan_states(report: Report) -> dict[tuple[int, str], str]:
    """The 燃料状态 of each reporting unit's fuel in the plan the report follows (数据质量控制计划
    第6部分 数据的确定方式: the fuel's consumption row; "" where the plan does not say)."""
    keys = [k for k, p in PLAN_PARAMETERS.items() if p.has_state]
    rows = report.plan_version.methods.filter(parameter__in=keys)
    return {(unit, fuel): state for unit, fuel, state in
            rows.values_list("unit_id", "fuel", "fuel_state")}  # fmt: skip


def _states_unsaid(report: Report) -> list[Problem]:
    """A fuel month whose plan does not say 入炉 or 入厂 (核查技术指南 表7: 查阅数据质量控制
    计划，确认数据获取方式); a state that differs from the plan's is the checks'
    consistency.state_plan."""
    states, consumed = fuel_states(report)
    planned = plan_states(report)
    unsaid: dict[tuple[int, str], list[int]] = defaultdict(list)
    for unit, fuel, month in sorted(set(states) | consumed):
        if planned.get((unit, fuel)) == "":
            unsaid[(unit, fuel)].append(month)
    out = []
    for (unit, fuel), months in unsaid.items():
        place = Place(unit, Table.FUEL.value, fuel, STATE_KEY, 0)
        out.append(Problem("state_plan_unsaid", place, Severity.WARNING, {"months": months}))
    return out


# -- 确定方式表 (seed 000 排放报告-确定方式表) -----------------------------------------------
# What a row needs once its month rests on a test: how it was tested, how often and by which
# standard; a test of one's own its device and calibration, a commissioned one the laboratory,
# its CMA/CNAS mark and the report's number; the element-carbon test behind a 单位热值含碳量 its
# sampling and report dates (核算指南: 自采样之日起 40 日内出具检测报告; 核查技术指南 表8).
TEST_ALWAYS = ("method", "frequency", "standard")
TEST_BY_METHOD = {
    TestMethod.SELF.value: ("device", "calibration_frequency"),
    TestMethod.COMMISSIONED.value: ("laboratory", "accreditation", "report_number"),
}
TEST_BY_PARAMETER = {"unit_heat_carbon": ("sampled_on", "reported_on")}


def missing_test_fields(parameter: str, values: Mapping[str, Any]) -> list[str]:
    """The fields of a 确定方式表 row (``values``: field → value, as stored or typed) that a
    month resting on a test needs and that are empty, in the table's order."""
    method = str(values.get("method") or "")
    wanted = {*TEST_ALWAYS, *TEST_BY_METHOD.get(method, ()),
              *TEST_BY_PARAMETER.get(test_parameter(parameter), ())}  # fmt: skip
    return [f for f in TEST_FIELDS if f in wanted and values.get(f) in (None, "")]


TestKey = tuple[int, str, str, int]  # unit id, fuel, parameter, month


def tested(report: Report, result: PlantYearResult) -> set[TestKey]:
    """The months whose 低位发热量 or 单位热值含碳量 rest on a test, by the engine's modes: an NCV
    measured (实测值, or converted from a measured air-dried one), a 单位热值含碳量 computed from a
    measured element carbon (元素碳含量 ÷ 低位发热量). A default (缺省值) or a month without
    consumption needs no row."""
    ids = unit_ids(report)
    out: set[TestKey] = set()
    for unit in result.units:
        uid = ids.get(unit.code)
        if uid is None:
            continue
        for fuel in unit.fuels:
            for m in fuel.months:
                if m.modes.get("ncv") in (Mode.MEASURED, Mode.CALCULATED):
                    out.add((uid, fuel.fuel, "ncv", m.month))
                if m.modes.get("unit_heat_carbon") == Mode.CALCULATED:
                    out.add((uid, fuel.fuel, "unit_heat_carbon", m.month))
    return out


def _tests_missing(report: Report, result: PlantYearResult) -> list[Problem]:
    """Every month resting on a test has its 确定方式表 row filled (seed 000: 企业需要填报每月低位
    发热量和单位热值含碳量的确定方式): one problem per unit, fuel, parameter and set of missing
    fields, naming the months."""
    records = {
        (t.unit_id, t.fuel, test_parameter(t.parameter), t.month): t
        for t in report.test_records.all()
    }
    grouped: dict[tuple[int, str, str, tuple[str, ...]], list[int]] = defaultdict(list)
    for key in sorted(tested(report, result)):
        unit, fuel, parameter, month = key
        record_ = records.get(key)
        values = {f: getattr(record_, f) for f in TEST_FIELDS} if record_ else {}
        if missing := missing_test_fields(parameter, values):
            grouped[(unit, fuel, parameter, tuple(missing))].append(month)
    order = {p: i for i, p in enumerate(TEST_PARAMETERS)}
    return [
        _row("tests", "test_missing", unit, Table.FUEL, fuel, parameter, months,
             fields=list(fields))
        for (unit, fuel, parameter, fields), months in sorted(
            grouped.items(), key=lambda item: (item[0][0], item[0][1], order[item[0][2]])
        )
    ]  # fmt: skip


# -- warnings -------------------------------------------------------------------------------------


def warnings(report: Report, result: PlantYearResult | None = None) -> list[Problem]:
    """Shown before submission, never blocking: plausibility ranges, computed values that
    differ from the engine (edited by hand, or the entries changed since), late test reports."""
    if result is None:
        result = calculation.outcome(report).result
    out: list[Problem] = []
    if result is not None:
        # every finding, those that stop submission marked (they are also in completeness())
        out += checking.problems(report, result, blocking=True)
        out += checking.problems(report, result, blocking=False)
        out += _stale(report, result)
    out += _states_unsaid(report)
    return out


def _stale(report: Report, result: PlantYearResult) -> list[Problem]:
    cells = list(report.cells.all())
    existing = {calculation.cell_key(c): c for c in cells}
    out = []
    for c in calculation.computed_cells(report, result, cells):
        cell = existing.get(c.key)
        if cell is not None and cell.value != c.value:
            code = "stale.edited" if cell.origin == Origin.USER else "stale.changed"
            params = {"value": cell.value, "computed": c.value}
            out.append(Problem(code, Place(*c.key), Severity.WARNING, params))
    return out
