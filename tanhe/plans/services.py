"""Business actions on the 质量控制计划. Each is one transaction that checks permission and state,
changes the data and appends its audit row (who, when, what, old → new).

Refusals are in the reader's language (gettext; the msgids are the Chinese wording); audit notes
are stored as written, in Chinese."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounting.classification import MergeCase
from tanhe.accounting.classification import merge_units as derive_merged
from tanhe.accounting.model import Subtype, UnitMember, UnitType
from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Organisation, OrganisationKind, User
from tanhe.audit.actions import Action
from tanhe.audit.services import field_changes, record
from tanhe.documents.services import DOCUMENTS, IMAGES_AND_PDF, store_file
from tanhe.fingerprint import fingerprint
from tanhe.inputs import InputRefused, parse_code, parse_number
from tanhe.plans import merging
from tanhe.plans.display.labels import parameter_label
from tanhe.plans.models import (
    FROZEN_STATES,
    TRANSITIONS,
    AttachmentKind,
    BusinessType,
    CommentKind,
    MethodState,
    PlanAttachment,
    PlanBasicInfo,
    PlanComment,
    PlanFacility,
    PlanMethod,
    PlanState,
    PlanSubmission,
    PlanUnit,
    PlanVersion,
    RevisionReason,
)
from tanhe.plans.parameters import BY_KEY, PARAMETERS, applies
from tanhe.plans.selectors import plan_content
from tanhe.plans.validation import (
    Problem,
    facility_code,
    facility_errors,
    plan_problems,
    positive_decimal,
    unit_errors,
)
from tanhe.validators import free_text, free_texts, number_rule, verbose_name

if TYPE_CHECKING:
    from tanhe.documents.services import Upload
    from tanhe.reports.services.binding import BoundReports

M = TypeVar("M", bound=models.Model)

EDITABLE_BASIC_FIELDS = (
    "registration_date",
    "registered_capital",
    "nature",
    "legal_representative",
    "city",
    "district",
    "postcode",
    "industry_code",
    "latitude",
    "longitude",
    "plan_author",
    "contact_person",
    "contact_phone",
    "contact_email",
)
# Identity fields a self-registered enterprise (not in the 名录) fills in its plan itself; for a
# 名录 enterprise they are imported and locked. Name and credit code stay as approved.
SELF_REGISTERED_FIELDS = ("permit_number", "registered_address", "production_address")
UNIT_FIELDS = (
    "industry",
    "name",
    "unit_type",
    "subtype",
    "fuel_type",
    "fuel_names",
    "capacity_mw",
    "data_source",
    "gas_class",
)
FACILITY_FIELDS = (
    "category",
    "code",
    "name",
    "model",
    "boiler_type",
    "capacity_tph",
    "turbine_type",
    "pressure_parameter",
    "rated_power_mw",
    "cooling",
    "description",
    "location",
    "in_boundary",
    "remark",
)
METHOD_FIELDS = (
    "method_type",
    "description",
    "device_model",
    "device_location",
    "frequency",
    "accuracy",
    "calibration_frequency",
    "missing_data",
    "record_frequency",
    "record_keeping",
    "fuel_state",
)


class PlanIncomplete(ValidationError):
    """Submission refused: ``problems`` lists what is missing, by section."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__([str(p) for p in problems])


# -- guards ---------------------------------------------------------------------------------------
def _editable(actor: User, version: PlanVersion) -> PlanVersion:
    """The version as stored now, locked, after checking that ``actor`` may still change it.

    Callers may hold a stale copy (another tab submitted meanwhile); the row lock makes a
    concurrent submit wait until this change commits.
    """
    version = PlanVersion.objects.select_for_update().get(pk=version.pk)
    perm.require(
        perm.can_file(actor, version.enterprise), _("只有本单位的报送账号可以编辑质量控制计划")
    )
    if version.state in FROZEN_STATES:
        raise ValidationError(
            _("第%(n)s版%(state)s，不能修改；如需变更请创建修订版本")
            % {"n": version.number, "state": version.get_state_display()}
        )
    return version


def _move(version: PlanVersion, to: str) -> str:
    before = version.state
    if to not in TRANSITIONS[before]:
        raise ValidationError(
            _("第%(n)s版当前状态为%(state)s，不能变为%(target)s")
            % {
                "n": version.number,
                "state": version.get_state_display(),
                "target": PlanState(to).label,
            }
        )
    version.state = to
    return before


