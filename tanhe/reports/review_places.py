"""Where an authority's comment is attached, the one place that knows: a section of the report
(``table``: 燃料信息表, 确定方式表 … — the editor's section keys), optionally a row of a number
table, a unit (and fuel) and a month. Read by the review page's comment form (the choices and
what a post means), the service that saves the comment (``services.review.comment``), the
summaries that list comments and the plant's number tables that mark the commented cells.

A component left out means "any": a comment on 燃料信息表 消耗量 without a unit concerns that row
of every block.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanhe.accounting.report_form import MONTHS, ROWS, STATE_KEY, Table
from tanhe.accounting.report_form import ROW_BY_KEY as FORM_ROWS
from tanhe.plans.models import PlanUnit

from . import calculation
from .labels import fuel_name, month_label, row_label, table_label
from .models import Report, ReportComment, ReportState

# The sections a comment may name (the editor's keys; the review page's anchors are r-<key>).
SECTIONS: dict[str, Any] = {
    "basic": gettext_lazy("企业基本信息"),
    "fuel": gettext_lazy("燃料信息表"),
    "electricity": gettext_lazy("购入使用电量表"),
    "production": gettext_lazy("生产数据表"),
    "tests": gettext_lazy("确定方式表"),
    "facilities": gettext_lazy("生产设施表"),
    "summary": gettext_lazy("信息汇总表"),
    "evidence": gettext_lazy("材料"),
}
GRID_TABLES = frozenset(t.value for t in Table)


@dataclass(frozen=True)
class CommentPlace:
    table: str
    row_key: str = ""
    unit: PlanUnit | None = None
    fuel: str = ""
    month: int | None = None


# -- the form's choices ---------------------------------------------------------------------------
def row_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The rows of the three number tables, grouped by table: ``table:key`` → label."""
    groups = []
    for table in Table:
        rows = [(f"{table.value}:{STATE_KEY}", str(_("燃料状态")))] if table is Table.FUEL else []
        rows += [(f"{table.value}:{r.key}", row_label(r)) for r in ROWS[table]]
        groups.append((table_label(table.value), rows))
    return groups


def block_choices(report: Report) -> list[tuple[str, str]]:
    """A unit (``u<pk>``) or a unit's fuel (``u<pk>:<fuel>``) of the report."""
    out = []
    for unit in calculation.reporting_units(report):
        out.append((f"u{unit.pk}", unit.name))
        out += [(f"u{unit.pk}:{f}", f"{unit.name} {fuel_name(f)}") for f in unit.fuel_names]
    return out


def month_choices() -> list[tuple[str, str]]:
    return [(str(m), month_label(m)) for m in MONTHS]


# -- a post read --------------------------------------------------------------------------------
def parse(report: Report, data: Mapping[str, str]) -> CommentPlace:
    """The place posted (fields ``table``, ``row``, ``block``, ``month``); a ValidationError
    naming the field otherwise."""
    table = data.get("table", "")
    if table not in SECTIONS:
        raise ValidationError({"table": _("请选择意见针对的表")})
    row_key = _row(table, data.get("row", ""))
    unit, fuel = _block(report, table, data.get("block", ""))
    month_text = data.get("month", "")
    month = None
    if month_text:
        if not month_text.isascii() or not month_text.isdigit() or int(month_text) not in MONTHS:
            raise ValidationError({"month": _("月份须为 1–12 月之一")})
        month = int(month_text)
    return CommentPlace(table, row_key, unit, fuel, month)


def _row(table: str, value: str) -> str:
    if not value:
        return ""
    row_table, _sep, key = value.partition(":")
    known = key == STATE_KEY and row_table == Table.FUEL
    if not known and (row_table not in GRID_TABLES or (Table(row_table), key) not in FORM_ROWS):
        raise ValidationError({"row": _("所选的行不存在")})
    if row_table != table:
        raise ValidationError(
            {"row": _("所选的行属于%(t)s，不属于所选的表") % {"t": table_label(row_table)}}
        )
    return key


