"""The reviewer's ways from the review page to the evidence behind a number and back: a value's
month 存证 (its row on the month's page, with its files, seal and amendments), the review page
of a version, and each warning and unsealed month at the top of the review page linked to its
place. Links only: who may open them is ``accounts.permissions`` (``can_view_enterprise``, asked
by ``selectors.get_report``), the same rule for the daily records, 供热计量 and the months.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from tanhe.accounts import permissions as perm

from .models import Report, ReportState
from .places import Place
from .problems import Problem, Shown, shown


def review_url(user: Any, report: Report) -> str:
    """The version's review page for its province's reviewer ("" for anyone else)."""
    if report.state == ReportState.DRAFT or not perm.can_review(user, report.enterprise):
        return ""
    return reverse("report_review:detail", args=[report.pk])


def month_url(report: Report, month: int, table: str = "fuel", anchor: str = "") -> str:
    """A month's 存证 page of ``report``, on the tab of ``table``, at ``anchor``."""
    url = reverse("reports:month", args=[report.pk, month])
    if table in ("electricity", "production"):
        url += f"?tab={table}"
    return url + (f"#{anchor}" if anchor else "")


def row_anchor(unit: int | None, table: str, fuel: str, key: str) -> str:
    """A value row's id on the month's page (``monthly_display.ValueRow.html_id``)."""
    return f"row-{unit if unit is not None else 'plant'}-{table}-{fuel or '-'}-{key}"


def place_url(report: Report, place: Place | None) -> str:
    """Where the review page sends a reviewer for a place: a month's value to its month 存证
    row; a row of all months to its table on the review page."""
    if place is None or not place.table:
        return ""
    if place.month:
        anchor = row_anchor(place.unit, place.table, place.fuel, place.key)
        return month_url(report, place.month, place.table, anchor)
    return f"#r-{place.table}"


@dataclass(frozen=True)
class LinkedWarning:
    shown: Shown
    url: str


def linked_warnings(
    report: Report, problems: Iterable[Problem], units: Mapping[int, str]
) -> list[LinkedWarning]:
    listed = list(problems)
    return [
        LinkedWarning(s, place_url(report, p.place))
        for p, s in zip(listed, shown(listed, units), strict=True)
    ]
