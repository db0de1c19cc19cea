"""The data fingerprint: SHA-256 of a document's canonical JSON (keys sorted, UTF-8, no ASCII
escapes). One function for every fingerprint the platform prints or compares — a plan version's
submission, a month's 存证 seal, a report's submission snapshot and PDF, 自动计算's list of
changes — so that the same content always has the same fingerprint."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(content: Any) -> str:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)


def fingerprint(content: Any) -> str:
    """SHA-256 (hex) of ``content``'s canonical JSON."""
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()
