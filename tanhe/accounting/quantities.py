"""Exact quantities: every reported value is a ``Decimal``; a float is a programming error.

Floats cannot represent 0.1 exactly, so a single float anywhere in the inputs would make the
engine's results depend on binary noise. The guard is deliberately strict: ``TypeError``.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum


class Mode(StrEnum):
    """How a value was obtained (数据获取方式), as the national form labels each cell."""

    MEASURED = "measured"  # 实测值
    DEFAULT = "default"  # 缺省值
    CALCULATED = "calculated"  # 计算值

    @property
    def label_zh(self) -> str:
        return {"measured": "实测值", "default": "缺省值", "calculated": "计算值"}[self.value]


def require_decimal(value: object, name: str) -> Decimal:
    """Return ``value`` if it is a finite ``Decimal`` (ints are widened); refuse floats.

    >>> require_decimal(Decimal("1.50"), "x")
    Decimal('1.50')
    >>> require_decimal(0.1, "x")
    Traceback (most recent call last):
    ...
    TypeError: x: float 0.1 is not allowed; pass a Decimal or a decimal string
    """
    if type(value) is Decimal:
        if not value.is_finite():
            raise ValueError(f"{name}: {value} is not a finite number")
        return value
    if isinstance(value, float):
        raise TypeError(
            f"{name}: float {value!r} is not allowed; pass a Decimal or a decimal string"
        )
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, Decimal):  # a Decimal subclass
        return require_decimal(Decimal(value), name)
    raise TypeError(f"{name}: expected Decimal, got {type(value).__name__}")


def optional_decimal(value: object, name: str) -> Decimal | None:
    return None if value is None else require_decimal(value, name)


def check_decimal_fields(obj: object, names: tuple[str, ...]) -> None:
    """Validate (and widen ints in) the named dataclass fields of a frozen ``obj``."""
    for name in names:
        value = getattr(obj, name)
        if value is None or type(value) is Decimal:
            if value is not None and not value.is_finite():
                raise ValueError(f"{name}: {value} is not a finite number")
            continue
        object.__setattr__(obj, name, require_decimal(value, name))


ZERO = Decimal(0)
HUNDRED = Decimal(100)
