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