def _fresh(obj: M) -> M:
    """The row as stored now, locked: callers may hold a stale copy (another tab, a test)."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def _audit(actor: User, action: Action, obj: models.Model, version: PlanVersion, **kw: Any) -> None:
    record(actor=actor, action=action, obj=obj, organisation=version.enterprise, **kw)


def _bound_reports(actor: User, version: PlanVersion) -> BoundReports:
    """The reports bound to ``version``, taken before an edit that could leave their values
    without a unit or fuel; ``.keep(gone=…)`` after it refuses such an edit (the report keeps its
    plan: the rule is the reports', ``tanhe.reports.services.binding``). Imported here, not at
    module level: the reports build on the plans, and the plans only ask."""
    from tanhe.reports.services.binding import BoundReports

    return BoundReports(version, actor)


# -- versions -------------------------------------------------------------------------------------
@transaction.atomic
def create_plan(*, actor: User, enterprise: Organisation) -> PlanVersion:
    """The first version (监测计划备案), its basic information taken from the organisation."""
    perm.require(
        perm.can_file(actor, enterprise), _("只有已启用的重点排放单位报送账号可以创建质量控制计划")
    )
    if enterprise.plan_versions.exists():
        raise ValidationError(_("已有质量控制计划；如需变更请创建修订版本"))
    version = PlanVersion.objects.create(
        enterprise=enterprise, number=1, business_type=BusinessType.FILING, created_by=actor
    )
    _basic_from_organisation(version, enterprise)
    _audit(actor, Action.PLAN_CREATE, version, version, changes={"state": (None, version.state)})
    return version


@transaction.atomic
def create_revision(
    *, actor: User, enterprise: Organisation, reason: str, reason_text: str = ""
) -> PlanVersion:
    """创建/修订: copy the latest version into a new draft, with the ground for revising it."""
    perm.require(perm.can_file(actor, enterprise), _("只有本单位的报送账号可以修订质量控制计划"))
    latest = (
        PlanVersion.objects.select_for_update()
        .filter(enterprise=enterprise)
        .order_by("-number")
        .first()
    )
    if latest is None:
        raise ValidationError(_("尚无质量控制计划，请先创建"))
    if latest.state != PlanState.APPROVED:
        raise ValidationError(
            _("第%(n)s版状态为%(state)s，通过后才能创建修订版本")
            % {"n": latest.number, "state": latest.get_state_display()}
        )
    if reason not in set(RevisionReason):
        raise ValidationError({"reason": _("请选择修订原因")})
    reason_text = free_text(reason_text, PlanVersion._meta.get_field("revision_reason_text")
                            .verbose_name, "reason_text")  # fmt: skip
    if reason == RevisionReason.OTHER and not reason_text:
        raise ValidationError({"reason_text": _("修订原因为“其他”时须说明")})
    number = (enterprise.plan_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PlanVersion.objects.create(
        enterprise=enterprise,
        number=number,
        business_type=BusinessType.REVISION,
        based_on=latest,
        revision_reason=reason,
        revision_reason_text=reason_text,
        process_description=latest.process_description,
        boundary_description=latest.boundary_description,
        qa_text=latest.qa_text,
        created_by=actor,
    )
    _copy_content(latest, version, enterprise)
    _audit(
        actor,
        Action.PLAN_REVISE,
        version,
        version,
        changes={"based_on": (None, latest.number), "revision_reason": (None, reason)},
    )
    return version


def _basic_from_organisation(version: PlanVersion, org: Organisation) -> PlanBasicInfo:
    authority = (
        Organisation.objects.filter(
            kind=OrganisationKind.AUTHORITY, province_id=org.province_id
        ).first()
        if org.province_id is not None
        else None
    )
    account = org.users.filter(is_enterprise_account=True).first()
    return PlanBasicInfo.objects.create(
        version=version,
        name=org.name,
        code_type=org.code_type,
        credit_code=org.credit_code or "",
        permit_number=org.permit_number,
        registered_address=org.registered_address,
        production_address=org.production_address,
        registration_date=org.registration_date,
        registered_capital=org.registered_capital,
        nature=org.nature,
        legal_representative=org.legal_representative,
        province=org.province.name if org.province else "",
        city=org.city,
        district=org.district,
        postcode=org.postcode,
        industry_code=org.industry_code,
        latitude=org.latitude,
        longitude=org.longitude,
        authority_name=authority.name if authority else "",
        # the reporting account's contact from its registration, to be confirmed or changed
        contact_person=account.display_name if account else "",
        contact_phone=account.phone if account else "",
        contact_email=account.email if account else "",
    )


def _copy_content(source: PlanVersion, target: PlanVersion, org: Organisation) -> None:
    old_basic = source.basic
    basic = _basic_from_organisation(target, org)
    for field in EDITABLE_BASIC_FIELDS:
        setattr(basic, field, getattr(old_basic, field))
    basic.save()
    unit_map: dict[int, PlanUnit] = {}
    for unit in source.units.order_by("is_merged", "position", "id"):  # members before merged rows
        old_pk = unit.pk
        unit.pk = None
        unit.version = target
        unit.merged_into = None
        unit.save()
        unit_map[old_pk] = unit
    for member in source.units.filter(merged_into__isnull=False):
        PlanUnit.objects.filter(pk=unit_map[member.pk].pk).update(
            merged_into=unit_map[member.merged_into_id]  # type: ignore[index]
        )
    for facility in source.facilities.all():
        facility.pk = None
        facility.version = target
        facility.unit = unit_map[facility.unit_id]
        facility.save()
    for method in source.methods.all():
        method.pk = None
        method.version = target
        method.unit = unit_map[method.unit_id]
        method.save()
    for attachment in source.attachments.all():
        PlanAttachment.objects.create(
            version=target, kind=attachment.kind, title=attachment.title, file=attachment.file
        )


@transaction.atomic
def delete_draft(*, actor: User, version: PlanVersion) -> None:
    version = _editable(actor, version)
    if version.state != PlanState.DRAFT or version.submissions.exists():
        raise ValidationError(_("只能删除从未提交过的草稿"))
    _audit(
        actor, Action.PLAN_DELETE_DRAFT, version, version, changes={"state": (version.state, None)}
    )
    version.delete()


# -- section 1: basic information -----------------------------------------------------------------
def editable_basic_fields(enterprise: Organisation) -> tuple[str, ...]:
    """企业基本情况 fields the enterprise edits: registry enterprises not their 名录 fields."""
    if enterprise.in_registry:
        return EDITABLE_BASIC_FIELDS
    return SELF_REGISTERED_FIELDS + EDITABLE_BASIC_FIELDS


@transaction.atomic
def update_basic_info(*, actor: User, version: PlanVersion, data: dict[str, Any]) -> PlanBasicInfo:
    version = _editable(actor, version)
    basic = version.basic
    locked = set(version.enterprise.locked_fields)
    refused = [f for f in data if f in locked and data[f] != getattr(basic, f)]
    if refused:
        labels = _("、").join(str(verbose_name(PlanBasicInfo, f)) for f in refused)
        raise ValidationError(
            _("%(fields)s来自排放单位名录，不能修改；如有错误请联系主管部门") % {"fields": labels}
        )
    values = _basic_values(
        {k: v for k, v in data.items() if k in editable_basic_fields(version.enterprise)}
    )
    changes = field_changes(basic, values)
    for field, (_old, new) in changes.items():
        setattr(basic, field, new)
    if changes:
        basic.full_clean()
        basic.save()
        _audit(actor, Action.PLAN_BASIC_UPDATE, basic, version, changes=changes)
    return basic


def _labels(model: Any) -> dict[str, Any]:
    return {f.name: f.verbose_name for f in model._meta.fields}


BASIC_CODES = ("postcode", "industry_code")
BASIC_NUMBERS = {"registered_capital": False, "latitude": True, "longitude": True}  # signed


def _basic_values(data: dict[str, Any]) -> dict[str, Any]:
    """Free text without control characters; codes and numbers typed as text under the input
    rules of :mod:`tanhe.inputs` (the form gives Decimals already)."""
    values = free_texts(data, _labels(PlanBasicInfo))
    errors: dict[str, str] = {}
    for name in BASIC_CODES:
        if isinstance(values.get(name), str):
            try:
                values[name] = parse_code(values[name])
            except InputRefused as exc:
                errors[name] = number_rule(exc.problem)
    for name, signed in BASIC_NUMBERS.items():
        if isinstance(values.get(name), str) and values[name]:
            try:
                values[name] = Decimal(parse_number(values[name], signed=signed))
            except InputRefused as exc:
                errors[name] = number_rule(exc.problem)
    if errors:
        raise ValidationError(errors)
    return values


# -- section 2: units -----------------------------------------------------------------------------
def _clean_unit(
    version: PlanVersion, data: dict[str, Any], unit: PlanUnit | None
) -> dict[str, Any]:
    values = free_texts({k: data[k] for k in UNIT_FIELDS if k in data}, _labels(PlanUnit))
    if unit is not None:
        merged = {k: getattr(unit, k) for k in UNIT_FIELDS} | values
    else:
        merged = {"industry": "火力发电"} | values
    errors = unit_errors(merged)
    others = version.units.exclude(pk=unit.pk) if unit else version.units.all()
    if merged.get("name") and others.filter(name=str(merged["name"]).strip()).exists():
        errors["name"] = _("机组名称“%(name)s”已存在") % {"name": merged["name"]}
    if errors:
        raise ValidationError(errors)
    merged["name"] = str(merged["name"]).strip()
    merged["capacity_mw"] = positive_decimal(
        merged["capacity_mw"], _("装机容量"), PlanUnit._meta.get_field("capacity_mw")
    )
    return merged


@transaction.atomic
def add_unit(*, actor: User, version: PlanVersion, data: dict[str, Any]) -> PlanUnit:
    version = _editable(actor, version)
    values = _clean_unit(version, data, None)
    position = (version.units.aggregate(n=Max("position"))["n"] or 0) + 1
    unit = PlanUnit.objects.create(version=version, position=position, **values)
    _sync_method_rows(unit)
    _audit(
        actor,
        Action.PLAN_UNIT_ADD,
        unit,
        version,
        changes={k: (None, v) for k, v in values.items()},
    )
    return unit


@transaction.atomic
def update_unit(*, actor: User, unit: PlanUnit, data: dict[str, Any]) -> PlanUnit:
    unit = _fresh(unit)
    version = unit.version
    version = _editable(actor, version)
    if unit.is_merged:
        raise ValidationError(_("合并填报机组的类型、细分和容量由成员机组推导，请修改成员机组"))
    values = _clean_unit(version, data, unit)
    changes = field_changes(unit, values)
    for field, (_old, new) in changes.items():
        setattr(unit, field, new)
    if changes:
        bound = _bound_reports(actor, version)
        unit.save()
        _sync_method_rows(unit)
        if unit.merged_into_id:
            _rederive(unit.merged_into)  # type: ignore[arg-type]
        bound.keep()  # a fuel removed, a name changed: the reports' values keep their place
        _audit(actor, Action.PLAN_UNIT_UPDATE, unit, version, changes=changes)
    return unit


@transaction.atomic
def delete_unit(*, actor: User, unit: PlanUnit) -> None:
    unit = _fresh(unit)
    version = unit.version
    version = _editable(actor, version)
    if unit.merged_into_id:
        raise ValidationError(
            _("%(name)s属于合并填报“%(merged)s”，请先取消合并填报")
            % {"name": unit.name, "merged": unit.merged_into}
        )
    bound = _bound_reports(actor, version)
    if unit.is_merged:
        for member in unit.members.all():
            member.merged_into = None
            member.save(update_fields=["merged_into"])
            _sync_method_rows(member)
    bound.keep(gone=[unit.pk])  # refused while a report holds values on it
    _audit(actor, Action.PLAN_UNIT_DELETE, unit, version, changes={"name": (unit.name, None)})
    unit.delete()


@transaction.atomic
def merge_units(
    *,
    actor: User,
    version: PlanVersion,
    unit_ids: Iterable[int],
    reason: str,
    name: str = "",
    cases: Iterable[str] = (),
    exception: str = "",
) -> PlanUnit:
    """合并填报: two or more units reported as one row; type, subtype and capacity are derived.
    ``cases``: which of fuel, supply or heat cannot be metered per unit (seed 000 a)); members
    that differ on a condition (plans.merging) are merged only with an ``exception`` saying why."""
    version = _editable(actor, version)
    members = list(version.units.filter(pk__in=list(unit_ids)).order_by("position", "id"))
    if len(members) < 2:
        raise ValidationError({"unit_ids": _("合并填报至少选择两台机组")})
    for member in members:
        if member.is_merged or member.merged_into_id:
            raise ValidationError(
                {"unit_ids": _("%(name)s已在合并填报中，无法再次合并") % {"name": member.name}}
            )
    reason = free_text(reason, PlanUnit._meta.get_field("merge_reason").verbose_name, "reason")
    if not reason:
        raise ValidationError(
            {"reason": _("请说明合并填报的原因（燃料消耗量、供电量或供热量无法分机组计量等）")}
        )
    chosen_cases = _merge_cases(cases)
    exception = free_text(
        exception, PlanUnit._meta.get_field("merge_exception").verbose_name, "exception"
    )
    differing = merging.unmet(members, unknown_too=False)
    if differing and not exception:
        raise ValidationError(
            {
                "exception": _(
                    "成员机组的%(conditions)s不同，不满足合并填报条件（报送系统 机组信息 说明；"
                    "核查技术指南 表3）；如确需合并填报，请说明原因"
                )
                % {"conditions": merging.condition_names(differing)}
            }
        )
    name = free_text(name, _("合并填报名称"), "name")
    # the default name is stored data (as the national form names such a row), not a message
    label = name or f"合并填报（{'、'.join(m.name for m in members)}）"
    if version.units.filter(name=label).exists():
        raise ValidationError({"name": _("机组名称“%(name)s”已存在") % {"name": label}})
    position = (version.units.aggregate(n=Max("position"))["n"] or 0) + 1
    bound = _bound_reports(actor, version)
    merged = PlanUnit(
        version=version,
        position=position,
        name=label,
        is_merged=True,
        merge_reason=reason,
        merge_cases=chosen_cases,
        merge_exception=exception,
        data_source=members[0].data_source,
        main_product=members[0].main_product,
    )
    _apply_derived(merged, members)
    merged.save()
    for member in members:
        member.merged_into = merged
        member.save(update_fields=["merged_into"])
        member.methods.all().delete()  # the merged row is reported, not its members
    _sync_method_rows(merged)
    bound.keep()  # the members' own rows are no longer read: refused while they hold values
    _audit(
        actor,
        Action.PLAN_UNIT_MERGE,
        merged,
        version,
        changes={
            "members": (None, [m.name for m in members]),
            "unit_type": (None, merged.unit_type),
            "subtype": (None, merged.subtype),
            "capacity_mw": (None, merged.capacity_mw),
            "merge_cases": (None, chosen_cases),
            "merge_exception": (None, exception),
            "conditions_differing": (None, [c.value for c in differing]),
        },
        note=reason,
    )
    return merged


@transaction.atomic
def set_standby(*, actor: User, unit: PlanUnit, standby_for: PlanUnit | None) -> PlanUnit:
    """备用机组: ``unit``, a member of a 合并填报 row, stands in for ``standby_for`` (another
    member of that row, not itself a standby); its running hours are added to that member's and
    it is not weighted itself (核查技术指南 表17/表18 注意事项). ``None`` undoes it."""
    unit = _fresh(unit)
    version = _editable(actor, unit.version)
    if unit.merged_into_id is None:
        raise ValidationError(_("只有合并填报的成员机组可以设为备用机组"))
    if standby_for is not None:
        standby_for = _fresh(standby_for)
        if (
            standby_for.pk == unit.pk
            or standby_for.merged_into_id != unit.merged_into_id
            or standby_for.standby_for_id is not None
            or unit.standbys.exists()
        ):
            raise ValidationError(
                {
                    "standby_for": _(
                        "备用机组须调剂同一合并填报中的另一台机组，且该机组本身不是备用机组"
                        "（核查技术指南 表17/表18）"
                    )
                }
            )
    before = unit.standby_for.name if unit.standby_for else None
    unit.standby_for = standby_for
    unit.save(update_fields=["standby_for"])
    after = standby_for.name if standby_for else None
    if before != after:
        _audit(actor, Action.PLAN_UNIT_STANDBY, unit, version,
               changes={"standby_for": (before, after)})  # fmt: skip
    return unit


def _merge_cases(cases: Iterable[str]) -> list[str]:
    """The seed's case a): at least one of fuel, supply and heat is not metered per unit."""
    chosen: list[str] = [c.value for c in MergeCase if c.value in set(cases)]
    if not chosen:
        raise ValidationError(
            {
                "cases": _(
                    "请选择哪项数据无法分机组计量（燃料消耗量、供电量或供热量）：只有这种情形可以"
                    "合并填报"
                )
            }
        )
    return chosen


