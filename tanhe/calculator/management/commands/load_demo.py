"""``manage.py load_demo``: store every ``examples/*.json`` as a calculation, so a fresh demo has
results to show, and build the demo organisations, people and quality control plans
(``tanhe.demo``). Idempotent: a file whose exact bytes are already stored is skipped, and demo data
that exists is left as it is."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tanhe.accounting import InputErrors
from tanhe.calculator import selectors, services


class Command(BaseCommand):
    help = (
        "Load examples/*.json as demo calculations (skips stored and invalid files) and build the "
        "demo organisations, accounts and quality control plans (skips what exists)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir",
            type=Path,
            default=Path(settings.BASE_DIR) / "examples",
            help="directory of tanhe.plant-year/1 files (default: examples/ in the repository)",
        )
        parser.add_argument(
            "--no-plans",
            action="store_true",
            help="only the calculator examples, not the demo organisations and plans",
        )
        parser.add_argument(
            "--no-reports",
            action="store_true",
            help="the demo organisations and plans without their annual reports",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.load_examples(options["dir"])
        if not options["no_plans"]:
            self.load_plans(reports=not options["no_reports"])

    def load_examples(self, directory: Path) -> None:
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
                calculation = services.run_calculation(data, example=True)
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

    def load_plans(self, *, reports: bool = True) -> None:
        try:  # the demo draws its attachments with ReportLab
            from tanhe.demo import DEMO_PASSWORD, build_demo
        except ImportError as exc:
            raise CommandError(
                f"the demo plans need {exc.name}: .venv/bin/pip install reportlab"
            ) from exc
        self.stdout.write("demo organisations, accounts and quality control plans:")
        demo = build_demo(self.stdout.write, reports=reports)
        self.stdout.write(
            self.style.SUCCESS(f"plans built {len(demo.built)}, already loaded {len(demo.kept)}")
        )
        if reports:
            built, kept = len(demo.reports_built), len(demo.reports_kept)
            self.stdout.write(self.style.SUCCESS(f"reports built {built}, already loaded {kept}"))
            self.stdout.write("the 2025 verification campaign:")
            from tanhe.demo.results import build_demo_results

            build_demo_results(self.stdout.write)
        self.stdout.write(f"\ndemo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(login.username) for login in demo.logins)
        for login in demo.logins:
            self.stdout.write(
                f"  {login.username:<{width}}  {login.who}  {login.organisation} · {login.roles}"
            )
        self.stdout.write(
            "\nopening an account with an activation code (激活码): log in as js-admin → "
            "排放单位名录 → 南通海港发电有限公司 发放激活码 → log out → 登录 → 凭激活码开通账号 "
            "(统一社会信用代码 91320600MA1P8TQ3WF). 盐城滨海热电 has a registration under "
            "another name waiting beside its 名录 data."
        )
