"""The rule modules; importing this package registers every rule (registry._load)."""

from tanhe.checks.rules import (  # noqa: F401 — imported for their registrations
    calibration,
    consistency,
    cross_checks,
    evidence,
    priority,
    ranges,
    recalculation,
    year_over_year,
)
