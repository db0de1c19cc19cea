"""Sampling (核查技术指南 发电设施 4.4.2 抽样方案)."""

from decimal import Decimal
from itertools import pairwise

import pytest

from tanhe.checks.sampling import LEVELS, Record, draw, level_after, permutation, size


def days(n: int = 31, month: int | None = None) -> list[Record]:
    return [Record(f"d{i:03}", month) for i in range(1, n + 1)]


def year() -> list[Record]:
    """A year of daily records, each month its own stratum."""
    lengths = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    return [Record(f"{m:02}-{d:02}", m) for m, n in enumerate(lengths, 1) for d in range(1, n + 1)]


def test_thirty_percent_of_31_is_10() -> None:
    assert size(30, 31) == 10
    assert len(draw(days(), 30, seed=7)) == 10


def test_size_rounds_up() -> None:
    assert [size(p, 10) for p in LEVELS] == [3, 5, 8, 10]
    assert size(30, 1) == 1
    assert size(30, 0) == 0


def test_same_seed_same_sample_other_seed_other_sample() -> None:
    assert draw(days(), 30, seed=7) == draw(days(), 30, seed=7)
    assert draw(days(), 30, seed=7) != draw(days(), 30, seed=8)


def test_population_order_does_not_matter() -> None:
    assert draw(days(), 30, seed=7) == draw(list(reversed(days())), 30, seed=7)


@pytest.mark.parametrize("principle", ["random", "stratified", "risk"])
def test_escalation_keeps_the_earlier_sample(principle: str) -> None:
    population = [Record(r.key, r.month, Decimal(int(r.key[-2:]) % 5)) for r in year()]
    samples = [set(draw(population, p, seed=3, principle=principle)) for p in LEVELS]
    for smaller, larger in pairwise(samples):
        assert smaller < larger
    assert samples[-1] == {r.key for r in population}


def test_stratified_covers_every_month() -> None:
    sample = draw(year(), 30, seed=11, principle="stratified")
    months = [k[:2] for k in sample]
    for m in range(1, 13):
        n = sum(1 for r in year() if r.month == m)
        assert months.count(f"{m:02}") == size(30, n)  # 31 days → 10, 30 → 9, 28 → 9


def test_stratified_records_without_a_month_are_a_stratum() -> None:
    population = [*days(10, month=1), Record("x1"), Record("x2")]
    sample = draw(population, 30, seed=1, principle="stratified")
    assert len([k for k in sample if k.startswith("d")]) == 3
    assert len([k for k in sample if k.startswith("x")]) == 1


def test_risk_picks_the_riskiest_first() -> None:
    population = [Record(f"r{i:02}", 1, Decimal(i)) for i in range(20)]
    assert draw(population, 30, seed=5, principle="risk") == [
        "r19",
        "r18",
        "r17",
        "r16",
        "r15",
        "r14",
    ]


def test_risk_ties_follow_the_seeded_order_and_unscored_come_last() -> None:
    population = [Record("a", risk=Decimal(1)), Record("b", risk=Decimal(1)), Record("c")]
    order = permutation(population, 9)
    tied = [k for k in order if k != "c"]
    assert draw(population, 99, seed=9, principle="risk") == [*tied, "c"]
    assert draw(population, 50, seed=9, principle="risk") == tied


def test_controlled_facility_is_checked_in_full() -> None:
    assert sorted(draw(days(), 30, seed=1, controlled=True)) == [r.key for r in days()]
    assert level_after(0, controlled=True) == 100


def test_levels_after_nonconformities() -> None:
    assert [level_after(n) for n in range(6)] == [30, 50, 80, 100, 100, 100]
    with pytest.raises(ValueError):
        level_after(-1)


@pytest.mark.parametrize("percent", [0, 20, 29, 101])
def test_percent_outside_the_guide_is_refused(percent: int) -> None:
    with pytest.raises(ValueError):
        draw(days(), percent, seed=1)


def test_bad_principle_and_duplicate_keys_are_refused() -> None:
    with pytest.raises(ValueError):
        draw(days(), 30, seed=1, principle="judgement")
    with pytest.raises(ValueError):
        draw([Record("a"), Record("a")], 30, seed=1)
