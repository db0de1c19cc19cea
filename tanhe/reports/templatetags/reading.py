"""Words around data in the reader's language: Chinese pages put a value in full-width
parentheses（…）, English pages in ASCII ones; months are "12月" / "2025年12月" in Chinese and
named in English ("December 2025", never "month 12, 2025") — tests/web/test_english_pages.py."""

from __future__ import annotations

import calendar

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def in_parens(value: object) -> str:
    """``{{ code|in_parens }}``: "（MF0001）" in Chinese, " (MF0001)" in English."""
    if (get_language() or "").startswith("en"):
        return f" ({value})"
    return f"（{value}）"


def _english() -> bool:
    return (get_language() or "").startswith("en")


@register.filter
def month_name(month: object) -> str:
    """``{{ 12|month_name }}``: "12月" in Chinese, "December" in English (never "month 12")."""
    m = int(str(month))
    return calendar.month_name[m] if _english() else f"{m}月"


@register.filter
def month_short(month: object) -> str:
    """A grid's month column: "12月" / "Dec"."""
    m = int(str(month))
    return calendar.month_abbr[m] if _english() else f"{m}月"


@register.filter
def year_month(month: object, year: object) -> str:
    """``{{ month|year_month:report.year }}``: "2025年12月" / "December 2025"."""
    m = int(str(month))
    return f"{calendar.month_name[m]} {year}" if _english() else f"{year}年{m}月"
