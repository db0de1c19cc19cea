"""Refused state-changing requests go to the refusal log, whichever view refused them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from tanhe.security.models import RefusalReason
from tanhe.security.services import record_refusal

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
REASON_BY_STATUS = {403: RefusalReason.FORBIDDEN, 404: RefusalReason.NOT_FOUND}


class RefusalLogMiddleware:
    """After the view: a POST (or other unsafe method) answered 403 or 404 is logged."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        reason = REASON_BY_STATUS.get(response.status_code)
        if reason is not None and request.method not in SAFE_METHODS:
            record_refusal(request, reason)
        return response
