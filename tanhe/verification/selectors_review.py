"""Reads of the document review (文件评审, guide 4.3): the report's files the team may cite, the
plant's units as the checklist names them, the checks engine's stored findings in words, and the
review page's checklist grouped by table."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from tanhe.checks import checklist
from tanhe.checks.findings import Finding
from tanhe.checks.ranges import ranges
from tanhe.documents.models import StoredFile
from tanhe.plans.models import PlanUnit
from tanhe.reports import problems
from tanhe.reports.calculation import reporting_units
from tanhe.reports.checking import PLANT_NAME
from tanhe.reports.labels import fuel_name, lang
from tanhe.reports.models import Report, ValueEvidence
from tanhe.reports.places import Place

from .models import ChecklistItem, Conclusion, FindingDecision, FindingReview, ItemRecord, Task


# -- the report's files ---------------------------------------------------------------------------
def report_files(report: Report) -> list[tuple[StoredFile, str]]:
    """The files the report offers as proof, each with what it is: its attachments (材料上传),
    the stamped scan, and the 月度存证 files of its year's values."""
    out: list[tuple[StoredFile, str]] = []
    for e in report.evidence.select_related("file").order_by("kind", "added_at"):
        out.append((e.file, e.title or e.get_kind_display()))
    if report.stamped_pdf is not None:
        out.append((report.stamped_pdf, _("盖章扫描版排放报告")))
    values = ValueEvidence.objects.filter(enterprise_id=report.enterprise_id, year=report.year)
    for v in values.select_related("file").order_by("unit_name", "month", "table", "fuel", "key"):
        unit = None if v.unit_name == PLANT_NAME else 0
        place = Place(unit, v.table, v.fuel, v.key, v.month)
        out.append((v.file, problems.place_words(place, {0: v.unit_name})))
    seen: set[int] = set()
    unique = []
    for stored, label in out:  # a file attached twice is offered once
        if stored.pk not in seen:
            seen.add(stored.pk)
            unique.append((stored, label))
    return unique


# -- the units as the checklist and the findings name them ----------------------------------------
def plant_units(report: Report) -> list[PlanUnit]:
    """The rows the report is filled for (single units and 合并填报 rows)."""
    return reporting_units(report)


def unit_refs(units: Iterable[PlanUnit]) -> list[checklist.UnitRef]:
    """The checklist's units: keyed by the plan unit's id (names may hold "/"), with its fuels."""
    return [checklist.unit_ref(str(u.pk), u.name, list(u.fuel_names)) for u in units]


# -- a stored finding in words --------------------------------------------------------------------
def finding_of(data: dict[str, Any]) -> Finding:
    """The :class:`Finding` back from its stored ``finding_dict``."""
    effect = data.get("effect_tco2")
    return Finding(
        rule=data["rule"],
        unit=data.get("unit"),
        fuel=data.get("fuel"),
        month=data.get("month"),
        field=data.get("field"),
        observed=data.get("observed"),
        expected=data.get("expected"),
        params=dict(data.get("params") or {}),
        evidence=tuple(data.get("evidence") or ()),
        effect_tco2=Decimal(effect) if effect else None,
    )


def _form_table(finding: Finding) -> str:
    """The report form's table a finding's place lies in (as the report pages place it)."""
    if finding.fuel:
        return "fuel"
    if finding.field and finding.field.startswith("electricity_"):
        return "electricity"
    return "production"


def shown_finding(review: FindingReview, unit_ids: dict[str, int]) -> problems.Shown:
    """Where, what and the clause of a stored finding, in the reader's language, worded as the
    report pages word the engine's findings."""
    f = finding_of(review.finding)
    key = f.field.removeprefix("electricity_") if f.field else ""
    place = Place(unit_ids.get(f.unit or ""), _form_table(f), f.fuel or "", key, f.month or 0)
    problem = problems.Problem(f"check.{f.rule}", place, params={"finding": f})
    return problems.shown([problem], {v: k for k, v in unit_ids.items()})[0]


# -- the page -------------------------------------------------------------------------------------
@dataclass
class ItemView:
    item: ChecklistItem
    spec: checklist.ChecklistSpec
    title: str
    methods: list[dict[str, Any]]
    ranges: list[str]
    findings: list[tuple[FindingReview, problems.Shown]]
    records: list[ItemRecord]

    @property
    def open_findings(self) -> int:
        return sum(1 for f, _s in self.findings if f.decision == FindingDecision.OPEN)

    @property
    def is_open(self) -> bool:
        return self.item.conclusion == Conclusion.OPEN or self.open_findings > 0


