"""Rate limits: how many hits one client or one account may make in a window, all listed here.

A fixed window per key, counted in the database (:class:`RateCounter`). Keys are hashed, so the
table holds no addresses or account names. ``TANHE_RATE_LIMITS`` overrides a limit by name.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tanhe.security.models import RateCounter


@dataclass(frozen=True)
class Limit:
    name: str
    count: int  # hits allowed per window
    seconds: int  # the window


DEFAULT_LIMITS = {
    limit.name: limit
    for limit in (
        # Failed logins from one address over every account. django-axes limits each account
        # per address (five failures lock that pair): no limit counts an account over every
        # address, since whoever can exceed it could lock a plant out of its own account.
        Limit("login.ip", 30, 15 * 60),
        Limit("register.ip", 10, 60 * 60),
        Limit("activate.ip", 10, 15 * 60),
        Limit("registration_lookup.ip", 20, 15 * 60),
        Limit("calculator.ip", 30, 10 * 60),
        Limit("calculator.user", 60, 10 * 60),
        # Refused attempts written to the log per client and reason (the rest are counted only).
        Limit("refusal.log", 5, 10 * 60),
    )
}


def limit(name: str) -> Limit:
    overrides: dict[str, tuple[int, int]] = getattr(settings, "TANHE_RATE_LIMITS", {})
    if name in overrides:
        count, seconds = overrides[name]
        return Limit(name, count, seconds)
    return DEFAULT_LIMITS[name]


def _key(name: str, who: str) -> str:
    return f"{name}:{hashlib.sha256(who.encode()).hexdigest()[:40]}"


def _window(now: datetime, seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def hit(name: str, who: str) -> bool:
    """Count one hit of ``who`` against limit ``name``; ``False`` once over the limit."""
    rule = limit(name)
    key = _key(name, who)
    start = _window(timezone.now(), rule.seconds)
    with transaction.atomic():
        try:
            with transaction.atomic():
                RateCounter.objects.get_or_create(
                    key=key, defaults={"window_start": start, "count": 0}
                )
        except IntegrityError:  # another worker created it a moment ago
            pass
        # Each UPDATE locks the row: a concurrent hit waits, then finds the window already new
        # (so it does not reset it again) and adds its own one.
        RateCounter.objects.filter(key=key, window_start__lt=start).update(
            window_start=start, count=0
        )
        RateCounter.objects.filter(key=key).update(count=F("count") + 1)
        count = RateCounter.objects.filter(key=key).values_list("count", flat=True).first()
    return (count or 0) <= rule.count


def blocked(name: str, who: str) -> bool:
    """Whether ``who`` is over limit ``name`` in the current window (without counting a hit)."""
    rule = limit(name)
    start = _window(timezone.now(), rule.seconds)
    count = (
        RateCounter.objects.filter(key=_key(name, who), window_start=start)
        .values_list("count", flat=True)
        .first()
    )
    return (count or 0) >= rule.count


def purge(older_than: timedelta = timedelta(days=1)) -> int:
    """Delete counters whose window ended long ago; returns how many."""
    deleted, _ = RateCounter.objects.filter(window_start__lt=timezone.now() - older_than).delete()
    return deleted
