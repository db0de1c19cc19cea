"""The verification report as Word (.docx, python-docx): agencies edit Word. Chinese text is
declared East Asian: every style and every run names its font in ``w:rFonts`` with
``w:eastAsia`` (Word otherwise falls back to a Latin font for Chinese), and the themes' East
Asian font attributes are taken out so that the declared font wins."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .blocks import Grid, Heading, Para
from .content import ReportContent

LATIN_FONT = "Times New Roman"
EAST_ASIAN_FONT = "宋体"
HEADING_FONT = "黑体"
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def declare_fonts(r_pr: Any, east_asian: str = EAST_ASIAN_FONT) -> None:
    """``<w:rFonts w:ascii=… w:hAnsi=… w:eastAsia=…>`` on a run's or a style's properties."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def _styles(doc: Any) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid", "Caption"):
        style = doc.styles[name]
        east = HEADING_FONT if name.startswith(("Heading", "Title")) else EAST_ASIAN_FONT
        declare_fonts(style.element.get_or_add_rPr(), east)
    doc.styles["Normal"].font.size = Pt(10.5)


def _run(paragraph: Any, text: str, bold: bool = False, east: str = EAST_ASIAN_FONT) -> None:
    run = paragraph.add_run(text)
    run.bold = bold or None
    declare_fonts(run._element.get_or_add_rPr(), east)


def _grid(doc: Any, grid: Grid) -> None:
    if grid.caption:
        _run(doc.add_paragraph(style="Caption"), grid.caption, bold=True)
    table = doc.add_table(rows=1, cols=len(grid.header))
    table.style = doc.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, grid.header, strict=True):
        _run(cell.paragraphs[0], text, bold=True)
    for row in grid.rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            _run(cell.paragraphs[0], text)
    doc.add_paragraph()


def build_docx(content: ReportContent) -> bytes:
    """The report of ``content`` as .docx bytes (A4 landscape pages for the wide annex tables
    would differ from the template: portrait throughout, narrow margins)."""
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    props = doc.core_properties
    props.title = content.title
    props.author = content.cover.agency
    _run(doc.add_heading(level=0), content.title, east=HEADING_FONT)
    for n, part in enumerate(content.parts):
        if n and part.key in ("s1", "annex1"):
            doc.add_page_break()  # type: ignore[no-untyped-call]
        for block in part.blocks:
            if isinstance(block, Heading):
                _run(doc.add_heading(level=max(block.level, 1)), block.text, east=HEADING_FONT)
            elif isinstance(block, Para):
                _run(doc.add_paragraph(), block.text)
            else:
                _grid(doc, block)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
