"""The demo enterprises' annual emission reports for 2025 (issue #4 §6), built through the report
services only — every entry rule is applied and every step leaves its audit row.

- 泰州江畔 (2×660 MW, plan approved): twelve months of both units; 1号机组's coal as daily 入炉
  records for the whole year; 2号机组 stops for a C级检修 (29 March–17 April); its August carbon
  content was not measured (the engine applies the default unit-heat carbon, 缺省值);
  确定方式表 for every month whose 低位发热量 or 单位热值含碳量 rests on a test (the NCV's
  calorimeter, the element-carbon laboratory with its report numbers); January–October
  sealed (月度存证) with stamped ledgers, March amended with a reason and sealed again; the
  twelve required files, the declaration and the stamped report uploaded; **submitted**.
- 锡东热电 (2×135 MW CHP 合并填报, plan submitted): twelve months with heat supply and each
  member's running hours (the row's are their capacity-weighted mean); a computed draft.
- 贾汪矸石 (300 MW CFB, coal gangue and slime, plan approved): twelve months, January–October
  sealed; a **draft with plausibility warnings** in November and December (running hours above the
  month's hours; a 发电量 ten times too large, so load factor and utilisation hours are out of
  range) and a late carbon test report.

Physically consistent and deterministic: generation = capacity × running hours × the month's load,
supply and the generation coal rate follow the load, coal = standard coal × 29.271 GJ/tce ÷ NCV,
carbon = NCV × a measured carbon per unit heat. No randomness; the same run gives the same bytes.
Idempotent: an enterprise that already has a report for the year is left as it is.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounting.report_form import MONTHS, REQUIRED_EVIDENCE
from tanhe.accounts.models import Organisation, User
from tanhe.demo import drawings
from tanhe.demo.enterprises import JIAWANG, TAIZHOU, XIDONG, EnterpriseSpec
from tanhe.demo.scan import stamped_scan
from tanhe.documents import fonts
from tanhe.plans.models import PlanUnit
from tanhe.reports import calculation, pdf, services
from tanhe.reports.models import MonthFiling, Report
from tanhe.reports.services import CellInput, DailyInput

DATA_YEAR = 2025
SEALED = tuple(range(1, 11))  # January–October filed and sealed (月度存证)
TCE_GJ = Decimal("29.271")  # GJ per tonne of standard coal
STAMP_RED = HexColor("#c8161d")


def _q(value: Decimal, places: int) -> str:
    """``value`` rounded half up to ``places`` decimals, as plain decimal text."""
    return format(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), "f")


def _days(month: int) -> int:
    return calendar.monthrange(DATA_YEAR, month)[1]


def _hours(month: int) -> Decimal:
    return Decimal(24 * _days(month))


def _d(values: str) -> tuple[Decimal, ...]:
    """Twelve monthly values written as one line of text."""
    out = tuple(Decimal(v) for v in values.split())
    assert len(out) == 12
    return out


# -- the year's numbers ---------------------------------------------------------------------------
@dataclass
class FuelMonth:
    consumption: str
    ncv: str = ""  # "" → the fuel's default NCV (oil and gas only; coal NCV is measured)
    carbon: str = ""  # "" → not measured: NCV × the default carbon per unit heat (缺省值)
    daily: list[DailyInput] = field(default_factory=list)  # replaces the three values above


@dataclass
class UnitMonth:
    month: int
    fuels: dict[str, FuelMonth]
    purchased_mwh: str
    generation: str
    supply: str
    heat: str = ""
    hours: str = ""
    boiler_efficiency: str = ""  # 锅炉效率 %: 供热比 = 供热量 / (燃料热量 × 锅炉效率)


SOURCES = {
    ("fuel", "consumption"): "入炉皮带秤 / 燃油流量计，生产日报汇总",
    ("fuel", "ncv"): "入炉煤自动量热仪（GB/T 213），按入炉量加权",
    ("fuel", "carbon_content"): "月度缩分样委托检测报告（GB/T 30733）",
    ("electricity", "mwh"): "供电公司电费结算单",
    ("production", "generation_mwh"): "发电机出口电能表",
    ("production", "supply_mwh"): "上网关口电能表",
    ("production", "heat_gj"): "供热首站蒸汽流量计，按焓值计算",
    ("production", "boiler_efficiency_pct"): "锅炉热效率试验（GB/T 10184），按月取值",
    ("production", "running_hours"): "运行日志",
}


def _entries(unit: PlanUnit, months: list[UnitMonth]) -> list[CellInput]:
    out = []

    def cell(table: str, fuel: str, key: str, month: int, value: str) -> None:
        if value:
            source = SOURCES.get((table, key), "")
            out.append(CellInput(unit, table, fuel, key, month, value, source=source))

    for m in months:
        for fuel, f in m.fuels.items():
            if f.daily:
                continue  # the month comes from its daily records
            cell("fuel", fuel, "consumption", m.month, f.consumption)
            cell("fuel", fuel, "ncv", m.month, f.ncv)
            cell("fuel", fuel, "carbon_content", m.month, f.carbon)
            # 入炉, as the plan's 数据的确定方式 says (coal: 入炉皮带秤; oil: 供油母管流量计)
            if not fuel_catalogue()[fuel].is_biomass:  # biomass has no 燃料状态 (表13)
                cell("fuel", fuel, "state", m.month, "fired")
        cell("electricity", "", "mwh", m.month, m.purchased_mwh)
        cell("production", "", "generation_mwh", m.month, m.generation)
        cell("production", "", "supply_mwh", m.month, m.supply)
        cell("production", "", "heat_gj", m.month, m.heat)
        cell("production", "", "boiler_efficiency_pct", m.month, m.boiler_efficiency)
        cell("production", "", "running_hours", m.month, m.hours)
    return out


def _daily(month: int, tonnes: Decimal, ncv: Decimal, carbon: str) -> list[DailyInput]:
    """A month of daily 入炉 records: the load swings over the week, the NCV from day to day; the
    carbon content is the month's composite sample (每日缩分样按月检测) on every day."""
    days = _days(month)
    weights = [
        Decimal(1) + Decimal((d * 7) % 11 - 5) * Decimal("0.008") for d in range(1, 1 + days)
    ]
    total = sum(weights, Decimal(0))
    return [
        DailyInput(
            day=date(DATA_YEAR, month, d),
            quantity=_q(tonnes * w / total, 2),
            ncv=_q(ncv + Decimal((d * 5) % 9 - 4) * Decimal("0.037"), 3),
            carbon_content=carbon,
        )
        for d, w in zip(range(1, 1 + days), weights, strict=True)
    ]


