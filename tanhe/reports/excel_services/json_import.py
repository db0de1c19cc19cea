"""Importing a ``tanhe.plant-year/1`` document (the calculator's format): what it gives for each
unit, fuel and month becomes the report's entries, daily records and heat measurements — all or
nothing, in one transaction. What the report cannot hold is refused, naming the document's place."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanhe.accounting import InputErrors, parse_plant_year
from tanhe.accounting.report_form import STATE_KEY, Table
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.inputs import shorten
from tanhe.plans.display import value_label
from tanhe.plans.models import PlanUnit
from tanhe.reports.models import STEAM_BALANCE_FIELDS

from .. import calculation, selectors, services
from ..completeness import states_missing
from ..excel.book import Place, Where
from ..excel.refusals import Problem, WorkbookRejected
from ..labels import fuel_name, lang, listed, month_label
from ..models import Origin, Report
from ..places import DAILY_KEYS
from ..problems import texts
from ..services import CellErrors, DailyInput, HeatInput
from ._common import (
    Imported,
    _audit,
    _cell_inputs,
    _guard,
    _save_cells,
    _size,
    _units_by_name,
    upload_limit,
)

FUEL_KEYS = ("consumption", "ncv", "carbon_content", "carbon_content_ad", "carbon_content_d",
             "moisture_ar", "moisture_ad")  # fmt: skip
# from the days when given
PRODUCTION_KEYS = calculation.PRODUCTION_INPUTS
UNSUPPORTED_FUEL = {
    "ncv_ad": gettext_lazy("空气干燥基低位发热量（ncv_ad）：请换算为收到基低位发热量后填报 ncv"),
    "gas_tests": gettext_lazy("燃气检测（gas_tests）：请按月填报收到基元素碳含量 carbon_content"),
    "calibration": gettext_lazy("校准调整（calibration）：报告表单填报调整后的消耗量"),
}
UNSUPPORTED_PRODUCTION = {
    "station_use_mwh": gettext_lazy("厂用电量（station_use_mwh）：请填报供电量 supply_mwh"),
}


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


@dataclass
class _Plan:
    """What a plant-year document asks of the report."""

    cells: dict[Place, str] = field(default_factory=dict)
    daily: dict[tuple[str, str, int], list[DailyInput]] = field(default_factory=dict)
    monthly: set[tuple[str, str, int]] = field(default_factory=set)  # fuel months given monthly
    # production months given, with their steam / hot-water measurements (供热计量; may be empty)
    heat: dict[tuple[str, int], list[HeatInput]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _in_document(unit: str, month: int, fuel: str = "") -> str:
    """A place of the document as its own paths name it: 机组 1号机组 / 燃料 烟煤 / 1月."""
    if fuel:
        return _("机组 %(unit)s / 燃料 %(fuel)s / %(month)s") % {
            "unit": unit, "fuel": fuel_name(fuel), "month": month_label(month)}  # fmt: skip
    return _("机组 %(unit)s / %(month)s") % {"unit": unit, "month": month_label(month)}


def _fuel_months(plan: _Plan, unit: PlanUnit, fuel: Any) -> None:
    for m in fuel.months:
        where = _in_document(unit.name, m.month, fuel.fuel)
        for key, label in UNSUPPORTED_FUEL.items():
            if getattr(m, key) not in (None, ()):
                plan.problems.append(Problem(_(
                    "%(where)s：排放报告的燃料信息表不能保存%(what)s"
                ) % {"where": where, "what": label}))  # fmt: skip
        given = {key: _text(getattr(m, key)) for key in FUEL_KEYS}
        given[STATE_KEY] = m.state.value if m.state else ""
        if m.daily:
            if any(given[k] for k in DAILY_KEYS):
                plan.problems.append(Problem(_(
                    "%(where)s：已给出日/批次数据（daily）时不应再填月消耗量、低位发热量、元素碳含量或状态"
                ) % {"where": where}))  # fmt: skip
                continue
            if any(r.day is None for r in m.daily):
                plan.problems.append(Problem(
                    _("%(where)s：日/批次数据须给出日期（day）才能保存到报告") % {"where": where}
                ))  # fmt: skip
                continue
            plan.daily[(unit.name, fuel.fuel, m.month)] = [
                DailyInput(r.day, _text(r.quantity), _text(r.ncv), _text(r.carbon_content),
                           r.state.value)
                for r in m.daily
            ]  # fmt: skip
            given = {k: v for k, v in given.items() if k not in DAILY_KEYS}
        else:
            plan.monthly.add((unit.name, fuel.fuel, m.month))
        for key, text in given.items():
            plan.cells[(unit.name, Table.FUEL.value, fuel.fuel, key, m.month)] = text


def _plan_document(report: Report, plant: Any) -> _Plan:
    plan = _Plan()
    enterprise = report.enterprise
    if plant.credit_code != enterprise.credit_code:
        plan.problems.append(Problem(_(
            "重点排放单位不同：文件为“%(file_name)s”（%(file_code)s），"
            "本报告属于“%(name)s”（%(code)s）"
        ) % {"file_name": shorten(plant.enterprise_name), "file_code": shorten(plant.credit_code),
             "name": enterprise.name, "code": enterprise.credit_code}))  # fmt: skip
    if plant.year != report.year:
        plan.problems.append(Problem(_(
            "报告年度不同：文件为%(file)s年度，本报告为%(year)s年度"
        ) % {"file": plant.year, "year": report.year}))  # fmt: skip
    if plan.problems:
        return plan
    units = {u.name: u for u in calculation.reporting_units(report)}
    split = report.split_purchased_electricity
    for u in plant.units:
        unit = units.get(u.name)
        if unit is None:
            plan.problems.append(Problem(_(
                "机组“%(unit)s”（编号 %(code)s）不在本报告依据的质量控制计划中"
                "（计划中的机组：%(units)s）：JSON 按机组名称对应计划中的机组"
            ) % {"unit": shorten(u.name), "code": shorten(u.code),
                 "units": listed(units)}))  # fmt: skip
            continue
        _plan_unit(plan, u, unit, split)
    if plant.plant_purchased_electricity:
        if not split:
            plan.problems.append(Problem(_(
                "文件给出了全厂购入电量（plant_purchased_electricity），但本报告未选择"
                "“外购电量无法分机组，按机组数目平分”：请先在购入使用电量表中选择，或按机组填报"
            )))  # fmt: skip
        for e in plant.plant_purchased_electricity:
            plan.cells[("", Table.ELECTRICITY.value, "", "mwh", e.month)] = _text(e.mwh)
    _auxiliary_fuels(plan, report, plant)
    if plant.known_on is not None:
        plan.notes.append(
            _("文件中的 known_on（%(date)s）未保存：报告按其年度的参数计算")
            % {"date": plant.known_on.isoformat()}
        )
    return plan


def _auxiliary_fuels(plan: _Plan, report: Report, plant: Any) -> None:
    """``plant_auxiliary_fuels`` (seed 000 机组信息 说明 c): the plant's monthly consumption of a
    fuel the report allocates by generation; allocating it is the user's act on the 燃料信息表."""
    allocated = calculation.allocated_fuels(report)
    for aux in plant.plant_auxiliary_fuels:
        if aux.fuel not in allocated:
            plan.problems.append(Problem(_(
                "文件给出了全厂%(fuel)s消耗量（plant_auxiliary_fuels），但本报告未选择"
                "“%(fuel)s无法分机组计量，按机组发电量分配”：请先在燃料信息表中选择，或按机组填报"
            ) % {"fuel": fuel_name(aux.fuel)}))  # fmt: skip
            continue
        for m in aux.months:
            plan.cells[("", Table.FUEL.value, aux.fuel, "consumption", m.month)] = _text(
                m.consumption
            )


