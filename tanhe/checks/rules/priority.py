"""Data priority (优先序): this year's source no lower than last year's (核查技术指南 发电设施 表7
注意事项: "入炉煤的优先序高于入厂煤 … 确保本年度燃煤消耗量数据来源的优先序没有降低"; 表14/表16:
结算数据 where metered data can be had)."""

from __future__ import annotations

from collections.abc import Iterator

from tanhe.accounting.model import PlantYear
from tanhe.checks import words as w
from tanhe.checks.findings import Finding, NcCategory, Severity
from tanhe.checks.registry import Kind, rule
from tanhe.checks.subject import Subject


def _states(plant: PlantYear) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = {}
    for u in plant.units:
        for f in u.fuels:
            for m in f.months:
                state = m.state or (m.daily[0].state if m.daily else None)
                if state is not None and m.consumption != 0:
                    out.setdefault((u.code, f.fuel), set()).add(state.value)
    return out


@rule(
    "priority.state",
    kind=Kind.PRIORITY,
    severity=Severity.WARNING,
    category=NcCategory.DATA_SOURCE,
    clause=(
        "核查技术指南（发电设施）表7 注意事项：入炉煤的优先序高于入厂煤，确保本年度燃煤消耗量"
        "数据来源的优先序没有降低",
        "Verification guide (power generation) table 7: fired coal ranks above received coal; this "
        "year's source must not rank lower than last year's",
    ),
    message=(
        "本年度采用{now}数据，上年度为{then}数据：数据来源的优先序降低",
        "this year's data are {now_en}, last year's {then_en}: a lower-priority source",
    ),
)
def state(subject: Subject) -> Iterator[Finding]:
    if subject.previous_plant is None:
        return
    before = _states(subject.previous_plant)
    for (unit, fuel), now in _states(subject.plant).items():
        if "received" in now and before.get((unit, fuel)) == {"fired"}:
            yield Finding(
                "priority.state",
                unit,
                fuel,
                None,
                "state",
                "received",
                "fired",
                w.term("now", w.STATE, "received") | w.term("then", w.STATE, "fired"),
            )


@rule(
    "priority.method",
    kind=Kind.PRIORITY,
    severity=Severity.WARNING,
    category=NcCategory.DATA_SOURCE,
    clause=(
        "核查技术指南（发电设施）表14、表16 注意事项：有较高优先序的数据（计量数据）而使用了"
        "较低优先序的数据（结算数据），应开具不符合",
        "Verification guide (power generation) tables 14 and 16: settlement data used where "
        "metered "
        "data exist is a non-conformity",
    ),
    message=(
        "本年度采用{now}，上年度为{then}：数据来源的优先序降低",
        "this year uses {now_en} data, last year {then_en}: a lower-priority source",
    ),
)
def method(subject: Subject) -> Iterator[Finding]:
    if subject.previous_data is None:
        return
    before = {(s.unit, s.fuel, s.field): s.method for s in subject.previous_data.sources}
    for s in subject.data.sources:
        if s.method == "settlement" and before.get((s.unit, s.fuel, s.field)) == "measured":
            yield Finding(
                "priority.method",
                s.unit,
                s.fuel,
                None,
                s.field,
                "settlement",
                "measured",
                w.term("now", w.METHOD, "settlement") | w.term("then", w.METHOD, "measured"),
            )
