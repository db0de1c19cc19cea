"""The plant-year interchange format ``tanhe.plant-year/1`` (JSON) and the result's JSON form.

Documented in ``docs/report-format.md`` with the schema ``docs/schema/plant-year-1.schema.json``.
Every number is a JSON *string* so that it stays an exact decimal: a JSON number is refused
with a located message, never silently converted. All problems are collected and reported
together (unit, fuel, month, field), so a user fixes a file in one pass.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from tanhe.accounting.errors import InputErrors, Issue
from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounting.model import (
    Calibration,
    CalibrationStatus,
    DailyRecord,
    ElectricityMonth,
    FuelInput,
    FuelMonth,
    GasClass,
    GasTest,
    HotWaterFlow,
    PlantYear,
    ProductionMonth,
    State,
    SteamFlow,
    Subtype,
    UnitInput,
    UnitMember,
    UnitType,
)
from tanhe.accounting.results import (
    BiomassResult,
    ElectricityResult,
    FuelAnnualResult,
    FuelMonthResult,
    FuelResult,
    PlantYearResult,
    ProductionResult,
    UnitResult,
)
from tanhe.accounting.trace import Step
from tanhe.identifiers import credit_code_problem
from tanhe.inputs import MAX_INTEGER_DIGITS, InputProblem, InputRefused, parse_number

FORMAT = "tanhe.plant-year/1"
# The power-generation guide (发电设施) and its parameters cover data from 2019 on.
FIRST_YEAR = 2019
RESULT_FORMAT = "tanhe.result/1"
# The hot path of the number rule (tanhe.inputs): plain ASCII digits, no longer than the digit
# limits can be broken by, are already canonical for Decimal(); every other string — padded,
# full-width, grouped, long, or refused — goes through tanhe.inputs.parse_number.
_DECIMAL = re.compile(r"\d+(\.\d+)?", re.ASCII)
_MAX_DIGITS = MAX_INTEGER_DIGITS  # strings no longer than this cannot break either limit
_INT_LITERAL = re.compile(r"-?\d+", re.ASCII)
_ISSUE = {"not_a_number": "not_decimal", "grouping": "decimal_comma"}  # else the same code


class JsonNumber(str):
    """A JSON number literal as written; kept apart so it can be refused with a clear message."""

    __slots__ = ()


def _is_int_literal(value: object) -> bool:
    return isinstance(value, JsonNumber) and _INT_LITERAL.fullmatch(value) is not None


# -- reading ---------------------------------------------------------------------------------------
def loads(text: str | bytes) -> Any:
    """``json.loads`` keeping number literals as :class:`JsonNumber` (no float ever appears)."""
    return json.loads(text, parse_float=JsonNumber, parse_int=JsonNumber, parse_constant=JsonNumber)


def parse_plant_year(text: str | bytes) -> PlantYear:
    """Parse a ``tanhe.plant-year/1`` document; :class:`InputErrors` lists every issue."""
    try:
        data = loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputErrors([Issue("json_invalid", params={"detail": str(exc)})]) from None
    except RecursionError:
        raise InputErrors([Issue("json_invalid", params={"detail": "嵌套过深"})]) from None
    return plant_year_from_data(data)


def plant_year_from_data(data: Any) -> PlantYear:
    """Build the engine input from decoded JSON (from :func:`loads`, or plain ``json``/an API)."""
    reader = _Reader()
    plant = reader.plant(data)
    if reader.issues or plant is None:
        raise InputErrors(reader.issues)
    return plant


class _Reader:
    """Walks the document, keeping the location for messages and collecting every issue."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.unit: str | None = None
        self.fuel: str | None = None
        self.month: int | None = None

    @contextmanager
    def at(self, unit: str | None = None, fuel: str | None = None) -> Iterator[None]:
        saved = (self.unit, self.fuel, self.month)
        if unit is not None:
            self.unit = unit
        if fuel is not None:
            self.fuel = fuel
        try:
            yield
        finally:
            self.unit, self.fuel, self.month = saved

    def issue(self, code: str, field: str | None, **params: object) -> None:
        self.issues.append(Issue(code, self.unit, self.fuel, self.month, field, dict(params)))

    # -- generic values ------------------------------------------------------------------------
    def obj(self, value: Any, field: str, allowed: tuple[str, ...] | None) -> dict[str, Any] | None:
        if value is None:
            self.issue("required", field)
            return None
        if not isinstance(value, dict):
            self.issue("not_object", field)
            return None
        if allowed is not None:
            self.unknown(value, field, allowed)
        return value

    def unknown(self, value: dict[str, Any], field: str, allowed: tuple[str, ...]) -> None:
        """Unknown keys are refused: a misspelt field must not be silently dropped."""
        for key in value:
            if key not in allowed:
                self.issue("unknown_key", f"{field}.{key}" if field else key, value=key)

    def items(self, value: Any, field: str, *, required: bool = False) -> list[Any]:
        if value is None:
            if required:
                self.issue("required", field)
            return []
        if not isinstance(value, list):
            self.issue("not_list", field)
            return []
        return value

    def text(
        self, obj: dict[str, Any], key: str, field: str, *, required: bool = True
    ) -> str | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.issue("required", field)
            return None
        if isinstance(value, JsonNumber) or not isinstance(value, str):
            self.issue("not_string", field)
            return None
        if required and not value.strip():
            self.issue("required", field)
            return None
        return value.strip()

    def decimal(
        self,
        obj: dict[str, Any],
        key: str,
        where: str,
        *,
        required: bool = False,
        positive: bool = False,
    ) -> Decimal | None:
        """``obj[key]`` as an exact, non-negative Decimal; the field is named ``where.key``.

        Hot path (every daily record): the common case — a plain decimal string — costs one
        regex match and one ``Decimal()``; everything else is the error path.
        """
        value = obj.get(key)
        number: Decimal | None
        if type(value) is str and len(value) <= _MAX_DIGITS and _DECIMAL.fullmatch(value):
            number = Decimal(value)
        elif value is None:
            if required:
                self.issue("required", f"{where}.{key}")
            return None
        elif type(value) is Decimal:
            number = value
        else:
            number = self._unusual_decimal(value, f"{where}.{key}")
            if number is None:
                return None
        if number <= 0 and (number.is_signed() or positive):  # "-0" is a sign where none belongs
            self.issue("not_positive" if positive else "negative", f"{where}.{key}", value=number)
            return None
        return number

    def _unusual_decimal(self, value: Any, field: str) -> Decimal | None:
        """A string under the number rule of :mod:`tanhe.inputs` (padded, full-width or grouped
        digits are accepted); negatives are checked by the caller; the rest is refused."""
        if isinstance(value, JsonNumber | int | float) and not isinstance(value, bool):
            self.issue("json_number", field, example=str(value))
            return None
        if not isinstance(value, str):
            self.issue("not_decimal", field, value=value)
            return None
        try:
            return Decimal(parse_number(value, signed=True))
        except InputRefused as exc:
            self._refused(exc.problem, field, value)
            return None

    def _refused(self, problem: InputProblem, field: str, value: str) -> None:
        code = _ISSUE.get(problem.code, problem.code)
        shown = value.strip()[:24] + "…" if code == "too_many_digits" else value
        self.issue(code, field, value=shown)

    def integer(self, value: Any, field: str, code: str, low: int, high: int) -> int | None:
        """Month and year: a JSON integer, or a whole number as text (the number rule)."""
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif _is_int_literal(value):
            number = int(value)
        elif isinstance(value, str) and not isinstance(value, JsonNumber):
            try:
                number = int(parse_number(value, max_fraction_digits=0))
            except InputRefused:
                number = None
        if number is None or not low <= number <= high:
            self.issue(code, field, value=value)
            return None
        return number

    def choice(
        self,
        obj: dict[str, Any],
        key: str,
        field: str,
        enum: Any,
        default: Any = None,
        *,
        required: bool = True,
    ) -> Any:
        value = obj.get(key)
        if value is None:
            if default is None and required:
                self.issue("required", field)
            return default
        member = enum._value2member_map_.get(value) if isinstance(value, str) else None
        if member is None:  # (a dict lookup: Enum(value) is slow on every daily record)
            choices = " / ".join(e.value for e in enum)
            self.issue("choice", field, value=value, choices=choices)
        return member

    def months(
        self,
        rows: list[Any],
        field: str,
        build: Callable[[dict[str, Any], str], Any],
        allowed: tuple[str, ...],
    ) -> tuple[Any, ...]:
        """Rows keyed by ``month`` (1–12, each once), built with the month set for messages."""
        seen: set[int] = set()
        out: list[Any] = []
        for i, row in enumerate(rows):
            where = f"{field}[{i}]"
            obj = self.obj(row, where, None)  # keys checked below, once the month is known
            if obj is None:
                continue
            self.month = None
            month = self.integer(obj.get("month"), f"{where}.month", "month", 1, 12)
            if month is None:
                continue
            if month in seen:
                self.issue("duplicate_month", f"{where}.month", value=month)
                continue
            seen.add(month)
            self.month = month
            self.unknown(obj, where, allowed)
            built = build(obj, where)
            self.month = None
            if built is not None:
                out.append(built)
        return tuple(sorted(out, key=lambda r: r.month))

    # -- document ------------------------------------------------------------------------------
    def plant(self, data: Any) -> PlantYear | None:
        doc = self.obj(
            data,
            "",
            (
                "format",
                "year",
                "enterprise",
                "units",
                "plant_purchased_electricity",
                "known_on",
                "plant_auxiliary_fuels",
                "check_data",  # read by tanhe.checks (what the rules need beside the input)
            ),
        )
        if doc is None:
            return None
        fmt = doc.get("format")
        if fmt != FORMAT:
            self.issue("required" if fmt is None else "format", "format", value=fmt)
        year = self.integer(doc.get("year"), "year", "year", FIRST_YEAR, 2100)
        name = credit = None
        enterprise = self.obj(doc.get("enterprise"), "enterprise", ("name", "credit_code"))
        if enterprise is not None:
            name = self.text(enterprise, "name", "enterprise.name")
            credit = self.text(enterprise, "credit_code", "enterprise.credit_code")
            problem = None if credit is None else credit_code_problem(credit)
            if problem is not None:
                code = "credit_code" if problem == "shape" else "credit_code_check"
                self.issue(code, "enterprise.credit_code", value=credit)
        known_on = self.known_on(doc.get("known_on"))
        units = self.units(doc.get("units"))
        plant_rows = self.items(
            doc.get("plant_purchased_electricity"), "plant_purchased_electricity"
        )
        plant_electricity = self.months(
            plant_rows, "plant_purchased_electricity", self.electricity, ("month", "mwh")
        )
        auxiliary = self.auxiliary_fuels(doc.get("plant_auxiliary_fuels"))
        if self.issues or year is None or name is None or credit is None:
            return None
        return PlantYear(
            year=year,
            enterprise_name=name,
            credit_code=credit,
            units=units,
            plant_purchased_electricity=plant_electricity,
            known_on=known_on,
            plant_auxiliary_fuels=auxiliary,
        )

    def auxiliary_fuels(self, value: Any) -> tuple[FuelInput, ...]:
        """``plant_auxiliary_fuels``: a fossil fuel's plant-level monthly consumption only."""
        out: list[FuelInput] = []
        catalogue = fuel_catalogue()
        for i, row in enumerate(self.items(value, "plant_auxiliary_fuels")):
            where = f"plant_auxiliary_fuels[{i}]"
            obj = self.obj(row, where, ("fuel", "months"))
            key = None if obj is None else self.text(obj, "fuel", f"{where}.fuel")
            if obj is None or key is None:
                continue
            if key not in catalogue or catalogue[key].is_biomass:
                fossil = [k for k, f in catalogue.items() if not f.is_biomass]
                self.issue("choice", f"{where}.fuel", value=key, choices=", ".join(fossil))
                continue
            with self.at(fuel=key):
                rows = self.items(obj.get("months"), f"{where}.months", required=True)
                months = self.months(rows, f"{where}.months", self.fuel_month,
                                     ("month", "consumption"))  # fmt: skip
            out.append(FuelInput(key, months))
        return tuple(out)

    def known_on(self, value: Any) -> date | None:
        if value is None:
            return None
        try:
            return date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            pass
        self.issue("not_decimal", "known_on", value=value)
        return None

    def units(self, value: Any) -> tuple[UnitInput, ...]:
        rows = self.items(value, "units", required=True)
        if isinstance(value, list) and not rows:
            self.issue("no_units", "units")
        codes: set[str] = set()
        units: list[UnitInput] = []
        for i, row in enumerate(rows):
            where = f"units[{i}]"
            obj = self.obj(row, where, _UNIT_KEYS)
            if obj is None:
                continue
            code = self.text(obj, "code", f"{where}.code")
            if code is not None and code in codes:
                self.issue("duplicate_unit", f"{where}.code", value=code)
                continue
            codes.add(code or "")
            with self.at(unit=code or str(i + 1)):
                unit = self.unit_input(obj, where, code)
            if unit is not None:
                units.append(unit)
        return tuple(units)

    def unit_input(self, obj: dict[str, Any], where: str, code: str | None) -> UnitInput | None:
        before = len(self.issues)
        name = self.text(obj, "name", f"{where}.name")
        unit_type = self.choice(obj, "type", f"{where}.type", UnitType)
        default_sub = Subtype.NONE if unit_type not in (None, UnitType.COAL) else None
        subtype = self.choice(obj, "subtype", f"{where}.subtype", Subtype, default_sub)
        if unit_type is not None and subtype is not None:
            coal_sub = subtype is not Subtype.NONE
            if coal_sub != (unit_type is UnitType.COAL):
                self.issue("subtype_for_type", f"{where}.subtype", value=subtype.value,
                           expected=unit_type.label_zh, expected_en=unit_type.label_en)  # fmt: skip
        capacity = self.decimal(obj, "capacity_mw", where, required=True, positive=True)
        gas_class = self.choice(obj, "gas_class", f"{where}.gas_class", GasClass, required=False)
        if gas_class is not None and unit_type not in (None, UnitType.GAS):
            self.issue("gas_class_for_type", f"{where}.gas_class", value=gas_class.value,
                       expected=unit_type.label_zh, expected_en=unit_type.label_en)  # fmt: skip
        cooling = self.text(obj, "cooling", f"{where}.cooling", required=False)
        members = self.members(obj.get("members"), f"{where}.members")
        fuels = self.fuels(obj.get("fuels"), f"{where}.fuels")
        electricity: tuple[ElectricityMonth, ...] | None = None
        if obj.get("purchased_electricity") is not None:
            rows = self.items(obj["purchased_electricity"], f"{where}.purchased_electricity")
            electricity = self.months(
                rows, f"{where}.purchased_electricity", self.electricity, ("month", "mwh")
            )
        production = self.months(
            self.items(obj.get("production"), f"{where}.production"),
            f"{where}.production", self.production, _PRODUCTION_KEYS,
        )  # fmt: skip
        if members:
            self.check_member_hours(production, members, f"{where}.production")
        if len(self.issues) > before or None in (name, unit_type, subtype, capacity, code):
            return None
        return UnitInput(
            code=code, name=name, type=unit_type, subtype=subtype, capacity_mw=capacity,  # type: ignore[arg-type]
            cooling=cooling, fuels=fuels, purchased_electricity=electricity,
            production=production, members=members, gas_class=gas_class,
        )  # fmt: skip

    def members(self, value: Any, field: str) -> tuple[UnitMember, ...]:
        rows = self.items(value, field)
        if value is not None and len(rows) < 2:
            self.issue("members", field)
            return ()
        out: list[UnitMember] = []
        for i, row in enumerate(rows):
            where = f"{field}[{i}]"
            obj = self.obj(row, where, _MEMBER_KEYS)
            if obj is None:
                continue
            code = self.text(obj, "code", f"{where}.code")
            name = self.text(obj, "name", f"{where}.name", required=False) or code
            unit_type = self.choice(obj, "type", f"{where}.type", UnitType)
            default_sub = Subtype.NONE if unit_type not in (None, UnitType.COAL) else None
            subtype = self.choice(obj, "subtype", f"{where}.subtype", Subtype, default_sub)
            capacity = self.decimal(obj, "capacity_mw", where, required=True, positive=True)
            standby = self.text(obj, "standby_for", f"{where}.standby_for", required=False)
            if None not in (code, unit_type, subtype, capacity):
                out.append(UnitMember(code, name, unit_type, subtype, capacity, standby))  # type: ignore[arg-type]
        self.check_standby(out, field)
        return tuple(out)

    def check_standby(self, members: list[UnitMember], field: str) -> None:
        """A standby unit stands in for another member that is not itself a standby (表17)."""
        weighted = {m.code for m in members if m.standby_for is None}
        for i, member in enumerate(members):
            if member.standby_for is not None and (
                member.standby_for not in weighted or member.standby_for == member.code
            ):
                self.issue("standby_for", f"{field}[{i}].standby_for", value=member.standby_for,
                           choices=", ".join(sorted(weighted)))  # fmt: skip

    def check_member_hours(
        self, production: tuple[ProductionMonth, ...], members: tuple[UnitMember, ...], field: str
    ) -> None:
        for p in production:
            given = dict(p.member_running_hours)
            for member in members:
                if member.code not in given:
                    self.month = p.month
                    self.issue("member_hours", f"{field}.member_running_hours", value=member.code)
                    self.month = None

    def fuels(self, value: Any, field: str) -> tuple[FuelInput, ...]:
        out: list[FuelInput] = []
        seen: set[str] = set()
        catalogue = fuel_catalogue()
        for i, row in enumerate(self.items(value, field)):
            where = f"{field}[{i}]"
            obj = self.obj(row, where, ("fuel", "months"))
            if obj is None:
                continue
            key = self.text(obj, "fuel", f"{where}.fuel")
            if key is None:
                continue
            if key not in catalogue:
                self.issue("choice", f"{where}.fuel", value=key, choices=", ".join(catalogue))
                continue
            if key in seen:
                self.issue("duplicate_fuel", f"{where}.fuel", value=key)
                continue
            seen.add(key)
            with self.at(fuel=key):
                rows = self.items(obj.get("months"), f"{where}.months", required=True)
                keys = _BIOMASS_MONTH_KEYS if catalogue[key].is_biomass else _FUEL_MONTH_KEYS
                months = self.months(rows, f"{where}.months", self.fuel_month, keys)
            out.append(FuelInput(key, months))
        return tuple(out)

    def fuel_month(self, obj: dict[str, Any], where: str) -> FuelMonth | None:
        before = len(self.issues)
        d = self.decimal
        state = self.choice(obj, "state", f"{where}.state", State, required=False)
        values = {
            key: d(obj, key, where)
            for key in ("consumption", "ncv", "carbon_content", "carbon_content_ad",
                        "carbon_content_d", "moisture_ar", "moisture_ad", "ncv_ad")
        }  # fmt: skip
        for key in (
            "carbon_content",
            "carbon_content_ad",
            "carbon_content_d",
            "moisture_ar",
            "moisture_ad",
        ):
            v = values[key]
            if v is not None and v > 100 and (key != "carbon_content" or self._percent_fuel()):
                self.issue("range", f"{where}.{key}", low=0, high=100, value=v)
        daily = tuple(
            r for i, row in enumerate(self.items(obj.get("daily"), f"{where}.daily"))
            if (r := self.daily(row, f"{where}.daily[{i}]")) is not None
        )  # fmt: skip
        tests = tuple(
            t for i, row in enumerate(self.items(obj.get("gas_tests"), f"{where}.gas_tests"))
            if (t := self.gas_test(row, f"{where}.gas_tests[{i}]")) is not None
        )  # fmt: skip
        calibration = self.calibration(obj.get("calibration"), f"{where}.calibration")
        if len(self.issues) > before:
            return None
        return FuelMonth(month=self.month, state=state, daily=daily, gas_tests=tests,  # type: ignore[arg-type]
                         calibration=calibration, **values)  # fmt: skip

    def _percent_fuel(self) -> bool:
        fuel = fuel_catalogue().get(self.fuel or "")
        return fuel is not None and fuel.carbon_in_percent

    def daily(self, row: Any, where: str) -> DailyRecord | None:
        fast = _plain_daily(row)  # hot path: a year of days per unit, mostly plain
        if fast is not None:
            return fast
        obj = self.obj(row, where, ("day", "quantity", "ncv", "carbon_content", "state"))
        if obj is None:
            return None
        before = len(self.issues)
        quantity = self.decimal(obj, "quantity", where, required=True)
        ncv = self.decimal(obj, "ncv", where)
        carbon = self.decimal(obj, "carbon_content", where)
        state = self.choice(obj, "state", f"{where}.state", State)
        day = None
        if obj.get("day") is not None:
            try:
                day = date.fromisoformat(str(obj["day"]))
            except ValueError:
                self.issue("not_decimal", f"{where}.day", value=obj["day"])
        if len(self.issues) > before:
            return None
        return DailyRecord(quantity, ncv, state, carbon, day)  # type: ignore[arg-type]

    def gas_test(self, row: Any, where: str) -> GasTest | None:
        obj = self.obj(row, where, ("carbon_content", "composition", "date"))
        if obj is None:
            return None
        carbon = self.decimal(obj, "carbon_content", where)
        composition: list[tuple[str, Decimal]] = []
        comp = obj.get("composition")
        if comp is not None:
            if not isinstance(comp, dict):
                self.issue("not_object", f"{where}.composition")
            else:
                for name in comp:
                    v = self.decimal(comp, name, f"{where}.composition")
                    if v is not None:
                        composition.append((name, v))
        if carbon is None and not composition:
            self.issue("test_empty", where)
            return None
        if carbon is not None and composition:
            self.issue("carbon_sources", where, value="carbon_content / composition")
            return None
        if composition:
            from tanhe.accounting.formulas import CARBON_ATOMS

            unknown = [n for n, _ in composition if n not in CARBON_ATOMS]
            for name in unknown:
                self.issue("component", f"{where}.composition.{name}", value=name)
            total = sum((v for _, v in composition), Decimal(0))
            if not Decimal(95) <= total <= Decimal(105):
                self.issue("composition_sum", f"{where}.composition", value=total)
            if unknown or not Decimal(95) <= total <= Decimal(105):
                return None
        return GasTest(carbon, tuple(composition))

    def calibration(self, value: Any, where: str) -> Calibration | None:
        if value is None:
            return None
        obj = self.obj(
            value, where,
            ("status", "required_accuracy_pct", "calibrated_accuracy_pct", "covered_share"),
        )  # fmt: skip
        if obj is None:
            return None
        before = len(self.issues)
        status = self.choice(obj, "status", f"{where}.status", CalibrationStatus)
        required = self.decimal(obj, "required_accuracy_pct", where,
                                required=True)  # fmt: skip
        calibrated = self.decimal(obj, "calibrated_accuracy_pct", f"{where}")
        share = self.decimal(obj, "covered_share", where)
        if status is CalibrationStatus.OUT_OF_TOLERANCE and calibrated is None:
            self.issue(
                "calibration", f"{where}.calibrated_accuracy_pct", value="calibrated_accuracy_pct"
            )
        if status is CalibrationStatus.DELAYED and share is None:
            self.issue("calibration", f"{where}.covered_share", value="covered_share")
        if share is not None and share > 1:
            self.issue("range", f"{where}.covered_share", low=0, high=1, value=share)
        if len(self.issues) > before:
            return None
        return Calibration(status, required, calibrated, share)  # type: ignore[arg-type]

    def electricity(self, obj: dict[str, Any], where: str) -> ElectricityMonth | None:
        mwh = self.decimal(obj, "mwh", where, required=True)
        return None if mwh is None else ElectricityMonth(self.month, mwh)  # type: ignore[arg-type]

    def production(self, obj: dict[str, Any], where: str) -> ProductionMonth | None:
        before = len(self.issues)
        values = {
            key: self.decimal(obj, key, where)
            for key in ("generation_mwh", "supply_mwh", "heat_gj", "running_hours",
                        "station_use_mwh", "heat_ratio_pct", "boiler_output_gj",
                        "boiler_efficiency_pct")
        }  # fmt: skip
        hours = values["running_hours"]
        if hours is not None and hours > 744:
            self.issue("range", f"{where}.running_hours", low=0, high=744, value=hours)
        ratio = values["heat_ratio_pct"]
        if ratio is not None and ratio > 100:
            self.issue("range", f"{where}.heat_ratio_pct", low=0, high=100, value=ratio)
        efficiency = values["boiler_efficiency_pct"]
        if efficiency is not None and not 0 < efficiency <= 100:
            self.issue("range", f"{where}.boiler_efficiency_pct", low=0, high=100,
                       value=efficiency)  # fmt: skip
        steam: list[SteamFlow] = []
        for i, row in enumerate(self.items(obj.get("steam"), f"{where}.steam")):
            s = self.obj(row, f"{where}.steam[{i}]", _STEAM_KEYS)
            if s is not None:
                at = f"{where}.steam[{i}]"
                m = self.decimal(s, "mass_t", at, required=True)
                h = self.decimal(s, "enthalpy_kj_per_kg", at, required=True)
                extra = {k: self.decimal(s, k, at) for k in _STEAM_KEYS[2:]}
                eff = extra["exchanger_efficiency_pct"]
                if eff is not None and not 0 < eff <= 100:
                    self.issue("range", f"{at}.exchanger_efficiency_pct", low=0, high=100,
                               value=eff)  # fmt: skip
                if m is not None and h is not None:
                    steam.append(SteamFlow(m, h, **extra))
        water: list[HotWaterFlow] = []
        for i, row in enumerate(self.items(obj.get("hot_water"), f"{where}.hot_water")):
            w = self.obj(row, f"{where}.hot_water[{i}]", ("mass_t", "temperature_c"))
            if w is not None:
                m = self.decimal(w, "mass_t", f"{where}.hot_water[{i}]", required=True)
                t = self.decimal(w, "temperature_c", f"{where}.hot_water[{i}]",
                                 required=True)  # fmt: skip
                if m is not None and t is not None:
                    water.append(HotWaterFlow(m, t))
        member_hours: list[tuple[str, Decimal]] = []
        given = obj.get("member_running_hours")
        if given is not None:
            if not isinstance(given, dict):
                self.issue("not_object", f"{where}.member_running_hours")
            else:
                for code in given:
                    v = self.decimal(given, code, f"{where}.member_running_hours")
                    if v is not None:
                        member_hours.append((code, v))
        if len(self.issues) > before:
            return None
        return ProductionMonth(
            month=self.month, steam=tuple(steam), hot_water=tuple(water),  # type: ignore[arg-type]
            member_running_hours=tuple(member_hours), **values,
        )  # fmt: skip


