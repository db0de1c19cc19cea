"""The calculation core (核算引擎): one plant-year in, every reported value with its working out.

The engine follows the national form: each fuel is computed month by month from the **rounded**
reported values, the year is the sum of the rounded months, and every parameter it reads is
recorded with its issuing document. Pure Python; no Django, no floats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from functools import cache
from types import MappingProxyType

from tanhe import __version__
from tanhe.accounting import calibration as cal
from tanhe.accounting import formulas as fm
from tanhe.accounting import sources
from tanhe.accounting.classification import MergedUnit, classify_unit, merge_units
from tanhe.accounting.errors import InputErrors, Issue
from tanhe.accounting.fuels import Fuel, fuel_catalogue
from tanhe.accounting.model import (
    ElectricityMonth,
    FuelInput,
    FuelMonth,
    PlantYear,
    ProductionMonth,
    SteamFlow,
    UnitInput,
    UnitType,
    weighted_capacity,
    weighting_groups,
)
from tanhe.accounting.params import (
    STATUS_ZH,
    NoValueError,
    ParameterError,
    ParameterSet,
    ParameterUse,
    default_parameters,
)
from tanhe.accounting.quantities import Mode
from tanhe.accounting.results import (
    BiomassMonthResult,
    BiomassResult,
    ElectricityMonthResult,
    ElectricityResult,
    FuelAnnualResult,
    FuelMonthResult,
    FuelResult,
    PlantYearResult,
    ProductionMonthResult,
    ProductionResult,
    ProductionValues,
    UnitResult,
)
from tanhe.accounting.rounding import Field, RoundingTable
from tanhe.accounting.trace import Step

ZERO = Decimal(0)
HUNDRED = Decimal(100)
TEN_THOUSAND = Decimal(10000)
KILO = Decimal(1000)
_COAL_RATE_KEYS = ("power_coal_rate", "heat_coal_rate")
_GAS_RATE_KEYS = ("power_gas_rate", "heat_gas_rate")
# Intermediate precision: far above any reported decimal, so rounding sees the exact tie.
_ENGINE_CONTEXT = Context(prec=50, rounding=ROUND_HALF_UP)
M, D, C = Mode.MEASURED, Mode.DEFAULT, Mode.CALCULATED


class _Abort(Exception):
    """One input problem that stops the current row; collected, then reported together."""

    def __init__(self, issue: Issue) -> None:
        self.issue = issue


class _Recorded(Exception):
    """A part failed and its issues are already recorded."""


def calculate(plant: PlantYear, params: ParameterSet | None = None) -> PlantYearResult:
    """Calculate one plant-year. Raises :class:`InputErrors` listing every problem found."""
    with localcontext(_ENGINE_CONTEXT):
        try:
            calculation = _Calculation(plant, params or default_parameters())
        except NoValueError as exc:  # no rounding table for the year: nothing can be computed
            raise InputErrors([_no_value_issue(exc, None)]) from None
        return calculation.run()


def _no_value_issue(exc: NoValueError, unit: str | None) -> Issue:
    what = f"{exc.label_zh}[{exc.key}]" if exc.key else exc.label_zh
    return Issue(
        "no_parameter",
        unit,
        None,
        None if unit is None else exc.data_date.month,
        None,
        {"what": what, "name": exc.name, "year": exc.data_date.year},
    )


class _Calculation:
    def __init__(self, plant: PlantYear, params: ParameterSet) -> None:
        self.plant = plant
        self.params = params
        self.issues: list[Issue] = []
        self.uses: dict[tuple[object, ...], ParameterUse] = {}
        self._cache: dict[tuple[str, str | None, int], object] = {}
        self._sources: dict[tuple[str, str | None, int], str] = {}
        self._at: tuple[str | None, str | None, int | None] = (None, None, None)
        rounding = self.parameter("rounding", 1)
        assert isinstance(rounding, dict)  # the rounding table is a mapping of field -> places
        self.rounding = RoundingTable(rounding)
        self.rnd = self.rounding.by_name()
        self._no_heat_ratio = self.rnd.heat_ratio(ZERO)  # 供热比 of a month without heat supply
        self.rounder = self.rounding.rounders()
        # (unit, fuel, month) → the step of an auxiliary fuel allocated by generation
        self._allocated: dict[tuple[str, str, int], Step] = {}

    # -- parameters ---------------------------------------------------------------------------
    def parameter(self, name: str, month: int, key: str | None = None) -> object:
        """The value in force for the data month, recorded as used by this calculation."""
        ck = (name, key, month)
        if ck in self._cache:
            return self._cache[ck]
        use = self.params[name].use_at(
            date(self.plant.year, month, 1), key=key, known_on=self.plant.known_on
        )
        self.uses[(name, key, use.effective_from, use.published)] = use
        self._sources[ck] = f"{use.label_zh}：{use.document}（{STATUS_ZH[use.status]}）"
        self._cache[ck] = use.value
        return use.value

    def source(self, name: str, month: int, key: str | None = None) -> str:
        """Where a parameter value came from, for the trace: label, document and status."""
        self.parameter(name, month, key)
        return self._sources[(name, key, month)]

    def fail(self, code: str, field: str | None = None, **params: object) -> _Abort:
        """The located issue for the row being computed (``self._at``): ``raise self.fail(…)``."""
        unit, fuel, month = self._at
        return _Abort(Issue(code, unit, fuel, month, field, dict(params)))

    @staticmethod
    def _conflict(rule: sources.Alternatives, present: frozenset[str]) -> tuple[str, ...]:
        """The ways a month gives one value in, when more than one (:mod:`.sources`)."""
        given = rule.given(present)
        return given if len(given) > 1 else ()

    def zero(self, field: Field) -> Decimal:
        """0 at the field's reported decimals, so empty sums print as the form does (0.00)."""
        return self.rounder[field](ZERO)

    def decimal_parameter(self, name: str, month: int, key: str | None = None) -> Decimal:
        value = self._cache.get((name, key, month))  # hot path: already looked up
        if value is None:
            value = self.parameter(name, month, key)
        return value  # type: ignore[return-value]  # decimal parameters hold Decimals (params.py)

    # -- plant ----------------------------------------------------------------------------------
    def run(self) -> PlantYearResult:
        plant = self.plant
        shares = self._plant_electricity_shares()
        units: list[UnitResult] = []
        for index, unit in enumerate(self._with_auxiliary_fuels()):
            try:
                units.append(self._unit(unit, shares[index] if shares else None))
            except _Abort as abort:
                self.issues.append(abort.issue)
            except _Recorded:
                pass
            except NoValueError as exc:
                self.issues.append(_no_value_issue(exc, unit.code))
        if self.issues:
            raise InputErrors(self.issues)
        combustion = sum((u.combustion_emissions_tco2 for u in units), self.zero(Field.EMISSIONS))
        electricity = sum((u.electricity_emissions_tco2 for u in units), self.zero(Field.EMISSIONS))
        return PlantYearResult(
            year=plant.year,
            enterprise_name=plant.enterprise_name,
            credit_code=plant.credit_code,
            units=tuple(units),
            combustion_emissions_tco2=combustion,
            electricity_emissions_tco2=electricity,
            total_emissions_tco2=combustion + electricity,
            capacity_mw=sum((u.capacity_mw for u in units), ZERO),
            parameters=tuple(self.uses.values()),
            engine_version=__version__,
        )

    def _plant_electricity_shares(self) -> list[list[ElectricityMonth]] | None:
        """Split the plant's purchase equally over its units (报送系统 购入使用电量表 说明1)."""
        rows = self.plant.plant_purchased_electricity
        if not rows:
            return None
        n = len(self.plant.units)
        places = self.rounding.places(Field.PURCHASED_ELECTRICITY)
        shares: list[list[ElectricityMonth]] = [[] for _ in range(n)]
        for row in rows:
            total = self.rnd.purchased_electricity(row.mwh)
            for i, part in enumerate(fm.split_equally(total, n, places)):
                shares[i].append(ElectricityMonth(row.month, part))
        return shares

    def _with_auxiliary_fuels(self) -> list[UnitInput]:
        """The units with each plant-level auxiliary fuel month allocated over the units that
        list the fuel, in proportion to their generation (seed 000 机组信息 说明 c)); a unit's
        month of that fuel keeps its own NCV, carbon and state and must not give a consumption."""
        units = list(self.plant.units)
        places = self.rounding.places(Field.CONSUMPTION)
        for aux in self.plant.plant_auxiliary_fuels:
            burning = [i for i, u in enumerate(units) if any(f.fuel == aux.fuel for f in u.fuels)]
            for m in aux.months:
                self._at = (None, aux.fuel, m.month)
                weights = [self._generation(units[i], m.month) for i in burning]
                if m.consumption is None or not burning or not sum(weights, ZERO):
                    self.issues.append(self.fail("aux_no_generation", "consumption").issue)
                    continue
                total = self.rnd.consumption(m.consumption)
                whole = sum(weights, ZERO)
                for i, share, weight in zip(
                    burning, fm.split_by_weights(total, weights, places), weights, strict=True
                ):
                    units[i] = self._give(units[i], aux.fuel, m.month, share)
                    step = Step("aux_allocated", share, (total, weight, whole), None, places,
                                C, None)  # fmt: skip
                    self._allocated[(units[i].code, aux.fuel, m.month)] = step
        return units

    @staticmethod
    def _generation(unit: UnitInput, month: int) -> Decimal:
        return next((p.generation_mwh or ZERO for p in unit.production if p.month == month), ZERO)

    def _give(self, unit: UnitInput, fuel: str, month: int, share: Decimal) -> UnitInput:
        """``unit`` with its month of ``fuel`` taking the allocated consumption."""
        fuels = []
        for f in unit.fuels:
            if f.fuel == fuel:
                own = next((x for x in f.months if x.month == month), None)
                if own is not None and own.consumption is not None:
                    self._at = (unit.code, fuel, month)
                    self.issues.append(self.fail("aux_and_unit", "consumption").issue)
                    return unit
                given = replace(own, consumption=share) if own else FuelMonth(month, share)
                months = sorted((*(x for x in f.months if x.month != month), given),
                                key=lambda x: x.month)  # fmt: skip
                f = FuelInput(f.fuel, tuple(months))
            fuels.append(f)
        return replace(unit, fuels=tuple(fuels))

    # -- unit -----------------------------------------------------------------------------------
    def _unit(self, unit: UnitInput, plant_share: list[ElectricityMonth] | None) -> UnitResult:
        unit_type, subtype, capacity = unit.type, unit.subtype, unit.capacity_mw
        gas_class = unit.gas_class if unit.type is UnitType.GAS else None
        if unit.members:  # a merged row has no class: "若为燃气机组, 机组类型细分显示: /"
            gas_class = None
            merged = merge_units(unit.members)
            self._check_merged(unit, merged)
            unit_type, subtype, capacity = merged.type, merged.subtype, merged.capacity_mw
        catalogue = fuel_catalogue()
        fuels: list[FuelResult] = []
        biomass: list[BiomassResult] = []
        for fuel_input in unit.fuels:
            if catalogue[fuel_input.fuel].is_biomass:
                biomass.append(self._biomass(unit.code, fuel_input))
            else:
                fuels.append(self._fuel(unit.code, fuel_input))
        electricity = self._electricity(unit, plant_share)
        production = self._production(unit, unit_type, capacity, fuels, electricity, biomass)
        combustion = sum((f.annual.emissions_tco2 for f in fuels), self.zero(Field.EMISSIONS))
        total = combustion + electricity.emissions_tco2
        step = Step(
            "unit_total",
            total,
            (combustion, electricity.emissions_tco2),
            None,
            self.rounding.places(Field.EMISSIONS),
            C,
            None,
        )
        return UnitResult(
            code=unit.code,
            name=unit.name,
            type=unit_type,
            subtype=subtype,
            capacity_mw=capacity,
            category=classify_unit(unit_type, subtype, capacity),
            cooling=unit.cooling,
            member_codes=tuple(m.code for m in unit.members),
            fuels=tuple(fuels),
            electricity=electricity,
            production=production,
            combustion_emissions_tco2=combustion,
            electricity_emissions_tco2=electricity.emissions_tco2,
            total_emissions_tco2=total,
            steps=(step,),
            gas_class=gas_class,
            biomass=tuple(biomass),
            hours_capacity_mw=weighted_capacity(unit),
        )

    def _check_merged(self, unit: UnitInput, merged: MergedUnit) -> None:
        """A 合并填报 row's type, subtype and capacity are derived, not chosen (机组信息 说明)."""
        for what, given, derived in (
            ("机组类型", unit.type.label_zh, merged.type.label_zh),
            ("机组类型细分", unit.subtype.label_zh, merged.subtype.label_zh),
            ("装机容量（MW）", unit.capacity_mw, merged.capacity_mw),
        ):
            if given != derived:
                raise _Abort(
                    Issue("merged_mismatch", unit.code, None, None, "members",
                          {"what": what, "expected": derived, "value": given})
                )  # fmt: skip

    # -- fuels ----------------------------------------------------------------------------------
    def _biomass(self, unit_code: str, fuel_input: FuelInput) -> BiomassResult:
        """掺烧生物质 (核查技术指南 表2/表3/表13): each month's dry-basis consumption × NCV is its
        heat; it has no fossil emissions and is left out of the 化石燃料热量 of the rates."""
        fuel = fuel_catalogue()[fuel_input.fuel]
        rnd = self.rnd
        months: list[BiomassMonthResult] = []
        for m in fuel_input.months:
            self._at = (unit_code, fuel.key, m.month)
            given_ncv = m.ncv if m.ncv is not None or m.consumption != 0 else ZERO
            if given_ncv is None or m.consumption is None:  # none burnt: no NCV to give
                field = "ncv" if given_ncv is None else "consumption"
                self.issues.append(self.fail("biomass_ncv", field).issue)
                continue
            fc, ncv = rnd.consumption(m.consumption), rnd.ncv(given_ncv)
            raw = fm.fuel_heat(fc, ncv)
            heat = rnd.fuel_heat(raw)
            step = Step("biomass_heat", heat, (fc, ncv), raw, 3, C, None)
            months.append(BiomassMonthResult(m.month, fc, ncv, heat, (step,)))
        if len(months) < len(fuel_input.months):
            raise _Recorded
        return BiomassResult(
            fuel=fuel.key,
            name_zh=fuel.name_zh,
            months=tuple(months),
            consumption=sum((x.consumption for x in months), self.zero(Field.CONSUMPTION)),
            heat_gj=sum((x.heat_gj for x in months), self.zero(Field.FUEL_HEAT)),
        )

    def _fuel(self, unit_code: str, fuel_input: FuelInput) -> FuelResult:
        fuel = fuel_catalogue()[fuel_input.fuel]
        months: list[FuelMonthResult] = []
        failed = False
        for month in fuel_input.months:
            try:
                months.append(self._fuel_month(unit_code, fuel, month))
            except _Abort as abort:
                self.issues.append(abort.issue)
                failed = True
        if failed:
            raise _Recorded
        return FuelResult(
            fuel=fuel.key,
            name_zh=fuel.name_zh,
            unit=fuel.unit,
            carbon_unit=fuel.carbon_unit,
            months=tuple(months),
            annual=self._fuel_annual(fuel, months),
        )

    def _fuel_month(self, unit_code: str, fuel: Fuel, m: FuelMonth) -> FuelMonthResult:
        rnd = self.rnd

        self._at = (unit_code, fuel.key, m.month)

        steps: list[Step] = []
        state = m.state
        daily_ncv: Decimal | None = None
        daily_carbon: Decimal | None = None

        # Consumption: the month's figure, or the sum of days/batches (入炉优先、频次优先)
        if m.daily:
            states = {d.state for d in m.daily}
            if len(states) > 1:
                raise self.fail("state_mixed", "daily")
            daily_state = next(iter(states))
            if state is not None and state is not daily_state:
                raise self.fail(
                    "state_mismatch",
                    "daily",
                    expected=state.label_zh,
                    value=daily_state.label_zh,
                    expected_en=state.label_en,
                    value_en=daily_state.label_en,
                )
            state = daily_state
            raw, weighted_ncv, weighted_c = fm.daily_sums(m.daily)
            fc = rnd.consumption(raw)
            steps.append(Step("consumption_sum", fc, (len(m.daily),), raw, 2, M, None))
            if raw and weighted_ncv is not None:
                raw_ncv = weighted_ncv / raw
                daily_ncv = rnd.ncv(raw_ncv)
                steps.append(Step("ncv_weighted", daily_ncv, (raw,), raw_ncv, 3, M, None))
            if raw and weighted_c is not None:
                raw_c = weighted_c / raw
                daily_carbon = rnd.carbon_content(raw_c)
                steps.append(Step("carbon_weighted", daily_carbon, (raw,), raw_c, 2, M, None))
        else:
            if m.consumption is None:
                raise self.fail("required", "consumption")
            fc = self._reported(Field.CONSUMPTION, m.consumption, steps)
        fc_mode = M
        if (allocated := self._allocated.get((unit_code, fuel.key, m.month))) is not None:
            steps.append(allocated)
            fc_mode = C

        if m.calibration is not None:
            factor = cal.adjustment_factor(m.calibration)
            raw = fc * factor
            fc = rnd.consumption(raw)
            steps.append(
                Step(
                    "consumption_calibration",
                    fc,
                    (raw / factor, factor),
                    raw,
                    2,
                    C,
                    None,
                )
            )
            fc_mode = C

        if not fc and daily_ncv is None and m.ncv is None and m.ncv_ad is None:
            return self._zero_month(fuel, m, state, steps)

        ncv, ncv_mode = self._ncv(fuel, m, daily_ncv, steps)
        carbon, carbon_mode, cc, cc_mode = self._carbon(fuel, m, ncv, daily_carbon, steps)

        raw_heat = fm.fuel_heat(fc, ncv)
        heat = rnd.fuel_heat(raw_heat)
        steps.append(Step("fuel_heat", heat, (fc, ncv), raw_heat, 3, C, None))

        of_pct = self.decimal_parameter("oxidation_rate", m.month, fuel.category)
        percent = fuel.unit == "t"
        per_unit = carbon / HUNDRED if percent else carbon
        raw_e = fm.combustion_emissions(fc, per_unit, of_pct / HUNDRED)
        emissions = rnd.emissions(raw_e)
        steps.append(
            Step(
                "combustion_emissions" if percent else "combustion_emissions_gas",
                emissions,
                (fc, carbon, of_pct),
                raw_e,
                2,
                C,
                self._sources[("oxidation_rate", fuel.category, m.month)],
            )
        )
        return FuelMonthResult(
            month=m.month,
            state=state,
            consumption=fc,
            ncv=ncv,
            carbon_content=carbon,
            heat_gj=heat,
            unit_heat_carbon=cc,
            oxidation_rate_pct=of_pct,
            emissions_tco2=emissions,
            modes=_fuel_modes(fc_mode, ncv_mode, carbon_mode, cc_mode),
            steps=tuple(steps),
        )

    def _reported(self, field: Field, value: Decimal, steps: list[Step]) -> Decimal:
        """A user-entered value at the form's decimals; the trace shows any rounding."""
        reported = self.rounder[field](value)
        if reported != value:
            places = self.rounding.places(field)
            steps.append(
                Step("reported_value", reported, ((field.value, value),), value, places, M, None)
            )
        return reported

    def _zero_month(
        self, fuel: Fuel, m: FuelMonth, state: object, steps: list[Step]
    ) -> FuelMonthResult:
        of_pct = self.decimal_parameter("oxidation_rate", m.month, fuel.category)
        steps.append(Step("zero_month", ZERO, (), None, None, C, None))
        return FuelMonthResult(
            month=m.month,
            state=m.state,
            consumption=self.zero(Field.CONSUMPTION),
            ncv=self.zero(Field.NCV),
            carbon_content=self.zero(Field.CARBON_CONTENT),
            heat_gj=self.zero(Field.FUEL_HEAT),
            unit_heat_carbon=self.zero(Field.UNIT_HEAT_CARBON),
            oxidation_rate_pct=of_pct,
            emissions_tco2=self.zero(Field.EMISSIONS),
            modes=_ZERO_MONTH_MODES,
            steps=tuple(steps),
        )

    def _ncv(
        self, fuel: Fuel, m: FuelMonth, daily_ncv: Decimal | None, steps: list[Step]
    ) -> tuple[Decimal, Mode]:
        if daily_ncv is not None:
            if m.ncv is not None:
                raise self.fail("daily_and_monthly", "ncv", value="低位发热量")
            return daily_ncv, M
        if m.ncv is not None:
            if given := self._conflict(sources.NCV, sources.fuel_month_inputs(m)):
                raise self.fail(sources.NCV.code, given[1], value=" / ".join(given),
                                given=given, conflict=sources.NCV.value)  # fmt: skip
            return self._reported(Field.NCV, m.ncv, steps), M
        if m.ncv_ad is not None:
            if not fuel.carbon_in_percent:
                raise self.fail("basis_only_solid", "ncv_ad")
            if m.moisture_ar is None or m.moisture_ad is None:
                raise self.fail(
                    "moisture_required",
                    "ncv_ad",
                    basis="空气干燥基",
                    value="收到基水分和空气干燥基水分",
                )
            mt, mad = (
                self.rnd.moisture(m.moisture_ar),
                self.rnd.moisture(m.moisture_ad),
            )
            raw = fm.ncv_as_received_from_air_dried(m.ncv_ad, mt, mad)
            ncv = self.rnd.ncv(raw)
            steps.append(
                Step(
                    "ncv_from_air_dried",
                    ncv,
                    (m.ncv_ad, mt, mad),
                    raw,
                    3,
                    C,
                    None,
                )
            )
            return ncv, C
        if fuel.is_coal:
            raise self.fail("ncv_required", "ncv")
        try:
            value = self.decimal_parameter("default_ncv", m.month, fuel.key)
        except ParameterError:
            raise self.fail("no_default", "ncv", value=fuel.name_zh, what="低位发热量") from None
        ncv = self.rnd.ncv(value)
        note = self.source("default_ncv", m.month, fuel.key)
        steps.append(Step("ncv_default", ncv, (), None, 3, D, note))
        return ncv, D

    def _carbon(
        self,
        fuel: Fuel,
        m: FuelMonth,
        ncv: Decimal,
        daily_carbon: Decimal | None,
        steps: list[Step],
    ) -> tuple[Decimal, Mode, Decimal, Mode]:
        """As-received carbon (reported unit) and carbon per unit heat, with their modes."""
        if (
            m.carbon_content is not None  # the common month: measured as received, nothing else
            and daily_carbon is None
            and m.carbon_content_ad is None
            and m.carbon_content_d is None
            and not m.gas_tests
        ):
            carbon = self._reported(Field.CARBON_CONTENT, m.carbon_content, steps)
            return carbon, M, *self._unit_heat_carbon(fuel, carbon, ncv, steps)
        present = sources.fuel_month_inputs(m, daily_carbon=daily_carbon is not None)
        given = sources.CARBON.given(present)  # one way only: the rule the report's save asks
        if len(given) > 1:
            raise self.fail(sources.CARBON.code, given[1], value=" / ".join(given),
                            given=given, conflict=sources.CARBON.value)  # fmt: skip
        source = given[0] if given else None
        carbon_mode = M
        if source == "carbon_content":
            carbon = self._reported(Field.CARBON_CONTENT, m.carbon_content, steps)  # type: ignore[arg-type]
        elif source == "daily":
            carbon = daily_carbon  # type: ignore[assignment]
        elif source in ("carbon_content_ad", "carbon_content_d"):
            carbon = self._carbon_from_basis(fuel, m, source, steps)
            carbon_mode = C
        elif source == "gas_tests":
            carbon, carbon_mode = self._gas_carbon(fuel, m, steps)
        else:
            return self._carbon_from_default(fuel, m, ncv, steps)
        return carbon, carbon_mode, *self._unit_heat_carbon(fuel, carbon, ncv, steps)

    def _unit_heat_carbon(
        self, fuel: Fuel, carbon: Decimal, ncv: Decimal, steps: list[Step]
    ) -> tuple[Decimal, Mode]:
        """CC = Car / NCV from a given carbon content (燃料信息表 单位热值含碳量, 计算值)."""
        if not ncv:
            raise self.fail("not_positive", "ncv", value=ncv)
        percent = fuel.unit == "t"
        raw_cc = fm.unit_heat_carbon(carbon / HUNDRED if percent else carbon, ncv)
        cc = self.rnd.unit_heat_carbon(raw_cc)
        quantity = "unit_heat_carbon" if percent else "unit_heat_carbon_gas"
        steps.append(Step(quantity, cc, (carbon, ncv), raw_cc, 5, C, None))
        return cc, C

    def _carbon_from_default(
        self, fuel: Fuel, m: FuelMonth, ncv: Decimal, steps: list[Step]
    ) -> tuple[Decimal, Mode, Decimal, Mode]:
        try:
            if fuel.is_coal:
                value = self.decimal_parameter("coal_default_unit_heat_carbon", m.month)
            else:
                value = self.decimal_parameter("default_unit_heat_carbon", m.month, fuel.key)
        except ParameterError:
            raise self.fail(
                "no_default", "carbon_content", value=fuel.name_zh, what="单位热值含碳量"
            ) from None
        cc = self.rnd.unit_heat_carbon(value)
        note = (
            self.source("coal_default_unit_heat_carbon", m.month)
            if fuel.is_coal
            else self.source("default_unit_heat_carbon", m.month, fuel.key)
        )
        steps.append(Step("unit_heat_carbon_default", cc, (), None, 5, D, note))
        raw = fm.carbon_from_unit_heat(ncv, cc)
        if fuel.carbon_in_percent:
            raw *= HUNDRED
        carbon = self.rnd.carbon_content(raw)
        steps.append(Step("carbon_from_default", carbon, (ncv, cc), raw, 2, C, None))
        return carbon, C, cc, D

    def _carbon_from_basis(
        self, fuel: Fuel, m: FuelMonth, source: str, steps: list[Step]
    ) -> Decimal:
        if not fuel.carbon_in_percent:
            raise self.fail("basis_only_solid", source)
        if m.moisture_ar is None or (source == "carbon_content_ad" and m.moisture_ad is None):
            needs = "收到基水分和空气干燥基水分" if source == "carbon_content_ad" else "收到基水分"
            basis = "空气干燥基" if source == "carbon_content_ad" else "干燥基"
            raise self.fail("moisture_required", source, basis=basis, value=needs)
        mar = self.rnd.moisture(m.moisture_ar)
        if source == "carbon_content_ad":
            mad = self.rnd.moisture(m.moisture_ad)  # type: ignore[arg-type]
            cad = self.rnd.carbon_content(m.carbon_content_ad)  # type: ignore[arg-type]
            raw = fm.carbon_as_received_from_air_dried(cad, mar, mad)
            carbon = self.rnd.carbon_content(raw)
            steps.append(Step("carbon_from_air_dried", carbon, (cad, mar, mad), raw, 2, C, None))
        else:
            cd = self.rnd.carbon_content(m.carbon_content_d)  # type: ignore[arg-type]
            raw = fm.carbon_as_received_from_dry(cd, mar)
            carbon = self.rnd.carbon_content(raw)
            steps.append(Step("carbon_from_dry", carbon, (cd, mar), raw, 2, C, None))
        return carbon

    def _gas_carbon(self, fuel: Fuel, m: FuelMonth, steps: list[Step]) -> tuple[Decimal, Mode]:
        if fuel.carbon_in_percent:
            raise self.fail("gas_tests_only_gas", "gas_tests")
        values: list[Decimal] = []
        computed = False
        for test in m.gas_tests:
            if test.carbon_content is not None:
                values.append(test.carbon_content)
            else:
                raw = fm.gas_carbon_from_composition(test.composition)
                ops = tuple((f"V({name})", f"{v}%") for name, v in test.composition)
                steps.append(Step("gas_carbon_composition", raw, ops, None, None, C, None))
                values.append(raw)
                computed = True
        raw_mean = fm.arithmetic_mean(values)
        carbon = self.rnd.carbon_content(raw_mean)
        steps.append(Step("gas_carbon_mean", carbon, (len(values),), raw_mean, 2, M, None))
        return carbon, (C if computed else M)

    def _fuel_annual(self, fuel: Fuel, months: list[FuelMonthResult]) -> FuelAnnualResult:
        """The 全年 column: sums of the reported months; NCV and carbon weighted by consumption."""
        rnd = self.rnd
        fc = self.zero(Field.CONSUMPTION)
        heat = self.zero(Field.FUEL_HEAT)
        emissions = self.zero(Field.EMISSIONS)
        fc_ncv = fc_carbon = ZERO  # Σ FC × NCV, Σ FC × Car
        for x in months:
            fc += x.consumption
            heat += x.heat_gj
            emissions += x.emissions_tco2
            fc_ncv += x.consumption * x.ncv
            fc_carbon += x.consumption * x.carbon_content
        n = len(months)
        steps = [
            Step("annual_sum", fc, (("Σ FC_m", n),), None, None, C, None),
            Step("annual_sum", heat, (("Σ HE_m", n),), None, None, C, None),
            Step("annual_sum", emissions, (("Σ E_m", n),), None, None, C, None),
        ]
        ncv = carbon = cc = None
        if fc:
            raw_ncv = fc_ncv / fc
            ncv = rnd.ncv(raw_ncv)
            raw_c = fc_carbon / fc
            carbon = rnd.carbon_content(raw_c)
            # CC = carbon mass / heat, both from the months' reported values
            raw_cc = (fc_carbon / HUNDRED if fuel.carbon_in_percent else fc_carbon) / fc_ncv
            cc = rnd.unit_heat_carbon(raw_cc)
            steps += [
                Step("annual_ncv", ncv, (fc,), raw_ncv, 3, C, None),
                Step("annual_carbon", carbon, (fc,), raw_c, 2, C, None),
                Step("annual_unit_heat_carbon", cc, (), raw_cc, 5, C, None),
            ]
        of_pct = (
            months[0].oxidation_rate_pct
            if months
            else self.decimal_parameter("oxidation_rate", 1, fuel.category)
        )
        return FuelAnnualResult(fc, ncv, carbon, heat, cc, of_pct, emissions, tuple(steps))

    # -- purchased electricity --------------------------------------------------------------------
    def _electricity(
        self, unit: UnitInput, plant_share: list[ElectricityMonth] | None
    ) -> ElectricityResult:
        rows: Iterable[ElectricityMonth] = unit.purchased_electricity or ()
        split = False
        if plant_share is not None:
            if unit.purchased_electricity:
                raise _Abort(
                    Issue("carbon_sources", unit.code, None, None, "purchased_electricity",
                          {"value": "purchased_electricity / plant_purchased_electricity"})
                )  # fmt: skip
            rows, split = plant_share, True
        months: list[ElectricityMonthResult] = []
        for row in rows:
            steps: list[Step] = []
            if split:
                steps.append(
                    Step("purchased_split", row.mwh, (len(self.plant.units),), None, None, C, None)
                )
                mwh = row.mwh
            else:
                mwh = self._reported(Field.PURCHASED_ELECTRICITY, row.mwh, steps)
            ef = self.rnd.grid_emission_factor(
                self.decimal_parameter("grid_emission_factor", row.month),
            )
            raw = fm.electricity_emissions(mwh, ef)
            e = self.rnd.emissions(raw)
            note = self.source("grid_emission_factor", row.month)
            steps.append(Step("electricity_emissions", e, (mwh, ef), raw, 2, C, note))
            months.append(ElectricityMonthResult(row.month, mwh, ef, e, tuple(steps)))
        return ElectricityResult(
            months=tuple(months),
            mwh=sum((x.mwh for x in months), self.zero(Field.PURCHASED_ELECTRICITY)),
            emissions_tco2=sum((x.emissions_tco2 for x in months), self.zero(Field.EMISSIONS)),
            split_from_plant=split,
        )

    # -- production -------------------------------------------------------------------------------
    def _production(
        self,
        unit: UnitInput,
        unit_type: UnitType,
        capacity: Decimal,
        fuels: list[FuelResult],
        electricity: ElectricityResult,
        biomass: list[BiomassResult],
    ) -> ProductionResult:
        rate_kind = "gas" if unit_type is UnitType.GAS else "coal"
        biomass_by_month: list[Decimal] | None = None
        if biomass:
            biomass_by_month = [ZERO] * 13
            for b in biomass:
                for bm in b.months:
                    biomass_by_month[bm.month] += bm.heat_gj
        # Per month (index 1–12): fuel heat, gas volume and the unit's emissions.
        heat_by_month = [ZERO] * 13
        gas_by_month = [ZERO] * 13
        e_by_month = [ZERO] * 13
        for f in fuels:
            gas = f.unit != "t"
            for x in f.months:
                heat_by_month[x.month] += x.heat_gj
                e_by_month[x.month] += x.emissions_tco2
                if gas:
                    gas_by_month[x.month] += x.consumption
        for y in electricity.months:
            e_by_month[y.month] += y.emissions_tco2
        months: list[ProductionMonthResult] = []
        for p in unit.production:
            try:
                values = self._production_month(
                    unit, rate_kind, capacity, p,
                    heat_by_month[p.month], gas_by_month[p.month], e_by_month[p.month],
                )  # fmt: skip
            except _Abort as abort:
                self.issues.append(abort.issue)
                continue
            if biomass_by_month is not None:
                values = self._biomass_share(values, biomass_by_month[p.month],
                                             heat_by_month[p.month], p)  # fmt: skip
            months.append(ProductionMonthResult(p.month, values))
        annual = self._production_annual(
            unit, rate_kind, capacity, months, heat_by_month,
            sum(heat_by_month, ZERO), sum(gas_by_month, ZERO),
            sum(e_by_month, ZERO),
        )  # fmt: skip
        if biomass_by_month is not None:
            annual = self._biomass_share(annual, sum(biomass_by_month, ZERO),
                                         sum(heat_by_month, ZERO), None)  # fmt: skip
        return ProductionResult(rate_kind, tuple(months), annual)

    def _biomass_share(
        self,
        values: ProductionValues,
        biomass_heat: Decimal,
        fossil_heat: Decimal,
        p: ProductionMonth | None,
    ) -> ProductionValues:
        """生物质热量占比 = 生物质热量 / (生物质热量 + 化石燃料热量) (核查技术指南 表13), and, where
        the month gives the boilers' output and efficiency, 表13's cross-check from the boilers'
        heat input: (Q锅炉产热 / η锅炉 − Σ 化石燃料热量) / (Q锅炉产热 / η锅炉)."""
        steps = list(values.steps)
        share = check = None
        total = biomass_heat + fossil_heat
        if total:
            raw = fm.biomass_heat_share(biomass_heat, total)
            share = self.rnd.heat_ratio(raw)
            steps.append(Step("biomass_heat_share", share, (biomass_heat, fossil_heat), raw, 3,
                              C, None))  # fmt: skip
        if p is not None and p.boiler_output_gj and p.boiler_efficiency_pct:
            heat_input = fm.boiler_heat_input(p.boiler_output_gj, p.boiler_efficiency_pct)
            raw = fm.biomass_heat_share(heat_input - fossil_heat, heat_input)
            check = self.rnd.heat_ratio(raw)
            operands = (p.boiler_output_gj, p.boiler_efficiency_pct, fossil_heat)
            steps.append(Step("biomass_share_check", check, operands, raw, 3, C, None))
        return values._replace(
            biomass_heat_share_pct=share, biomass_share_check_pct=check, steps=tuple(steps)
        )

    def _production_month(
        self,
        unit: UnitInput,
        rate_kind: str,
        capacity: Decimal,
        p: ProductionMonth,
        fuel_heat: Decimal,
        gas_volume: Decimal,
        emissions: Decimal,
    ) -> ProductionValues:
        rnd = self.rnd
        steps: list[Step] = []

        self._at = (unit.code, None, p.month)

        generation = (
            None
            if p.generation_mwh is None
            else self._reported(Field.ELECTRICITY, p.generation_mwh, steps)
        )
        supply: Decimal | None = None
        present = sources.production_month_inputs(p)
        if p.supply_mwh is not None:
            if given := self._conflict(sources.SUPPLY, present):
                raise self.fail(sources.SUPPLY.code, "supply_mwh", given=given,
                                conflict=sources.SUPPLY.value)  # fmt: skip
            supply = self._reported(Field.ELECTRICITY, p.supply_mwh, steps)
        elif p.station_use_mwh is not None and generation is not None:
            raw = generation - p.station_use_mwh
            supply = rnd.electricity(raw)
            steps.append(
                Step(
                    "supply_from_generation",
                    supply,
                    (generation, p.station_use_mwh),
                    raw,
                    3,
                    C,
                    None,
                )
            )
        if supply is not None and generation is not None and supply > generation:
            raise self.fail("supply_exceeds", "supply_mwh", value=supply, expected=generation)

        if p.heat_gj is not None:
            if given := self._conflict(sources.HEAT, present):
                raise self.fail(sources.HEAT.code, "heat_gj", given=given,
                                conflict=sources.HEAT.value)  # fmt: skip
            heat = self._reported(Field.HEAT, p.heat_gj, steps)
        elif p.steam or p.hot_water:
            raw_total = ZERO
            for s in p.steam:
                q = self._steam(s, steps)
                raw_total += q
            for w in p.hot_water:
                q = fm.hot_water_heat(w.mass_t, w.temperature_c)
                steps.append(
                    Step("hot_water_heat", q, (w.mass_t, w.temperature_c), None, None, C, None)
                )
                raw_total += q
            heat = rnd.heat(raw_total)
            steps.append(Step("heat_supply", heat, (), raw_total, 3, C, None))
        else:
            heat = rnd.heat(ZERO)

        ratio = self._heat_ratio(p, heat, fuel_heat, steps)
        hours, rated = self._hours(unit, capacity, p, steps)
        return self._derived(rate_kind, generation, supply, heat, ratio, hours, rated,
                             fuel_heat, gas_volume, emissions, steps)  # fmt: skip

    def _steam(self, s: SteamFlow, steps: list[Step]) -> Decimal:
        """One steam (or circulating-water) flow's heat: mass × (enthalpy − 83.74), or the
        enthalpy balance with return and make-up water; through an exchanger, over its
        efficiency (核查技术指南 表16 验)."""
        operands: tuple[Decimal, ...]
        if s.balanced:
            r, hr = s.return_t or ZERO, s.return_enthalpy_kj_per_kg or ZERO
            m, hm = s.makeup_t or ZERO, s.makeup_enthalpy_kj_per_kg or ZERO
            if (s.return_t is not None and s.return_enthalpy_kj_per_kg is None) or (
                s.makeup_t is not None and s.makeup_enthalpy_kj_per_kg is None
            ):
                raise self.fail("steam_enthalpy", "steam")
            q = fm.steam_heat_balance(s.mass_t, s.enthalpy_kj_per_kg, r, hr, m, hm)
            operands = (s.mass_t, s.enthalpy_kj_per_kg, r, hr, m, hm)
            steps.append(Step("steam_heat_balance", q, operands, None, None, C, None))
        else:
            q = fm.steam_heat(s.mass_t, s.enthalpy_kj_per_kg)
            operands = (s.mass_t, s.enthalpy_kj_per_kg)
            steps.append(Step("steam_heat", q, operands, None, None, C, None))
        if s.exchanger_efficiency_pct is not None:
            q = fm.through_exchanger(q, s.exchanger_efficiency_pct)
            steps.append(Step("exchanger_heat", q, (s.exchanger_efficiency_pct,), None, None,
                              C, None))  # fmt: skip
        return q

    def _heat_ratio(
        self, p: ProductionMonth, heat: Decimal, fuel_heat: Decimal, steps: list[Step]
    ) -> Decimal | None:
        """供热比: as entered (实测); else 供热量 / 锅炉产热量, the output entered or from the
        boilers' efficiency; None where a month with heat has neither (the report asks for it)."""
        if p.heat_ratio_pct is not None:
            return self._reported(Field.HEAT_RATIO, p.heat_ratio_pct, steps)
        if not heat:
            return self._no_heat_ratio
        operands: tuple[Decimal, ...]
        if p.boiler_output_gj:
            output, operands, key = p.boiler_output_gj, (heat, p.boiler_output_gj), "heat_ratio"
        elif p.boiler_efficiency_pct and fuel_heat:
            output = fm.boiler_output(fuel_heat, p.boiler_efficiency_pct)
            operands, key = (heat, fuel_heat, p.boiler_efficiency_pct), "heat_ratio_efficiency"
        else:
            return None
        raw = fm.heat_ratio_percent(heat, output)
        if raw > HUNDRED:
            raise self.fail("heat_over_output", "heat_gj", value=heat, expected=output)
        ratio = self.rnd.heat_ratio(raw)
        steps.append(Step(key, ratio, operands, raw, 3, C, None))
        return ratio

    def _hours(
        self, unit: UnitInput, capacity: Decimal, p: ProductionMonth, steps: list[Step]
    ) -> tuple[Decimal | None, Decimal | None]:
        """Running hours and Σ(P × t) (MWh at rated power) for the load factor."""
        if unit.members:
            pairs = self._member_pairs(unit, p)
            rated = sum((cap * t for _, cap, t in pairs), ZERO)
            raw = fm.capacity_weighted_hours([(cap, t) for _, cap, t in pairs])
            hours = self.rnd.running_hours(raw)
            ops = tuple((f"P×t({code})", f"{c}×{t}") for code, c, t in pairs)
            steps.append(Step("running_hours_weighted", hours, ops, raw, 2, C, None))
            return hours, rated
        if p.running_hours is None:
            return None, None
        hours = self._reported(Field.RUNNING_HOURS, p.running_hours, steps)
        return hours, capacity * hours

    def _derived(
        self,
        rate_kind: str,
        generation: Decimal | None,
        supply: Decimal | None,
        heat: Decimal | None,
        ratio: Decimal | None,
        hours: Decimal | None,
        rated: Decimal | None,
        fuel_heat: Decimal,
        gas_volume: Decimal,
        emissions: Decimal,
        steps: list[Step],
    ) -> ProductionValues:
        """煤耗/气耗, 碳排放强度 and 负荷系数 from the month's (or year's) reported values."""
        rnd = self.rnd
        power_rate = heat_rate = power_int = heat_int = load = None
        if rate_kind == "coal":
            raw_b = fm.standard_coal(fuel_heat)
            base = rnd.standard_coal(raw_b)
            steps.append(Step("standard_coal", base, (fuel_heat,), raw_b, 3, C, None))
            keys, scale = _COAL_RATE_KEYS, KILO
        else:
            base = gas_volume
            keys, scale = _GAS_RATE_KEYS, TEN_THOUSAND
        if ratio is not None:
            a = ratio / HUNDRED
            if supply:  # 供电: the (1 − α) share
                power_rate, power_int = self._share(
                    keys[0], "power_intensity", ratio, 1 - a, base, emissions, supply, scale, steps
                )
            if heat:  # 供热: the α share
                heat_rate, heat_int = self._share(
                    keys[1], "heat_intensity", ratio, a, base, emissions, heat, scale, steps
                )
        if generation is not None and rated:
            raw = fm.load_factor_percent(generation, rated)
            load = rnd.load_factor(raw)
            steps.append(Step("load_factor", load, (generation, rated), raw, 2, C, None))
        # positional, in field order: ~100 of these per plant-year
        return ProductionValues(
            generation, supply, heat, ratio, power_rate, heat_rate, hours, load,
            power_int, heat_int, emissions, tuple(steps),
        )  # fmt: skip

    def _share(
        self,
        rate_key: str,
        intensity_key: str,
        ratio: Decimal,
        share: Decimal,
        base: Decimal,
        emissions: Decimal,
        output: Decimal,
        scale: Decimal,
        steps: list[Step],
    ) -> tuple[Decimal, Decimal]:
        """煤耗 (or 气耗) and 碳排放强度 of the power or the heat share of a unit's output."""
        raw = fm.consumption_rate(share, base, output, scale)
        rate = self.rnd.coal_rate(raw)
        steps.append(Step(rate_key, rate, (ratio, base, output), raw, 2, C, None))
        raw = fm.emission_intensity(share, emissions, output)
        intensity = self.rnd.intensity(raw)
        steps.append(Step(intensity_key, intensity, (ratio, emissions, output), raw, 3, C, None))
        return rate, intensity

    def _production_annual(
        self,
        unit: UnitInput,
        rate_kind: str,
        capacity: Decimal,
        months: list[ProductionMonthResult],
        heat_by_month: list[Decimal],
        fuel_heat: Decimal,
        gas_volume: Decimal,
        emissions: Decimal,
    ) -> ProductionValues:
        steps: list[Step] = []

        def total(attr: str) -> Decimal | None:
            values = [getattr(x.values, attr) for x in months]
            present = [v for v in values if v is not None]
            return sum(present, ZERO) if present else None

        generation, supply, heat, hours = (
            total("generation_mwh"), total("supply_mwh"), total("heat_gj"), total("running_hours"),
        )  # fmt: skip
        ratio: Decimal | None = None
        heat_weights = [
            (heat_by_month[x.month], x.values.heat_ratio_pct)
            for x in months
            if x.values.heat_ratio_pct is not None
        ]
        weight = sum((w for w, _ in heat_weights), ZERO)
        if weight:
            raw = sum((w * v for w, v in heat_weights), ZERO) / weight
            ratio = self.rnd.heat_ratio(raw)
            steps.append(Step("annual_heat_ratio", ratio, (weight,), raw, 3, C, None))
        elif heat_weights:
            ratio = ZERO
        rated: Decimal | None = None
        if unit.members:
            rated = ZERO
            for x in months:
                rated += self._month_rated(unit, x.month)
        elif hours is not None:
            rated = capacity * hours
        if unit.members and months:
            caps = weighted_capacity(unit)
            hours = self.rnd.running_hours(rated / caps) if rated is not None else None
        return self._derived(rate_kind, generation, supply, heat, ratio, hours, rated,
                             fuel_heat, gas_volume, emissions, steps)  # fmt: skip

    def _month_rated(self, unit: UnitInput, month: int) -> Decimal:
        for p in unit.production:
            if p.month == month:
                return sum((cap * t for _, cap, t in self._member_pairs(unit, p)), ZERO)
        return ZERO

    def _member_pairs(
        self, unit: UnitInput, p: ProductionMonth
    ) -> list[tuple[str, Decimal, Decimal]]:
        """(code, P_i, t_i) of each weighted member of a merged row: a standby unit's hours are
        added to those of the unit it stands in for (表17/表18), each member's rounded first."""
        given = dict(p.member_running_hours)
        for member in unit.members:
            if member.code not in given:
                raise self.fail("member_hours", "member_running_hours", value=member.code)
        out = []
        for member, standbys in weighting_groups(unit.members):
            t = sum((self.rnd.running_hours(given[m.code]) for m in (member, *standbys)), ZERO)
            code = "+".join(m.code for m in (member, *standbys))
            out.append((code, member.capacity_mw, t))
        return out


@cache
def _fuel_modes(
    consumption: Mode, ncv: Mode, carbon: Mode, unit_heat_carbon: Mode
) -> Mapping[str, Mode]:
    """How each value of a fuel month was obtained (实测值/缺省值/计算值), shared and read-only:
    a few combinations cover every month, so they are built once."""
    return MappingProxyType(
        {
            "consumption": consumption,
            "ncv": ncv,
            "carbon_content": carbon,
            "unit_heat_carbon": unit_heat_carbon,
            "heat_gj": C,
            "oxidation_rate_pct": D,
            "emissions_tco2": C,
        }
    )


_ZERO_MONTH_MODES: Mapping[str, Mode] = MappingProxyType(
    {"consumption": M, "oxidation_rate_pct": D, "emissions_tco2": C}
)
