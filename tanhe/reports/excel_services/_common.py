"""Shared by the Excel and JSON imports: who may import into which version, the upload's size,
the entries to save (数据获取方式 and 数据来源 kept from the platform), the one ``save_cells``
call and the import's audit row."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.audit.services import record
from tanhe.inputs import shorten
from tanhe.plans.models import PlanUnit

from .. import calculation, services
from ..excel.book import Place
from ..excel.refusals import Problem, WorkbookRejected
from ..models import Mode, Origin, Report
from ..services import CellErrors, CellInput

MAX_JSON_BYTES = 5 * 1024 * 1024  # as the calculator's plant-year upload


@dataclass(frozen=True)
class Imported:
    """What an import changed: values, 确定方式表 records, fuel months of daily records."""

    cells: int = 0
    tests: int = 0
    daily: int = 0
    ignored: int = 0  # grey cells changed in the file (not imported)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.cells or self.tests or self.daily)


def _guard(actor: User, report: Report) -> Report:
    """The filer of the enterprise, into an editable draft (the services check again)."""
    report = Report.objects.select_related("enterprise", "plan_version").get(pk=report.pk)
    perm.require(perm.can_file(actor, report.enterprise), _("只有本单位的报送账号可以填报排放报告"))
    if report.is_frozen:
        words = {"year": report.year, "n": report.number, "state": report.get_state_display()}
        raise WorkbookRejected([Problem(_("%(year)s年报第%(n)s版%(state)s，不能修改") % words)])
    return report


def _size(data: bytes, name: str, limit: int) -> None:
    name = shorten(name)
    if not data:
        raise WorkbookRejected([Problem(_("文件“%(name)s”是空文件") % {"name": name})])
    if len(data) > limit:
        raise WorkbookRejected([Problem(
            _("文件“%(name)s”超过上限 %(limit)s MB") % {"name": name, "limit": limit // 1048576}
        )])  # fmt: skip


def _units_by_name(report: Report) -> dict[str, PlanUnit]:
    """The reporting units and the members of 合并填报 rows (their running hours are entered)."""
    units = {}
    for unit in calculation.reporting_units(report):
        units[unit.name] = unit
        units |= {m.name: m for m in calculation.members_of(unit)}
    return units


def _cell_inputs(report: Report, wanted: list[tuple[Place, str]]) -> list[CellInput]:
    """CellInputs for the places to change; 数据获取方式 and 数据来源 stay as the platform has
    them for an entry of the enterprise's, a new value is 实测值."""
    units = _units_by_name(report)
    by_id = {u.pk: u.name for u in units.values()}
    existing = {
        (by_id.get(c.unit_id, ""), c.table, c.fuel, c.key, c.month): c for c in report.cells.all()
    }
    out = []
    for place, text in wanted:
        unit, table, fuel, key, month = place
        cell = existing.get(place)
        user = cell is not None and cell.origin == Origin.USER
        mode = cell.mode if user and cell.mode else Mode.MEASURED
        source = cell.source if user else ""
        out.append(CellInput(units.get(unit), table, fuel, key, month, text, mode, source))
    return out


def _save_cells(actor: User, report: Report, entries: list[CellInput]) -> None:
    if not entries:
        return
    try:
        services.save_cells(actor=actor, report=report, entries=entries)
    except CellErrors as exc:
        raise WorkbookRejected([Problem(p) for p in exc.problems]) from None


def _audit(
    actor: User, report: Report, action: Action, name: str, data: bytes, done: Imported
) -> None:
    record(
        actor=actor,
        action=action,
        obj=report,
        organisation=report.enterprise,
        changes={"sha256": (None, hashlib.sha256(data).hexdigest())},
        note=f"{name}：{done.cells} 个数值，{done.tests} 条确定方式记录，{done.daily} 个月日记录",
    )


def upload_limit(kind: str) -> int:
    """Bytes an upload may have: an .xlsx as any stored file, a JSON as the calculator's."""
    return settings.FILE_MAX_BYTES if kind == "excel" else MAX_JSON_BYTES
