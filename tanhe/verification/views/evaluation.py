"""The authority's end of the campaign (guide §7): close it (核查工作结束), then fill and publish
each agency's 技术服务机构信息公开表 (附录3). Thin: parse, authorise, call one service, redirect."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tanhe.accounts.models import Organisation, OrganisationKind
from tanhe.inputs import parse_id

from .. import selectors_evaluation as sel
from ..disclosure_areas import AREA_KEYS, AREAS
from ..models import Campaign
from ..services import evaluation as services
from .arrangement import _campaign
from .common import act, login_needed


def _back(campaign: Campaign) -> str:
    return reverse("verification:evaluation", args=[campaign.pk])


def _agency(request: HttpRequest) -> Organisation | None:
    pk = parse_id(request.POST.get("agency"))
    if pk is None:
        return None
    return Organisation.objects.filter(pk=pk, kind=OrganisationKind.AGENCY).first()


def _sheet(campaign: Campaign, agency: Organisation) -> dict[str, Any]:
    evaluation = sel.evaluation_of(campaign, agency)
    rows = [
        {"row": row, "areas": [(a, f"q-{row.task.pk}-{a.key}", row.quality[a.key]) for a in AREAS]}
        for row in sel.plant_rows(campaign, agency)
    ]
    contact = sel.agency_contact(agency)
    return {
        "agency": agency,
        "contact": contact,
        "contact_details": sel.contact_details(contact),
        "evaluation": evaluation,
        "rows": rows,
        "counts": sel.counts(campaign, agency, evaluation),
    }


@require_GET
@login_needed
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    closed = campaign.closed_at is not None
    context = {
        "campaign": campaign,
        "refusals": [] if closed else sel.close_refusals(campaign),
        "sheets": [_sheet(campaign, a) for a in sel.agencies(campaign)] if closed else [],
        "areas": AREAS,
    }
    return render(request, "verification/evaluation.html", context)


@require_POST
@login_needed
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    user: Any = request.user
    return act(
        request,
        lambda: services.close_campaign(user, campaign),
        _("核查工作已结束：现在可以评价技术服务机构"),
        _back(campaign),
    )


def _posted_quality(request: HttpRequest) -> dict[int, dict[str, str]]:
    """``q-<task>-<area>`` fields: task pk → area → text (other names are ignored)."""
    out: dict[int, dict[str, str]] = {}
    for name in request.POST:
        parts = name.split("-")
        if len(parts) != 3 or parts[0] != "q" or parts[2] not in AREA_KEYS:
            continue
        task = parse_id(parts[1])
        if task is not None:
            out.setdefault(task, {})[parts[2]] = request.POST.get(name, "")
    return out


@require_POST
@login_needed
def evaluation_save(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    user: Any = request.user
    agency = _agency(request)
    post = request.POST

    def save() -> None:
        if agency is None:
            raise ValidationError({"agency": _("请选择技术服务机构")})
        services.save_evaluation(
            user, campaign, agency,
            quality_measures=post.get("quality_measures", ""),
            impartiality_measures=post.get("impartiality_measures", ""),
            bad_records=post.get("bad_records", ""),
            complaints=parse_id(post.get("complaints") or "0"),
            quality=_posted_quality(request),
        )  # fmt: skip

    return act(request, save, _("已保存技术服务机构评价"), _back(campaign))


@require_POST
@login_needed
def evaluation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    user: Any = request.user
    agency = _agency(request)

    def publish() -> None:
        if agency is None:
            raise ValidationError({"agency": _("请选择技术服务机构")})
        services.publish_evaluation(user, campaign, agency)

    return act(request, publish, _("已公开技术服务机构信息公开表"), _back(campaign))
