"""Input types of the engine: frozen dataclasses of ``Decimal`` (floats raise ``TypeError``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from tanhe.accounting.quantities import check_decimal_fields, require_decimal


class State(StrEnum):
    """Fuel state the consumption and its NCV/carbon refer to (燃料状态)."""

    FIRED = "fired"  # 入炉
    RECEIVED = "received"  # 入厂

    @property
    def label_zh(self) -> str:
        return {"fired": "入炉", "received": "入厂"}[self.value]

    @property
    def label_en(self) -> str:
        return {"fired": "as fired", "received": "as received"}[self.value]


def state_label_zh(value: str) -> str:
    """入炉 / 入厂 for a state's value; the value itself when it is not a state."""
    return State(value).label_zh if value in State._value2member_map_ else value


class UnitType(StrEnum):
    COAL = "coal"  # 燃煤机组
    GAS = "gas"  # 燃气机组
    OIL = "oil"  # 燃油机组
    IGCC = "igcc"  # IGCC
    OTHER = "other"  # 其他

    @property
    def label_zh(self) -> str:
        return {
            "coal": "燃煤机组", "gas": "燃气机组", "oil": "燃油机组", "igcc": "IGCC机组",
            "other": "其他",
        }[self.value]  # fmt: skip

    @property
    def label_en(self) -> str:
        return {
            "coal": "coal-fired unit", "gas": "gas-fired unit", "oil": "oil-fired unit",
            "igcc": "IGCC unit", "other": "other unit",
        }[self.value]  # fmt: skip


class Subtype(StrEnum):
    CONVENTIONAL = "conventional"  # 常规燃煤机组
    UNCONVENTIONAL = "unconventional"  # 非常规燃煤机组（煤矸石、煤泥、水煤浆等）
    CFB = "cfb"  # 燃煤循环流化床机组（属非常规燃煤机组类别）
    NONE = "none"  # "/"：燃气及其他机组不细分

    @property
    def label_zh(self) -> str:
        return {
            "conventional": "常规燃煤机组", "unconventional": "非常规燃煤机组",
            "cfb": "循环流化床机组", "none": "/",
        }[self.value]  # fmt: skip


class GasClass(StrEnum):
    """燃气机组等级 (报送系统 机组信息 "燃气机组 | E级", seed 000; 核查技术指南 表3 合理取值范围
    2. 燃气机组类别判断: by the gas turbine's inlet temperature and power — B级 < 100 MW,
    E级 100–200 MW, F级 200–350 MW, H级 350–600 MW; 分布式 for combined cooling, heat and power).
    Optional: a gas unit without a class is reported as "/"."""

    B = "B"
    E = "E"
    F = "F"
    H = "H"
    DISTRIBUTED = "distributed"

    @property
    def label_zh(self) -> str:
        return "分布式" if self is GasClass.DISTRIBUTED else f"{self.value}级"

    @property
    def label_en(self) -> str:
        return "distributed" if self is GasClass.DISTRIBUTED else f"{self.value}-class"


def subtype_label_zh(subtype: Subtype, gas_class: GasClass | None) -> str:
    """机组类型细分 as the form shows it: a gas unit's class (E级) where given, else the subtype."""
    return gas_class.label_zh if gas_class is not None else subtype.label_zh


class CalibrationStatus(StrEnum):
    """Calibration of the meter behind a value (核查技术指南 表7 注意事项)."""

    IN_TOLERANCE = "in_tolerance"  # 未延迟校准、准确度符合规定
    OUT_OF_TOLERANCE = "out_of_tolerance"  # 未延迟校准、准确度超过规定要求
    NOT_CALIBRATED = "not_calibrated"  # 未校准
    DELAYED = "delayed"  # 延迟校准


@dataclass(frozen=True, slots=True)
class Calibration:
    status: CalibrationStatus
    required_accuracy_pct: Decimal  # 规定准确度, e.g. 0.5 (%)
    calibrated_accuracy_pct: Decimal | None = None  # 校准准确度 (OUT_OF_TOLERANCE)
    covered_share: Decimal | None = None  # DELAYED: share of the value covered by calibration

    def __post_init__(self) -> None:
        check_decimal_fields(
            self, ("required_accuracy_pct", "calibrated_accuracy_pct", "covered_share")
        )