def _fraction(month: int, salt: int) -> Decimal:
    """Thousandths that make a metered value look metered (deterministic)."""
    return Decimal((month * 137 + salt * 61) % 997) / 1000


# 泰州江畔: two 660 MW ultra-supercritical units, electricity only.
TZ_LOAD = {
    "1号机组": _d("0.812 0.658 0.706 0.734 0.745 0.781 0.862 0.879 0.768 0.712 0.748 0.829"),
    "2号机组": _d("0.806 0.671 0.698 0.702 0.739 0.774 0.855 0.871 0.759 0.721 0.741 0.834"),
}
TZ_NCV = {
    "1号机组": _d(
        "21.512 20.984 21.236 21.874 22.103 21.655 20.846 20.612 21.338 21.907 22.214 21.468"
    ),
    "2号机组": _d(
        "21.486 21.027 21.193 21.902 22.061 21.698 20.883 20.574 21.371 21.865 22.248 21.433"
    ),
}
TZ_CARBON_PER_NCV = _d("2.611 2.604 2.618 2.597 2.602 2.609 2.621 2.625 2.613 2.600 2.598 2.607")
# 2号机组 C级检修: off the grid 3月29日 20:00, back 4月18日 0:00
TZ_OUTAGE_HOURS = {("2号机组", 3): Decimal(692), ("2号机组", 4): Decimal(312)}
TZ_DIESEL = {("1号机组", 2): "6.35", ("2号机组", 2): "5.90", ("2号机组", 4): "46.80"}
TZ_PURCHASED = {("2号机组", 4): "2287.60"}  # 检修期间启备变下网电量
TZ_NO_CARBON = {("2号机组", 8)}  # 元素分析仪故障, 8月缩分样未检测
# 2号机组's September carbon test cites the number of 1号机组's August report: a finding
# (evidence.report_number_reused, the 2022 cases of copied reports) the verifiers' document
# review opens with
TZ_REUSED_REPORT = ("2号机组", 9)
# The amendment: the station supply 2号机组 took from the grid after it came off on 29 March was
# missed in March and is corrected from the bill.
TZ_AMENDED = ("2号机组", 3, "126.40")
TZ_AMEND_REASON = (
    "2号机组3月29日20时解列转入C级检修，3月29日—31日启备变下网电量 126.40 MWh 漏填；"
    "依据供电公司3月电费结算单更正购入电量，并补充上传结算单。"
)


def taizhou_months(unit: str, load_scale: Decimal = Decimal(1)) -> list[UnitMonth]:
    """泰州江畔's year of ``unit``; ``load_scale`` scales its monthly loads (the synthesized
    plants of the verification demo, tanhe/demo/siblings.py)."""
    out = []
    for i, m in enumerate(MONTHS):
        load = TZ_LOAD[unit][i] * load_scale
        outage = (unit, m) == ("2号机组", 4)  # the month it starts up again
        hours = TZ_OUTAGE_HOURS.get((unit, m), _hours(m))
        generation = Decimal(660) * hours * load + _fraction(m, 1 if unit == "1号机组" else 2)
        ratio = Decimal("0.9478") - (Decimal("0.90") - load) * Decimal("0.048")
        rate = Decimal("0.2765") + (Decimal("0.90") - load) * Decimal("0.046")
        rate += Decimal("0.004") if outage else 0  # start-up
        ncv = TZ_NCV[unit][i]
        tonnes = generation * rate * TCE_GJ / ncv
        carbon = "" if (unit, m) in TZ_NO_CARBON else _q(ncv * TZ_CARBON_PER_NCV[i], 2)
        coal = FuelMonth(_q(tonnes, 2), _q(ncv, 3), carbon)
        if unit == "1号机组":
            coal.daily = _daily(m, tonnes, ncv, carbon)
        out.append(
            UnitMonth(
                month=m,
                fuels={
                    "bituminous": coal,
                    "diesel": FuelMonth(TZ_DIESEL.get((unit, m), "0")),
                },
                purchased_mwh=TZ_PURCHASED.get((unit, m), "0"),
                generation=_q(generation, 3),
                supply=_q(generation * ratio, 3),
                heat="0.000",
                hours=_q(hours, 2),
            )
        )
    return out


