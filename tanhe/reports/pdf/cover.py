"""封面 and 一、基本信息: the title, the version (终版 named) and its state, a note on what the
state means for this copy (草稿, 待盖章提交, submitted; a 终版's origin and reason), and the plan's
basic information."""

from __future__ import annotations

from html import escape
from typing import Any

from django.utils import timezone
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from tanhe.plans import display
from tanhe.plans.selectors import BASIC_FIELDS

from ..models import ReportState
from .base import Base
from .page import AMBER, HEAD, MUTED, PORTRAIT, RED, SIZE, Heading

PLAN_CONTACT_FIELDS = ("plan_author", "contact_person", "contact_phone", "contact_email")


class Cover(Base):
    def cover(self) -> list[Flowable]:
        report = self.report
        state = self.state_label
        out: list[Flowable] = [
            Spacer(1, 18),
            Paragraph(escape(f"{report.year}年度温室气体排放报告（发电设施）"), self.title_style),
            Paragraph(escape(self.name), self.subtitle),
            Paragraph(
                escape(
                    f"{self.version_label}　{state}　"
                    f"依据质量控制计划第{report.plan_version.number}版"
                ),
                self.subtitle,
            ),
            Spacer(1, 14),
        ]
        out += self.state_note()
        out.append(Heading("一、基本信息", self.h1, 0))
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
            ("报告版本", f"{self.version_label}（{self.state_label}）"),
            ("报告联系人", report.contact_person or "—"),
            ("联系电话", report.contact_phone or "—"),
            ("电子邮箱", report.contact_email or "—"),
        ]
        return rows

    def state_note(self) -> list[Flowable]:
        report = self.report
        lines: list[str] = []
        if (origin := report.final_origin) is not None:
            lines.append(
                f"终版：在主管部门审核通过的第{origin.number}版基础上，根据核查结论修改。"
                f"原因：{report.final_reason}"
            )
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