@dataclass(frozen=True, slots=True)
class DailyRecord:
    """One day's 入炉 or one batch's 入厂 quantity with its test results."""

    quantity: Decimal
    ncv: Decimal | None
    state: State
    carbon_content: Decimal | None = None
    day: date | None = None

    def __post_init__(self) -> None:
        check_decimal_fields(self, ("quantity", "ncv", "carbon_content"))

    @classmethod
    def of_plain(
        cls,
        quantity: Decimal,
        ncv: Decimal | None,
        state: State,
        carbon_content: Decimal | None,
        day: date | None,
    ) -> DailyRecord:
        """A record from values the reader has just made Decimals of plain digits (finite by
        construction): skips the re-check, on the hot path of a year of days per unit."""
        record = object.__new__(cls)
        for name, value in (("quantity", quantity), ("ncv", ncv), ("state", state),
                            ("carbon_content", carbon_content), ("day", day)):  # fmt: skip
            object.__setattr__(record, name, value)
        return record


@dataclass(frozen=True, slots=True)
class GasTest:
    """One gas analysis: a carbon content, or a composition in volume % by component."""

    carbon_content: Decimal | None = None
    composition: tuple[tuple[str, Decimal], ...] = ()

    def __post_init__(self) -> None:
        check_decimal_fields(self, ("carbon_content",))
        object.__setattr__(
            self,
            "composition",
            tuple((n, require_decimal(v, f"composition.{n}")) for n, v in self.composition),
        )


