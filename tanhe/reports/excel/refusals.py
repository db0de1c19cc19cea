"""Why a workbook (or a JSON document) is refused: each :class:`Problem` says where in the file
and which rule, and :class:`WorkbookRejected` carries all of them, so that nothing is saved while
any remains. The workbook's words stay Chinese in every language; a refusal quoting one adds its
meaning in the reader's language (:func:`term`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tanhe.inputs import shorten

from ..labels import month_label
from ..problems import AREAS
from .book import TABLE_SHEETS, Where


@dataclass(frozen=True)
class Problem:
    """One reason the workbook is refused: where in the file (sheet, row, column, value), the
    rule (worded when found: during the reader's request, in their language) and the report's
    place of the cell (data, worded when shown)."""

    rule: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""  # the cell as the file has it, shortened: a page repeats at most 60 characters
    place: Where | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", shorten(self.value))

    def __str__(self) -> str:
        parts = [self.sheet] if self.sheet else []
        if self.row is not None:
            parts.append(_("第%(row)s行") % {"row": self.row})
        if self.column:
            parts.append(_("%(column)s列") % {"column": self.column})
        if self.value:
            parts.append(f"“{self.value}”")
        if not parts:
            return self.rule
        return _("%(where)s：%(what)s") % {"where": " ".join(parts), "what": self.rule}


class WorkbookRejected(ValueError):
    """The workbook is not imported; ``problems`` lists every reason (nothing was saved), and
    ``headline`` replaces the page's count of them when given."""

    def __init__(self, problems: list[Problem], headline: str = "") -> None:
        self.problems = problems
        self.headline = headline
        super().__init__("\n".join(str(p) for p in problems))


def quoted(word: str, meaning: str) -> str:
    """A Chinese word the file must have, quoted; in another language with its meaning next to
    it: “燃料” (Fuel). Names that are data (a unit's) mean themselves."""
    return f"“{word}”" if meaning in ("", word) else f"“{word}” ({meaning})"


def term(word: str) -> str:
    """A word of the workbook (a header, a sheet, a choice) quoted with its catalogue meaning."""
    if word.startswith("原值"):  # the hidden columns of the values as downloaded
        return quoted(word, _("原值%(label)s") % {"label": _meaning(word[2:])})
    return quoted(word, _meaning(word))


def _meaning(word: str) -> str:
    month = re.fullmatch(r"([0-9]+)月", word)
    if month and 1 <= int(month[1]) <= 12:
        return month_label(int(month[1]))
    sheet = {label: table for table, label in TABLE_SHEETS.items()}.get(word)
    if sheet is not None:
        return str(AREAS[sheet.value])
    return _(word)  # the headers are marked for makemessages where they are defined


def refused(message: str) -> WorkbookRejected:
    """The whole file refused for one reason."""
    return WorkbookRejected([Problem(message)])