# 锡东热电: 2×135 MW extraction-condensing CHP, one 合并填报 row; industrial steam all year.
XD_LOAD = _d("0.842 0.716 0.781 0.727 0.694 0.736 0.803 0.821 0.733 0.712 0.768 0.851")
XD_HEAT = _d("412386.520 356148.330 338902.170 287415.660 254083.910 241377.280 236512.740 "
             "239864.050 262731.480 291058.360 347264.810 405917.630")  # fmt: skip
XD_NCV = _d("20.615 20.138 20.477 21.052 21.346 20.893 20.264 20.107 20.738 21.185 21.403 20.682")
XD_CARBON_PER_NCV = _d("2.624 2.617 2.630 2.611 2.606 2.619 2.633 2.637 2.622 2.609 2.605 2.621")
XD_DIESEL = {1: "3.20", 5: "18.45"}  # 5月 2号机组小修后启动
XD_PURCHASED = {5: "864.30"}


# the boilers' monthly efficiency from the plant's heat-balance tests (锅炉效率, %)
XD_BOILER_EFFICIENCY = [
    "91.2",
    "91.4",
    "91.1",
    "90.8",
    "90.6",
    "90.9",
    "90.7",
    "90.5",
    "90.8",
    "91.0",
    "91.3",
    "91.5",
]


def _xidong_months() -> list[UnitMonth]:
    out = []
    for i, m in enumerate(MONTHS):
        load, heat, ncv = XD_LOAD[i], XD_HEAT[i], XD_NCV[i]
        generation = Decimal(270) * _hours(m) * load + _fraction(m, 3)
        supply = generation * (Decimal("0.912") - (Decimal("0.85") - load) * Decimal("0.05"))
        # boiler and pipe efficiency 86.2 % for the heat; 288 gce/kWh for the power
        fuel_heat = heat / Decimal("0.862") + supply * Decimal("0.288") * TCE_GJ
        out.append(
            UnitMonth(
                month=m,
                fuels={
                    "bituminous": FuelMonth(
                        _q(fuel_heat / ncv, 2), _q(ncv, 3), _q(ncv * XD_CARBON_PER_NCV[i], 2)
                    ),
                    "diesel": FuelMonth(XD_DIESEL.get(m, "0")),
                },
                purchased_mwh=XD_PURCHASED.get(m, "0"),
                generation=_q(generation, 3),
                supply=_q(supply, 3),
                heat=_q(heat, 3),
                boiler_efficiency=XD_BOILER_EFFICIENCY[i],
            )
        )
    return out


# 贾汪矸石: 300 MW subcritical CFB burning coal gangue (78 % of the heat) and coal slime.
JW_LOAD = _d("0.781 0.702 0.738 0.724 0.752 0.768 0.851 0.862 0.759 0.731 0.772 0.804")
JW_NCV_GANGUE = _d("10.412 10.157 10.683 10.926 11.204 10.871 10.538 10.329 10.765 11.082 10.947 "
                   "10.603")  # fmt: skip
JW_NCV_SLIME = _d("13.218 12.964 13.405 13.672 13.891 13.547 13.106 12.875 13.338 13.714 13.582 "
                  "13.267")  # fmt: skip
JW_CARBON_PER_NCV_GANGUE = _d("2.712 2.705 2.718 2.701 2.709 2.715 2.722 2.727 2.711 2.703 2.706 "
                              "2.714")  # fmt: skip
JW_CARBON_PER_NCV_SLIME = _d("2.664 2.659 2.668 2.652 2.657 2.661 2.671 2.676 2.663 2.655 2.650 "
                             "2.666")  # fmt: skip
JW_OUTAGE_HOURS = Decimal("570.50")  # 6月9日 4:30 水冷壁泄漏停机，6月15日 10:00 并网
JW_SLIME_NOT_TESTED = {2, 7}
JW_DIESEL = {1: "4.15", 6: "38.60"}
JW_PURCHASED = {6: "1286.40"}
# The slips the warnings catch: November's running hours typed as for a 31-day month; December's
# generation typed with the decimal point one place too far right.
JW_NOVEMBER_HOURS = "744"
JW_DECIMAL_SLIP = 12


# 农林剩余物 co-fired by 贾汪's CFB boiler: dry-basis NCV by month; heat ≈ 12 % of all fuel heat
JW_NCV_BIOMASS = _d("15.82 15.64 15.91 16.08 16.12 15.97 15.73 15.66 15.88 16.03 15.95 15.79")
JW_BIOMASS_PER_FOSSIL = Decimal("0.1364")  # 12 / 88


