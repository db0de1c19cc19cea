"""五 to 八: the plain tables — 确定方式表, 生产设施表 (from the plan), 信息汇总表 (the engine's
result) and 附件清单 (every attachment with its SHA-256, the required ones marked)."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Paragraph, Spacer

from tanhe.accounting.fuels import fuel_label
from tanhe.accounting.report_form import REQUIRED_EVIDENCE
from tanhe.plans import display

from .. import selectors
from ..completeness import tested
from ..labels import test_basis, test_parameter
from .base import Base
from .page import LANDSCAPE, RED, YEAR

PARAMETER_WORDS = {"ncv": "低位发热量", "unit_heat_carbon": "单位热值含碳量"}


class Tables(Base):
    def tests(self) -> list[Flowable]:
        """五、确定方式表 (seed 000): each filled row, with how the month's value is determined."""
        order = {p: i for i, p in enumerate(PARAMETER_WORDS)}
        records = sorted(
            self.report.test_records.select_related("unit"),
            key=lambda t: (t.unit.position, t.unit_id, t.fuel,
                           order.get(test_parameter(t.parameter), 9), t.month),
        )  # fmt: skip
        if not records:
            return [Paragraph("本报告未填报确定方式表。", self.body)]
        result = self.outcome.result
        needed = tested(self.report, result) if result is not None else set()
        columns = (
            ("机组名称", 50), ("燃料", 36), ("参数", 46), ("月份", 24), ("确定方式", 60),
            ("检测方式", 40), ("检测设备", 62), ("检测频次", 40), ("设备校准频次", 40),
            ("测定方法标准", 66), ("委托机构名称", 104), ("CMA/CNAS", 40), ("报告编号", 54),
            ("采样日期", 50), ("报告日期", 50),
        )  # fmt: skip
        scale = self.frame_width(LANDSCAPE) / sum(w for _, w in columns)
        widths = [w * scale for _, w in columns]
        rows: list[list[Any]] = [[Paragraph(h, self.cell_head) for h, _ in columns]]
        for t in records:
            parameter = test_parameter(t.parameter)
            key = (t.unit_id, t.fuel, parameter, t.month)
            values = [
                t.unit.name,
                fuel_label(t.fuel),
                PARAMETER_WORDS.get(parameter, parameter),
                f"{t.month}月",
                test_basis(parameter, key in needed),
                t.get_method_display() if t.method else "",
                t.device,
                t.frequency,
                t.calibration_frequency,
                t.standard,
                t.laboratory,
                t.get_accreditation_display() if t.accreditation else "",
                t.report_number,
                t.sampled_on.isoformat() if t.sampled_on else "",
                t.reported_on.isoformat() if t.reported_on else "",
            ]
            rows.append([self.text_cell(str(v), w) for v, w in zip(values, widths, strict=True)])
        note = (
            "单位热值含碳量 = 收到基元素碳含量 ÷ 低位发热量：元素碳含量实测的月份，"
            "本表列其检测情况；“确定方式”为实测值的月份须填写完整。"
        )
        return [Paragraph(note, self.note), Spacer(1, 4), self.table(rows, widths)]

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
