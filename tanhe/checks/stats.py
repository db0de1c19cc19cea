"""Small exact statistics for the rules (Decimal in, Decimal out)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal


def pearson(pairs: Sequence[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Pearson's correlation coefficient of (x, y) pairs; None when either does not vary.

    >>> pearson([(Decimal(1), Decimal(2)), (Decimal(2), Decimal(4)), (Decimal(3), Decimal(6))])
    Decimal('1')
    """
    n = len(pairs)
    if n < 2:
        return None
    mx = sum((x for x, _ in pairs), Decimal(0)) / n
    my = sum((y for _, y in pairs), Decimal(0)) / n
    sxy = sum(((x - mx) * (y - my) for x, y in pairs), Decimal(0))
    sxx = sum(((x - mx) ** 2 for x, _ in pairs), Decimal(0))
    syy = sum(((y - my) ** 2 for _, y in pairs), Decimal(0))
    if not sxx or not syy:
        return None
    return (sxy / (sxx * syy).sqrt()).normalize()
