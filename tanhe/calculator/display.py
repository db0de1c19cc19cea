"""Shape a stored result (``result_to_dict`` output) into rows the templates can print as is.

Works from the stored snapshot only, never from a fresh engine run, so the page always shows
what was calculated and downloaded. Chinese labels come from the engine (one source of truth);
in English they are looked up in the message catalogue by their Chinese text, falling back to
Chinese when a new engine label has no translation yet.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language, gettext, gettext_noop

from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounting.model import State, state_label_zh
from tanhe.accounting.params import STATUS_ZH, ParameterError, default_parameters
from tanhe.accounting.quantities import Mode

# Engine labels shown on the page, listed so that makemessages extracts them for translation.
ENGINE_LABELS = (
    gettext_noop("燃煤机组"), gettext_noop("燃气机组"), gettext_noop("燃油机组"),
    gettext_noop("IGCC机组"), gettext_noop("其他"),
    gettext_noop("常规燃煤机组"), gettext_noop("非常规燃煤机组"), gettext_noop("循环流化床机组"),
    gettext_noop("300MW等级以上常规燃煤机组"), gettext_noop("300MW等级及以下常规燃煤机组"),
    gettext_noop("燃煤矸石、煤泥、水煤浆等非常规燃煤机组（含燃煤循环流化床机组）"),
    gettext_noop("其他机组"),
    gettext_noop("实测值"), gettext_noop("缺省值"), gettext_noop("计算值"),
    gettext_noop("已核实"), gettext_noop("交叉核对"), gettext_noop("未核实"),
    gettext_noop("入炉"), gettext_noop("入厂"),
)  # fmt: skip
# Parameter keys that are fuel categories rather than fuels.
_CATEGORY_KEYS = {
    "coal": gettext_noop("燃煤"),
    "oil": gettext_noop("燃油"),
    "gas": gettext_noop("燃气"),
}
# The format leaves cooling free text; the two usual values get a proper label.
_COOLING_ZH = {"water": gettext_noop("水冷"), "air": gettext_noop("空冷")}
FUEL_COLUMNS = (
    "consumption", "ncv", "carbon_content", "heat_gj", "unit_heat_carbon",
    "oxidation_rate_pct", "emissions_tco2",
)  # fmt: skip
PRODUCTION_COLUMNS = (
    "generation_mwh", "supply_mwh", "heat_gj", "heat_ratio_pct", "power_coal_rate",
    "heat_coal_rate", "running_hours", "load_factor_pct", "power_intensity", "heat_intensity",
    "emissions_tco2",
)  # fmt: skip


def engine_lang(language: str | None = None) -> str:
    """The engine's language code ("zh"/"en") for a Django language code (default: active)."""
    return "en" if (language or get_language() or "").startswith("en") else "zh"


def label(zh_text: str | None) -> str:
    """An engine label in the active language (Chinese text is the catalogue's msgid)."""
    if not zh_text:
        return ""
    return gettext(zh_text) if engine_lang() == "en" else zh_text


def _mode_zh(value: str | None) -> str | None:
    """实测值 / 缺省值 / 计算值 of a mode value in the engine's JSON (None for none)."""
    return Mode(value).label_zh if value in set(Mode) else None


def pretty_unit(unit: str | None) -> str:
    """Units as printed: 10⁴Nm³, tCO₂ (the engine writes ASCII: 10^4Nm3, tCO2)."""
    if not unit:
        return ""
    shown = unit.replace("10^4", "10⁴").replace("Nm3", "Nm³").replace("CO2", "CO₂")
    return shown.replace(" 或 ", " or ") if engine_lang() == "en" else shown


def month_label(month: int) -> str:
    return calendar.month_abbr[month] if engine_lang() == "en" else f"{month}月"


@dataclass(frozen=True, slots=True)
class Cell:
    value: str | None
    mode: str = ""  # measured / default / calculated, for the badge colour
    mode_label: str = ""


@dataclass(frozen=True, slots=True)
class StepView:
    label: str
    value: str
    unit: str
    working: str
    clause: str
    mode: str
    mode_label: str
    note: str | None


@dataclass(frozen=True, slots=True)
class RowView:
    label: str
    cells: list[Cell]
    steps: list[StepView] = field(default_factory=list)
    is_total: bool = False
    note: str = ""

    @property
    def step_summary(self) -> str:
        """The distinct step labels, for the closed <details> line."""
        labels = list(dict.fromkeys(s.label for s in self.steps))
        return (", " if engine_lang() == "en" else "、").join(labels)