@dataclass(frozen=True, slots=True)
class FuelMonth:
    """One fuel's month on the 燃料信息表. Optional inputs select how a value is derived."""

    month: int
    consumption: Decimal | None = None
    ncv: Decimal | None = None
    carbon_content: Decimal | None = None  # as received, % (t fuels) or tC/10^4Nm³ (gas)
    state: State | None = None
    carbon_content_ad: Decimal | None = None  # 空气干燥基元素碳含量 %
    carbon_content_d: Decimal | None = None  # 干燥基元素碳含量 %
    moisture_ar: Decimal | None = None  # 收到基水分（全水分）%
    moisture_ad: Decimal | None = None  # 空气干燥基水分 %
    ncv_ad: Decimal | None = None  # 空气干燥基低位发热量 GJ/t
    daily: tuple[DailyRecord, ...] = ()
    gas_tests: tuple[GasTest, ...] = ()
    calibration: Calibration | None = None

    def __post_init__(self) -> None:
        check_decimal_fields(
            self,
            (
                "consumption", "ncv", "carbon_content", "carbon_content_ad",
                "carbon_content_d", "moisture_ar", "moisture_ad", "ncv_ad",
            ),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class FuelInput:
    fuel: str
    months: tuple[FuelMonth, ...]


@dataclass(frozen=True, slots=True)
class ElectricityMonth:
    month: int
    mwh: Decimal

    def __post_init__(self) -> None:
        check_decimal_fields(self, ("mwh",))


@dataclass(frozen=True, slots=True)
class SteamFlow:
    """Steam (or a heating network's circulating water) supplied: mass and enthalpy, and where
    metered the condensate or return water and the make-up water going back, and for heat supplied
    through a heat exchanger (间接供热) the exchanger's efficiency (核查技术指南 表16 验)."""

    mass_t: Decimal
    enthalpy_kj_per_kg: Decimal
    return_t: Decimal | None = None  # 凝结水回水 / 热网回水量
    return_enthalpy_kj_per_kg: Decimal | None = None
    makeup_t: Decimal | None = None  # 补充水量
    makeup_enthalpy_kj_per_kg: Decimal | None = None
    exchanger_efficiency_pct: Decimal | None = None  # 热网加热器效率 (间接供热)

    def __post_init__(self) -> None:
        check_decimal_fields(
            self,
            (
                "mass_t", "enthalpy_kj_per_kg", "return_t", "return_enthalpy_kj_per_kg",
                "makeup_t", "makeup_enthalpy_kj_per_kg", "exchanger_efficiency_pct",
            ),
        )  # fmt: skip

    @property
    def balanced(self) -> bool:
        """Return or make-up water metered: the heat is the enthalpy balance, not − 83.74."""
        return self.return_t is not None or self.makeup_t is not None


@dataclass(frozen=True, slots=True)
class HotWaterFlow:
    mass_t: Decimal
    temperature_c: Decimal

    def __post_init__(self) -> None:
        check_decimal_fields(self, ("mass_t", "temperature_c"))


@dataclass(frozen=True, slots=True)
class ProductionMonth:
    month: int
    generation_mwh: Decimal | None = None
    supply_mwh: Decimal | None = None
    heat_gj: Decimal | None = None
    running_hours: Decimal | None = None
    station_use_mwh: Decimal | None = None  # 发电厂用电量, when supply is derived
    heat_ratio_pct: Decimal | None = None  # 供热比 as the enterprise enters it
    steam: tuple[SteamFlow, ...] = ()
    hot_water: tuple[HotWaterFlow, ...] = ()
    member_running_hours: tuple[tuple[str, Decimal], ...] = ()  # 合并填报: hours per member
    # 供热比 = 供热量 / 锅炉产热量: the boilers' heat output, entered or from their efficiency
    boiler_output_gj: Decimal | None = None  # 锅炉产热量
    boiler_efficiency_pct: Decimal | None = None  # 锅炉效率

    def __post_init__(self) -> None:
        check_decimal_fields(
            self,
            (
                "generation_mwh", "supply_mwh", "heat_gj", "running_hours",
                "station_use_mwh", "heat_ratio_pct", "boiler_output_gj", "boiler_efficiency_pct",
            ),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class UnitMember:
    """A unit inside a 合并填报 row."""

    code: str
    name: str
    type: UnitType
    subtype: Subtype
    capacity_mw: Decimal
    # 备用机组: the member it stands in for. 核查技术指南 表17/表18 注意事项: "不应将备用机组参与
    # 加权平均计算，可将备用机组和被调剂机组的运行小时数加和，作为一台机组计算".
    standby_for: str | None = None

    def __post_init__(self) -> None:
        check_decimal_fields(self, ("capacity_mw",))


def weighting_groups(
    members: tuple[UnitMember, ...],
) -> list[tuple[UnitMember, tuple[UnitMember, ...]]]:
    """The members that carry weight in a merged row's hours, each with the standby units whose
    hours are added to its own (表17/表18: a standby unit is not weighted itself)."""
    return [
        (m, tuple(s for s in members if s.standby_for == m.code))
        for m in members
        if m.standby_for is None
    ]


@dataclass(frozen=True, slots=True)
class UnitInput:
    code: str
    name: str
    type: UnitType
    subtype: Subtype
    capacity_mw: Decimal
    cooling: str | None = None
    fuels: tuple[FuelInput, ...] = ()
    purchased_electricity: tuple[ElectricityMonth, ...] | None = None
    production: tuple[ProductionMonth, ...] = ()
    members: tuple[UnitMember, ...] = ()
    gas_class: GasClass | None = None  # gas units only (燃气机组等级)

    def __post_init__(self) -> None:
        check_decimal_fields(self, ("capacity_mw",))


@dataclass(frozen=True, slots=True)
class PlantYear:
    year: int
    enterprise_name: str
    credit_code: str
    units: tuple[UnitInput, ...]
    plant_purchased_electricity: tuple[ElectricityMonth, ...] = ()
    known_on: date | None = None  # parameters as published by this day (None: latest)
    # seed 000 机组信息 说明 c): an auxiliary fuel metered for the plant only (e.g. start-up
    # diesel), months with ``consumption`` only, allocated over the units that list the fuel in
    # proportion to their generation
    plant_auxiliary_fuels: tuple[FuelInput, ...] = ()


def weighted_capacity(unit: UnitInput) -> Decimal:
    """Σ P_i of the units whose hours are weighted (公式(11)): a merged row's members without its
    standby units; a unit's own capacity otherwise. Utilisation hours divide by it (表17)."""
    if not unit.members:
        return unit.capacity_mw
    return sum((m.capacity_mw for m, _ in weighting_groups(unit.members)), Decimal(0))
