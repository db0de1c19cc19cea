"""What the annual report's pages show around and beside the number tables, prepared for the
templates: the editor's navigation, 基本信息, the 自动计算 changes, the 确定方式表 rows, the
authority's comments, 生产设施表, the evidence, and a whole report read-only (``report_body``).
The number tables are ``table_display``'s; the comparison of two versions is ``comparison``'s.

Reads only: the numbers come from ``selectors`` and ``calculation`` (the engine); nothing here
computes a value of the report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tanhe.accounting.report_form import MONTHS, REQUIRED_EVIDENCE, Table
from tanhe.accounting.report_form import ROW_BY_KEY as FORM_ROWS
from tanhe.accounts.models import Organisation, OrganisationKind
from tanhe.plans.display import facility_rows as plan_facility_rows
from tanhe.plans.display import value_label
from tanhe.plans.models import PlanBasicInfo, PlanUnit

from . import calculation, selectors
from .completeness import missing_test_fields, tested, warnings
from .labels import (
    TEST_PARAMETERS,
    fuel_name,
    lang,
    listed,
    row_label,
    table_label,
    test_basis,
    test_field_label,
    test_parameter,
    test_row_words,
)
from .models import TEST_FIELDS, EvidenceKind, Report, ReportComment, TestRecord
from .problems import shown
from .review_places import visible_to_plant
from .table_display import table_view

# -- the editor's sections ------------------------------------------------------------------------
NAV_GROUPS: tuple[tuple[Any, tuple[tuple[str, Any], ...]], ...] = (
    (_("基本信息"), (("basic", _("企业基本信息")),)),
    (
        _("排放报告"),
        (
            ("fuel", _("燃料信息表")),
            ("electricity", _("购入使用电量表")),
            ("production", _("生产数据表")),
            ("tests", _("确定方式表")),
            ("facilities", _("生产设施表")),
            ("summary", _("信息汇总表")),
        ),
    ),
    (_("材料上传和提交"), (("evidence", _("材料上传和下载")), ("submit", _("提交确认")))),
)
SECTIONS: dict[str, Any] = {key: label for _g, items in NAV_GROUPS for key, label in items}
SECTION_KEYS: list[str] = list(SECTIONS)
TABLE_SECTIONS = {
    "fuel": Table.FUEL,
    "electricity": Table.ELECTRICITY,
    "production": Table.PRODUCTION,
}


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Any
    url: str
    current: bool


def nav(report: Report, section: str) -> list[tuple[Any, list[NavItem]]]:
    return [
        (
            group,
            [
                NavItem(key, label, reverse("reports:edit", args=[report.pk, key]), key == section)
                for key, label in items
            ],
        )
        for group, items in NAV_GROUPS
    ]


def next_section(report: Report, section: str) -> NavItem | None:
    index = SECTION_KEYS.index(section)
    if index + 1 >= len(SECTION_KEYS):
        return None
    key = SECTION_KEYS[index + 1]
    return NavItem(key, SECTIONS[key], reverse("reports:edit", args=[report.pk, key]), False)


def authority_name(report: Report) -> str:
    """报送主管部门: as the plan names it, else the province's authority."""
    basic = getattr(report.plan_version, "basic", None)
    if basic is not None and basic.authority_name:
        return basic.authority_name
    authority = Organisation.objects.filter(
        kind=OrganisationKind.AUTHORITY, province_id=report.enterprise.province_id
    ).first()
    return authority.name if authority else ""


# -- 自动计算 changes ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ChangeRow:
    unit: str
    table: str
    fuel: str
    month: int
    field: str
    old: str
    new: str
    edited: bool


def change_rows(report: Report, changes: Iterable[Any]) -> list[ChangeRow]:
    names = {u.pk: u.name for u in calculation.reporting_units(report)}
    rows = []
    for change in changes:
        unit_id, table, fuel, key, month = change.place
        row = FORM_ROWS.get((Table(table), key))
        rows.append(
            ChangeRow(
                names.get(unit_id, str(_("全厂"))),
                table_label(table),
                fuel_name(fuel) if fuel else "",
                month,
                row_label(row) if row else key,
                change.old,
                change.new,
                change.edited,
            )
        )
    return rows


# -- 确定方式表 ---------------------------------------------------------------------------------
@dataclass
class TestRowView:
    unit: PlanUnit
    fuel: str
    parameter: str
    parameter_label: Any
    month: int
    record: TestRecord | None
    values: dict[str, str]
    first: bool  # the first month of its parameter (rowspan)
    error: str = ""
    tested: bool = False  # the month's value rests on a test: the row is required
    missing: list[str] = dataclasses.field(default_factory=list)  # required fields still empty

    def name(self, field_name: str) -> str:
        return f"t:{self.unit.pk}:{self.fuel}:{self.parameter}:{self.month}:{field_name}"

    @property
    def where(self) -> str:
        return test_row_words(self.unit.name, self.fuel, self.parameter, self.month)

    @property
    def fields(self) -> list[tuple[str, str, str]]:
        return [(f, self.name(f), self.values.get(f, "")) for f in TEST_FIELDS]

    @property
    def basis(self) -> str:
        """How the month's value is determined, in words (the table's 确定方式 column)."""
        return test_basis(self.parameter, self.tested)

    @property
    def missing_text(self) -> str:
        return listed(test_field_label(f) for f in self.missing)