def _apply_derived(merged: PlanUnit, members: list[PlanUnit]) -> None:
    """The engine's 合并填报 rules (报送系统 机组信息 说明): type, subtype, largest capacity."""
    derived = derive_merged(
        [
            UnitMember(str(m.pk), m.name, UnitType(m.unit_type), Subtype(m.subtype), m.capacity_mw)
            for m in members
        ]
    )
    merged.unit_type = derived.type.value
    merged.subtype = derived.subtype.value
    merged.capacity_mw = derived.capacity_mw
    fuel_types = {m.fuel_type for m in members}
    merged.fuel_type = "gas" if "gas" in fuel_types else ("coal" if "coal" in fuel_types else "oil")
    merged.fuel_names = sorted({n for m in members for n in m.fuel_names})


def _rederive(merged: PlanUnit) -> None:
    _apply_derived(merged, list(merged.members.all()))
    merged.save()
    _sync_method_rows(merged)


@transaction.atomic
def set_main_product(*, actor: User, unit: PlanUnit, product: str) -> PlanUnit:
    unit = _fresh(unit)
    version = unit.version
    version = _editable(actor, version)
    if product not in ("electricity", "electricity_heat"):
        raise ValidationError({"main_product": _("请选择主要产品（电能 / 电能+热能）")})
    changes = field_changes(unit, {"main_product": product})
    if changes:
        unit.main_product = product
        unit.save(update_fields=["main_product"])
        _audit(actor, Action.PLAN_UNIT_PRODUCT, unit, version, changes=changes)
    return unit


