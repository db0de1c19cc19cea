"""When a laboratory test report counts (核查技术指南 发电设施 表8 4. 针对化验的核查): issued within
the deadline after sampling (40 natural days), not before it, by a CMA- or CNAS-marked lab."""

from __future__ import annotations

from tanhe.checks.data import TestReport

ACCREDITED = frozenset({"cma", "cnas", "both"})
CARBON_PARAMETERS = frozenset({"unit_heat_carbon", "carbon_content"})


def days_after_sampling(t: TestReport) -> int | None:
    if t.sampled_on is None or t.reported_on is None:
        return None
    return (t.reported_on - t.sampled_on).days


def valid(t: TestReport, max_days: int) -> bool:
    days = days_after_sampling(t)
    in_time = days is None or 0 <= days <= max_days
    return in_time and t.accreditation != "none"
