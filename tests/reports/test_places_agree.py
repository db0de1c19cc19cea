"""One rule for which places of a report may be typed (tanhe.reports.places), asked by every
entry path: the number tables' page, the Excel template, the monthly 存证 page and the services
agree place by place on the demo's draft reports — sealed months (贾汪), a 合并填报 row with its
members' hours (锡东), and, added here, a month of daily records and a month of 供热计量.

The demo is built once for the module (inside a transaction rolled back at the end)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import transaction
from openpyxl import load_workbook

from tanhe.accounting.report_form import MONTHS, Table
from tanhe.accounts.models import Organisation
from tanhe.demo import build_demo
from tanhe.demo.enterprises import JIAWANG, XIDONG, EnterpriseSpec
from tanhe.demo.reports import DATA_YEAR
from tanhe.reports import (
    calculation,
    excel,
    excel_services,
    monthly_display,
    selectors,
    services,
    table_display,
)
from tanhe.reports.models import Report
from tanhe.reports.places import Lock, Place
from tanhe.reports.services import CellErrors, CellInput, DailyInput, HeatInput

pytestmark = pytest.mark.django_db
OPEN_MONTH = 11  # neither demo draft has sealed November


def _report(spec: EnterpriseSpec) -> Report:
    org = Organisation.objects.get(credit_code=spec.organisation["credit_code"])
    return Report.objects.get(enterprise=org, year=DATA_YEAR)


@pytest.fixture(scope="module")
def reports(django_db_setup, django_db_blocker):
    """The demo, and in 锡东's November a month of daily records and of 供热计量."""
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        xidong = _report(XIDONG)
        filer = xidong.enterprise.users.get(is_enterprise_account=True)
        chp = next(u for u in calculation.reporting_units(xidong) if u.is_merged)
        fuel = chp.fuel_names[0]
        day = date(DATA_YEAR, OPEN_MONTH, 3)
        services.save_daily_records(actor=filer, report=xidong, unit=chp, fuel=fuel,
                                    month=OPEN_MONTH, rows=[DailyInput(day, "1000.00")])  # fmt: skip
        services.save_heat_measurements(
            actor=filer, report=xidong, unit=chp, month=OPEN_MONTH,
            rows=[HeatInput("steam", "1000", "2800")],
        )  # fmt: skip
        yield {"jiawang": _report(JIAWANG), "xidong": _report(XIDONG)}
        transaction.set_rollback(True)


def _page(report: Report) -> dict[Place, bool]:
    sealed = selectors.sealed_months(report)
    out = {}
    for table in Table:
        view = table_display.table_view(report, table, result=None, sealed=sealed)
        for cell in view.cells():
            out[cell.place] = cell.editable
    return out


def _workbook(report: Report) -> dict[Place, bool]:
    book = excel_services.book_for(report)
    wb = load_workbook(io.BytesIO(excel.build_template(book)))
    out = {}
    for table, title in excel.TABLE_SHEETS.items():
        ws = wb[title]
        for row in ws.iter_rows(min_row=excel.HEADER_ROW + 1):
            key = row[0].value
            if not key:
                continue
            unit_name, fuel, row_key = key.split("|")
            unit = book.unit_ids.get(unit_name) if unit_name else None
            for month in MONTHS:
                cell = row[excel.FIRST_MONTH_COL + month - 2]
                out[Place(unit, table.value, fuel, row_key, month)] = not cell.protection.locked
    return out


@pytest.mark.parametrize("which", ["jiawang", "xidong"])
def test_the_page_and_the_excel_template_ask_the_same_rule(reports, which):
    report = reports[which]
    rules = selectors.place_rules(report)
    page, workbook = _page(report), _workbook(report)
    kinds = {rules.lock(p) for p in page}
    expected = {"jiawang": {Lock.SEALED, None},
                "xidong": {Lock.DAILY, Lock.HEAT, Lock.MERGED_HOURS, None}}[which]  # fmt: skip
    assert expected <= kinds
    for place, editable in page.items():
        assert editable == (rules.lock(place) is None), place
    shared = page.keys() & workbook.keys()
    assert len(shared) > 200
    disagree = [p for p in shared if page[p] != workbook[p]]
    assert disagree == []


def test_the_monthly_page_shows_derived_rows_read_only(reports):
    report = reports["xidong"]
    rules = selectors.place_rules(report)
    form = monthly_display.month_form(report, OPEN_MONTH)
    for row in form.rows:
        assert bool(row.lock) == (rules.derived(row.place) is not None), row.place
    assert any(row.lock for row in form.rows)


def test_the_services_refuse_exactly_the_locked_places(reports):
    """One place of every kind (a value that differs from the stored one)."""
    report = reports["xidong"]
    rules = selectors.place_rules(report)
    filer = report.enterprise.users.get(is_enterprise_account=True)
    units = {u.pk: u for u in report.plan_version.units.all()}
    samples: dict[Lock | None, Place] = {}
    for place in _page(report):
        samples.setdefault(rules.lock(place), place)
    assert {Lock.DAILY, Lock.HEAT, Lock.MERGED_HOURS, None} <= samples.keys()
    for lock, place in samples.items():
        unit = units.get(place.unit) if place.unit is not None else None
        value = "received" if place.key == "state" else "7"
        entry = CellInput(unit, place.table, place.fuel, place.key, place.month, value)
        with transaction.atomic():
            try:
                services.save_cells(actor=filer, report=report, entries=[entry])
            except CellErrors as exc:
                codes = [p.code for p in exc.items]
                assert codes == [f"locked.{lock}"], (place, codes)
            else:
                assert lock is None or lock == Lock.NOT_YET_COMPUTED, place
            transaction.set_rollback(True)
