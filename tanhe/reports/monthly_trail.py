"""The month's audit trail, oldest first: its seals and amendments, the files attached to its
values, its 确定方式表 records, and the report's value changes that touched the month — each
audit row worded as lines of what changed ("1号机组 烟煤 消耗量：12 → 13")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanhe.accounting.report_form import ROW_BY_KEY as FORM_ROWS
from tanhe.accounting.report_form import STATE_KEY, Table
from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry

from . import calculation, services
from .labels import fuel_name, row_label, state_label
from .models import Mode, MonthFiling, Origin, Report, TestRecord, ValueEvidence
from .monthly_changes import test_field_label, test_place

REPORT_ACTIONS = (
    Action.REPORT_CELLS,
    Action.REPORT_AUTOCALC,
    Action.REPORT_DAILY,
    Action.REPORT_HEAT,
)
# What a cell's audit label may end with besides its month: the mode, source and origin of
# the value are sealed content too.
CELL_ASPECTS = {
    "mode": gettext_lazy("数据获取方式"),
    "source": gettext_lazy("数据来源"),
    "origin": gettext_lazy("填报方式"),
}


@dataclass
class AuditLine:
    entry: AuditEntry
    label: str
    details: list[str]

    @property
    def kind(self) -> str:
        return self.entry.action.rsplit(".", 1)[-1]


def month_audit(report: Report, month: int) -> list[AuditLine]:
    """The month's trail, oldest first: its seals and amendments (report.month.*), the files
    attached to its values (report.value_evidence.*), and this report's value changes that
    touched the month."""
    filing = MonthFiling.objects.filter(
        enterprise=report.enterprise, year=report.year, month=month
    ).first()
    evidence = {
        str(e.pk): e
        for e in ValueEvidence.objects.filter(
            enterprise=report.enterprise, year=report.year, month=month
        ).select_related("file")
    }
    tests = {str(t.pk): t for t in report.test_records.filter(month=month).select_related("unit")}
    query = _month_query(report, filing, evidence, tests)
    names = {u.pk: u.name for u in calculation.reporting_units(report)}
    lines = []
    for entry in AuditEntry.objects.filter(query, organisation=report.enterprise).order_by(
        "at", "id"
    ):
        label = entry.get_action_display()
        if entry.action in REPORT_ACTIONS:
            details = _month_changes(entry.changes, month, names)
            if not details:
                continue
        elif entry.action == Action.REPORT_MONTH_SEAL:
            old, new = entry.changes.get("sha256", [None, None])
            details = [f"SHA-256 {new}"]
            if old:
                label = _("重新存证")
                details.append(_("上次存证 SHA-256 %(sha)s") % {"sha": old})
        elif entry.action == Action.REPORT_MONTH_AMEND:
            details = [_("修改原因：%(reason)s") % {"reason": entry.note}]
        elif entry.action == Action.REPORT_TEST_RECORD:
            details = _test_changes(entry.changes, tests[entry.object_id])
        else:
            ev = evidence.get(entry.object_id)
            details = [_evidence_text(ev)] if ev else [entry.note]
        lines.append(AuditLine(entry, label, details))
    return lines


def _month_query(
    report: Report,
    filing: MonthFiling | None,
    evidence: Mapping[str, ValueEvidence],
    tests: Mapping[str, TestRecord],
) -> Q:
    """The month's audit rows: its files' and 确定方式表 records', the report's value changes
    (filtered by month afterwards) and, once filed, its seals and amendments."""
    query = Q(
        action__in=(Action.REPORT_VALUE_EVIDENCE_ADD, Action.REPORT_VALUE_EVIDENCE_REMOVE),
        object_type=ValueEvidence._meta.label_lower,
        object_id__in=list(evidence),
    ) | Q(
        action__in=REPORT_ACTIONS,
        object_type=Report._meta.label_lower,
        object_id=str(report.pk),
    )
    query |= Q(
        action=Action.REPORT_TEST_RECORD,
        object_type=TestRecord._meta.label_lower,
        object_id__in=list(tests),
    )
    if filing is not None:
        query |= Q(
            action__in=(Action.REPORT_MONTH_SEAL, Action.REPORT_MONTH_AMEND),
            object_type=MonthFiling._meta.label_lower,
            object_id=str(filing.pk),
        )
    return query


def _evidence_text(ev: ValueEvidence) -> str:
    row = FORM_ROWS.get((Table(ev.table), ev.key)) if ev.table in set(Table) else None
    parts = [ev.unit_name]
    if ev.fuel:
        parts.append(fuel_name(ev.fuel))
    parts.append(row_label(row) if row else ev.key)
    return _("%(where)s：%(file)s（SHA-256 %(sha)s…）") % {
        "where": " ".join(parts),
        "file": ev.file.original_name,
        "sha": ev.file.sha256[:16],
    }


def _change(where: str, old: str, new: str) -> str:
    """One line of a change list: "1号机组 烟煤 消耗量：12 → 13"."""
    return _("%(where)s：%(old)s → %(new)s") % {"where": where, "old": old, "new": new}


def _test_changes(changes: Mapping[str, Any], record_: TestRecord) -> list[str]:
    place = test_place(
        {"unit": record_.unit.name, "fuel": record_.fuel, "parameter": record_.parameter}
    )
    out = []
    for name, pair in changes.items():
        old, new = [*list(pair), None, None][:2]
        label = test_field_label(name) if name in services.TEST_FIELDS else name
        out.append(_change(f"{place} {label}", old or "—", new or "—"))
    return out


def _month_changes(changes: Mapping[str, Any], month: int, names: Mapping[int, str]) -> list[str]:
    """The changes of a report-wide audit row that concern ``month``, readable: values, and
    their mode, source and origin ("…/<month>/mode")."""
    out = []
    for label, pair in changes.items():
        parts = label.split("/")
        aspect = parts.pop() if parts and parts[-1] in CELL_ASPECTS else ""
        if not parts or parts[-1] != str(month):
            continue
        old, new = [*list(pair), None, None][:2]
        if aspect == "mode":
            old, new = (str(Mode(v).label) if v in set(Mode) else v for v in (old, new))
        elif aspect == "origin":
            old, new = (str(Origin(v).label) if v in set(Origin) else v for v in (old, new))
        what = _changed_place(parts, names)
        if aspect:
            what = f"{what} · {CELL_ASPECTS[aspect]}"
        old, new = (state_label(v) if v not in (None, "") else "—" for v in (old, new))
        out.append(_change(what, old, new))
    return out


def _changed_place(parts: list[str], names: Mapping[int, str]) -> str:
    """What an audit label's parts name (its month last, its aspect removed): a value
    ("<unit pk|plant>/<table>/<fuel|->/<key>/<month>"), a unit's heat measurements
    ("<unit name>/<month>") or a fuel's daily records ("<unit name>/<fuel>/<month>")."""
    if len(parts) == 5:
        unit, table, fuel, key, _m = parts
        unit_name = names.get(int(unit), unit) if unit.isdigit() else _("全厂")
        row = FORM_ROWS.get((Table(table), key)) if table in set(Table) else None
        return " ".join(
            x
            for x in (
                unit_name,
                fuel_name(fuel) if fuel != "-" else "",
                row_label(row) if row else (_("燃料状态") if key == STATE_KEY else key),
            )
            if x
        )
    if len(parts) == 2:  # report.heat: "<unit name>/<month>" → measurement counts
        heat, count = _("供热计量"), _("记录条数")
        return f"{parts[0]} {heat} {count}"
    # report.daily: "<unit name>/<fuel>/<month>" → record counts
    return " ".join(x for x in (parts[0], fuel_name(parts[1]) if len(parts) > 2 else "")
                    if x) + " " + _("记录条数")  # fmt: skip
