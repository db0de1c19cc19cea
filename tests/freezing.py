"""Checks shared by the freeze tests of plans and reports: what the database lets a draft do and
refuses a frozen version, whatever the services say."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError, transaction

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