@transaction.atomic
def update_texts(*, actor: User, version: PlanVersion, data: dict[str, str]) -> PlanVersion:
    """The free-text parts: 生产工艺描述, 核算边界描述, 数据内部质量控制."""
    version = _editable(actor, version)
    allowed = ("process_description", "boundary_description", "qa_text")
    values = free_texts({k: str(v) for k, v in data.items() if k in allowed}, _labels(PlanVersion))
    changes = field_changes(version, values)
    for field, (_old, new) in changes.items():
        setattr(version, field, new)
    if changes:
        version.save(update_fields=[*changes, "updated_at"])
        _audit(actor, Action.PLAN_TEXT_UPDATE, version, version, changes=changes)
    return version


# -- sections 3 and 5: facilities ----------------------------------------------------------------
def _clean_facility(data: dict[str, Any], facility: PlanFacility | None) -> dict[str, Any]:
    values = free_texts({k: data[k] for k in FACILITY_FIELDS if k in data}, _labels(PlanFacility))
    current = {k: getattr(facility, k) for k in FACILITY_FIELDS} if facility else {}
    merged = current | values
    errors = facility_errors(merged)
    if errors:
        raise ValidationError(errors)
    for field in ("capacity_tph", "rated_power_mw"):
        if merged.get(field) in ("", None):
            merged[field] = None
        else:
            merged[field] = positive_decimal(
                merged[field], field, PlanFacility._meta.get_field(field)
            )
    for field in FACILITY_FIELDS:
        if merged.get(field) is None and field not in ("capacity_tph", "rated_power_mw"):
            merged[field] = True if field == "in_boundary" else ""
    merged["code"] = facility_code(merged["code"])  # "MF１２３４" → "MF1234"
    return merged


