"""二、三、四: the three month tables (燃料信息表, 购入使用电量表, 生产数据表) on landscape pages,
one block per unit (and fuel). When the 12 months and the year column do not fit the page width
they are split into consecutive parts (:func:`split_months`) so that no value is ever cut."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from tanhe.accounting.fuels import fuel_catalogue, fuel_label
from tanhe.accounting.model import state_label_zh
from tanhe.accounting.report_form import MONTHS
from tanhe.accounting.report_form import Table as Form

from .. import selectors
from ..models import Origin
from .base import Base
from .page import AUTO, LANDSCAPE, YEAR, Heading


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


class MonthTables(Base):
    def month_tables(self, blocks: list[_Block], legend: str) -> list[Flowable]:
        width = self.frame_width(LANDSCAPE)
        lines = [line for b in blocks for line in b.lines]
        label_w = self.natural(["参数名称", *(line.label for line in lines)])
        unit_w = self.natural(["单位", *(line.unit for line in lines)])
        month_w = [
            self.natural([f"{m}月", *(line.values[m - 1] for line in lines)]) for m in MONTHS
        ]
        year_w = self.natural(["全年", *(line.year for line in lines)])
        parts = split_months(width - label_w - unit_w, month_w, year_w)
        out: list[Flowable] = [Paragraph(escape(legend), self.note), Spacer(1, 4)]
        for block in blocks:
            flow: list[Flowable] = [Heading(block.title, self.h2, 1)]
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
        for fuel in reversed(selectors.allocated_fuels(self.report)):  # seed 000 说明 c)
            cells = selectors.plant_fuel(self.report, fuel)
            values = [c.value if c is not None else "" for c in cells]
            total = sum((Decimal(v) for v in values if v), Decimal(0))
            line = _Line("消耗量", fuel_catalogue()[fuel].unit, values, format(total, "f"),
                         [False] * 12)  # fmt: skip
            title = f"全厂 {fuel_label(fuel)}（辅助燃料无法分机组计量，按机组发电量比例分配）"
            blocks.insert(0, _Block(title, [line]))
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


def split_months(room: float, month_w: list[float], year_w: float) -> list[tuple[int, ...]]:
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
