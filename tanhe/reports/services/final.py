"""终版: the enterprise's final version after verification (seed 000 part 3 提交报告: 在整改内容
得到核查组的认可后，企业应修改并在系统提交终版排放报告). A new version copied from the version the
authority accepted (已通过), with the reason for it, submitted and reviewed as any other; at most
one per enterprise and year (the database agrees: ``one_final_version_per_year``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Organisation, User
from tanhe.audit.actions import Action
from tanhe.validators import free_text, verbose_name

from ..models import Report, ReportState
from ._common import _audit, copy_version


def final_version(enterprise: Organisation, year: int) -> Report | None:
    """The year's 终版 in effect (one returned for correction is superseded by its correction)."""
    return (
        enterprise.reports.filter(year=year, is_final=True)
        .exclude(state=ReportState.RETURNED)
        .first()
    )


@transaction.atomic
def create_final_version(
    *, actor: User, report: Report, reason: str, under_verification: bool = False
) -> Report:
    """终版 of the accepted version ``report``: a draft copy of it marked ``is_final`` with
    ``reason`` (free text, required: e.g. 根据核查报告修正…). Refused while ``report`` is not
    accepted, or when the year has a 终版 already. ``under_verification``: the verification
    service (tanhe.verification.services.nonconformity) has found that non-conformities were
    issued on this submitted version; the plant's corrections then go into its 终版 (guide 4.4.4)
    before the authority's acceptance."""
    report = Report.objects.select_for_update().select_related("enterprise").get(pk=report.pk)
    enterprise = report.enterprise
    perm.require(perm.can_file(actor, enterprise), _("只有本单位的报送账号可以创建终版"))
    Organisation.objects.select_for_update().get(pk=enterprise.pk)  # one creation at a time
    if under_verification and report.state not in (ReportState.SUBMITTED, ReportState.ACCEPTED):
        raise ValidationError(
            _("第%(n)s版%(state)s：只能依据核查中的已提交版本创建终版")
            % {"n": report.number, "state": report.get_state_display()}
        )
    if not under_verification and report.state != ReportState.ACCEPTED:
        raise ValidationError(
            _("第%(n)s版%(state)s：主管部门审核通过后，才能依据核查结果创建终版")
            % {"n": report.number, "state": report.get_state_display()}
        )
    existing = final_version(enterprise, report.year)
    if existing is not None:
        raise ValidationError(
            _("%(year)s年报已有终版（第%(n)s版，%(state)s），每个年度只能有一个终版")
            % {"year": report.year, "n": existing.number, "state": existing.get_state_display()}
        )
    reason = free_text(reason, verbose_name(Report, "final_reason"), "reason")
    if not reason:
        raise ValidationError({"reason": _("创建终版须说明原因，例如根据核查报告修正的内容")})
    final = copy_version(report, actor, is_final=True, final_reason=reason)
    _audit(
        actor,
        Action.REPORT_FINAL,
        final,
        final,
        changes={"previous": (None, report.number), "is_final": (False, True)},
        note=reason,
    )
    return final
