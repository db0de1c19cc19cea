"""The report editor's notice that a newer plan version is in force (迁移到新版计划)."""

from __future__ import annotations

from django import template

from tanhe.plans.models import PlanVersion
from tanhe.reports.models import Report
from tanhe.reports.services import newer_plan as _newer_plan

register = template.Library()


@register.simple_tag
def newer_plan(report: Report) -> PlanVersion | None:
    """The plan version a draft can move onto, or None."""
    return _newer_plan(report)
