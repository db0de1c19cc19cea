"""The report keeps its plan (glossary: 报告依据的计划). A report is bound to one plan version and
reads its units and fuels from it; what the enterprise entered for a unit or a unit's fuel must
keep a place there. This module is the rule, in one place, for both ways a plan can change under
a report:

- an edit of the bound version (while it is 退回补正 again): ``BoundReports`` — the plan services
  ask it before they delete a unit, merge units or change a unit (fuels, name), and it refuses an
  edit that would leave a value without its unit or fuel, naming the report and the values;
- a move of a draft onto a newer version (:mod:`.plan_move`), which refuses the same way.

*Held* is what the enterprise would lose: a cell it entered (a value, not an empty one), any
value of a month sealed by 存证 or of a submitted version, daily records, heat measurements, a
确定方式 record with something in it, files attached to a value row (kept by the unit's *name*,
``ValueEvidence.unit_name``, as is the content of a sealed month). What is not held — a value
自动计算 filled in an open month of a draft, an emptied cell — is recomputed: when its place goes
away it is removed with the change (audited), so a unit can be deleted and no stale computed value
lingers in the 信息汇总表.

Plans build on nothing of the reports: ``tanhe.plans.services`` imports this module inside the one
function that asks, not at module level.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tanhe.accounting.report_form import Table
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.audit.services import record
from tanhe.plans.display import fuel_label
from tanhe.plans.models import PlanVersion

from ..labels import month_name
from ..models import (
    TEST_FIELDS,
    DailyFuelRecord,
    FilingState,
    HeatMeasurement,
    MonthFiling,
    Origin,
    Report,
    ReportCell,
    TestRecord,
    ValueEvidence,
)
from ._common import MEMBER_ROW

CELL, DAILY, HEAT, TEST, EVIDENCE, SEALED = "cell", "daily", "heat", "test", "evidence", "sealed"
ROW_ORDER = (CELL, DAILY, HEAT, TEST, EVIDENCE, SEALED)  # as the refusal lists them
ROW_MODELS: dict[str, Any] = {
    CELL: ReportCell,
    DAILY: DailyFuelRecord,
    HEAT: HeatMeasurement,
    TEST: TestRecord,
}


@dataclass(frozen=True, slots=True)
class Place:
    """A unit as a report reads it from its plan: its own row (or a 合并填报 member), its fuels."""

    name: str
    reported: bool
    fuels: frozenset[str]


def places(version: PlanVersion) -> dict[int, Place]:
    return {
        pk: Place(name, merged_into is None, frozenset(fuels))
        for pk, name, merged_into, fuels in version.units.values_list(
            "pk", "name", "merged_into_id", "fuel_names"
        )
    }


@dataclass(frozen=True, slots=True)
class Value:
    """One thing a report holds for a unit: a row (``kind``, ``pk``) on the unit ``unit``, or —
    for files and sealed months, kept by name — on the unit named ``name``."""

    report: Report
    kind: str
    pk: int | None
    unit: int | None  # None: kept by ``name``
    name: str
    table: str
    fuel: str
    key: str
    month: int
    held: bool


def fits(value: Value, place: Place | None) -> bool:
    """Whether the report reads ``value`` at ``place``: its unit's own row takes every table (the
    fuel table for the unit's fuels only); a 合并填报 member only its running hours."""
    if place is None:
        return False
    if value.kind == SEALED:
        return True
    if not place.reported:
        return value.kind in (CELL, EVIDENCE) and (value.table, value.key) == MEMBER_ROW
    return value.table != Table.FUEL or value.fuel in place.fuels


