"""What people type, made plain — pure, shared by every layer (pages, Excel, JSON, services).

**Text.** Control characters are refused in every free-text field (they crash Excel files, NUL
is refused by PostgreSQL, and bidirectional overrides disguise names). Tab, line feed and
carriage return are ordinary text.

**Numbers** — one rule, decided once, for the page, the Excel template, the JSON import, daily
records, heat measurements and the plan's numeric fields (docs/glossary.md, 输入规则):

1. One explicit normalisation (:func:`normalise_number`): surrounding blanks are stripped
   (white space, including the ideographic space U+3000 and U+00A0, the BOM U+FEFF and the
   zero-width space U+200B); the full-width digits ０–９ (U+FF10–U+FF19) become 0–9, the
   full-width full stop "．" (U+FF0E) becomes "." and the full-width comma "，" (U+FF0C) ",".
   Nothing else: no NFKC — "1²", "①", Arabic-Indic or Devanagari digits, "1e3", "_", and signs
   where none is allowed are refused.
2. Then ASCII digits only, one optional decimal point with digits on both sides (".5" and "5."
   are refused), and commas only as thousands separators in groups of three ("12,345.6"; a
   decimal comma "12,5" is refused rather than read as 125).
3. The canonical text stored: no grouping commas, no leading zeros in the integer part
   ("00012" → "12", "000.50" → "0.50", "0" stays "0"); the fraction digits are kept as typed
   (the form's decimal places are checked on them).

**Codes** typed by people (a facility's 设施编号 "MF0001", a postcode): the same blanks
stripped, full-width ASCII letters and digits made ASCII ("MF１２３４" → "MF1234"), and anything
else that is not printable ASCII refused.

Problems come back as data — :class:`InputRefused` carrying an :class:`InputProblem` (a code
and its parameters) — and each caller words them in its language (``tanhe.validators``
renders them with gettext; the engine with its own catalogue). The codes:

``not_a_number``     not a number under the rule above (params: ``signed``)
``grouping``         a comma that is not a thousands separator
``too_many_digits``  more digits than the field holds (params: ``integer``, ``fraction``)
``not_ascii``        a code with characters other than printable ASCII
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# C0 controls except \t \n \r, DEL, C1 controls, and the bidirectional embedding / override /
# isolate characters (U+202A–202E, U+2066–2069) that make "ABC" display as "CBA".
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds a character no free-text field accepts."""
    return CONTROL_CHARACTERS.search(text) is not None


# -- problems as data ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class InputProblem:
    """Why a typed value is refused: a code (see the module docstring) and its parameters."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)


class InputRefused(ValueError):
    """A typed value breaks the rule; ``problem`` says which (callers word it)."""

    def __init__(self, code: str, **params: object) -> None:
        self.problem = InputProblem(code, params)
        super().__init__(code)


# -- numbers ---------------------------------------------------------------------------------------
# Unicode white space (\s: U+3000, U+00A0 …), the BOM and the zero-width space, around the value.
_SURROUNDING = re.compile(r"^[\s\ufeff\u200b]+|[\s\ufeff\u200b]+\Z")
_FULL_WIDTH_NUMBER = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?", re.ASCII)  # after removing the commas
_GROUPED = re.compile(r"-?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?", re.ASCII)
# Plant quantities have at most 12 integer digits (10^12 t); 15 leaves room and keeps every
# product far inside the engine's 50-digit precision. Beyond 20 decimal places is noise.
MAX_INTEGER_DIGITS, MAX_FRACTION_DIGITS = 15, 20


def strip_blanks(text: str) -> str:
    """``text`` without surrounding white space, BOM or zero-width space."""
    return _SURROUNDING.sub("", text)


def normalise_number(text: str) -> str:
    """Step 1 of the number rule: blanks stripped, full-width digits, "．" and "，" made ASCII."""
    return strip_blanks(text).translate(_FULL_WIDTH_NUMBER)


def parse_number(
    text: str,
    *,
    signed: bool = False,
    max_integer_digits: int | None = MAX_INTEGER_DIGITS,
    max_fraction_digits: int | None = MAX_FRACTION_DIGITS,
) -> str:
    """The canonical text of a typed number, or :class:`InputRefused`.

    ``signed``: a leading "-" is allowed (the caller decides whether a negative is).
    The digit limits count the canonical digits (leading zeros do not count); ``None``: no limit.

    >>> parse_number(" １２，３４５．６０ ")
    '12345.60'
    >>> parse_number("00012"), parse_number("000.50"), parse_number("0")
    ('12', '0.50', '0')
    >>> parse_number("12,5")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    InputRefused: grouping
    """
    plain = normalise_number(text)
    if not signed and plain.startswith("-"):
        raise InputRefused("not_a_number", signed=signed)
    bare = plain.replace(",", "")
    if not _PLAIN.fullmatch(bare):
        raise InputRefused("not_a_number", signed=signed)
    if len(bare) != len(plain) and not _GROUPED.fullmatch(plain):
        raise InputRefused("grouping")
    sign = "-" if bare.startswith("-") else ""
    integer, _, fraction = bare.lstrip("-").partition(".")
    integer = integer.lstrip("0") or "0"
    if (max_integer_digits is not None and len(integer) > max_integer_digits) or (
        max_fraction_digits is not None and len(fraction) > max_fraction_digits
    ):
        raise InputRefused(
            "too_many_digits", integer=max_integer_digits, fraction=max_fraction_digits
        )
    return f"{sign}{integer}.{fraction}" if fraction else f"{sign}{integer}"


def fraction_digits(canonical: str) -> int:
    """The decimal places of a canonical number ("12.50" → 2)."""
    return len(canonical.partition(".")[2])


# -- codes -----------------------------------------------------------------------------------------
_FULL_WIDTH_ALNUM = str.maketrans(
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
)
_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]*", re.ASCII)


def normalise_code(text: str) -> str:
    """Step 1 of the code rule: blanks stripped, full-width letters and digits made ASCII."""
    return strip_blanks(text).translate(_FULL_WIDTH_ALNUM)


def parse_code(text: str) -> str:
    """A code typed by people, made plain: blanks stripped, full-width letters and digits made
    ASCII; anything else outside printable ASCII refused (``not_ascii``).

    >>> parse_code(" MF１２３４　")
    'MF1234'
    """
    plain = normalise_code(text)
    if not _PRINTABLE_ASCII.fullmatch(plain):
        raise InputRefused("not_ascii")
    return plain


# -- ids in URLs, queries and forms ------------------------------------------------------------
_ID = re.compile(r"[0-9]{1,18}", re.ASCII)  # fits a 64-bit primary key


def parse_id(raw: object) -> int | None:
    """A record id from a query or a form: ASCII digits only ("²" and "١٢" are digits to
    ``str.isdigit`` but not ids), at most 18 of them; anything else is ``None``.

    >>> parse_id("12"), parse_id("²"), parse_id("-1"), parse_id("99999999999999999999")
    (12, None, None, None)
    """
    if isinstance(raw, int) and not isinstance(raw, bool):  # a form field's coerced choice
        raw = str(raw)
    return int(raw) if isinstance(raw, str) and _ID.fullmatch(raw) else None


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
