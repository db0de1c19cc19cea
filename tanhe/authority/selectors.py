"""What the screening pages and the task read: the reports a screening covers, a province's runs,
and a run's findings sorted and filtered. Permission: a run is its province's authority's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.http import Http404

from tanhe.accounts import permissions as perm
from tanhe.reports.models import Report

from .models import ACTIVE_STATES, ScreeningFinding, ScreeningRun

# the list's sorts: key → order (the second key keeps pages stable)
SORTS: dict[str, tuple[Any, ...]] = {
    "plant": ("plant", "unit", "severity_rank", "pk"),
    "unit": ("unit", "plant", "severity_rank", "pk"),
    "rule": ("rule", "severity_rank", "plant", "pk"),
    "severity": ("severity_rank", "plant", "rule", "pk"),
    "effect": (F("effect_size").desc(nulls_last=True), "severity_rank", "plant", "pk"),
}
DEFAULT_SORT = "severity"


def reports_to_screen(province_id: int, year: int, after: int = 0) -> QuerySet[Report]:
    """Per enterprise of the province, the latest version of its report for ``year`` (a draft
    too: the screening warns before the deadline; the list shows each report's state), by
    enterprise id from ``after`` on."""
    latest = (
        Report.objects.filter(enterprise=OuterRef("enterprise"), year=year)
        .order_by("-number")
        .values("number")[:1]
    )
    return (
        Report.objects.filter(
            enterprise__province_id=province_id, year=year, enterprise_id__gt=after
        )
        .filter(number=Subquery(latest))
        .select_related("enterprise")
        .order_by("enterprise_id")
    )


def active_run(province_id: int, year: int) -> ScreeningRun | None:
    return ScreeningRun.objects.filter(
        province_id=province_id, year=year, state__in=ACTIVE_STATES
    ).first()


def runs_of(user: Any) -> QuerySet[ScreeningRun]:
    """The screenings of the user's province (none for anyone but its authority)."""
    province_id = getattr(getattr(user, "organisation", None), "province_id", None)
    if province_id is None or not perm.is_authority_for(user, province_id):
        return ScreeningRun.objects.none()
    return ScreeningRun.objects.filter(province_id=province_id).select_related("started_by")


def get_run(user: Any, pk: int) -> ScreeningRun:
    """The run if ``user`` is its province's authority; otherwise 404."""
    run = ScreeningRun.objects.select_related("province", "started_by").filter(pk=pk).first()
    if run is None or not perm.is_authority_for(user, run.province_id):
        raise Http404
    return run


def active_runs() -> list[ScreeningRun]:
    """Every queued or running screening (few: one per province and year at most)."""
    return list(ScreeningRun.objects.filter(state__in=ACTIVE_STATES))


@dataclass(frozen=True)
class Filters:
    rule: str = ""
    severity: str = ""
    enterprise: int | None = None
    sort: str = DEFAULT_SORT
    descending: bool = False


def findings(run: ScreeningRun, filters: Filters) -> QuerySet[ScreeningFinding]:
    rows = ScreeningFinding.objects.filter(run=run)
    if filters.rule:
        rows = rows.filter(rule=filters.rule)
    if filters.severity:
        rows = rows.filter(severity=filters.severity)
    if filters.enterprise is not None:
        rows = rows.filter(enterprise_id=filters.enterprise)
    order = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    if filters.descending:
        order = tuple(_reverse(o) for o in order)
    return rows.order_by(*order)


def _reverse(order: Any) -> Any:
    if isinstance(order, str):
        return order[1:] if order.startswith("-") else f"-{order}"
    return F("effect_size").asc(nulls_last=True)  # the one expression: effect, largest first


def choices(run: ScreeningRun) -> dict[str, list[Any]]:
    """What the filters offer: the run's rules, severities and enterprises."""
    rows = ScreeningFinding.objects.filter(run=run).order_by()
    return {
        "rules": sorted(set(rows.exclude(rule="").values_list("rule", flat=True))),
        "severities": sorted(
            set(rows.values_list("severity_rank", "severity")), key=lambda r: r[0]
        ),
        "enterprises": sorted(set(rows.values_list("enterprise_id", "plant")), key=lambda e: e[1]),
    }
