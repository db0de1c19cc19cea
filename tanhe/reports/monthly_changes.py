"""What changed in a sealed month since its seal: the month's values (with their mode and source),
files, daily records, heat measurements and 确定方式表 entries, compared with the content sealed
(``services.month_content``), worded for the month page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from tanhe.accounting.report_form import ROW_BY_KEY as FORM_ROWS
from tanhe.accounting.report_form import STATE_KEY, Table

from . import labels, services
from .labels import TEST_PARAMETERS, fuel_name, row_label, state_label, test_parameter
from .models import STATE_VALUES, Mode, MonthFiling, Report


@dataclass
class Difference:
    where: str
    old: str
    new: str


def _content_label(item: Mapping[str, Any]) -> str:
    table, key = item.get("table", ""), item.get("key", "")
    row = FORM_ROWS.get((Table(table), key)) if table in set(Table) else None
    label = row_label(row) if row else (_("燃料状态") if key == STATE_KEY else key)
    parts = [item.get("unit") or _("全厂")]
    if item.get("fuel"):
        parts.append(fuel_name(item["fuel"]))
    parts.append(label)
    return " ".join(parts)


def _cell_text(item: Mapping[str, Any] | None) -> str:
    if item is None or not item.get("value"):
        return "—"
    value = item["value"]
    if value in STATE_VALUES:
        return state_label(value)
    extras = [str(Mode(item["mode"]).label) if item.get("mode") in set(Mode) else ""]
    if item.get("source"):
        extras.append(item["source"])
    extra = "，".join(e for e in extras if e)
    return f"{value}（{extra}）" if extra else value


def changes_since_seal(report: Report, filing: MonthFiling) -> list[Difference]:
    """What differs from the sealed content: values (with mode and source) and files."""
    sealed = filing.content or {}
    now = services.month_content(report, filing.month)

    def by_place(items: list[Mapping[str, Any]]) -> dict[tuple[Any, ...], Mapping[str, Any]]:
        return {(i.get("unit"), i.get("table"), i.get("fuel"), i.get("key")): i for i in items}

    before, after = by_place(sealed.get("cells", [])), by_place(now["cells"])
    out = []
    for place in sorted(set(before) | set(after), key=lambda p: tuple(str(x) for x in p)):
        old, new = before.get(place), after.get(place)
        if _cell_text(old) != _cell_text(new):
            item = new or old
            assert item is not None
            out.append(Difference(_content_label(item), _cell_text(old),
                                  _cell_text(new)))  # fmt: skip
    old_files = {e["sha256"]: e for e in sealed.get("evidence", [])}
    for e in now["evidence"]:
        if e["sha256"] not in old_files:
            out.append(Difference(_content_label(e) + " · " + _("支撑材料"),
                                  "—", e["name"]))  # fmt: skip
    old_daily = sealed.get("daily", [])
    count = _("%(n)s 条")
    if old_daily != now["daily"]:
        out.append(Difference(_("日消耗记录"), count % {"n": len(old_daily)},
                              count % {"n": len(now["daily"])}))  # fmt: skip
    old_heat = sealed.get("heat", [])
    if old_heat != now["heat"]:
        out.append(Difference(_("供热计量"), count % {"n": len(old_heat)},
                              count % {"n": len(now["heat"])}))  # fmt: skip
    out.extend(_test_differences(sealed.get("tests", []), now["tests"]))
    return out


def test_place(item: Mapping[str, Any]) -> str:
    key = test_parameter(item.get("parameter", ""))
    parameter = TEST_PARAMETERS.get(key, key)
    return f"{item.get('unit')} {fuel_name(item.get('fuel', ''))} {parameter}"


def _test_differences(
    sealed: list[Mapping[str, Any]], now: list[Mapping[str, Any]]
) -> list[Difference]:
    """确定方式表 entries that differ from the sealed ones, field by field."""

    def by_place(items: list[Mapping[str, Any]]) -> dict[tuple[Any, ...], Mapping[str, Any]]:
        # a month sealed before the table followed the seed holds 元素碳含量's old key
        return {(i.get("unit"), i.get("fuel"), test_parameter(i.get("parameter", ""))): i
                for i in items}  # fmt: skip

    before, after = by_place(sealed), by_place(now)
    out = []
    for place in sorted(set(before) | set(after), key=lambda p: tuple(str(x) for x in p)):
        old, new = before.get(place, {}), after.get(place, {})
        item = new or old
        for name in services.TEST_FIELDS:
            if str(old.get(name) or "") != str(new.get(name) or ""):
                label = f"{test_place(item)} · {test_field_label(name)}"
                out.append(Difference(label, str(old.get(name) or "—"), str(new.get(name) or "—")))
    return out


def test_field_label(name: str) -> str:
    return labels.test_field_label(name)
