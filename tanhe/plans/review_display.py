"""Shape a plan version for the authority's review pages: labels for the stored codes, the
facility data rows of the national form, the revision diff and the audit trail as rows a template
prints as is. Reads model rows only; no rules live here (they are in services and validation).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language, gettext, gettext_lazy, gettext_noop

from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounts.models import CodeType, EnterpriseNature
from tanhe.audit.models import AuditEntry
from tanhe.plans.diff import FIELD_LABELS, Change
from tanhe.plans.models import (
    AttachmentKind,
    BusinessType,
    Cooling,
    DataSource,
    FacilityCategory,
    FuelType,
    MainProduct,
    MethodType,
    PlanAttachment,
    PlanBasicInfo,
    PlanFacility,
    PlanMethod,
    PlanState,
    PlanUnit,
    PressureParameter,
    RevisionReason,
    TurbineType,
)
from tanhe.plans.parameters import BY_KEY, PARAMETERS
from tanhe.plans.selectors import BASIC_FIELDS

EMPTY = "—"

# The engine's unit type labels (tanhe.accounting.model), listed for makemessages.
UNIT_TYPE_LABELS = {
    "coal": gettext_noop("燃煤机组"),
    "gas": gettext_noop("燃气机组"),
    "oil": gettext_noop("燃油机组"),
    "igcc": gettext_noop("IGCC机组"),
    "other": gettext_noop("其他"),
}
SUBTYPE_LABELS = {
    "conventional": gettext_noop("常规燃煤机组"),
    "unconventional": gettext_noop("非常规燃煤机组"),
    "cfb": gettext_noop("循环流化床机组"),
    "none": "/",
}
CHOICE_LABELS: dict[str, Mapping[str, Any]] = {
    "unit_type": UNIT_TYPE_LABELS,
    "subtype": SUBTYPE_LABELS,
    "fuel_type": dict(FuelType.choices),
    "data_source": dict(DataSource.choices),
    "main_product": dict(MainProduct.choices),
    "category": dict(FacilityCategory.choices),
    "turbine_type": dict(TurbineType.choices),
    "pressure_parameter": dict(PressureParameter.choices),
    "cooling": dict(Cooling.choices),
    "method_type": dict(MethodType.choices),
    "nature": dict(EnterpriseNature.choices),
    "code_type": dict(CodeType.choices),
    "revision_reason": dict(RevisionReason.choices),
    "state": dict(PlanState.choices),
    "kind": dict(AttachmentKind.choices),
    "business_type": dict(BusinessType.choices),
}
# Audit rows name a few fields the diff does not.
AUDIT_FIELD_LABELS = FIELD_LABELS | {
    "state": gettext_noop("状态"),
    "based_on": gettext_noop("修订自（版本）"),
    "file": gettext_noop("文件 SHA-256"),
    "kind": gettext_noop("附件类型"),
    "size": gettext_noop("大小（字节）"),
    "main_product": gettext_noop("主要产品"),
}
ACTION_LABELS = {
    "plan.create": gettext_lazy("创建质量控制计划"),
    "plan.revise": gettext_lazy("创建修订版本"),
    "plan.delete_draft": gettext_lazy("删除草稿"),
    "plan.basic.update": gettext_lazy("修改企业基本情况"),
    "plan.unit.add": gettext_lazy("新增机组"),
    "plan.unit.update": gettext_lazy("修改机组信息"),
    "plan.unit.delete": gettext_lazy("删除机组"),
    "plan.unit.merge": gettext_lazy("合并填报"),
    "plan.unit.product": gettext_lazy("选择主要产品"),
    "plan.text.update": gettext_lazy("修改文字说明"),
    "plan.facility.add": gettext_lazy("新增生产设施"),
    "plan.facility.update": gettext_lazy("修改生产设施"),
    "plan.facility.delete": gettext_lazy("删除生产设施"),
    "plan.method.update": gettext_lazy("修改数据的确定方式"),
    "plan.method.sync": gettext_lazy("同步填报数据的确定方式"),
    "plan.attachment.add": gettext_lazy("上传附件"),
    "plan.attachment.remove": gettext_lazy("删除附件"),
    "plan.submit": gettext_lazy("提交"),
    "plan.comment": gettext_lazy("填写意见"),
    "plan.approve": gettext_lazy("审核通过"),
    "plan.return": gettext_lazy("退回补正"),
}
PARAMETER_ORDER = {p.key: i for i, p in enumerate(PARAMETERS)}


def fuel_label(key: str) -> str:
    fuel = fuel_catalogue().get(key)
    if fuel is None:
        return key
    return fuel.name_en if (get_language() or "").startswith("en") else fuel.name_zh


def value_text(field_name: str, value: Any) -> str:
    """A stored value (model attribute or ``plain_value`` output) as the page shows it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if isinstance(value, list | tuple):
        return "、".join(value_text(field_name, v) for v in value)
    if isinstance(value, dict):
        parts = [
            f"{field_label(k)}：{value_text(k, v)}"
            for k, v in value.items()
            if v not in (None, "", [], False)
        ]
        return "；".join(parts) or EMPTY
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if field_name in ("fuel_names", "fuel"):
        return fuel_label(str(value))
    labels = CHOICE_LABELS.get(field_name)
    if labels is not None and value in labels:
        return gettext(str(labels[value]))
    return str(value)


