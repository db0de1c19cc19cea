"""``manage.py archive_task TASK_ID PATH``: write a verification's archive (the zip of
``services/archive.build_archive``) to PATH, audited as an operator's export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tanhe.verification.models import Task
from tanhe.verification.services.archive import export_archive_by_operator


class Command(BaseCommand):
    help = "Write a verification's archive (zip with manifest.json) to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("task_id", type=int, help="the verification task's id")
        parser.add_argument("path", help="the zip file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        task = Task.objects.filter(pk=options["task_id"]).first()
        if task is None:
            raise CommandError(f"没有编号为 {options['task_id']} 的核查任务 / no such task")
        try:
            data = export_archive_by_operator(task, "manage.py archive_task")
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        Path(options["path"]).write_bytes(data)
        self.stdout.write(f"{options['path']}: {len(data)} bytes")