def _jiawang_months() -> list[UnitMonth]:
    out = []
    for i, m in enumerate(MONTHS):
        load = JW_LOAD[i]
        outage = m == 6
        hours = JW_OUTAGE_HOURS if outage else _hours(m)
        generation = Decimal(300) * hours * load + _fraction(m, 4)
        supply = generation * (Decimal("0.9105") - (Decimal("0.86") - load) * Decimal("0.04"))
        rate = Decimal("0.2985") + (Decimal("0.86") - load) * Decimal("0.05")
        rate += Decimal("0.006") if outage else 0
        fuel_heat = generation * rate * TCE_GJ
        gangue_ncv, slime_ncv = JW_NCV_GANGUE[i], JW_NCV_SLIME[i]
        slime_carbon = (
            "" if m in JW_SLIME_NOT_TESTED else _q(slime_ncv * JW_CARBON_PER_NCV_SLIME[i], 2)
        )
        gen_text = _q(generation * (10 if m == JW_DECIMAL_SLIP else 1), 3)
        out.append(
            UnitMonth(
                month=m,
                fuels={
                    "coal_gangue": FuelMonth(
                        _q(fuel_heat * Decimal("0.78") / gangue_ncv, 2),
                        _q(gangue_ncv, 3),
                        _q(gangue_ncv * JW_CARBON_PER_NCV_GANGUE[i], 2),
                    ),
                    "coal_slime": FuelMonth(
                        _q(fuel_heat * Decimal("0.22") / slime_ncv, 2),
                        _q(slime_ncv, 3),
                        slime_carbon,
                    ),
                    "diesel": FuelMonth(JW_DIESEL.get(m, "0")),
                    # straw and forestry residues co-fired at about 12 % of the heat (表13)
                    "agri_forestry_residue": FuelMonth(
                        _q(fuel_heat * JW_BIOMASS_PER_FOSSIL / JW_NCV_BIOMASS[i], 2),
                        _q(JW_NCV_BIOMASS[i], 3),
                    ),
                },
                purchased_mwh=JW_PURCHASED.get(m, "0"),
                generation=gen_text,
                supply=_q(supply, 3),
                heat="0.000",
                hours=JW_NOVEMBER_HOURS if m == 11 else _q(hours, 2),
            )
        )
    return out


# -- documents: ledgers, test reports, the stamped report -----------------------------------------
def _stamp(canvas: Canvas, x: float, y: float, owner: str, purpose: str = "") -> None:
    """A red round seal: the owner's name along the upper arc, a star, the seal's purpose."""
    radius = 46
    canvas.saveState()
    canvas.setStrokeColor(STAMP_RED)
    canvas.setFillColor(STAMP_RED)
    canvas.setLineWidth(2.4)
    canvas.circle(x, y, radius, stroke=1, fill=0)
    star = canvas.beginPath()
    for k in range(10):
        r = 13 if k % 2 == 0 else 5.2
        angle = math.pi / 2 + k * math.pi / 5
        px, py = x + r * math.cos(angle), y + 4 + r * math.sin(angle)
        star.moveTo(px, py) if k == 0 else star.lineTo(px, py)
    star.close()
    canvas.drawPath(star, stroke=0, fill=1)
    font = fonts.cjk_font()
    size = 9 if len(owner) <= 14 else 7.5
    span = min(250.0, 16.0 * len(owner))  # degrees of arc the name covers
    for i, ch in enumerate(owner):
        angle = 90 + span / 2 - (span * (i + 0.5) / len(owner))
        canvas.saveState()
        canvas.translate(
            x + (radius - 12) * math.cos(math.radians(angle)),
            y + (radius - 12) * math.sin(math.radians(angle)),
        )
        canvas.rotate(angle - 90)
        canvas.setFont(font, size)
        canvas.drawCentredString(0, -size / 3, ch)
        canvas.restoreState()
    if purpose:
        canvas.setFont(font, 7.5)
        canvas.drawCentredString(x, y - 24, purpose)
    canvas.restoreState()


def sheet_pdf(
    title: str,
    subtitle: str,
    header: list[str],
    rows: list[list[str]],
    *,
    owner: str,
    purpose: str = "",
    notes: tuple[str, ...] = (),
) -> bytes:
    """A one-page ledger or statement: a table, notes, signatures and a red seal (a small PDF)."""
    canvas, buffer = drawings._page(title, subtitle)
    width, height = drawings.PAGE
    font = fonts.cjk_font()
    left, right, top = 36.0, width - 36.0, height - 80.0
    bottom = 110.0 + 13 * len(notes)
    head_lines = max(len(h.split("\n")) for h in header)
    row_h = min(22.0, (top - bottom) / (len(rows) + head_lines))
    size = min(10.5, row_h - 5)
    widest = max(stringWidth(line[0], font, size) for line in [header, *rows])
    first = min(200.0, max(80.0, widest + 14))
    rest = (right - left - first) / max(len(header) - 1, 1)
    xs = [left, *(left + first + k * rest for k in range(len(header)))]
    head_h = row_h * head_lines
    canvas.setFillColor(drawings.GREY)
    canvas.rect(left, top - head_h, right - left, head_h, stroke=0, fill=1)
    canvas.setFillColor(drawings.INK)
    for c, text in enumerate(header):
        lines = text.split("\n")
        for k, line in enumerate(lines):
            fit = min(size, size * (xs[c + 1] - xs[c] - 8) / max(stringWidth(line, font, size), 1))
            canvas.setFont(font, fit)
            y = top - head_h / 2 + (len(lines) / 2 - k - 1) * row_h + row_h / 2 - fit / 3
            if c == 0:
                canvas.drawString(xs[0] + 5, y, line)
            else:
                canvas.drawCentredString((xs[c] + xs[c + 1]) / 2, y, line)
    canvas.setStrokeColor(drawings.MUTED)
    canvas.setLineWidth(0.5)
    canvas.line(left, top, right, top)
    canvas.line(left, top - head_h, right, top - head_h)
    canvas.setFont(font, size)
    for r, line in enumerate(rows):
        y = top - head_h - (r + 1) * row_h
        for c, text in enumerate(line):
            if c == 0:
                canvas.drawString(xs[0] + 5, y + row_h / 2 - size / 3, text)
            else:
                canvas.drawRightString(xs[c + 1] - 6, y + row_h / 2 - size / 3, text)
        canvas.line(left, y, right, y)
    table_bottom = top - head_h - len(rows) * row_h
    for x in xs:
        canvas.line(x, table_bottom, x, top)
    canvas.setFont(font, 9)
    canvas.setFillColor(drawings.INK)
    for k, note in enumerate(notes):
        canvas.drawString(left, table_bottom - 18 - 13 * k, note)
    canvas.drawString(left, 56, "制表：                    审核：                    负责人：")
    _stamp(canvas, width - 120, 82, owner, purpose)
    return drawings._finish(canvas, buffer)


