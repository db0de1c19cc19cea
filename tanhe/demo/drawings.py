"""The three drawings a 质量控制计划 must attach (组织机构图, 厂区平面分布图, 生产工艺流程图),
drawn as small one-page PDFs with ReportLab for the demo enterprises.

Deterministic: the same input gives the same bytes (``invariant=1``), so the stored files and their
SHA-256 do not change between demo runs. Chinese text uses the WenQuanYi font when it is installed
and otherwise ReportLab's built-in STSong-Light CID font (rendered by the PDF viewer).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from tanhe.documents.fonts import cjk_font

PAGE = landscape(A4)
INK = HexColor("#1d2530")
MUTED = HexColor("#5d6b7a")
BRAND = HexColor("#0f6b4f")
BRAND_SOFT = HexColor("#e6f2ed")
BLUE_SOFT = HexColor("#e8f0f9")
AMBER_SOFT = HexColor("#fff4dc")
RED = HexColor("#a8261b")
GREY = HexColor("#eef2f5")
FOOTER = "碳核 Tanhe 演示数据：企业、人员和图纸均为虚构，仅用于演示。"


def _page(title: str, subtitle: str) -> tuple[Canvas, io.BytesIO]:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("碳核 Tanhe demo")
    width, height = PAGE
    canvas.setFillColor(BRAND)
    canvas.rect(0, height - 58, width, 58, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont(cjk_font(), 20)
    canvas.drawString(36, height - 38, title)
    canvas.setFont(cjk_font(), 10.5)
    canvas.drawRightString(width - 36, height - 36, subtitle)
    canvas.setFillColor(MUTED)
    canvas.setFont(cjk_font(), 8.5)
    canvas.drawString(36, 22, FOOTER)
    return canvas, buffer


def _finish(canvas: Canvas, buffer: io.BytesIO) -> bytes:
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _box(
    canvas: Canvas,
    x: float,
    y: float,
    w: float,
    h: float,
    lines: list[str],
    *,
    fill: Color = BRAND_SOFT,
    stroke: Color = BRAND,
    size: float = 11,
    text: Color = INK,
) -> None:
    """A rounded box at (x, y) (lower left) with centred lines of text."""
    canvas.setFillColor(fill)
    canvas.setStrokeColor(stroke)
    canvas.setLineWidth(1.2)
    canvas.roundRect(x, y, w, h, 6, stroke=1, fill=1)
    canvas.setFillColor(text)
    total = len(lines) * (size + 3)
    top = y + h / 2 + total / 2 - size
    for i, line in enumerate(lines):
        canvas.setFont(cjk_font(), size if i == 0 else size - 2)
        canvas.drawCentredString(x + w / 2, top - i * (size + 3), line)


def _arrow(
    canvas: Canvas, x1: float, y1: float, x2: float, y2: float, color: Color = MUTED
) -> None:
    canvas.setStrokeColor(color)
    canvas.setFillColor(color)
    canvas.setLineWidth(1.4)
    canvas.line(x1, y1, x2, y2)
    # a small head, pointing along the line (horizontal or vertical lines only)
    if x1 == x2:
        d = 6 if y2 < y1 else -6
        path = canvas.beginPath()
        path.moveTo(x2, y2)
        path.lineTo(x2 - 4, y2 + d)
        path.lineTo(x2 + 4, y2 + d)
        path.close()
    else:
        d = -6 if x2 > x1 else 6
        path = canvas.beginPath()
        path.moveTo(x2, y2)
        path.lineTo(x2 + d, y2 - 4)
        path.lineTo(x2 + d, y2 + 4)
        path.close()
    canvas.drawPath(path, stroke=0, fill=1)


# -- 组织机构图 ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class OrgChart:
    top: str  # e.g. 董事会 / 总经理
    leaders: tuple[str, ...]  # second row
    departments: tuple[str, ...]  # third row
    carbon_team: str  # the team in charge of the plan


def org_chart_pdf(enterprise: str, chart: OrgChart) -> bytes:
    canvas, buffer = _page(f"{enterprise} 组织机构图", "数据质量控制计划 附件一")
    width, height = PAGE
    top_w, box_h = 200, 44
    top_x, top_y = (width - top_w) / 2, height - 140
    _box(canvas, top_x, top_y, top_w, box_h, [chart.top], fill=BRAND, size=13, text=white)

    def row(labels: tuple[str, ...], y: float, w: float, parent_y: float) -> list[float]:
        gap = (width - 72 - len(labels) * w) / max(len(labels) - 1, 1)
        centres = []
        bus = parent_y - 18
        canvas.setStrokeColor(MUTED)
        canvas.line(width / 2, parent_y, width / 2, bus)
        for i, label in enumerate(labels):
            x = 36 + i * (w + gap) if len(labels) > 1 else (width - w) / 2
            centres.append(x + w / 2)
            _arrow(canvas, x + w / 2, bus, x + w / 2, y + box_h)
            _box(canvas, x, y, w, box_h, label.split("\n"))
        canvas.line(min(centres), bus, max(centres), bus)
        return centres

    leaders_y = top_y - 100
    row(chart.leaders, leaders_y, 150, top_y)
    depts_y = leaders_y - 110
    row(chart.departments, depts_y, 104, leaders_y)
    # the carbon team, across the departments that feed it
    team_y = depts_y - 110
    _box(
        canvas,
        (width - 420) / 2,
        team_y,
        420,
        56,
        [chart.carbon_team, "负责质量控制计划的制定、修订、执行和内部审核"],
        fill=AMBER_SOFT,
        stroke=HexColor("#8a5a00"),
    )
    canvas.setDash(3, 3)
    _arrow(canvas, width / 2, depts_y, width / 2, team_y + 56, HexColor("#8a5a00"))
    canvas.setDash()
    return _finish(canvas, buffer)


# -- 厂区平面分布图 ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Area:
    label: str
    x: float  # in a 100 × 60 site grid
    y: float
    w: float
    h: float
    kind: str = "plant"  # plant | fuel | water | electric | office | emission


AREA_FILLS = {
    "plant": BRAND_SOFT,
    "fuel": AMBER_SOFT,
    "water": BLUE_SOFT,
    "electric": HexColor("#f1ecfa"),
    "office": GREY,
    "emission": HexColor("#fdecea"),
}


def site_plan_pdf(enterprise: str, areas: tuple[Area, ...], north_note: str) -> bytes:
    canvas, buffer = _page(f"{enterprise} 厂区平面分布图", "数据质量控制计划 附件二")
    width, height = PAGE
    left, bottom, site_w, site_h = 50, 70, width - 220, height - 160
    sx, sy = site_w / 100, site_h / 60
    canvas.setStrokeColor(INK)
    canvas.setDash(6, 4)
    canvas.rect(left, bottom, site_w, site_h, stroke=1, fill=0)
    canvas.setDash()
    canvas.setFont(cjk_font(), 9)
    canvas.setFillColor(MUTED)
    canvas.drawString(left + 4, bottom + site_h + 6, "厂界（围墙）")
    for area in areas:
        x, y = left + area.x * sx, bottom + area.y * sy
        lines = area.label.split("\n")
        stroke = RED if area.kind == "emission" else MUTED
        _box(
            canvas,
            x,
            y,
            area.w * sx,
            area.h * sy,
            lines,
            fill=AREA_FILLS[area.kind],
            stroke=stroke,
            size=10,
        )
    # north arrow and legend
    nx, ny = width - 120, height - 130
    _arrow(canvas, nx, ny - 30, nx, ny + 10, INK)
    canvas.setFont(cjk_font(), 12)
    canvas.setFillColor(INK)
    canvas.drawCentredString(nx, ny + 16, "北")
    legend = [
        ("plant", "生产区（排放设施）"),
        ("fuel", "燃料储运"),
        ("water", "水处理 / 冷却"),
        ("electric", "电气"),
        ("emission", "排放口"),
        ("office", "办公及辅助"),
    ]
    for i, (kind, label) in enumerate(legend):
        y = ny - 80 - i * 22
        canvas.setFillColor(AREA_FILLS[kind])
        canvas.setStrokeColor(RED if kind == "emission" else MUTED)
        canvas.rect(width - 150, y, 16, 12, stroke=1, fill=1)
        canvas.setFillColor(INK)
        canvas.setFont(cjk_font(), 9.5)
        canvas.drawString(width - 128, y + 2, label)
    canvas.setFont(cjk_font(), 9)
    canvas.setFillColor(MUTED)
    canvas.drawString(width - 150, ny - 80 - len(legend) * 22, north_note)
    return _finish(canvas, buffer)


# -- 生产工艺流程图 -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Flow:
    steps: tuple[str, ...]  # main line, left to right ("名称\n设施编号")
    emission_at: int  # index of the step whose flue gas leaves through the stack
    side: tuple[tuple[str, int], ...]  # inputs drawn above the main line, with the step they feed
    note: str


def process_flow_pdf(enterprise: str, flow: Flow) -> bytes:
    canvas, buffer = _page(f"{enterprise} 生产工艺流程图", "数据质量控制计划 附件三")
    width, height = PAGE
    n = len(flow.steps)
    gap = 22
    box_w = min(110.0, (width - 72 - (n - 1) * gap) / max(n, 1))
    gap = (width - 72 - n * box_w) / max(n - 1, 1)
    box_h = 58
    y = height / 2 - 40
    centres = []
    for i, step in enumerate(flow.steps):
        x = 36 + i * (box_w + gap)
        centres.append(x + box_w / 2)
        emitting = i == flow.emission_at
        _box(
            canvas,
            x,
            y,
            box_w,
            box_h,
            step.split("\n"),
            fill=HexColor("#fdecea") if emitting else BRAND_SOFT,
            stroke=RED if emitting else BRAND,
            size=10.5,
        )
        if i:
            _arrow(canvas, x - gap + 2, y + box_h / 2, x - 2, y + box_h / 2)
    # inputs above the steps they feed
    for label, target in flow.side:
        cx = centres[min(target, n - 1)]
        _box(canvas, cx - 46, y + 110, 92, 36, [label], fill=AMBER_SOFT, size=10)
        _arrow(canvas, cx, y + 110, cx, y + box_h + 2)
    # the emission point below the emitting step
    ex = centres[flow.emission_at]
    _box(
        canvas,
        ex - 70,
        y - 130,
        140,
        48,
        ["烟囱（CO2 排放口）", "化石燃料燃烧排放"],
        fill=HexColor("#fdecea"),
        stroke=RED,
        size=10.5,
    )
    _arrow(canvas, ex, y - 2, ex, y - 82, RED)
    # the accounting boundary around the plant (inputs come from outside it)
    canvas.setStrokeColor(BRAND)
    canvas.setDash(5, 4)
    canvas.rect(26, y - 146, width - 52, box_h + 166, stroke=1, fill=0)
    canvas.setDash()
    canvas.setFont(cjk_font(), 9.5)
    canvas.setFillColor(BRAND)
    canvas.drawRightString(width - 32, y + box_h + 8, "核算边界")
    canvas.setFillColor(INK)
    canvas.drawString(
        36, 60, "图例：红框为温室气体排放设施；绿色虚线框为核算边界；黄框为输入的燃料和物料。"
    )
    canvas.drawString(36, 44, flow.note)
    return _finish(canvas, buffer)