@dataclass
class TableView:
    table: int
    title: str
    items: list[ItemView] = field(default_factory=list)

    @property
    def open_findings(self) -> int:
        return sum(i.open_findings for i in self.items)

    @property
    def concluded(self) -> int:
        return sum(1 for i in self.items if i.item.conclusion != Conclusion.OPEN)


def table_heading(table: int) -> str:
    """表7 燃煤消耗量的核查; 0 holds §5.4.1's general requirements, which no table carries."""
    if table == 0:
        return _("5.4.1 数据核查的一般要求（无对应表格）")
    return _("表%(n)s %(title)s") % {"n": table, "title": checklist.table_title(table, lang())}


def _item_title(item: ChecklistItem, spec: checklist.ChecklistSpec) -> str:
    title = spec.title_en if lang() == "en" else spec.title
    parts = [title]
    if item.unit is not None:
        parts.append(item.unit.name)
    if item.fuel:
        parts.append(fuel_name(item.fuel))
    return " · ".join(parts)


def item_label(item: ChecklistItem) -> str:
    """An item as a choice or a reference reads it: “表7 燃煤消耗量 · 1号机组 · 烟煤”."""
    spec = checklist.item(item.key.split("/")[0])
    where = _("表%(n)s") % {"n": item.table} if item.table else spec.section
    return f"{where} {_item_title(item, spec)}"


def _methods(spec: checklist.ChecklistSpec) -> list[dict[str, Any]]:
    en = lang() == "en"
    return [
        {"method": m.method, "text": m.text_en if en else m.text, "mandatory": m.mandatory}
        for m in spec.methods
    ]


def _ranges(spec: checklist.ChecklistSpec) -> list[str]:
    known = ranges()
    en = lang() == "en"
    out = []
    for key in spec.ranges:
        r = known[key]
        out.append(f"{r.label_en if en else r.label_zh}: {r.text}")
    return out


def checklist_tables(
    task: Task, table: int | None = None, only_open: bool = False
) -> list[TableView]:
    """The task's checklist by table in the guide's order (``table``: that table only;
    ``only_open``: items without a conclusion or with a finding not yet decided)."""
    report = task.report
    unit_ids = {u.name: u.pk for u in plant_units(report)} if report is not None else {}
    specs = {s.id: s for s in checklist.load()}
    items = (
        task.checklist.select_related("unit")
        .prefetch_related(
            Prefetch("findings", queryset=FindingReview.objects.select_related("decided_by")),
            Prefetch(
                "records",
                queryset=ItemRecord.objects.select_related("author").prefetch_related("files"),
            ),
        )
        .order_by("position", "pk")
    )
    if table is not None:
        items = items.filter(table=table)
    by_table: dict[int, TableView] = {}
    for item in items:
        spec = specs[item.key.split("/", 1)[0]]
        view = ItemView(
            item=item,
            spec=spec,
            title=_item_title(item, spec),
            methods=_methods(spec),
            ranges=_ranges(spec),
            findings=[(f, shown_finding(f, unit_ids)) for f in item.findings.all()],
            records=list(item.records.all()),
        )
        if only_open and not view.is_open:
            continue
        if item.table not in by_table:
            by_table[item.table] = TableView(item.table, table_heading(item.table))
        by_table[item.table].items.append(view)
    return [by_table[t] for t in sorted(by_table, key=lambda t: (t == 0, t))]


def summary(task: Task) -> dict[str, int]:
    """What the page's head counts: items (concluded, not conforming), findings (open)."""
    items = task.checklist.all()
    findings = task.findings.all()
    return {
        "items": items.count(),
        "concluded": items.exclude(conclusion=Conclusion.OPEN).count(),
        "nonconforming": items.filter(conclusion=Conclusion.NONCONFORMS).count(),
        "findings": findings.count(),
        "findings_open": findings.filter(decision=FindingDecision.OPEN).count(),
        "findings_confirmed": findings.filter(decision=FindingDecision.CONFIRMED).count(),
    }


def tables_present(task: Task) -> list[tuple[int, str]]:
    """The tables the task's checklist has (for the filter), with their headings."""
    present = sorted(set(task.checklist.values_list("table", flat=True)), key=lambda t: (t == 0, t))
    return [(t, table_heading(t)) for t in present]


def by_unit_name(units: Iterable[PlanUnit]) -> dict[str, int]:
    return {u.name: u.pk for u in units}


def group_counts(items: Iterable[ChecklistItem]) -> dict[int, int]:
    """Items per table (the tests and the start message count them)."""
    out: dict[int, int] = defaultdict(int)
    for i in items:
        out[i.table] += 1
    return dict(out)