@transaction.atomic
def add_facility(*, actor: User, unit: PlanUnit, data: dict[str, Any]) -> PlanFacility:
    unit = _fresh(unit)
    version = unit.version
    version = _editable(actor, version)
    if unit.is_merged:
        raise ValidationError(_("生产设施属于实际机组，请在成员机组下填报"))
    values = _clean_facility(data, None)
    if version.facilities.filter(code=values["code"]).exists():
        raise ValidationError({"code": _("设施编号 %(code)s 已存在") % {"code": values["code"]}})
    facility = PlanFacility.objects.create(version=version, unit=unit, **values)
    _audit(
        actor,
        Action.PLAN_FACILITY_ADD,
        facility,
        version,
        changes={k: (None, v) for k, v in values.items() if v not in ("", None)},
    )
    return facility


@transaction.atomic
def update_facility(*, actor: User, facility: PlanFacility, data: dict[str, Any]) -> PlanFacility:
    facility = _fresh(facility)
    version = facility.version
    version = _editable(actor, version)
    values = _clean_facility(data, facility)
    if version.facilities.exclude(pk=facility.pk).filter(code=values["code"]).exists():
        raise ValidationError({"code": _("设施编号 %(code)s 已存在") % {"code": values["code"]}})
    changes = field_changes(facility, values)
    for field, (_old, new) in changes.items():
        setattr(facility, field, new)
    if changes:
        facility.save()
        _audit(actor, Action.PLAN_FACILITY_UPDATE, facility, version, changes=changes)
    return facility