def stamped_report_pdf(report: Report) -> bytes:
    """The 盖章扫描版: the report's own PDF as it stands, printed, sealed on the declaration (and
    骑缝章 across the pages) and scanned (:mod:`tanhe.demo.scan`) — its QR codes carry the data
    fingerprint, so the platform's check of the scan accepts it."""
    report.refresh_from_db()  # the declaration just saved
    return stamped_scan(pdf.render_report(report).data, dpi=110, noise=False)  # ~60 KB a page


class _Cells:
    """The report's values by unit name, table, fuel, key and month (after 自动计算)."""

    def __init__(self, report: Report) -> None:
        self.values = {
            (c.unit.name if c.unit else "", c.table, c.fuel, c.key, c.month): c.value
            for c in report.cells.select_related("unit")
        }

    def __call__(self, unit: str, table: str, fuel: str, key: str, month: int) -> str:
        return self.values.get((unit, table, fuel, key, month), "") or "—"


def _evidence_sheets(report: Report, name: str, units: list[str], coal: str) -> dict[str, bytes]:
    """The twelve required files of 材料上传, one small stamped PDF each, from the report's own
    values (and, for ash and dust, from the plant's ledgers)."""
    cells = _Cells(report)
    year = report.year
    per_unit: dict[str, tuple[str, list[tuple[str, str, str, str]]]] = {
        "daily_fuel_records": (
            "每日入炉煤量原始记录（月汇总）",
            [("入炉煤量 t", "fuel", coal, "consumption")],
        ),
        "annual_production_report": (
            "年度生产报表",
            [
                ("发电量 MWh", "production", "", "generation_mwh"),
                ("供电量 MWh", "production", "", "supply_mwh"),
                ("运行小时数 h", "production", "", "running_hours"),
            ],
        ),
        "monthly_fuel_trade": (
            "月度燃料购销记录（入炉量）",
            [("烟煤 t", "fuel", coal, "consumption"), ("柴油 t", "fuel", "diesel", "consumption")],
        ),
        "daily_ncv_records": (
            "每日热值测试原始记录（按入炉量加权的月值）",
            [("低位发热量 GJ/t", "fuel", coal, "ncv")],
        ),
        "monthly_ncv_sheet": (
            "月度热值计算表",
            [("低位发热量 GJ/t", "fuel", coal, "ncv"), ("燃料热量 GJ", "fuel", coal, "heat_gj")],
        ),
        "monthly_carbon_tests": (
            "月度燃料含碳量测试台帐",
            [("收到基元素碳含量 %", "fuel", coal, "carbon_content")],
        ),
        "monthly_production_report": (
            "生产月报表",
            [
                ("发电量 MWh", "production", "", "generation_mwh"),
                ("供电煤耗 gce/kWh", "production", "", "power_coal_rate"),
            ],
        ),
        "electricity_bills": ("电费结算单汇总", [("下网电量 MWh", "electricity", "", "mwh")]),
    }
    sheets = {}
    for kind, (title, series) in per_unit.items():
        header = ["月份"] + [f"{u}\n{label}" for u in units for label, *_ in series]
        rows = [
            [f"{year}年{m}月"] + [cells(u, t, f, k, m) for u in units for _, t, f, k in series]
            for m in MONTHS
        ]
        sheets[kind] = sheet_pdf(f"{name} {title}", f"{year}年", header, rows, owner=name)
    totals = {
        u: sum(
            Decimal(cells(u, "fuel", coal, "consumption", m))
            for m in MONTHS
            if cells(u, "fuel", coal, "consumption", m) != "—"
        )
        for u in units
    }
    annual = [[u, _q(totals[u] * Decimal("1.012"), 2), _q(totals[u], 2)] for u in units]
    sheets["annual_fuel_trade"] = sheet_pdf(
        f"{name} 年度燃料购销记录",
        f"{year}年",
        ["机组", "购入烟煤 t", "入炉烟煤 t"],
        annual,
        owner=name,
        notes=("购入量与入炉量之差为煤场库存变化及入厂—入炉水分差。",),
    )
    ash = [
        [
            f"{year}年{m}月",
            _q(Decimal("1.18") + Decimal((m * 3) % 7) * Decimal("0.11"), 2),
            _q(Decimal("1.86") + Decimal((m * 5) % 6) * Decimal("0.13"), 2),
        ]
        for m in MONTHS
    ]
    sheets["monthly_ash_carbon_tests"] = sheet_pdf(
        f"{name} 月度灰、渣含碳量测试台帐",
        f"{year}年",
        ["月份", "飞灰含碳量 %", "炉渣含碳量 %"],
        ash,
        owner=name,
    )
    output = [
        [f"{year}年{m}月"]
        + [
            _q(Decimal(cells(u, "fuel", coal, "consumption", m)) * Decimal("0.1274"), 2)
            for u in units
        ]
        for m in MONTHS
    ]
    sheets["monthly_ash_output"] = sheet_pdf(
        f"{name} 月度灰、渣产量",
        f"{year}年",
        ["月份", *(f"{u}\n灰渣产量 t" for u in units)],
        output,
        owner=name,
        notes=("灰渣产量按灰库、渣仓出库称重记录汇总。",),
    )
    sheets["dust_removal_efficiency"] = sheet_pdf(
        f"{name} 除尘效率测试报告",
        f"{year}年",
        ["设施", "除尘器型式", "除尘效率 %", "测试日期"],
        [
            [
                f"{u}除尘器",
                "低低温电除尘器",
                _q(Decimal("99.912") + k * Decimal("0.011"), 3),
                f"{year}-05-{12 + k:02d}",
            ]
            for k, u in enumerate(units)
        ],
        owner=name,
        purpose="检测专用章",
    )
    return sheets


