"""Shared by the report services: the guards, the state move, the copy of a version into the
next, the audit helper, the plan in force, the months sealed, the form's decimals and the
constants of the form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from tanhe.accounting.report_form import Table
from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Organisation, User
from tanhe.audit.actions import Action
from tanhe.audit.services import record
from tanhe.plans.models import PlanState, PlanVersion

from ..models import (
    STEAM_BALANCE_FIELDS,
    TEST_FIELDS,
    TRANSITIONS,
    AllocatedFuel,
    DailyFuelRecord,
    HeatMeasurement,
    Report,
    ReportCell,
    ReportEvidence,
    ReportState,
    TestRecord,
)
from ..problems import Problem, text
from ..scan_check import ScanProblem, message

SOURCE_MAX = 200  # ReportCell.source
# 合并填报: the one value entered per member unit rather than for the merged row
MEMBER_ROW = (Table.PRODUCTION, "running_hours")
PLANT_NAME = "全厂"  # ValueEvidence.unit_name of plant-level rows
CONTACT_FIELDS = ("contact_person", "contact_phone", "contact_email")
PDF_ONLY = frozenset({"pdf"})


class CellErrors(ValidationError):
    """Entries refused, nothing saved: ``items`` are the problems as data (each at its place:
    pages mark the cells by ``problem.place.name``), ``problems`` the same in words."""

    def __init__(self, items: Sequence[Problem], units: Mapping[int, str]) -> None:
        self.items = list(items)
        self.problems = [text(p, units) for p in self.items]
        super().__init__(self.problems)

    @property
    def places(self) -> set[str]:
        """The names of the places the problems concern (``Place.name``)."""
        return {place.name for p in self.items for place in p.places}


class SubmissionRefused(ValidationError):
    """What stops a submission: ``items`` as data, ``problems`` in words."""

    def __init__(self, items: Sequence[Problem], units: Mapping[int, str]) -> None:
        self.items = list(items)
        self.problems = [text(p, units) for p in self.items]
        super().__init__(self.problems)


class StampedScanRefused(ValidationError):
    """The stamped scan is not this report as it stands: ``items`` the problems as data
    (:class:`..scan_check.ScanProblem`, each naming the scan's pages), ``problems`` in words,
    given to the upload's field (``file``)."""

    def __init__(self, items: Sequence[ScanProblem]) -> None:
        self.items = list(items)
        self.problems = [message(p) for p in self.items]
        super().__init__({"file": self.problems})


# -- guards ---------------------------------------------------------------------------------------
def _editable(actor: User, report: Report) -> Report:
    report = Report.objects.select_for_update().select_related("enterprise").get(pk=report.pk)
    perm.require(perm.can_file(actor, report.enterprise), _("只有本单位的报送账号可以填报排放报告"))
    if report.is_frozen:
        raise ValidationError(
            _("%(year)s年报第%(n)s版%(state)s，不能修改")
            % {"year": report.year, "n": report.number, "state": report.get_state_display()}
        )
    return report


def _move(report: Report, to: str, *, refused: str = "") -> str:
    """The one way a report's state changes: along ``TRANSITIONS`` (the caller saves and audits).
    Returns the state before; ``refused`` is the refusal, with ``%(n)s`` and ``%(state)s``
    (default: the move named)."""
    before = report.state
    if to not in TRANSITIONS[before]:
        words = {"n": report.number, "state": report.get_state_display()}
        if not refused:
            words["to"] = ReportState(to).label
            refused = _("第%(n)s版%(state)s，不能变为%(to)s")
        raise ValidationError(refused % words)
    report.state = to
    return before


def _audit(actor: User, action: Action, obj: models.Model, report: Report, **kw: Any) -> None:
    record(actor=actor, action=action, obj=obj, organisation=report.enterprise, **kw)


def plan_in_force(enterprise: Organisation) -> PlanVersion | None:
    """The latest submitted or approved plan version (seed 000 FAQ 2)."""
    return (
        enterprise.plan_versions.filter(state__in=(PlanState.SUBMITTED, PlanState.APPROVED))
        .order_by("-number")
        .first()
    )


def copy_version(report: Report, actor: User, **fields: Any) -> Report:
    """The next version of ``report``: a draft holding its values, daily records, 供热计量,
    确定方式表 and files (not its declaration nor its stamped scan: the new version is declared,
    printed and stamped again). It is a 终版 when ``report`` is one, with the same reason;
    ``fields`` set others (``is_final``, ``final_reason``)."""
    draft = Report.objects.create(
        enterprise=report.enterprise,
        year=report.year,
        number=report.number + 1,
        plan_version=report.plan_version,
        previous=report,
        contact_person=report.contact_person,
        contact_phone=report.contact_phone,
        contact_email=report.contact_email,
        split_purchased_electricity=report.split_purchased_electricity,
        autocalc_at=report.autocalc_at,
        created_by=actor,
        **({"is_final": report.is_final, "final_reason": report.final_reason} | fields),
    )
    ReportCell.objects.bulk_create(
        ReportCell(
            report=draft,
            unit_id=c.unit_id,
            table=c.table,
            fuel=c.fuel,
            key=c.key,
            month=c.month,
            value=c.value,
            mode=c.mode,
            origin=c.origin,
            source=c.source,
        )
        for c in report.cells.all()
    )
    TestRecord.objects.bulk_create(
        TestRecord(
            report=draft,
            **{f: getattr(t, f) for f in ("unit_id", "fuel", "parameter", "month", *TEST_FIELDS)},
        )
        for t in report.test_records.all()
    )
    DailyFuelRecord.objects.bulk_create(
        DailyFuelRecord(report=draft, unit_id=d.unit_id, fuel=d.fuel, day=d.day, state=d.state,
                        quantity=d.quantity, ncv=d.ncv, carbon_content=d.carbon_content)
        for d in report.daily_records.all()
    )  # fmt: skip
    HeatMeasurement.objects.bulk_create(
        HeatMeasurement(report=draft, unit_id=h.unit_id, month=h.month, position=h.position,
                        kind=h.kind, mass_t=h.mass_t, enthalpy_kj_per_kg=h.enthalpy_kj_per_kg,
                        temperature_c=h.temperature_c, label=h.label,
                        **{k: getattr(h, k) for k in STEAM_BALANCE_FIELDS})
        for h in report.heat_measurements.all()
    )  # fmt: skip
    ReportEvidence.objects.bulk_create(
        ReportEvidence(report=draft, kind=e.kind, title=e.title, file_id=e.file_id)
        for e in report.evidence.all()
    )
    AllocatedFuel.objects.bulk_create(
        AllocatedFuel(report=draft, fuel=a.fuel) for a in report.allocated_fuels.all()
    )
    return draft