def values_of(report: Report, units: Mapping[int, str], *, by_name: bool = True) -> list[Value]:
    """What ``report`` holds on these units (id → name), held or not; with ``by_name`` also the
    files of its year under their names and the names its sealed months recorded."""
    frozen = report.is_frozen
    filings = MonthFiling.objects.filter(
        enterprise_id=report.enterprise_id, year=report.year, state=FilingState.SEALED
    )
    sealed = {f.month: f.content for f in filings}
    ids = list(units)
    out: list[Value] = []

    def add(kind: str, pk: int | None, unit: int | None, name: str, table: str, fuel: str,
            key: str, month: int, held: bool) -> None:  # fmt: skip
        out.append(Value(report, kind, pk, unit, name, table, fuel, key, month, held))

    cells = report.cells.filter(unit_id__in=ids).values_list(
        "pk", "unit_id", "table", "fuel", "key", "month", "value", "origin"
    )
    for pk, unit, table, fuel, key, month, text, origin in cells:
        held = frozen or (text != "" and (origin == Origin.USER or month in sealed))
        add(CELL, pk, unit, units[unit], table, fuel, key, month, held)
    for pk, unit, fuel, day in report.daily_records.filter(unit_id__in=ids).values_list(
        "pk", "unit_id", "fuel", "day"
    ):
        add(DAILY, pk, unit, units[unit], Table.FUEL, fuel, "daily", day.month, True)
    for pk, unit, month in report.heat_measurements.filter(unit_id__in=ids).values_list(
        "pk", "unit_id", "month"
    ):
        add(HEAT, pk, unit, units[unit], Table.PRODUCTION, "", "heat", month, True)
    for pk, unit, fuel, parameter, month, *fields in report.test_records.filter(
        unit_id__in=ids
    ).values_list("pk", "unit_id", "fuel", "parameter", "month", *TEST_FIELDS):
        held = frozen or any(f not in ("", None) for f in fields)
        add(TEST, pk, unit, units[unit], Table.FUEL, fuel, parameter, month, held)
    if by_name:
        names = set(units.values())
        files = ValueEvidence.objects.filter(
            enterprise_id=report.enterprise_id, year=report.year, unit_name__in=names
        ).values_list("pk", "unit_name", "table", "fuel", "key", "month")
        for pk, name, table, fuel, key, month in files:
            add(EVIDENCE, pk, None, name, table, fuel, key, month, True)
        for month, content in sorted(sealed.items()):
            recorded = {
                item.get("unit")
                for part in ("cells", "daily", "heat", "tests")
                for item in (content or {}).get(part, [])
            }
            for name in sorted(names & recorded):
                add(SEALED, None, None, name, "", "", "", month, True)
    return out


# -- what the refusal says ------------------------------------------------------------------------
def report_label(report: Report) -> str:
    return _("%(year)s年度排放报告第%(n)s版") % {"year": report.year, "n": report.number}


def months_text(months: Iterable[int]) -> str:
    """1, 2, 3, 5 → "1–3月、5月"."""
    runs: list[list[int]] = []
    for m in sorted(set(months)):
        if runs and m == runs[-1][-1] + 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    return _("、").join(
        month_name(r[0]) if len(r) == 1 else _("%(a)s–%(b)s月") % {"a": r[0], "b": r[-1]}
        for r in runs
    )


def _count(kind: str, n: int) -> str:
    texts = {
        CELL: _("%(n)s 个数值"),
        DAILY: _("%(n)s 条日消耗记录"),
        HEAT: _("%(n)s 条供热计量"),
        TEST: _("%(n)s 条确定方式记录"),
        EVIDENCE: _("%(n)s 份支撑材料"),
    }
    if kind == SEALED:
        return _("已存证月份的数据记在此名下")
    return texts[kind] % {"n": n}


def value_lines(values: Iterable[Value], *, with_report: bool = True) -> list[str]:
    """One line per report, unit and fuel: what stands in the way, with its months —
    "2023年度排放报告第1版 · 1号机组 烟煤：4 个数值（1月）；1 份支撑材料（1月）"."""
    groups: dict[tuple[int, int, str, str], dict[str, list[int]]] = defaultdict(
        lambda: defaultdict(list)
    )
    by_number: dict[tuple[int, int], Report] = {}
    for v in values:
        by_number[(v.report.year, v.report.number)] = v.report
        groups[(v.report.year, v.report.number, v.name, v.fuel)][v.kind].append(v.month)
    lines = []
    for (year, number, name, fuel), kinds in sorted(groups.items()):
        place = f"{name} {fuel_label(fuel)}" if fuel else name
        what = _("；").join(
            _("%(count)s（%(months)s）")
            % {"count": _count(kind, len(months)), "months": months_text(months)}
            for kind, months in sorted(kinds.items(), key=lambda k: ROW_ORDER.index(k[0]))
        )
        if with_report:
            line = _("%(report)s · %(place)s：%(values)s") % {
                "report": report_label(by_number[(year, number)]),
                "place": place,
                "values": what,
            }
        else:
            line = _("%(place)s：%(values)s") % {"place": place, "values": what}
        lines.append(line)
    return lines


