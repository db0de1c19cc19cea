"""The plan's rules: permissions, sections, merge, workflow, immutability, revisions, audit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from tanhe.audit.models import AppendOnlyError, AuditEntry
from tanhe.plans import selectors, services
from tanhe.plans.diff import diff
from tanhe.plans.models import PlanState, PlanUnit
from tanhe.plans.services import PlanIncomplete

from .conftest import COAL_UNIT, PDF, PNG, complete_plan

pytestmark = pytest.mark.django_db


def test_first_version_takes_the_enterprise_identity(filer, enterprise):
    version = services.create_plan(actor=filer, enterprise=enterprise)
    assert (version.number, version.business_type, version.state) == (1, "filing", "draft")
    assert version.basic.credit_code == "91110000MA0123456P"
    assert version.basic.authority_name == "江苏省生态环境厅"
    assert AuditEntry.objects.filter(action="plan.create", object_id=str(version.pk)).exists()
    with pytest.raises(ValidationError, match="已有质量控制计划"):
        services.create_plan(actor=filer, enterprise=enterprise)


def test_another_enterprise_cannot_create_or_edit(filer, enterprise, other_enterprise):
    other_filer = other_enterprise.users.get()
    with pytest.raises(PermissionDenied):
        services.create_plan(actor=other_filer, enterprise=enterprise)
    version = services.create_plan(actor=filer, enterprise=enterprise)
    with pytest.raises(PermissionDenied):
        services.add_unit(actor=other_filer, version=version, data=COAL_UNIT)
    assert list(selectors.versions_of(other_filer, enterprise)) == []


def test_pending_enterprise_cannot_file(filer, enterprise):
    enterprise.status = "pending"
    enterprise.save()
    with pytest.raises(PermissionDenied):
        services.create_plan(actor=filer, enterprise=enterprise)


def test_registry_fields_are_read_only(filer, enterprise):
    version = services.create_plan(actor=filer, enterprise=enterprise)
    with pytest.raises(ValidationError, match="企业名称来自排放单位名录，不能修改"):
        services.update_basic_info(actor=filer, version=version, data={"name": "改名有限公司"})
    services.update_basic_info(actor=filer, version=version, data={"plan_author": "李工"})
    entry = AuditEntry.objects.get(action="plan.basic.update")
    assert entry.changes == {"plan_author": ["", "李工"]}


def test_self_registered_enterprise_fills_its_permit_and_addresses(filer, enterprise):
    """Not in the 名录: nothing was imported, so the enterprise enters these itself (they are
    required for submission); the approved name and credit code stay locked."""
    enterprise.in_registry = False
    enterprise.save()
    version = services.create_plan(actor=filer, enterprise=enterprise)
    services.update_basic_info(actor=filer, version=version, data={
        "permit_number": "91320000000000000X002P", "registered_address": "江苏省南京市玄武区1号",
        "production_address": "江苏省南京市江宁区电厂路1号", "name": "改名有限公司",
    })  # fmt: skip
    version.basic.refresh_from_db()
    assert version.basic.permit_number == "91320000000000000X002P"
    assert version.basic.production_address == "江苏省南京市江宁区电厂路1号"
    assert version.basic.name == "示例发电有限公司"  # not an editable field: ignored
    assert services.editable_basic_fields(enterprise)[:3] == (
        "permit_number",
        "registered_address",
        "production_address",
    )
    enterprise.in_registry = True
    assert "permit_number" not in services.editable_basic_fields(enterprise)


def test_unit_rules_name_the_field(filer, enterprise):
    version = services.create_plan(actor=filer, enterprise=enterprise)
    bad = COAL_UNIT | {"capacity_mw": "六百", "subtype": "none", "fuel_names": ["natural_gas"]}
    with pytest.raises(ValidationError) as exc:
        services.add_unit(actor=filer, version=version, data=bad)
    errors = exc.value.message_dict
    assert errors["capacity_mw"] == ["装机容量只能填写数字（“六百”）"]
    assert "燃煤机组须选择类型细分" in errors["subtype"][0]
    assert errors["fuel_names"] == ["燃料与发电燃料类型不符：天然气"]


def test_unit_gets_a_method_row_per_parameter_and_fuel(filer, enterprise):
    version = services.create_plan(actor=filer, enterprise=enterprise)
    unit = services.add_unit(actor=filer, version=version, data=COAL_UNIT)
    # 13 unit-level parameters + 5 per-fuel parameters × 2 fuels
    assert unit.methods.count() == 13 + 5 * 2
    services.update_unit(actor=filer, unit=unit, data={"fuel_names": ["bituminous"]})
    assert unit.methods.count() == 13 + 5
    assert unit.capacity_mw == Decimal("660")


def test_merge_derives_type_subtype_capacity_and_needs_a_reason(filer, enterprise):
    version = services.create_plan(actor=filer, enterprise=enterprise)
    a = services.add_unit(actor=filer, version=version, data=COAL_UNIT | {"capacity_mw": "300"})
    b = services.add_unit(actor=filer, version=version, data=COAL_UNIT | {
        "name": "2号机组", "subtype": "unconventional", "capacity_mw": "350",
        "fuel_names": ["coal_gangue"],
    })  # fmt: skip
    with pytest.raises(ValidationError, match="请说明合并填报的原因"):
        services.merge_units(actor=filer, version=version, unit_ids=[a.pk, b.pk], reason=" ",
                             cases=["fuel"])  # fmt: skip
    merged = services.merge_units(
        actor=filer,
        version=version,
        unit_ids=[a.pk, b.pk],
        reason="母管制，燃料消耗量无法分机组计量",
        cases=["fuel"],
    )
    # 常规 + 非常规 → 常规; capacity = the larger member's
    assert (merged.unit_type, merged.subtype, merged.capacity_mw) == (
        "coal",
        "conventional",
        Decimal("350"),
    )
    assert merged.name == "合并填报（1号机组、2号机组）"
    assert sorted(merged.fuel_names) == ["bituminous", "coal_gangue", "diesel"]
    a.refresh_from_db()
    assert a.merged_into == merged and a.methods.count() == 0
    with pytest.raises(ValidationError, match="已在合并填报中，无法再次合并"):
        services.merge_units(actor=filer, version=version, unit_ids=[a.pk, merged.pk], reason="x")
    # changing a member re-derives the merged row
    services.update_unit(actor=filer, unit=b, data={"capacity_mw": "400"})
    merged.refresh_from_db()
    assert merged.capacity_mw == Decimal("400")


def test_facility_rules_per_category(filer, enterprise):
    version = services.create_plan(actor=filer, enterprise=enterprise)
    unit = services.add_unit(actor=filer, version=version, data=COAL_UNIT)
    with pytest.raises(ValidationError) as exc:
        services.add_facility(actor=filer, unit=unit, data={
            "category": "turbine", "code": "T-1", "name": "1号汽轮机", "turbine_type": "back_pressure",
            "model": "B25", "pressure_parameter": "high", "rated_power_mw": "25", "cooling": "water",
        })  # fmt: skip
    errors = exc.value.message_dict
    assert "MF 加 4 位以上数字" in errors["code"][0]
    assert errors["cooling"] == ["背压式汽轮机没有排汽冷却方式，请留空"]


def test_gas_turbine_has_no_steam_pressure_or_cooling(filer, enterprise):
    version = services.create_plan(actor=filer, enterprise=enterprise)
    unit = services.add_unit(actor=filer, version=version, data=COAL_UNIT)
    turbine = {"category": "turbine", "code": "MF0101", "name": "1号燃机", "model": "M701F4",
               "turbine_type": "gas_turbine", "rated_power_mw": "312"}  # fmt: skip
    facility = services.add_facility(actor=filer, unit=unit, data=turbine)
    assert (facility.pressure_parameter, facility.cooling) == ("", "")
    with pytest.raises(ValidationError) as exc:
        services.add_facility(
            actor=filer, unit=unit, data=turbine | {"code": "MF0102", "cooling": "water"}
        )
    assert exc.value.message_dict["cooling"] == ["燃气轮机没有排汽冷却方式，请留空"]


def test_sync_methods_copies_to_chosen_units(filer, enterprise):
    version = services.create_plan(actor=filer, enterprise=enterprise)
    a = services.add_unit(actor=filer, version=version, data=COAL_UNIT)
    b = services.add_unit(actor=filer, version=version, data=COAL_UNIT | {"name": "2号机组"})
    source = a.methods.get(parameter="consumption", fuel="bituminous")
    services.update_method(actor=filer, method=source, data={"device_model": "皮带秤 ICS-20",
                                                             "frequency": "每日"})  # fmt: skip
    services.sync_methods(actor=filer, source=a, targets=[b])
    target = b.methods.get(parameter="consumption", fuel="bituminous")
    assert (target.device_model, target.frequency) == ("皮带秤 ICS-20", "每日")


def test_fixed_method_types_cannot_change(filer, enterprise):
    version = services.create_plan(actor=filer, enterprise=enterprise)
    unit = services.add_unit(actor=filer, version=version, data=COAL_UNIT)
    method = unit.methods.get(parameter="grid_emission_factor")
    with pytest.raises(ValidationError, match="电网排放因子的方式类型由核算指南规定"):
        services.update_method(actor=filer, method=method, data={"method_type": "measured"})


def test_submission_lists_every_missing_section(filer, enterprise):
    version = services.create_plan(actor=filer, enterprise=enterprise)
    with pytest.raises(PlanIncomplete) as exc:
        services.submit(actor=filer, version=version)
    text = [str(p) for p in exc.value.problems]
    assert "机组信息：至少需要一台机组" in text
    assert "上传附件：请上传组织机构图" in text
    assert "数据内部质量控制：请填写数据内部质量控制和质量保证相关规定" in text
    assert "企业基本情况：“计划制定人”为必填项" in text


def test_attachment_type_is_checked_by_content(filer, enterprise):
    version = services.create_plan(actor=filer, enterprise=enterprise)
    with pytest.raises(ValueError, match="此处只接受"):
        services.add_attachment(actor=filer, version=version, kind="org_chart",
                                upload=b"MZ\x90\x00 not a picture", name="组织机构图.png")  # fmt: skip
    attachment = services.add_attachment(actor=filer, version=version, kind="org_chart",
                                         upload=PDF, name="组织机构图.pdf")  # fmt: skip
    assert attachment.file.content_type == "application/pdf"
    assert len(attachment.file.sha256) == 64


@pytest.fixture
def submitted(filer, enterprise):
    version = services.create_plan(actor=filer, enterprise=enterprise)
    complete_plan(filer, version)
    services.submit(actor=filer, version=version)
    version.refresh_from_db()
    return version


def test_submit_freezes_and_keeps_the_content(submitted, filer):
    assert submitted.state == PlanState.SUBMITTED
    submission = submitted.submissions.get()
    assert submission.content["units"]["1号机组"]["capacity_mw"] == "660"
    assert len(submission.sha256) == 64
    unit = submitted.units.get()
    with pytest.raises(ValidationError, match=r"\[.第1版已提交，不能修改；"):
        services.update_unit(actor=filer, unit=unit, data={"capacity_mw": "700"})
    with pytest.raises(ValidationError, match="已提交，不能修改"):
        services.update_texts(actor=filer, version=submitted, data={"qa_text": "改"})


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE plans_planunit SET capacity_mw = 1 WHERE version_id = {pk}",
        "DELETE FROM plans_planmethod WHERE version_id = {pk}",
        "UPDATE plans_planversion SET qa_text = 'x' WHERE id = {pk}",
        "UPDATE plans_planversion SET state = 'draft' WHERE id = {pk}",
        "DELETE FROM plans_planversion WHERE id = {pk}",
        "UPDATE plans_planbasicinfo SET plan_author = 'x' WHERE version_id = {pk}",
    ],
)
def test_the_database_refuses_changes_to_a_submitted_version(submitted, sql):
    with (
        pytest.raises(Exception, match="submitted and cannot be changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql.format(pk=submitted.pk))


def test_the_database_refuses_adding_rows_to_a_submitted_version(submitted):
    with pytest.raises(Exception, match="submitted and cannot be changed"), transaction.atomic():
        PlanUnit.objects.create(version=submitted, name="偷加机组", unit_type="coal",
                                subtype="conventional", capacity_mw=1)  # fmt: skip


def test_review_by_the_provinces_authority_only(submitted, reviewer, other_reviewer, filer):
    with pytest.raises(PermissionDenied):
        services.approve(actor=other_reviewer, version=submitted)
    with pytest.raises(PermissionDenied):
        services.approve(actor=filer, version=submitted)
    assert list(selectors.review_queue(other_reviewer)) == []
    assert list(selectors.review_queue(reviewer)) == [submitted]


def test_return_fix_resubmit_approve(submitted, reviewer, filer):
    with pytest.raises(ValidationError, match="退回补正须填写意见"):
        services.return_for_correction(actor=reviewer, version=submitted, text="")
    services.return_for_correction(actor=reviewer, version=submitted, text="请补充汽轮机信息")
    submitted.refresh_from_db()
    assert submitted.state == PlanState.RETURNED
    assert submitted.comments.get().text == "请补充汽轮机信息"
    unit = submitted.units.get()
    services.add_facility(actor=filer, unit=unit, data={
        "category": "turbine", "code": "MF0002", "name": "1号汽轮机", "turbine_type": "condensing",
        "model": "N660-25/600/600", "pressure_parameter": "ultra_supercritical",
        "rated_power_mw": "660", "cooling": "water", "location": "主厂房",
    })  # fmt: skip
    services.submit(actor=filer, version=submitted)
    services.approve(actor=reviewer, version=submitted, text="同意备案")
    submitted.refresh_from_db()
    assert submitted.state == PlanState.APPROVED
    assert submitted.submissions.count() == 2
    actions = list(AuditEntry.objects.filter(object_id=str(submitted.pk), object_type="plans.planversion")
                   .order_by("at", "id").values_list("action", flat=True))  # fmt: skip
    assert actions == ["plan.create", "plan.text.update", "plan.submit", "plan.return",
                       "plan.submit", "plan.approve"]  # fmt: skip
    with pytest.raises(ValidationError, match="不能变为"):
        services.return_for_correction(actor=reviewer, version=submitted, text="再退回")


def test_revision_copies_and_diff_shows_field_changes(submitted, reviewer, filer, enterprise):
    services.approve(actor=reviewer, version=submitted)
    with pytest.raises(ValidationError, match="修订原因为“其他”时须说明"):
        services.create_revision(actor=filer, enterprise=enterprise, reason="other")
    revision = services.create_revision(actor=filer, enterprise=enterprise, reason="new_method")
    assert (revision.number, revision.business_type, revision.based_on) == (
        2,
        "revision",
        submitted,
    )
    assert revision.units.count() == 1 and revision.attachments.count() == 3
    unit = revision.units.get()
    services.update_unit(actor=filer, unit=unit, data={"capacity_mw": "680"})
    changes = diff(selectors.plan_content(submitted), selectors.plan_content(revision))
    rows = {(c.section_label, c.row, c.field_label, c.old, c.new) for c in changes}
    assert ("机组信息", "1号机组", "装机容量（MW）", "660", "680") in rows
    assert ("修订信息", "", "修订原因", "", "new_method") in rows
    with pytest.raises(ValidationError, match="通过后才能创建修订版本"):
        services.create_revision(actor=filer, enterprise=enterprise, reason="new_method")


def test_audit_rows_cannot_be_changed(filer, enterprise):
    services.create_plan(actor=filer, enterprise=enterprise)
    entry = AuditEntry.objects.first()
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(note="x")


def test_one_reporting_account_per_enterprise_in_the_database(filer, enterprise):
    from tanhe.accounts.models import User

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="second", password="x", organisation=enterprise,
                                 is_enterprise_account=True)  # fmt: skip


def test_png_fixture_is_a_png():
    from tanhe.documents.services import sniff

    assert sniff(PNG[:8192], PNG) == "png"