def _block(report: Report, table: str, value: str) -> tuple[PlanUnit | None, str]:
    if not value:
        return None, ""
    unit_part, _sep, fuel = value.partition(":")
    units = {f"u{u.pk}": u for u in calculation.reporting_units(report)}
    unit = units.get(unit_part)
    if unit is None or (fuel and fuel not in unit.fuel_names):
        raise ValidationError({"block": _("所选的机组或燃料不在本报告中")})
    if fuel and table not in (Table.FUEL, "tests"):
        fuel = ""  # the other tables have no fuel blocks: the unit is the place
    return unit, fuel


# -- a comment's place in words and as a link ------------------------------------------------------
def words(comment: ReportComment) -> str:
    """ "燃料信息表 · 1号机组 烟煤 · 消耗量 · 3月" ("" for the overall 退回补正 reason)."""
    if not comment.table:
        return ""
    parts = [str(SECTIONS.get(comment.table, comment.table))]
    block = " ".join(p for p in (comment.unit.name if comment.unit else "",
                                 fuel_name(comment.fuel) if comment.fuel else "") if p)  # fmt: skip
    if block:
        parts.append(block)
    if comment.row_key:
        parts.append(_row_words(comment.table, comment.row_key))
    if comment.month:
        parts.append(month_label(comment.month))
    return " · ".join(parts)


def _row_words(table: str, key: str) -> str:
    if key == STATE_KEY:
        return str(_("燃料状态"))
    row = FORM_ROWS.get((Table(table), key)) if table in GRID_TABLES else None
    return row_label(row) if row else key


def anchor(comment: ReportComment) -> str:
    """The block a comment concerns on a number table's page (``BlockView.anchor``)."""
    if comment.table in GRID_TABLES and comment.unit_id:
        return f"block-{comment.unit_id}-{comment.fuel or 'all'}"
    return ""


def editor_url(comment: ReportComment, report: Report) -> str:
    """Where the plant sees the comment: its place in the editor of ``report``."""
    url = reverse("reports:edit", args=[report.pk, comment.table])
    return url + f"#comment-{comment.pk}"


# -- who sees which ------------------------------------------------------------------------------
def visible_to_plant(comments: Iterable[ReportComment]) -> list[ReportComment]:
    """A comment is the plant's to read once its version is decided (退回补正 or 通过); the
    reviewer's comments on a version still waiting are his notes until then."""
    return [c for c in comments if c.report.state != ReportState.SUBMITTED]


def pending(report: Report) -> list[ReportComment]:
    """The reviewer's comments at places of a version not yet decided (the review page)."""
    return list(
        report.comments.exclude(table="")
        .select_related("author", "author__organisation", "report", "unit")
        .order_by("created_at", "id")
    )


# -- the plant's number tables: the commented cells marked -----------------------------------------
def mark(table: Any, comments: Iterable[ReportComment]) -> list[ReportComment]:
    """Attach each comment on ``table`` (a ``table_display.TableView``) to the cells, rows or
    blocks it concerns; the comments on this table, in order."""
    mine = [c for c in comments if c.table == table.table.value]
    for comment in mine:
        for block in table.blocks:
            if not _block_matches(comment, block):
                continue
            if not comment.row_key:
                block.comments.append(comment)
                continue
            for row in block.rows:
                if row.row.key == comment.row_key:
                    _mark_row(comment, row.cells, row)
            if comment.row_key == STATE_KEY and block.states:
                _mark_row(comment, block.states, None)
    return mine


def _block_matches(comment: ReportComment, block: Any) -> bool:
    unit_pk = block.unit.pk if block.unit else None
    if comment.unit_id is not None and comment.unit_id != unit_pk:
        return False
    return not comment.fuel or comment.fuel == block.fuel


def _mark_row(comment: ReportComment, cells: list[Any], row: Any) -> None:
    if comment.month is None:
        if row is not None:
            row.comments.append(comment)
        else:
            for cell in cells:
                cell.comments.append(comment)
        return
    for cell in cells:
        if cell.month == comment.month:
            cell.comments.append(comment)
