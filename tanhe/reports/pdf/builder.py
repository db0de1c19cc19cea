"""The document built: the portrait and landscape page templates, every page's header and
footer, and the story — the sections in the national form's order."""

from __future__ import annotations

import io
from functools import partial

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from ..models import ReportState
from ..page_codes import PageCode, enterprise_code, page_code_text
from .cover import Cover
from .declaration import Declaration
from .months import MonthTables
from .page import (
    HEADER_SIZE,
    LANDSCAPE,
    LINE,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_COUNT_FORM,
    PORTRAIT,
    QR_BOTTOM,
    QR_QUIET,
    QR_SIZE,
    RED,
    SIZE,
    WORD_GAP,
    Doc,
    Heading,
    PageCanvas,
    draw_words,
    qr_form,
)
from .tables import Tables


class Builder(Cover, MonthTables, Tables, Declaration):
    """The whole document: the sections (one mixin each) in order, on pages with the report's
    header and footer."""

    def build(self) -> tuple[bytes, int]:
        buffer = io.BytesIO()
        report = self.report
        doc = Doc(
            buffer,
            pagesize=PORTRAIT,
            title=f"{report.year}年度温室气体排放报告（发电设施）",
            author=self.name,
            subject=f"第{report.number}版 数据指纹 SHA-256 {self.digest}",
            creator="碳核 Tanhe",
            invariant=1,
            pageCompression=1,
            initialFontName=self.font,
            initialFontSize=SIZE,
        )
        templates = []
        for name, page in (("portrait", PORTRAIT), ("landscape", LANDSCAPE)):
            frame = Frame(
                MARGIN_X,
                MARGIN_BOTTOM,
                page[0] - 2 * MARGIN_X,
                page[1] - MARGIN_TOP - MARGIN_BOTTOM,
                id=name,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )
            templates.append(
                PageTemplate(id=name, frames=[frame], onPage=self.decorate, pagesize=page)
            )
        doc.addPageTemplates(templates)
        canvas = partial(PageCanvas, font=self.font, page_code=self.page_code)
        doc.build(self.story(), canvasmaker=canvas)
        return buffer.getvalue(), doc.page

    def page_code(self, page: int, pages: int) -> str:
        """The text of page ``page``'s QR code (:mod:`..page_codes`)."""
        report = self.report
        code = enterprise_code(report.enterprise.credit_code, report.enterprise.pk)
        return page_code_text(PageCode(code, report.year, report.number, page, pages, self.digest))

    def decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Header (enterprise, year, version, state) and footer (fingerprint, page, and in the
        bottom right corner the page's QR code)."""
        report = self.report
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setStrokeColor(LINE)
        canvas.setLineWidth(0.5)
        canvas.setFont(self.font, HEADER_SIZE)
        canvas.setFillColor(MUTED)
        top = height - 30
        canvas.drawString(MARGIN_X, top, f"{self.name}　{report.year}年度温室气体排放报告")
        state = self.state_label
        version = f"{self.version_label}　"
        right = width - MARGIN_X
        state_width = self.width(str(state), HEADER_SIZE) + 8
        if report.state == ReportState.DRAFT and not self.ready_to_stamp:
            canvas.setFillColor(RED)
            canvas.setStrokeColor(RED)
            canvas.roundRect(right - state_width, top - 3, state_width, 12.5, 2, stroke=1, fill=0)
        canvas.drawRightString(right - 4, top, str(state))
        canvas.setFillColor(MUTED)
        canvas.drawRightString(right - state_width - 2, top, version)
        canvas.setStrokeColor(LINE)
        canvas.line(MARGIN_X, top - 7, right, top - 7)
        bottom = 26
        code_left = right - QR_SIZE
        footer_right = code_left - QR_QUIET
        canvas.line(MARGIN_X, bottom + 11, footer_right, bottom + 11)
        canvas.drawString(MARGIN_X, bottom, f"数据指纹 SHA-256：{self.digest[:16]}")
        canvas.saveState()
        canvas.translate(code_left, QR_BOTTOM)
        canvas.doForm(qr_form(doc.page))
        canvas.restoreState()
        x = footer_right - self.width("第 9999 页 / 共 9999 页", HEADER_SIZE) - 8 * WORD_GAP
        x = draw_words(
            canvas, x, bottom, ["第", str(doc.page), "页", "/", "共"], self.font, HEADER_SIZE
        )
        canvas.translate(x, bottom)
        canvas.doForm(PAGE_COUNT_FORM)
        canvas.restoreState()

    def story(self) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.cover()
        story += [NextPageTemplate("landscape"), PageBreak()]
        sections = (
            ("二、燃料信息表", self.fuel),
            ("三、购入使用电量表", self.electricity),
            ("四、生产数据表", self.production),
            ("五、确定方式表", self.tests),
            ("六、生产设施表", self.facilities),
            ("七、信息汇总表", self.summary),
            ("八、附件清单", self.evidence),
        )
        for i, (title, make) in enumerate(sections):
            if i:
                story.append(PageBreak())
            story.append(Heading(title, self.h1, 0))
            story += make()
        story += [NextPageTemplate("portrait"), PageBreak()]
        story += self.declaration()
        return story
