"""Sampling the records behind an activity datum or factor (核查技术指南 发电设施 4.4.2 抽样方案).

"抽样的数量至少为活动数据或排放因子核算涉及的过程数据的30%，如发现不符合项，可扩大样本至50%、
80%，直至100%。配额管控设施需要100%核查，不允许抽样。" Each non-conformity found in the population
takes the sample one step up :data:`LEVELS`; a facility under allowance control (配额管控设施) is
checked in full. A level of ``p`` % of ``n`` records is ``ceil(p × n / 100)`` records (at least
30 %, never less).

Principles (样本选择的原则, which the report describes):

- ``random``: the first records of one seeded permutation;
- ``stratified``: by month — each month's stratum (records without a month form one more) gives
  ``ceil(p × stratum size / 100)`` records, the first of that stratum in the permutation;
- ``risk``: records ranked by ``risk``, highest first (records without a score last), ties in
  permutation order; the first of that ranking.

Reproducibility: the permutation is ``random.Random(seed).shuffle`` over the population's keys
sorted (CPython's Mersenne Twister, stable for an integer seed); recording the seed, the principle
and the level in the verification file redraws the same sample. Every principle takes a prefix of
one fixed order per stratum, so a larger level keeps the smaller one's sample (50 % ⊇ 30 %).

The levels are the guide's fixed ladder, not a dated threshold, so they stay a constant here
rather than in ``parameters.toml``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

LEVELS = (30, 50, 80, 100)  # 4.4.2: at least 30 %, then 50 %, 80 %, 100 %
PRINCIPLES = ("random", "stratified", "risk")


@dataclass(frozen=True, slots=True)
class Record:
    """One underlying record (过程数据) of a datum: a day's coal weighing, a batch's test…"""

    key: str  # stable across draws (the record's id)
    month: int | None = None
    risk: Decimal | None = None  # higher: more likely wrong


def level_after(nonconformities: int, controlled: bool = False) -> int:
    """The sample level (%) after ``nonconformities`` found in the population: 30, 50, 80, 100;
    100 for a facility under allowance control."""
    if nonconformities < 0:
        raise ValueError("nonconformities must be ≥ 0")
    if controlled:
        return 100
    return LEVELS[min(nonconformities, len(LEVELS) - 1)]


def size(percent: int, n: int) -> int:
    """``ceil(percent × n / 100)``, exactly (integers)."""
    return -(-percent * n // 100)


def permutation(population: Sequence[Record], seed: int) -> list[str]:
    """The seeded order of the population's keys: sorted, then shuffled by ``Random(seed)``."""
    keys = sorted(r.key for r in population)
    random.Random(seed).shuffle(keys)
    return keys


def draw(
    population: Sequence[Record],
    percent: int,
    seed: int,
    principle: str = "random",
    controlled: bool = False,
) -> list[str]:
    """The keys of the sample: ``percent`` (30–100) of ``population`` by ``principle``, from
    ``seed``; every key for a controlled facility or at 100 %. Keys come in draw order (the
    permutation, or the risk ranking)."""
    if principle not in PRINCIPLES:
        raise ValueError(f"principle {principle!r}: one of {', '.join(PRINCIPLES)}")
    if not LEVELS[0] <= percent <= LEVELS[-1]:
        raise ValueError(f"{percent} %: the guide samples at least {LEVELS[0]} % (4.4.2)")
    keys = [r.key for r in population]
    if len(set(keys)) != len(keys):
        raise ValueError("record keys must be unique")
    order = permutation(population, seed)
    if controlled or percent == 100:
        return order
    if principle == "random":
        return order[: size(percent, len(order))]
    if principle == "stratified":
        return _stratified(population, order, percent)
    return _risk_ranked(population, order)[: size(percent, len(order))]


def _stratified(population: Sequence[Record], order: list[str], percent: int) -> list[str]:
    month = {r.key: r.month for r in population}
    strata: dict[int | None, list[str]] = {}
    for k in order:
        strata.setdefault(month[k], []).append(k)
    chosen = {k for keys in strata.values() for k in keys[: size(percent, len(keys))]}
    return [k for k in order if k in chosen]


def _risk_ranked(population: Sequence[Record], order: list[str]) -> list[str]:
    risk = {r.key: r.risk for r in population}
    position = {k: i for i, k in enumerate(order)}

    def rank(k: str) -> tuple[bool, Decimal, int]:
        score = risk[k]
        return (score is None, -(score or Decimal(0)), position[k])

    return sorted(order, key=rank)
