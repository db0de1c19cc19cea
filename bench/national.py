"""Benchmark: a national re-accounting and screening on PostgreSQL (issue #10 §3).

A synthetic province of 2,200 plants (≈ 9,000 units, daily 入炉 coal data; ``tanhe synth``) is
generated once into its own database (reused when present), then timed:

(a) every report re-accounted by the engine and checked by every rule, its rows streamed from
    the database chunk by chunk and its document built by the platform's own builder
    (``tanhe.reports.bulk``), on 2 worker processes;
(b) ``COPY (SELECT … the same rows, in the same order) TO STDOUT`` into nothing (the raw scan).

It prints both times and their ratio, the peak RSS of the parent and of the largest worker, the
findings by rule and severity, and the recall: every planted anomaly found, no error nobody
planted.

    .venv/bin/python bench/national.py        # 2,200 plants on postgres://postgres@127.0.0.1:5432/tanhe_bench
    .venv/bin/python bench/national.py --plants 300 --db postgres://postgres@127.0.0.1:5432/tanhe_small
    .venv/bin/python bench/national.py --profile   # cProfile of one chunk, top functions

Goals: (a) ≤ 60 s on a 2-core machine and ≤ 3 × (b); memory bounded (chunks, not everything).
"""

from __future__ import annotations

import argparse
import cProfile
import multiprocessing
import os
import pstats
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/tanhe_bench"
# the rows the screening reads, in the order it reads them (tanhe.reports.bulk)
SCANS = {
    "cells": 'SELECT report_id, unit_id, "table", fuel, key, month, value, origin '
    "FROM reports_reportcell WHERE report_id IN ({ids}) ORDER BY report_id, id",
    "daily": "SELECT report_id, unit_id, fuel, day, quantity, ncv, carbon_content, state "
    "FROM reports_dailyfuelrecord WHERE report_id IN ({ids}) ORDER BY report_id, day, id",
    "heat": "SELECT * FROM reports_heatmeasurement WHERE report_id IN ({ids}) "
    "ORDER BY report_id, month, position, id",
    "units": "SELECT u.* FROM plans_planunit u JOIN reports_report r "
    "ON r.plan_version_id = u.version_id WHERE r.id IN ({ids})",
}


def _setup(db: str) -> None:
    os.environ["DATABASE_URL"] = db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django
    import psycopg
    from django.conf import settings

    name = db.rsplit("/", 1)[1]
    with psycopg.connect(db.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    django.setup()
    settings.DEBUG = False  # no query log: memory stays bounded
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _copy_scan(ids: list[int]) -> tuple[float, int, int]:
    """Seconds, rows and bytes of COPY … TO STDOUT of the screened rows, into nothing."""
    from django.db import connection

    start, rows, size = time.perf_counter(), 0, 0
    id_list = ",".join(map(str, ids))
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for sql in SCANS.values():
            with raw.copy(f"COPY ({sql.format(ids=id_list)}) TO STDOUT") as copy:
                for block in copy:
                    size += len(block)
                    rows += bytes(block).count(b"\n")
    return time.perf_counter() - start, rows, size


def _worker_init() -> None:
    from django.db import connections

    connections.close_all()  # never share the parent's socket


def _screen(ids: list[list[int]], workers: int) -> tuple[float, list[Any], Counter[str]]:
    from django.db import connections

    from tanhe.reports.bulk import chunk_findings

    connections.close_all()
    start = time.perf_counter()
    found: list[Any] = []
    counts: Counter[str] = Counter()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers, initializer=_worker_init) as pool:
        for chunk_found, chunk_counts in pool.imap_unordered(chunk_findings, ids):
            found += chunk_found
            counts.update(chunk_counts)
    return time.perf_counter() - start, found, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--plants", type=int, default=2200)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--province", default="990000")
    parser.add_argument("--db", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=50, help="reports per chunk")
    parser.add_argument("--profile", action="store_true", help="cProfile one chunk and stop")
    args = parser.parse_args()
    _setup(args.db)
    from tanhe.checks import registry
    from tanhe.reports import bulk
    from tanhe.synth.generate import generate
    from tanhe.synth.recall import recall

    started = time.perf_counter()
    province = generate(args.plants, args.year, args.seed, args.province,
                        progress=lambda line: print("  generating:", line, flush=True))  # fmt: skip
    took = "reused" if province.reused else f"generated in {time.perf_counter() - started:.1f} s"
    codes = [s.credit_code for s in province.specs]
    ids = bulk.report_ids(enterprise__credit_code__in=codes, year=args.year)
    units = sum(len(s.units) for s in province.specs)
    print(f"province {args.province} seed {args.seed}: {len(ids)} reports, {units} units ({took})")
    chunks = bulk.chunks(ids, args.chunk)
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(bulk.chunk_findings, chunks[0])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        return

    scan, rows, size = _copy_scan(ids)
    print(f"(b) COPY … TO STDOUT of the same rows: {scan:6.2f} s  "
          f"({rows:,} rows, {size / 1e6:.0f} MB)")  # fmt: skip
    screen, found, counts = _screen(chunks, args.workers)
    done = f"{counts['reports']} reports, {counts['units']} units, {counts['refused']} refused"
    print(f"(a) re-account + all checks, {args.workers} workers: {screen:6.2f} s  ({done})")
    print(f"ratio (a)/(b): {screen / scan:.2f}×   goals: (a) ≤ 60 s, ratio ≤ 3×")
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: parent {parent:.0f} MB, largest worker {child:.0f} MB")
    by_rule = Counter((where[4], severity) for where, severity in found)
    print("findings by rule and severity:")
    for (rule, severity), n in sorted(by_rule.items()):
        print(f"  {rule:32s} {severity:8s} {n:6d}")
    result = recall(province.manifest(), found)
    print(f"recall: {result.expected - len(result.missed)}/{result.expected} planted found; "
          f"{len(result.unexpected_errors)} errors nobody planted; other unplanted: "
          f"{dict(result.unexpected_other) or 'none'}")  # fmt: skip
    for where in result.missed:
        print("  MISSED", where)
    for where in result.unexpected_errors[:20]:
        print("  UNPLANTED ERROR", where, registry.get(where[4]).severity.value)
    sys.exit(0 if result.ok else 1)


if __name__ == "__main__":
    main()