@transaction.atomic
def delete_facility(*, actor: User, facility: PlanFacility) -> None:
    facility = _fresh(facility)
    version = facility.version
    version = _editable(actor, version)
    _audit(
        actor,
        Action.PLAN_FACILITY_DELETE,
        facility,
        version,
        changes={"code": (facility.code, None), "name": (facility.name, None)},
    )
    facility.delete()


# -- section 6: determination methods ----------------------------------------------------------
def _sync_method_rows(unit: PlanUnit) -> None:
    """A reported unit has one method row per parameter (and fuel); members have none."""
    if unit.merged_into_id is not None:
        unit.methods.all().delete()
        return
    wanted = {
        (p.key, fuel)
        for p in PARAMETERS
        for fuel in (unit.fuel_names if p.per_fuel else [""])
        if not fuel or applies(p, fuel)
    }
    existing = {(m.parameter, m.fuel): m for m in unit.methods.all()}
    for key in set(existing) - wanted:
        existing[key].delete()
    for parameter_key, fuel in sorted(wanted - set(existing)):
        parameter = BY_KEY[parameter_key]
        PlanMethod.objects.create(
            version=unit.version,
            unit=unit,
            parameter=parameter_key,
            fuel=fuel,
            measure_unit=parameter.unit,
            method_type=parameter.default_method,
            description=parameter.description,
            # 入炉 first (核查技术指南 表7: 入炉煤的优先序高于入厂煤); the enterprise may change it
            fuel_state=MethodState.FIRED if parameter.has_state else "",
        )


