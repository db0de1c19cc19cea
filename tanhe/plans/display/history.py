"""A plan version's history in words: 修订记录 (the changes between two versions, for the
enterprise's comparison page and the authority's 修订对比) and the audit trail (操作记录)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from tanhe.accounting.fuels import fuel_catalogue
from tanhe.audit.models import AuditEntry
from tanhe.plans.diff import Change
from tanhe.plans.display.labels import (
    EMPTY,
    field_label,
    method_label,
    section_label,
    value_label,
)
from tanhe.plans.parameters import BY_KEY


def row_label(section: str, row: str) -> str:
    """A row key in words: method rows are keyed "<unit> <parameter>[ <fuel>]" (diff, audit)
    and read "1号机组 烟煤消耗量"; other rows are named by their key already."""
    if section != "methods" or not row:
        return row
    parts = row.split(" ")
    fuel = ""
    if len(parts) >= 3 and parts[-1] in fuel_catalogue() and parts[-2] in BY_KEY:
        fuel = parts.pop()
    if len(parts) < 2 or parts[-1] not in BY_KEY:
        return row
    parameter = parts.pop()
    return f"{' '.join(parts)} {method_label(parameter, fuel)}"


# -- 修订记录 --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DiffRow:
    row: str
    field: str  # the changed field's label; "" for a row added or removed
    kind: str  # changed | added | removed
    old: str
    new: str
    details: list[tuple[str, str]]  # an added or removed row's content


@dataclass(frozen=True)
class DiffSection:
    label: str
    rows: list[DiffRow]


def _details(content: object) -> list[tuple[str, str]]:
    if not isinstance(content, dict):
        return []
    return [
        (field_label(k), value_label(k, v))
        for k, v in content.items()
        if v not in (None, "", [], False)
    ]


def diff_sections(changes: Iterable[Change]) -> list[DiffSection]:
    """The changes by section, each with its rows in words."""
    sections: dict[str, DiffSection] = {}
    for change in changes:
        section = sections.setdefault(
            change.section, DiffSection(label=section_label(change.section), rows=[])
        )
        changed = change.kind == "changed"
        section.rows.append(
            DiffRow(
                row=row_label(change.section, change.row),
                field=field_label(change.field) if changed else "",
                kind=change.kind,
                old=value_label(change.field, change.old) if changed else "",
                new=value_label(change.field, change.new) if changed else "",
                details=[] if changed else _details(change.new or change.old),
            )
        )
    return list(sections.values())


# -- 操作记录 (labels: tanhe.audit.actions) -------------------------------------------------------
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


def _subject(entry: AuditEntry) -> str:
    if entry.object_type == "plans.planversion":
        return str(_("本版本"))
    if entry.object_type == "plans.planmethod":
        return row_label("methods", entry.object_repr)
    return entry.object_repr


def audit_rows(entries: Iterable[AuditEntry]) -> list[AuditRow]:
    """Who did what, when, with each changed field's old and new value in words."""
    return [
        AuditRow(
            at=entry.at,
            actor=entry.actor_name or EMPTY,
            action=entry.get_action_display(),
            code=entry.action,
            subject=_subject(entry),
            changes=[
                AuditChange(
                    field_label(name), value_label(name, pair[0]), value_label(name, pair[1])
                )
                for name, pair in (entry.changes or {}).items()
                if isinstance(pair, list | tuple) and len(pair) == 2
            ],
            note=entry.note,
        )
        for entry in entries
    ]
