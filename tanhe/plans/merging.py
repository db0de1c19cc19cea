"""合并填报 eligibility as the plan states it: each member unit's output product, pressure class,
capacity class, boiler kind and cooling, read from sections 2–4 of the plan, compared by the rule
in ``tanhe.accounting.classification`` (seed 000 机组信息 说明; 核查技术指南 表3 注意事项 "应首先
核实合并填报是否满足核算指南要求"). The merge service, its preview and the plan's submission check
all ask here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanhe.accounting.classification import (
    CapacityClass,
    ConditionCheck,
    MergeCase,
    MergeCondition,
    MergeTraits,
    boiler_class,
    capacity_class,
    merge_checks,
)

from .models import Cooling, FacilityCategory, MainProduct, PlanUnit, PressureParameter

CONDITION_LABELS = {
    MergeCondition.PRODUCT: gettext_lazy("产出（纯发电 / 热电联产）"),
    MergeCondition.PRESSURE: gettext_lazy("机组压力参数"),
    MergeCondition.CAPACITY_CLASS: gettext_lazy("装机容量等级（400MW 为界）"),
    MergeCondition.BOILER: gettext_lazy("锅炉类型"),
    MergeCondition.COOLING: gettext_lazy("汽轮机排汽冷却方式"),
}
CASE_LABELS = {
    MergeCase.FUEL: gettext_lazy("燃料消耗量无法分机组计量"),
    MergeCase.SUPPLY: gettext_lazy("供电量无法分机组计量"),
    MergeCase.HEAT: gettext_lazy("供热量无法分机组计量"),
}
CAPACITY_CLASS_LABELS = {
    CapacityClass.FROM_400: gettext_lazy("不低于400MW"),
    CapacityClass.BELOW_400: gettext_lazy("低于400MW"),
}


def _one(values: Iterable[str]) -> str | None:
    """The value the unit's facilities agree on; several different ones are shown joined."""
    found = sorted({v for v in values if v})
    return "+".join(found) if found else None


def traits(unit: PlanUnit) -> MergeTraits:
    """What the plan says of ``unit`` on each condition (None: not entered yet). Boilers and
    turbines are the unit's 生产设施 (section 3); the product is its 主要产品 (section 4) — a
    member's own, else its merged row's (section 4 lists the reported rows only)."""
    product = unit.main_product or (unit.merged_into.main_product if unit.merged_into else "")
    facilities = list(unit.facilities.all())
    boilers = [f for f in facilities if f.category == FacilityCategory.BOILER]
    turbines = [f for f in facilities if f.category == FacilityCategory.TURBINE]
    return MergeTraits(
        unit.name,
        {
            MergeCondition.PRODUCT: product or None,
            MergeCondition.PRESSURE: _one(t.pressure_parameter for t in turbines),
            MergeCondition.CAPACITY_CLASS: capacity_class(unit.capacity_mw).value,
            MergeCondition.BOILER: _one(boiler_class(b.boiler_type) for b in boilers),
            MergeCondition.COOLING: _one(t.cooling for t in turbines),
        },
    )


def checks(members: Sequence[PlanUnit]) -> list[ConditionCheck]:
    return merge_checks([traits(m) for m in members])


def value_label(condition: MergeCondition, value: str | None) -> str:
    """A member's value on a condition, in the reader's language."""
    if value is None:
        return _("未填报")
    labels: dict[str, object] = {}
    if condition is MergeCondition.PRODUCT:
        labels = dict(MainProduct.choices)
    elif condition is MergeCondition.PRESSURE:
        labels = dict(PressureParameter.choices)
    elif condition is MergeCondition.COOLING:
        labels = dict(Cooling.choices)
    elif condition is MergeCondition.CAPACITY_CLASS:
        labels = {k.value: v for k, v in CAPACITY_CLASS_LABELS.items()}
    return "+".join(str(labels.get(part, part)) for part in value.split("+"))


@dataclass(frozen=True)
class ConditionRow:
    """One line of the merge page's side-by-side table."""

    condition: MergeCondition
    label: str
    values: list[str]
    differs: bool
    unknown: bool


def condition_rows(members: Sequence[PlanUnit]) -> list[ConditionRow]:
    return [
        ConditionRow(
            c.condition,
            str(CONDITION_LABELS[c.condition]),
            [value_label(c.condition, v) for v in c.values],
            c.differs,
            c.unknown,
        )
        for c in checks(members)
    ]


def unmet(members: Sequence[PlanUnit], *, unknown_too: bool) -> list[MergeCondition]:
    """The conditions the members differ on (and, with ``unknown_too``, those the plan cannot
    confirm yet)."""
    return [c.condition for c in checks(members) if c.differs or (unknown_too and c.unknown)]


def condition_names(conditions: Iterable[MergeCondition]) -> str:
    return _("、").join(str(CONDITION_LABELS[c]) for c in conditions)
