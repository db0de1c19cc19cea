"""Numbers as people read them: thousands separators on display only (never in inputs, stored
values or exports, which keep the canonical text of ``tanhe.inputs``)."""

from __future__ import annotations

import re
from decimal import Decimal

from django import template

register = template.Library()

_PLAIN = re.compile(r"^(-?)(\d+)(\.\d+)?$")


def grouped_text(value: object) -> str:
    """``"1234567.80"`` → ``"1,234,567.80"``; anything that is not a plain number is returned as
    text unchanged (a blank, "—", a word), so a template can pass every cell through it."""
    if value is None:
        return ""
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    match = _PLAIN.match(text)
    if not match:
        return text
    sign, whole, fraction = match.groups()
    return f"{sign}{int(whole):,}{fraction or ''}"


@register.filter
def grouped(value: object) -> str:
    """Template filter: ``{% load numbers %}{{ value|grouped }}``."""
    return grouped_text(value)
