"""The few words the rules' params carry, in both languages: a finding keeps its values as data
(``observed`` "received", months as numbers) and its message reads them in the reader's
language (``{months}`` in Chinese, ``{months_en}`` in English)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable

from tanhe.accounting.report_form import ROW_BY_KEY, Table

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


def _runs(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive months as (first, last) runs: 1, 2, 3, 5 → (1, 3), (5, 5)."""
    runs: list[tuple[int, int]] = []
    for m in sorted(set(numbers)):
        if runs and m == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], m)
        else:
            runs.append((m, m))
    return runs


def months(numbers: Iterable[int], key: str = "months") -> dict[str, str]:
    """Months as the pages write them: "1–3月、5月" / "Jan–Mar, May".

    >>> months([5, 1, 2, 3])
    {'months': '1–3月、5月', 'months_en': 'Jan–Mar, May'}
    """
    runs = _runs(numbers)
    zh = "、".join(f"{a}月" if a == b else f"{a}–{b}月" for a, b in runs)
    abbr = calendar.month_abbr
    en = ", ".join(abbr[a] if a == b else f"{abbr[a]}–{abbr[b]}" for a, b in runs)
    return pair(key, (zh or "–", en or "–"))


def month(number: int | None, key: str = "month") -> dict[str, str]:
    if number is None:
        return pair(key, ("全年", "the year"))
    return pair(key, (f"{number}月", calendar.month_abbr[number]))


# the families of rules as a list names them (registry.Kind)
KINDS = {
    "recalculation": ("复算", "re-calculation"),
    "range": ("合理取值范围", "plausible range"),
    "consistency": ("一致性", "consistency"),
    "priority": ("数据优先序", "data priority"),
    "cross_check": ("交叉核对", "cross-check"),
    "year_over_year": ("年度对比", "year over year"),
    "evidence": ("证据完整性", "evidence integrity"),
    "calibration": ("计量器具校准", "calibration"),
}
# values a finding may name that are no row of the report form
_FIELDS = {
    "total_emissions_tco2": ("二氧化碳排放总量", "total CO2 emissions"),
    "combustion_emissions_tco2": ("化石燃料燃烧排放量", "combustion emissions"),
    "state": ("燃料状态", "fuel state"),
    "volatile_daf": ("干燥无灰基挥发分", "dry-ash-free volatile matter"),
    "capacity_tph": ("锅炉生产能力", "boiler capacity"),
    "gas_class": ("机组类型细分", "gas-unit class"),
    "category": ("机组类别", "unit category"),
    "type": ("机组类型", "unit type"),
    "members": ("合并填报机组", "merged units"),
}


def _lang(words: tuple[str, str], lang: str) -> str:
    return words[1] if lang == "en" else words[0]


def kind_label(kind: str, lang: str = "zh") -> str:
    return _lang(KINDS.get(kind, (kind, kind)), lang)


def field_label(field: str | None, fuel: str | None, lang: str = "zh") -> str:
    """The report form's row a finding's field is (its label in ``lang``); the field itself for
    one the form has no row for."""
    if not field:
        return ""
    if field in _FIELDS:
        return _lang(_FIELDS[field], lang)
    table = Table.FUEL if fuel else Table.PRODUCTION
    key = field
    if field.startswith("electricity_"):
        table, key = Table.ELECTRICITY, field.removeprefix("electricity_")
    row = ROW_BY_KEY.get((table, key))
    return field if row is None else (row.label_en if lang == "en" else row.label_zh)


def month_label(number: int | None, lang: str = "zh") -> str:
    if not number:
        return ""
    return calendar.month_abbr[number] if lang == "en" else f"{number}月"
