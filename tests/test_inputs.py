"""The input rules of tanhe/inputs.py (pure), and the agreement of every entry path that reads a
typed number: the report page (services), the Excel reader and the JSON parser give the same
verdict and the same stored text for the same typed text."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tanhe.accounting.interchange import _Reader
from tanhe.accounting.report_form import ROW_BY_KEY, Table
from tanhe.inputs import (
    InputRefused,
    has_control_characters,
    normalise_number,
    parse_code,
    parse_number,
    strip_blanks,
)
from tanhe.reports import excel
from tanhe.reports.services import CellInput, cells
from tanhe.validators import number_message


def refused(text: str, **kw) -> tuple[str, dict]:
    with pytest.raises(InputRefused) as exc:
        parse_number(text, **kw)
    return exc.value.problem.code, dict(exc.value.problem.params)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("12", "12"), ("0", "0"), ("00012", "12"), ("000.50", "0.50"), ("0.0", "0.0"),
        ("12,345.6", "12345.6"), ("1,234,567", "1234567"), ("１２，３４５．６７", "12345.67"),
        (" \u3000\u00a0\ufeff\u200b12.5\u200b\t\n", "12.5"), ("１２．５０", "12.50"),
    ],
)  # fmt: skip
def test_numbers_are_normalised_to_one_canonical_text(typed, canonical):
    assert parse_number(typed) == canonical


@pytest.mark.parametrize(
    "typed",
    ["1²", "①", "١٢", "۱۲", "१२", "1e3", "1E3", "+5", "-5", "1_000", ".5", "5.", "1.2.3", "",
     " ", "NaN", "Infinity", "12 345", "1\u2009234", "１２\uff0d", "0x10", "12%", "１２ｅ３"],
)  # fmt: skip
def test_everything_else_is_not_a_number(typed):
    assert refused(typed) == ("not_a_number", {"signed": False})


@pytest.mark.parametrize("typed", ["12,5", "1,2345", ",123", "123,", "0012,345", "1,234.5,6"])
def test_commas_only_separate_thousands(typed):
    assert refused(typed) == ("grouping", {})


def test_signs_only_where_allowed_and_digit_limits():
    assert parse_number("-12.5", signed=True) == "-12.5"
    assert parse_number("-0", signed=True) == "-0"  # a sign stays: a caller may refuse it
    assert refused("+12", signed=True) == ("not_a_number", {"signed": True})
    assert parse_number("0" * 30 + "1") == "1"  # leading zeros do not count
    assert refused("1" * 16) == ("too_many_digits", {"integer": 15, "fraction": 20})
    assert refused("1." + "1" * 21) == ("too_many_digits", {"integer": 15, "fraction": 20})
    assert parse_number("1." + "1" * 30, max_fraction_digits=None) == "1." + "1" * 30


def test_the_normalisation_is_explicit_and_nothing_else():
    assert normalise_number("　１２．５，") == "12.5,"
    assert normalise_number("1²") == "1²"  # no NFKC
    assert strip_blanks("\ufeff a b \u200b") == "a b"


def test_codes_take_full_width_letters_and_digits_and_nothing_else():
    assert parse_code("MF１２３４") == "MF1234"
    assert parse_code(" ＭＦ０００１\u3000") == "MF0001"
    for bad in ("MF١٢٣٤", "MF12³", "MF\u202e1234", "MF\x001234", "设施1"):
        with pytest.raises(InputRefused) as exc:
            parse_code(bad)
        assert exc.value.problem.code == "not_ascii"


def test_control_characters():
    for text in ("a\x00b", "\u202eabc", "a\x1fb", "\x7f", "\x85", "\u2066x"):
        assert has_control_characters(text)
    assert not has_control_characters("第一行\n第二行\t制表\r\n")


# -- one verdict on every path ---------------------------------------------------------------------
ROW = ROW_BY_KEY[(Table.FUEL, "consumption")]
DECIMALS = {"consumption": 2}
BOOK = excel.Book(
    identity=excel.Identity("示例发电有限公司", "91110000MA0123456P", 2023, 1, 1, False),
    units=[excel.UnitLayout("1号机组", ("bituminous",))],
    decimals=DECIMALS,
)
SPEC = next(s for s in excel.row_specs(BOOK, Table.FUEL) if s.key == "consumption")


def page(text: str) -> str:
    """What the report page (services.save_cells) stores, or "refused: <message>"."""
    entry = CellInput(None, Table.FUEL, "bituminous", "consumption", 1, text)
    try:
        return cells._clean_value(entry, ROW, DECIMALS)
    except InputRefused as exc:
        return f"refused: {number_message(text, exc.problem)}"


def workbook(text: str) -> str:
    canonical, problem = excel.check_value(text, SPEC, DECIMALS)
    return canonical if problem is None else f"refused: {number_message(text, problem)}"


def json_import(text: str) -> str:
    """The engine's parser, then the report's save (excel_services.import_json)."""
    reader = _Reader()
    number = reader.decimal({"consumption": text}, "consumption", "months[0]")
    if number is None:
        return "refused"
    return page(format(number, "f"))


TYPED = st.text(
    alphabet=st.sampled_from(
        list("0123456789０１２３４５６７８９.,．，-+ e_²①١\u3000\u00a0\u200b")
    ),
    min_size=1,
    max_size=12,
).filter(lambda t: strip_blanks(t) != "")


@settings(max_examples=400, deadline=None)
@given(TYPED)
@example("1²")
@example("١٢")
@example("００１２")
@example("00012")
@example("000.50")
@example("12,5")
@example("12,345.6")
@example("-0")
@example("1.234")
def test_page_excel_and_json_agree(text):
    on_page = page(text)
    assert workbook(text) == on_page  # the same verdict and the same message
    via_json = json_import(text)
    if on_page.startswith("refused"):
        assert via_json.startswith("refused")
    else:
        assert via_json == on_page