# -- building a report ---------------------------------------------------------------------------
class _Builder:
    """One enterprise's report, built step by step through the services."""

    def __init__(
        self, spec: EnterpriseSpec, org: Organisation, filer: User, write: Callable[[str], Any]
    ) -> None:
        self.spec, self.org, self.filer, self.write = spec, org, filer, write
        self.name = spec.organisation["name"]
        self.report = services.create_report(actor=filer, enterprise=org, year=DATA_YEAR)
        services.update_contact(
            actor=filer, report=self.report, data={"contact_email": spec.basic["contact_email"]}
        )
        self.units = {u.name: u for u in calculation.reporting_units(self.report)}

    def fill(self, months: dict[str, list[UnitMonth]]) -> None:
        entries = [e for name, ms in months.items() for e in _entries(self.units[name], ms)]
        services.save_cells(actor=self.filer, report=self.report, entries=entries)
        for name, ms in months.items():
            for m in ms:
                for fuel, f in m.fuels.items():
                    if f.daily:
                        services.save_daily_records(
                            actor=self.filer,
                            report=self.report,
                            unit=self.units[name],
                            fuel=fuel,
                            month=m.month,
                            rows=f.daily,
                        )

    def autocalc(self, confirm: bool = False) -> list[str]:
        """自动计算; returns the engine's errors when it cannot run."""
        outcome = services.autocalc(actor=self.filer, report=self.report, confirm=confirm)
        if not outcome.applied and not outcome.problems:
            raise RuntimeError(f"{self.name}: 自动计算 needs confirmation: {outcome.changes[:3]}")
        return [p.code for p in outcome.problems]

    def must_autocalc(self, confirm: bool = False) -> None:
        if errors := self.autocalc(confirm):
            raise RuntimeError(f"{self.name}: 自动计算 failed: {errors[:3]}")

    def test_record(self, unit: str, fuel: str, parameter: str, month: int, **data: Any) -> None:
        services.save_test_record(
            actor=self.filer,
            report=self.report,
            unit=self.units[unit],
            fuel=fuel,
            parameter=parameter,
            month=month,
            data=data,
        )

    def ledger(
        self, unit: str, table: str, fuel: str, key: str, month: int, pdf: bytes, filename: str
    ) -> None:
        services.add_value_evidence(
            actor=self.filer,
            report=self.report,
            unit=self.units[unit],
            table=table,
            fuel=fuel,
            key=key,
            month=month,
            upload=pdf,
            name=filename,
        )

    def seal(self, months: tuple[int, ...]) -> None:
        for m in months:
            seal_on_time(self.filer, self.report, m)


def seal_on_time(actor: User, report: Report, month: int) -> None:
    """存证 one month as a careful plant did in the demo's year: five days before its deadline
    (else every demo month built today would read 逾期存证). A month whose deadline is still
    ahead keeps today's seal."""
    filing = services.seal_month(actor=actor, report=report, month=month)
    due = services.filing_deadline(report.year, month, settings.MONTH_FILING_DAYS)
    on = timezone.make_aware(datetime.combine(due - timedelta(days=5), time(10)))
    if filing.revision == 1 and on < filing.sealed_at:
        MonthFiling.objects.filter(pk=filing.pk).update(sealed_at=on, first_sealed_at=on)


def _month_sheet(name: str, title: str, month: int, rows: list[list[str]], purpose: str) -> bytes:
    return sheet_pdf(
        f"{name} {title}",
        f"{DATA_YEAR}年{month}月",
        ["项目", "数值", "单位", "计量 / 检测"],
        rows,
        owner=name,
        purpose=purpose,
        notes=(f"数据期间：{DATA_YEAR}年{month}月1日—{month}月{_days(month)}日。",),
    )


