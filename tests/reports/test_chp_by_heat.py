"""核查技术指南 表3 注意事项: "燃煤机组即使登记为纯凝发电机组，如果存在供热，包括少量供热，也应按热电
联产机组处理" — the report derives the heat share of any month with heat, and says so where the
plan registers the unit as power only."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from tanhe.plans import services as plan_services
from tanhe.reports import calculation, services
from tanhe.reports.completeness import warnings
from tanhe.reports.problems import shown, texts

from .conftest import complete_plan, entries, fill_year


def _chp(report) -> list[str]:
    names = {u.pk: u.name for u in report.plan_version.units.all()}
    return texts([w for w in warnings(report) if w.code == "check.consistency.chp_heat"], names)


def test_a_power_only_unit_without_heat_has_no_note(report, unit, filer):
    fill_year(filer, report, unit)
    assert unit.main_product == "electricity"
    assert _chp(report) == []


def test_a_power_only_unit_reporting_a_little_heat_is_treated_as_chp(report, unit, filer):
    fill_year(filer, report, unit)
    services.save_cells(actor=filer, report=report,
                        entries=entries(unit, 3, production__heat_gj="50000.000",
                                        production__boiler_efficiency_pct="91.5"))  # fmt: skip
    (text,) = _chp(report)
    assert text.startswith(
        "1号机组 供热量：质量控制计划登记为纯发电（主要产品：电能），但3月报告了供热量"
    )
    assert "请修订质量控制计划，将主要产品改为“电能+热能”" in text
    march = calculation.outcome(report).result.units[0].production.months[2].values
    assert march.heat_ratio_pct is not None and march.heat_ratio_pct > Decimal(0)
    assert march.heat_coal_rate is not None  # the heat share is derived, as for a CHP unit


def test_a_chp_unit_reporting_heat_has_no_note(filer, enterprise):
    version = plan_services.create_plan(actor=filer, enterprise=enterprise)
    unit = complete_plan(filer, version)
    plan_services.set_main_product(actor=filer, unit=unit, product="electricity_heat")
    plan_services.submit(actor=filer, version=version)
    report = services.create_report(actor=filer, enterprise=enterprise, year=2023)
    fill_year(filer, report, unit)
    services.save_cells(actor=filer, report=report,
                        entries=entries(unit, 3, production__heat_gj="5.000"))  # fmt: skip
    assert _chp(report) == []


def test_warnings_cite_their_clause_in_the_readers_language(report, unit, filer):
    """An English reader gets the guide's clause in English; a Chinese reader the guide's words."""
    fill_year(filer, report, unit)
    services.save_cells(actor=filer, report=report,
                        entries=entries(unit, 4, production__running_hours="744"))  # fmt: skip
    names = {u.pk: u.name for u in report.plan_version.units.all()}
    hours = [w for w in warnings(report) if w.code == "check.range.running_hours"]
    assert shown(hours, names)[0].clause.startswith("核查技术指南（发电设施）表17")
    with translation.override("en"):
        clause = shown(hours, names)[0].clause
    assert clause.startswith("Verification guide (power generation) table 17")
