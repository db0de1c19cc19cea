"""The emission report (排放报告) as a PDF: the document the enterprise downloads, prints, stamps
and uploads again (提交确认), and that anyone who may see the report can download.

Sections follow the national form: 基本信息, 燃料信息表, 购入使用电量表, 生产数据表, 确定方式表,
生产设施表, 信息汇总表, 附件清单, 声明. The month tables are set on landscape pages; when the 12
months and the year column do not fit the page width, they are split into consecutive parts (two
halves first) so that no value is ever cut. Nothing is computed here: every value is a stored
cell's text, a selector's value (``selectors.grid`` with the engine result of
``calculation.compute``, ``selectors.summary``) or the evidence list of
``selectors.report_content``.

Every page carries the enterprise, the year and the version in its header and, in its footer, the
page number ("第 N 页 / 共 M 页") and the first 16 hex digits of the data fingerprint: SHA-256 of
the canonical JSON of ``selectors.report_content(report)`` (sorted keys, UTF-8, Chinese not
escaped; the same form as the submission snapshot's). The last page prints the whole hash.

The document is the national form, so it is always Chinese (rendered under ``zh-hans`` whatever
the user's language). Chinese text uses the WenQuanYi Micro Hei TrueType font, embedded as a
subset (``tanhe.documents.fonts.cjk_font``); without it the PDF is refused rather than produced
with a font reference the reader may not have. Output is deterministic: the same data gives the
same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from html import escape
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone, translation
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from tanhe.accounting.fuels import fuel_label
from tanhe.accounting.model import state_label_zh
from tanhe.accounting.report_form import DECLARATION_ZH, MONTHS, REQUIRED_EVIDENCE
from tanhe.accounting.report_form import Table as Form
from tanhe.documents import fonts
from tanhe.fingerprint import fingerprint
from tanhe.plans import display
from tanhe.plans.selectors import BASIC_FIELDS

from . import calculation, selectors
from .completeness import submission_problems
from .models import Origin, Report, ReportState, ReportSubmission

PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGIN_X = 36.0
MARGIN_TOP = 50.0
MARGIN_BOTTOM = 44.0
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
PARAMETER_WORDS = {"ncv": "低位发热量", "carbon_content": "元素碳含量"}
PLAN_CONTACT_FIELDS = ("plan_author", "contact_person", "contact_phone", "contact_email")


class FontMissing(ImproperlyConfigured):
    """The CJK TrueType font to embed is not installed."""


@dataclass(frozen=True, slots=True)
class ReportPdf:
    data: bytes
    filename: str  # 排放报告_{credit_code}_{year}_v{number}.pdf
    ascii_filename: str  # the same without Chinese, for clients that ignore filename*
    sha256: str  # the data fingerprint printed on every page
    submission_sha256: str | None  # the submission snapshot's hash, when it matches the data
    pages: int


def embedded_font() -> str:
    """The registered name of the TrueType CJK font (embedded as a subset in the PDF)."""
    name = fonts.cjk_font()
    if not isinstance(pdfmetrics.getFont(name), TTFont):
        raise FontMissing(
            f"排放报告 PDF 须嵌入中文字体：未找到 {fonts.CJK_FONT_FILE}"
            "（请安装 Debian 软件包 fonts-wqy-microhei）"
        )
    return name


def filenames(report: Report) -> tuple[str, str]:
    code = "".join(ch for ch in report.enterprise.credit_code if ch.isalnum()) or str(
        report.enterprise.pk
    )
    stem = f"{code}_{report.year}_v{report.number}.pdf"
    return f"排放报告_{stem}", f"emission-report_{stem}"


def render_report(report: Report) -> ReportPdf:
    """The report as a PDF, with its data fingerprint."""
    font = embedded_font()
    with translation.override("zh-hans"):
        content = selectors.report_content(report)
        digest = fingerprint(content)
        submitted = _submission_hash(report, digest)
        builder = _Builder(report, content, font, digest, submitted)
        data, pages = builder.build()
    name, ascii_name = filenames(report)
    return ReportPdf(data, name, ascii_name, digest, submitted, pages)


def _submission_hash(report: Report, digest: str) -> str | None:
    """The stored submission hash, if the snapshot is intact and holds exactly this data.

    The snapshot is ``report_content`` plus the engine's result, so its hash differs from the
    data fingerprint; it is printed as well when the snapshot without its result has the same
    fingerprint as the data now, and its own hash checks out."""
    submission = ReportSubmission.objects.filter(report=report).first()
    if submission is None:
        return None
    snapshot = {k: v for k, v in submission.content.items() if k != "result"}
    if fingerprint(snapshot) != digest or fingerprint(submission.content) != submission.sha256:
        return None
    return submission.sha256


# -- page furniture -------------------------------------------------------------------------------
class _Canvas(Canvas):
    """Defines the page count (共 M 页) once the last page is known: every footer draws it as a
    form XObject that is only filled in when the document is saved."""

    def __init__(self, *args: Any, font: str, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._tanhe_font = font

    def save(self) -> None:
        pages = self.getPageNumber() - 1  # every page has been shown
        self.beginForm(PAGE_COUNT_FORM, lowerx=-2, lowery=-4, upperx=80, uppery=12)
        self.setFont(self._tanhe_font, HEADER_SIZE)
        self.setFillColor(MUTED)
        _draw_words(self, 0, 0, [str(pages), "页"], self._tanhe_font, HEADER_SIZE)
        self.endForm()
        super().save()


def _draw_words(
    canvas: Canvas, x: float, y: float, words: list[str], font: str, size: float
) -> float:
    """Words drawn one by one with a visible gap (text extraction keeps "第 1 页 / 共 9 页"
    spaced; a space inside one CJK string is dropped by some extractors). Returns the next x."""
    for word in words:
        canvas.drawString(x, y, word)
        x += pdfmetrics.stringWidth(word, font, size) + WORD_GAP * size
    return x


class _Heading(Paragraph):
    """A section or block title: also an entry of the PDF outline."""

    def __init__(self, text: str, style: ParagraphStyle, level: int) -> None:
        super().__init__(escape(text), style)
        self.outline_title = text
        self.outline_level = level


class _Doc(BaseDocTemplate):
    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._outline_count = 0

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802  (ReportLab's hook)
        if isinstance(flowable, _Heading):
            self._outline_count += 1
            key = f"section{self._outline_count}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_title, key, level=flowable.outline_level)


# -- month tables ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Line:
    label: str
    unit: str
    values: list[str]  # months 1–12
    year: str
    auto: list[bool]  # months filled by 自动计算 (grey)
    words: bool = False  # a row of words (入炉 / 入厂), centred


@dataclass(frozen=True, slots=True)
class _Block:
    title: str
    lines: list[_Line]


def _unit_text(unit: str) -> str:
    return unit.replace("10^4", "10⁴").replace("Nm3", "Nm³").replace("CO2", "CO₂")


def _grid_blocks(blocks: Iterable[selectors.GridBlock]) -> list[_Block]:
    out = []
    for block in blocks:
        lines = []
        if any(c is not None and c.value for c in block.states):
            words = [state_label_zh(c.value) if c else "" for c in block.states]
            lines.append(_Line("燃料状态", "", words, "/", [False] * 12, words=True))
        for row in block.rows:
            if row.row.optional and not any(c is not None and c.value for c in row.cells):
                continue  # basis-conversion inputs nobody used
            lines.append(
                _Line(
                    row.row.label_zh,
                    _unit_text(row.unit_label),
                    [c.value if c is not None else "" for c in row.cells],
                    "/" if row.row.annual == "none" else row.annual,
                    [c is not None and c.origin == Origin.AUTO for c in row.cells],
                )
            )
        out.append(_Block(block.title, lines))
    return out


# -- the document ---------------------------------------------------------------------------------
class _Builder:
    def __init__(
        self, report: Report, content: dict[str, Any], font: str, digest: str, submitted: str | None
    ) -> None:
        self.report = report
        self.content = content
        self.font = font
        self.digest = digest
        self.submitted = submitted
        self.basic = getattr(report.plan_version, "basic", None)
        self.name = self.basic.name if self.basic else report.enterprise.name
        self.outcome = calculation.outcome(report)
        # complete but for the stamped scan: the copy to print and stamp is not a "草稿"
        self.ready_to_stamp = (
            report.state == ReportState.DRAFT
            and report.stamped_pdf_id is None
            and [p.code for p in submission_problems(report, self.outcome)] == ["stamped_missing"]
        )
        self.state_label = "待盖章提交" if self.ready_to_stamp else ReportState(report.state).label
        base = ParagraphStyle(
            "base", fontName=font, fontSize=9, leading=13, textColor=INK, wordWrap="CJK"
        )
        self.body = base
        self.cell = ParagraphStyle("cell", base, fontSize=SIZE, leading=SIZE + 2)
        self.cell_head = ParagraphStyle("cell_head", self.cell, alignment=TA_CENTER)
        self.title_style = ParagraphStyle(
            "title", base, fontSize=18, leading=26, alignment=TA_CENTER, spaceAfter=6
        )
        self.subtitle = ParagraphStyle(
            "subtitle", base, fontSize=10.5, leading=16, alignment=TA_CENTER, textColor=MUTED
        )
        self.h1 = ParagraphStyle(
            "h1", base, fontSize=13, leading=18, textColor=BRAND, spaceBefore=2, spaceAfter=6
        )
        self.h2 = ParagraphStyle(
            "h2", base, fontSize=9.5, leading=13, textColor=INK, spaceBefore=6, spaceAfter=3
        )
        self.note = ParagraphStyle("note", base, fontSize=7.5, leading=10.5, textColor=MUTED)
        self.declaration_style = ParagraphStyle(
            "declaration", base, fontSize=11.5, leading=21, firstLineIndent=23
        )

    # -- measures
    def width(self, text: str, size: float = SIZE) -> float:
        return pdfmetrics.stringWidth(text, self.font, size)

    def natural(self, texts: Iterable[str]) -> float:
        return max((self.width(t) for t in texts), default=0.0) + 2 * PAD + 1

    def text_cell(self, text: str, width: float) -> str | Paragraph:
        """A plain string when it fits the column, else a wrapping paragraph."""
        if self.width(text) + 2 * PAD <= width and "\n" not in text:
            return text
        return Paragraph(escape(text).replace("\n", "<br/>"), self.cell)

    def table(
        self,
        rows: list[list[Any]],
        widths: Sequence[float],
        extra: Iterable = (),
        *,
        head_rows: int = 1,
    ) -> Table:
        style = [
            ("FONT", (0, 0), (-1, -1), self.font, SIZE),
            ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ("GRID", (0, 0), (-1, -1), 0.4, LINE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ]
        if head_rows:
            style += [
                ("BACKGROUND", (0, 0), (-1, head_rows - 1), HEAD),
                ("ALIGN", (0, 0), (-1, head_rows - 1), "CENTER"),
            ]
        return Table(
            rows,
            colWidths=list(widths),
            repeatRows=head_rows,
            hAlign="LEFT",
            style=TableStyle(style + list(extra)),
        )

    def frame_width(self, page: tuple[float, float]) -> float:
        return page[0] - 2 * MARGIN_X

    # -- build
    def build(self) -> tuple[bytes, int]:
        buffer = io.BytesIO()
        report = self.report
        doc = _Doc(
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
        doc.build(self.story(), canvasmaker=partial(_Canvas, font=self.font))
        return buffer.getvalue(), doc.page

    def decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Header (enterprise, year, version, state) and footer (page, fingerprint)."""
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
        version = f"第{report.number}版　"
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
        canvas.line(MARGIN_X, bottom + 11, right, bottom + 11)
        canvas.drawString(MARGIN_X, bottom, f"数据指纹 SHA-256：{self.digest[:16]}")
        x = right - self.width("第 9999 页 / 共 9999 页", HEADER_SIZE) - 8 * WORD_GAP
        x = _draw_words(
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
            story.append(_Heading(title, self.h1, 0))
            story += make()
        story += [NextPageTemplate("portrait"), PageBreak()]
        story += self.declaration()
        return story

    # -- 封面 and 一、基本信息
    def cover(self) -> list[Flowable]:
        report = self.report
        state = self.state_label
        out: list[Flowable] = [
            Spacer(1, 18),
            Paragraph(escape(f"{report.year}年度温室气体排放报告（发电设施）"), self.title_style),
            Paragraph(escape(self.name), self.subtitle),
            Paragraph(
                escape(
                    f"第{report.number}版　{state}　"
                    f"依据质量控制计划第{report.plan_version.number}版"
                ),
                self.subtitle,
            ),
            Spacer(1, 14),
        ]
        out += self.state_note()
        out.append(_Heading("一、基本信息", self.h1, 0))
        width = self.frame_width(PORTRAIT)
        pairs = [(label, value) for label, value in self.basic_rows()]
        rows, style = [], []
        label_w, value_w = 96.0, width / 2 - 96.0
        for i in range(0, len(pairs), 2):
            row: list[Any] = []
            for label, value in pairs[i : i + 2]:
                row += [label, self.text_cell(value, value_w)]
            while len(row) < 4:
                row.append("")
            rows.append(row)
        for col in (0, 2):
            style.append(("BACKGROUND", (col, 0), (col, -1), HEAD))
        out.append(self.table(rows, [label_w, value_w, label_w, value_w], style, head_rows=0))
        return out

    def basic_rows(self) -> list[tuple[str, str]]:
        report = self.report
        rows = []
        if self.basic is not None:
            for name in BASIC_FIELDS:
                if name in PLAN_CONTACT_FIELDS:
                    continue
                label = str(self.basic._meta.get_field(name).verbose_name)
                rows.append((label, display.value_label(name, getattr(self.basic, name))))
        rows += [
            ("报告年度", f"{report.year}"),
            ("报告版本", f"第{report.number}版（{self.state_label}）"),
            ("报告联系人", report.contact_person or "—"),
            ("联系电话", report.contact_phone or "—"),
            ("电子邮箱", report.contact_email or "—"),
        ]
        return rows

    def state_note(self) -> list[Flowable]:
        report = self.report
        lines: list[str] = []
        if self.ready_to_stamp:
            lines.append(
                f"待盖章提交：第{report.number}版已填报完整。请打印本报告并加盖公章，在“提交确认”中"
                "上传盖章扫描版后提交；提交的数据与本报告数据指纹一致。"
            )
        elif report.state == ReportState.DRAFT:
            lines.append(
                f"草稿：第{report.number}版尚未提交，数据仍可修改。填报完成并核对无误后，打印本报告"
                "并加盖公章，在“提交确认”中上传盖章扫描版后提交；提交的数据与本报告数据指纹一致。"
            )
            if report.autocalc_at is None:
                lines.append("尚未执行“自动计算”：灰色单元格（计算值）可能为空。")
            if errors := self.outcome.messages("zh"):
                shown = "；".join(errors[:5])
                more = f" 等 {len(errors)} 项" if len(errors) > 5 else ""
                lines.append(f"核算引擎尚不能计算全年：{shown}{more}。")
        elif report.submitted_at is not None:
            when = timezone.localtime(report.submitted_at).strftime("%Y-%m-%d %H:%M")
            lines.append(f"{ReportState(report.state).label}：本版本于 {when} 提交，数据已冻结。")
        if not lines:
            return []
        color = RED if report.state == ReportState.DRAFT and not self.ready_to_stamp else MUTED
        style = ParagraphStyle("state", self.body, fontSize=8.5, leading=12.5, textColor=color)
        box = Table(
            [[Paragraph(escape(line), style)] for line in lines],
            colWidths=[self.frame_width(PORTRAIT)],
            style=TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), self.font, SIZE),
                    ("BACKGROUND", (0, 0), (-1, -1), AMBER if color == RED else HEAD),
                    ("BOX", (0, 0), (-1, -1), 0.6, color),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ]
            ),
        )
        return [box, Spacer(1, 12)]

    # -- the three month tables
    def month_tables(self, blocks: list[_Block], legend: str) -> list[Flowable]:
        width = self.frame_width(LANDSCAPE)
        lines = [line for b in blocks for line in b.lines]
        label_w = self.natural(["参数名称", *(line.label for line in lines)])
        unit_w = self.natural(["单位", *(line.unit for line in lines)])
        month_w = [
            self.natural([f"{m}月", *(line.values[m - 1] for line in lines)]) for m in MONTHS
        ]
        year_w = self.natural(["全年", *(line.year for line in lines)])
        parts = _split_months(width - label_w - unit_w, month_w, year_w)
        out: list[Flowable] = [Paragraph(escape(legend), self.note), Spacer(1, 4)]
        for block in blocks:
            flow: list[Flowable] = [_Heading(block.title, self.h2, 1)]
            for i, months in enumerate(parts):
                with_year = i == len(parts) - 1
                flow.append(
                    self.month_part(
                        block, months, with_year, width, label_w, unit_w, month_w, year_w
                    )
                )
                flow.append(Spacer(1, 4))
            out.append(KeepTogether(flow))
        if not blocks:
            out.append(Paragraph("本表无数据。", self.body))
        return out

    def month_part(
        self,
        block: _Block,
        months: Sequence[int],
        with_year: bool,
        width: float,
        label_w: float,
        unit_w: float,
        month_w: list[float],
        year_w: float,
    ) -> Table:
        numbers = [month_w[m - 1] for m in months] + ([year_w] if with_year else [])
        spare = width - label_w - unit_w - sum(numbers)
        grow = min(spare / len(numbers), 22.0) if spare > 0 else 0.0
        widths = [label_w, unit_w, *(w + grow for w in numbers)]
        rows: list[list[Any]] = [
            ["参数名称", "单位", *(f"{m}月" for m in months), *(["全年"] if with_year else [])]
        ]
        style: list[tuple] = [("ALIGN", (2, 1), (-1, -1), "RIGHT")]
        for r, line in enumerate(block.lines, start=1):
            rows.append(
                [
                    line.label,
                    line.unit,
                    *(line.values[m - 1] for m in months),
                    *([line.year] if with_year else []),
                ]
            )
            if line.words:
                style.append(("ALIGN", (2, r), (-1, r), "CENTER"))
            for c, m in enumerate(months, start=2):
                if line.auto[m - 1]:
                    style.append(("BACKGROUND", (c, r), (c, r), AUTO))
        if with_year:
            style.append(("BACKGROUND", (-1, 1), (-1, -1), YEAR))
        return self.table(rows, widths, style)

    def fuel(self) -> list[Flowable]:
        blocks = _grid_blocks(selectors.grid(self.report, Form.FUEL, self.outcome.result))
        return self.month_tables(
            blocks,
            "灰色底纹：“自动计算”填入的数值。全年：消耗量、燃料热量、排放量为 12 个月合计；"
            "低位发热量、元素碳含量等为核算引擎计算的年度值；“/”表示该参数无年度值。",
        )

    def electricity(self) -> list[Flowable]:
        report = self.report
        blocks = _grid_blocks(selectors.grid(report, Form.ELECTRICITY, self.outcome.result))
        legend = "灰色底纹：“自动计算”填入的数值。全年：12 个月合计。"
        if report.split_purchased_electricity:
            cells = selectors.plant_electricity(report)
            plant = _Line(
                "全厂外购电量",
                "MWh",
                [c.value if c is not None else "" for c in cells],
                "/",
                [False] * 12,
            )
            blocks.insert(0, _Block("全厂（外购电量无法分机组，按机组数目平分）", [plant]))
        return self.month_tables(blocks, legend)

    def production(self) -> list[Flowable]:
        blocks = _grid_blocks(selectors.grid(self.report, Form.PRODUCTION, self.outcome.result))
        return self.month_tables(
            blocks,
            "灰色底纹：“自动计算”填入的数值。全年：电量、热量、运行小时数为 12 个月合计，"
            "其余为核算引擎计算的年度值。",
        )

    # -- 五、确定方式表
    def tests(self) -> list[Flowable]:
        records = sorted(
            self.report.test_records.select_related("unit"),
            key=lambda t: (t.unit.position, t.unit_id, t.fuel, t.parameter, t.month),
        )
        if not records:
            return [Paragraph("本报告未填报确定方式表。", self.body)]
        columns = (
            ("机组名称", 62), ("燃料", 44), ("参数", 52), ("月份", 28), ("检测方式", 46),
            ("检测设备", 82), ("检测频次", 50), ("设备校准频次", 50), ("测定方法标准", 92),
            ("委托机构名称", 108), ("CMA/CNAS", 46), ("采样日期", 56), ("报告日期", 56),
        )  # fmt: skip
        scale = self.frame_width(LANDSCAPE) / sum(w for _, w in columns)
        widths = [w * scale for _, w in columns]
        rows: list[list[Any]] = [[Paragraph(h, self.cell_head) for h, _ in columns]]
        for t in records:
            values = [
                t.unit.name,
                fuel_label(t.fuel),
                PARAMETER_WORDS.get(t.parameter, t.parameter),
                f"{t.month}月",
                t.get_method_display() if t.method else "",
                t.device,
                t.frequency,
                t.calibration_frequency,
                t.standard,
                t.laboratory,
                t.get_accreditation_display() if t.accreditation else "",
                t.sampled_on.isoformat() if t.sampled_on else "",
                t.reported_on.isoformat() if t.reported_on else "",
            ]
            rows.append([self.text_cell(str(v), w) for v, w in zip(values, widths, strict=True)])
        return [self.table(rows, widths)]

    # -- 六、生产设施表
    def facilities(self) -> list[Flowable]:
        plan = display.plan_view(self.report.plan_version)
        columns = (
            ("机组名称", 80),
            ("生产设施类别", 64),
            ("生产设施编号", 64),
            ("生产设施名称", 110),
            ("数据名称", 100),
            ("数据值", 180),
            ("备注", 120),
        )
        scale = self.frame_width(LANDSCAPE) / sum(w for _, w in columns)
        widths = [w * scale for _, w in columns]
        rows: list[list[Any]] = [[h for h, _ in columns]]
        style: list[tuple] = []
        for unit, facilities in plan.facility_groups:
            for f in facilities:
                details = display.facility_details(f) or [("—", "—")]
                first = len(rows)
                for i, (label, value) in enumerate(details):
                    lead = (
                        [unit.name, f.get_category_display(), f.code, f.name]
                        if i == 0
                        else [""] * 4
                    )
                    remark = f.remark if i == 0 else ""
                    cells = [*lead, label, value, remark]
                    rows.append(
                        [self.text_cell(str(v), w) for v, w in zip(cells, widths, strict=True)]
                    )
                last = len(rows) - 1
                if last > first:
                    for col in (0, 1, 2, 3, 6):
                        style.append(("SPAN", (col, first), (col, last)))
        if len(rows) == 1:
            return [Paragraph("质量控制计划中没有生产设施。", self.body)]
        note = Paragraph("生产设施表由依据的质量控制计划带入，不可修改。", self.note)
        return [note, Spacer(1, 4), self.table(rows, widths, style)]

    # -- 七、信息汇总表
    def summary(self) -> list[Flowable]:
        units, total = selectors.summary(self.report, self.outcome)
        if total is None:
            return [Paragraph("核算引擎尚不能计算（填报数据不完整或有误），信息汇总表暂缺。",
                              self.note)]  # fmt: skip
        columns = (
            "机组名称",
            "发电燃料类型",
            "装机容量（MW）",
            "化石燃料燃烧排放量（tCO₂）",
            "购入电力对应的排放量（tCO₂）",
            "机组二氧化碳排放量（tCO₂）",
        )
        widths = [120, 90, 90, 162, 162, 162]
        rows: list[list[Any]] = [list(columns)]
        for r in [*units, total]:
            rows.append(
                [
                    r.name,
                    str(r.fuel_type),
                    r.capacity_mw,
                    format(r.combustion, "f"),
                    format(r.electricity, "f"),
                    format(r.total, "f"),
                ]
            )
        style = [("ALIGN", (2, 1), (-1, -1), "RIGHT"), ("BACKGROUND", (0, -1), (-1, -1), YEAR)]
        note = Paragraph(
            "信息汇总表为燃料信息表、购入使用电量表中各月排放量之和，由系统汇总，不可修改。",
            self.note,
        )
        return [note, Spacer(1, 4), self.table(rows, widths, style)]

    # -- 八、附件清单
    def evidence(self) -> list[Flowable]:
        files = self.content["evidence"]
        widths = [28.0, 210.0, 0.0, self.natural(["0" * 64, *(f["sha256"] for f in files)])]
        widths[2] = self.frame_width(LANDSCAPE) - sum(widths)
        rows: list[list[Any]] = [["序号", "附件类型", "附件名称", "SHA-256"]]
        style: list[tuple] = []
        kinds = [*REQUIRED_EVIDENCE, ("other", "其他")]
        for kind, label in kinds:
            mine = [f for f in files if f["kind"] == kind]
            if not mine and kind != "other":
                rows.append([str(len(rows)), f"* {label}", "未上传", ""])
                style.append(("TEXTCOLOR", (2, len(rows) - 1), (2, len(rows) - 1), RED))
            for f in mine:
                mark = "* " if kind != "other" else ""
                rows.append(
                    [
                        str(len(rows)),
                        self.text_cell(f"{mark}{label}", widths[1]),
                        self.text_cell(f["name"], widths[2]),
                        f["sha256"],
                    ]
                )
        note = Paragraph("* 必传附件。SHA-256 为所上传文件内容的指纹。", self.note)
        return [note, Spacer(1, 4), self.table(rows, widths, style)]

    # -- 九、声明 and the fingerprint
    def declaration(self) -> list[Flowable]:
        report = self.report
        blank = "＿＿＿＿＿＿＿＿＿＿＿＿"
        if report.submitted_at is not None:
            day = timezone.localtime(report.submitted_at).date()
            date_text = f"{day.year}年{day.month}月{day.day}日"
        else:
            date_text = "　　　　年　　月　　日"
        width = self.frame_width(PORTRAIT)
        signature = Table(
            [
                ["重点排放单位：", report.declared_entity or blank],
                ["法定代表人：", report.declared_legal_representative or blank],
                ["日期：", date_text],
            ],
            colWidths=[90, width - 90 - 150],
            hAlign="LEFT",
            style=TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), self.font, 11),
                    ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
                ]
            ),
        )
        seal = Table(
            [["（盖章）"]],
            colWidths=[130],
            rowHeights=[130],
            style=TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), self.font, 10),
                    ("TEXTCOLOR", (0, 0), (-1, -1), MUTED),
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("BOX", (0, 0), (-1, -1), 0.6, LINE, None, (3, 3)),
                ]
            ),
        )
        place = Table(
            [[signature, seal]],
            colWidths=[width - 150, 150],
            style=TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), self.font, SIZE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )
        out: list[Flowable] = [
            _Heading("九、声明", self.h1, 0),
            Spacer(1, 6),
            Paragraph(escape(DECLARATION_ZH), self.declaration_style),
            Spacer(1, 24),
            place,
            Spacer(1, 36),
            _Heading("数据指纹", self.h2, 0),
            Paragraph(
                "本报告数据（各表数值及其获取方式、报告联系人、附件清单和声明）按键名排序的 "
                "JSON（UTF-8）计算的 SHA-256，与每页页脚所印前 16 位一致：",
                self.note,
            ),
            Spacer(1, 3),
            Paragraph(self.digest, ParagraphStyle("hash", self.body, fontSize=9.5, leading=13)),
        ]
        if self.submitted:
            out += [
                Spacer(1, 6),
                Paragraph(
                    "提交记录 SHA-256（提交时保存的报告数据及核算结果；"
                    "其中报告数据与上述指纹一致）：",
                    self.note,
                ),
                Spacer(1, 3),
                Paragraph(
                    self.submitted, ParagraphStyle("hash2", self.body, fontSize=9.5, leading=13)
                ),
            ]
        return out


def _split_months(room: float, month_w: list[float], year_w: float) -> list[tuple[int, ...]]:
    """The fewest consecutive parts of the 12 months (the year column with the last part) whose
    columns fit ``room``: all 12 on one table if possible, else two halves, then thirds…"""
    for count in (1, 2, 3, 4, 6, 12):
        size = 12 // count
        parts = [tuple(MONTHS[i : i + size]) for i in range(0, 12, size)]
        needs = [sum(month_w[m - 1] for m in p) for p in parts]
        needs[-1] += year_w
        if all(n <= room for n in needs):
            return parts
    return [(m,) for m in MONTHS]  # one month per part: a 40-character value still fits
