"""统一社会信用代码 (unified social credit code) per GB 32100-2015 — pure, shared by every layer."""

from __future__ import annotations

import re

from tanhe.inputs import normalise_code

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def check_character(first17: str) -> str:
    """The 18th character: C18 = 31 − (Σ Ci × Wi mod 31), 31 written as 0 (GB 32100-2015 §5).

    >>> check_character("91110000MA0123456")
    'P'
    """
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """``None`` if ``code`` is a valid credit code, else ``"shape"`` or ``"check"``.

    >>> credit_code_problem("91110000MA0123456P") is None
    True
    >>> credit_code_problem("91110000MA0123456Q")
    'check'
    """
    if not _SHAPE.fullmatch(code):
        return "shape"
    if check_character(code[:17]) != code[17]:
        return "check"
    return None


def normalise_identifier(text: str) -> str:
    """A code as typed, as stored: the code rule's normalisation (:func:`tanhe.inputs.
    normalise_code`: trimmed, full-width letters and digits made ASCII), in capitals. Anything
    else non-ASCII stays, for the shape check to refuse.

    >>> normalise_identifier(" ９１１１0000ma0123456p ")
    '91110000MA0123456P'
    """
    return normalise_code(text).upper()
