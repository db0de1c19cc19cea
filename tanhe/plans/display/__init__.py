"""How the plan is shown — one package for the enterprise's pages (view, editor, 修订记录) and the
authority's review, so that both show the same rows with the same words and units:

- ``labels``: the translated labels of stored codes, fields and parameters; a value in words;
- ``version``: a version arranged section by section (``plan_view``);
- ``history``: 修订记录 and the audit trail in words.

No rule lives here (they are in ``services`` and ``validation``).
"""

from tanhe.plans.display.history import (
    AuditRow,
    DiffRow,
    DiffSection,
    audit_rows,
    diff_sections,
    row_label,
)
from tanhe.plans.display.labels import (
    CATEGORY_FIELDS,
    EMPTY,
    INDUSTRY_CHOICES,
    SECTION_LABELS,
    SECTION_NAV,
    SUBTYPE_CHOICES,
    UNIT_TYPE_CHOICES,
    field_label,
    fuel_choices,
    fuel_groups,
    fuel_label,
    method_label,
    number,
    value_label,
)
from tanhe.plans.display.version import (
    FacilityRow,
    Item,
    MethodRow,
    PlanView,
    UnitRow,
    facility_details,
    facility_items,
    facility_rows,
    is_fixed,
    method_unit,
    plan_view,
)

__all__ = [
    "CATEGORY_FIELDS",
    "EMPTY",
    "INDUSTRY_CHOICES",
    "SECTION_LABELS",
    "SECTION_NAV",
    "SUBTYPE_CHOICES",
    "UNIT_TYPE_CHOICES",
    "AuditRow",
    "DiffRow",
    "DiffSection",
    "FacilityRow",
    "Item",
    "MethodRow",
    "PlanView",
    "UnitRow",
    "audit_rows",
    "diff_sections",
    "facility_details",
    "facility_items",
    "facility_rows",
    "field_label",
    "fuel_choices",
    "fuel_groups",
    "fuel_label",
    "is_fixed",
    "method_label",
    "method_unit",
    "number",
    "plan_view",
    "row_label",
    "value_label",
]