@dataclass(frozen=True, slots=True)
class FuelView:
    key: str
    name: str
    unit: str
    ncv_unit: str
    carbon_unit: str
    rows: list[RowView]


@dataclass(frozen=True, slots=True)
class UnitView:
    code: str
    name: str
    type_label: str
    subtype_label: str
    category_label: str
    capacity_mw: str
    cooling: str | None
    members: list[str]
    combustion_emissions_tco2: str
    electricity_emissions_tco2: str
    total_emissions_tco2: str
    fuels: list[FuelView]
    electricity_rows: list[RowView]
    electricity_split: bool
    production_rows: list[RowView]
    production_rate_kind: str
    steps: list[StepView]


@dataclass(frozen=True, slots=True)
class SummaryRow:
    code: str
    name: str
    type_label: str
    subtype_label: str
    capacity_mw: str
    combustion_emissions_tco2: str
    electricity_emissions_tco2: str
    total_emissions_tco2: str
    is_total: bool = False


@dataclass(frozen=True, slots=True)
class ParameterView:
    name: str
    label: str
    key: str
    value: str
    table: list[tuple[str, str]]  # for a table-valued parameter (the rounding table)
    unit: str
    effective_from: str
    published: str
    document: str
    status: str
    status_label: str


@dataclass(frozen=True, slots=True)
class ResultView:
    year: int
    enterprise_name: str
    credit_code: str
    capacity_mw: str
    combustion_emissions_tco2: str
    electricity_emissions_tco2: str
    total_emissions_tco2: str
    engine_version: str
    summary: list[SummaryRow]
    units: list[UnitView]
    parameters: list[ParameterView]


def step_views(steps: list[dict[str, Any]] | None) -> list[StepView]:
    en = engine_lang() == "en"
    return [
        StepView(
            label=(s.get("label_en") if en else s.get("label_zh")) or s.get("quantity", ""),
            value=s.get("value") or "",
            unit=pretty_unit(s.get("unit")),
            working=s.get("working") or "",
            clause=s.get("clause") or "",
            mode=s.get("mode") or "",
            mode_label=label(s.get("mode_zh") or _mode_zh(s.get("mode"))),
            note=s.get("note"),
        )
        for s in steps or []
    ]


def summary(result: dict[str, Any]) -> list[SummaryRow]:
    """The 信息汇总表 rows (units, then 合计) — the same rows as the engine's ``summary_rows``."""
    rows = [
        SummaryRow(
            code=u["code"],
            name=u["name"],
            type_label=label(u.get("type_zh")),
            subtype_label=label(u.get("subtype_zh")),
            capacity_mw=u["capacity_mw"],
            combustion_emissions_tco2=u["combustion_emissions_tco2"],
            electricity_emissions_tco2=u["electricity_emissions_tco2"],
            total_emissions_tco2=u["total_emissions_tco2"],
        )
        for u in result.get("units", [])
    ]
    rows.append(
        SummaryRow(
            code="",
            name=gettext("合计"),
            type_label="",
            subtype_label="",
            capacity_mw=result["capacity_mw"],
            combustion_emissions_tco2=result["combustion_emissions_tco2"],
            electricity_emissions_tco2=result["electricity_emissions_tco2"],
            total_emissions_tco2=result["total_emissions_tco2"],
            is_total=True,
        )
    )
    return rows


def _fuel_view(fuel: dict[str, Any]) -> FuelView:
    catalogue_entry = fuel_catalogue().get(fuel["fuel"])
    if engine_lang() == "en" and catalogue_entry is not None:
        name = catalogue_entry.name_en
    else:
        name = fuel.get("name_zh") or fuel["fuel"]
    rows = []
    for m in fuel.get("months", []):
        modes = m.get("modes", {})
        cells = [
            Cell(m.get(col), modes.get(col, ""), label(_mode_zh(modes.get(col))))
            for col in FUEL_COLUMNS
        ]
        state = state_label_zh(m["state"]) if m.get("state") in set(State) else None
        rows.append(
            RowView(month_label(m["month"]), cells, step_views(m.get("steps")), note=label(state))
        )
    annual = fuel.get("annual")
    if annual:
        cells = [Cell(annual.get(col)) for col in FUEL_COLUMNS]
        rows.append(RowView(gettext("全年"), cells, step_views(annual.get("steps")), True))
    unit = fuel.get("unit", "")
    return FuelView(
        key=fuel["fuel"],
        name=name,
        unit=pretty_unit(unit),
        ncv_unit=pretty_unit(f"GJ/{unit}"),
        carbon_unit=pretty_unit(fuel.get("carbon_unit")),
        rows=rows,
    )


