"""Fixtures for the annual report: an enterprise with a submitted plan of one 660 MW coal unit
burning bituminous coal and diesel (tests/plans/conftest.py), and its 2023 report."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tanhe.plans import services as plan_services
from tanhe.reports import services as report_services
from tanhe.reports.services import CellInput

from ..plans.conftest import *  # noqa: F403  (the plan fixtures: provinces, enterprise, filer…)
from ..plans.conftest import COAL_UNIT, PDF, PNG, complete_plan  # noqa: F401  (re-exported)


@pytest.fixture
def plan(filer, enterprise):
    version = plan_services.create_plan(actor=filer, enterprise=enterprise)
    complete_plan(filer, version)
    plan_services.submit(actor=filer, version=version)
    version.refresh_from_db()
    return version


@pytest.fixture
def report(plan, filer, enterprise):
    return report_services.create_report(actor=filer, enterprise=enterprise, year=2023)


@pytest.fixture
def unit(report):
    return report.plan_version.units.get(name="1号机组")


def entries(unit, month: int, **values: str) -> list[CellInput]:
    """CellInputs for one month: ``fuel__key`` for the fuel table, ``table__key`` otherwise."""
    out = []
    for name, value in values.items():
        left, key = name.split("__")
        if left in ("electricity", "production"):
            out.append(CellInput(unit, left, "", key, month, value))
        else:
            out.append(CellInput(unit, "fuel", left, key, month, value))
    return out


# The issue example's January (examples/issue-example.json): 228518.74 + 292.16 = 228810.90 tCO2.
JANUARY = {
    "bituminous__consumption": "120345.67", "bituminous__ncv": "20.512",
    "bituminous__carbon_content": "52.31", "bituminous__state": "fired",
    "diesel__consumption": "0",
    "electricity__mwh": "512.30",
    "production__generation_mwh": "301234.567", "production__supply_mwh": "285432.100",
    "production__heat_gj": "0.000", "production__running_hours": "744",
}  # fmt: skip


def fill_year(filer, report, unit):
    """Twelve months: the issue example's January repeated (valid, complete)."""
    all_entries = [e for m in range(1, 13) for e in entries(unit, m, **JANUARY)]
    report_services.save_cells(actor=filer, report=report, entries=all_entries)


# A complete 确定方式表 row: the calorimeter of one's own (低位发热量), the commissioned
# element-carbon test behind a measured 单位热值含碳量 (seed 000 排放报告-确定方式表).
CALORIMETER = {"method": "self", "device": "量热仪 5E-C5500", "frequency": "每日",
               "calibration_frequency": "每年", "standard": "GB/T 213-2008"}  # fmt: skip
CARBON_LAB = {"method": "commissioned", "frequency": "每月", "standard": "GB/T 30733-2014",
              "laboratory": "江苏省煤质检测中心", "accreditation": "cma"}  # fmt: skip


def carbon_test(month: int, year: int = 2023) -> dict:
    """The month's element-carbon test: sampled on the 28th, reported ten days later."""
    sampled = date(year, month, 28)
    return CARBON_LAB | {"report_number": f"MZ-{year}-{month:02d}", "sampled_on": sampled,
                         "reported_on": sampled + timedelta(days=10)}  # fmt: skip


def fill_tests(filer, report, unit, fuel: str = "bituminous", months=range(1, 13)):
    """The 确定方式表 of ``fuel``'s measured months: its NCV and its 单位热值含碳量."""
    rows = [
        report_services.DeterminationInput(unit, fuel, parameter, m, data)
        for m in months
        for parameter, data in (("ncv", CALORIMETER), ("unit_heat_carbon", carbon_test(m)))
    ]
    report_services.save_test_records(actor=filer, report=report, rows=rows)


@pytest.fixture
def merged_report(filer, enterprise):
    """Two 660 MW coal units reported as one 合并填报 row."""
    version = plan_services.create_plan(actor=filer, enterprise=enterprise)
    first = complete_plan(filer, version)
    second = plan_services.add_unit(
        actor=filer, version=version, data=COAL_UNIT | {"name": "2号机组", "capacity_mw": "330"}
    )
    plan_services.add_facility(actor=filer, unit=second, data={
        "category": "boiler", "code": "MF0002", "name": "2号锅炉", "boiler_type": "煤粉锅炉",
        "model": "HG-1100/17.5", "capacity_tph": "1100", "location": "主厂房西侧",
    })  # fmt: skip
    merged = plan_services.merge_units(
        actor=filer,
        version=version,
        unit_ids=[first.pk, second.pk],
        reason="母管制运行",
        cases=["fuel"],
        exception="两台机组共用母管，容量等级不同仍须合并填报",
    )
    plan_services.set_main_product(actor=filer, unit=merged, product="electricity")
    for method in version.methods.filter(method_type="measured"):
        plan_services.update_method(actor=filer, method=method, data={"device_model": "皮带秤"})
    plan_services.submit(actor=filer, version=version)
    return report_services.create_report(actor=filer, enterprise=enterprise, year=2023), merged
