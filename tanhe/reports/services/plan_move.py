"""Moving a draft report onto a newer plan version (glossary: 迁移到新版计划).

The target is the plan in force — the latest submitted or approved version, the one a report
created now would be bound to (seed 000 FAQ 2: 质量控制计划提交后，方可创建排放报告) — when it is
newer than the report's. Units are matched across versions **by name**, as the 修订记录 compares
versions and as files and sealed months keep their unit (``selectors.plan_content``,
``ValueEvidence.unit_name``, ``MonthFiling.content``): a revision copies every unit under its
name, and a unit renamed in a revision is a unit removed and one added. Everything of a matched
unit moves to the new version's row in one transaction, audited; a value whose unit or fuel the
new version no longer has (unit removed, fuel removed, unit merged into a 合并填报 row) refuses
the move until the enterprise has cleared it — nothing is dropped silently. What only 自动计算
had filled there goes (it is recomputed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tanhe.accounting.fuels import fuel_label
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.fingerprint import fingerprint
from tanhe.plans.models import PlanUnit, PlanVersion

from ..models import Report, ReportState
from ._common import _audit, _editable, plan_in_force
from .binding import ROW_MODELS, Value, ValuesHeld, clear, fits, places, value_lines, values_of

UNIT_ATTRIBUTES = ("unit_type", "subtype", "fuel_type", "capacity_mw")


@dataclass(frozen=True, slots=True)
class UnitChange:
    """A unit matched by name whose reading changes: fuels, 合并填报, type or capacity."""

    name: str
    fuels_added: list[str] = field(default_factory=list)  # fuel keys
    fuels_removed: list[str] = field(default_factory=list)
    merge_before: str = ""  # "" = unchanged; else how the unit was / is reported
    merge_after: str = ""
    attributes: list[tuple[str, Any, Any]] = field(default_factory=list)  # field, old, new


@dataclass(frozen=True)
class MovePreview:
    """What moving ``report`` onto ``target`` changes, before the enterprise confirms."""

    report: Report
    source: PlanVersion
    target: PlanVersion
    units_added: list[str]
    units_removed: list[str]
    changed: list[UnitChange]
    blocking: list[Value]  # held values that would lose their place: the move is refused
    moving: int  # rows that follow their unit to the new version
    clearing: int  # computed or empty rows whose place goes (recomputed by 自动计算)
    mapping: dict[int, int]  # old unit id → new unit id (same name)
    drop: list[Value]

    @property
    def can_move(self) -> bool:
        return not self.blocking

    @property
    def blocking_lines(self) -> list[str]:
        return value_lines(self.blocking, with_report=False)

    @property
    def fingerprint(self) -> str:
        """What the enterprise confirms: the listing it saw (as ``autocalc``'s confirmation)."""
        parts = [
            f"{self.report.pk}:{self.source.pk}>{self.target.pk}",
            "+" + "|".join(self.units_added),
            "-" + "|".join(self.units_removed),
            *(repr(c) for c in self.changed),
            *self.blocking_lines,
            f"{self.moving}/{self.clearing}",
        ]
        return fingerprint(parts)


def newer_plan(report: Report) -> PlanVersion | None:
    """The plan version a draft can move onto: the plan in force, if newer than its own."""
    if report.state != ReportState.DRAFT:
        return None
    plan = plan_in_force(report.enterprise)
    if plan is None or plan.number <= report.plan_version.number:
        return None
    return plan


def _merge_text(unit: PlanUnit, units: dict[int, PlanUnit]) -> str:
    if unit.is_merged:
        members = sorted(
            (u for u in units.values() if u.merged_into_id == unit.pk),
            key=lambda u: (u.position, u.pk),
        )
        return _("合并填报（%(members)s）") % {"members": "、".join(m.name for m in members)}
    if unit.merged_into_id is not None:
        return _("合并填报于“%(row)s”") % {"row": units[unit.merged_into_id].name}
    return _("单独填报")


def move_preview(report: Report, target: PlanVersion) -> MovePreview:
    """The units added and removed, each matched unit's fuels added and removed, 合并填报 and
    type or capacity changes, and the values the move would move, clear — or cannot keep."""
    source = report.plan_version
    old = {u.pk: u for u in source.units.order_by("position", "id")}
    new = {u.pk: u for u in target.units.order_by("position", "id")}
    new_by_name = {u.name: u for u in new.values()}
    old_names = {u.name for u in old.values()}
    mapping = {pk: new_by_name[u.name].pk for pk, u in old.items() if u.name in new_by_name}
    changed = []
    for pk, unit in old.items():
        if pk not in mapping:
            continue
        other = new[mapping[pk]]
        before, after = _merge_text(unit, old), _merge_text(other, new)
        change = UnitChange(
            unit.name,
            fuels_added=[f for f in other.fuel_names if f not in unit.fuel_names],
            fuels_removed=[f for f in unit.fuel_names if f not in other.fuel_names],
            merge_before=before if before != after else "",
            merge_after=after if before != after else "",
            attributes=[
                (f, getattr(unit, f), getattr(other, f))
                for f in UNIT_ATTRIBUTES
                if getattr(unit, f) != getattr(other, f)
            ],
        )
        if change != UnitChange(unit.name):
            changed.append(change)
    then, now = places(source), places(target)
    where = {pk: now[mapping[pk]] for pk in mapping}
    then_by_name = {p.name: p for p in then.values()}
    now_by_name = {p.name: p for p in now.values()}
    blocking, drop, moving = [], [], 0
    for value in values_of(report, {pk: u.name for pk, u in old.items()}):
        place = now_by_name.get(value.name) if value.unit is None else where.get(value.unit)
        if fits(value, place):
            moving += value.unit is not None
        elif not value.held:
            drop.append(value)
        elif fits(value, then_by_name.get(value.name) if value.unit is None else then[value.unit]):
            blocking.append(value)
        # else: held but already without a place before (data older than this rule): it stays
        # on its old unit row, untouched, as it was
    return MovePreview(
        report=report,
        source=source,
        target=target,
        units_added=[u.name for u in new.values() if u.name not in old_names],
        units_removed=[u.name for pk, u in old.items() if pk not in mapping],
        changed=changed,
        blocking=blocking,
        moving=moving,
        clearing=len(drop),
        mapping=mapping,
        drop=drop,
    )


@dataclass(frozen=True)
class MoveOutcome:
    applied: bool
    preview: MovePreview
    stale: bool = False  # the listing confirmed is no longer what the move would do


@transaction.atomic
def move_report_to_plan(
    *,
    actor: User,
    report: Report,
    version: PlanVersion,
    confirm: bool = False,
    expected: str | None = None,
) -> MoveOutcome:
    """迁移到新版计划: without ``confirm``, only the preview; with it (and, given ``expected``,
    only if the preview is still the one confirmed), move the draft onto ``version``."""
    report = _editable(actor, report)
    if report.state != ReportState.DRAFT:
        raise ValidationError(_("只有草稿可以迁移到新版质量控制计划"))
    target = newer_plan(report)
    if target is None or target.pk != version.pk:
        raise ValidationError(
            _("只能迁移到比第%(n)s版更新的、已提交或已通过的质量控制计划（现行版本）")
            % {"n": report.plan_version.number}
        )
    preview = move_preview(report, target)
    if not confirm:
        return MoveOutcome(False, preview)
    if expected is not None and preview.fingerprint != expected:
        return MoveOutcome(False, preview, stale=True)
    if preview.blocking:
        raise ValuesHeld(
            [
                _("迁移后，以下数值将没有对应的机组或燃料，不能迁移："),
                *preview.blocking_lines,
                _(
                    "请先在报告中清除这些数值（已存证的月份须先提出修改申请并说明原因），"
                    "或修订质量控制计划保留这些机组和燃料。"
                ),
            ],
            preview.blocking,
        )
    cleared = clear(
        preview.drop,
        actor=actor,
        note=f"迁移到质量控制计划第{target.number}版",
    )
    for model in ROW_MODELS.values():
        for old, new in preview.mapping.items():
            model.objects.filter(report=report, unit_id=old).update(unit_id=new)
    before = report.plan_version.number
    report.plan_version = target
    report.save(update_fields=["plan_version", "updated_at"])

    def fuel_names(keys: list[str]) -> str:  # the audit trail is kept in Chinese
        return "、".join(fuel_label(k) for k in keys)

    notes = [f"迁移 {preview.moving} 条记录，清除 {cleared} 个自动计算或空白的格"]
    if preview.units_added:
        notes.append("新增机组：" + "、".join(preview.units_added))
    if preview.units_removed:
        notes.append("删除机组：" + "、".join(preview.units_removed))
    for c in preview.changed:
        if c.fuels_added:
            notes.append(f"{c.name} 新增燃料：{fuel_names(c.fuels_added)}")
        if c.fuels_removed:
            notes.append(f"{c.name} 删除燃料：{fuel_names(c.fuels_removed)}")
    _audit(
        actor,
        Action.REPORT_PLAN_MOVE,
        report,
        report,
        changes={"plan_version": (before, target.number)},
        note="；".join(notes),
    )
    return MoveOutcome(True, preview)