def taizhou_tests(b: _Builder) -> None:
    """泰州江畔's 确定方式表: the calorimeter's NCV every month, the laboratory's carbon tests."""
    lab = {
        "method": "commissioned",
        "device": "元素分析仪 5E-CHN2200",
        "frequency": "每日缩分样，每月检测 1 次",
        "calibration_frequency": "每年校准 1 次",
        "standard": "GB/T 30733-2014",
        "laboratory": "江苏泰和煤质检测有限公司",
        "accreditation": "cma",
    }
    calorimeter = {
        "method": "self",
        "device": "自动量热仪 5E-AC8018",
        "frequency": "每日",
        "calibration_frequency": "每年检定 1 次",
        "standard": "GB/T 213-2008",
    }
    for n, unit in enumerate(("1号机组", "2号机组"), start=1):
        for m in MONTHS:
            end = date(DATA_YEAR, m, _days(m))
            b.test_record(unit, "bituminous", "ncv", m, **calorimeter)  # every month: 实测值
            if (unit, m) in TZ_NO_CARBON:
                continue  # 缺省值: no test behind the month's 单位热值含碳量
            reported = end + timedelta(days=9 + (m * 5) % 8)
            number = f"THMJ-{DATA_YEAR}-{m:02d}{n:02d}"
            if (unit, m) == TZ_REUSED_REPORT:
                number = f"THMJ-{DATA_YEAR}-0801"  # 1号机组's August report
            b.test_record(unit, "bituminous", "unit_heat_carbon", m, **lab, report_number=number,
                          sampled_on=end, reported_on=reported)  # fmt: skip


def _taizhou(b: _Builder) -> None:
    months = {u: taizhou_months(u) for u in ("1号机组", "2号机组")}
    b.fill(months)
    taizhou_tests(b)
    b.must_autocalc()
    for m in SEALED:  # each sealed month with its stamped ledgers
        coal = months["2号机组"][m - 1].fuels["bituminous"]
        rows = [
            ["入炉煤量", coal.consumption, "t", "入炉煤皮带秤 2A/2B"],
            ["收到基低位发热量", coal.ncv, "GJ/t", "自动量热仪"],
            ["收到基元素碳含量", coal.carbon or "未检测", "%", "委托检测报告"],
        ]
        pdf = _month_sheet(b.name, "2号机组入炉煤量及煤质月报", m, rows, "燃料管理部")
        filename = f"{DATA_YEAR}-{m:02d} 2号机组入炉煤量月报.pdf"
        b.ledger("2号机组", "fuel", "bituminous", "consumption", m, pdf, filename)
        u1 = months["1号机组"][m - 1]
        rows = [
            ["发电量", u1.generation, "MWh", "发电机出口电能表"],
            ["供电量", u1.supply, "MWh", "上网关口电能表"],
            ["运行小时数", u1.hours, "h", "运行日志"],
        ]
        pdf = _month_sheet(b.name, "1号机组生产月报", m, rows, "生产技术部")
        filename = f"{DATA_YEAR}-{m:02d} 1号机组生产月报.pdf"
        b.ledger("1号机组", "production", "", "generation_mwh", m, pdf, filename)
    b.seal(SEALED)
    # March amended: the bill shows a purchase that was missed; corrected, re-computed, re-sealed
    unit, month, mwh = TZ_AMENDED
    filing = MonthFiling.objects.get(enterprise=b.org, year=DATA_YEAR, month=month)
    services.amend_month(actor=b.filer, filing=filing, reason=TZ_AMEND_REASON)
    source = SOURCES[("electricity", "mwh")]
    correction = CellInput(b.units[unit], "electricity", "", "mwh", month, mwh, source=source)
    services.save_cells(actor=b.filer, report=b.report, entries=[correction])
    bill = sheet_pdf(
        "电费结算单",
        f"{DATA_YEAR}年{month}月 · 户名：{b.name}（{unit}启备变）",
        ["项目", "抄见电量 MWh", "结算电量 MWh", "结算日期"],
        [["启备变下网（3月29日 20:00—31日 24:00）", mwh, mwh, f"{DATA_YEAR}-04-03"]],
        owner="泰州供电公司",
        purpose="电费结算专用章",
    )
    filename = f"{DATA_YEAR}-{month:02d} {unit}电费结算单.pdf"
    b.ledger(unit, "electricity", "", "mwh", month, bill, filename)
    b.must_autocalc(confirm=True)
    seal_on_time(b.filer, b.report, month)
    submit_coal_report(b)


def submit_coal_report(b: _Builder) -> None:
    """材料上传 (the required files drawn from the report's own numbers), the declaration, the
    stamped report, submission."""
    sheets = _evidence_sheets(b.report, b.name, list(b.units), "bituminous")
    assert set(sheets) == {kind for kind, _ in REQUIRED_EVIDENCE}
    for kind, label in REQUIRED_EVIDENCE:
        services.add_evidence(
            actor=b.filer,
            report=b.report,
            kind=kind,
            upload=sheets[kind],
            name=f"{DATA_YEAR} {label}.pdf",
            title=label,
        )
    legal = b.spec.organisation["legal_representative"]
    services.declare(actor=b.filer, report=b.report, entity=b.name, legal_representative=legal)
    stamped = stamped_report_pdf(b.report)
    filename = f"{b.name}{DATA_YEAR}年度排放报告（盖章）.pdf"
    services.upload_stamped_pdf(actor=b.filer, report=b.report, upload=stamped, name=filename)
    services.submit(actor=b.filer, report=b.report)


