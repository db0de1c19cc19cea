"""Checks shared by the freeze tests of plans and reports: what the database lets a draft do and
refuses a frozen version, whatever the services say."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from tanhe.frozen import Freeze

REFUSED = "submitted and cannot be changed"


def refused(action: Callable[[], Any]) -> None:
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        action()


def check_child(model: Any, make: Callable[[int], Any], freeze: Callable[[], None]) -> None:
    """``make(n)`` adds the n-th row to a draft parent, ``freeze()`` freezes the parent: rows come
    and go while it is a draft; once frozen none is added, changed or removed."""
    pk = model._meta.pk.name
    gone = make(1)
    assert model.objects.filter(pk=gone.pk).delete()[0] >= 1
    kept = make(2)
    assert model.objects.filter(pk=kept.pk).update(**{pk: kept.pk}) == 1
    freeze()
    rows = set(model.objects.values_list("pk", flat=True))
    assert kept.pk in rows and gone.pk not in rows
    refused(lambda: make(3))
    refused(lambda: model.objects.filter(pk=kept.pk).update(**{pk: kept.pk}))
    refused(lambda: model.objects.filter(pk=kept.pk).delete())
    assert set(model.objects.values_list("pk", flat=True)) == rows


def check_move(declared: Freeze, parent: Any, before: str, after: str) -> None:
    """A frozen parent's state moves only along its transition table, in the database too."""
    model = type(parent)
    model.objects.filter(pk=parent.pk).update(state=before)
    move = lambda: model.objects.filter(pk=parent.pk).update(state=after)  # noqa: E731
    if before not in declared.states or after == before or after in declared.transitions[before]:
        assert move() == 1
    else:
        refused(move)
        assert model.objects.get(pk=parent.pk).state == before


def flush_with_triggers_aside() -> None:
    """Empty the database. SQLite's flush deletes row by row, which the append-only audit log and
    the frozen-document triggers refuse (PostgreSQL truncates, which row triggers do not see): on
    SQLite the triggers are set aside for the flush and put back unchanged."""
    triggers: list[tuple[str, str]] = []
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
    try:
        call_command("flush", verbosity=0, interactive=False)
    finally:
        with connection.cursor() as cursor:
            for _name, sql in triggers:
                cursor.execute(sql)
