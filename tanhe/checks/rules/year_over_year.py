"""Year over year (与上年度相比): per unit emissions, generation, heat and intensity against last
year's verified values; a jump beyond the threshold needs its reason (核查技术指南 发电设施 5.4.1.3
"通过对比以前年份的排放报告，分析生产数据和排放数据的变化和波动情况"; 附录2 核查结论 3
"排放量存在异常波动的原因说明")."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from tanhe.accounting.results import UnitResult
from tanhe.checks import words as w
from tanhe.checks.findings import Finding, NcCategory, Severity
from tanhe.checks.registry import Kind, rule
from tanhe.checks.subject import Subject, text

_PCT = Decimal("0.01")
_CLAUSE = (
    "核查技术指南（发电设施）5.4.1.3 对比以前年份分析变化和波动；附录2 核查结论3 排放量存在"
    "异常波动的原因说明",
    "Verification guide (power generation) 5.4.1.3 changes against earlier years; appendix 2 "
    "conclusion 3: reasons for unusual changes",
)
_MESSAGE = (
    "{label}较上年度变化{change}%（{expected} → {observed}），超过{limit}%：须说明原因"
    "（说明：{explanation}）",
    "{label_en} changed {change} % on last year ({expected} → {observed}), more than "
    "{limit} %: the reason must be given (explanation: {explanation_en})",
)


def _explanation(given: str | None) -> dict[str, str]:
    return w.pair("explanation", (given, given) if given else w.NONE)


def _measure(unit: UnitResult, field: str) -> Decimal | None:
    if field == "total_emissions_tco2":
        return unit.total_emissions_tco2
    value = getattr(unit.production.annual, field)
    return value if isinstance(value, Decimal) else None


def _jumps(subject: Subject, rule_id: str, field: str, label: tuple[str, str]) -> Iterator[Finding]:
    if subject.previous is None:
        return
    limit = subject.parameters["year_over_year_pct"]
    before = {u.code: u for u in subject.previous.units}
    for unit in subject.result.units:
        last = before.get(unit.code)
        now, then = _measure(unit, field), _measure(last, field) if last else None
        if now is None or not then:
            continue
        change = ((now - then) * 100 / then).quantize(_PCT, ROUND_HALF_UP)
        if abs(change) > limit:
            yield Finding(
                rule_id,
                unit.code,
                None,
                None,
                field,
                text(now),
                text(then),
                {
                    "change": text(change),
                    "limit": text(limit),
                    "label": label[0],
                    "label_en": label[1],
                    **_explanation(subject.explanation(rule_id, unit.code)),
                },
            )


def _register(rule_id: str, field: str, label: tuple[str, str]) -> None:
    @rule(
        rule_id,
        kind=Kind.YEAR_OVER_YEAR,
        severity=Severity.WARNING,
        category=NcCategory.EVIDENCE,
        since=2020,
        clause=_CLAUSE,
        message=_MESSAGE,
    )
    def check(subject: Subject) -> Iterator[Finding]:
        return _jumps(subject, rule_id, field, label)


_register("yoy.emissions", "total_emissions_tco2", ("二氧化碳排放总量", "total CO2 emissions"))
_register("yoy.generation", "generation_mwh", ("发电量", "generation"))
_register("yoy.heat", "heat_gj", ("供热量", "heat supplied"))
_register("yoy.intensity", "power_intensity", ("供电碳排放强度", "power emission intensity"))
