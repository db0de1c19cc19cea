"""Run the registered rules on a plant-year: findings as data and their materiality."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tanhe.accounting.engine import calculate
from tanhe.accounting.interchange import plant_year_from_data
from tanhe.checks import registry
from tanhe.checks.findings import Finding, Materiality, Severity
from tanhe.checks.reading import check_data_from
from tanhe.checks.subject import Subject, text

_PCT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class CheckRun:
    year: int
    findings: tuple[Finding, ...]
    materiality: Materiality
    rules: tuple[str, ...]  # the ids of the rules that ran (those in force for the year)

    def counts(self) -> dict[Severity, int]:
        out = dict.fromkeys(Severity, 0)
        for f in self.findings:
            out[registry.get(f.rule).severity] += 1
        return out


def run(subject: Subject, only: Sequence[str] | None = None) -> CheckRun:
    """Every rule in force for the subject's year (or the ``only`` ones), in the registry's
    order; findings sorted by severity, rule and place."""
    rules = [r for r in registry.applicable(subject.year) if only is None or r.id in only]
    findings: list[Finding] = []
    for r in rules:
        for f in r.check(subject):
            if f.rule not in registry.RULES:
                raise ValueError(f"finding names no registered rule: {f.rule}")
            findings.append(f)
    findings.sort(key=lambda f: (registry.get(f.rule).severity.rank, f.rule, f.place))
    total = subject.result.total_emissions_tco2
    return CheckRun(
        subject.year, tuple(findings), materiality(findings, total), tuple(r.id for r in rules)
    )


def materiality(findings: Iterable[Finding], total: Decimal) -> Materiality:
    effects = [f.effect_tco2 for f in findings if f.effect_tco2 is not None]
    net = sum(effects, Decimal(0))
    gross = sum((abs(e) for e in effects), Decimal(0))

    def pct(value: Decimal) -> Decimal | None:
        return None if not total else (value * 100 / total).quantize(_PCT, ROUND_HALF_UP)

    return Materiality(total, net, gross, pct(net), pct(gross), len(effects))


def subject_from_documents(
    document: Any, previous: Any | None = None, overrides: tuple[tuple[str, str], ...] = ()
) -> Subject:
    """A subject from decoded ``tanhe.plant-year/1`` documents (this year's and, optionally,
    last year's). :class:`~tanhe.accounting.errors.InputErrors` when either is refused."""
    plant = plant_year_from_data(document)
    data = check_data_from(document)
    prev_plant = prev_result = prev_data = None
    if previous is not None:
        prev_plant = plant_year_from_data(previous)
        prev_result = calculate(prev_plant)
        prev_data = check_data_from(previous)
    return Subject(plant, calculate(plant), data, prev_result, prev_plant, prev_data, overrides)


def finding_dict(finding: Finding, lang: str = "zh") -> dict[str, Any]:
    """The JSON form of a finding (``tanhe check --json``; the platform's exports)."""
    r = registry.get(finding.rule)
    return {
        "rule": finding.rule,
        "severity": r.severity.value,
        "unit": finding.unit,
        "fuel": finding.fuel,
        "month": finding.month,
        "field": finding.field,
        "observed": finding.observed,
        "expected": finding.expected,
        "clause": r.clause_en if lang == "en" else r.clause,
        "message": registry.message(finding, lang),
        "category": r.category.value if r.category else None,
        "effect_tco2": text(finding.effect_tco2),
        "evidence": list(finding.evidence),
        "params": dict(finding.params),
    }


def materiality_dict(m: Materiality) -> dict[str, Any]:
    return {
        "total_tco2": text(m.total_tco2),
        "net_tco2": text(m.net_tco2),
        "gross_tco2": text(m.gross_tco2),
        "net_pct": text(m.net_pct),
        "gross_pct": text(m.gross_pct),
        "findings_with_effect": m.counted,
    }