def _xidong(b: _Builder) -> None:
    (row,) = b.units
    b.fill({row: _xidong_months()})
    for m in (1, 2, 3):  # a draft: the 确定方式表 filled up to March so far
        end = date(DATA_YEAR, m, _days(m))
        b.test_record(
            row,
            "bituminous",
            "unit_heat_carbon",
            m,
            method="commissioned",
            device="元素分析仪 EA-3000",
            frequency="每月 1 次",
            standard="GB/T 30733-2014",
            laboratory="无锡锡能检测技术有限公司",
            accreditation="both",
            report_number=f"XN-{DATA_YEAR}-C{m:03d}",
            sampled_on=end,
            reported_on=end + timedelta(days=12),
        )
    # A 合并填报 row's running hours are its members' (the engine weights them by capacity);
    # 2号机组 stops four days in May for a boiler inspection.
    hours = [
        CellInput(member, "production", "", "running_hours", m,
                  format(_hours(m) - (96 if (m, i) == (5, 1) else 0), "f"), source="运行日志")
        for m in MONTHS
        for i, member in enumerate(b.units[row].members.order_by("position", "id"))
    ]  # fmt: skip
    services.save_cells(actor=b.filer, report=b.report, entries=hours)
    b.must_autocalc()


JW_LAB = {
    "method": "commissioned",
    "device": "元素分析仪 Vario MACRO cube",
    "frequency": "每月 1 次",
    "standard": "GB/T 30733-2014",
    "laboratory": "徐州华信煤质检测有限公司",
    "accreditation": "cma",
}
JW_CALORIMETER = {
    "method": "self",
    "device": "自动量热仪 ZDHW-8000",
    "frequency": "每班",
    "calibration_frequency": "每年检定 1 次",
    "standard": "GB/T 213-2008",
}
JW_LATE = (11, date(DATA_YEAR, 11, 30), date(DATA_YEAR + 1, 1, 16))  # 47 days: a late report


def _jiawang(b: _Builder) -> None:
    months = _jiawang_months()
    b.fill({"1号机组": months})
    for m in MONTHS:
        end = date(DATA_YEAR, m, _days(m))
        reported = JW_LATE[2] if m == JW_LATE[0] else end + timedelta(days=8 + (m * 3) % 7)
        for fuel in ("coal_gangue", "coal_slime"):
            b.test_record("1号机组", fuel, "ncv", m, **JW_CALORIMETER)
        b.test_record(
            "1号机组",
            "coal_gangue",
            "unit_heat_carbon",
            m,
            **JW_LAB,
            report_number=f"HX{DATA_YEAR}{m:02d}-G",
            sampled_on=end,
            reported_on=reported,
        )
        if m not in JW_SLIME_NOT_TESTED:
            b.test_record(
                "1号机组",
                "coal_slime",
                "unit_heat_carbon",
                m,
                **JW_LAB,
                report_number=f"HX{DATA_YEAR}{m:02d}-S",
                sampled_on=end,
                reported_on=end + timedelta(days=10),
            )
    b.must_autocalc()
    for m in SEALED:
        gangue = months[m - 1].fuels["coal_gangue"]
        rows = [
            ["入炉煤矸石量", gangue.consumption, "t", "入炉皮带秤 ICS-17A"],
            ["收到基低位发热量", gangue.ncv, "GJ/t", "自动量热仪"],
            ["收到基元素碳含量", gangue.carbon, "%", "委托检测报告"],
        ]
        pdf = _month_sheet(b.name, "入炉煤矸石计量及化验月报", m, rows, "燃料部")
        filename = f"{DATA_YEAR}-{m:02d} 入炉煤矸石月报.pdf"
        b.ledger("1号机组", "fuel", "coal_gangue", "consumption", m, pdf, filename)
    b.seal(SEALED)


BUILDERS: tuple[tuple[EnterpriseSpec, Callable[[_Builder], None]], ...] = (
    (TAIZHOU, _taizhou),
    (XIDONG, _xidong),
    (JIAWANG, _jiawang),
)


def build_reports(write: Callable[[str], Any] = lambda line: None) -> tuple[list[str], list[str]]:
    """The demo reports of ``DATA_YEAR`` that are missing; returns (built, kept) names."""
    built, kept = [], []
    for spec, build in BUILDERS:
        org = Organisation.objects.get(credit_code=spec.organisation["credit_code"])
        if org.reports.filter(year=DATA_YEAR).exists():
            kept.append(org.name)
            write(f"  = {org.name}: {DATA_YEAR}年报 already loaded")
            continue
        filer = User.objects.get(username=spec.filer.username)
        with transaction.atomic():
            builder = _Builder(spec, org, filer, write)
            build(builder)
        report = Report.objects.get(pk=builder.report.pk)
        sealed = MonthFiling.objects.filter(enterprise=org, year=DATA_YEAR).count()
        write(f"  + {org.name}: {DATA_YEAR}年报 {report.get_state_display()}，已存证 {sealed} 个月")
        built.append(org.name)
    return built, kept
