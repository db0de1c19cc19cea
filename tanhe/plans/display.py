"""Presentation of the plan for the enterprise's pages: translatable labels of the stored codes,
a version's content arranged by section, and the 修订记录 comparison with readable values.

No rule lives here: what is valid, complete or derived is decided by ``services``/``validation``;
this module only says how to show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounts.models import CodeType, EnterpriseNature
from tanhe.plans.diff import Change
from tanhe.plans.models import (
    REQUIRED_ATTACHMENTS,
    AttachmentKind,
    BusinessType,
    Cooling,
    DataSource,
    FacilityCategory,
    FuelType,
    MainProduct,
    MethodType,
    PlanAttachment,
    PlanFacility,
    PlanMethod,
    PlanUnit,
    PlanVersion,
    PressureParameter,
    RevisionReason,
    TurbineType,
)
from tanhe.plans.parameters import BY_KEY, PARAMETERS

# The eight tabs of the national form, in order (keys of validation.SECTIONS).
SECTION_NAV: tuple[tuple[str, Any], ...] = (
    ("basic", _("企业基本情况")),
    ("units", _("机组信息")),
    ("facilities", _("生产设施")),
    ("products", _("主营产品及生产工艺")),
    ("boundary", _("核算边界的描述")),
    ("methods", _("数据的确定方式")),
    ("qa", _("数据内部质量控制")),
    ("attachments", _("上传附件")),
)
SECTION_LABELS = dict(SECTION_NAV)

UNIT_TYPE_CHOICES: list[tuple[str, Any]] = [
    ("coal", _("燃煤机组")),
    ("gas", _("燃气机组")),
    ("oil", _("燃油机组")),
    ("igcc", _("IGCC机组")),
    ("other", _("其他")),
]
SUBTYPE_CHOICES: list[tuple[str, Any]] = [
    ("conventional", _("常规燃煤机组")),
    ("unconventional", _("非常规燃煤机组")),
    ("cfb", _("循环流化床机组")),
    ("none", "/"),
]
FUEL_CATEGORY_LABELS: dict[str, Any] = {"coal": _("燃煤"), "oil": _("燃油"), "gas": _("燃气")}

# The data a 生产设施 of each category carries (报送系统 生产设施), in the form's order.
CATEGORY_FIELDS: dict[str, tuple[str, ...]] = {
    FacilityCategory.BOILER: ("boiler_type", "model", "capacity_tph"),
    FacilityCategory.TURBINE: (
        "turbine_type",
        "model",
        "pressure_parameter",
        "rated_power_mw",
        "cooling",
    ),
    FacilityCategory.GENERATOR: ("model", "rated_power_mw"),
    FacilityCategory.OTHER: ("description",),
}
CATEGORY_ORDER = {key: i for i, key in enumerate(CATEGORY_FIELDS)}
FACILITY_DATA_LABELS: dict[str, Any] = {
    "boiler_type": _("锅炉类型"),
    "model": _("型号"),
    "capacity_tph": _("生产能力（t/h）"),
    "turbine_type": _("汽轮机类型"),
    "pressure_parameter": _("压力参数"),
    "rated_power_mw": _("额定功率（MW）"),
    "cooling": _("排汽冷却方式"),
    "description": _("说明"),
}

_CHOICES: dict[str, dict[str, Any]] = {
    "unit_type": dict(UNIT_TYPE_CHOICES),
    "subtype": dict(SUBTYPE_CHOICES),
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
    "business_type": dict(BusinessType.choices),
    "kind": dict(AttachmentKind.choices),
}


def fuel_label(key: str) -> str:
    fuel = fuel_catalogue().get(key)
    if fuel is None:
        return key
    return fuel.name_en if (get_language() or "").startswith("en") else fuel.name_zh


def fuel_groups() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The catalogue by category: (category, its label, [(key, name)])."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for key, fuel in fuel_catalogue().items():
        groups.setdefault(fuel.category, []).append((key, fuel_label(key)))
    return [(cat, str(FUEL_CATEGORY_LABELS.get(cat, cat)), rows) for cat, rows in groups.items()]


def fuel_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The catalogue grouped for a multi-select: (group label, [(key, name)])."""
    return [(label, rows) for _cat, label, rows in fuel_groups()]


