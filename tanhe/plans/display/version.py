"""One plan version arranged for the pages, section by section: what the enterprise's view and
editor and the authority's review all show — one shaping, so that they cannot disagree.

No rule lives here: what is valid, complete or derived is decided by ``services`` and
``validation``; this module only says how to show it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounting.model import GasClass, UnitType
from tanhe.accounting.report_form import ROW_BY_KEY, Table
from tanhe.checks import registry
from tanhe.checks.rules.ranges import gas_class_finding
from tanhe.plans.display.labels import (
    CATEGORY_FIELDS,
    CATEGORY_ORDER,
    method_label,
    value_label,
)
from tanhe.plans.models import (
    REQUIRED_ATTACHMENTS,
    AttachmentKind,
    PlanAttachment,
    PlanBasicInfo,
    PlanFacility,
    PlanMethod,
    PlanUnit,
    PlanVersion,
    TurbineType,
)
from tanhe.plans.parameters import BY_KEY, PARAMETERS
from tanhe.plans.selectors import BASIC_FIELDS
from tanhe.validators import verbose_name

MONO_FIELDS = frozenset({"credit_code", "permit_number", "postcode", "industry_code"})


@dataclass(frozen=True)
class Item:
    """A label and its value (企业基本情况, one datum of a facility)."""

    label: str
    value: str
    mono: bool = False


def basic_items(basic: PlanBasicInfo | None) -> list[Item]:
    """企业基本情况 in the form's order."""
    if basic is None:
        return []
    return [
        Item(
            str(verbose_name(PlanBasicInfo, name)),
            value_label(name, getattr(basic, name)),
            name in MONO_FIELDS,
        )
        for name in BASIC_FIELDS
    ]


# -- 机组信息 -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitRow:
    """A row of 机组信息 with its values in words; a 合并填报 row names its members, a member
    the row it is merged into."""

    unit: PlanUnit
    members: list[PlanUnit]
    merged_into: PlanUnit | None
    industry_text: str
    type_text: str
    subtype_text: str
    fuel_type_text: str
    fuels_text: str
    capacity_text: str
    data_source_text: str
    main_product_text: str
    merge_cases_text: str
    standby_choices: list[PlanUnit]  # a member: the others of its row it may stand in for
    gas_class_note: str  # 表3: the class's turbine power range, where the power lies outside

    @classmethod
    def of(cls, unit: PlanUnit, units: list[PlanUnit]) -> UnitRow:
        def text(name: str) -> str:
            return value_label(name, getattr(unit, name))

        return cls(
            unit=unit,
            members=[m for m in units if m.merged_into_id == unit.pk],
            merged_into=next((u for u in units if u.pk == unit.merged_into_id), None),
            industry_text=text("industry"),
            type_text=text("unit_type"),
            # 机组类型细分: a gas unit's class (E级) where given (seed 000 机组信息)
            subtype_text=text("gas_class") if unit.gas_class else text("subtype"),
            fuel_type_text=text("fuel_type"),
            fuels_text=text("fuel_names"),
            capacity_text=text("capacity_mw"),
            data_source_text=text("data_source"),
            main_product_text=text("main_product"),
            merge_cases_text=text("merge_cases") if unit.merge_cases else "",
            standby_choices=[
                u
                for u in units
                if unit.merged_into_id
                and u.merged_into_id == unit.merged_into_id
                and u.pk != unit.pk
                and u.standby_for_id is None
            ],
            gas_class_note=gas_class_note(unit),
        )

    @property
    def scope_text(self) -> str:
        """机组类别范围 (主营产品): the type, and its subtype where it has one."""
        if self.unit.subtype in ("", "none") and not self.unit.gas_class:
            return self.type_text
        return f"{self.type_text} · {self.subtype_text}"


# -- 生产设施 -------------------------------------------------------------------------------------
def facility_items(facility: PlanFacility) -> list[Item]:
    """数据名称 / 数据值 of one 生产设施: the data its category carries (CATEGORY_FIELDS, the
    form's own list) that it has. An empty one is not applicable (背压式 and 燃气轮机 have no
    排汽冷却方式 …): the completeness check (``validation``) has refused any missing one before
    submission, and the editor lists it among the problems."""
    return [
        Item(
            str(verbose_name(PlanFacility, name)),
            value_label(name, getattr(facility, name)),
            name == "model",
        )
        for name in CATEGORY_FIELDS.get(facility.category, ())
        if getattr(facility, name) not in (None, "")
    ]


def facility_details(facility: PlanFacility) -> list[tuple[str, str]]:
    """(label, value) of ``facility_items`` (the annual report's PDF prints these)."""
    return [(item.label, item.value) for item in facility_items(facility)]


