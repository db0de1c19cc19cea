"""Reads of the on-site step (guide 4.4): the populations of records a team may sample (4.4.2)
and what the plant sees of the on-site plan (4.4.1).

A population is the set of underlying records (过程数据) behind one activity datum or factor of
the verified report version, named by a stable key:

- ``daily/<unit_id>/<fuel>``: a unit's daily 入炉 (or 入厂) records of one fuel — key the date,
  reported value the quantity;
- ``test/<unit_id>/<fuel>/<parameter>``: the monthly tests of a fuel's 低位发热量 or 单位热值含碳量
  (确定方式表 rows) — key the month, reported value the month's cell of the fuel table;
- ``production/<unit_id>/<row>``: a unit's monthly 发电量 or 供热量 (生产数据表 cells) — key the
  month, reported value the cell.

Risk (the ``risk`` principle): a record's distance from the mean of its peers, ``|reported −
mean|``, the peers being the records of the same month for daily records and the whole year for
monthly ones — the days and months furthest from the usual are checked first. A record without a
numeric value has no risk score and comes last.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from tanhe.checks import sampling
from tanhe.reports import labels
from tanhe.reports.models import DailyFuelRecord, ReportCell, TestRecord

from .models import OnsitePlan, OnsiteState, Task

PRODUCTION_ROWS = ("generation_mwh", "heat_gj")  # 生产数据表 rows sampled per month


@dataclass(frozen=True, slots=True)
class PopulationRecord:
    key: str  # stable: the date (daily) or the two-digit month
    label: str
    month: int | None
    reported: str  # exact decimal text as reported ("" when not given)


@dataclass(frozen=True, slots=True)
class Population:
    key: str
    label: str
    records: tuple[PopulationRecord, ...]

    @property
    def size(self) -> int:
        return len(self.records)

    def record(self, key: str) -> PopulationRecord:
        return next(r for r in self.records if r.key == key)

    def for_sampling(self) -> list[sampling.Record]:
        """The records as ``tanhe.checks.sampling`` draws them, each with its risk score."""
        return [
            sampling.Record(r.key, r.month, risk)
            for r, risk in zip(self.records, _risks(self), strict=True)
        ]


def number(text: str) -> Decimal | None:
    """``text`` as an exact finite Decimal, or None."""
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        return None
    return value if value.is_finite() else None


def _risks(population: Population) -> list[Decimal | None]:
    daily = population.key.startswith("daily/")
    groups: dict[int | None, list[Decimal]] = defaultdict(list)
    values = [number(r.reported) for r in population.records]
    for r, v in zip(population.records, values, strict=True):
        if v is not None:
            groups[r.month if daily else None].append(v)
    means = {g: sum(vs, Decimal(0)) / len(vs) for g, vs in groups.items()}
    return [
        None if v is None else abs(v - means[r.month if daily else None])
        for r, v in zip(population.records, values, strict=True)
    ]


# -- the populations ------------------------------------------------------------------------------
def populations(task: Task) -> list[Population]:
    """Every population of the verified report version, in a stable order (daily records, tests,
    production, each by unit and fuel)."""
    if task.report_id is None:
        return []
    return [*_daily(task.report_id), *_tests(task.report_id), *_production(task.report_id)]


def population(task: Task, key: str) -> Population | None:
    """The population ``key`` of the task's report, or None (only its kind is read)."""
    if task.report_id is None:
        return None
    kind = key.split("/", 1)[0]
    builders = {"daily": _daily, "test": _tests, "production": _production}
    if kind not in builders:
        return None
    return next((p for p in builders[kind](task.report_id) if p.key == key), None)


def _unit_names(rows: Iterable[Any]) -> dict[int, str]:
    return {row.unit_id: row.unit.name for row in rows}


