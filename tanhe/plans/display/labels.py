"""The words of the plan pages: translated labels of the stored codes, of the fields and of the
parameters, and a stored value as the user reads it. Translated at the edge (gettext), so that a
stored code never reaches a page untranslated.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from tanhe.accounting import fuels
from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounts.models import CodeType, EnterpriseNature
from tanhe.plans.diff import FIELD_LABELS
from tanhe.plans.diff import SECTION_LABELS as DIFF_SECTION_LABELS
from tanhe.plans.merging import CASE_LABELS
from tanhe.plans.models import (
    AttachmentKind,
    BusinessType,
    Cooling,
    DataSource,
    FacilityCategory,
    FuelType,
    GasClassChoice,
    MainProduct,
    MethodState,
    MethodType,
    PlanState,
    PressureParameter,
    RevisionReason,
    TurbineType,
)
from tanhe.plans.parameters import BY_KEY

EMPTY = "—"

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

# The engine's unit types and subtypes (tanhe.accounting.model), as the form offers them.
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
# 行业类别: one choice on the national form, stored as its Chinese name.
INDUSTRY_CHOICES: list[tuple[str, Any]] = [("火力发电", _("火力发电"))]
FUEL_CATEGORY_LABELS: dict[str, Any] = {
    "coal": _("燃煤"),
    "oil": _("燃油"),
    "gas": _("燃气"),
    "biomass": _("生物质（掺烧）"),
}

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

CHOICE_LABELS: dict[str, Mapping[str, Any]] = {
    "industry": dict(INDUSTRY_CHOICES),
    "unit_type": dict(UNIT_TYPE_CHOICES),
    "subtype": dict(SUBTYPE_CHOICES),
    "fuel_type": dict(FuelType.choices),
    "data_source": dict(DataSource.choices),
    "main_product": dict(MainProduct.choices),
    "gas_class": dict(GasClassChoice.choices),
    "merge_cases": {k.value: v for k, v in CASE_LABELS.items()},
    "category": dict(FacilityCategory.choices),
    "turbine_type": dict(TurbineType.choices),
    "pressure_parameter": dict(PressureParameter.choices),
    "cooling": dict(Cooling.choices),
    "method_type": dict(MethodType.choices),
    "fuel_state": dict(MethodState.choices),
    "nature": dict(EnterpriseNature.choices),
    "code_type": dict(CodeType.choices),
    "revision_reason": dict(RevisionReason.choices),
    "business_type": dict(BusinessType.choices),
    "state": dict(PlanState.choices),
    "kind": dict(AttachmentKind.choices),
}

# Fields the audit trail names beside those of 修订记录 (diff.FIELD_LABELS).
_AUDIT_FIELD_LABELS = {
    "state": _("状态"),
    "based_on": _("修订自（版本）"),
    "file": _("文件 SHA-256"),
    "kind": _("附件类型"),
    "size": _("大小（字节）"),
    "parameter": _("参数"),
    "fuel": _("燃料"),
    "title": _("附件名称"),
}


def fuel_label(key: str) -> str:
    """A fuel of the catalogue by its name in the page's language (the key if unknown)."""
    return fuels.fuel_label(key, "en" if (get_language() or "").startswith("en") else "zh")


def fuel_groups() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The catalogue by category: (category, its label, [(key, name)])."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for key, fuel in fuel_catalogue().items():
        groups.setdefault(fuel.category, []).append((key, fuel_label(key)))
    return [(cat, str(FUEL_CATEGORY_LABELS.get(cat, cat)), rows) for cat, rows in groups.items()]


def fuel_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The catalogue grouped for a multi-select: (group label, [(key, name)])."""
    return [(label, rows) for _cat, label, rows in fuel_groups()]


def number(value: Any) -> str:
    """A stored Decimal as typed: 660, not 660.0000."""
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def value_label(field: str, value: Any) -> str:
    """A stored value (a model attribute, or a plain value of ``plan_content`` or of an audit
    row) as the page shows it: codes by their label, fuels by name, Decimals as typed."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if isinstance(value, list | tuple):
        return gettext("、").join(value_label(field, v) for v in value)
    if isinstance(value, dict):
        parts = [
            f"{field_label(k)}：{value_label(k, v)}"
            for k, v in value.items()
            if v not in (None, "", [], False)
        ]
        return "；".join(parts) or EMPTY
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if field in ("fuel_names", "fuel"):
        return fuel_label(str(value))
    if field == "measure_unit":  # as stored: "t 或 10^4Nm3" where the parameter has two
        either = gettext("或")  # outside the f-string, where makemessages finds it
        return str(value).replace(" 或 ", " " + either + " ")
    labels = CHOICE_LABELS.get(field)
    if labels is not None and value in labels:
        return str(labels[value])
    return str(value)


def field_label(name: str) -> str:
    """A field of the plan (修订记录, the audit trail) by its translated name."""
    if name in _AUDIT_FIELD_LABELS:
        return str(_AUDIT_FIELD_LABELS[name])
    label = FIELD_LABELS.get(name)
    return gettext(label) if label else name


def section_label(key: str) -> str:
    """A section of 修订记录 (diff.SECTION_LABELS) by its translated name."""
    label = DIFF_SECTION_LABELS.get(key)
    return gettext(label) if label else key


def parameter_label(key: str) -> str:
    """A parameter of 数据的确定方式 (plans.parameters) by its translated name."""
    parameter = BY_KEY.get(key)
    return gettext(parameter.label_zh) if parameter else key


def method_label(parameter: str, fuel: str = "") -> str:
    """A row of 数据的确定方式: 供电量, or 烟煤消耗量 for a per-fuel row."""
    if not fuel:
        return parameter_label(parameter)
    return gettext("%(fuel)s%(parameter)s") % {
        "fuel": fuel_label(fuel),
        "parameter": parameter_label(parameter),
    }
