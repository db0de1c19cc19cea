"""The authority's decision on a submitted report: 退回补正 (a new version) or 通过."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.validators import free_text

from ..models import (
    TEST_FIELDS,
    DailyFuelRecord,
    HeatMeasurement,
    Report,
    ReportCell,
    ReportComment,
    ReportEvidence,
    ReportState,
    TestRecord,
)
from ._common import _audit, _move


# -- authority ------------------------------------------------------------------------------------
def _review(actor: User, report: Report, to: ReportState) -> tuple[Report, str]:
    """The report locked, moved to ``to`` (unsaved) and the state it had."""
    report = Report.objects.select_for_update().select_related("enterprise").get(pk=report.pk)
    perm.require(perm.can_review(actor, report.enterprise), _("只有本省主管部门的审核人可以审核"))
    return report, _move(report, to, refused=_("第%(n)s版%(state)s，不能审核"))


@transaction.atomic
def return_for_correction(*, actor: User, report: Report, text: str) -> Report:
    """退回补正: the submitted version stays as it was; a new draft version copies it."""
    report, before = _review(actor, report, ReportState.RETURNED)
    text = free_text(text, _("退回补正意见"), "text")
    if not text:
        raise ValidationError({"text": _("退回补正须填写意见")})
    ReportComment.objects.create(report=report, author=actor, text=text)
    report.save(update_fields=["state", "updated_at"])
    draft = _copy(report, actor)
    _audit(
        actor,
        Action.REPORT_RETURN,
        report,
        report,
        changes={"state": (before, report.state)},
        note=text,
    )
    return draft


@transaction.atomic
def accept(*, actor: User, report: Report) -> Report:
    report, before = _review(actor, report, ReportState.ACCEPTED)
    report.save(update_fields=["state", "updated_at"])
    _audit(
        actor,
        Action.REPORT_ACCEPT,
        report,
        report,
        changes={"state": (before, report.state)},
    )
    return report


def _copy(report: Report, actor: User) -> Report:
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
                        temperature_c=h.temperature_c, label=h.label)
        for h in report.heat_measurements.all()
    )  # fmt: skip
    ReportEvidence.objects.bulk_create(
        ReportEvidence(report=draft, kind=e.kind, title=e.title, file_id=e.file_id)
        for e in report.evidence.all()
    )
    return draft
