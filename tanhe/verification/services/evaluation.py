"""核查工作结束 and the agency evaluation (guide §7, 附录3): the authority closes the province's
campaign once every plant has been notified and every 复核 decided; then it evaluates each agency
(quality and impartiality measures, bad records, complaints, per plant the quality judgement of
the seven areas — prefilled from the non-conformities; timeliness is computed, never typed) and
publishes the table. A published evaluation no longer changes."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Organisation, User
from tanhe.audit.actions import Action
from tanhe.audit.services import record

from .. import selectors_evaluation as sel
from ..disclosure_areas import AREA_KEYS
from ..models import AgencyEvaluation, Campaign, PlantEvaluation

TEXT_LIMIT = 2000  # each free text of the table
QUALITY_LIMIT = 500  # each area's judgement of a plant


def _require_authority(actor: User, campaign: Campaign) -> None:
    perm.require(
        perm.is_authority_for(actor, campaign.province_id),
        _("只有本省生态环境主管部门可以结束核查工作和评价技术服务机构"),
    )


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().select_related("province").get(pk=campaign.pk)


@transaction.atomic
def close_campaign(actor: User, campaign: Campaign) -> Campaign:
    """核查工作结束: from now the agency evaluation may be filled and published."""
    _require_authority(actor, campaign)
    campaign = _locked(campaign)
    problems = sel.close_refusals(campaign)
    if problems:
        raise ValidationError(problems)
    campaign.closed_at = timezone.now()
    campaign.closed_by = actor
    campaign.save(update_fields=["closed_at", "closed_by"])
    record(
        actor=actor, action=Action.CAMPAIGN_CLOSE, obj=campaign,
        changes={"closed_at": (None, campaign.closed_at)}, organisation=actor.organisation,
    )  # fmt: skip
    return campaign


def _text(value: str, field: str, label: str, limit: int = TEXT_LIMIT) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationError(
            {field: _("%(label)s不能超过%(n)s个字") % {"label": label, "n": limit}}
        )
    return value


def _open_evaluation(actor: User, campaign: Campaign, agency: Organisation) -> Campaign:
    _require_authority(actor, campaign)
    campaign = _locked(campaign)
    if campaign.closed_at is None:
        raise ValidationError(_("核查工作结束后才能评价技术服务机构"))
    if not sel.agency_tasks(campaign, agency).exists():
        raise ValidationError({"agency": _("该技术服务机构没有承担本年度的核查任务")})
    return campaign


def _quality(posted: Mapping[int, Mapping[str, str]], task_pk: int) -> dict[str, str]:
    given = posted.get(task_pk, {})
    return {
        key: _text(given.get(key, ""), f"quality-{task_pk}-{key}", _("核查质量"), QUALITY_LIMIT)
        for key in AREA_KEYS
    }


@transaction.atomic
def save_evaluation(
    actor: User,
    campaign: Campaign,
    agency: Organisation,
    *,
    quality_measures: str = "",
    impartiality_measures: str = "",
    bad_records: str = "",
    complaints: int | None = 0,
    quality: Mapping[int, Mapping[str, str]] | None = None,
) -> AgencyEvaluation:
    """Fill (or correct, until published) one agency's table. ``quality``: task pk → area key →
    "" (符合) or the issue in brief; a plant not given keeps its saved (or prefilled) judgement."""
    campaign = _open_evaluation(actor, campaign, agency)
    plants = sel.agency_tasks(campaign, agency).count()
    if complaints is None or not 0 <= complaints <= plants:
        message = _("存在投诉的重点排放单位数须为0到%(n)s之间的整数（该机构核查的单位数）")
        raise ValidationError({"complaints": message % {"n": plants}})
    evaluation, created = AgencyEvaluation.objects.select_for_update().get_or_create(
        campaign=campaign, agency=agency, defaults={"evaluated_by": actor}
    )
    if evaluation.published_at is not None:
        raise ValidationError(_("该技术服务机构信息公开表已公开，不能再修改"))
    evaluation.quality_measures = _text(quality_measures, "quality_measures", _("质量管理措施"))
    evaluation.impartiality_measures = _text(
        impartiality_measures, "impartiality_measures", _("公正性管理措施")
    )
    evaluation.bad_records = _text(bad_records, "bad_records", _("不良记录"))
    evaluation.complaints = complaints
    evaluation.evaluated_by = actor
    evaluation.save()
    _save_plants(evaluation, quality or {})
    record(
        actor=actor, action=Action.EVALUATION_SAVE, obj=evaluation,
        changes={"created": (None, created), "complaints": (None, complaints)},
        organisation=agency,
    )  # fmt: skip
    return evaluation


def _save_plants(evaluation: AgencyEvaluation, posted: Mapping[int, Mapping[str, str]]) -> None:
    for row in sel.plant_rows(evaluation.campaign, evaluation.agency):
        quality = _quality(posted, row.task.pk) if row.task.pk in posted else row.quality
        PlantEvaluation.objects.update_or_create(
            task=row.task,
            defaults={"evaluation": evaluation, "timely": row.timely, "quality": quality},
        )


@transaction.atomic
def publish_evaluation(actor: User, campaign: Campaign, agency: Organisation) -> AgencyEvaluation:
    """向社会公开《技术服务机构信息公开表》: the saved table appears on the public pages."""
    campaign = _open_evaluation(actor, campaign, agency)
    rows = AgencyEvaluation.objects.select_for_update()
    evaluation = rows.filter(campaign=campaign, agency=agency).first()
    if evaluation is None:
        raise ValidationError(_("请先填写并保存该技术服务机构的评价"))
    if evaluation.published_at is not None:
        raise ValidationError(_("该技术服务机构信息公开表已公开"))
    evaluation.published_at = timezone.now()
    evaluation.save(update_fields=["published_at"])
    record(
        actor=actor, action=Action.EVALUATION_PUBLISH, obj=evaluation,
        changes={"published_at": (None, evaluation.published_at)}, organisation=agency,
    )  # fmt: skip
    return evaluation
