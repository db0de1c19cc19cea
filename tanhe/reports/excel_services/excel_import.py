"""Importing a filled Excel template (or full export): the zip checked, every cell read and
checked, only what the file changed saved — all or nothing, in one transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from tanhe.accounting.report_form import Table
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.documents.archives import NOT_ZIP, ArchiveRejected, check_archive

from .. import calculation, services
from ..excel.book import TEST_SHEET, Where
from ..excel.reading import read_workbook
from ..excel.refusals import Problem, WorkbookRejected
from ..excel.saving import changed_cells, changed_tests
from ..models import Report
from ..problems import rule_text
from ._common import Imported, _audit, _cell_inputs, _guard, _save_cells, _size, upload_limit
from .workbook import book_for


def import_excel(*, actor: User, report: Report, data: bytes, name: str) -> Imported:
    """Import a filled template: every cell checked, only what the file changed saved, all or
    nothing. Raises :class:`~tanhe.reports.excel.refusals.WorkbookRejected` listing every
    problem."""
    report = _guard(actor, report)
    _size(data, name, upload_limit("excel"))
    try:
        check_archive(data, name)  # the one zip check, before openpyxl inflates anything
    except ArchiveRejected as exc:
        if exc.reason != NOT_ZIP:  # not a zip: read_workbook says what it is instead
            raise WorkbookRejected([Problem(str(exc))]) from None
    book = book_for(report)
    parsed = read_workbook(data, name, book, describe=rule_text)
    cells, problems = changed_cells(parsed, book)
    tests, conflicts = changed_tests(parsed, book)
    if problems or conflicts:
        raise WorkbookRejected(problems + conflicts)
    units = {u.name: u for u in calculation.reporting_units(report)}
    done = Imported(len(cells), len(tests), 0, parsed.ignored)
    with transaction.atomic():
        _save_cells(actor, report, _cell_inputs(report, [(c.place, c.text) for c in cells]))
        refused: list[Problem] = []
        for t in tests:
            unit, fuel, parameter, month = t.place
            data_ = {k: (v or None) if k in ("sampled_on", "reported_on") else v
                     for k, v in t.values.items()}  # fmt: skip
            try:
                services.save_test_record(actor=actor, report=report, unit=units[unit], fuel=fuel,
                                          parameter=parameter, month=month, data=data_)  # fmt: skip
            except ValidationError as exc:
                where = Where(unit, Table.FUEL.value, fuel, parameter, month)
                refused += [Problem(m, TEST_SHEET, t.row, place=where) for m in exc.messages]
        if refused:
            raise WorkbookRejected(refused)
        if done.changed:
            _audit(actor, report, Action.REPORT_IMPORT_EXCEL, name, data, done)
    return done
