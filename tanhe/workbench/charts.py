"""Charts of the workbench: SVG drawn on the server by pygal (no script; the page's CSP allows
images from ``data:``), each with the same numbers as a table for readers without images or
who want the digits. The numbers come from the callers (the engine's results, the submitted
reports); this module only draws them.

The drawing takes floats — pixels, not values: the table beside it shows the exact decimals."""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import pygal
from pygal.style import Style

from tanhe.reports.templatetags.numbers import grouped_text

SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
FONT = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif'
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#9aa5b1",
    font_family=FONT,
    label_font_family=FONT,
    major_label_font_family=FONT,
    legend_font_family=FONT,
    title_font_family=FONT,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    colors=("#1d6fa5", "#d97706", "#2f855a", "#9b2c2c", "#6b46c1", "#4a5568"),
    opacity=".85",
    opacity_hover=".95",
)


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[Decimal | None, ...]


@dataclass(slots=True)
class Chart:
    """One chart: its title and unit, the x labels, the series; ``image`` the SVG as a data URI
    (drawn by :func:`draw`); ``rows`` the same numbers as a table."""

    key: str
    title: str
    unit: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    kind: str = "bar"  # bar | line
    axis: str = ""  # what the labels are (the table's first header)
    image: str = field(default="", repr=False)

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        """Per label, each series' value as displayed (grouped digits; blank where none)."""
        return [
            (
                label,
                [grouped_text(s.values[i]) if s.values[i] is not None else "" for s in self.series],
            )
            for i, label in enumerate(self.labels)
        ]

    @property
    def empty(self) -> bool:
        return not any(v is not None for s in self.series for v in s.values)


def _pixels(values: Sequence[Decimal | None]) -> list[float | None]:
    return [float(v) if v is not None else None for v in values]


def draw(chart: Chart, width: int = 620, height: int = 280) -> Chart:
    """Draws ``chart`` (sets its ``image``) and returns it."""
    maker = pygal.Line if chart.kind == "line" else pygal.Bar
    svg = maker(
        js=[],  # no script: pygal's tooltips would load one from elsewhere
        width=width,
        height=height,
        style=STYLE,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(chart.series), 4) or 1,
        show_y_guides=True,
        max_scale=7,  # at most about 7 ticks on the y axis
        y_title=chart.unit,
        margin=8,
        spacing=10,
        print_values=False,
        disable_xml_declaration=True,
        value_formatter=lambda v: grouped_text(Decimal(str(v)).normalize()) if v else "0",
        allow_interruptions=True,
    )
    svg.x_labels = list(chart.labels)
    for series in chart.series:
        svg.add(series.name, _pixels(series.values))
    # pygal writes its config as an inline script even without its JS: an image never runs it,
    # and the chart carries none
    text = SCRIPT.sub("", svg.render(is_unicode=True))
    chart.image = "data:image/svg+xml;base64," + base64.b64encode(text.encode()).decode("ascii")
    return chart