def _plan_unit(plan: _Plan, u: Any, unit: PlanUnit, split: bool) -> None:
    """A unit of the document, matched by name to the plan's: its type and capacity as planned,
    its fuels' months, purchased electricity and production months."""
    if u.type.value != unit.unit_type:
        plan.problems.append(Problem(_(
            "机组“%(unit)s”的类型为%(type)s，质量控制计划中为%(planned)s"
        ) % {"unit": u.name, "type": value_label("unit_type", u.type.value),
             "planned": value_label("unit_type", unit.unit_type)}))  # fmt: skip
    if u.capacity_mw != unit.capacity_mw:
        plan.problems.append(Problem(_(
            "机组“%(unit)s”的装机容量为 %(mw)s MW，质量控制计划中为 %(planned)s MW"
        ) % {"unit": u.name, "mw": _text(u.capacity_mw),
             "planned": _text(unit.capacity_mw.normalize())}))  # fmt: skip
    for fuel in u.fuels:
        if fuel.fuel not in unit.fuel_names:
            plan.problems.append(Problem(_(
                "质量控制计划中%(unit)s没有燃料“%(fuel)s”（计划中的燃料：%(fuels)s）"
            ) % {"unit": u.name, "fuel": fuel_name(fuel.fuel),
                 "fuels": listed(fuel_name(f) for f in unit.fuel_names)}))  # fmt: skip
            continue
        _fuel_months(plan, unit, fuel)
    if u.purchased_electricity is not None:
        if split:
            plan.problems.append(Problem(_(
                "机组“%(unit)s”：本报告选择了“外购电量无法分机组，按机组数目平分”，"
                "请在 plant_purchased_electricity 中填报全厂购入电量"
            ) % {"unit": u.name}))  # fmt: skip
        for e in u.purchased_electricity:
            plan.cells[(u.name, Table.ELECTRICITY.value, "", "mwh", e.month)] = _text(e.mwh)
    for p in u.production:
        _production_month(plan, u, unit, p)