def fuel_category(key: str) -> str:
    fuel = fuel_catalogue().get(key)
    return fuel.category if fuel else ""


def number(value: Any) -> str:
    """A stored Decimal as typed: 660, not 660.0000."""
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


def value_label(field: str, value: Any) -> str:
    """A stored value (model value or ``plan_content`` plain value) as the user reads it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if field == "fuel_names" and isinstance(value, list):
        return "、".join(fuel_label(v) for v in value) or "—"
    if field == "members" and isinstance(value, list):
        return "、".join(str(v) for v in value) or "—"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    labels = _CHOICES.get(field)
    if labels is not None and value in labels:
        return str(labels[value])
    if isinstance(value, Decimal):
        return number(value)
    return str(value)


def facility_details(facility: PlanFacility) -> list[tuple[str, str]]:
    """(label, value) of the category's data fields."""
    return [
        (str(FACILITY_DATA_LABELS[f]), value_label(f, number(getattr(facility, f))))
        for f in CATEGORY_FIELDS.get(facility.category, ())
        if getattr(facility, f) not in (None, "")
    ]


def method_label(method: PlanMethod) -> str:
    parameter = BY_KEY.get(method.parameter)
    label = parameter.label_zh if parameter else method.parameter
    return f"{fuel_label(method.fuel)} {label}" if method.fuel else label


def method_unit(method: PlanMethod) -> str:
    """The measure unit; per-fuel rows show the fuel's own unit (t or 10^4Nm3)."""
    fuel = fuel_catalogue().get(method.fuel) if method.fuel else None
    if fuel is not None:
        by_parameter = {
            "consumption": fuel.unit,
            "ncv": fuel.ncv_unit,
            "carbon_content": fuel.carbon_unit,
        }
        if method.parameter in by_parameter:
            return by_parameter[method.parameter]
    return method.measure_unit


def is_fixed(method: PlanMethod) -> bool:
    parameter = BY_KEY.get(method.parameter)
    return bool(parameter and parameter.fixed)


_PARAMETER_INDEX = {p.key: i for i, p in enumerate(PARAMETERS)}
_FIRST_PER_FUEL = min(i for i, p in enumerate(PARAMETERS) if p.per_fuel)


def sorted_methods(methods: list[PlanMethod], unit: PlanUnit) -> list[PlanMethod]:
    """Unit-level rows in the form's order, with the per-fuel rows grouped fuel by fuel."""
    fuels = {name: i for i, name in enumerate(unit.fuel_names)}

    def key(m: PlanMethod) -> tuple[int, int, int]:
        index = _PARAMETER_INDEX.get(m.parameter, 999)
        if m.fuel:
            return (_FIRST_PER_FUEL, fuels.get(m.fuel, 99), index)
        return (index, -1, index)

    return sorted(methods, key=key)


# -- a version arranged for the pages ------------------------------------------------------------
@dataclass
class UnitRow:
    unit: PlanUnit
    members: list[PlanUnit] = field(default_factory=list)
    merged_into: PlanUnit | None = None


@dataclass
class PlanView:
    version: PlanVersion
    units: list[UnitRow]
    reporting: list[PlanUnit]  # rows the report is filed by (merged rows and unmerged units)
    real_units: list[PlanUnit]  # units that own facilities (not the 合并填报 rows)
    facilities: list[PlanFacility]
    facility_groups: list[tuple[PlanUnit, list[PlanFacility]]]
    methods: dict[int, list[PlanMethod]]
    required_attachments: list[tuple[str, Any, PlanAttachment | None]]
    other_attachments: list[PlanAttachment]

    @property
    def basic_rows(self) -> list[tuple[str, str]]:
        """(label, value) of 企业基本情况, in the form's order."""
        from tanhe.plans.selectors import BASIC_FIELDS

        basic = getattr(self.version, "basic", None)
        if basic is None:
            return []
        return [
            (str(basic._meta.get_field(name).verbose_name), value_label(name, getattr(basic, name)))
            for name in BASIC_FIELDS
        ]

    @property
    def method_groups(self) -> list[tuple[PlanUnit, list[PlanMethod]]]:
        return [(u, self.methods.get(u.pk, [])) for u in self.reporting]


