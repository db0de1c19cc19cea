"""The report keeps its plan (issue #8 item 6): a report is bound to a plan version; while it holds
values for a unit or a unit's fuel, the plan cannot drop them (remove the fuel, delete the unit,
merge it away, rename it away from its files); a draft moves onto a newer plan version only
after the enterprise has seen what changes, and no value is ever dropped silently.

The first tests are the issue's finding: a plan version submitted, a report created on it, the
authority returns the plan, the enterprise edits it — and the report's values must not vanish
from the engine's input or from the 信息汇总表."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tanhe.plans import services as plan_services
from tanhe.reports import calculation, selectors
from tanhe.reports import services as report_services
from tanhe.reports.models import ValueEvidence

from .conftest import COAL_UNIT, JANUARY, PNG, complete_plan, entries

SECOND_UNIT = COAL_UNIT | {"name": "2号机组", "capacity_mw": "330"}


def _fuels(report, unit_name):
    """The fuels of ``unit_name`` that reach the engine, with the months given."""
    document = calculation.compute(report).document
    for unit in document["units"]:
        if unit["name"] == unit_name:
            return {f["fuel"]: [m["month"] for m in f["months"]] for f in unit.get("fuels", [])}
    return None


def _total(report):
    report_services.autocalc(actor=report.created_by, report=report, confirm=True)
    return selectors.summary(report)[1].total


def _returned(plan, reviewer):
    plan_services.return_for_correction(actor=reviewer, version=plan, text="请补充机组信息")
    plan.refresh_from_db()
    return plan


def _unit_data(unit, **changes):
    return {f: getattr(unit, f) for f in plan_services.UNIT_FIELDS} | changes


@pytest.fixture
def two_units(filer, enterprise):
    """A submitted plan of two coal units, a 2023 report on it with January filled for both."""
    version = plan_services.create_plan(actor=filer, enterprise=enterprise)
    first = complete_plan(filer, version)
    second = plan_services.add_unit(actor=filer, version=version, data=SECOND_UNIT)
    plan_services.add_facility(actor=filer, unit=second, data={
        "category": "boiler", "code": "MF0002", "name": "2号锅炉", "boiler_type": "煤粉锅炉",
        "model": "HG-1100/17.5", "capacity_tph": "1100", "location": "主厂房西侧",
    })  # fmt: skip
    plan_services.set_main_product(actor=filer, unit=second, product="electricity")
    for method in version.methods.filter(method_type="measured", device_model=""):
        plan_services.update_method(actor=filer, method=method, data={"device_model": "皮带秤"})
    plan_services.submit(actor=filer, version=version)
    report = report_services.create_report(actor=filer, enterprise=enterprise, year=2023)
    report_services.save_cells(
        actor=filer,
        report=report,
        entries=[*entries(first, 1, **JANUARY), *entries(second, 1, **JANUARY)],
    )
    return version, report, first, second


# -- the finding: a returned plan's edits must not drop the report's values -----------------------
def test_removing_a_fuel_with_values_is_refused(plan, report, unit, filer, reviewer):
    report_services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    before = _total(report)
    assert _fuels(report, "1号机组") == {"bituminous": [1], "diesel": [1]}
    _returned(plan, reviewer)

    with pytest.raises(ValidationError) as refusal:
        plan_services.update_unit(
            actor=filer, unit=unit, data=_unit_data(unit, fuel_names=["anthracite", "diesel"])
        )

    message = " ".join(refusal.value.messages)
    assert "2023年度排放报告第1版" in message and "1号机组 烟煤" in message
    assert "4 个数值（1月）" in message  # consumption, NCV, carbon content, state
    unit.refresh_from_db()
    assert unit.fuel_names == ["bituminous", "diesel"]
    assert _fuels(report, "1号机组") == {"bituminous": [1], "diesel": [1]}
    assert _total(report) == before == Decimal("228810.90")


def test_deleting_a_unit_with_values_is_refused_not_a_server_error(
    plan, report, unit, filer, reviewer
):
    report_services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    _returned(plan, reviewer)

    with pytest.raises(ValidationError) as refusal:  # was ProtectedError: a 500 on the page
        plan_services.delete_unit(actor=filer, unit=unit)

    message = " ".join(refusal.value.messages)
    assert "2023年度排放报告第1版" in message and "1号机组" in message
    assert plan.units.filter(pk=unit.pk).exists()
    assert _fuels(report, "1号机组") == {"bituminous": [1], "diesel": [1]}


def test_merging_units_with_values_away_is_refused(two_units, filer, reviewer):
    version, report, first, second = two_units
    before = _total(report)
    _returned(version, reviewer)

    with pytest.raises(ValidationError) as refusal:
        plan_services.merge_units(
            actor=filer, version=version, unit_ids=[first.pk, second.pk], reason="母管制运行"
        )

    message = " ".join(refusal.value.messages)
    assert "1号机组 烟煤" in message and "2号机组 烟煤" in message
    assert not version.units.filter(is_merged=True).exists()
    assert _fuels(report, "1号机组") == {"bituminous": [1], "diesel": [1]}
    assert _fuels(report, "2号机组") == {"bituminous": [1], "diesel": [1]}
    assert _total(report) == before


def test_renaming_a_unit_away_from_its_files_is_refused(plan, report, unit, filer, reviewer):
    """Files attached to a value row are kept under the unit's name (ValueEvidence.unit_name):
    a rename would leave them behind. Without such files a rename is fine (cells follow the
    unit itself)."""
    report_services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    report_services.add_value_evidence(
        actor=filer, report=report, unit=unit, table="fuel", fuel="bituminous",
        key="consumption", month=1, upload=PNG, name="台账.png",
    )  # fmt: skip
    _returned(plan, reviewer)

    with pytest.raises(ValidationError) as refusal:
        plan_services.update_unit(actor=filer, unit=unit, data=_unit_data(unit, name="#1机组"))
    assert "1 份支撑材料（1月）" in " ".join(refusal.value.messages)

    evidence = ValueEvidence.objects.get()
    assert evidence.unit_name == "1号机组"  # still found under the unit it proves
    report_services.remove_value_evidence(actor=filer, report=report, evidence=evidence)
    plan_services.update_unit(actor=filer, unit=unit, data=_unit_data(unit, name="#1机组"))
    assert _fuels(report, "#1机组") == {"bituminous": [1], "diesel": [1]}