def _daily(report_id: int) -> list[Population]:
    rows = list(
        DailyFuelRecord.objects.filter(report_id=report_id)
        .select_related("unit")
        .order_by("unit__position", "unit_id", "fuel", "day")
    )
    grouped: dict[tuple[int, str], list[DailyFuelRecord]] = defaultdict(list)
    for row in rows:
        grouped[(row.unit_id, row.fuel)].append(row)
    names = _unit_names(rows)
    return [
        Population(
            key=f"daily/{unit_id}/{fuel}",
            label=_("%(unit)s %(fuel)s 日消耗记录")
            % {"unit": names[unit_id], "fuel": labels.fuel_name(fuel)},
            records=tuple(
                PopulationRecord(r.day.isoformat(), r.day.isoformat(), r.day.month, r.quantity)
                for r in records
            ),
        )
        for (unit_id, fuel), records in grouped.items()
    ]


def _cells(report_id: int, table: str, keys: Iterable[str]) -> dict[tuple[Any, ...], str]:
    cells = ReportCell.objects.filter(
        report_id=report_id, table=table, key__in=list(keys), unit__isnull=False
    ).values_list("unit_id", "fuel", "key", "month", "value")
    return {(u, f, k, m): v for u, f, k, m, v in cells}


def _tests(report_id: int) -> list[Population]:
    rows = list(
        TestRecord.objects.filter(report_id=report_id)
        .select_related("unit")
        .order_by("unit__position", "unit_id", "fuel", "parameter", "month")
    )
    cells = _cells(report_id, "fuel", labels.TEST_PARAMETERS)
    grouped: dict[tuple[int, str, str], list[TestRecord]] = defaultdict(list)
    for row in rows:
        grouped[(row.unit_id, row.fuel, labels.test_parameter(row.parameter))].append(row)
    names = _unit_names(rows)
    return [
        Population(
            key=f"test/{unit_id}/{fuel}/{parameter}",
            label=_("%(unit)s %(fuel)s %(parameter)s 月度检测")
            % {
                "unit": names[unit_id],
                "fuel": labels.fuel_name(fuel),
                "parameter": labels.TEST_PARAMETERS[parameter],
            },
            records=tuple(
                PopulationRecord(
                    f"{r.month:02d}",
                    labels.month_label(r.month),
                    r.month,
                    cells.get((unit_id, fuel, parameter, r.month), ""),
                )
                for r in records
            ),
        )
        for (unit_id, fuel, parameter), records in grouped.items()
        if parameter in labels.TEST_PARAMETERS
    ]


def _production(report_id: int) -> list[Population]:
    cells = (
        ReportCell.objects.filter(
            report_id=report_id, table="production", key__in=PRODUCTION_ROWS,
            unit__isnull=False,
        )
        .order_by("unit__position", "unit_id", "month")
        .values_list("unit_id", "unit__name", "key", "month", "value")
    )  # fmt: skip
    grouped: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
    names: dict[int, str] = {}
    for unit_id, name, row, month, value in cells:
        names[unit_id] = name
        grouped[(unit_id, row)].append((month, value))
    titles = {"generation_mwh": _("发电量"), "heat_gj": _("供热量")}
    return [
        Population(
            key=f"production/{unit_id}/{row}",
            label=_("%(unit)s 月度%(row)s") % {"unit": names[unit_id], "row": titles[row]},
            records=tuple(
                PopulationRecord(f"{m:02d}", labels.month_label(m), m, v) for m, v in months
            ),
        )
        for unit_id in names
        for row in PRODUCTION_ROWS
        if (months := grouped.get((unit_id, row)))
        and any(number(v) for _m, v in months)  # nothing (or only zeros) reported: no sample
    ]


# -- what the plant sees --------------------------------------------------------------------------
def plant_notice(task: Task) -> OnsitePlan | None:
    """The on-site plan as notified to the plant (4.4.1), or None before the notice."""
    return (
        OnsitePlan.objects.filter(task=task, state=OnsiteState.NOTIFIED)
        .select_related("task", "task__agency")
        .first()
    )


def team(task: Task) -> list[Any]:
    """The team (leader first) with each person, for the plan and the plant's notice."""
    return list(task.members.select_related("person").all())