_DAILY_KEYS = frozenset(("day", "quantity", "ncv", "carbon_content", "state"))


def _plain_number(value: Any) -> bool:
    return (
        type(value) is str and len(value) <= _MAX_DIGITS and _DECIMAL.fullmatch(value) is not None
    )


def _plain_daily(row: Any) -> DailyRecord | None:
    """A daily record whose values are all plain (digits, a known state, an ISO day) read
    without the located checks — exactly what :meth:`_Reader.daily` gives it; None sends
    anything else down the checked path."""
    if type(row) is not dict or not row.keys() <= _DAILY_KEYS:
        return None
    quantity: Any = row.get("quantity")
    ncv, carbon = row.get("ncv"), row.get("carbon_content")
    state = (
        State._value2member_map_.get(row.get("state")) if type(row.get("state")) is str else None
    )
    if state is None or not _plain_number(quantity):
        return None
    if (ncv is not None and not _plain_number(ncv)) or (
        carbon is not None and not _plain_number(carbon)
    ):
        return None
    day = row.get("day")
    if day is not None:
        if type(day) is not str:
            return None
        try:
            day = date.fromisoformat(day)
        except ValueError:
            return None
    return DailyRecord.of_plain(
        Decimal(quantity),
        None if ncv is None else Decimal(ncv),
        state,  # type: ignore[arg-type]
        None if carbon is None else Decimal(carbon),
        day,
    )


