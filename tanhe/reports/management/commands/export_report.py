"""``manage.py export_report``: a report as ``tanhe.plant-year/1`` with its ``check_data`` — the
file the report page's JSON download gives, which ``tanhe check`` reads.

    manage.py export_report REPORT_ID [-o FILE] [--previous FILE]
    manage.py export_report --credit-code CODE --year YEAR [-o FILE] [--previous FILE]

By credit code and year: the latest version of that enterprise's report for the year. Without
``-o`` the document goes to standard output. ``--previous FILE`` also writes last year's report
(its 终版, else its latest submitted or accepted version), for ``tanhe check --previous``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tanhe.reports import checking
from tanhe.reports.models import Report


class Command(BaseCommand):
    help = "Write a report as tanhe.plant-year/1 with check_data (what `tanhe check` reads)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("report_id", nargs="?", type=int, help="the report's id")
        parser.add_argument("--credit-code", help="the enterprise's 统一社会信用代码")
        parser.add_argument("--year", type=int, help="the data year (with --credit-code)")
        parser.add_argument("-o", "--output", help="write to this file (default: stdout)")
        parser.add_argument("--previous", help="also write last year's report to this file")

    def handle(self, *args: Any, **options: Any) -> None:
        report = _report(options["report_id"], options["credit_code"], options["year"])
        text = checking.to_json(checking.document(report))
        previous = None
        if options["previous"]:
            found = checking.previous_document(report)
            if found is None:
                raise CommandError(
                    f"{report.enterprise.credit_code} 没有 {report.year - 1} 年度已提交且可计算的"
                    f"排放报告 / no submitted report for {report.year - 1} that computes"
                )
            previous = checking.to_json(found)
        if options["output"]:
            _write(options["output"], text)
        else:
            self.stdout.write(text, ending="")
        if previous is not None:
            _write(options["previous"], previous)


def _report(report_id: int | None, credit_code: str | None, year: int | None) -> Report:
    if report_id is not None:
        if credit_code or year:
            raise CommandError(
                "请给出报告编号，或 --credit-code 和 --year，不要同时给出 / "
                "give a report id or --credit-code with --year, not both"
            )
        found = checking.report_by_id(report_id)
        if found is None:
            raise CommandError(f"没有编号为 {report_id} 的排放报告 / no report with id {report_id}")
        return found
    if not credit_code or year is None:
        raise CommandError(
            "请给出报告编号，或 --credit-code 和 --year / give a report id or --credit-code "
            "with --year"
        )
    found = checking.latest_report(credit_code, year)
    if found is None:
        raise CommandError(
            f"统一社会信用代码 {credit_code} 没有 {year} 年度的排放报告 / "
            f"no report of {credit_code} for {year}"
        )
    return found


def _write(name: str, text: str) -> None:
    try:
        Path(name).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"无法写入 {name} / cannot write {name}: {exc.strerror}") from exc
