"""Template filters of the plan pages: stored codes as translated labels (``plans.display``)."""

from __future__ import annotations

from typing import Any

from django import template

from tanhe.documents.services import KINDS
from tanhe.plans import display

register = template.Library()
# A stored file's MIME type as the format name users know (PNG, PDF …), the same in any language.
FORMAT_NAMES = {k.mime: "JPEG" if k.key == "jpg" else k.key.upper() for k in KINDS.values()}


@register.filter
def label(value: Any, field: str) -> str:
    """``{{ unit.unit_type|label:"unit_type" }}`` → 燃煤机组."""
    return display.value_label(field, value)


@register.filter
def num(value: Any) -> str:
    """A Decimal as typed (660, not 660.0000)."""
    return display.number(value)


@register.filter
def fuel_name(key: str) -> str:
    return display.fuel_label(key)


@register.filter
def file_format(content_type: str) -> str:
    """``{{ file.content_type|file_format }}`` → PDF (not application/pdf)."""
    return FORMAT_NAMES.get(content_type, content_type)
