"""What stops a report from being submitted, and what its reader should look at — as problems
(:mod:`tanhe.reports.problems`): empty required rows, the engine's input issues, no 自动计算
yet, missing files, declaration and stamped scan (errors); plausibility ranges, computed values
that differ from the engine, test reports issued late (warnings, never blocking)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from tanhe.accounting.report_form import MONTHS, Table
from tanhe.accounting.results import PlantYearResult
from tanhe.plans.models import MainProduct, PlanUnit
from tanhe.verification import plausibility

from . import calculation
from .models import EvidenceKind, Origin, Report
from .places import Place
from .problems import Problem, Severity, from_issue

REQUIRED_PRODUCTION = ("generation_mwh", "supply_mwh", "running_hours")
Have = set[tuple[int | None, str, str, str, int]]


def unit_ids(report: Report) -> dict[str, int]:
    """Unit name → id, members of 合并填报 rows too (the engine names units by name)."""
    return {name: pk for pk, name in report.plan_version.units.values_list("pk", "name")}


def _missing(have: Have, unit: int | None, table: Table, fuel: str, key: str) -> list[int]:
    return [m for m in MONTHS if (unit, table.value, fuel, key, m) not in have]


def _row(area: str, code: str, unit: int | None, table: Table, fuel: str, key: str,
         months: list[int], **params: str) -> Problem:  # fmt: skip
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
    outcome = outcome or calculation.outcome(report)
    ids = unit_ids(report)
    problems += [_calculation(from_issue(issue, ids)) for issue in outcome.issues]
    if outcome.result is not None:
        problems += _heat_ratio_inputs(outcome.result, ids)
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
    the stamped scan (plausibility warnings do not stop it)."""
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
    return problems


# -- warnings -------------------------------------------------------------------------------------
FINDING_TABLES = {"ncv": Table.FUEL, "carbon_content": Table.FUEL}


def warnings(report: Report, result: PlantYearResult | None = None) -> list[Problem]:
    """Shown before submission, never blocking: plausibility ranges, computed values that
    differ from the engine (edited by hand, or the entries changed since), late test reports."""
    if result is None:
        result = calculation.outcome(report).result
    out: list[Problem] = []
    if result is not None:
        ids = unit_ids(report)
        for f in plausibility.check(result):
            table = FINDING_TABLES.get(f.key, Table.PRODUCTION)
            place = Place(ids.get(f.unit), table.value, f.fuel or "", f.key, f.month or 0)
            out.append(Problem(f"plausibility.{f.code}", place, Severity.WARNING,
                               {**f.params, "clause": f.clause}))  # fmt: skip
        out += _stale(report, result)
        out += _chp_by_heat(report, result)
    out += _late_tests(report)
    return out


def _chp_by_heat(report: Report, result: PlantYearResult) -> list[Problem]:
    """核查技术指南 表3 注意事项: "燃煤机组即使登记为纯凝发电机组，如果存在供热，包括少量供热，也应
    按热电联产机组处理" — the engine already derives the heat share of any month with heat; the
    report says so where the plan registers the unit as power only, and asks to revise the plan."""
    products = dict(report.plan_version.units.values_list("name", "main_product"))
    ids = unit_ids(report)
    out = []
    for unit in result.units:
        if products.get(unit.name) != MainProduct.ELECTRICITY:
            continue
        months = [m.month for m in unit.production.months if m.values.heat_gj]
        if months:
            place = Place(ids.get(unit.name), Table.PRODUCTION.value, "", "heat_gj", 0)
            out.append(Problem("chp_by_heat", place, Severity.WARNING, {"months": months}))
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


def _late_tests(report: Report) -> list[Problem]:
    limit = timedelta(days=settings.TEST_REPORT_MAX_DAYS)
    clause = "核算指南 元素碳含量检测：自采样之日起 40 日内出具检测报告"
    out = []
    for t in report.test_records.select_related("unit"):
        if t.sampled_on and t.reported_on and t.reported_on - t.sampled_on > limit:
            days = (t.reported_on - t.sampled_on).days
            place = Place(t.unit_id, Table.FUEL.value, t.fuel, "", t.month)
            params = {"days": days, "limit": limit.days, "clause": clause}
            out.append(Problem("late_test", place, Severity.WARNING, params))
    return out