def field_label(name: str) -> str:
    label = AUDIT_FIELD_LABELS.get(name)
    return gettext(label) if label else name


def method_label(parameter: str, fuel: str = "") -> str:
    """参数 as the form names it: 烟煤消耗量, 供电量 …"""
    spec = BY_KEY.get(parameter)
    label = spec.label_zh if spec else parameter
    return f"{fuel_label(fuel)}{label}" if fuel else label


def row_label(section: str, row: str) -> str:
    """A diff row key in words: "1号机组 consumption bituminous" → "1号机组 烟煤消耗量"."""
    if section != "methods":
        return row
    parts = row.split(" ")
    for i in range(len(parts) - 1, 0, -1):
        if parts[i] in BY_KEY:
            return f"{' '.join(parts[:i])} {method_label(parts[i], ' '.join(parts[i + 1 :]))}"
    return row


# 供电/供热 煤耗 or 气耗: the unit of a gas unit's rate (核算指南: 气耗 for gas units)
RATE_UNITS = {
    "power_coal_rate": ("gce/kWh", "Nm3/MWh"),
    "heat_coal_rate": ("kgce/GJ", "Nm3/GJ"),
}


def method_unit(method: PlanMethod, unit: PlanUnit) -> str:
    """The row's unit where the stored one names two (t 或 10^4Nm3): the fuel's or unit's own."""
    if " 或 " not in method.measure_unit:
        return method.measure_unit
    if method.parameter in RATE_UNITS:
        coal, gas = RATE_UNITS[method.parameter]
        return gas if unit.fuel_type == FuelType.GAS else coal
    fuel = fuel_catalogue().get(method.fuel) if method.fuel else None
    if fuel is None:
        return method.measure_unit
    return {
        "consumption": fuel.unit,
        "ncv": fuel.ncv_unit,
        "carbon_content": fuel.carbon_unit,
    }.get(method.parameter, method.measure_unit)


def sorted_attachments(attachments: Iterable[PlanAttachment]) -> list[PlanAttachment]:
    """上传附件 in the form's order: 组织机构图, 厂区平面分布图, 生产工艺流程图, then others."""
    order = {kind: i for i, kind in enumerate(AttachmentKind.values)}
    return sorted(attachments, key=lambda a: (order.get(a.kind, len(order)), a.pk))


# -- the sections -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    label: str
    value: str
    mono: bool = False


def basic_items(basic: PlanBasicInfo | None) -> list[Item]:
    if basic is None:
        return []
    mono = {"credit_code", "permit_number", "postcode", "industry_code"}
    return [
        Item(
            str(PlanBasicInfo._meta.get_field(name).verbose_name),
            value_text(name, getattr(basic, name)),
            name in mono,
        )
        for name in BASIC_FIELDS
    ]


def facility_items(facility: PlanFacility) -> list[Item]:
    """数据名称 / 数据值 of one 生产设施 row, as the national form lists them per category."""
    category = facility.category
    if category == FacilityCategory.BOILER:
        names = ["boiler_type", "model", "capacity_tph"]
    elif category == FacilityCategory.TURBINE:
        names = ["turbine_type", "model", "pressure_parameter", "rated_power_mw", "cooling"]
    elif category == FacilityCategory.GENERATOR:
        names = ["model", "rated_power_mw"]
    else:
        names = ["description", "model"]
    items = []
    for name in names:
        value = getattr(facility, name)
        if value in (None, "") and (
            (name == "cooling" and category == FacilityCategory.TURBINE)  # 背压式: no cooling
            or (name == "model" and category == FacilityCategory.OTHER)  # optional there
        ):
            continue
        label = str(PlanFacility._meta.get_field(name).verbose_name)
        items.append(Item(label, value_text(name, value), name == "model"))
    return items


