"""版本比较: two versions of one year's report, value by value — the changed cells of the three
tables in the form's order, then the contact, the split of purchased electricity and the files
(from ``selectors.report_content`` of each version)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from tanhe.accounting.report_form import ROW_BY_KEY as FORM_ROWS
from tanhe.accounting.report_form import ROWS, STATE_KEY, Table

from .labels import fuel_name, in_parens, mode_label, row_label, state_label, table_label
from .models import EvidenceKind, Mode
from .templatetags.numbers import grouped_text


@dataclass(frozen=True)
class DiffRow:
    table: str
    unit: str
    fuel: str
    month: int | None
    field: str
    old: str
    new: str


def _cell_text(cell: Mapping[str, Any] | None) -> str:
    if cell is None:
        return ""
    if cell["key"] == STATE_KEY:
        return state_label(cell["value"])
    value = grouped_text(cell["value"])  # shown only, never exported
    mode = mode_label(cell.get("mode") or "")
    return f"{value}{in_parens(mode)}" if mode and cell.get("mode") == Mode.DEFAULT else value


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[DiffRow]:
    """Changed values between two versions' ``selectors.report_content``, in table order."""

    def index(content: Mapping[str, Any]) -> dict[tuple[Any, ...], Mapping[str, Any]]:
        return {
            (c["table"], c["unit"], c["fuel"], c["key"], c["month"]): c for c in content["cells"]
        }

    a, b = index(old), index(new)
    order = {t.value: i for i, t in enumerate(Table)}
    row_order = {(t.value, r.key): i for t, rows in ROWS.items() for i, r in enumerate(rows)}
    rows = []
    for place in sorted(
        set(a) | set(b),
        key=lambda p: (order.get(p[0], 9), p[1], p[2], p[4], row_order.get((p[0], p[3]), -1)),
    ):
        ca, cb = a.get(place), b.get(place)
        if (
            ca is not None
            and cb is not None
            and (ca["value"], ca["mode"]) == (cb["value"], cb["mode"])
        ):
            continue
        table, unit, fuel, key, month = place
        row = FORM_ROWS.get((Table(table), key))
        label = row_label(row) if row else (str(_("燃料状态")) if key == STATE_KEY else key)
        rows.append(
            DiffRow(table_label(table), unit, fuel_name(fuel) if fuel else "", month, label,
                    _cell_text(ca), _cell_text(cb))
        )  # fmt: skip
    rows += _other_changes(old, new)
    return rows


def _other_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[DiffRow]:
    rows = []
    basic = str(_("基本信息"))
    labels = {"person": _("报告联系人"), "phone": _("联系电话"), "email": _("电子邮箱")}
    for key, label in labels.items():
        if old["contact"][key] != new["contact"][key]:
            a, b = old["contact"][key], new["contact"][key]
            rows.append(DiffRow(basic, "", "", None, str(label), a, b))
    if old["split_purchased_electricity"] != new["split_purchased_electricity"]:
        yes, no = str(_("是")), str(_("否"))
        rows.append(
            DiffRow(table_label(Table.ELECTRICITY.value), str(_("全厂")), "", None,
                    str(_("外购电量无法分机组，按机组数目平分")),
                    yes if old["split_purchased_electricity"] else no,
                    yes if new["split_purchased_electricity"] else no)
        )  # fmt: skip
    allocated_a, allocated_b = old.get("allocated_fuels", []), new.get("allocated_fuels", [])
    for fuel in sorted(set(allocated_a) ^ set(allocated_b)):  # seed 000 机组信息 说明 c)
        yes, no = str(_("是")), str(_("否"))
        rows.append(
            DiffRow(table_label(Table.FUEL.value), str(_("全厂")), fuel_name(fuel), None,
                    str(_("辅助燃料按机组发电量分配")),
                    yes if fuel in allocated_a else no, yes if fuel in allocated_b else no)
        )  # fmt: skip
    files_a = {(e["kind"], e["sha256"]): e for e in old["evidence"]}
    files_b = {(e["kind"], e["sha256"]): e for e in new["evidence"]}
    material = str(_("材料上传"))
    for place in sorted(set(files_a) ^ set(files_b)):
        kind = str(EvidenceKind(place[0]).label) if place[0] in EvidenceKind.values else place[0]
        a, b = files_a.get(place), files_b.get(place)
        rows.append(
            DiffRow(material, "", "", None, kind,
                    f"{a['name']}（SHA-256 {a['sha256'][:12]}…）" if a else "",
                    f"{b['name']}（SHA-256 {b['sha256'][:12]}…）" if b else "")
        )  # fmt: skip
    return rows
