"""Background tasks (Django's Tasks API): the screening's worker body is
:func:`tanhe.authority.screening.process`."""

from __future__ import annotations

from django_tasks import task

from . import screening


@task()
def screen(run_id: int) -> None:
    screening.process(run_id)
