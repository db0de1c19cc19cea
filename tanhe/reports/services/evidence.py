"""Supporting files: the report's twelve kinds, and files attached to one value row of one month."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.documents.services import store_file
from tanhe.plans.models import PlanUnit
from tanhe.validators import free_text

from .. import calculation
from ..labels import month_name
from ..models import (
    EvidenceKind,
    Report,
    ReportEvidence,
    ValueEvidence,
)
from ._common import PLANT_NAME, _audit, _editable
from .cells import CellInput, _require_place, _sealed_months

if TYPE_CHECKING:
    from tanhe.documents.services import Upload


# -- evidence -------------------------------------------------------------------------------------
@transaction.atomic
def add_evidence(
    *, actor: User, report: Report, kind: str, upload: Upload, name: str, title: str = ""
) -> ReportEvidence:
    """材料上传: one file per required type (a new upload replaces it; a zip allowed)."""
    report = _editable(actor, report)
    if kind not in set(EvidenceKind):
        raise ValidationError({"kind": _("请选择附件类型")})
    title = free_text(title, ReportEvidence._meta.get_field("title").verbose_name, "title")
    stored = store_file(upload=upload, name=name, owner=report.enterprise, actor=actor)
    replaced = None
    if kind != EvidenceKind.OTHER:
        replaced = report.evidence.filter(kind=kind).first()
        if replaced is not None:
            replaced.delete()
    evidence = ReportEvidence.objects.create(
        report=report, kind=kind, title=title or stored.original_name, file=stored
    )
    _audit(
        actor,
        Action.REPORT_EVIDENCE_ADD,
        evidence,
        report,
        changes={
            "kind": (None, kind),
            "file": (replaced.file.sha256 if replaced else None, stored.sha256),
        },
    )
    return evidence


@transaction.atomic
def remove_evidence(*, actor: User, evidence: ReportEvidence) -> None:
    report = _editable(actor, evidence.report)
    evidence = report.evidence.get(pk=evidence.pk)
    _audit(
        actor,
        Action.REPORT_EVIDENCE_REMOVE,
        evidence,
        report,
        changes={"file": (evidence.file.sha256, None)},
    )
    evidence.delete()


@transaction.atomic
def add_value_evidence(
    *,
    actor: User,
    report: Report,
    unit: PlanUnit | None,
    table: str,
    fuel: str,
    key: str,
    month: int,
    upload: Upload,
    name: str,
) -> ValueEvidence:
    """A supporting file for one value row of one month (月度存证: evidence proves a value).
    ``unit`` is None for the plant-level purchased-electricity row."""
    report = _editable(actor, report)
    if month in _sealed_months(report):
        raise ValidationError(
            _("%(month)s已存证，补充材料须先提出修改申请") % {"month": month_name(month)}
        )
    _require_place(
        CellInput(unit, table, fuel, key, month, ""),
        report,
        {u.pk: u for u in calculation.reporting_units(report)},
    )
    stored = store_file(upload=upload, name=name, owner=report.enterprise, actor=actor)
    evidence = ValueEvidence.objects.create(
        enterprise=report.enterprise,
        year=report.year,
        month=month,
        unit_name=unit.name if unit else PLANT_NAME,
        table=table,
        fuel=fuel,
        key=key,
        file=stored,
        added_by=actor,
    )
    _audit(
        actor,
        Action.REPORT_VALUE_EVIDENCE_ADD,
        evidence,
        report,
        changes={"file": (None, stored.sha256)},
        note=" ".join(x for x in (unit.name if unit else PLANT_NAME, fuel, f"{month}月", key) if x),
    )
    return evidence


@transaction.atomic
def remove_value_evidence(*, actor: User, report: Report, evidence: ValueEvidence) -> None:
    """Take back a supporting file of a month that is not sealed (the stored file is kept)."""
    report = _editable(actor, report)
    evidence = ValueEvidence.objects.select_for_update().get(pk=evidence.pk)
    if (evidence.enterprise_id, evidence.year) != (report.enterprise_id, report.year):
        raise ValidationError(_("该支撑材料不属于本报告"))
    if evidence.month in _sealed_months(report):
        raise ValidationError(
            _("%(month)s已存证，删除材料须先提出修改申请") % {"month": month_name(evidence.month)}
        )
    _audit(actor, Action.REPORT_VALUE_EVIDENCE_REMOVE, evidence, report,
           changes={"file": (evidence.file.sha256, None)},
           note=" ".join(x for x in (evidence.unit_name, evidence.fuel, f"{evidence.month}月",
                                     evidence.key) if x))  # fmt: skip
    evidence.delete()
