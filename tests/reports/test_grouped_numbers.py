from decimal import Decimal

import pytest

from tanhe.reports.templatetags.numbers import grouped_text


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1234567.80", "1,234,567.80"),
        (Decimal("-1234.5"), "-1,234.5"),
        ("999", "999"),
        ("0.001234", "0.001234"),
        (Decimal("1E+3"), "1,000"),
        ("", ""),
        (None, ""),
        ("—", "—"),
        ("12a", "12a"),
    ],
)
def test_grouped_text(value: object, shown: str) -> None:
    assert grouped_text(value) == shown