def _production_month(plan: _Plan, u: Any, unit: PlanUnit, p: Any) -> None:
    """A production month: its values, 合并填报 members' running hours and heat measurements."""
    for key, label in UNSUPPORTED_PRODUCTION.items():
        if getattr(p, key) not in (None, ()):
            plan.problems.append(Problem(_(
                "%(where)s：排放报告的生产数据表不能保存%(what)s"
            ) % {"where": _in_document(u.name, p.month), "what": label}))  # fmt: skip
    for key in PRODUCTION_KEYS:
        place = (u.name, Table.PRODUCTION.value, "", key, p.month)
        plan.cells[place] = _text(getattr(p, key))
    members = {m.code: m.name for m in u.members}
    planned = {m.name for m in calculation.members_of(unit)}
    for code, hours in p.member_running_hours:  # 合并填报: each member's hours
        member = members.get(code, code)
        if member not in planned:
            plan.problems.append(Problem(_(
                "%(where)s：成员“%(member)s”不是质量控制计划中该合并填报机组的成员"
                "（%(members)s）"
            ) % {"where": _in_document(u.name, p.month), "member": shorten(member),
                 "members": listed(sorted(planned)) or _("无")}))  # fmt: skip
            continue
        place = (member, Table.PRODUCTION.value, "", "running_hours", p.month)
        plan.cells[place] = _text(hours)
    plan.heat[(u.name, p.month)] = [
        HeatInput(
            "steam",
            _text(f.mass_t),
            _text(f.enthalpy_kj_per_kg),
            **{k: _text(getattr(f, k)) for k in STEAM_BALANCE_FIELDS},
        )
        for f in p.steam
    ] + [
        HeatInput("hot_water", _text(f.mass_t), temperature_c=_text(f.temperature_c))
        for f in p.hot_water
    ]


