"""What the review page adds to the read-only report (``display.report_body``): at the top, the
months over and not sealed and the open warnings (the plant's own: ``completeness.warnings``),
each linked to its place; the reviewer's comments at places of this version and the choices of
the form that adds one. Reads only.
"""

from __future__ import annotations

from typing import Any

from . import calculation, monthly_display, review_places, selectors
from .completeness import warnings
from .labels import month_label
from .models import Report, ReportState
from .review_links import linked_warnings, month_url
from .review_list import unsealed_months


def points(report: Report) -> dict[str, Any]:
    result = calculation.outcome(report).result
    problems = warnings(report, result) if result is not None else []
    lines = monthly_display.year_overview(report, monthly_display.today())
    unsealed = [
        {"line": line, "url": month_url(report, line.month), "label": month_label(line.month)}
        for line in unsealed_months(lines)
    ]
    return {
        "unsealed": unsealed,
        "review_warnings": linked_warnings(report, problems, selectors.unit_names(report)),
        "warnings": [],  # listed at the top of the page, with their links
        "pending_comments": review_places.pending(report),
        "can_comment": report.state == ReportState.SUBMITTED,
        "comment_choices": {
            "tables": list(review_places.SECTIONS.items()),
            "rows": review_places.row_choices(),
            "blocks": review_places.block_choices(report),
            "months": review_places.month_choices(),
        },
    }