@dataclass
class TestBlock:
    unit: PlanUnit
    fuel: str
    title: str
    rows: list[TestRowView]

    @property
    def filled(self) -> list[TestRowView]:
        """The rows with a record (what a read-only page lists)."""
        return [row for row in self.rows if row.record is not None]


def test_blocks(report: Report, typed: Mapping[str, str] | None = None) -> list[TestBlock]:
    records = {
        (t.unit_id, t.fuel, test_parameter(t.parameter), t.month): t
        for t in report.test_records.all()
    }
    result = calculation.outcome(report).result
    needed = tested(report, result) if result is not None else set()
    blocks = []
    for unit in calculation.reporting_units(report):
        for fuel in unit.fuel_names:
            rows = []
            for parameter, label in TEST_PARAMETERS.items():
                for month in MONTHS:
                    record = records.get((unit.pk, fuel, parameter, month))
                    row = TestRowView(unit, fuel, parameter, label, month, record, {}, month == 1)
                    for f in TEST_FIELDS:
                        stored = _record_text(record, f)
                        row.values[f] = (typed or {}).get(row.name(f), stored)
                    row.tested = (unit.pk, fuel, parameter, month) in needed
                    if row.tested:
                        row.missing = missing_test_fields(parameter, row.values)
                    rows.append(row)
            blocks.append(TestBlock(unit, fuel, f"{unit.name} {fuel_name(fuel)}", rows))
    return blocks


def _record_text(record: TestRecord | None, field_name: str) -> str:
    if record is None:
        return ""
    value = getattr(record, field_name)
    if isinstance(value, date):
        return value.isoformat()
    return value or ""


# -- comments of earlier versions ------------------------------------------------------------------
def return_comments(report: Report) -> list[ReportComment]:
    """The authority's comments on the versions before this one (newest first)."""
    chain = []
    previous = report.previous
    while previous is not None:
        chain.append(previous.pk)
        previous = previous.previous
    if report.is_frozen:
        chain.append(report.pk)
    comments = (
        ReportComment.objects.filter(report_id__in=chain)
        .select_related("author", "author__organisation", "report", "unit")
        .order_by("-created_at", "-id")
    )
    return visible_to_plant(comments)  # a version still waiting: the reviewer's notes so far


# -- 基本信息, 生产设施表, 材料 -------------------------------------------------------------------
BASIC_FIELDS = (
    "name", "code_type", "credit_code", "permit_number", "registered_address",
    "production_address", "registration_date", "registered_capital", "nature",
    "legal_representative", "province", "city", "district", "postcode", "industry_code",
)  # fmt: skip
MONO_FIELDS = {"credit_code", "permit_number", "postcode", "industry_code"}


@dataclass(frozen=True)
class Item:
    label: str
    value: str
    mono: bool = False


def basic_items(report: Report) -> list[Item]:
    """企业基本信息 from the plan version the report is bound to (read-only here)."""
    basic = getattr(report.plan_version, "basic", None)
    if basic is None:
        return []
    return [
        Item(
            str(PlanBasicInfo._meta.get_field(name).verbose_name),
            value_label(name, getattr(basic, name)),
            name in MONO_FIELDS,
        )
        for name in BASIC_FIELDS
    ]


def facility_rows(report: Report) -> list[Any]:
    """生产设施表: the plan version's facilities, by unit (the plan's own display)."""
    version = report.plan_version
    units = list(version.units.order_by("position", "id"))
    return plan_facility_rows(units, version.facilities.all())


@dataclass
class EvidenceRow:
    kind: str
    label: str
    required: bool
    evidence: Any  # ReportEvidence | None


def evidence_rows(report: Report) -> tuple[list[EvidenceRow], list[Any]]:
    """The 12 required types (one file each, a zip allowed) and the 其他 files."""
    files = list(report.evidence.select_related("file").order_by("kind", "added_at", "id"))
    by_kind = {e.kind: e for e in files if e.kind != EvidenceKind.OTHER}
    required = [
        EvidenceRow(kind, str(EvidenceKind(kind).label), True, by_kind.get(kind))
        for kind, _label in REQUIRED_EVIDENCE
    ]
    return required, [e for e in files if e.kind == EvidenceKind.OTHER]


def report_body(report: Report) -> dict[str, Any]:
    """Everything a read-only report shows (the enterprise's 查看 and the authority's review)."""
    outcome = calculation.outcome(report)
    sealed = selectors.sealed_months(report)
    tables = [
        table_view(report, t, result=outcome.result, sealed=sealed, editable=False) for t in Table
    ]
    rows, total = selectors.summary(report, outcome)
    required, others = evidence_rows(report)
    return {
        "basic_items": basic_items(report),
        "tables": tables,
        "test_blocks": test_blocks(report),
        "facility_rows": facility_rows(report),
        "summary_rows": rows,
        "summary_total": total,
        "required_evidence": required,
        "other_evidence": others,
        "engine_errors": outcome.messages(lang()),
        "warnings": shown(warnings(report, outcome.result), selectors.unit_names(report))
        if outcome.result
        else [],
        "submission": getattr(report, "submission", None) if report.is_frozen else None,
        "authority_name": authority_name(report),
    }
