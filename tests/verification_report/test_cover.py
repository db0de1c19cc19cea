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


def test_the_comparison_states_each_fluctuation_in_percent(task) -> None:
    """The verified year against another result (here the plant's initial figures stand in for
    the previous year's): each change in % of the earlier figure, two places, half up."""
    from decimal import ROUND_HALF_UP, Decimal

    from tanhe.verification.report.cover import comparison_rows

    current, earlier = sv.confirmed_result(task), sv.initial_result(task)
    rows = comparison_rows(current, earlier)
    plant = rows[0]
    assert (plant.scope, plant.previous, plant.current) == (
        "所有机组",
        earlier.total_emissions_tco2,
        current.total_emissions_tco2,
    )
    expected = (
        (current.total_emissions_tco2 - earlier.total_emissions_tco2)
        * 100
        / earlier.total_emissions_tco2
    ).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert plant.change_pct == expected and plant.change_pct > 0  # the conservative adjustment
    heat = next(r for r in rows if r.measure == "GJ")
    assert heat.previous == 0 and heat.change_pct is None  # no percentage of nothing
    assert len(rows) == 3 * (1 + len(current.units))
