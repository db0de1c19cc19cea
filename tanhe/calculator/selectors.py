"""Reads of stored calculations (views never build querysets themselves)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from tanhe.calculator.models import Calculation

RECENT_LIMIT = 20


def recent_calculations(limit: int = RECENT_LIMIT) -> QuerySet[Calculation]:
    """Newest first, without the (large) JSON columns: the list shows only the headline."""
    return Calculation.objects.defer("input_json", "result_json", "parameters")[:limit]


def get_calculation(pk: int) -> Calculation:
    """One calculation, or ``Http404``."""
    return get_object_or_404(Calculation, pk=pk)


def calculation_exists_for_input(sha256: str) -> bool:
    return Calculation.objects.filter(input_sha256=sha256).exists()