class ValuesHeld(ValidationError):
    """A change refused because report values would lose their unit or fuel; ``values`` are
    what stands in the way."""

    def __init__(self, messages: list[str], values: list[Value]) -> None:
        self.values = values
        super().__init__(messages)


# -- edits of the bound plan version --------------------------------------------------------------
class BoundReports:
    """The reports bound to a plan version, taken before an edit of it and asked after.

    Created under the version's row lock (the plan services' ``_editable``), it also locks the
    reports' rows, so no value is entered for a unit or fuel while it is being taken away
    (entering locks the report row too)."""

    def __init__(self, version: PlanVersion, actor: User) -> None:
        self.version, self.actor = version, actor
        self.reports = list(
            Report.objects.select_for_update()
            .filter(plan_version=version)
            .order_by("year", "number")
        )
        self.before = places(version) if self.reports else {}

    def keep(self, *, gone: Collection[int] = ()) -> None:
        """After the edit (``gone``: units about to be deleted): refuse it if a held value loses
        its place; otherwise remove what only the engine had filled there."""
        if not self.reports:
            return
        after = {pk: p for pk, p in places(self.version).items() if pk not in gone}
        changed = {
            pk: place.name
            for pk, place in self.before.items()
            if pk in gone or after.get(pk) != place
        }
        if not changed:
            return
        after_by_name = {p.name: p for p in after.values()}
        before_by_name = {p.name: p for p in self.before.values()}
        latest = {r.year: r for r in self.reports}  # files and 存证 belong to the year
        blocking: list[Value] = []
        clearing: list[Value] = []
        for report in self.reports:
            for value in values_of(report, changed, by_name=latest[report.year] is report):
                if value.unit is None:
                    now, then = after_by_name.get(value.name), before_by_name.get(value.name)
                else:
                    now, then = after.get(value.unit), self.before.get(value.unit)
                if fits(value, now):
                    continue
                if not value.held:
                    clearing.append(value)
                elif fits(value, then) or value.unit in gone:
                    blocking.append(value)
        if blocking:
            raise ValuesHeld(
                [
                    _("这项修改会使排放报告中的以下数值失去所依据的机组或燃料："),
                    *value_lines(blocking),
                    _(
                        "请先在排放报告中清除这些数值（已存证的月份须先提出修改申请并说明原因），"
                        "再修改质量控制计划。"
                    ),
                ],
                blocking,
            )
        clear(clearing, actor=self.actor, note=f"质量控制计划第{self.version.number}版修改")


def clear(values: Iterable[Value], *, actor: User, note: str) -> int:
    """Remove rows that held nothing (computed or empty) whose place went away; one audit row
    per report. Returns how many."""
    by_report: dict[int, tuple[Report, dict[str, list[int]]]] = {}
    for v in values:
        assert not v.held and v.pk is not None and v.kind in ROW_MODELS
        by_report.setdefault(v.report.pk, (v.report, defaultdict(list)))[1][v.kind].append(v.pk)
    count = 0
    for report, kinds in by_report.values():
        n = 0
        for kind, pks in kinds.items():
            n += ROW_MODELS[kind].objects.filter(report=report, pk__in=pks).delete()[0]
        count += n
        record(
            actor=actor,
            action=Action.REPORT_PLAN_CLEARED,
            obj=report,
            organisation=report.enterprise,
            changes={"rows": (n, 0)},
            note=f"{note}：清除 {n} 个无数值或自动计算的格（自动计算可重新得出）",
        )
    return count


__all__ = [
    "BoundReports",
    "Place",
    "Value",
    "ValuesHeld",
    "clear",
    "fits",
    "months_text",
    "places",
    "report_label",
    "value_lines",
    "values_of",
]