@dataclass(frozen=True)
class FacilityRow:
    facility: PlanFacility
    unit_name: str
    items: list[Item]


def sorted_facilities(
    units: list[PlanUnit], facilities: Iterable[PlanFacility]
) -> list[PlanFacility]:
    """By unit (in the units' order), then category (锅炉, 汽轮机, 发电机, 其他), then 设施编号."""
    position = {u.pk: i for i, u in enumerate(units)}
    return sorted(
        facilities,
        key=lambda f: (
            position.get(f.unit_id, len(position)),
            CATEGORY_ORDER.get(f.category, len(CATEGORY_ORDER)),
            f.code,
        ),
    )


def facility_rows(units: list[PlanUnit], facilities: Iterable[PlanFacility]) -> list[FacilityRow]:
    """生产设施 rows in ``sorted_facilities`` order, each with its unit's name and its data."""
    names = {u.pk: u.name for u in units}
    return [
        FacilityRow(f, names.get(f.unit_id, ""), facility_items(f))
        for f in sorted_facilities(units, facilities)
    ]


# -- 数据的确定方式 ------------------------------------------------------------------------
# The plan's rows whose unit is the annual report's row's (accounting.report_form): a per-fuel row
# takes its fuel's unit (t or 10^4Nm3 …), a rate its unit's (供电煤耗 gce/kWh, 供电气耗 Nm3/MWh).
_REPORT_ROWS = {
    "consumption": (Table.FUEL, "consumption"),
    "ncv": (Table.FUEL, "ncv"),
    "carbon_content": (Table.FUEL, "carbon_content"),
    "power_coal_rate": (Table.PRODUCTION, "power_coal_rate"),
    "heat_coal_rate": (Table.PRODUCTION, "heat_coal_rate"),
}


def method_unit(method: PlanMethod, unit: PlanUnit) -> str:
    """The one unit of a row of 数据的确定方式, for this unit and fuel (seed 000 燃料信息表 and
    生产数据表: 燃煤 t, GJ/t; 燃气 10^4Nm3; a 燃气机组 reports 供电气耗). The stored unit names
    both where the parameter has two (``t 或 10^4Nm3``); it is shown as is only where no
    catalogue fuel or unit type decides."""
    place = _REPORT_ROWS.get(method.parameter)
    fuel = fuel_catalogue().get(method.fuel) if method.fuel else None
    if place is None or (place[0] == Table.FUEL and fuel is None):
        return value_label("measure_unit", method.measure_unit) if method.measure_unit else ""
    # the engine's own choice of 煤耗 or 气耗 (accounting.engine: by unit type)
    rate_kind = "gas" if unit.unit_type == UnitType.GAS else "coal"
    return ROW_BY_KEY[place].unit_for(fuel, rate_kind)


def is_fixed(method: PlanMethod) -> bool:
    """A row whose method the guide fixes (碳氧化率 缺省值 …): shown, not edited."""
    parameter = BY_KEY.get(method.parameter)
    return bool(parameter and parameter.fixed)


_PARAMETER_INDEX = {p.key: i for i, p in enumerate(PARAMETERS)}
_FIRST_PER_FUEL = min(i for i, p in enumerate(PARAMETERS) if p.per_fuel)


def sorted_methods(methods: Iterable[PlanMethod], unit: PlanUnit) -> list[PlanMethod]:
    """The unit's rows in the form's order, the per-fuel rows grouped fuel by fuel (in the unit's
    order of fuels), as the 燃料信息表 lists them."""
    fuels = {name: i for i, name in enumerate(unit.fuel_names)}

    def key(m: PlanMethod) -> tuple[int, int, int, int]:
        index = _PARAMETER_INDEX.get(m.parameter, len(_PARAMETER_INDEX))
        if m.fuel:
            return (_FIRST_PER_FUEL, fuels.get(m.fuel, len(fuels)), index, m.pk)
        return (index, -1, index, m.pk)

    return sorted(methods, key=key)


@dataclass(frozen=True)
class MethodRow:
    """A row of 数据的确定方式: the stored method with its name and its unit; a fuel's
    consumption row says its 燃料状态 (``has_state``), and the NCV row shows the same state
    (``state``: 核查技术指南 表9, the NCV is determined in the consumption's state)."""

    method: PlanMethod
    label: str
    unit: str
    fixed: bool
    has_state: bool = False
    state: str = ""  # the fuel's 燃料状态 on its consumption and NCV rows ("" elsewhere or unset)

    @property
    def state_label(self) -> str:
        return value_label("fuel_state", self.state) if self.state else ""


STATE_ROWS = frozenset({"consumption", "ncv"})  # the rows that show the fuel's state


