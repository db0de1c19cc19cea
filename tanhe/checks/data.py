"""What the rules read beside the engine's input: the ``check_data`` section of a
``tanhe.plant-year/1`` document (docs/report-format.md, "check_data"). Every record is located by
unit, fuel, month and field like the engine's own input; every part is optional.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tanhe.accounting.classification import MergeCondition
from tanhe.accounting.model import Calibration


@dataclass(frozen=True, slots=True)
class Reported:
    """A value as the report states it (自动计算 or typed), to be re-derived (复算). ``field`` is
    the engine's name of the value (``emissions_tco2``, ``heat_gj``, ``total_emissions_tco2``…)."""

    unit: str | None
    fuel: str | None
    month: int | None
    field: str
    value: str


@dataclass(frozen=True, slots=True)
class TestReport:
    """A laboratory's test report behind a month's NCV or carbon (确定方式表; 核查技术指南 表8)."""

    unit: str
    fuel: str
    month: int
    parameter: str  # "ncv" | "unit_heat_carbon" | "carbon_content"
    method: str | None = None  # "self" | "commissioned"
    laboratory: str | None = None
    accreditation: str | None = None  # "cma" | "cnas" | "both" | "none"
    report_number: str | None = None
    sampled_on: date | None = None
    reported_on: date | None = None


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """A file offered as proof of one value: its SHA-256 and where it was attached."""

    sha256: str
    name: str | None
    unit: str | None
    fuel: str | None
    month: int | None
    field: str | None
    plant: str | None = None  # the credit code, when files of several plants are compared


@dataclass(frozen=True, slots=True)
class SecondSource:
    """A figure of a second source for a reported value (核查技术指南 表7/表10/表14/表16: 205-1表,
    生产报表, 结算凭证…); ``month`` None for the year."""

    unit: str | None
    fuel: str | None
    month: int | None
    field: str  # "consumption", "generation_mwh", "heat_gj", "electricity_mwh"
    source: str  # "stat_205_1", "stat_205_2", "production_report", "settlement", "grid"
    value: Decimal


@dataclass(frozen=True, slots=True)
class StockBalance:
    """购销存: purchases, outgoing and stock at both ends, giving a fuel's consumption
    (采购量 − 出厂量 − 期末库存 + 期初库存; 核查技术指南 表7)."""

    unit: str | None
    fuel: str
    month: int | None
    purchases: Decimal
    outgoing: Decimal
    stock_start: Decimal
    stock_end: Decimal

    @property
    def consumption(self) -> Decimal:
        return self.purchases - self.outgoing + self.stock_start - self.stock_end


@dataclass(frozen=True, slots=True)
class DataSource:
    """How a value is obtained, as the plan says (数据的确定方式): ``method`` "measured",
    "settlement", "calculated", "default"…; ``state`` 入炉/入厂 for a fuel's consumption."""

    unit: str
    fuel: str | None
    field: str
    method: str | None = None
    state: str | None = None


@dataclass(frozen=True, slots=True)
class CoalQuality:
    """A month's coal analysis beyond the engine's input: 收到基灰分 and 干燥无灰基挥发分 (%)."""

    unit: str
    fuel: str
    month: int | None
    ash_ar: Decimal | None = None
    volatile_daf: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Facility:
    """A boiler or turbine of a unit (排污许可证 / 铭牌): 生产能力 t/h or 额定功率 MW."""

    unit: str
    category: str  # "boiler" | "turbine"
    code: str
    capacity_tph: Decimal | None = None
    rated_power_mw: Decimal | None = None


@dataclass(frozen=True, slots=True)
class MergeMember:
    code: str
    values: dict[MergeCondition, str | None]


@dataclass(frozen=True, slots=True)
class Merge:
    """A 合并填报 row's members with what each says on the merge conditions, and the
    enterprise's explanation where they differ."""

    unit: str
    members: tuple[MergeMember, ...]
    explanation: str | None = None


@dataclass(frozen=True, slots=True)
class MeterCalibration:
    """The calibration of a meter behind a value the engine does not adjust itself
    (发电量, 供热量, 购入电量…; a fuel month's consumption carries its own ``calibration``)."""

    unit: str | None
    fuel: str | None
    month: int | None
    field: str
    calibration: Calibration
    instrument: str | None = None


@dataclass(frozen=True, slots=True)
class Explanation:
    """The enterprise's (or verifier's) reason for a finding, e.g. a year-over-year jump."""

    rule: str
    unit: str | None
    text: str


@dataclass(frozen=True, slots=True)
class CheckData:
    reported: tuple[Reported, ...] = ()
    tests: tuple[TestReport, ...] = ()
    evidence: tuple[EvidenceFile, ...] = ()
    second_sources: tuple[SecondSource, ...] = ()
    stock_balances: tuple[StockBalance, ...] = ()
    sources: tuple[DataSource, ...] = ()
    coal_quality: tuple[CoalQuality, ...] = ()
    facilities: tuple[Facility, ...] = ()
    merges: tuple[Merge, ...] = ()
    calibrations: tuple[MeterCalibration, ...] = ()
    explanations: tuple[Explanation, ...] = ()
    # the reported category of each unit (机组类别 as the report states it): unit → Category value
    categories: tuple[tuple[str, str], ...] = ()
    # the main product each unit is registered with: unit → "electricity" (纯发电) or
    # "electricity_heat" (热电联产)
    products: tuple[tuple[str, str], ...] = ()
