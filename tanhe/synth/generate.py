"""Write a synthetic province straight into the database (``tanhe synth``): enterprises with their
approved plan, a draft annual report per plant with its entered cells, daily 入炉 records and the
自动计算 cells exactly as the platform computes them (the report's own document builder and
:func:`tanhe.reports.calculation.computed_from_rows`), then the planted anomalies' tampering.

Fast: plants go in batches; the small tables by ``bulk_create``, cells and daily records by
``COPY … FROM STDIN`` on PostgreSQL (``bulk_create`` in large batches elsewhere).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from tanhe.accounting import calculate, plant_year_from_data
from tanhe.accounts.models import Organisation, OrganisationKind, Province, User
from tanhe.checks import registry
from tanhe.plans.models import PlanBasicInfo, PlanState, PlanUnit, PlanVersion
from tanhe.reports import calculation
from tanhe.reports.calculation import CellRow, DailyRow, ReportRows
from tanhe.reports.models import DailyFuelRecord, Origin, Report, ReportCell
from tanhe.synth.months import UnitYear, plant_year
from tanhe.synth.plan import (
    Anomaly,
    PlantSpec,
    manifest_rows,
    plan_anomalies,
    plant_spec,
    with_anomalies,
)

BATCH = 100  # plants per transaction
GENERATOR = "synth-generator"  # the (inactive) account the synthetic rows are created by
CELL_COLUMNS = ("report_id", "unit_id", "table", "fuel", "key", "month", "value", "mode",
                "origin", "source")  # fmt: skip
DAILY_COLUMNS = ("report_id", "unit_id", "fuel", "day", "quantity", "ncv", "carbon_content",
                 "state")  # fmt: skip


@dataclass
class Generated:
    """What was generated (or found): the plan and the counts."""

    specs: list[PlantSpec]
    anomalies: list[Anomaly]
    reused: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def manifest(self) -> list[dict[str, object]]:
        return manifest_rows(self.specs, self.anomalies)


def province_plan(plants: int, seed: int, province: str) -> tuple[list[PlantSpec], list[Anomaly]]:
    """The plants and the anomalies planted in them: deterministic, cheap (no numbers)."""
    specs = [plant_spec(seed, province, i) for i in range(plants)]
    rules = frozenset(r.id for r in registry.all_rules())
    anomalies = plan_anomalies(specs, seed, rules)
    return [with_anomalies(s, anomalies) for s in specs], anomalies


def generate(
    plants: int,
    year: int,
    seed: int,
    province: str = "990000",
    progress: Callable[[str], None] | None = None,
) -> Generated:
    """Generate the province, or reuse it when all its plants already have their report for the
    year (``reused``). A partly generated province is refused (ValueError)."""
    start = time.perf_counter()
    specs, anomalies = province_plan(plants, seed, province)
    out = Generated(specs, anomalies)
    codes = [s.credit_code for s in specs]
    found = Report.objects.filter(enterprise__credit_code__in=codes, year=year).count()
    if found == plants:
        out.reused = True
        return out
    if found or Organisation.objects.filter(credit_code__in=codes).exists():
        raise ValueError(f"province {province} is partly generated for seed {seed}: "
                         f"{found} of {plants} reports exist")  # fmt: skip
    region, _ = Province.objects.get_or_create(
        code=province, defaults={"name": f"合成省（{province}）"}
    )
    actor = _generator()
    counts = dict.fromkeys(("plants", "units", "cells", "daily"), 0)
    for b in range(0, plants, BATCH):
        with transaction.atomic():
            _batch(specs[b : b + BATCH], anomalies, year, seed, region, actor, counts)
        if progress:
            done, took = min(b + BATCH, plants), time.perf_counter() - start
            progress(f"{done}/{plants} plants, {counts['cells']} cells, "
                     f"{counts['daily']} daily records, {took:.1f} s")  # fmt: skip
    out.counts = counts
    out.seconds = time.perf_counter() - start
    return out


def _generator() -> User:
    user, _ = User.objects.get_or_create(username=GENERATOR, defaults={"is_active": False})
    return user


def _batch(
    specs: Sequence[PlantSpec],
    anomalies: list[Anomaly],
    year: int,
    seed: int,
    region: Province,
    actor: User,
    counts: dict[str, int],
) -> None:
    orgs = Organisation.objects.bulk_create([
        Organisation(kind=OrganisationKind.ENTERPRISE, name=s.name, province=region,
                     credit_code=s.credit_code, in_registry=True, industry_code="4411")
        for s in specs
    ])  # fmt: skip
    versions = PlanVersion.objects.bulk_create([
        PlanVersion(enterprise=o, number=1, business_type="filing", created_by=actor)
        for o in orgs
    ])  # fmt: skip
    PlanBasicInfo.objects.bulk_create([
        PlanBasicInfo(version=v, name=s.name, credit_code=s.credit_code, province=region.name,
                      industry_code="4411")
        for s, v in zip(specs, versions, strict=True)
    ])  # fmt: skip
    units = PlanUnit.objects.bulk_create([
        PlanUnit(version=v, position=k, name=u.name, unit_type=u.unit_type, subtype=u.subtype,
                 fuel_type="gas" if u.kind == "gas" else "coal", fuel_names=[u.fuel],
                 capacity_mw=u.capacity_mw, gas_class=u.gas_class,
                 main_product="electricity_heat" if u.kind == "chp" else "electricity")
        for s, v in zip(specs, versions, strict=True)
        for k, u in enumerate(s.units, start=1)
    ])  # fmt: skip
    # approved, as a plan in force is: through 已提交 (the freeze triggers allow no shortcut)
    now = timezone.now()
    ids = [v.pk for v in versions]
    PlanVersion.objects.filter(pk__in=ids).update(state=PlanState.SUBMITTED, submitted_at=now)
    PlanVersion.objects.filter(pk__in=ids).update(state=PlanState.APPROVED, decided_at=now)
    reports = Report.objects.bulk_create([
        Report(enterprise=o, year=year, plan_version=v, created_by=actor, autocalc_at=now)
        for o, v in zip(orgs, versions, strict=True)
    ])  # fmt: skip
    by_version: dict[int, list[PlanUnit]] = {}
    for u in units:
        by_version.setdefault(u.version_id, []).append(u)
    cells: list[tuple[Any, ...]] = []
    daily: list[tuple[Any, ...]] = []
    province = region.code
    for spec, report, version in zip(specs, reports, versions, strict=True):
        plant_units = by_version[version.pk]
        years = plant_year(spec, year, seed, province, anomalies)
        c, d = _report_rows(spec, report, plant_units, years, anomalies)
        cells += c
        daily += d
        counts["units"] += len(plant_units)
    counts["plants"] += len(specs)
    counts["cells"] += len(cells)
    counts["daily"] += len(daily)
    _write(ReportCell, CELL_COLUMNS, cells)
    _write(DailyFuelRecord, DAILY_COLUMNS, daily)


def _report_rows(
    spec: PlantSpec,
    report: Report,
    units: list[PlanUnit],
    years: list[UnitYear],
    anomalies: list[Anomaly],
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """A report's cell and daily rows; its 自动计算 cells from the engine, as autocalc stores
    them — then the planted tampering of one of them."""
    pairs = list(zip(units, years, strict=True))
    entered = [CellRow(u.pk, t, f, k, m, v, Origin.USER)
               for u, y in pairs for (t, f, k, m, v) in y.cells]  # fmt: skip
    days = [DailyRow(u.pk, f, day, qty, ncv, carbon, "fired")
            for u, y in pairs for (f, day, qty, ncv, carbon) in y.daily]  # fmt: skip
    rows = ReportRows(year=report.year, name=spec.name, credit_code=spec.credit_code,
                      split_purchased_electricity=False, units=units, members={}, daily=days,
                      heat=[], allocated=frozenset())  # fmt: skip
    result = calculate(plant_year_from_data(calculation.document_from_rows(rows, entered)))
    tamper = {(a.unit, a.fuel, a.month) for a in anomalies
              if a.plant == spec.index and a.kind == "recalculation"}  # fmt: skip
    names = {u.pk: u.name for u in units}
    out = [(report.pk, c.unit_id, c.table, c.fuel, c.key, c.month, c.value, "measured",
            Origin.USER.value, "") for c in entered]  # fmt: skip
    for c in calculation.computed_from_rows(rows, result, entered):
        unit_id, table, fuel, key, month = c.key
        value = c.value
        if key == "emissions_tco2" and (names[unit_id or 0], fuel, month) in tamper:
            value = format(Decimal(value) + 10, "f")  # the stored value is not the engine's
        out.append((report.pk, unit_id, table, fuel, key, month, value, c.mode,
                    Origin.AUTO.value, c.source))  # fmt: skip
    return out, [(report.pk, *d[:6], d.state) for d in days]


def _write(model: type[Any], columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (values in ``columns`` order): COPY on PostgreSQL, else bulk_create."""
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        names = ", ".join(f'"{c}"' for c in columns)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the driver's cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    objects = (model(**dict(zip(columns, row, strict=True))) for row in rows)
    model.objects.bulk_create(objects, batch_size=2000)
