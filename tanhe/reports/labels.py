"""How the report pages name things, in the reader's language: rows, fuels, fuel states, modes,
months. One function per term — every page, message and export asks here (documents in Chinese
call the pure functions these wrap with ``"zh"``)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from tanhe.accounting.fuels import fuel_label
from tanhe.accounting.report_form import Row

from .models import FuelState, Mode

# The two parameters of the 确定方式表 (seed 000 排放报告-确定方式表: "每月低位发热量和单位热值
# 含碳量的确定方式"); a measured month's 单位热值含碳量 is 元素碳含量 ÷ 低位发热量, its row
# describes the element-carbon test.
TEST_PARAMETERS = {
    "ncv": gettext_lazy("低位发热量"),
    "unit_heat_carbon": gettext_lazy("单位热值含碳量"),
}
# The key rows had before the table followed the seed (元素碳含量): sealed months still hold it.
OLD_TEST_PARAMETERS = {"carbon_content": "unit_heat_carbon"}
# The fields of a 确定方式表 row (TestRecord), as every page, message and export names them.
TEST_FIELD_LABELS = {
    "method": gettext_lazy("检测方式"),
    "device": gettext_lazy("检测设备"),
    "frequency": gettext_lazy("检测频次"),
    "calibration_frequency": gettext_lazy("设备校准频次"),
    "standard": gettext_lazy("测定方法标准"),
    "laboratory": gettext_lazy("委托机构名称"),
    "accreditation": gettext_lazy("CMA/CNAS 标识"),
    "report_number": gettext_lazy("报告编号"),
    "sampled_on": gettext_lazy("采样日期"),
    "reported_on": gettext_lazy("报告日期"),
}


def test_parameter(key: str) -> str:
    """A 确定方式表 parameter key as stored now (old ``carbon_content`` → ``unit_heat_carbon``)."""
    return OLD_TEST_PARAMETERS.get(key, key)


def lang() -> str:
    """The engine's language code for the active Django language: "en" or "zh"."""
    return "en" if (get_language() or "").startswith("en") else "zh"


def english() -> bool:
    return lang() == "en"


def row_label(row: Row) -> str:
    return row.label_en if english() else row.label_zh


def fuel_name(key: str) -> str:
    return fuel_label(key, lang())


def state_label(value: str) -> str:
    """入炉 / 入厂 (as fired / as received), or the value itself when it is neither."""
    return str(FuelState(value).label) if value in FuelState.values else value


def mode_label(mode: str) -> str:
    return str(Mode(mode).label) if mode in Mode.values else ""


def in_parens(text: str) -> str:
    """ "（缺省值）" / " (Default)" — a note after a value in the reader's punctuation."""
    return f" ({text})" if english() else f"（{text}）"


def month_name(month: int) -> str:
    """ "3月" / "March" — a month named in a sentence (never "month 3")."""
    return calendar.month_name[month] if english() else f"{month}月"


def year_month(year: int, month: int) -> str:
    """ "2025年3月" / "March 2025"."""
    return f"{calendar.month_name[month]} {year}" if english() else f"{year}年{month}月"


def month_label(month: int) -> str:
    """ "3月" / "Mar" — a month as the tables and messages name it."""
    return calendar.month_abbr[month] if english() else f"{month}月"


def unit_name(name: str | None) -> str:
    """A unit's name; ``None`` is the plant (全厂)."""
    return name if name is not None else _("全厂")


def listed(items: Iterable[str]) -> str:
    """Names in a row, as the reader's language lists them: "烟煤、柴油" / "Bituminous, Diesel"."""
    return _("、").join(items)


def months_text(months: Iterable[int]) -> str:
    """ "全年" / "whole year" for all twelve; else "1月、3月" / "Jan, Mar"."""
    chosen = sorted(months)
    if chosen == list(range(1, 13)):
        return _("全年")
    return listed(month_label(m) for m in chosen)


def test_row_words(unit: str, fuel: str, parameter: str, month: int) -> str:
    """A row of the 确定方式表 in words: "1号机组 烟煤 低位发热量 3月"."""
    label = TEST_PARAMETERS.get(test_parameter(parameter), parameter)
    return " ".join((unit, fuel_name(fuel), str(label), month_label(month)))


def test_field_label(name: str) -> str:
    return str(TEST_FIELD_LABELS.get(name, name))


def test_basis(parameter: str, tested: bool) -> str:
    """How a month's value of the 确定方式表 is determined, in words: 低位发热量 实测值;
    单位热值含碳量 元素碳含量（实测）÷ 低位发热量 (seed 000 燃料信息表: 单位热值含碳量=元素碳含量/
    低位发热量) — the row is then required; otherwise the form takes a default (缺省值) or the
    month has no consumption, and the row may stay empty (``completeness.tested`` decides)."""
    if not tested:
        return _("非实测（缺省值或无消耗），可不填")
    if test_parameter(parameter) == "ncv":
        return _("实测值")
    return _("元素碳含量（实测）÷ 低位发热量")


def table_label(table: str) -> str:
    """A table of the report form in the reader's language (燃料信息表 / Fuel table …)."""
    labels = {
        "fuel": _("燃料信息表"),
        "electricity": _("购入使用电量表"),
        "production": _("生产数据表"),
    }
    return labels.get(str(table), str(table))