def plan_view(version: PlanVersion) -> PlanView:
    units = list(version.units.all())
    by_pk = {u.pk: u for u in units}
    rows = [
        UnitRow(
            unit=u,
            members=[m for m in units if m.merged_into_id == u.pk],
            merged_into=by_pk.get(u.merged_into_id) if u.merged_into_id else None,
        )
        for u in units
    ]
    position = {u.pk: i for i, u in enumerate(units)}
    facilities = sorted(
        version.facilities.select_related("unit"),
        key=lambda f: (position.get(f.unit_id, 0), CATEGORY_ORDER.get(f.category, 9), f.code),
    )
    real_units = [u for u in units if not u.is_merged]
    reporting = [u for u in units if u.merged_into_id is None]
    all_methods = list(version.methods.all())
    methods = {
        u.pk: sorted_methods([m for m in all_methods if m.unit_id == u.pk], u) for u in reporting
    }
    attachments = list(version.attachments.select_related("file"))
    required = [
        (
            kind.value,
            kind.label,
            next((a for a in attachments if a.kind == kind), None),
        )
        for kind in REQUIRED_ATTACHMENTS
    ]
    return PlanView(
        version=version,
        units=rows,
        reporting=reporting,
        real_units=real_units,
        facilities=facilities,
        facility_groups=[(u, [f for f in facilities if f.unit_id == u.pk]) for u in real_units],
        methods=methods,
        required_attachments=required,
        other_attachments=[a for a in attachments if a.kind == AttachmentKind.OTHER],
    )


# -- 修订记录 ---------------------------------------------------------------------------------
@dataclass
class DiffRow:
    row: str
    field: str
    kind: str  # changed | added | removed
    old: str
    new: str
    details: list[tuple[str, str]]  # an added or removed row's content


@dataclass
class DiffSection:
    label: str
    rows: list[DiffRow]


def _row_label(section: str, row: str) -> str:
    """Method rows are keyed "<unit> <parameter>[ <fuel>]": show the parameter's name."""
    if section != "methods" or not row:
        return row
    parts = row.split(" ")
    fuel = ""
    if len(parts) >= 3 and parts[-1] in fuel_catalogue() and parts[-2] in BY_KEY:
        fuel = parts.pop()
    parameter = parts.pop() if parts and parts[-1] in BY_KEY else ""
    if not parameter:
        return row
    label = BY_KEY[parameter].label_zh
    unit = " ".join(parts)
    return f"{unit} · {fuel_label(fuel) + ' ' if fuel else ''}{label}"


def diff_sections(changes: list[Change]) -> list[DiffSection]:
    from tanhe.plans.diff import FIELD_LABELS

    sections: dict[str, DiffSection] = {}
    for change in changes:
        section = sections.setdefault(
            change.section, DiffSection(label=change.section_label, rows=[])
        )
        details: list[tuple[str, str]] = []
        if change.kind != "changed":
            content = change.new if change.kind == "added" else change.old
            if isinstance(content, dict):
                details = [
                    (FIELD_LABELS.get(k, k), value_label(k, v))
                    for k, v in content.items()
                    if v not in (None, "", [], False)
                ]
        section.rows.append(
            DiffRow(
                row=_row_label(change.section, change.row),
                field=change.field_label if change.kind == "changed" else "",
                kind=change.kind,
                old=value_label(change.field, change.old) if change.kind == "changed" else "",
                new=value_label(change.field, change.new) if change.kind == "changed" else "",
                details=details,
            )
        )
    return list(sections.values())
