"""Did the checks find what was planted, and only that? (pure)"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# (credit code, unit, fuel, month, rule)
Place = tuple[str, str | None, str | None, int | None, str]


@dataclass(frozen=True)
class Recall:
    expected: int
    missed: list[Place]  # planted, not found
    unexpected_errors: list[Place]  # error-severity findings nobody planted
    unexpected_other: Counter[str]  # warnings / info nobody planted, by rule

    @property
    def ok(self) -> bool:
        return not self.missed and not self.unexpected_errors


def place(row: Mapping[str, object]) -> Place:
    month = row.get("month")
    return (str(row["credit_code"]), row.get("unit"), row.get("fuel"),  # type: ignore[return-value]
            int(month) if month is not None else None, str(row["rule"]))  # type: ignore[call-overload]  # fmt: skip


def recall(
    manifest: Iterable[Mapping[str, object]], findings: Iterable[tuple[Place, str]]
) -> Recall:
    """``findings``: (place, severity) of every finding of the province."""
    planted = {place(r) for r in manifest}
    found: set[Place] = set()
    errors, other = [], Counter[str]()
    for where, severity in findings:
        found.add(where)
        if where in planted:
            continue
        if severity == "error":
            errors.append(where)
        else:
            other[where[4]] += 1
    return Recall(len(planted), sorted(planted - found, key=str), sorted(errors, key=str), other)
