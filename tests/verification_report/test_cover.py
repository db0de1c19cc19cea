"""build_cover: the 扉页's figures are the confirmed result's."""

from __future__ import annotations

from tanhe.verification import selectors_values as sv
from tanhe.verification.report.cover import build_cover


def test_cover_of_the_confirmed_task(task) -> None:
    cover = build_cover(task)
    result = sv.confirmed_result(task)
    assert cover.enterprise == task.enterprise.name
    assert cover.credit_code == task.enterprise.credit_code
    assert cover.year == 2025
    assert cover.total is not None
    assert cover.total.total == result.total_emissions_tco2
    assert [r.total for r in cover.emissions[:-1]] == [u.total_emissions_tco2 for u in result.units]
    plant_total = cover.comparison[0]
    assert plant_total.current == result.total_emissions_tco2
