"""The charts: SVG drawn on the server with no script in it (readable without JavaScript, and
within the page's CSP as a ``data:`` image), the numbers of the table exact and grouped."""

from __future__ import annotations

import base64
from decimal import Decimal
from xml.etree import ElementTree

from tanhe.workbench.charts import Chart, Series, draw


def chart() -> Chart:
    series = (
        Series("1号机组", (Decimal("310347.39"), None, Decimal("0.825"))),
        Series("2号机组", (Decimal("1234567.8"), Decimal("0"), None)),
    )
    return Chart("emissions", "月度排放量", "tCO2", ("1月", "2月", "3月"), series, axis="月份")


def test_the_table_shows_the_exact_numbers_grouped_and_blanks_where_none():
    assert chart().rows == [
        ("1月", ["310,347.39", "1,234,567.8"]),
        ("2月", ["", "0"]),
        ("3月", ["0.825", ""]),
    ]


def test_the_image_is_svg_without_script_naming_every_series():
    drawn = draw(chart())
    prefix = "data:image/svg+xml;base64,"
    assert drawn.image.startswith(prefix)
    svg = base64.b64decode(drawn.image[len(prefix) :]).decode()
    assert svg.startswith("<svg") and "<script" not in svg
    assert "1号机组" in svg and "2号机组" in svg and "tCO2" in svg


def test_a_chart_of_no_numbers_is_empty():
    empty = Chart("x", "t", "u", ("1月",), (Series("a", (None,)),))
    assert empty.empty and not chart().empty


def test_a_names_markup_is_escaped_in_the_svg():
    """Unit names are the plant's own text: drawn as text, never as markup."""
    name = '<script>alert(1)</script>&"机组'
    drawn = draw(Chart("x", "t", "tCO2", ("1月",), (Series(name, (Decimal("1.5"),)),)))
    svg = base64.b64decode(drawn.image.split(",", 1)[1]).decode()
    assert "<script" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in svg
    texts = [e.text for e in ElementTree.fromstring(svg).iter() if e.text]
    assert name in texts  # parsed back: the same characters, as text