@dataclass(frozen=True)
class UnitRow:
    unit: PlanUnit
    type_text: str
    subtype_text: str
    fuels_text: str
    capacity_text: str
    member_names: list[str]
    merged_into_name: str


def unit_rows(units: list[PlanUnit]) -> list[UnitRow]:
    """机组信息 rows in the form's order; a merged row names its members and vice versa."""
    names = {u.pk: u.name for u in units}
    return [
        UnitRow(
            unit=u,
            type_text=value_text("unit_type", u.unit_type),
            subtype_text=value_text("subtype", u.subtype),
            fuels_text=value_text("fuel_names", u.fuel_names),
            capacity_text=value_text("capacity_mw", u.capacity_mw),
            member_names=[m.name for m in units if m.merged_into_id == u.pk],
            merged_into_name=names.get(u.merged_into_id or 0, ""),
        )
        for u in units
    ]


@dataclass(frozen=True)
class FacilityRow:
    facility: PlanFacility
    unit_name: str
    items: list[Item]


def facility_rows(units: list[PlanUnit], facilities: Iterable[PlanFacility]) -> list[FacilityRow]:
    """生产设施 rows grouped by unit (in unit order), then by 设施编号."""
    names = {u.pk: u.name for u in units}
    order = {u.pk: i for i, u in enumerate(units)}
    rows = sorted(facilities, key=lambda f: (order.get(f.unit_id, len(order)), f.code))
    return [FacilityRow(f, names.get(f.unit_id, ""), facility_items(f)) for f in rows]


@dataclass
class UnitMethods:
    unit: PlanUnit
    methods: list[PlanMethod] = field(default_factory=list)


def methods_by_unit(units: Iterable[PlanUnit], methods: Iterable[PlanMethod]) -> list[UnitMethods]:
    """Method rows per reported unit, in the form's parameter order, fuels in the unit's order."""
    groups = {u.pk: UnitMethods(u) for u in units if u.merged_into_id is None}
    for method in methods:
        if method.unit_id in groups:
            groups[method.unit_id].methods.append(method)
    for group in groups.values():
        fuels = {f: i for i, f in enumerate(group.unit.fuel_names)}
        group.methods.sort(
            key=lambda m: (PARAMETER_ORDER.get(m.parameter, 99), fuels.get(m.fuel, -1), m.pk)
        )
        for method in group.methods:
            method.label = method_label(method.parameter, method.fuel)  # type: ignore[attr-defined]
            method.unit_text = method_unit(method, group.unit)  # type: ignore[attr-defined]
    return [g for g in groups.values() if g.methods]


# -- revision diff ----------------------------------------------------------------------------
@dataclass(frozen=True)
class DiffRow:
    section: str
    row: str
    field: str
    kind: str  # added | removed | changed
    old: str
    new: str


def diff_rows(changes: Iterable[Change]) -> list[DiffRow]:
    rows = []
    for change in changes:
        if change.kind == "changed":
            field_name = gettext(change.field_label)
        else:
            field_name = gettext("新增") if change.kind == "added" else gettext("删除")
        rows.append(
            DiffRow(
                section=gettext(change.section_label),
                row=row_label(change.section, change.row),
                field=field_name,
                kind=change.kind,
                old=value_text(change.field, change.old),
                new=value_text(change.field, change.new),
            )
        )
    return rows


# -- audit trail ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AuditChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    code: str
    subject: str
    changes: list[AuditChange]
    note: str


def audit_rows(entries: Iterable[AuditEntry]) -> list[AuditRow]:
    rows = []
    for entry in entries:
        subject = entry.object_repr
        if entry.object_type == "plans.planversion":
            subject = gettext("本版本")
        elif entry.object_type == "plans.planmethod":
            parts = subject.split(" ")
            subject = row_label("methods", subject) if len(parts) > 1 else subject
        changes = [
            AuditChange(field_label(name), value_text(name, pair[0]), value_text(name, pair[1]))
            for name, pair in (entry.changes or {}).items()
            if isinstance(pair, list | tuple) and len(pair) == 2
        ]
        rows.append(
            AuditRow(
                at=entry.at,
                actor=entry.actor_name or EMPTY,
                action=str(ACTION_LABELS.get(entry.action, entry.action)),
                code=entry.action,
                subject=subject,
                changes=changes,
                note=entry.note,
            )
        )
    return rows
