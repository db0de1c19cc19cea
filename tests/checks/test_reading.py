"""The ``check_data`` reader: located refusals in both languages, and the fast path for plain
records giving exactly what the checked path gives."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tanhe.accounting.errors import InputErrors
from tanhe.accounting.interchange import loads
from tanhe.checks.data import Reported, StockBalance
from tanhe.checks.data import TestReport as LabReport
from tanhe.checks.reading import _SPEC, _CheckReader, check_data_from


def _messages(text: str, lang: str = "zh") -> list[str]:
    with pytest.raises(InputErrors) as exc:
        check_data_from(loads(text))
    return exc.value.messages(lang)


def test_a_month_out_of_range_is_named_with_its_place():
    (message,) = _messages('{"check_data": {"tests": [{"unit": "1", "fuel": "bituminous", '
                           '"month": 13, "parameter": "ncv"}]}}')  # fmt: skip
    assert "check_data.tests[0].month" in message and "13" in message


def test_numbers_must_be_strings_and_dates_iso():
    messages = _messages(
        '{"check_data": {"stock_balances": [{"fuel": "bituminous", "purchases": 12.5, '
        '"outgoing": "0", "stock_start": "0", "stock_end": "0"}], "tests": [{"unit": "1", '
        '"fuel": "bituminous", "month": 1, "parameter": "ncv", "sampled_on": "2023/01/31"}]}}',
        "en",
    )
    assert any("purchases" in m and "JSON strings" in m for m in messages)
    assert any("sampled_on" in m and "YYYY-MM-DD" in m for m in messages)


def test_an_unknown_key_is_refused_not_dropped():
    (message,) = _messages('{"check_data": {"reported": [{"unit": "1", "field": "heat_gj", '
                           '"value": "1", "vaule": "2"}]}}')  # fmt: skip
    assert "vaule" in message


def test_an_unknown_section_is_refused():
    (message,) = _messages('{"check_data": {"second_source": []}}')
    assert "second_source" in message


@pytest.mark.parametrize(
    ("section", "row", "expected"),
    [
        ("reported", {"unit": "1", "fuel": "bituminous", "month": 3, "field": "heat_gj",
                      "value": "12.50"},
         Reported("1", "bituminous", 3, "heat_gj", "12.50")),
        ("stock_balances", {"fuel": "lignite", "purchases": "10.5", "outgoing": "0",
                            "stock_start": "1", "stock_end": "2"},
         StockBalance(None, "lignite", None, Decimal("10.5"), Decimal(0), Decimal(1),
                      Decimal(2))),
        ("tests", {"unit": "1", "fuel": "bituminous", "month": 2, "parameter": "ncv",
                   "sampled_on": "2023-02-01"},
         LabReport("1", "bituminous", 2, "ncv", sampled_on=date(2023, 2, 1))),
    ],
)  # fmt: skip
def test_the_fast_path_and_the_checked_path_agree(section, row, expected):
    kind, fields = _SPEC[section]
    assert _CheckReader().read_record(row, section, kind, fields) == expected
    reader = _CheckReader()
    slow = {name: reader._value(row, name, spec, section) for name, spec in fields.items()}
    assert kind(**slow) == expected and not reader.issues


def test_padded_text_takes_the_checked_path_and_is_trimmed():
    kind, fields = _SPEC["reported"]
    row = {"unit": " 1 ", "field": "heat_gj", "value": "1"}
    assert _CheckReader().read_record(row, "r", kind, fields) == Reported(
        "1", None, None, "heat_gj", "1"
    )


def test_a_reported_value_must_be_a_number():
    (message,) = _messages('{"check_data": {"reported": [{"unit": "1", "field": "heat_gj", '
                           '"value": "abc"}]}}')  # fmt: skip
    assert "check_data.reported[0].value" in message and "abc" in message


def test_months_are_written_as_runs():
    from tanhe.checks.words import months

    assert months([5, 1, 2, 3]) == {"months": "1–3月、5月", "months_en": "Jan–Mar, May"}
    assert months(range(1, 13))["months"] == "1–12月"
    assert months([]) == {"months": "–", "months_en": "–"}