def _changed(report: Report, wanted: dict[Place, str]) -> list[tuple[Place, str]]:
    """The places whose entry differs from the report (an automatic value is not an entry)."""
    names = {u.pk: u.name for u in _units_by_name(report).values()}
    existing = {
        (names.get(c.unit_id, ""), c.table, c.fuel, c.key, c.month): c for c in report.cells.all()
    }
    out = []
    for place, text in wanted.items():
        cell = existing.get(place)
        current = cell.value if cell else ""
        auto = cell is not None and cell.origin == Origin.AUTO
        if text == current and not auto:
            continue
        if text == "" and (current == "" or auto):
            continue
        out.append((place, text))
    return out


def _daily_changes(
    report: Report, plan: _Plan
) -> list[tuple[tuple[str, str, int], list[DailyInput]]]:
    names = {u.pk: u.name for u in calculation.reporting_units(report)}
    existing: dict[tuple[str, str, int], list[DailyInput]] = defaultdict(list)
    records = report.daily_records.order_by("day")
    for r in records:
        existing[(names.get(r.unit_id, ""), r.fuel, r.day.month)].append(
            DailyInput(r.day, r.quantity, r.ncv, r.carbon_content, r.state)
        )
    out = [(k, rows) for k, rows in plan.daily.items() if existing.get(k) != sorted(
        rows, key=lambda r: r.day)]  # fmt: skip
    out += [(k, []) for k in sorted(plan.monthly) if k in existing]  # monthly now: days dropped
    return out


def import_json(*, actor: User, report: Report, data: bytes, name: str) -> Imported:
    """Import a ``tanhe.plant-year/1`` document: for every unit (by name), fuel and month it
    gives, the report's entries become the document's (a key it leaves out is cleared); months
    it does not give stay as they are. All or nothing."""
    report = _guard(actor, report)
    _size(data, name, upload_limit("json"))
    try:
        plant = parse_plant_year(data)
    except InputErrors as exc:
        raise WorkbookRejected([Problem(m) for m in exc.messages(lang())]) from None
    plan = _plan_document(report, plant)
    if plan.problems:
        raise WorkbookRejected(plan.problems)
    entries = _cell_inputs(report, _changed(report, plan.cells))
    daily = _daily_changes(report, plan)
    units = {u.name: u for u in calculation.reporting_units(report)}
    done = Imported(len(entries), 0, len(daily), 0, plan.notes)
    with transaction.atomic():
        refused: list[Problem] = []
        for (unit, fuel, month), rows in daily:
            try:
                services.save_daily_records(actor=actor, report=report, unit=units[unit],
                                            fuel=fuel, month=month, rows=rows)  # fmt: skip
            except CellErrors as exc:
                refused += [Problem(p) for p in exc.problems]
            except ValidationError as exc:
                where = Where(unit, Table.FUEL.value, fuel, "", month)
                refused += [Problem(_("%(where)s：%(what)s") % {"where": where, "what": m})
                            for m in exc.messages]  # fmt: skip
        refused += _import_heat(actor, report, plan, units)
        if refused:
            raise WorkbookRejected(refused)
        # after the days and measurements: a month given monthly again is no longer derived
        _save_cells(actor, report, entries)
        if done.changed:
            _audit(actor, report, Action.REPORT_IMPORT_JSON, name, data, done)
    # the calculator does without a 燃料状态, the report does not: say which months now lack it
    done.notes.extend(texts(states_missing(report), selectors.unit_names(report)))
    return done


def _import_heat(
    actor: User, report: Report, plan: _Plan, units: dict[str, PlanUnit]
) -> list[Problem]:
    """A production month the document gives takes its steam / hot-water measurements (none
    clears those stored)."""
    stored = set(report.heat_measurements.values_list("unit__name", "month"))
    refused: list[Problem] = []
    for (unit, month), rows in plan.heat.items():
        if not rows and (unit, month) not in stored:
            continue
        try:
            services.save_heat_measurements(actor=actor, report=report, unit=units[unit],
                                            month=month, rows=rows)  # fmt: skip
        except CellErrors as exc:
            refused += [Problem(p) for p in exc.problems]
    return refused
