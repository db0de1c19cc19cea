"""The page: sizes, margins, colours, and the furniture every page carries — the page count
(共 M 页) and the page's QR code (第 N 页 / 共 M 页 with the report and its data fingerprint,
:mod:`..page_codes`), both filled in once the last page is known, and headings that are entries
of the PDF outline."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Paragraph

from ..page_codes import modules

PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGIN_X = 36.0
MARGIN_TOP = 50.0
# The page's QR code sits in the bottom right corner: 2 cm square (without its quiet zone, 4
# modules of white kept free around it), 7 mm above the paper's edge — inside what printers
# print and scanners keep. The text frame ends above it.
QR_SIZE = 20 * mm
QR_BOTTOM = 20.0
QR_QUIET = 8.0
MARGIN_BOTTOM = QR_BOTTOM + QR_SIZE + QR_QUIET
SIZE = 7.5  # table text
PAD = 2.5  # cell padding left and right
HEADER_SIZE = 8.0
WORD_GAP = 0.5  # em between the footer's words

INK = HexColor("#1d2530")
MUTED = HexColor("#5d6b7a")
BRAND = HexColor("#0f6b4f")
HEAD = HexColor("#e6f2ed")  # table header rows
AUTO = HexColor("#e4e8ec")  # cells filled by 自动计算 (grey on the national form)
YEAR = HexColor("#f3f7f5")  # the year column
LINE = HexColor("#9aa6b2")
RED = HexColor("#a8261b")
AMBER = HexColor("#fff4dc")

PAGE_COUNT_FORM = "TanhePageCount"


def qr_form(page: int) -> str:
    """The name of page ``page``'s QR code (a form XObject)."""
    return f"TanheQr{page}"


class PageCanvas(Canvas):
    """Defines what needs the page count (共 M 页) once the last page is known: every footer
    draws the count and its page's QR code as form XObjects that are only filled in when the
    document is saved. ``page_code(page, pages)`` is the text of a page's QR code."""

    def __init__(
        self, *args: Any, font: str, page_code: Callable[[int, int], str], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self._tanhe_font = font
        self._tanhe_page_code = page_code

    def save(self) -> None:
        pages = self.getPageNumber() - 1  # every page has been shown
        self.beginForm(PAGE_COUNT_FORM, lowerx=-2, lowery=-4, upperx=80, uppery=12)
        self.setFont(self._tanhe_font, HEADER_SIZE)
        self.setFillColor(MUTED)
        draw_words(self, 0, 0, [str(pages), "页"], self._tanhe_font, HEADER_SIZE)
        self.endForm()
        for page in range(1, pages + 1):
            self.beginForm(qr_form(page), lowerx=0, lowery=0, upperx=QR_SIZE, uppery=QR_SIZE)
            draw_qr(self, modules(self._tanhe_page_code(page, pages)), QR_SIZE)
            self.endForm()
        super().save()


def draw_qr(canvas: Canvas, symbol: list[list[bool]], size: float) -> None:
    """A QR symbol as one filled path, ``size`` square from the origin: each row's runs of dark
    modules as one rectangle (black, whatever the fill colour around)."""
    box = size / len(symbol)
    path = canvas.beginPath()
    for r, row in enumerate(symbol):
        top = size - (r + 1) * box
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            path.rect(start * box, top, (c - start) * box, box)
    canvas.saveState()
    canvas.setFillColor(black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def draw_words(
    canvas: Canvas, x: float, y: float, words: list[str], font: str, size: float
) -> float:
    """Words drawn one by one with a visible gap (text extraction keeps "第 1 页 / 共 9 页"
    spaced; a space inside one CJK string is dropped by some extractors). Returns the next x."""
    for word in words:
        canvas.drawString(x, y, word)
        x += pdfmetrics.stringWidth(word, font, size) + WORD_GAP * size
    return x


class Heading(Paragraph):
    """A section or block title: also an entry of the PDF outline."""

    def __init__(self, text: str, style: ParagraphStyle, level: int) -> None:
        super().__init__(escape(text), style)
        self.outline_title = text
        self.outline_level = level


class Doc(BaseDocTemplate):
    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._outline_count = 0

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802  (ReportLab's hook)
        if isinstance(flowable, Heading):
            self._outline_count += 1
            key = f"section{self._outline_count}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_title, key, level=flowable.outline_level)
