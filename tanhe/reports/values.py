"""What a report value accepts — pure, one copy for every entry path: the report pages
(``services.save_cells``, daily records, heat measurements), the Excel template
(``excel.cells.check_value``) and, through ``save_cells``, the JSON import.

A value is a number under the one number rule of :mod:`tanhe.inputs` (normalised, canonical);
then the form's decimal places (``parameters/rounding.toml``) are checked on its fraction digits
as typed, and a percentage of a solid fuel may not exceed 100. Refusals are
:class:`~tanhe.inputs.InputRefused` with the codes of :mod:`tanhe.inputs` and:

``places``    more decimal places than the form allows (params: ``places``)
``over_100``  a percentage above 100
``state``     a fuel state that is neither 入炉 (fired) nor 入厂 (received)
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounting.model import State
from tanhe.accounting.report_form import STATE_KEY, Row
from tanhe.inputs import InputRefused, fraction_digits, parse_number, strip_blanks

# ReportCell.value holds 40 characters: 15 integer digits, and 10 decimals where the form
# fixes none (e.g. 碳氧化率).
INTEGER_DIGITS, FRACTION_DIGITS = 15, 10
# 燃料状态: the stored key, from the key or the label as typed.
STATE_INPUT = {text: s.value for s in State for text in (s.value, s.label_zh)}


def is_blank(text: str) -> bool:
    """Nothing typed (blanks only): the cell is cleared."""
    return strip_blanks(text) == ""


def is_percent(row: Row, fuel: str) -> bool:
    """The row's unit for this fuel is % (收到基元素碳含量 of a solid fuel, moisture …)."""
    return row.unit_for(fuel_catalogue().get(fuel)) == "%"


def number_with_places(text: str, places: int | None) -> str:
    """The canonical text of a number with at most ``places`` decimals ("" if blank)."""
    if is_blank(text):
        return ""
    canonical = parse_number(text, max_integer_digits=INTEGER_DIGITS, max_fraction_digits=None)
    if places is not None and fraction_digits(canonical) > places:
        raise InputRefused("places", places=places)
    if fraction_digits(canonical) > FRACTION_DIGITS:
        raise InputRefused("too_many_digits", integer=INTEGER_DIGITS, fraction=FRACTION_DIGITS)
    return canonical


def cell_value(text: str, key: str, row: Row | None, fuel: str, decimals: Mapping[str, int]) -> str:
    """The canonical text of a report cell as typed ("" clears it), or :class:`InputRefused`."""
    if key == STATE_KEY:
        plain = strip_blanks(text)
        if plain and plain not in STATE_INPUT:
            raise InputRefused("state")
        return STATE_INPUT.get(plain, "")
    places = decimals.get(row.rounding) if row and row.rounding else None
    canonical = number_with_places(text, places)
    if canonical and row and is_percent(row, fuel) and Decimal(canonical) > 100:
        raise InputRefused("over_100")
    return canonical
