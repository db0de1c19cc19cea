"""``manage.py purge_expired``: delete what is kept only for a while — anonymous calculator
uploads past their keeping time and rate-limit counters of windows long over. Run it daily
(cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tanhe.calculator.services import purge_expired
from tanhe.security import throttle


class Command(BaseCommand):
    help = "Delete expired anonymous calculations and old rate-limit counters."

    def handle(self, *args: Any, **options: Any) -> None:
        calculations = purge_expired()
        counters = throttle.purge()
        self.stdout.write(f"deleted {calculations} calculations, {counters} rate counters")