def _electricity_rows(e: dict[str, Any]) -> list[RowView]:
    rows = [
        RowView(
            month_label(m["month"]),
            [
                Cell(m.get("mwh")),
                Cell(m.get("grid_emission_factor")),
                Cell(m.get("emissions_tco2")),
            ],
            step_views(m.get("steps")),
        )
        for m in e.get("months", [])
    ]
    if rows:
        rows.append(
            RowView(
                gettext("合计"),
                [Cell(e.get("mwh")), Cell(None), Cell(e.get("emissions_tco2"))],
                is_total=True,
            )
        )
    return rows


def _production_rows(p: dict[str, Any]) -> list[RowView]:
    rows = [
        RowView(
            month_label(m["month"]),
            [Cell(m.get(col)) for col in PRODUCTION_COLUMNS],
            step_views(m.get("steps")),
        )
        for m in p.get("months", [])
    ]
    annual = p.get("annual")
    if rows and annual:
        rows.append(
            RowView(
                gettext("全年"),
                [Cell(annual.get(col)) for col in PRODUCTION_COLUMNS],
                step_views(annual.get("steps")),
                True,
            )
        )
    return rows


def _cooling(value: str | None) -> str | None:
    return label(_COOLING_ZH[value]) if value in _COOLING_ZH else value


def _unit_view(u: dict[str, Any]) -> UnitView:
    electricity = u.get("purchased_electricity") or {}
    production = u.get("production") or {}
    return UnitView(
        code=u["code"],
        name=u["name"],
        type_label=label(u.get("type_zh")),
        subtype_label=label(u.get("subtype_zh")),
        category_label=label(u.get("category_zh")),
        capacity_mw=u["capacity_mw"],
        cooling=_cooling(u.get("cooling")),
        members=list(u.get("members") or []),
        combustion_emissions_tco2=u["combustion_emissions_tco2"],
        electricity_emissions_tco2=u["electricity_emissions_tco2"],
        total_emissions_tco2=u["total_emissions_tco2"],
        fuels=[_fuel_view(f) for f in u.get("fuels", [])],
        electricity_rows=_electricity_rows(electricity),
        electricity_split=bool(electricity.get("split_from_plant")),
        production_rows=_production_rows(production),
        production_rate_kind=production.get("rate_kind", "coal"),
        steps=step_views(u.get("steps")),
    )


def _parameter_label(p: dict[str, Any]) -> str:
    if engine_lang() == "en":
        try:
            return default_parameters()[p["name"]].label_en
        except ParameterError:
            pass  # a parameter this version no longer ships: keep the stored Chinese label
    return p.get("label_zh") or p["name"]


def _parameter_key(key: str | None) -> str:
    if not key:
        return ""
    if key in _CATEGORY_KEYS:
        return label(_CATEGORY_KEYS[key])
    fuel = fuel_catalogue().get(key)
    if fuel is None:
        return key
    return fuel.name_en if engine_lang() == "en" else fuel.name_zh


def parameter_views(parameters: list[dict[str, Any]]) -> list[ParameterView]:
    views = []
    for p in parameters:
        value = p.get("value")
        table = sorted(value.items()) if isinstance(value, dict) else []
        status = p.get("status", "")
        views.append(
            ParameterView(
                name=p["name"],
                label=_parameter_label(p),
                key=_parameter_key(p.get("key")),
                value="" if table else str(value),
                table=[(k, str(v)) for k, v in table],
                unit=pretty_unit(p.get("unit")),
                effective_from=p.get("effective_from", ""),
                published=p.get("published", ""),
                document=p.get("document", ""),
                status=status,
                status_label=label(STATUS_ZH.get(status, status)),
            )
        )
    return views


def result_view(result: dict[str, Any]) -> ResultView:
    """Everything the result page prints, in the active language."""
    enterprise = result.get("enterprise", {})
    return ResultView(
        year=result["year"],
        enterprise_name=enterprise.get("name", ""),
        credit_code=enterprise.get("credit_code", ""),
        capacity_mw=result["capacity_mw"],
        combustion_emissions_tco2=result["combustion_emissions_tco2"],
        electricity_emissions_tco2=result["electricity_emissions_tco2"],
        total_emissions_tco2=result["total_emissions_tco2"],
        engine_version=result.get("engine_version", ""),
        summary=summary(result),
        units=[_unit_view(u) for u in result.get("units", [])],
        parameters=parameter_views(result.get("parameters", [])),
    )
