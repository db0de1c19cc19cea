"""The verification report as PDF, on the platform's ReportLab stack: the embedded CJK font of
``tanhe.documents.fonts`` (refused when missing, as the emission report's PDF does), A4 pages
numbered 第 N 页, the same blocks as the Word file."""

from __future__ import annotations

from html import escape
from io import BytesIO
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from tanhe.reports.pdf.render import embedded_font

from .blocks import Grid, Heading, Para
from .content import ReportContent

MARGIN = 42.0
SIZE = 8.0
PAD = 3.0
INK = HexColor("#1d2530")
BRAND = HexColor("#0f6b4f")
HEAD = HexColor("#e6f2ed")
LINE = HexColor("#9aa6b2")
TEAM = HexColor("#3a4a5a")


class Styles:
    def __init__(self, font: str) -> None:
        base = ParagraphStyle(
            "base", fontName=font, fontSize=10, leading=15, textColor=INK, wordWrap="CJK"
        )
        self.font = font
        self.body = base
        self.team = ParagraphStyle("team", base, textColor=TEAM, leftIndent=8)
        self.title = ParagraphStyle(
            "title", base, fontSize=17, leading=24, alignment=TA_CENTER, spaceAfter=12
        )
        self.h1 = ParagraphStyle(
            "h1", base, fontSize=13, leading=19, textColor=BRAND, spaceBefore=8, spaceAfter=6
        )
        self.h2 = ParagraphStyle("h2", base, fontSize=11, leading=16, spaceBefore=6, spaceAfter=3)
        self.cell = ParagraphStyle("cell", base, fontSize=SIZE, leading=SIZE + 3)


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _widths(grid: Grid, font: str, width: float) -> list[float]:
    """Each column's natural width (its longest text, capped), scaled to the frame."""
    cols = len(grid.header)
    natural = []
    for i in range(cols):
        texts = [grid.header[i], *(r[i] for r in grid.rows)]
        longest = max(pdfmetrics.stringWidth(t, font, SIZE) for t in texts) + 2 * PAD + 1
        natural.append(min(max(longest, 28.0), width * 0.45))
    total = sum(natural)
    return [w * width / total for w in natural]


def _table(grid: Grid, styles: Styles, width: float) -> Table:
    widths = _widths(grid, styles.font, width)
    rows = [[_para(t, styles.cell) for t in grid.header]]
    rows += [[_para(t, styles.cell) for t in row] for row in grid.rows]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, LINE),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ]
        )
    )
    return table


def _footer(canvas: Any, doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(doc.tanhe_font, 8)
    canvas.drawCentredString(A4[0] / 2, 24, f"第 {doc.page} 页")
    canvas.restoreState()


def flowables(content: ReportContent, styles: Styles, width: float) -> list[Flowable]:
    story: list[Flowable] = [_para(content.title, styles.title)]
    for n, part in enumerate(content.parts):
        if n and part.key in ("s1", "annex1"):
            story.append(PageBreak())
        for block in part.blocks:
            if isinstance(block, Heading):
                story.append(_para(block.text, styles.h1 if block.level <= 1 else styles.h2))
            elif isinstance(block, Para):
                story.append(_para(block.text, styles.team if block.team else styles.body))
            else:
                if block.caption:
                    story.append(_para(block.caption, styles.h2))
                story += [_table(block, styles, width), Spacer(1, 6)]
    return story


def build_pdf(content: ReportContent) -> bytes:
    """The report of ``content`` as PDF bytes."""
    font = embedded_font()
    styles = Styles(font)
    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=content.title,
        author=content.cover.agency,
        invariant=1,
    )
    doc.tanhe_font = font
    doc.build(flowables(content, styles, doc.width), onFirstPage=_footer, onLaterPages=_footer)
    return out.getvalue()
