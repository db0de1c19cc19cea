"""The rule registry: every check the platform runs, each with its id, the guide clause it
implements, its severity, the reporting years it applies to, a Chinese and an English message
and a small pure function. A finding names a registered rule; a rule is found by its id or its
clause (``tanhe check --rules`` lists them all).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tanhe.checks.findings import Finding, NcCategory, Severity

if TYPE_CHECKING:
    from tanhe.checks.subject import Subject

Check = Callable[["Subject"], Iterable[Finding]]


class Kind:
    """The families of rules (issue #10 §1), in the order a verifier reads them."""

    RECALCULATION = "recalculation"
    RANGE = "range"
    CONSISTENCY = "consistency"
    PRIORITY = "priority"
    CROSS_CHECK = "cross_check"
    YEAR_OVER_YEAR = "year_over_year"
    EVIDENCE = "evidence"
    CALIBRATION = "calibration"
    ORDER = (
        RECALCULATION,
        RANGE,
        CONSISTENCY,
        PRIORITY,
        CROSS_CHECK,
        YEAR_OVER_YEAR,
        EVIDENCE,
        CALIBRATION,
    )


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    severity: Severity
    clause: str  # the guide's table and row, in Chinese
    clause_en: str
    message_zh: str  # str.format template over the finding's params, observed and expected
    message_en: str
    check: Check
    category: NcCategory | None = None  # the non-conformity it suggests (4.4.4)
    since: int = 2019  # first reporting year it applies to
    until: int | None = None  # last one (None: still in force)
    # the guide makes it mandatory: the platform refuses to submit a report with such a finding
    # (the others are shown, never blocking)
    blocks: bool = False

    def applies_to(self, year: int) -> bool:
        return self.since <= year and (self.until is None or year <= self.until)


RULES: dict[str, Rule] = {}
# 核查技术指南 发电设施 (seed 002): its 附录2 template is the 2023 report's; its rules apply to data
# from 2023 on. Rules that only re-derive or compare figures apply to every year of the guide.
VERIFICATION_GUIDE_FROM = 2023


def rule(
    id: str,
    *,
    kind: str,
    severity: Severity,
    clause: tuple[str, str],
    message: tuple[str, str],
    category: NcCategory | None = None,
    since: int = VERIFICATION_GUIDE_FROM,
    until: int | None = None,
    blocks: bool = False,
) -> Callable[[Check], Check]:
    """Register the decorated function as rule ``id``."""

    def register(check: Check) -> Check:
        if id in RULES:
            raise ValueError(f"rule {id} registered twice")
        RULES[id] = Rule(
            id,
            kind,
            severity,
            clause[0],
            clause[1],
            message[0],
            message[1],
            check,
            category,
            since,
            until,
            blocks,
        )
        return check

    return register


def get(rule_id: str) -> Rule:
    """The registered rule; a finding naming no registered rule is a programming error."""
    _load()
    return RULES[rule_id]


def all_rules() -> list[Rule]:
    _load()
    return sorted(RULES.values(), key=lambda r: (Kind.ORDER.index(r.kind), r.id))


def applicable(year: int) -> list[Rule]:
    return [r for r in all_rules() if r.applies_to(year)]


def _load() -> None:
    import tanhe.checks.rules  # noqa: F401 — registers every rule module once


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "–"


def message(finding: Finding, lang: str = "zh") -> str:
    """The finding in the reader's language (``zh`` or ``en``)."""
    r = get(finding.rule)
    template = r.message_en if lang == "en" else r.message_zh
    values = _Params(finding.params)
    values["observed"] = finding.observed or "–"
    values["expected"] = finding.expected or "–"
    return template.format_map(values)


def clause(finding: Finding, lang: str = "zh") -> str:
    r = get(finding.rule)
    return r.clause_en if lang == "en" else r.clause