# the reader for other sections of the document (tanhe.checks reads ``check_data``)
Reader = _Reader

_UNIT_KEYS = (
    "code", "name", "type", "subtype", "gas_class", "capacity_mw", "cooling", "fuels",
    "purchased_electricity", "production", "members",
)  # fmt: skip
_STEAM_KEYS = (
    "mass_t", "enthalpy_kj_per_kg", "return_t", "return_enthalpy_kj_per_kg", "makeup_t",
    "makeup_enthalpy_kj_per_kg", "exchanger_efficiency_pct",
)  # fmt: skip
_BIOMASS_MONTH_KEYS = ("month", "consumption", "ncv")  # 干基 consumption and NCV (表13)
_MEMBER_KEYS = ("code", "name", "type", "subtype", "capacity_mw", "standby_for")
_FUEL_MONTH_KEYS = (
    "month", "consumption", "ncv", "carbon_content", "state", "carbon_content_ad",
    "carbon_content_d", "moisture_ar", "moisture_ad", "ncv_ad", "daily", "gas_tests",
    "calibration",
)  # fmt: skip
_PRODUCTION_KEYS = (
    "month", "generation_mwh", "supply_mwh", "heat_gj", "running_hours", "station_use_mwh",
    "heat_ratio_pct", "steam", "hot_water", "member_running_hours", "boiler_output_gj",
    "boiler_efficiency_pct",
)  # fmt: skip


