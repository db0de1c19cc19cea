"""What people type, made plain — pure, shared by every layer (pages, Excel, JSON, services).

One rule for text: control characters are refused in every free-text field (they crash Excel
files, NUL is refused by PostgreSQL, and bidirectional overrides disguise names). Tab, line feed
and carriage return are ordinary text.
"""

from __future__ import annotations

import re

# C0 controls except \t \n \r, DEL, C1 controls, and the bidirectional embedding / override /
# isolate characters (U+202A–202E, U+2066–2069) that make "ABC" display as "CBA".
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds a character no free-text field accepts."""
    return CONTROL_CHARACTERS.search(text) is not None


# -- what people typed, shown or written back ------------------------------------------------
ECHO_MAX = 60  # characters of uploaded content an error page repeats


def shorten(text: str, limit: int = ECHO_MAX) -> str:
    """``text`` as an error message may repeat it: at most ``limit`` characters, the cut marked
    with “…” (an uploaded cell or name can be megabytes long)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


# A spreadsheet opening a CSV runs a cell that starts with one of these as a formula
# (OWASP "CSV injection"); a plain number such as -3 or +1.5 stays a number.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?", re.ASCII)


def csv_cell(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet reads as a formula: prefixed with ``'``
    when it starts with = + - @ (or a tab / carriage return), unless it is a number."""
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
