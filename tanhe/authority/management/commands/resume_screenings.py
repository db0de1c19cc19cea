"""Re-queue the screenings whose worker died (scripts/demo.sh runs it as its worker starts)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tanhe.authority import services


class Command(BaseCommand):
    help = "Re-queue screenings whose worker stopped reporting (all running ones with --all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="a lone worker is starting: every screening still running has lost its worker",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        resumed = services.resume_stale(older_than=0 if options["all"] else None)
        self.stdout.write(f"resumed {len(resumed)} screening(s)")
