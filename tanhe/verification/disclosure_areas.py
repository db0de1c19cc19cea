"""The seven rows of 附录3 三 (核查工作及时性和工作质量): the areas the authority judges per plant,
each with the guide's §5 clauses whose checklist items belong to it and the 4.4.4 categories of
non-conformity that fall under it (an item's clause wins over the category). The evaluation form,
its prefill from the non-conformities, the public table and its CSV all read this list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from tanhe.checks.findings import NcCategory

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Area:
    key: str
    number: int  # the row's 序号 in 附录3
    label: StrOrPromise
    clauses: tuple[str, ...]  # §5 clause prefixes ("5.4" covers 5.4.1, 5.4.2.1.1 …)
    categories: tuple[NcCategory, ...] = ()


AREAS: tuple[Area, ...] = (
    Area("basic", 1, _("重点排放单位基本情况"), ("5.1",)),
    Area("boundary", 2, _("核算边界"), ("5.2",), (NcCategory.BOUNDARY,)),
    Area("method", 3, _("核算方法"), ("5.3",), (NcCategory.METHOD,)),
    Area(
        "data",
        4,
        _("核算数据"),
        ("5.4",),
        (NcCategory.MEASUREMENT, NcCategory.DATA_SOURCE, NcCategory.EVIDENCE),
    ),
    Area("quality", 5, _("质量控制和文件存档"), ("5.6",), (NcCategory.QUALITY_CONTROL,)),
    Area("plan", 6, _("数据质量控制计划及执行"), ("5.5",), (NcCategory.PLAN,)),
    Area("other", 7, _("其他内容"), ("5.7",)),
)
AREA_KEYS: tuple[str, ...] = tuple(a.key for a in AREAS)
OTHER = "other"


def area_of_clause(clause: str) -> str | None:
    """The area whose clauses cover ``clause`` ("5.4.2.1.1" → "data"), if any."""
    for area in AREAS:
        if any(clause == c or clause.startswith(c + ".") for c in area.clauses):
            return area.key
    return None


def area_of_category(category: str) -> str:
    """The area of a 4.4.4 category; "other" for one no area names."""
    for area in AREAS:
        if category in area.categories:
            return area.key
    return OTHER
