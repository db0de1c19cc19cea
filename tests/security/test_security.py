"""tanhe.security: the client's address behind proxies, rate limits, the refusal log."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from tanhe.security import throttle
from tanhe.security.clients import client_ip
from tanhe.security.models import RateCounter, RefusalReason, RefusedAttempt
from tanhe.security.services import record_refusal

rf = RequestFactory()


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no trusted proxy: the header is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the left entry is the client's own claim
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.7", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer hops than proxies: the peer
        (1, "not-an-address", "10.0.0.2"),
        (1, "", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_counts_trusted_proxies_from_the_right(
    settings, proxies, forwarded, expected
):
    settings.TANHE_TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


@pytest.mark.django_db
def test_a_limit_counts_per_key_and_window(settings):
    settings.TANHE_RATE_LIMITS = {"register.ip": (3, 3600)}

    verdicts = [throttle.hit("register.ip", "192.0.2.1") for _ in range(4)]

    assert verdicts == [True, True, True, False]
    assert throttle.blocked("register.ip", "192.0.2.1")
    assert throttle.hit("register.ip", "192.0.2.2")  # another client has its own count
    assert not throttle.blocked("register.ip", "192.0.2.2")
    assert not RateCounter.objects.filter(key__contains="192.0.2").exists()  # keys are hashed


@pytest.mark.django_db
def test_a_new_window_starts_afresh(settings, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    settings.TANHE_RATE_LIMITS = {"register.ip": (1, 60)}
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    assert throttle.hit("register.ip", "a")
    assert not throttle.hit("register.ip", "a")
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(seconds=61))
    assert throttle.hit("register.ip", "a")
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(days=3))
    assert throttle.purge() == 1


@pytest.mark.django_db
def test_refusals_are_logged_a_few_times_per_client_and_reason():
    request = rf.post("/plans/1/submit/", REMOTE_ADDR="198.51.100.3")
    request.user = AnonymousUser()

    rows = [record_refusal(request, RefusalReason.FORBIDDEN) for _ in range(8)]

    assert sum(r is not None for r in rows) == throttle.limit("refusal.log").count == 5
    first = RefusedAttempt.objects.order_by("id").first()
    assert (first.method, first.path, first.ip, first.actor) == (
        "POST",
        "/plans/1/submit/",
        "198.51.100.3",
        None,
    )
    with pytest.raises(RuntimeError):
        first.save()  # rows are only added
