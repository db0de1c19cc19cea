"""The authority's decision on a submitted report: 退回补正 (a new version) or 通过."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.validators import free_text

from ..models import Report, ReportComment, ReportState
from ..review_places import CommentPlace
from ._common import _audit, _move, copy_version


# -- authority ------------------------------------------------------------------------------------
def _review(actor: User, report: Report, to: ReportState) -> tuple[Report, str]:
    """The report locked, moved to ``to`` (unsaved) and the state it had."""
    report = Report.objects.select_for_update().select_related("enterprise").get(pk=report.pk)
    perm.require(perm.can_review(actor, report.enterprise), _("只有本省主管部门的审核人可以审核"))
    return report, _move(report, to, refused=_("第%(n)s版%(state)s，不能审核"))


@transaction.atomic
def return_for_correction(*, actor: User, report: Report, text: str) -> Report:
    """退回补正: the submitted version stays as it was (its state 企业补正); a new draft version
    copies it — a 终版's copy is the 终版 again, with its reason."""
    report, before = _review(actor, report, ReportState.RETURNED)
    text = free_text(text, _("退回补正意见"), "text")
    if not text:
        raise ValidationError({"text": _("退回补正须填写意见")})
    ReportComment.objects.create(report=report, author=actor, text=text)
    report.save(update_fields=["state", "updated_at"])
    draft = copy_version(report, actor)
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


@transaction.atomic
def comment(*, actor: User, report: Report, text: str, place: CommentPlace) -> ReportComment:
    """A comment at a place of a version waiting for review (a table, row, unit, fuel, month):
    the reviewer's note until the decision, then the plant's to read at that place."""
    report = Report.objects.select_for_update().select_related("enterprise").get(pk=report.pk)
    perm.require(perm.can_review(actor, report.enterprise), _("只有本省主管部门的审核人可以审核"))
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(
            _("第%(n)s版%(state)s，不能再添加审核意见")
            % {"n": report.number, "state": report.get_state_display()}
        )
    text = free_text(text, _("审核意见"), "text")
    if not text:
        raise ValidationError({"text": _("请填写审核意见")})
    created = ReportComment.objects.create(
        report=report,
        author=actor,
        text=text,
        table=place.table,
        row_key=place.row_key,
        unit=place.unit,
        fuel=place.fuel,
        month=place.month,
    )
    _audit(actor, Action.REPORT_COMMENT, created, report, note=f"{created.where}：{text}")
    return created
