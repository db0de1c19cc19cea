"""The synthetic province (``tanhe synth``): deterministic for a seed, every planted anomaly
found by the report's checks and nothing else flagged as an error, and the bulk screening's
documents exactly the report's own (issue #10 §3, §4)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from django.db import transaction

from tanhe.checks import all_rules, registry
from tanhe.reports import bulk, checking
from tanhe.reports.models import DailyFuelRecord, Report, ReportCell
from tanhe.synth.generate import Generated, generate
from tanhe.synth.plan import ANOMALY_KINDS
from tanhe.synth.recall import recall

PLANTS, YEAR, SEED, PROVINCE = 6, 2025, 11, "980000"
pytestmark = pytest.mark.django_db


@pytest.fixture
def province() -> Generated:
    return generate(PLANTS, YEAR, SEED, PROVINCE)


def _snapshot(codes: list[str]) -> list[tuple[Any, ...]]:
    """The generated rows by name (ids differ from one run to the next)."""
    cells = ReportCell.objects.filter(report__enterprise__credit_code__in=codes).values_list(
        "report__enterprise__credit_code", "unit__name", "table", "fuel", "key", "month",
        "value", "mode", "origin", "source")  # fmt: skip
    daily = DailyFuelRecord.objects.filter(report__enterprise__credit_code__in=codes).values_list(
        "report__enterprise__credit_code", "unit__name", "fuel", "day", "quantity", "ncv",
        "carbon_content", "state")  # fmt: skip
    return sorted(cells) + sorted(daily, key=str)


def test_the_same_seed_gives_the_same_province() -> None:
    point = transaction.savepoint()
    first = generate(PLANTS, YEAR, SEED, PROVINCE)
    codes = [s.credit_code for s in first.specs]
    before = _snapshot(codes)
    transaction.savepoint_rollback(point)
    assert not Report.objects.filter(enterprise__credit_code__in=codes).exists()
    again = generate(PLANTS, YEAR, SEED, PROVINCE)
    assert _snapshot(codes) == before
    assert again.manifest() == first.manifest()
    assert len(before) > 10_000  # a real year: monthly cells and a year of daily coal
    # generating it again reuses it; another seed is another province
    assert generate(PLANTS, YEAR, SEED, PROVINCE).reused
    other = generate(3, YEAR, SEED + 1, PROVINCE)
    assert not other.reused and {s.credit_code for s in other.specs}.isdisjoint(codes)


def test_every_planted_anomaly_is_found_and_nothing_else_is_an_error(
    province: Generated,
) -> None:
    found = []
    for report in Report.objects.filter(
        enterprise__credit_code__in=[s.credit_code for s in province.specs]
    ).select_related("enterprise"):
        run = checking.report_checks(report)
        assert run is not None, report  # every report computes
        code = report.enterprise.credit_code
        found += [((code, f.unit, f.fuel, f.month, f.rule), registry.get(f.rule).severity.value)
                  for f in run.findings]  # fmt: skip
    result = recall(province.manifest(), found)
    assert result.missed == [] and result.unexpected_errors == []
    assert not result.unexpected_other  # clean data raises no warning either
    # one of each kind whose rules exist
    rules = {r.id for r in all_rules()}
    planted = {a.kind for a in province.anomalies}
    assert planted == {k for k, (_, ids, _) in ANOMALY_KINDS.items() if set(ids) <= rules}
    assert {"gas_ncv", "running_hours", "load_factor", "utilisation_hours"} <= planted


def test_the_bulk_path_builds_exactly_the_reports_documents(province: Generated) -> None:
    ids = bulk.report_ids(enterprise__credit_code__in=[s.credit_code for s in province.specs])
    seen = 0
    for chunk in bulk.chunks(ids, 4):
        for report, document in bulk.chunk_documents(chunk):
            assert document == checking.document(report)
            seen += 1
    assert seen == PLANTS
    found, counts = bulk.chunk_findings(ids)
    assert counts["reports"] == PLANTS and counts["refused"] == 0
    assert recall(province.manifest(), found).ok


def test_tanhe_calc_starts_without_django() -> None:
    code = "import sys, tanhe.cli; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
