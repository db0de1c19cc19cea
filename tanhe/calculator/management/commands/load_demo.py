"""``manage.py load_demo``: store every ``examples/*.json`` as a calculation, so a fresh demo has
results to show. Idempotent: a file whose exact bytes are already stored is skipped."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from tanhe.accounting import InputErrors
from tanhe.calculator import selectors, services


class Command(BaseCommand):
    help = "Load examples/*.json as demo calculations (skips stored and invalid files)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir",
            type=Path,
            default=Path(settings.BASE_DIR) / "examples",
            help="directory of tanhe.plant-year/1 files (default: examples/ in the repository)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["dir"]
        files = sorted(directory.glob("*.json"))
        if not files:
            self.stdout.write(self.style.WARNING(f"no *.json files in {directory}"))
            return
        loaded = skipped = failed = 0
        for path in files:
            data = path.read_bytes()
            if selectors.calculation_exists_for_input(hashlib.sha256(data).hexdigest()):
                skipped += 1
                self.stdout.write(f"  = {path.name}: already loaded")
                continue
            try:
                calculation = services.run_calculation(data)
            except InputErrors as exc:
                # Examples may include deliberately broken files (to demo error messages).
                failed += 1
                self.stdout.write(self.style.WARNING(f"  ! {path.name}: skipped, invalid input"))
                for message in exc.messages("zh")[:5]:
                    self.stdout.write(f"      {message}")
                continue
            loaded += 1
            self.stdout.write(
                f"  + {path.name}: #{calculation.pk} {calculation.year} "
                f"{calculation.enterprise_name} {calculation.total_emissions_tco2} tCO2"
            )
        self.stdout.write(
            self.style.SUCCESS(f"loaded {loaded}, already loaded {skipped}, invalid {failed}")
        )
