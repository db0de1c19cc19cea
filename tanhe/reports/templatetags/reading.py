"""Punctuation around data in the reader's language: Chinese pages put a value in full-width
parentheses（…）, English pages in ASCII ones — so that no English page shows full-width
punctuation (tests/web/test_english_pages.py)."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def in_parens(value: object) -> str:
    """``{{ code|in_parens }}``: "（MF0001）" in Chinese, " (MF0001)" in English."""
    if (get_language() or "").startswith("en"):
        return f" ({value})"
    return f"（{value}）"
