"""声明, the stamped PDF and submission (the version is frozen, with a snapshot)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from tanhe.accounting import result_to_dict
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.audit.services import field_changes
from tanhe.documents.services import checked_upload, store_file
from tanhe.fingerprint import fingerprint
from tanhe.validators import free_text

from .. import calculation, scan_check
from ..completeness import submission_problems
from ..models import (
    Report,
    ReportState,
    ReportSubmission,
)
from ..page_codes import enterprise_code
from ..selectors import data_fingerprint, unit_names
from ._common import PDF_ONLY, StampedScanRefused, SubmissionRefused, _audit, _editable, _move

if TYPE_CHECKING:
    from tanhe.documents.services import Upload


# -- declaration, stamped PDF, submission ---------------------------------------------------------
@transaction.atomic
def declare(*, actor: User, report: Report, entity: str, legal_representative: str) -> Report:
    report = _editable(actor, report)
    typed = {
        "declared_entity": free_text(entity, _("重点排放单位"), "entity"),
        "declared_legal_representative": free_text(
            legal_representative, _("法定代表人"), "legal_representative"
        ),
    }
    changes = field_changes(report, typed)
    for field, (_old, new) in changes.items():
        setattr(report, field, new)
    if changes:
        report.save()
        _audit(actor, Action.REPORT_DECLARE, report, report, changes=changes)
    return report


@transaction.atomic
def upload_stamped_pdf(*, actor: User, report: Report, upload: Upload, name: str) -> Report:
    """盖章扫描版排放报告: a PDF (by content) whose pages carry the QR codes of this report as it
    stands — this enterprise, year and version, the current data fingerprint, every page once
    and in order (:mod:`..scan_check`). Refused with :class:`StampedScanRefused` naming the
    pages otherwise; the fingerprint the scan proves is kept (``stamped_fingerprint``)."""
    report = _editable(actor, report)
    data = checked_upload(upload=upload, name=name, allowed=PDF_ONLY)
    digest = data_fingerprint(report)
    enterprise = report.enterprise
    code = enterprise_code(enterprise.credit_code, enterprise.pk)
    expected = scan_check.Expected(code, report.year, report.number, digest)
    problems = scan_check.check_scan(data, expected)
    if problems:
        raise StampedScanRefused(problems)
    stored = store_file(
        upload=data, name=name, owner=report.enterprise, actor=actor, allowed=PDF_ONLY
    )
    before = report.stamped_pdf.sha256 if report.stamped_pdf else None
    proved = report.stamped_fingerprint
    report.stamped_pdf = stored
    report.stamped_fingerprint = digest
    report.save(update_fields=["stamped_pdf", "stamped_fingerprint", "updated_at"])
    _audit(
        actor,
        Action.REPORT_STAMPED_PDF,
        report,
        report,
        changes={
            "stamped_pdf": (before, stored.sha256),
            "stamped_fingerprint": (proved, digest),
        },
    )
    return report


@transaction.atomic
def submit(*, actor: User, report: Report) -> ReportSubmission:
    report = _editable(actor, report)
    problems = submission_problems(report)
    if problems:
        raise SubmissionRefused(problems, unit_names(report))
    outcome = calculation.compute(report)
    assert outcome.result is not None  # submission_problems includes the engine's issues
    from ..selectors import report_content

    content = report_content(report) | {"result": result_to_dict(outcome.result, trace=False)}
    submission = ReportSubmission.objects.create(
        report=report, submitted_by=actor, content=content, sha256=fingerprint(content)
    )
    before = _move(report, ReportState.SUBMITTED)
    report.submitted_at = submission.submitted_at
    report.save(update_fields=["state", "submitted_at", "updated_at"])
    _audit(
        actor,
        Action.REPORT_SUBMIT,
        report,
        report,
        changes={"state": (before, report.state)},
        note=f"SHA-256 {submission.sha256}",
    )
    return submission
