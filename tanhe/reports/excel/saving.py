"""What to save of a read workbook: only the cells and 确定方式表 records the file changed since it
was downloaded. A value changed on the platform meanwhile is not overwritten by an untouched cell,
and one changed in both places is a conflict (nothing is saved while any remains)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tanhe.accounting.report_form import STATE_KEY, Table

from ..labels import state_label
from .book import TEST_FIELDS, TEST_SHEET, Book, RowSpec, Where
from .reading import CellRead, Parsed, TestRead
from .refusals import Problem


def _conflict(current: str, original: str, spec: RowSpec) -> str:
    def shown(text: str) -> str:
        return (state_label(text) if spec.key == STATE_KEY else text) or _("空")

    return _(
        "下载模板后，平台上的数值已由“%(before)s”改为“%(now)s”，文件中也改动了它："
        "请重新下载模板后再修改"
    ) % {"before": shown(original), "now": shown(current)}  # fmt: skip


def changed_cells(parsed: Parsed, book: Book) -> tuple[list[CellRead], list[Problem]]:
    """The cells the file changed since it was downloaded, and the conflicts with changes made
    on the platform meanwhile. An untouched cell is never saved (it may be newer online)."""
    out: list[CellRead] = []
    problems: list[Problem] = []
    for cell in parsed.cells:
        if cell.text == cell.original:
            continue
        current = book.values.get(cell.place, "")
        auto = cell.place in book.auto
        if current not in (cell.original, cell.text) and not auto:  # an entry changed online
            problems.append(Problem(_conflict(current, cell.original, cell.spec), cell.sheet,
                                    cell.row, cell.column, cell.shown,
                                    Where(*cell.place)))  # fmt: skip
            continue
        if cell.text == current and not auto:
            continue  # already so
        if cell.text == "" and (current == "" or auto):
            continue  # nothing entered to clear
        out.append(cell)
    return out, problems


def changed_tests(parsed: Parsed, book: Book) -> tuple[list[TestRead], list[Problem]]:
    out: list[TestRead] = []
    problems: list[Problem] = []
    for read in parsed.tests:
        if read.values == read.original:
            continue
        current = {k: book.tests.get(read.place, {}).get(k, "") for k in TEST_FIELDS}
        if current not in (read.original, read.values):
            unit, fuel, parameter, month = read.place
            problems.append(Problem(
                _("下载模板后，平台上的这条确定方式记录已被修改，文件中也改动了它：请重新下载模板后再修改"),
                TEST_SHEET, read.row, place=Where(unit, Table.FUEL.value, fuel, parameter, month),
            ))  # fmt: skip
            continue
        if current != read.values:
            out.append(read)
    return out, problems
