"""声明, the stamped PDF and submission (the version is frozen, with a snapshot)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tanhe.accounting import result_to_dict
from tanhe.audit.services import field_changes
from tanhe.documents.services import store_file
from tanhe.validators import free_text

from .. import calculation
from ..models import (
    EvidenceKind,
    Report,
    ReportState,
    ReportSubmission,
)
from ._common import PDF_ONLY, STAMPED_PDF_MISSING, CellErrors, _audit, _editable, _move
from .monthly import _fingerprint


# -- declaration, stamped PDF, submission ---------------------------------------------------------
@transaction.atomic
def declare(*, actor: Any, report: Report, entity: str, legal_representative: str) -> Report:
    report = _editable(actor, report)
    typed = {
        "declared_entity": free_text(entity, "重点排放单位", "entity"),
        "declared_legal_representative": free_text(
            legal_representative, "法定代表人", "legal_representative"
        ),
    }
    changes = field_changes(report, typed)
    for field, (_, new) in changes.items():
        setattr(report, field, new)
    if changes:
        report.save()
        _audit(actor, "report.declare", report, report, changes=changes)
    return report


@transaction.atomic
def upload_stamped_pdf(*, actor: Any, report: Report, upload: Any, name: str) -> Report:
    """盖章扫描版排放报告: PDF only, checked by content."""
    report = _editable(actor, report)
    stored = store_file(
        upload=upload, name=name, owner=report.enterprise, actor=actor, allowed=PDF_ONLY
    )
    before = report.stamped_pdf.sha256 if report.stamped_pdf else None
    report.stamped_pdf = stored
    report.save(update_fields=["stamped_pdf", "updated_at"])
    _audit(
        actor,
        "report.stamped_pdf",
        report,
        report,
        changes={"stamped_pdf": (before, stored.sha256)},
    )
    return report


def submission_problems(report: Report, outcome: calculation.Outcome | None = None) -> list[str]:
    """What stops submission (hard errors; plausibility warnings do not stop it)."""
    from ..selectors import completeness_problems

    problems = completeness_problems(report, outcome)
    present = set(report.evidence.values_list("kind", flat=True))
    for kind in EvidenceKind:
        if kind != EvidenceKind.OTHER and kind not in present:
            problems.append(f"材料上传：缺少必传附件“{kind.label}”")
    if not report.declared_entity or not report.declared_legal_representative:
        problems.append("提交确认：请填写声明中的重点排放单位和法定代表人")
    if report.stamped_pdf_id is None:
        problems.append(STAMPED_PDF_MISSING)
    return problems


@transaction.atomic
def submit(*, actor: Any, report: Report) -> ReportSubmission:
    report = _editable(actor, report)
    problems = submission_problems(report)
    if problems:
        raise CellErrors(problems)
    outcome = calculation.compute(report)
    assert outcome.result is not None  # completeness_problems includes the engine's errors
    from ..selectors import report_content

    content = report_content(report) | {"result": result_to_dict(outcome.result, trace=False)}
    submission = ReportSubmission.objects.create(
        report=report, submitted_by=actor, content=content, sha256=_fingerprint(content)
    )
    before = _move(report, ReportState.SUBMITTED)
    report.submitted_at = submission.submitted_at
    report.save(update_fields=["state", "submitted_at", "updated_at"])
    _audit(
        actor,
        "report.submit",
        report,
        report,
        changes={"state": (before, report.state)},
        note=f"SHA-256 {submission.sha256}",
    )
    return submission
