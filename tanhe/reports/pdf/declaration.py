"""九、声明 with its signature and seal, then the data fingerprint in full (and the submission's
hash when it vouches for the same data)."""

from __future__ import annotations

from html import escape

from django.utils import timezone
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from tanhe.accounting.report_form import DECLARATION_ZH

from .base import Base
from .page import INK, LINE, MUTED, PORTRAIT, SIZE, Heading


class Declaration(Base):
    def declaration(self) -> list[Flowable]:
        return [
            Heading("九、声明", self.h1, 0),
            Spacer(1, 6),
            Paragraph(escape(DECLARATION_ZH), self.declaration_style),
            Spacer(1, 24),
            self.signature_block(),
            Spacer(1, 36),
            *self.fingerprint_note(),
        ]

    def signature_block(self) -> Table:
        """The declaring entity, the legal representative and the date, beside the seal's box."""
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
        return Table(
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

    def fingerprint_note(self) -> list[Flowable]:
        """The data fingerprint in full, and the submission's hash when it vouches for the data."""
        out: list[Flowable] = [
            Heading("数据指纹", self.h2, 0),
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
