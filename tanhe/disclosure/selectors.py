"""The public rows (guide §7), built only through ``fields.pick``: the cover (扉页) of every
report the province has notified, every 复核 conclusion, and — once the campaign is closed — the
published 技术服务机构信息公开表 (附录3). Nothing leaves this module but rows of the allow-list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tanhe.verification import selectors_evaluation as evaluation
from tanhe.verification.disclosure_areas import AREAS
from tanhe.verification.models import (
    AgencyEvaluation,
    Appeal,
    AppealState,
    Campaign,
    ReportState,
    Task,
)
from tanhe.verification.report.cover import Cover, Signature, build_cover

from . import fields as f
from .fields import Row


def campaign_of(province: str, year: int) -> Campaign:
    """The campaign of the province (by its code) and year; 404 for none (and for a code or a
    year no campaign can have, before the database is asked)."""
    if not (province.isascii() and province.isdigit() and len(province) == 6):
        raise Http404
    if not 1000 <= year <= 9999:
        raise Http404
    found = (
        Campaign.objects.select_related("province")
        .filter(province__code=province, year=year)
        .first()
    )
    if found is None:
        raise Http404
    return found


def published_tasks(campaign: Campaign) -> QuerySet[Task]:
    """The tasks whose report was submitted and whose result the province has notified."""
    return (
        campaign.tasks.filter(
            notification__isnull=False, verification_report__state=ReportState.SUBMITTED
        )
        .select_related("enterprise", "agency", "report", "campaign", "verification_report")
        .order_by("enterprise__name", "pk")
    )


def decided_appeals(campaign: Campaign) -> QuerySet[Appeal]:
    return (
        Appeal.objects.filter(task__campaign=campaign, state=AppealState.DECIDED)
        .select_related("task__enterprise", "task__verification_report")
        .order_by("decided_on", "pk")
    )


def index_rows() -> list[tuple[Campaign, Row]]:
    rows = []
    for c in Campaign.objects.select_related("province").order_by("province__code", "-year"):
        rows.append(
            (
                c,
                f.pick(
                    f.INDEX,
                    {
                        "province": c.province.name,
                        "year": c.year,
                        "covers": published_tasks(c).count(),
                        "appeals": decided_appeals(c).count(),
                        "agencies": len(list(evaluation.published(c))),
                    },
                ),
            )
        )
    return rows


# -- the covers -----------------------------------------------------------------------------------
def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def _version(name: str, on: date | None) -> str:
    return " / ".join(x for x in (name, _day(on)) if x)


def _signatures(signatures: Iterable[Signature]) -> str:
    parts = []
    for s in signatures:
        signed = f"（{_day(s.signed_on)}）" if s.signed_on else ""
        parts.append(f"{s.role}：{s.names or '—'}{signed}")
    return "；".join(parts)


def cover_row(cover: Cover) -> Row:
    total = cover.total
    return f.pick(f.COVERS, {
        "number": cover.number,
        "agency": cover.agency,
        "issued_on": _day(cover.issued_on),
        "year": cover.year,
        "enterprise": cover.enterprise,
        "address": cover.address,
        "credit_code": cover.credit_code,
        "legal_representative": cover.legal_representative,
        "contact": cover.contact,
        "contact_details": cover.contact_details,
        "independent_legal_person": cover.independent_legal_person,
        "sector": cover.sector,
        "basis": cover.basis,
        "initial_version": _version(cover.initial_version, cover.initial_date),
        "final_version": _version(cover.final_version, cover.final_date),
        "estimate": _("保守测算") if cover.estimate else "",
        "conformity": cover.conformity,
        "combustion": total.combustion if total else None,
        "electricity": total.electricity if total else None,
        "total": total.total if total else None,
        "fluctuation": cover.fluctuation,
        "not_covered": cover.not_covered,
        "signatures": _signatures(cover.signatures),
    })  # fmt: skip


def emission_rows(cover: Cover) -> list[Row]:
    rows = []
    for e in cover.emissions:
        values = {"scope": e.name, "combustion": e.combustion, "electricity": e.electricity,
                  "total": e.total}  # fmt: skip
        rows.append(f.pick(f.EMISSIONS, {**_whose(cover), **values}))
    return rows


def comparison_rows(cover: Cover) -> list[Row]:
    rows = []
    for c in cover.comparison:
        values = {"scope": c.scope, "label": c.label, "measure": c.measure,
                  "previous": c.previous, "current": c.current,
                  "change_pct": c.change_pct}  # fmt: skip
        rows.append(f.pick(f.COMPARISON, {**_whose(cover), **values}))
    return rows


def _whose(cover: Cover) -> dict[str, object]:
    return {"number": cover.number, "enterprise": cover.enterprise}


@dataclass(frozen=True)
class CoverBlock:
    record: Row
    emissions: list[Row]
    comparison: list[Row]


def covers(campaign: Campaign) -> list[CoverBlock]:
    blocks = []
    for task in published_tasks(campaign):
        cover = build_cover(task)
        blocks.append(CoverBlock(cover_row(cover), emission_rows(cover), comparison_rows(cover)))
    return blocks


# -- the 复核 conclusions --------------------------------------------------------------------------
def appeal_rows(campaign: Campaign) -> list[Row]:
    rows = []
    for a in decided_appeals(campaign):
        report = getattr(a.task, "verification_report", None)
        total = a.new_figures.get("total") if isinstance(a.new_figures, dict) else None
        rows.append(f.pick(f.APPEALS, {
            "enterprise": a.task.enterprise.name,
            "credit_code": a.task.enterprise.credit_code,
            "number": report.number if report is not None else "",
            "decided_on": _day(a.decided_on),
            "outcome": a.get_outcome_display(),
            "conclusion": a.conclusion,
            "new_total": total,
        }))  # fmt: skip
    return rows


# -- 附录3 -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AgencyBlock:
    record: Row
    plants: list[Row]


def agency_row(e: AgencyEvaluation) -> Row:
    agency, contact = e.agency, evaluation.agency_contact(e.agency)
    counts = evaluation.counts(e.campaign, agency, e)
    return f.pick(f.AGENCIES, {
        "agency": agency.name,
        "credit_code": agency.credit_code,
        "legal_representative": agency.legal_representative,
        "registered_capital": agency.registered_capital,
        "office": agency.registered_address,
        "contact": str(contact) if contact else "",
        "contact_details": evaluation.contact_details(contact),
        "quality_measures": e.quality_measures,
        "impartiality_measures": e.impartiality_measures,
        "bad_records": e.bad_records,
        "plants": counts.plants,
        "complaints": counts.complaints,
        "reports": counts.reports,
        "checked": counts.checked,
        "passed": counts.passed,
        "failed": counts.failed,
        "pass_rate": counts.pass_rate,
        "failures": "；".join(f"{plant}：{what}" for plant, what in counts.failures),
    })  # fmt: skip


def plant_rows(e: AgencyEvaluation) -> list[Row]:
    rows = []
    for p in e.plants.select_related("task__enterprise").order_by("task__enterprise__name"):
        values: dict[str, object] = {
            "agency": e.agency.name,
            "enterprise": p.task.enterprise.name,
            "credit_code": p.task.enterprise.credit_code,
            "timely": _("及时") if p.timely else _("不及时"),
        }
        for area in AREAS:
            values[f"quality_{area.key}"] = str(p.quality.get(area.key, "")) or f.AGREED
        rows.append(f.pick(f.PLANTS, values))
    return rows


def agencies(campaign: Campaign) -> list[AgencyBlock]:
    """The published tables (none before the campaign is closed)."""
    return [AgencyBlock(agency_row(e), plant_rows(e)) for e in evaluation.published(campaign)]


# -- one table, flat (the CSV) --------------------------------------------------------------------
def table_rows(campaign: Campaign, key: str) -> list[Row]:
    if key == f.APPEALS.key:
        return appeal_rows(campaign)
    if key in (f.AGENCIES.key, f.PLANTS.key):
        blocks = agencies(campaign)
        if key == f.AGENCIES.key:
            return [b.record for b in blocks]
        return [row for b in blocks for row in b.plants]
    cover_blocks = covers(campaign)
    if key == f.COVERS.key:
        return [b.record for b in cover_blocks]
    if key == f.EMISSIONS.key:
        return [row for b in cover_blocks for row in b.emissions]
    if key == f.COMPARISON.key:
        return [row for b in cover_blocks for row in b.comparison]
    raise Http404
