"""The annual report as an Excel workbook: the template (填报模板) the enterprise fills offline, the
full export, and reading a filled template back. No database — the caller
(:mod:`tanhe.reports.excel_services`) describes the report as a :class:`Book` and saves what
:func:`changed_cells` returns. Format and rules: ``docs/report-excel.md``.

One module per job: :mod:`.book` (what the workbook shows: sheets, columns, rows), :mod:`.writing`
(the template and the export), :mod:`.opening` (is it an .xlsx, and this report's?),
:mod:`.cells` (a sheet read as text), :mod:`.reading` (every row and cell checked),
:mod:`.refusals` (why a file is refused) and :mod:`.saving` (what the file changed).

The workbook itself is Chinese in every language (it mirrors the national form, and the import
matches its sheet names and headers); a refusal is worded in the reader's language (gettext),
quoting a Chinese word the file must have with its meaning (“燃料” (Fuel)), and the report's place
of a cell travels as data (:class:`Where`) worded only when shown.

Numbers are **text cells** (number format ``@``) holding the exact decimal string, never floats.
A cell a user turned into a number is read through its shortest exact representation and checked
like any text; a float that does not round-trip to the form's decimals is refused.

Each table sheet has a hidden key column (A: ``机组|燃料|参数``) so that re-import knows the
unit, fuel and parameter of every row, and hidden columns with the values as downloaded, so that
only what the user changed in the file is saved: a value changed on the platform since the
download is not overwritten by an untouched cell, and a value changed in both places is reported
as a conflict.
"""

from .book import (
    FIRST_MONTH_COL,
    HEADER_ROW,
    TABLE_SHEETS,
    TEST_CHOICES,
    TEST_FIELDS,
    TEST_MAX_LENGTH,
    TEST_SHEET,
    Book,
    Identity,
    Place,
    Sheet,
    UnitLayout,
    Where,
    row_specs,
)
from .cells import check_value
from .reading import read_workbook
from .refusals import Problem, WorkbookRejected
from .saving import changed_cells, changed_tests
from .writing import build_export, build_template

__all__ = [
    "FIRST_MONTH_COL",
    "HEADER_ROW",
    "TABLE_SHEETS",
    "TEST_CHOICES",
    "TEST_FIELDS",
    "TEST_MAX_LENGTH",
    "TEST_SHEET",
    "Book",
    "Identity",
    "Place",
    "Problem",
    "Sheet",
    "UnitLayout",
    "Where",
    "WorkbookRejected",
    "build_export",
    "build_template",
    "changed_cells",
    "changed_tests",
    "check_value",
    "read_workbook",
    "row_specs",
]
