"""Automated verification checks (验) — pure Python, no Django.

A registry of rules (:mod:`tanhe.checks.registry`), each implementing a clause of the
verification guide (核查技术指南 发电设施, seed 002) on a plant-year and the engine's result;
findings as data (:mod:`tanhe.checks.findings`). The enterprise's warnings, the verifier's
document review, the authority's province-wide screening and ``tanhe check`` are one list from
this one registry.
"""

from tanhe.checks import registry
from tanhe.checks.findings import Finding, Materiality, NcCategory, Severity
from tanhe.checks.registry import Rule, all_rules, message
from tanhe.checks.run import CheckRun, finding_dict, run, subject_from_documents
from tanhe.checks.subject import Subject

__all__ = [
    "CheckRun",
    "Finding",
    "Materiality",
    "NcCategory",
    "Rule",
    "Severity",
    "Subject",
    "all_rules",
    "finding_dict",
    "message",
    "registry",
    "run",
    "subject_from_documents",
]