# -- writing ---------------------------------------------------------------------------------------
def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _steps(steps: tuple[Step, ...], trace: bool) -> dict[str, Any]:
    return {"steps": [s.as_dict() for s in steps]} if trace else {}


def result_to_dict(result: PlantYearResult, *, trace: bool = True) -> dict[str, Any]:
    """The full result as JSON-ready data: every number a string, with working when ``trace``."""
    return {
        "format": RESULT_FORMAT,
        "engine_version": result.engine_version,
        "year": result.year,
        "enterprise": {"name": result.enterprise_name, "credit_code": result.credit_code},
        "capacity_mw": str(result.capacity_mw),
        "combustion_emissions_tco2": str(result.combustion_emissions_tco2),
        "electricity_emissions_tco2": str(result.electricity_emissions_tco2),
        "total_emissions_tco2": str(result.total_emissions_tco2),
        "units": [_unit_dict(u, trace) for u in result.units],
        "parameters": [p.as_dict() for p in result.parameters],
    }


def _unit_dict(u: UnitResult, trace: bool) -> dict[str, Any]:
    return {
        "code": u.code,
        "name": u.name,
        "type": u.type.value,
        "type_zh": u.type.label_zh,
        "subtype": u.subtype.value,
        "subtype_zh": u.subtype_label_zh,
        "gas_class": u.gas_class.value if u.gas_class else None,
        "capacity_mw": str(u.capacity_mw),
        "category": u.category.value,
        "category_zh": u.category.label_zh,
        "cooling": u.cooling,
        "members": list(u.member_codes),
        "combustion_emissions_tco2": str(u.combustion_emissions_tco2),
        "electricity_emissions_tco2": str(u.electricity_emissions_tco2),
        "total_emissions_tco2": str(u.total_emissions_tco2),
        "fuels": [_fuel_dict(f, trace) for f in u.fuels],
        "biomass": [_biomass_dict(b, trace) for b in u.biomass],
        "purchased_electricity": _electricity_dict(u.electricity, trace),
        "production": _production_dict(u.production, trace),
        **_steps(u.steps, trace),
    }


