"""Which places of a report may be typed, and why not — the one rule every entry path asks: the
services, the number tables' page, the monthly 存证 pages, the Excel template and import, and
the JSON import. Pure (no Django): :func:`tanhe.reports.selectors.place_rules` builds the rules
of a report from the database.

A *place* is one value of the national form: a unit (or the plant), a table, a fuel, a row and a
month. A place is **locked** (:class:`Lock`) when its value comes from somewhere else:

- the version is frozen (submitted or accepted: 已提交 / 已通过);
- the month is sealed (月度存证; an amendment reopens it);
- a fuel month built from daily 入炉 / batch 入厂 records (its consumption, NCV, carbon content
  and state are their weighted totals);
- a month's 供热量 computed from its steam / hot-water measurements (供热计量);
- a 合并填报 row's running hours, weighted from its members' (the members' are typed);
- a unit's purchased electricity, when the plant's purchase is split over the units
  (购入使用电量表 说明1: the plant row is typed);
- a unit's consumption of an auxiliary fuel the plant gives for itself, allocated over the units
  by their generation (seed 000 机组信息 说明 c: the plant row of that fuel is typed);
- a computed row (自动计算) before 自动计算 has run once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tanhe.accounting.report_form import ROW_BY_KEY, STATE_KEY, Entry, Table

# The fuel rows a month of daily records fills (the state too: the records carry it).
DAILY_KEYS = frozenset({"consumption", "ncv", "carbon_content", STATE_KEY})


class Lock(StrEnum):
    """Why a place cannot be typed (the problem code its refusal carries)."""

    FROZEN = "frozen"
    SEALED = "sealed"
    DAILY = "daily"
    HEAT = "heat"
    MERGED_HOURS = "merged_hours"
    SPLIT = "split"
    ALLOCATED = "allocated"
    NOT_YET_COMPUTED = "not_yet_computed"


# The locks that say the value is derived from other records (typing it again is refused even
# where the month is open).
DERIVED = frozenset({Lock.DAILY, Lock.HEAT, Lock.MERGED_HOURS, Lock.SPLIT, Lock.ALLOCATED})


@dataclass(frozen=True, slots=True)
class Place:
    """One value of the form: unit id (``None``: the plant), table, fuel ("" outside the fuel
    table), row key and month."""

    unit: int | None
    table: str
    fuel: str
    key: str
    month: int

    @property
    def name(self) -> str:
        """The place's name in forms and pages: ``<unit|plant>.<table>.<fuel|->.<key>.<month>``."""
        unit = "plant" if self.unit is None else str(self.unit)
        return f"{unit}.{self.table}.{self.fuel or '-'}.{self.key}.{self.month}"

    def row(self) -> str:
        """The place without its month: a row of the monthly page, ``<unit|plant>.<table>.…``."""
        return self.name.rsplit(".", 1)[0]


@dataclass(frozen=True, slots=True)
class PlaceRules:
    """What decides, for one report, whether a place may be typed."""

    frozen: bool = False
    sealed: frozenset[int] = frozenset()
    daily: frozenset[tuple[int, str, int]] = frozenset()  # unit, fuel, month
    heat: frozenset[tuple[int, int]] = frozenset()  # unit, month
    merged: frozenset[int] = frozenset()  # 合并填报 rows
    split: bool = False  # purchased electricity split over the units
    allocated: frozenset[str] = frozenset()  # auxiliary fuels allocated by generation
    computed_once: bool = False  # 自动计算 has run

    def derived(self, place: Place) -> Lock | None:
        """Where the value comes from other records (whatever the month's or version's state)."""
        table, unit = place.table, place.unit
        allocated = place.fuel in self.allocated and place.key == "consumption"
        if table == Table.FUEL and allocated and unit is not None:
            return Lock.ALLOCATED
        if table == Table.FUEL and place.key in DAILY_KEYS and unit is not None:
            if (unit, place.fuel, place.month) in self.daily:
                return Lock.DAILY
        elif table == Table.PRODUCTION and place.key == "heat_gj":
            if unit is not None and (unit, place.month) in self.heat:
                return Lock.HEAT
        elif table == Table.PRODUCTION and place.key == "running_hours":
            if unit in self.merged:
                return Lock.MERGED_HOURS
        elif table == Table.ELECTRICITY and place.key == "mwh" and unit is not None and self.split:
            return Lock.SPLIT
        return None

    def at_plant(self, place: Place) -> bool:
        """Whether a plant-level place (``unit`` ``None``) exists: the purchased electricity
        (split over the units), and the consumption of an auxiliary fuel allocated by
        generation (seed 000 机组信息 说明 c)."""
        if place.table == Table.ELECTRICITY:
            return place.key == "mwh" and not place.fuel
        return (
            place.table == Table.FUEL
            and place.key == "consumption"
            and place.fuel in self.allocated
        )

    def lock(self, place: Place) -> Lock | None:
        """Why ``place`` cannot be typed now, or ``None`` when it can."""
        if self.frozen:
            return Lock.FROZEN
        if place.month in self.sealed:
            return Lock.SEALED
        if derived := self.derived(place):
            return derived
        row = ROW_BY_KEY.get((Table(place.table), place.key)) if place.table in TABLES else None
        if row is not None and row.entry == Entry.COMPUTED and not self.computed_once:
            return Lock.NOT_YET_COMPUTED
        return None


TABLES = frozenset(t.value for t in Table)
