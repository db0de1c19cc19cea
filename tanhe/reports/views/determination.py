"""确定方式表: the page (each month's NCV and carbon content: method, device, frequencies,
standard, laboratory, dates) and its 保存 — the changed rows, all or none."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .. import display, parsing, services
from ..forms import (
    ACCREDITATION_CHOICES,
    CALIBRATION_FREQUENCIES,
    FREQUENCIES,
    METHOD_CHOICES,
    TEST_LABELS,
)
from ..models import Report
from ..services import DeterminationErrors
from .common import render_section, report_action, saved


def page(
    report: Report,
    *,
    typed: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    problems: list[str] | None = None,
) -> dict[str, Any]:
    """The rows as stored, or as typed (``typed``) with each refused row's error (``errors``,
    by the row's ``where``) after a refused save."""
    blocks = display.test_blocks(report, typed)
    for block in blocks:
        for row in block.rows:
            row.error = (errors or {}).get(row.where, "")
    return {
        "blocks": blocks,
        "problems": problems or [],
        "method_choices": METHOD_CHOICES,
        "accreditation_choices": ACCREDITATION_CHOICES,
        "frequencies": FREQUENCIES,
        "calibration_frequencies": CALIBRATION_FREQUENCIES,
        "labels": TEST_LABELS,
    }


@report_action("tests")
def tests_save(request: HttpRequest, report: Report) -> HttpResponse:
    blocks = display.test_blocks(report)
    changes, typed, problems = parsing.test_changes(blocks, request.POST)
    if not problems:
        rows = [data for _row, data in changes]
        try:
            services.save_test_records(actor=request.user, report=report, rows=rows)
        except DeterminationErrors as exc:
            problems = exc.problems
            for index, messages in exc.rows.items():
                changes[index][0].error = "；".join(messages)
        except ValidationError as exc:
            problems = exc.messages
        else:
            message = _("已保存：%(n)s 行有修改。") % {"n": len(changes)}
            return saved(request, report, "tests", message)
    errors = {row.where: row.error for block in blocks for row in block.rows if row.error}
    context = page(report, typed=typed, errors=errors, problems=problems)
    return render_section(request, report, "tests", context, status=400)