def _fuel_dict(f: FuelResult, trace: bool) -> dict[str, Any]:
    return {
        "fuel": f.fuel,
        "name_zh": f.name_zh,
        "unit": f.unit,
        "carbon_unit": f.carbon_unit,
        "months": [_fuel_month_dict(m, trace) for m in f.months],
        "annual": _fuel_annual_dict(f.annual, trace),
    }


def _biomass_dict(b: BiomassResult, trace: bool) -> dict[str, Any]:
    return {
        "fuel": b.fuel,
        "name_zh": b.name_zh,
        "consumption": str(b.consumption),
        "heat_gj": str(b.heat_gj),
        "months": [_row(m, trace) for m in b.months],
    }


def _row(row: Any, trace: bool) -> dict[str, Any]:
    """A result row (a NamedTuple) as JSON data: its fields by name, numbers as strings."""
    out = {k: _json_value(v) for k, v in row._asdict().items() if k != "steps"}
    out.update(_steps(row.steps, trace))
    return out


def _json_value(v: Any) -> Any:
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, StrEnum):
        return v.value
    if isinstance(v, Mapping):
        return {k: _json_value(x) for k, x in v.items()}
    return v


def _fuel_month_dict(m: FuelMonthResult, trace: bool) -> dict[str, Any]:
    return _row(m, trace)


