"""A sheet read as text: each cell's exact text (a number typed as one is read through its
shortest exact representation), the rows up to a limit, and the header checked column by column.
A value is checked by the rule of every entry path (:func:`check_value`)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from tanhe.inputs import InputProblem, InputRefused, strip_blanks

from ..places import Lock
from ..values import cell_value
from .book import LABELS, RowSpec
from .refusals import Problem, WorkbookRejected, term

MAX_ROWS = 5000  # per sheet; a template has a few hundred
RawCell = tuple[Any, str | None]  # a cell as openpyxl reads it: value, data type
Row = tuple[int, list[RawCell]]  # a sheet's row: its number and its cells
CellText = tuple[str, str | None, bool]  # text, problem, is_float (:func:`cell_text`)


def cell_text(value: Any, data_type: str | None) -> CellText:
    """(text, problem, is_float) of a cell value as openpyxl reads it."""
    if value is None:
        return "", None, False
    if data_type == "f":
        return str(value), _("是公式：请“选择性粘贴 → 数值”并设为文本格式后再导入"), False
    if isinstance(value, bool):
        return str(value).upper(), _("不是数字"), False
    if isinstance(value, int):
        return str(value), None, False
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value), _("不是数字"), True
        return format(Decimal(repr(value)), "f"), None, True
    if isinstance(value, datetime | date | time):
        text = value.isoformat() if not isinstance(value, datetime) else str(value)
        return text, _("是日期或时间格式，不是数字（请设为文本格式后重新填写）"), False
    if isinstance(value, Decimal):
        return format(value, "f"), None, False
    return strip_blanks(str(value)), None, False


# Words a refused value: the number rule it breaks, or why its place is not typed here
# (tanhe.reports.problems.rule_text).
Describe = Callable[[InputProblem | Lock], str]


def check_value(
    text: str, spec: RowSpec, decimals: dict[str, int]
) -> tuple[str, InputProblem | None]:
    """The canonical text of an entry, or the problem with it: the rule of every entry path
    (:func:`tanhe.reports.values.cell_value`)."""
    try:
        return cell_value(text, spec.key, spec.row, spec.fuel, decimals), None
    except InputRefused as exc:
        return text, exc.problem


def sheet_rows(ws: Any, max_col: int) -> Iterator[Row]:
    for number, cells in enumerate(ws.iter_rows(max_col=max_col), start=1):
        if number > MAX_ROWS:
            raise WorkbookRejected([Problem(
                _("超过 %(max)s 行，不是本平台的模板") % {"max": MAX_ROWS}, ws.title
            )])  # fmt: skip
        values = [(getattr(c, "value", None), getattr(c, "data_type", None)) for c in cells]
        values += [(None, None)] * (max_col - len(values))
        yield number, values


def find_header(rows: list[Row], sheet: str) -> int:
    """The header row: the first row whose B cell reads 机组名称 (the template's row 6)."""
    for index, (_n, values) in enumerate(rows[:20]):
        if cell_text(*values[1])[0] == LABELS[1]:
            return index
    raise WorkbookRejected([Problem(_(
        "找不到表头（B列为%(label)s的行）：请勿删除或移动表头，请重新下载模板"
    ) % {"label": term(LABELS[1])}, sheet)])  # fmt: skip


def check_head(
    sheet: str, number: int, values: list[RawCell], expected: dict[int, str]
) -> list[Problem]:
    problems = []
    for col, label in expected.items():
        found = cell_text(*values[col - 1])[0]
        month_head = re.fullmatch(r"[0-9]+月", label) is not None
        ok = found.startswith(label) if month_head else found == label
        if month_head and ok:
            ok = found[len(label) :][:1] not in tuple("0123456789")  # "1月" is not "11月"
        if not ok:
            problems.append(Problem(
                _("表头应为%(label)s：请勿插入、删除或移动列，请重新下载模板")
                % {"label": term(label)},
                sheet, number, get_column_letter(col), found,
            ))  # fmt: skip
    return problems