def method_rows(methods: Iterable[PlanMethod], unit: PlanUnit) -> list[MethodRow]:
    ordered = sorted_methods(methods, unit)
    states = {
        m.fuel: m.fuel_state
        for m in ordered
        if (p := BY_KEY.get(m.parameter)) is not None and p.has_state
    }
    return [
        MethodRow(
            m,
            method_label(m.parameter, m.fuel),
            method_unit(m, unit),
            is_fixed(m),
            has_state=bool((p := BY_KEY.get(m.parameter)) and p.has_state),
            state=states.get(m.fuel, "") if m.fuel and m.parameter in STATE_ROWS else "",
        )
        for m in ordered
    ]


# -- 上传附件 -------------------------------------------------------------------------------------
def sorted_attachments(attachments: Iterable[PlanAttachment]) -> list[PlanAttachment]:
    """组织机构图, 厂区平面分布图, 生产工艺流程图, then the others, each in upload order."""
    order = {kind: i for i, kind in enumerate(AttachmentKind.values)}
    return sorted(attachments, key=lambda a: (order.get(a.kind, len(order)), a.pk))


# -- the whole version ----------------------------------------------------------------------------
@dataclass
class PlanView:
    version: PlanVersion
    basic: list[Item]
    units: list[UnitRow]
    reporting: list[PlanUnit]  # rows the report is filed by (merged rows and unmerged units)
    real_units: list[PlanUnit]  # units that own facilities (not the 合并填报 rows)
    facilities: list[PlanFacility]  # in ``sorted_facilities`` order
    facility_rows: list[FacilityRow]
    methods: dict[int, list[MethodRow]]  # by reporting unit
    attachments: list[PlanAttachment]  # in ``sorted_attachments`` order

    @property
    def reporting_rows(self) -> list[UnitRow]:
        return [row for row in self.units if row.unit.merged_into_id is None]

    @property
    def facility_groups(self) -> list[tuple[PlanUnit, list[PlanFacility]]]:
        """(unit, its facilities) for every unit that owns facilities."""
        return [(u, [f for f in self.facilities if f.unit_id == u.pk]) for u in self.real_units]

    @property
    def facility_row_groups(self) -> list[tuple[PlanUnit, list[FacilityRow]]]:
        return [
            (u, [r for r in self.facility_rows if r.facility.unit_id == u.pk])
            for u in self.real_units
        ]

    @property
    def method_groups(self) -> list[tuple[PlanUnit, list[MethodRow]]]:
        return [(u, self.methods.get(u.pk, [])) for u in self.reporting]

    @property
    def required_attachments(self) -> list[tuple[str, Any, PlanAttachment | None]]:
        """(kind, its label, the file or None) of the three required attachments."""
        return [
            (kind.value, kind.label, next((a for a in self.attachments if a.kind == kind), None))
            for kind in REQUIRED_ATTACHMENTS
        ]

    @property
    def missing_attachments(self) -> list[str]:
        return [str(label) for _kind, label, found in self.required_attachments if found is None]

    @property
    def other_attachments(self) -> list[PlanAttachment]:
        return [a for a in self.attachments if a.kind == AttachmentKind.OTHER]


def plan_view(version: PlanVersion) -> PlanView:
    """Every section of ``version`` as the pages show it (one query per kind of row)."""
    units = list(version.units.order_by("position", "id"))
    reporting = [u for u in units if u.merged_into_id is None]
    facilities = sorted_facilities(units, version.facilities.select_related("unit"))
    all_methods = list(version.methods.all())
    return PlanView(
        version=version,
        basic=basic_items(getattr(version, "basic", None)),
        units=[UnitRow.of(u, units) for u in units],
        reporting=reporting,
        real_units=[u for u in units if not u.is_merged],
        facilities=facilities,
        facility_rows=facility_rows(units, facilities),
        methods={
            u.pk: method_rows((m for m in all_methods if m.unit_id == u.pk), u) for u in reporting
        },
        attachments=sorted_attachments(version.attachments.select_related("file")),
    )


def gas_class_note(unit: PlanUnit) -> str:
    """A gas unit's class against 表3's turbine power ranges (仅供参考): each gas turbine's rated
    power as section 3 gives it, else the unit's capacity."""
    if not unit.gas_class:
        return ""
    powers = [
        f.rated_power_mw
        for f in unit.facilities.all()
        if f.turbine_type == TurbineType.GAS_TURBINE and f.rated_power_mw
    ] or [unit.capacity_mw]
    for power in powers:
        finding = gas_class_finding(unit.name, GasClass(unit.gas_class), power)
        if finding is not None:  # the rule's own words (tanhe.checks), in the reader's language
            if (get_language() or "").startswith("en"):
                return f"{registry.message(finding, 'en')} ({registry.clause(finding, 'en')})"
            return f"{registry.message(finding, 'zh')}（{registry.clause(finding, 'zh')}）"
    return ""