def _fuel_annual_dict(a: FuelAnnualResult, trace: bool) -> dict[str, Any]:
    return _row(a, trace)


def _electricity_dict(e: ElectricityResult, trace: bool) -> dict[str, Any]:
    return {
        "split_from_plant": e.split_from_plant,
        "mwh": str(e.mwh),
        "emissions_tco2": str(e.emissions_tco2),
        "months": [_row(m, trace) for m in e.months],
    }


def _production_dict(p: ProductionResult, trace: bool) -> dict[str, Any]:
    return {
        "rate_kind": p.rate_kind,
        "months": [{"month": m.month, **_row(m.values, trace)} for m in p.months],
        "annual": _row(p.annual, trace),
    }


def dumps_result(result: PlantYearResult, *, trace: bool = True) -> str:
    return json.dumps(result_to_dict(result, trace=trace), ensure_ascii=False, indent=2)


def summary_rows(result: PlantYearResult) -> list[dict[str, str]]:
    """The 信息汇总表: one row per unit and the plant total, numbers as reported strings."""
    rows = [
        {
            "code": u.code,
            "name": u.name,
            "type_zh": u.type.label_zh,
            "subtype_zh": u.subtype_label_zh,
            "capacity_mw": str(u.capacity_mw),
            "combustion_emissions_tco2": str(u.combustion_emissions_tco2),
            "electricity_emissions_tco2": str(u.electricity_emissions_tco2),
            "total_emissions_tco2": str(u.total_emissions_tco2),
        }
        for u in result.units
    ]
    rows.append(
        {
            "code": "",
            "name": "合计",
            "type_zh": "",
            "subtype_zh": "",
            "capacity_mw": str(result.capacity_mw),
            "combustion_emissions_tco2": str(result.combustion_emissions_tco2),
            "electricity_emissions_tco2": str(result.electricity_emissions_tco2),
            "total_emissions_tco2": str(result.total_emissions_tco2),
        }
    )
    return rows
