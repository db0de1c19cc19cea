"""The report keeps its plan (issue #8 item 6): a report is bound to a plan version; while it holds
values for a unit or a unit's fuel, the plan cannot drop them (remove the fuel, delete the unit,
merge it away, rename it away from its files); a draft moves onto a newer plan version only
after the enterprise has seen what changes, and no value is ever dropped silently.

The first tests are the issue's finding: a plan version submitted, a report created on it, the
authority returns the plan, the enterprise edits it — and the report's values must not vanish
from the engine's input or from the 信息汇总表."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tanhe.audit.models import AuditEntry
from tanhe.plans import services as plan_services
from tanhe.reports import calculation, selectors
from tanhe.reports import services as report_services
from tanhe.reports.models import Report, ReportState, ValueEvidence
from tanhe.reports.services import DailyInput, HeatInput

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
            actor=filer,
            version=version,
            unit_ids=[first.pk, second.pk],
            reason="母管制运行",
            cases=["fuel"],
            exception="容量等级不同，母管制无法分开",
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


# -- the rule's other paths -------------------------------------------------------------------------
def test_a_fuel_without_values_goes_and_takes_its_computed_cells(
    plan, report, unit, filer, reviewer
):
    """Only what 自动计算 filled (and an emptied cell) stands on diesel: removing diesel is
    allowed, and those cells go with it (audited) — no stale value lingers in the summary."""
    report_services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    report_services.autocalc(actor=filer, report=report)
    report_services.save_cells(
        actor=filer, report=report, entries=entries(unit, 1, diesel__consumption="")
    )
    assert report.cells.filter(fuel="diesel", origin="auto").exclude(value="").exists()
    _returned(plan, reviewer)

    plan_services.update_unit(
        actor=filer, unit=unit, data=_unit_data(unit, fuel_names=["bituminous"])
    )

    assert not report.cells.filter(fuel="diesel").exists()
    assert AuditEntry.objects.filter(
        action="report.plan_cleared", object_id=str(report.pk)
    ).exists()
    assert _total(report) == Decimal("228810.90")


def test_a_unit_whose_values_were_cleared_can_be_deleted(plan, report, unit, filer, reviewer):
    report_services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    report_services.autocalc(actor=filer, report=report)
    report_services.save_cells(
        actor=filer, report=report, entries=entries(unit, 1, **dict.fromkeys(JANUARY, ""))
    )
    _returned(plan, reviewer)

    plan_services.delete_unit(actor=filer, unit=unit)  # no ProtectedError: the empty and
    assert not report.cells.exists()  # computed cells went with the unit
    assert not plan.units.exists()


def test_a_sealed_month_holds_its_computed_values_and_its_names(
    plan, report, unit, filer, reviewer
):
    """存证 seals every value of the month, computed ones too, under the unit's name: neither a
    fuel removal nor a rename may change it without an amendment (修改申请)."""
    report_services.save_cells(
        actor=filer, report=report,
        entries=entries(unit, 1, **JANUARY) + entries(unit, 1, diesel__consumption="12.5"),
    )  # fmt: skip
    report_services.autocalc(actor=filer, report=report)
    report_services.save_cells(
        actor=filer, report=report, entries=entries(unit, 1, diesel__consumption="")
    )
    filing = report_services.seal_month(actor=filer, report=report, month=1)
    _returned(plan, reviewer)

    with pytest.raises(ValidationError, match=r"1号机组 柴油：\d+ 个数值（1月）"):
        plan_services.update_unit(
            actor=filer, unit=unit, data=_unit_data(unit, fuel_names=["bituminous"])
        )
    with pytest.raises(ValidationError, match="1号机组：已存证月份的数据记在此名下（1月）"):
        plan_services.update_unit(actor=filer, unit=unit, data=_unit_data(unit, name="#1机组"))

    report_services.amend_month(actor=filer, filing=filing, reason="机组更名")
    plan_services.update_unit(actor=filer, unit=unit, data=_unit_data(unit, name="#1机组"))


def test_a_submitted_report_holds_every_value(plan, report, unit, filer, reviewer):
    """A submitted version cannot be changed: all its values, computed ones too, stay put."""
    report_services.save_cells(
        actor=filer, report=report,
        entries=entries(unit, 1, **JANUARY) + entries(unit, 1, diesel__consumption="12.5"),
    )  # fmt: skip
    report_services.autocalc(actor=filer, report=report)
    report_services.save_cells(
        actor=filer, report=report, entries=entries(unit, 1, diesel__consumption="")
    )
    Report.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    _returned(plan, reviewer)

    with pytest.raises(ValidationError, match="2023年度排放报告第1版 · 1号机组 柴油"):
        plan_services.update_unit(
            actor=filer, unit=unit, data=_unit_data(unit, fuel_names=["bituminous"])
        )
    with pytest.raises(ValidationError, match="2023年度排放报告第1版 · 1号机组"):
        plan_services.delete_unit(actor=filer, unit=unit)


def test_daily_heat_and_test_records_hold_their_unit(plan, report, unit, filer, reviewer):
    report_services.save_daily_records(
        actor=filer, report=report, unit=unit, fuel="diesel", month=2,
        rows=[DailyInput(date(2023, 2, d), "1.5") for d in (1, 2, 3)],
    )  # fmt: skip
    report_services.save_heat_measurements(
        actor=filer, report=report, unit=unit, month=3, rows=[HeatInput("steam", "100", "3000")]
    )
    report_services.save_test_record(
        actor=filer, report=report, unit=unit, fuel="bituminous", parameter="ncv", month=4,
        data={"method": "self", "device": "量热仪"},
    )  # fmt: skip
    _returned(plan, reviewer)

    with pytest.raises(ValidationError) as refusal:
        plan_services.delete_unit(actor=filer, unit=unit)
    lines = refusal.value.messages
    assert "2023年度排放报告第1版 · 1号机组：1 条供热计量（3月）" in lines
    assert "2023年度排放报告第1版 · 1号机组 烟煤：1 条确定方式记录（4月）" in lines
    assert "2023年度排放报告第1版 · 1号机组 柴油：3 条日消耗记录（2月）" in lines


def test_the_refusal_in_english(plan, report, unit, filer, reviewer):
    report_services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    _returned(plan, reviewer)
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        plan_services.delete_unit(actor=filer, unit=unit)
    text = "\n".join(refusal.value.messages)
    assert "This change would leave these values of emission reports" in text
    assert "2023 emission report, version 1 · 1号机组 Bituminous coal: 4 value(s) (January)" in text


# -- moving a draft onto a newer plan version -------------------------------------------------------
def _revise(filer, enterprise, plan, reviewer, edit=None, *, approve=True):
    """Plan version ``plan`` approved, a revision made by ``edit(version)``, submitted (and
    approved): the newer plan in force."""
    plan_services.approve(actor=reviewer, version=plan)
    revision = plan_services.create_revision(
        actor=filer, enterprise=enterprise, reason="new_source"
    )
    if edit is not None:
        edit(revision)
    for method in revision.methods.filter(method_type="measured", device_model=""):
        plan_services.update_method(actor=filer, method=method, data={"device_model": "皮带秤"})
    plan_services.submit(actor=filer, version=revision)
    if approve:
        plan_services.approve(actor=reviewer, version=revision)
    revision.refresh_from_db()
    return revision


def _add_second_unit(filer, version):
    second = plan_services.add_unit(actor=filer, version=version, data=SECOND_UNIT)
    plan_services.add_facility(actor=filer, unit=second, data={
        "category": "boiler", "code": "MF0002", "name": "2号锅炉", "boiler_type": "煤粉锅炉",
        "model": "HG-1100/17.5", "capacity_tph": "1100", "location": "主厂房西侧",
    })  # fmt: skip
    plan_services.set_main_product(actor=filer, unit=second, product="electricity")
    return second


def test_move_shows_what_changes_then_moves_every_value(
    plan, report, unit, filer, enterprise, reviewer
):
    report_services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    report_services.save_daily_records(
        actor=filer, report=report, unit=unit, fuel="diesel", month=2,
        rows=[DailyInput(date(2023, 2, 1), "1.5")],
    )  # fmt: skip
    before = _total(report)

    def edit(version):
        first = version.units.get(name="1号机组")
        plan_services.update_unit(actor=filer, unit=first, data=_unit_data(
            first, fuel_names=["bituminous", "anthracite", "diesel"], capacity_mw=Decimal("700")))  # fmt: skip
        _add_second_unit(filer, version)

    revision = _revise(filer, enterprise, plan, reviewer, edit)
    assert report_services.newer_plan(report) == revision

    outcome = report_services.move_report_to_plan(actor=filer, report=report, version=revision)
    preview = outcome.preview
    assert not outcome.applied and preview.can_move
    assert preview.units_added == ["2号机组"] and preview.units_removed == []
    [change] = preview.changed
    assert (change.name, change.fuels_added, change.fuels_removed) == (
        "1号机组",
        ["anthracite"],
        [],
    )
    assert change.attributes == [("capacity_mw", Decimal("660"), Decimal("700"))]
    report.refresh_from_db()
    assert report.plan_version == plan  # a preview changes nothing

    outcome = report_services.move_report_to_plan(
        actor=filer, report=report, version=revision, confirm=True, expected=preview.fingerprint
    )
    assert outcome.applied
    report.refresh_from_db()
    new_unit = revision.units.get(name="1号机组")
    assert report.plan_version == revision
    assert set(report.cells.values_list("unit_id", flat=True)) == {new_unit.pk}
    assert set(report.daily_records.values_list("unit_id", flat=True)) == {new_unit.pk}
    assert _fuels(report, "1号机组") == {"bituminous": [1], "diesel": [1, 2]}
    assert _total(report) == before  # the same values (700 MW changes no emission)
    entry = AuditEntry.objects.get(action="report.plan_move")
    assert entry.changes == {"plan_version": [1, 2]}
    assert "新增机组：2号机组" in entry.note and "1号机组 新增燃料：无烟煤" in entry.note
    assert report_services.newer_plan(report) is None


def test_move_is_refused_while_a_removed_fuel_holds_values(
    plan, report, unit, filer, enterprise, reviewer
):
    report_services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    report_services.autocalc(actor=filer, report=report)

    def edit(version):
        first = version.units.get(name="1号机组")
        plan_services.update_unit(
            actor=filer, unit=first, data=_unit_data(first, fuel_names=["bituminous"])
        )

    revision = _revise(filer, enterprise, plan, reviewer, edit)
    preview = report_services.move_preview(report, revision)
    assert not preview.can_move
    assert preview.blocking_lines == ["1号机组 柴油：1 个数值（1月）"]
    assert preview.changed[0].fuels_removed == ["diesel"]
    with pytest.raises(ValidationError, match="1号机组 柴油：1 个数值（1月）"):
        report_services.move_report_to_plan(
            actor=filer, report=report, version=revision, confirm=True
        )
    report.refresh_from_db()
    assert report.plan_version == plan

    # the enterprise clears the value: the move goes, and diesel's computed cells with it
    report_services.save_cells(
        actor=filer, report=report, entries=entries(unit, 1, diesel__consumption="")
    )
    outcome = report_services.move_report_to_plan(
        actor=filer, report=report, version=revision, confirm=True
    )
    assert outcome.applied and outcome.preview.clearing > 0
    assert not report.cells.filter(fuel="diesel").exists()
    report.refresh_from_db()
    assert _total(report) == Decimal("228810.90")


def test_move_matches_units_by_name_a_renamed_unit_is_removed_and_added(
    plan, report, unit, filer, enterprise, reviewer
):
    report_services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))

    def edit(version):
        first = version.units.get(name="1号机组")
        plan_services.update_unit(actor=filer, unit=first, data=_unit_data(first, name="#1机组"))

    revision = _revise(filer, enterprise, plan, reviewer, edit)
    preview = report_services.move_preview(report, revision)
    assert (preview.units_added, preview.units_removed) == (["#1机组"], ["1号机组"])
    assert "1号机组 烟煤：4 个数值（1月）" in preview.blocking_lines


def test_move_into_a_merged_row_is_refused_while_members_hold_their_own_values(
    two_units, filer, enterprise, reviewer
):
    version, report, _first, _second = two_units

    def edit(revision):
        a, b = revision.units.order_by("position")
        plan_services.merge_units(
            actor=filer,
            version=revision,
            unit_ids=[a.pk, b.pk],
            reason="母管制运行",
            name="1、2号机组",
            cases=["fuel"],
            exception="容量等级不同，母管制无法分开",
        )

    revision = _revise(filer, enterprise, version, reviewer, edit)
    preview = report_services.move_preview(report, revision)
    assert preview.units_added == ["1、2号机组"]
    merges = {c.name: (c.merge_before, c.merge_after) for c in preview.changed}
    assert merges["1号机组"] == ("单独填报", "合并填报于“1、2号机组”")
    assert "1号机组 烟煤：4 个数值（1月）" in preview.blocking_lines
    assert not any("运行小时" in line for line in preview.blocking_lines)


def test_a_sealed_month_moves_unchanged(plan, report, unit, filer, enterprise, reviewer):
    from tanhe.reports.monthly_changes import changes_since_seal

    report_services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    report_services.autocalc(actor=filer, report=report)
    filing = report_services.seal_month(actor=filer, report=report, month=1)
    revision = _revise(filer, enterprise, plan, reviewer)

    report_services.move_report_to_plan(actor=filer, report=report, version=revision, confirm=True)

    report.refresh_from_db()
    assert report.plan_version == revision
    assert changes_since_seal(report, filing) == []


def test_move_only_a_draft_only_onto_the_plan_in_force(
    plan, report, unit, filer, enterprise, reviewer
):
    report_services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    with pytest.raises(ValidationError, match="只能迁移到比第1版更新的"):
        report_services.move_report_to_plan(actor=filer, report=report, version=plan)
    # a revision submitted, not yet approved, is in force (FAQ 2): a report may move onto it
    revision = _revise(filer, enterprise, plan, reviewer, approve=False)
    assert report_services.newer_plan(report) == revision
    stale = report_services.move_report_to_plan(
        actor=filer, report=report, version=revision, confirm=True, expected="0" * 64
    )
    assert stale.stale and not stale.applied
    report.refresh_from_db()
    assert report.plan_version == plan
    Report.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    report.refresh_from_db()
    assert report_services.newer_plan(report) is None
    with pytest.raises(ValidationError, match="不能修改"):
        report_services.move_report_to_plan(actor=filer, report=report, version=revision)


# -- through the pages ------------------------------------------------------------------------------
def test_plan_editor_names_the_report_instead_of_a_server_error(
    client, plan, report, unit, filer, reviewer
):
    report_services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))
    _returned(plan, reviewer)
    client.force_login(filer)
    url = reverse("plans:unit_delete", args=[plan.pk, unit.pk])

    response = client.post(url)

    assert response.status_code == 200  # was a 500 (ProtectedError)
    page = response.content.decode()
    assert "这项修改会使排放报告中的以下数值失去所依据的机组或燃料" in page
    assert "2023年度排放报告第1版 · 1号机组 烟煤：4 个数值（1月）" in page
    assert plan.units.filter(pk=unit.pk).exists()


def test_move_page_previews_then_moves(client, plan, report, unit, filer, enterprise, reviewer):
    report_services.save_cells(actor=filer, report=report, entries=entries(unit, 1, **JANUARY))

    def edit(version):
        first = version.units.get(name="1号机组")
        plan_services.update_unit(actor=filer, unit=first, data=_unit_data(
            first, fuel_names=["bituminous", "anthracite", "diesel"]))  # fmt: skip

    revision = _revise(filer, enterprise, plan, reviewer, edit)
    client.force_login(filer)
    editor = client.get(reverse("reports:edit", args=[report.pk, "basic"])).content.decode()
    move_url = reverse("reports:plan_move", args=[report.pk])
    assert "计划已更新：第1版 → 第2版" in editor and move_url in editor

    page = client.get(move_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "新增燃料" in text and "无烟煤" in text and "确认迁移到第2版" in text
    stale = client.post(move_url, {"fingerprint": "0" * 64})
    assert stale.status_code == 200 and "请重新确认" in stale.content.decode()
    report.refresh_from_db()
    assert report.plan_version == plan

    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]{64})"', text).group(1)
    done = client.post(move_url, {"fingerprint": fingerprint})
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.plan_version == revision
    after = client.get(reverse("reports:edit", args=[report.pk, "basic"])).content.decode()
    assert "已迁移到质量控制计划第2版" in after and "计划已更新" not in after
    assert client.get(move_url).status_code == 200  # nothing newer now: says so
