"""Cross-checks (交叉核对) against second sources (核查技术指南 发电设施 表7, 表10, 表14–表16:
购销存, 205-1/205-2表, 生产报表, 结算凭证). "交叉核对证据中显示的数据和报告数据之间通常会因为统计
口径、统计周期等而存在差异" — gaps up to the tolerance are taken as such."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from tanhe.checks.findings import Finding, NcCategory, Severity
from tanhe.checks.registry import Kind, rule
from tanhe.checks.subject import Subject, text

_PCT = Decimal("0.01")


def _reported(
    subject: Subject, unit: str | None, fuel: str | None, month: int | None, field: str
) -> Decimal | None:
    """The engine's figure for the place; a plant-wide one (unit None) sums the units."""
    values = subject.values
    if unit is not None:
        return values.get((unit, fuel, month, field))
    found = [values.get((u.code, fuel, month, field)) for u in subject.result.units]
    numbers = [v for v in found if v is not None]
    return sum(numbers, Decimal(0)) if numbers else None


def gap_pct(reported: Decimal, other: Decimal) -> Decimal | None:
    if not reported:
        return None if not other else Decimal(100)
    return (abs(other - reported) * 100 / reported).quantize(_PCT, ROUND_HALF_UP)


@rule(
    "cross_check.stock_balance",
    kind=Kind.CROSS_CHECK,
    severity=Severity.WARNING,
    category=NcCategory.EVIDENCE,
    since=2019,
    clause=(
        "核查技术指南（发电设施）表7：通过对采购量（入厂量）、出厂量、库存进行统计计算出的燃煤"
        "消耗量进行交叉核对",
        "Verification guide (power generation) table 7: consumption cross-checked with purchases, "
        "outgoing and stock",
    ),
    message=(
        "报告消耗量{observed}与购销存推算的{expected}相差{gap}%（容差{limit}%）",
        "reported consumption {observed} differs from purchases − outgoing ± stock "
        "{expected} by {gap} % (tolerance {limit} %)",
    ),
)
def stock_balance(subject: Subject) -> Iterator[Finding]:
    limit = subject.parameters["cross_check_tolerance_pct"]
    for b in subject.data.stock_balances:
        reported = _reported(subject, b.unit, b.fuel, b.month, "consumption")
        if reported is None:
            continue
        gap = gap_pct(reported, b.consumption)
        if gap is not None and gap > limit:
            yield Finding(
                "cross_check.stock_balance",
                b.unit,
                b.fuel,
                b.month,
                "consumption",
                text(reported),
                text(b.consumption),
                {"gap": text(gap), "limit": text(limit)},
            )


_SOURCES = {
    "stat_205_1": ("能源购进、消费与库存（205-1表）", "energy statistics form 205-1"),
    "stat_205_2": ("能源加工转换产出量（205-2表）", "energy statistics form 205-2"),
    "production_report": ("生产报表", "production report"),
    "settlement": ("结算凭证", "settlement records"),
    "grid": ("电网公司统计", "grid company statistics"),
}


@rule(
    "cross_check.second_source",
    kind=Kind.CROSS_CHECK,
    severity=Severity.WARNING,
    category=NcCategory.EVIDENCE,
    since=2019,
    clause=(
        "核查技术指南（发电设施）5.4.1.1：将每一个活动数据与其他数据来源进行交叉核对",
        "Verification guide (power generation) 5.4.1.1: every activity datum cross-checked with "
        "another source",
    ),
    message=(
        "报告值{observed}与{source}的{expected}相差{gap}%（容差{limit}%）",
        "reported {observed} differs from {source_en} {expected} by {gap} % (tolerance {limit} %)",
    ),
)
def second_source(subject: Subject) -> Iterator[Finding]:
    limit = subject.parameters["cross_check_tolerance_pct"]
    for s in subject.data.second_sources:
        reported = _reported(subject, s.unit, s.fuel, s.month, s.field)
        if reported is None:
            continue
        gap = gap_pct(reported, s.value)
        if gap is not None and gap > limit:
            zh, en = _SOURCES.get(s.source, (s.source, s.source))
            yield Finding(
                "cross_check.second_source",
                s.unit,
                s.fuel,
                s.month,
                s.field,
                text(reported),
                text(s.value),
                {"gap": text(gap), "limit": text(limit), "source": zh, "source_en": en},
                (s.source,),
            )
