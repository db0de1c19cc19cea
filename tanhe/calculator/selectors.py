"""Reads of stored calculations (views never build querysets themselves). Who sees what is
decided here: an owner's calculations are that owner's alone; an anonymous one is reached by
its key until it expires; the demo's examples are public."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tanhe.calculator.models import Calculation

RECENT_LIMIT = 20
KEY = re.compile(r"[A-Za-z0-9_-]{1,32}", re.ASCII)  # secrets.token_urlsafe
_HEADLINE_ONLY = ("input_json", "result_json", "parameters")


def _live() -> QuerySet[Calculation]:
    return Calculation.objects.filter(Q(expires_at=None) | Q(expires_at__gt=timezone.now()))


def own_calculations(
    user: Any, session_keys: Iterable[str], limit: int = RECENT_LIMIT
) -> QuerySet[Calculation]:
    """The visitor's own calculations, newest first, headline only: a signed-in user's, or
    the anonymous uploads of this browser session."""
    if user.is_authenticated:
        mine = _live().filter(owner=user)
    else:
        mine = _live().filter(owner=None, is_example=False, key__in=list(session_keys))
    return mine.defer(*_HEADLINE_ONLY)[:limit]


def examples() -> QuerySet[Calculation]:
    """The demo's public examples."""
    return _live().filter(is_example=True).defer(*_HEADLINE_ONLY)


def visible_calculation(key: str, user: Any) -> Calculation:
    """The calculation with ``key`` if ``user`` may see it, else ``Http404`` (the same answer
    for a key that does not exist: nothing is confirmed)."""
    if not KEY.fullmatch(key):  # not a key services.run_calculation could have made
        raise Http404
    calculation = _live().filter(key=key).first()
    if calculation is None:
        raise Http404
    if calculation.owner_id is not None and calculation.owner_id != getattr(user, "pk", None):
        raise Http404
    return calculation


def calculation_exists_for_input(sha256: str) -> bool:
    """Whether the demo already holds an example with this input (load_demo's skip)."""
    return Calculation.objects.filter(input_sha256=sha256, is_example=True).exists()
