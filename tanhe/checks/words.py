"""The few words the rules' params carry, in both languages: a finding keeps its values as data
(``observed`` "received", months as numbers) and its message reads them in the reader's
language (``{months}`` in Chinese, ``{months_en}`` in English)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable

STATE = {"fired": ("入炉", "as fired"), "received": ("入厂", "as received")}
METHOD = {"measured": ("实测值", "metered"), "settlement": ("结算值", "settlement"),
          "calculated": ("计算值", "calculated"), "default": ("缺省值", "default")}  # fmt: skip
RANK = {"anthracite": ("无烟煤", "anthracite"), "bituminous": ("烟煤", "bituminous"),
        "lignite": ("褐煤", "lignite")}  # fmt: skip
NONE = ("无", "none")


def pair(key: str, words: tuple[str, str]) -> dict[str, str]:
    return {key: words[0], f"{key}_en": words[1]}


def term(key: str, table: dict[str, tuple[str, str]], value: str) -> dict[str, str]:
    """``value`` of ``table`` as ``key`` / ``key_en`` (the value itself when unknown)."""
    return pair(key, table.get(value, (value, value)))


def months(numbers: Iterable[int], key: str = "months") -> dict[str, str]:
    ordered = sorted(set(numbers))
    zh = "、".join(f"{m}月" for m in ordered)
    en = ", ".join(calendar.month_abbr[m] for m in ordered)
    return pair(key, (zh or "–", en or "–"))


def month(number: int | None, key: str = "month") -> dict[str, str]:
    if number is None:
        return pair(key, ("全年", "the year"))
    return pair(key, (f"{number}月", calendar.month_abbr[number]))
