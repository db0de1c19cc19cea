"""Recording refused attempts (rate-limited, so that a flood cannot fill the log)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tanhe.inputs import CONTROL_CHARACTERS
from tanhe.security import throttle
from tanhe.security.clients import UNKNOWN, client_ip
from tanhe.security.models import RefusalReason, RefusedAttempt


def record_refusal(
    request: HttpRequest,
    reason: RefusalReason,
    *,
    detail: str = "",
    province: Any = None,
) -> RefusedAttempt | None:
    """Log a refused request for the authority of ``province`` (default: the province of the
    record the request was about, when the view named it — ``request.refusal_province`` —
    else of the signed-in user's organisation). Returns ``None`` when this client has already
    had its few rows for ``reason`` in the window. Control characters in the path or detail
    (a NUL cannot be stored) are dropped."""
    ip = client_ip(request)
    user = request.user if request.user.is_authenticated else None
    who = f"{getattr(user, 'pk', '')}|{ip}|{reason}"
    if not throttle.hit("refusal.log", who):
        return None
    organisation = getattr(user, "organisation", None)
    if province is None:
        province = getattr(request, "refusal_province", None)
    if province is None and organisation is not None:
        province = organisation.province
    return RefusedAttempt.objects.create(
        actor=user,
        actor_name=str(user) if user is not None else "",
        organisation=organisation,
        province=province,
        ip=ip if ip != UNKNOWN else None,
        method=request.method or "",
        path=CONTROL_CHARACTERS.sub("", request.path)[:200],
        reason=reason,
        detail=CONTROL_CHARACTERS.sub("", detail)[:200],
    )
