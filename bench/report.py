"""Benchmark (issue #4 §6): saving a full fuel table — 8 units × 3 fuels × 12 months — and
producing the emission report PDF, on PostgreSQL. Goals (issue #8 §7): the page save p95
≤ 150 ms, the service save p50 ≤ 100 ms, the PDF ≤ 1 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \\
        .venv/bin/python bench/report.py                      # the goal's database
    .venv/bin/python bench/report.py --rounds 40             # SQLite, more rounds

Creates a throw-away test database (as the test runner does) and a plant of eight 660 MW coal
units, each burning bituminous coal, anthracite and diesel. Then, per round:

- **save (service)**: ``reports.services.save_cells`` with every input cell of the fuel table
  (consumption, NCV, carbon content, 燃料状态: 8 × 3 × 12 × 4 = 1152 values), every value
  changed from the round before, so each round writes all of them (validation, the audit row
  listing every change, one bulk update);
- **save (page)**: the same through the fuel table page — a logged-in POST of the whole form
  as the browser sends it (urlencoded; parse, authorise, read the table, save, redirect);
- **PDF**: ``reports.pdf`` for the filled report after 自动计算 (all tables, embedded font).

Prints p50 / p95 / max in ms for each, and whether the goals are met.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

UNITS, FUELS, MONTHS = 8, ("bituminous", "anthracite", "diesel"), range(1, 13)
PAGE_GOAL_MS, SERVICE_GOAL_MS, PDF_GOAL_MS = 150, 100, 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        run(args.rounds)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def build_plant():
    """An approved-in-substance plan of 8 units (written directly: the plan's own rules are not
    what is measured here) and its 2023 report."""
    from tanhe.accounts.models import Province
    from tanhe.plans.models import PlanBasicInfo, PlanState, PlanUnit, PlanVersion
    from tanhe.reports import services
    from tests.plans.conftest import make_enterprise, make_user

    province = Province.objects.create(code="320000", name="江苏省")
    enterprise = make_enterprise(province, "91110000MA0123456P", "示例发电有限公司")
    filer = make_user(enterprise, enterprise.credit_code, "enterprise_filer",
                      is_enterprise_account=True)  # fmt: skip
    version = PlanVersion.objects.create(
        enterprise=enterprise, number=1, business_type="filing", state=PlanState.DRAFT,
        created_by=filer,
    )  # fmt: skip
    PlanBasicInfo.objects.create(version=version, name=enterprise.name,
                                 credit_code=enterprise.credit_code, contact_person="李工",
                                 contact_phone="025-12345678")  # fmt: skip
    for n in range(1, UNITS + 1):
        PlanUnit.objects.create(
            version=version, position=n, name=f"{n}号机组", unit_type="coal",
            subtype="conventional", fuel_type="coal", fuel_names=list(FUELS),
            capacity_mw=Decimal("660"), data_source="nameplate", main_product="electricity",
        )  # fmt: skip
    PlanVersion.objects.filter(pk=version.pk).update(state=PlanState.SUBMITTED)
    report = services.create_report(actor=filer, enterprise=enterprise, year=2023)
    return filer, report


def fuel_values(round_: int) -> dict[tuple[int, str, str, int], str]:
    """Every input cell of the fuel table; the numbers move with the round."""
    out = {}
    for u in range(1, UNITS + 1):
        for f, fuel in enumerate(FUELS):
            for m in MONTHS:
                base = 100000 + 1000 * u + 10 * m + round_
                if fuel == "diesel":
                    out[(u, fuel, "consumption", m)] = f"{10 + (round_ + m) % 7}.{u:02d}"
                    continue
                out[(u, fuel, "consumption", m)] = f"{base // (f + 1)}.{(m + round_) % 100:02d}"
                out[(u, fuel, "ncv", m)] = f"{20 + f}.{(u * 37 + m + round_) % 1000:03d}"
                out[(u, fuel, "carbon_content", m)] = f"{52 + f}.{(u + m + round_) % 100:02d}"
                out[(u, fuel, "state", m)] = "fired" if round_ % 2 == 0 else "received"
    return out


def percentile(samples: list[float], q: float) -> float:
    """The q-quantile of the samples in ms (nearest rank; the median for q = 0.5)."""
    ms = sorted(s * 1000 for s in samples)
    return statistics.median(ms) if q == 0.5 else ms[max(0, round(q * len(ms)) - 1)]


def timings(samples: list[float]) -> str:
    return (f"p50 {percentile(samples, 0.5):7.1f}  p95 {percentile(samples, 0.95):7.1f}  "
            f"max {max(samples) * 1000:7.1f} ms")  # fmt: skip


def run(rounds: int) -> None:
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from tanhe.reports import calculation, pdf, services
    from tanhe.reports.services import CellInput

    settings.ALLOWED_HOSTS = ["testserver"]
    filer, report = build_plant()
    units = {int(u.name.removesuffix("号机组")): u for u in calculation.reporting_units(report)}

    def entries(round_: int) -> list[CellInput]:
        return [CellInput(units[u], "fuel", fuel, key, m, value)
                for (u, fuel, key, m), value in fuel_values(round_).items()]  # fmt: skip

    print(f"{connection.vendor}: {UNITS} units × {len(FUELS)} fuels × 12 months, "
          f"{len(entries(0))} input values per save")  # fmt: skip
    service: list[float] = []
    for r in range(rounds):
        batch = entries(r)
        started = time.perf_counter()
        changed = services.save_cells(actor=filer, report=report, entries=batch)
        service.append(time.perf_counter() - started)
        assert r == 0 or changed == len(batch), changed

    client = Client()
    client.force_login(filer)
    url = reverse("reports:table_save", args=[report.pk, "fuel"])
    page: list[float] = []
    for r in range(rounds, 2 * rounds):
        form = {f"v:{units[u].pk}:{fuel}:{key}:{m}": value
                for (u, fuel, key, m), value in fuel_values(r).items()}  # fmt: skip
        form |= {f"m:{units[u].pk}:{fuel}:{key}:{m}": "measured"
                 for (u, fuel, key, m) in fuel_values(r) if key != "state"}  # fmt: skip
        started = time.perf_counter()
        body = urlencode(form)  # as a browser posts a form without files
        response = client.post(url, body, content_type="application/x-www-form-urlencoded")
        page.append(time.perf_counter() - started)
        assert response.status_code == 302, response.content.decode()[:2000]

    for u in units.values():  # complete the year so that 自动计算 and the PDF have every table
        services.save_cells(actor=filer, report=report, entries=[
            CellInput(u, t, "", k, m, v) for m in MONTHS for t, k, v in (
                ("electricity", "mwh", "512.30"), ("production", "generation_mwh", "301234.567"),
                ("production", "supply_mwh", "285432.100"), ("production", "heat_gj", "0"),
                ("production", "running_hours", "744"))
        ])  # fmt: skip
    outcome = services.autocalc(actor=filer, report=report, confirm=True)
    assert outcome.applied, outcome.errors[:3]
    pdf.render_report(report)  # the first render loads the font (once per process)
    rendered: list[float] = []
    for _ in range(max(3, rounds // 4)):
        started = time.perf_counter()
        data = pdf.render_report(report).data
        rendered.append(time.perf_counter() - started)
    print(f"save (service) {timings(service)}")
    print(f"save (page)    {timings(page)}")
    print(f"PDF            {timings(rendered)}  ({len(data) // 1024} KB)")
    goals = (
        (f"page save p95 ≤ {PAGE_GOAL_MS} ms", percentile(page, 0.95) <= PAGE_GOAL_MS),
        (f"service save p50 ≤ {SERVICE_GOAL_MS} ms", percentile(service, 0.5) <= SERVICE_GOAL_MS),
        (f"PDF ≤ {PDF_GOAL_MS} ms", max(rendered) * 1000 <= PDF_GOAL_MS),
    )
    print("goals: " + "; ".join(f"{name}: {'met' if ok else 'MISSED'}" for name, ok in goals))


if __name__ == "__main__":
    main()
