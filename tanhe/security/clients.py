"""The client's address — one rule for django-axes, the rate limits and the refusal log.

Behind ``TANHE_TRUSTED_PROXIES`` reverse proxies that each append the address they saw to
``X-Forwarded-For`` (nginx ``$proxy_add_x_forwarded_for``), the client is the entry that many
places from the right: entries further left were written by the client itself and can be forged.
With no trusted proxy (the default), the header is ignored and ``REMOTE_ADDR`` is the client.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

UNKNOWN = "0.0.0.0"  # a placeholder address, never bound


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent ``request`` (see the module docstring)."""
    proxies = int(getattr(settings, "TANHE_TRUSTED_PROXIES", 0))
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies and (address := _address(hops[-proxies])):
            return address
    return _address(request.META.get("REMOTE_ADDR", "")) or UNKNOWN


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None
