"""The report as blocks — headings, paragraphs, tables — that the Word and PDF writers both
render in order, so that the two documents say the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Heading:
    level: int  # 0: the document's title, 1: a chapter, 2: a section
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    team: bool = False  # the team's own text (shown as such on the pages)


@dataclass(frozen=True)
class Grid:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


Block = Heading | Para | Grid


@dataclass(frozen=True)
class Part:
    """One section of the outline (report_outline key) and its blocks."""

    key: str
    blocks: tuple[Block, ...]


def num(value: Decimal | None) -> str:
    """A figure as the data hold it (no rounding, no separators); "/" for none."""
    return "/" if value is None else format(value, "f")


def pct(value: Decimal | None) -> str:
    return "/" if value is None else f"{format(value, 'f')}%"


def day(value: date | None) -> str:
    return (
        _("%(y)s年%(m)s月%(d)s日") % {"y": value.year, "m": value.month, "d": value.day}
        if value
        else ""
    )


def span(start: date | None, end: date | None) -> str:
    if start is None:
        return _("（未记录）")
    if end is None or end == start:
        return day(start)
    return _("%(start)s至%(end)s") % {"start": day(start), "end": day(end)}