@transaction.atomic
def update_method(*, actor: User, method: PlanMethod, data: dict[str, Any]) -> PlanMethod:
    method = _fresh(method)
    version = method.version
    version = _editable(actor, version)
    values = free_texts(
        {k: str(data[k]) for k in METHOD_FIELDS if k in data and data[k] is not None},
        _labels(PlanMethod),
    )
    parameter = BY_KEY[method.parameter]
    if (
        parameter.fixed
        and values.get("method_type", method.method_type) != parameter.default_method
    ):
        message = _("%(parameter)s的方式类型由核算指南规定，不能修改")
        raise ValidationError(
            {"method_type": message % {"parameter": parameter_label(method.parameter)}}
        )
    if values.get("fuel_state", "") not in ("", *MethodState.values):
        raise ValidationError({"fuel_state": _("请选择入炉或入厂")})
    if values.get("fuel_state") and not parameter.has_state:
        message = _("燃料状态（入炉 / 入厂）只在燃料的消耗量一行填写，低位发热量与之相同")
        raise ValidationError({"fuel_state": message})
    if values.get("method_type", "x") not in {
        "",
        "x",
        "measured",
        "default",
        "calculated",
        "settlement",
        "other",
    }:
        raise ValidationError({"method_type": _("请选择方式类型")})
    changes = field_changes(method, values)
    for field, (_old, new) in changes.items():
        setattr(method, field, new)
    if changes:
        method.save()
        _audit(actor, Action.PLAN_METHOD_UPDATE, method, version, changes=changes)
    return method


@transaction.atomic
def sync_methods(*, actor: User, source: PlanUnit, targets: Iterable[PlanUnit]) -> int:
    """同步填报: copy the source unit's method rows to the chosen units (same parameter, fuel)."""
    version = source.version
    version = _editable(actor, version)
    rows = {(m.parameter, m.fuel): m for m in source.methods.all()}
    copied = 0
    for target in targets:
        if target.version_id != version.pk or target.pk == source.pk or target.merged_into_id:
            raise ValidationError({"targets": _("不能同步到“%(name)s”") % {"name": target.name}})
        for method in target.methods.all():
            row = rows.get((method.parameter, method.fuel)) or rows.get((method.parameter, ""))
            if row is None:
                continue
            values = {f: getattr(row, f) for f in METHOD_FIELDS}
            changes = field_changes(method, values)
            if changes:
                for field, (_old, new) in changes.items():
                    setattr(method, field, new)
                method.save()
                copied += 1
        _audit(actor, Action.PLAN_METHOD_SYNC, target, version, note=f"自“{source.name}”同步填报")
    return copied


# -- section 8: attachments ------------------------------------------------------------------------
@transaction.atomic
def add_attachment(
    *, actor: User, version: PlanVersion, kind: str, upload: Upload, name: str, title: str = ""
) -> PlanAttachment:
    version = _editable(actor, version)
    if kind not in set(AttachmentKind):
        raise ValidationError({"kind": _("请选择附件类型")})
    title = free_text(title, PlanAttachment._meta.get_field("title").verbose_name, "title")
    allowed = IMAGES_AND_PDF if kind != AttachmentKind.OTHER else DOCUMENTS
    stored = store_file(
        upload=upload, name=name, owner=version.enterprise, actor=actor, allowed=allowed
    )
    replaced = None
    if kind != AttachmentKind.OTHER:  # one file per required kind: a new upload replaces it
        replaced = version.attachments.filter(kind=kind).first()
        if replaced is not None:
            replaced.delete()
    attachment = PlanAttachment.objects.create(
        version=version, kind=kind, title=title or stored.original_name, file=stored
    )
    _audit(
        actor,
        Action.PLAN_ATTACHMENT_ADD,
        attachment,
        version,
        changes={
            "kind": (None, kind),
            "file": (replaced.file.sha256 if replaced else None, stored.sha256),
        },
    )
    return attachment


