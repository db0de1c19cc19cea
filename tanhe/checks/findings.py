"""Findings as data: what a rule saw, where, and what it expected. Text comes only at the edge
(:func:`tanhe.checks.registry.message` with the reader's language)."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from enum import StrEnum


class Severity(StrEnum):
    """error: the guide makes it mandatory (blocks where the platform enforces it); warning: the
    verifier must look at it; info: context for the verification report."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class NcCategory(StrEnum):
    """The seven kinds of non-conformity the verification team must at least raise
    (核查技术指南 发电设施 4.4.4 不符合项)."""

    BOUNDARY = "boundary"  # 核算边界不完整或与现场边界不一致
    METHOD = "method"  # 核算方法不符合核算指南的要求，或与数据质量控制计划不一致
    MEASUREMENT = "measurement"  # 参数统计或测量不准确，监测设备的维护、校准和计量不规范
    DATA_SOURCE = "data_source"  # 数据获取的方式不符合核算指南和质量控制计划的要求
    EVIDENCE = "evidence"  # 证据不充分、数据不完整或在数据计算中使用的参数错误
    PLAN = "plan"  # 数据质量控制计划的内容不完整，监测方法不具备可行性
    QUALITY_CONTROL = "quality_control"  # 数据的内部质量控制和质量保证措施不完善

    @property
    def label_zh(self) -> str:
        return _NC_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _NC_LABELS[self][1]


_NC_LABELS = {
    NcCategory.BOUNDARY: (
        "核算边界不完整或与现场边界不一致",
        "boundary incomplete or unlike the site",
    ),
    NcCategory.METHOD: (
        "核算方法不符合核算指南的要求，或与数据质量控制计划不一致",
        "method against the guide or the monitoring plan",
    ),
    NcCategory.MEASUREMENT: (
        "参与核算的参数统计或测量不准确，监测设备的维护、校准和计量不规范",
        "inaccurate measurement; meters not maintained or calibrated",
    ),
    NcCategory.DATA_SOURCE: (
        "数据获取的方式不符合核算指南和质量控制计划的要求",
        "data obtained against the guide or the plan",
    ),
    NcCategory.EVIDENCE: (
        "提供的数据符合性证据不充分、数据不完整或在数据计算中使用的参数错误",
        "insufficient evidence, incomplete data or wrong parameters",
    ),
    NcCategory.PLAN: (
        "数据质量控制计划的内容不完整，监测方法不具备可行性",
        "monitoring plan incomplete or not feasible",
    ),
    NcCategory.QUALITY_CONTROL: (
        "数据的内部质量控制和质量保证措施不完善",
        "internal quality control and assurance insufficient",
    ),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's finding on one place of a plant-year.

    ``observed`` and ``expected`` are the figures as text (an exact decimal, a range "a–b", a
    state); ``params`` are the rest of what the message says. ``effect_tco2`` is how much the
    plant's total emissions change if the finding is corrected (signed; ``None`` when it has no
    emission effect or none can be computed). ``evidence`` names the files or records involved.
    """

    rule: str
    unit: str | None = None
    fuel: str | None = None
    month: int | None = None
    field: str | None = None
    observed: str | None = None
    expected: str | None = None
    params: dict[str, str] = dataclass_field(default_factory=dict)
    evidence: tuple[str, ...] = ()
    effect_tco2: Decimal | None = None

    @property
    def place(self) -> tuple[str, str, int, str]:
        """A sort key: unit, fuel, month, field (plant-level first)."""
        return (self.unit or "", self.fuel or "", self.month or 0, self.field or "")


@dataclass(frozen=True, slots=True)
class Materiality:
    """The findings' effect on total emissions (实质性): ``net`` adds the signed effects, ``gross``
    their sizes; the percentages are of the reported total (None when it is zero)."""

    total_tco2: Decimal
    net_tco2: Decimal
    gross_tco2: Decimal
    net_pct: Decimal | None
    gross_pct: Decimal | None
    counted: int  # findings with an emission effect
