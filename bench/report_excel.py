"""Benchmark: importing a filled Excel template of a full year (12 months) of a 3-unit plant
(each unit burning bituminous coal and diesel): 792 input values, every one changed.

    DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python bench/report_excel.py             # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \\
        DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python bench/report_excel.py         # PostgreSQL
    … --rounds 5 --profile                                                            # options

Creates a throw-away test database (as the test runner does), builds the report, downloads the
template, fills every white cell with openpyxl, then times ``excel_services.import_excel``
(read + check every cell + save all-or-nothing) in a rolled-back transaction per round, so
every round imports the same 792 changes into the same empty report. Prints best and median
in ms, and the split between reading the workbook and saving.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile one round")
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args: argparse.Namespace) -> None:
    from openpyxl import load_workbook

    from tanhe.accounts.models import Province
    from tanhe.reports import excel_services
    from tanhe.reports.excel.reading import read_workbook
    from tanhe.reports.problems import rule_text
    from tests.plans.conftest import make_enterprise, make_user
    from tests.reports.test_excel import fill_every_input, saved, three_unit_report

    province = Province.objects.create(code="320000", name="江苏省")
    enterprise = make_enterprise(province, "91110000MA0123456P", "示例发电有限公司")
    filer = make_user(enterprise, enterprise.credit_code, "enterprise_filer",
                      is_enterprise_account=True)  # fmt: skip
    report = three_unit_report(filer, enterprise)
    wb = load_workbook(io.BytesIO(excel_services.template_bytes(report)))
    typed = fill_every_input(wb)
    data = saved(wb)
    print(f"workbook: {len(data)} bytes, {len(typed)} values typed, {connection.vendor}")

    def once() -> tuple[float, float]:
        started = time.perf_counter()
        book = excel_services.book_for(report)
        read_workbook(data, "full.xlsx", book, describe=rule_text)
        read = time.perf_counter() - started
        started = time.perf_counter()
        try:
            with transaction.atomic():
                done = excel_services.import_excel(actor=filer, report=report, data=data,
                                                   name="full.xlsx")  # fmt: skip
                assert done.cells == len(typed), done
                raise Rollback
        except Rollback:
            pass
        return read, time.perf_counter() - started

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        once()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)

    def insert_only() -> float:
        """A lower bound for the save: the same rows in one bulk INSERT (rolled back)."""
        from tanhe.reports.models import ReportCell

        book = excel_services.book_for(report)
        parsed = read_workbook(data, "full.xlsx", book, describe=rule_text)
        units = {u.name: u.pk for u in report.plan_version.units.all()}
        rows = [
            ReportCell(report=report, unit_id=units.get(c.place[0]), table=c.place[1],
                       fuel=c.place[2], key=c.place[3], month=c.place[4], value=c.text,
                       mode="measured")
            for c in parsed.cells
            if c.text
        ]  # fmt: skip
        started = time.perf_counter()
        try:
            with transaction.atomic():
                ReportCell.objects.bulk_create(rows)
                raise Rollback
        except Rollback:
            pass
        return time.perf_counter() - started

    rounds = [once() for _ in range(args.rounds)]
    bulk = [insert_only() * 1000 for _ in range(args.rounds)]
    reads = [r * 1000 for r, _ in rounds]
    totals = [t * 1000 for _, t in rounds]
    print(f"read + check only: best {min(reads):.0f} ms, median {statistics.median(reads):.0f} ms")
    print(f"import (read, check, save {len(typed)} values): best {min(totals):.0f} ms, "
          f"median {statistics.median(totals):.0f} ms over {len(totals)} rounds")  # fmt: skip
    print(f"for comparison, one bulk INSERT of the same rows: best {min(bulk):.0f} ms "
          "(services.save_cells inserts one row at a time)")  # fmt: skip


if __name__ == "__main__":
    main()