@transaction.atomic
def remove_attachment(*, actor: User, attachment: PlanAttachment) -> None:
    attachment = _fresh(attachment)
    version = attachment.version
    version = _editable(actor, version)
    _audit(
        actor,
        Action.PLAN_ATTACHMENT_REMOVE,
        attachment,
        version,
        changes={"file": (attachment.file.sha256, None)},
    )
    attachment.delete()


# -- workflow -------------------------------------------------------------------------------------
@transaction.atomic
def submit(*, actor: User, version: PlanVersion) -> PlanSubmission:
    """提交: every section complete; the version freezes and its content is kept as submitted."""
    version = _editable(actor, version)
    problems = plan_problems(version)
    if problems:
        raise PlanIncomplete(problems)
    before = _move(version, PlanState.SUBMITTED)
    content = plan_content(version)
    submission = PlanSubmission.objects.create(
        version=version, submitted_by=actor, content=content, sha256=fingerprint(content)
    )
    version.submitted_at = submission.submitted_at
    version.save(update_fields=["state", "submitted_at", "updated_at"])
    _audit(
        actor,
        Action.PLAN_SUBMIT,
        version,
        version,
        changes={"state": (before, version.state)},
        note=f"SHA-256 {submission.sha256}",
    )
    return submission


def _review_guard(actor: User, version: PlanVersion) -> PlanVersion:
    perm.require(perm.can_review(actor, version.enterprise), _("只有本省主管部门的审核人可以审核"))
    return PlanVersion.objects.select_for_update().get(pk=version.pk)


@transaction.atomic
def comment(*, actor: User, version: PlanVersion, text: str) -> PlanComment:
    perm.require(
        perm.can_review(actor, version.enterprise), _("只有本省主管部门的审核人可以填写意见")
    )
    text = free_text(text, PlanComment._meta.get_field("text").verbose_name, "text")
    if not text:
        raise ValidationError({"text": _("请填写意见")})
    if version.state == PlanState.DRAFT and not version.submissions.exists():
        raise ValidationError(_("草稿尚未提交，不能填写意见"))
    note = PlanComment.objects.create(
        version=version, author=actor, kind=CommentKind.COMMENT, text=text
    )
    _audit(actor, Action.PLAN_COMMENT, version, version, note=text)
    return note


@transaction.atomic
def approve(*, actor: User, version: PlanVersion, text: str = "") -> PlanVersion:
    version = _review_guard(actor, version)
    text = free_text(text, PlanComment._meta.get_field("text").verbose_name, "text")
    before = _move(version, PlanState.APPROVED)
    version.decided_at, version.decided_by = timezone.now(), actor
    version.save(update_fields=["state", "decided_at", "decided_by", "updated_at"])
    if text:
        PlanComment.objects.create(
            version=version, author=actor, kind=CommentKind.APPROVE, text=text
        )
    _audit(
        actor,
        Action.PLAN_APPROVE,
        version,
        version,
        changes={"state": (before, version.state)},
        note=text,
    )
    return version


@transaction.atomic
def return_for_correction(*, actor: User, version: PlanVersion, text: str) -> PlanVersion:
    """退回补正: the enterprise sees the comment, edits the same version and submits again."""
    text = free_text(text, PlanComment._meta.get_field("text").verbose_name, "text")
    if not text:
        raise ValidationError({"text": _("退回补正须填写意见，说明需要补正的内容")})
    version = _review_guard(actor, version)
    before = _move(version, PlanState.RETURNED)
    version.decided_at, version.decided_by = timezone.now(), actor
    version.save(update_fields=["state", "decided_at", "decided_by", "updated_at"])
    PlanComment.objects.create(version=version, author=actor, kind=CommentKind.RETURN, text=text)
    _audit(
        actor,
        Action.PLAN_RETURN,
        version,
        version,
        changes={"state": (before, version.state)},
        note=text,
    )
    return version
