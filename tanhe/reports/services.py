"""Business actions on the annual report and the monthly 存证. Each is one transaction that
checks permission and state, changes, and writes its audit row (tanhe.audit).

Rules by source:
- report creation gated on a submitted plan: seed 000 FAQ 2 (质量控制计划提交后，方可创建…);
- decimals of each cell: the national form's 填表说明 (``parameters/rounding.toml``);
- 自动计算 overwrites only after confirmation: seed 000 燃料信息表 (再次点击自动计算…会重新覆盖);
- monthly 存证 within 40 days of month end: accounting-rules §11 (环办气候函〔2022〕111号);
- submitted reports are immutable; 退回补正 creates the next version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from tanhe.accounting import result_to_dict
from tanhe.accounting.fuels import fuel_catalogue
from tanhe.accounting.interchange import FIRST_YEAR
from tanhe.accounting.params import default_parameters
from tanhe.accounting.report_form import MONTHS, STATE_KEY, Row, Table
from tanhe.accounting.report_form import ROW_BY_KEY as FORM_ROWS
from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Organisation
from tanhe.audit.services import field_changes, record
from tanhe.documents.services import store_file
from tanhe.inputs import InputRefused, has_control_characters
from tanhe.plans.models import PlanState, PlanUnit, PlanVersion
from tanhe.validators import control_message, free_text, free_texts, number_message

from . import calculation, values
from .models import (
    STATE_VALUES,
    DailyFuelRecord,
    EvidenceKind,
    FilingState,
    HeatKind,
    HeatMeasurement,
    Mode,
    MonthFiling,
    Origin,
    Report,
    ReportCell,
    ReportComment,
    ReportEvidence,
    ReportState,
    ReportSubmission,
    TestRecord,
    ValueEvidence,
)

STAMPED_PDF_MISSING = "提交确认：请下载排放报告，打印盖章后上传盖章扫描版（PDF）"
SOURCE_MAX = 200  # ReportCell.source
# 合并填报: the one value entered per member unit rather than for the merged row
MEMBER_ROW = (Table.PRODUCTION, "running_hours")
PLANT_NAME = "全厂"  # ValueEvidence.unit_name of plant-level rows
CONTACT_FIELDS = ("contact_person", "contact_phone", "contact_email")
TEST_FIELDS = (
    "method",
    "device",
    "frequency",
    "calibration_frequency",
    "standard",
    "laboratory",
    "accreditation",
    "sampled_on",
    "reported_on",
)
PDF_ONLY = frozenset({"pdf"})


class CellErrors(ValidationError):
    """Entries refused: ``problems`` names unit, month and field of each; nothing was saved."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(problems)


# -- guards ---------------------------------------------------------------------------------------
def _editable(actor: Any, report: Report) -> Report:
    report = Report.objects.select_for_update().select_related("enterprise").get(pk=report.pk)
    perm.require(perm.can_file(actor, report.enterprise), "只有本单位的报送账号可以填报排放报告")
    if report.is_frozen:
        raise ValidationError(
            f"{report.year}年报第{report.number}版{report.get_state_display()}，不能修改"
        )
    return report


def _audit(actor: Any, action: str, obj: Any, report: Report, **kw: Any) -> None:
    record(actor=actor, action=action, obj=obj, organisation=report.enterprise, **kw)


def plan_in_force(enterprise: Organisation) -> PlanVersion | None:
    """The latest submitted or approved plan version (seed 000 FAQ 2)."""
    return (
        enterprise.plan_versions.filter(state__in=(PlanState.SUBMITTED, PlanState.APPROVED))
        .order_by("-number")
        .first()
    )


# -- creation -------------------------------------------------------------------------------------
@transaction.atomic
def create_report(*, actor: Any, enterprise: Organisation, year: int) -> Report:
    perm.require(perm.can_file(actor, enterprise), "只有本单位的报送账号可以创建排放报告")
    Organisation.objects.select_for_update().get(pk=enterprise.pk)  # one creation at a time
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise ValidationError({"year": f"报告年度须在 {FIRST_YEAR}–{this_year} 年之间"})
    plan = plan_in_force(enterprise)
    if plan is None:
        raise ValidationError("请先提交数据质量控制计划：质量控制计划提交后，方可创建排放报告")
    if enterprise.reports.filter(year=year).exists():
        raise ValidationError({"year": f"{year}年度的年报已存在，请在列表中编辑"})
    basic = plan.basic
    report = Report.objects.create(
        enterprise=enterprise,
        year=year,
        plan_version=plan,
        contact_person=basic.contact_person,
        contact_phone=basic.contact_phone,
        created_by=actor,
    )
    _audit(
        actor,
        "report.create",
        report,
        report,
        changes={"year": (None, year), "plan_version": (None, plan.number)},
    )
    return report


@transaction.atomic
def update_contact(*, actor: Any, report: Report, data: Mapping[str, Any]) -> Report:
    """基本信息: only 报告联系人, 联系电话, 电子邮箱 are editable (seed 000); the rest is the
    plan's."""
    report = _editable(actor, report)
    typed = {
        k: free_text(data[k], Report._meta.get_field(k).verbose_name, k)
        for k in CONTACT_FIELDS
        if k in data
    }
    changes = field_changes(report, typed)
    for field, (_, new) in changes.items():
        setattr(report, field, new)
    if changes:
        report.full_clean(exclude=["enterprise", "plan_version", "created_by", "stamped_pdf"])
        report.save()
        _audit(actor, "report.contact", report, report, changes=changes)
    return report


@transaction.atomic
def set_split_electricity(*, actor: Any, report: Report, split: bool) -> Report:
    """购入使用电量表 说明1: a purchase that cannot be metered per unit is split equally."""
    report = _editable(actor, report)
    if report.split_purchased_electricity != split and (sealed := _sealed_months(report)):
        months = "、".join(f"{m}月" for m in sorted(sealed))
        raise ValidationError(
            f"{months}已存证：改变外购电量的填报方式会改变这些月份的数据，请先对其提出修改申请"
        )
    if report.split_purchased_electricity != split:
        _audit(
            actor,
            "report.split_electricity",
            report,
            report,
            changes={"split_purchased_electricity": (not split, split)},
        )
        report.split_purchased_electricity = split
        report.save(update_fields=["split_purchased_electricity", "updated_at"])
    return report


# -- cells ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CellInput:
    """One value the enterprise enters: where, what, and how it was obtained."""

    unit: PlanUnit | None
    table: str
    fuel: str
    key: str
    month: int
    value: str
    mode: str = Mode.MEASURED
    source: str = ""


def place_text(unit: PlanUnit | None, table: str, fuel: str, key: str, month: int) -> str:
    """A cell's place as every message names it: unit, fuel, month, row label. Pages match a
    problem to its cell by this prefix."""
    row = FORM_ROWS.get((table, key))  # type: ignore[arg-type]  # StrEnum == str
    name = unit.name if unit else "全厂"
    fuel_text = f" {fuel_catalogue()[fuel].name_zh}" if fuel in fuel_catalogue() else ""
    label = row.label_zh if row else ("燃料状态" if key == STATE_KEY else key)
    return f"{name}{fuel_text} {month}月 {label}"


def _where(entry: CellInput) -> str:
    return place_text(entry.unit, entry.table, entry.fuel, entry.key, entry.month)


def _clean_value(entry: CellInput, row: Row | None, decimals: Mapping[str, int]) -> str:
    """The canonical text of an entry (:func:`.values.cell_value`, the rule every entry path
    shares), or raises ValueError with the rule it breaks."""
    try:
        return values.cell_value(entry.value, entry.key, row, entry.fuel, decimals)
    except InputRefused as exc:
        raise ValueError(number_message(entry.value, exc.problem)) from None


def _sealed_months(report: Report) -> set[int]:
    return set(
        MonthFiling.objects.filter(
            enterprise=report.enterprise, year=report.year, state=FilingState.SEALED
        ).values_list("month", flat=True)
    )


def _decimals(report: Report) -> dict[str, int]:
    table = default_parameters()["rounding"].value_at(date(report.year, 12, 31))
    return {k: int(v) for k, v in table.value.items()}


def _check_entry(entry: CellInput, report: Report, units: dict[int, PlanUnit]) -> Row | None:
    if entry.table not in set(Table):
        raise ValueError(f"没有“{entry.table}”这张表")
    row = FORM_ROWS.get((Table(entry.table), entry.key))
    if row is None and not (entry.table == Table.FUEL and entry.key == STATE_KEY):
        raise ValueError(f"{Table(entry.table).label_zh}没有“{entry.key}”这一行")
    if entry.month not in MONTHS:
        raise ValueError("月份须为 1–12")
    if entry.unit is None:
        if not (entry.table == Table.ELECTRICITY and entry.key == "mwh"):
            raise ValueError("只有外购电量可以按全厂填报")
    elif entry.unit.pk not in units and not (
        entry.unit.merged_into_id in units and (entry.table, entry.key) == MEMBER_ROW
    ):
        raise ValueError("该机组不在本报告依据的质量控制计划中")
    if entry.table == Table.FUEL:
        assert entry.unit is not None
        if entry.fuel not in entry.unit.fuel_names:
            raise ValueError(f"质量控制计划中{entry.unit.name}没有燃料“{entry.fuel}”")
    elif entry.fuel:
        raise ValueError("只有燃料信息表按燃料填报")
    if entry.mode not in set(Mode):
        raise ValueError("数据获取方式须为实测值、缺省值或计算值")
    return row


@dataclass(frozen=True)
class _Derived:
    """Places whose value is derived from other records, not entered (every entry path)."""

    daily: set[tuple[int, str, int]]  # unit, fuel, month built from daily records
    heat: set[tuple[int, int]]  # unit, month with steam / hot-water measurements
    merged: set[int]  # 合并填报 rows: running hours are the members'
    split: bool  # purchased electricity split over the units


def _derived_places(report: Report) -> _Derived:
    daily = {
        (u, f, d.month) for u, f, d in report.daily_records.values_list("unit_id", "fuel", "day")
    }
    heat = set(report.heat_measurements.values_list("unit_id", "month"))
    merged = {u.pk for u in calculation.reporting_units(report) if u.is_merged}
    return _Derived(daily, heat, merged, report.split_purchased_electricity)


def _check_derived(entry: CellInput, derived: _Derived) -> None:
    unit = entry.unit.pk if entry.unit else None
    if entry.table == Table.FUEL and (unit, entry.fuel, entry.month) in derived.daily:
        if entry.key in ("consumption", "ncv", "carbon_content", STATE_KEY):
            raise ValueError("该月由日记录汇总，请修改日记录")
    elif entry.table == Table.PRODUCTION and entry.key == "heat_gj":
        if (unit, entry.month) in derived.heat:
            raise ValueError("该月供热量由供热计量计算，请修改供热计量")
    elif entry.table == Table.PRODUCTION and entry.key == "running_hours":
        if unit in derived.merged:
            raise ValueError("合并填报机组的运行小时数由成员机组按容量加权计算，请填报成员机组")
    elif entry.table == Table.ELECTRICITY and entry.key == "mwh" and unit and derived.split:
        raise ValueError("外购电量已按机组数目平分，请在“全厂”行填报")


def _require_place(entry: CellInput, report: Report, units: dict[int, PlanUnit]) -> None:
    """As ``_check_entry``, for actions on one place: a refusal is a ValidationError."""
    try:
        _check_entry(entry, report, units)
    except ValueError as exc:
        raise ValidationError(f"{_where(entry)}：{exc}") from None


@transaction.atomic
def save_cells(*, actor: Any, report: Report, entries: Iterable[CellInput]) -> int:
    """Save the enterprise's entries, all or none: every problem is reported, by place and rule.
    An entry that repeats what is stored changes nothing (and is allowed in a sealed month).
    Returns the number of cells changed."""
    report = _editable(actor, report)
    units = {u.pk: u for u in calculation.reporting_units(report)}
    sealed = _sealed_months(report)
    decimals = _decimals(report)
    entries = list(entries)
    tables = {e.table for e in entries}
    derived = _derived_places(report)
    # the report row is locked (_editable): its cells need no lock of their own
    existing = _stored_cells(report, tables)
    problems: list[str] = []
    wanted: dict[calculation.CellKey, tuple[CellInput, str]] = {}
    for entry in entries:
        try:
            row = _check_entry(entry, report, units)
            if len(entry.source) > SOURCE_MAX:
                raise ValueError(f"数据来源不能超过 {SOURCE_MAX} 个字")
            if has_control_characters(entry.source):
                raise ValueError(control_message("数据来源"))
            text = _clean_value(entry, row, decimals)
            place = (entry.unit.pk if entry.unit else None, entry.table, entry.fuel, entry.key,
                     entry.month)  # fmt: skip
            if _unchanged(existing.get(place), text, entry):
                continue
            if entry.month in sealed:
                raise ValueError(f"{entry.month}月已存证，修改须先提出修改申请并说明原因")
            if text:  # clearing a derived place is harmless (an import may do so)
                _check_derived(entry, derived)
            wanted[place] = (entry, text)
        except ValueError as exc:
            problems.append(f"{_where(entry)}：{exc}")
    if problems:
        raise CellErrors(problems)
    changes: dict[str, tuple[Any, Any]] = {}
    created: list[ReportCell] = []
    updated: list[tuple[str, str, str, str, int]] = []
    for place, (entry, text) in wanted.items():
        cell = existing.get(place)
        mode = entry.mode if text else ""
        label = _label(place)
        if cell is None:
            created.append(ReportCell(report=report, unit=entry.unit, table=entry.table,
                                      fuel=entry.fuel, key=entry.key, month=entry.month,
                                      value=text, mode=mode, source=entry.source))  # fmt: skip
            changes[label] = (None, text)
            continue
        for field, old, new in (("", cell.value, text), ("/mode", cell.mode, mode),
                                ("/source", cell.source, entry.source),
                                ("/origin", cell.origin, Origin.USER)):  # fmt: skip
            if old != new:
                changes[label + field] = (old, new)
        updated.append((text, mode, Origin.USER, entry.source, cell.pk))
    ReportCell.objects.bulk_create(created)
    _update_cells(updated)
    if changes:
        _audit(actor, "report.cells", report, report, changes=changes)
        report.save(update_fields=["updated_at"])
    return len(created) + len(updated)


def _update_cells(rows: list[tuple[str, str, str, str, int]]) -> None:
    """(value, mode, origin, source, id) of changed cells, written in one statement on
    PostgreSQL (UPDATE … FROM unnest(arrays)) — Django's bulk_update builds a CASE per row and
    field, seconds for a full table."""
    table = ReportCell._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":  # SQLite: in-process, one prepared statement
            cursor.executemany(
                f"UPDATE {table} SET value = %s, mode = %s, origin = %s, source = %s WHERE id = %s",
                rows,
            )
            return
        columns = list(zip(*rows, strict=True)) if rows else [[]] * 5
        cursor.execute(
            f"UPDATE {table} AS c SET value = v.value, mode = v.mode, origin = v.origin, "
            "source = v.source FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], "
            "%s::bigint[]) AS v(value, mode, origin, source, id) WHERE c.id = v.id",
            [list(col) for col in columns],
        )


class _Stored(NamedTuple):
    pk: int
    value: str
    mode: str
    origin: str
    source: str


def _stored_cells(report: Report, tables: set[str]) -> dict[calculation.CellKey, _Stored]:
    """The report's cells of these tables as plain tuples (a full table has thousands)."""
    rows = report.cells.filter(table__in=tables).values_list(
        "unit_id", "table", "fuel", "key", "month", "pk", "value", "mode", "origin", "source"
    )
    return {(u, t, f, k, m): _Stored(*rest) for u, t, f, k, m, *rest in rows}


def _unchanged(cell: _Stored | None, text: str, entry: CellInput) -> bool:
    """The entry says what is stored (an empty entry where nothing is stored, too). A computed
    value posted back as it is stays the engine's (origin 自动计算)."""
    if cell is None:
        return text == ""
    mode = entry.mode if text else ""
    return (cell.value, cell.mode, cell.source) == (text, mode, entry.source)


def _label(place: calculation.CellKey) -> str:
    unit, table, fuel, key, month = place
    return f"{unit or 'plant'}/{table}/{fuel or '-'}/{key}/{month}"


# -- daily records --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DailyInput:
    """One day's (or batch's) quantity, NCV and carbon content as entered."""

    day: date
    quantity: str
    ncv: str = ""
    carbon_content: str = ""
    state: str = "fired"


@transaction.atomic
def save_daily_records(
    *,
    actor: Any,
    report: Report,
    unit: PlanUnit,
    fuel: str,
    month: int,
    rows: Iterable[DailyInput],
) -> int:
    """Replace a fuel month's daily 入炉 (or batch 入厂) records, all or none. The month's
    consumption, NCV and carbon then come from them (自动计算, quantity-weighted)."""
    report = _editable(actor, report)
    units = {u.pk: u for u in calculation.reporting_units(report)}
    _require_place(CellInput(unit, Table.FUEL, fuel, "consumption", month, ""), report, units)
    if month in _sealed_months(report):
        raise CellErrors([f"{month}月已存证，修改须先提出修改申请并说明原因"])
    decimals = _decimals(report)
    problems: list[str] = []
    clean = []
    for row in rows:
        where = f"{unit.name} {_fuel_name(fuel)} {row.day.isoformat()}"
        if (row.day.year, row.day.month) != (report.year, month):
            problems.append(f"{where}：日期不在{report.year}年{month}月")
            continue
        typed = {}
        for key, text in (("consumption", row.quantity), ("ncv", row.ncv),
                          ("carbon_content", row.carbon_content)):  # fmt: skip
            try:
                typed[key] = _clean_value(CellInput(unit, Table.FUEL, fuel, key, month, text),
                                          FORM_ROWS[(Table.FUEL, key)], decimals)  # fmt: skip
            except ValueError as exc:
                label = FORM_ROWS[(Table.FUEL, key)].label_zh
                problems.append(f"{where} {label}：{exc}")
        if typed.get("consumption") == "":
            problems.append(f"{where} 消耗量：未填写")
        if row.state not in STATE_VALUES:
            problems.append(f"{where} 燃料状态：须为入炉或入厂")
        clean.append((row, typed))
    if len({r.state for r, _ in clean}) > 1:
        problems.append(f"{unit.name} {_fuel_name(fuel)} {month}月：入炉与入厂记录不能混用")
    if len({r.day for r, _ in clean}) != len(clean):
        problems.append(f"{unit.name} {_fuel_name(fuel)} {month}月：同一日期填写了多条记录")
    if problems:
        raise CellErrors(problems)
    old = report.daily_records.filter(unit=unit, fuel=fuel, day__month=month)
    before = old.count()
    old.delete()
    DailyFuelRecord.objects.bulk_create(
        DailyFuelRecord(report=report, unit=unit, fuel=fuel, day=r.day, state=r.state,
                        quantity=v["consumption"], ncv=v.get("ncv", ""),
                        carbon_content=v.get("carbon_content", ""))
        for r, v in clean
    )  # fmt: skip
    _audit(actor, "report.daily", report, report,
           changes={f"{unit.name}/{fuel}/{month}": (before, len(clean))})  # fmt: skip
    return len(clean)


def _fuel_name(fuel: str) -> str:
    f = fuel_catalogue().get(fuel)
    return f.name_zh if f else fuel


# -- heat measurements ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class HeatInput:
    """One steam or hot-water measurement of a month: mass (t) and enthalpy (kJ/kg, steam) or
    supply temperature (℃, hot water)."""

    kind: str
    mass_t: str
    enthalpy_kj_per_kg: str = ""
    temperature_c: str = ""
    label: str = ""


HEAT_NUMBER_DECIMALS = {"mass_t": 3, "enthalpy_kj_per_kg": 2, "temperature_c": 2}
HEAT_LABELS = {"mass_t": "质量", "enthalpy_kj_per_kg": "焓值", "temperature_c": "供水温度"}
HEAT_LABEL_MAX = 100  # HeatMeasurement.label


@transaction.atomic
def save_heat_measurements(
    *, actor: Any, report: Report, unit: PlanUnit, month: int, rows: Iterable[HeatInput]
) -> int:
    """Replace a month's steam / hot-water measurements, all or none; the month's 供热量 is then
    computed from them by 自动计算 (and cannot also be entered directly)."""
    report = _editable(actor, report)
    units = {u.pk: u for u in calculation.reporting_units(report)}
    _require_place(CellInput(unit, Table.PRODUCTION, "", "heat_gj", month, ""), report, units)
    if month in _sealed_months(report):
        raise CellErrors([f"{month}月已存证，修改须先提出修改申请并说明原因"])
    problems: list[str] = []
    clean: list[HeatMeasurement] = []
    for i, row in enumerate(rows, start=1):
        where = f"{unit.name} {month}月 供热计量第{i}行"
        if row.kind not in set(HeatKind):
            problems.append(f"{where}：请选择蒸汽或热水")
            continue
        needed = ("mass_t", "enthalpy_kj_per_kg" if row.kind == HeatKind.STEAM else "temperature_c")
        numbers: dict[str, str] = {}
        for field in needed:
            text = getattr(row, field)
            try:
                numbers[field] = values.number_with_places(text, HEAT_NUMBER_DECIMALS[field])
            except InputRefused as exc:
                rule = number_message(text, exc.problem)
                problems.append(f"{where} {HEAT_LABELS[field]}：{rule}")
                continue
            if not numbers[field]:
                problems.append(f"{where} {HEAT_LABELS[field]}：未填写")
        if has_control_characters(row.label):
            problems.append(f"{where} {control_message('计量点')}")
        elif len(row.label.strip()) > HEAT_LABEL_MAX:
            problems.append(f"{where} 计量点：不能超过 {HEAT_LABEL_MAX} 个字")
        clean.append(
            HeatMeasurement(report=report, unit=unit, month=month, position=i, kind=row.kind,
                            label=row.label.strip(), **numbers)
        )  # fmt: skip
    if problems:
        raise CellErrors(problems)
    old = report.heat_measurements.filter(unit=unit, month=month)
    before = old.count()
    old.delete()
    HeatMeasurement.objects.bulk_create(clean)
    _audit(actor, "report.heat", report, report,
           changes={f"{unit.name}/{month}": (before, len(clean))})  # fmt: skip
    return len(clean)


# -- 自动计算 -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Change:
    place: calculation.CellKey
    old: str
    new: str
    edited: bool  # the enterprise had changed the computed value by hand


@dataclass(frozen=True, slots=True)
class AutocalcOutcome:
    applied: bool
    changes: list[Change]
    errors: list[str]
    stale: bool = False  # confirmed a list of changes that is no longer what would change


def changes_fingerprint(changes: Iterable[Change]) -> str:
    """What the user confirms when 自动计算 would overwrite values: the list of changes."""
    text = "|".join(f"{c.place}:{c.old}>{c.new}" for c in changes)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def autocalc(
    *, actor: Any, report: Report, confirm: bool = False, expected: str | None = None
) -> AutocalcOutcome:
    """自动计算: fill the grey cells from the engine. The first run fills them; a later run that
    would change any value (including one edited by hand) only applies with ``confirm`` — and,
    given ``expected`` (the ``changes_fingerprint`` of the list the user saw), only if that list
    is still what would change; otherwise nothing is applied and ``stale`` is set."""
    report = _editable(actor, report)
    cells = list(report.cells.select_for_update())
    outcome = calculation.compute(report, cells)
    if outcome.result is None:
        return AutocalcOutcome(False, [], outcome.errors)
    sealed = _sealed_months(report)
    existing = {calculation.cell_key(c): c for c in cells}
    computed = [
        c
        for c in calculation.computed_cells(report, outcome.result, cells)
        if c.key[4] not in sealed
    ]
    changes = []
    for c in computed:
        cell = existing.get(c.key)
        old = cell.value if cell else ""
        if old != c.value:
            changes.append(
                Change(c.key, old, c.value, cell is not None and cell.origin == Origin.USER)
            )
    if report.autocalc_at is not None and changes and not confirm:
        return AutocalcOutcome(False, changes, [])
    if confirm and expected is not None and changes_fingerprint(changes) != expected:
        return AutocalcOutcome(False, changes, [], stale=True)
    for c in computed:
        cell = existing.get(c.key)
        if cell is None:
            unit_id, table, fuel, key, month = c.key
            ReportCell.objects.create(
                report=report,
                unit_id=unit_id,
                table=table,
                fuel=fuel,
                key=key,
                month=month,
                value=c.value,
                mode=c.mode,
                origin=Origin.AUTO,
                source=c.source,
            )
        elif (cell.value, cell.mode, cell.origin, cell.source) != (
            c.value,
            c.mode,
            Origin.AUTO,
            c.source,
        ):
            cell.value, cell.mode, cell.origin, cell.source = c.value, c.mode, Origin.AUTO, c.source
            cell.save(update_fields=["value", "mode", "origin", "source"])
    report.autocalc_at = timezone.now()
    report.save(update_fields=["autocalc_at", "updated_at"])
    _audit(
        actor,
        "report.autocalc",
        report,
        report,
        changes={_label(ch.place): (ch.old or None, ch.new) for ch in changes},
        note=f"{len(changes)} 个数值由自动计算填入",
    )
    return AutocalcOutcome(True, changes, [])


# -- 确定方式表 -----------------------------------------------------------------------------------
@transaction.atomic
def save_test_record(
    *,
    actor: Any,
    report: Report,
    unit: PlanUnit,
    fuel: str,
    parameter: str,
    month: int,
    data: Mapping[str, Any],
) -> TestRecord:
    report = _editable(actor, report)
    if (
        unit.pk not in {u.pk for u in calculation.reporting_units(report)}
        or fuel not in unit.fuel_names
    ):
        raise ValidationError("该机组或燃料不在本报告依据的质量控制计划中")
    if parameter not in ("ncv", "carbon_content") or month not in MONTHS:
        raise ValidationError("确定方式表只填报 1–12 月的低位发热量和元素碳含量")
    if month in _sealed_months(report):
        raise ValidationError(f"{month}月已存证，修改须先提出修改申请并说明原因")
    record_, _ = TestRecord.objects.get_or_create(
        report=report, unit=unit, fuel=fuel, parameter=parameter, month=month
    )
    typed = free_texts(
        {k: data[k] for k in TEST_FIELDS if k in data},
        {k: TestRecord._meta.get_field(k).verbose_name for k in TEST_FIELDS},
        keyed=False,  # the messages name their field (the page prefixes keyed ones)
    )
    changes = field_changes(record_, typed)
    for field, (_, new) in changes.items():
        setattr(record_, field, new)
    record_.full_clean()
    if record_.sampled_on and record_.reported_on and record_.reported_on < record_.sampled_on:
        raise ValidationError({"reported_on": "报告日期不能早于采样日期"})
    if changes:
        record_.save()
        _audit(actor, "report.test_record", record_, report, changes=changes)
    return record_


# -- evidence -------------------------------------------------------------------------------------
@transaction.atomic
def add_evidence(
    *, actor: Any, report: Report, kind: str, upload: Any, name: str, title: str = ""
) -> ReportEvidence:
    """材料上传: one file per required type (a new upload replaces it; a zip allowed)."""
    report = _editable(actor, report)
    if kind not in set(EvidenceKind):
        raise ValidationError({"kind": "请选择附件类型"})
    title = free_text(title, ReportEvidence._meta.get_field("title").verbose_name, "title")
    stored = store_file(upload=upload, name=name, owner=report.enterprise, actor=actor)
    replaced = None
    if kind != EvidenceKind.OTHER:
        replaced = report.evidence.filter(kind=kind).first()
        if replaced is not None:
            replaced.delete()
    evidence = ReportEvidence.objects.create(
        report=report, kind=kind, title=title or stored.original_name, file=stored
    )
    _audit(
        actor,
        "report.evidence.add",
        evidence,
        report,
        changes={
            "kind": (None, kind),
            "file": (replaced.file.sha256 if replaced else None, stored.sha256),
        },
    )
    return evidence


@transaction.atomic
def remove_evidence(*, actor: Any, evidence: ReportEvidence) -> None:
    report = _editable(actor, evidence.report)
    evidence = report.evidence.get(pk=evidence.pk)
    _audit(
        actor,
        "report.evidence.remove",
        evidence,
        report,
        changes={"file": (evidence.file.sha256, None)},
    )
    evidence.delete()


@transaction.atomic
def add_value_evidence(
    *,
    actor: Any,
    report: Report,
    unit: PlanUnit | None,
    table: str,
    fuel: str,
    key: str,
    month: int,
    upload: Any,
    name: str,
) -> ValueEvidence:
    """A supporting file for one value row of one month (月度存证: evidence proves a value).
    ``unit`` is None for the plant-level purchased-electricity row."""
    report = _editable(actor, report)
    if month in _sealed_months(report):
        raise ValidationError(f"{month}月已存证，补充材料须先提出修改申请")
    _require_place(
        CellInput(unit, table, fuel, key, month, ""),
        report,
        {u.pk: u for u in calculation.reporting_units(report)},
    )
    stored = store_file(upload=upload, name=name, owner=report.enterprise, actor=actor)
    evidence = ValueEvidence.objects.create(
        enterprise=report.enterprise,
        year=report.year,
        month=month,
        unit_name=unit.name if unit else PLANT_NAME,
        table=table,
        fuel=fuel,
        key=key,
        file=stored,
        added_by=actor,
    )
    _audit(
        actor,
        "report.value_evidence.add",
        evidence,
        report,
        changes={"file": (None, stored.sha256)},
        note=f"{unit.name if unit else PLANT_NAME} {month}月 {key}",
    )
    return evidence


@transaction.atomic
def remove_value_evidence(*, actor: Any, report: Report, evidence: ValueEvidence) -> None:
    """Take back a supporting file of a month that is not sealed (the stored file is kept)."""
    report = _editable(actor, report)
    evidence = ValueEvidence.objects.select_for_update().get(pk=evidence.pk)
    if (evidence.enterprise_id, evidence.year) != (report.enterprise_id, report.year):
        raise ValidationError("该支撑材料不属于本报告")
    if evidence.month in _sealed_months(report):
        raise ValidationError(f"{evidence.month}月已存证，删除材料须先提出修改申请")
    _audit(actor, "report.value_evidence.remove", evidence, report,
           changes={"file": (evidence.file.sha256, None)},
           note=f"{evidence.unit_name} {evidence.month}月 {evidence.key}")  # fmt: skip
    evidence.delete()


# -- monthly 存证 ---------------------------------------------------------------------------------
def filing_deadline(year: int, month: int, days: int) -> date:
    """月度存证 deadline: ``days`` natural days after the month's end (111号: 40)."""
    from datetime import timedelta

    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1) + timedelta(days=days)


def month_content(report: Report, month: int) -> dict[str, Any]:
    """Everything a month's 存证 seals: its cells and the files attached to its values."""
    cells = (
        report.cells.filter(month=month)
        .select_related("unit")
        .order_by("table", "unit__position", "fuel", "key")
    )
    files = ValueEvidence.objects.filter(
        enterprise=report.enterprise, year=report.year, month=month
    ).select_related("file")
    return {
        "year": report.year,
        "month": month,
        "cells": [
            {
                "unit": c.unit.name if c.unit else None,
                "table": c.table,
                "fuel": c.fuel,
                "key": c.key,
                "value": c.value,
                "mode": c.mode,
                "source": c.source,
            }
            for c in cells
        ],
        "daily": [
            {
                "unit": d.unit.name,
                "fuel": d.fuel,
                "day": d.day.isoformat(),
                "state": d.state,
                "quantity": d.quantity,
                "ncv": d.ncv,
                "carbon_content": d.carbon_content,
            }
            for d in report.daily_records.filter(day__month=month).select_related("unit")
        ],
        "heat": [
            {
                "unit": h.unit.name,
                "kind": h.kind,
                "label": h.label,
                "mass_t": h.mass_t,
                "enthalpy_kj_per_kg": h.enthalpy_kj_per_kg,
                "temperature_c": h.temperature_c,
            }
            for h in report.heat_measurements.filter(month=month).select_related("unit")
        ],
        "tests": [
            {"unit": t.unit.name, "fuel": t.fuel, "parameter": t.parameter}
            | {f: str(getattr(t, f) or "") for f in TEST_FIELDS}
            for t in report.test_records.filter(month=month)
            .select_related("unit")
            .order_by("unit__position", "fuel", "parameter")
        ],
        "evidence": [
            {
                "unit": f.unit_name,
                "table": f.table,
                "fuel": f.fuel,
                "key": f.key,
                "sha256": f.file.sha256,
                "name": f.file.original_name,
            }
            for f in files.order_by("id")
        ],
    }


def _fingerprint(content: Any) -> str:
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def seal_month(*, actor: Any, report: Report, month: int) -> MonthFiling:
    """月度存证: file one month on its own with its evidence; it is then sealed."""
    report = _editable(actor, report)
    if month not in MONTHS:
        raise ValidationError("月份须为 1–12")
    today = timezone.localdate()
    if date(report.year, month, 1) > today or (report.year, month) == (today.year, today.month):
        raise ValidationError(f"{report.year}年{month}月尚未结束，不能存证")
    content = month_content(report, month)
    if not any(c["table"] == Table.FUEL and c["key"] == "consumption" for c in content["cells"]):
        raise ValidationError(f"{month}月没有填报燃料消耗量，不能存证")
    filing = (
        MonthFiling.objects.select_for_update()
        .filter(enterprise=report.enterprise, year=report.year, month=month)
        .first()
    )
    now = timezone.now()
    digest = _fingerprint(content)
    if filing is None:
        filing = MonthFiling.objects.create(
            enterprise=report.enterprise,
            year=report.year,
            month=month,
            state=FilingState.SEALED,
            sealed_at=now,
            sealed_by=actor,
            content=content,
            sha256=digest,
        )
        before = None
    elif filing.state == FilingState.SEALED:
        raise ValidationError(f"{month}月已存证")
    else:
        before = filing.sha256
        filing.state, filing.sealed_at, filing.sealed_by = FilingState.SEALED, now, actor
        filing.content, filing.sha256, filing.revision = content, digest, filing.revision + 1
        filing.save()
    _audit(
        actor,
        "report.month.seal",
        filing,
        report,
        changes={"sha256": (before, digest)},
        note=f"{report.year}年{month}月存证",
    )
    return filing


@transaction.atomic
def amend_month(*, actor: Any, filing: MonthFiling, reason: str) -> MonthFiling:
    """修改申请: reopen a sealed month; the reason is kept with the filing and in the audit log."""
    perm.require(perm.can_file(actor, filing.enterprise), "只有本单位的报送账号可以申请修改")
    filing = MonthFiling.objects.select_for_update().get(pk=filing.pk)
    label = MonthFiling._meta.get_field("amendment_reason").verbose_name
    reason = free_text(reason, label, "reason")
    if not reason:
        raise ValidationError({"reason": "修改已存证的月度数据须说明原因"})
    if filing.state != FilingState.SEALED:
        raise ValidationError(f"{filing.month}月正在修改中")
    frozen = filing.enterprise.reports.filter(year=filing.year).order_by("-number").first()
    if frozen is not None and frozen.is_frozen:
        raise ValidationError(f"{filing.year}年报已提交，月度数据不能再修改")
    filing.state = FilingState.AMENDING
    filing.amendment_reason = reason
    filing.save(update_fields=["state", "amendment_reason"])
    record(
        actor=actor,
        action="report.month.amend",
        obj=filing,
        organisation=filing.enterprise,
        changes={"state": (FilingState.SEALED, FilingState.AMENDING)},
        note=reason,
    )
    return filing


# -- declaration, stamped PDF, submission ---------------------------------------------------------
@transaction.atomic
def declare(*, actor: Any, report: Report, entity: str, legal_representative: str) -> Report:
    report = _editable(actor, report)
    typed = {
        "declared_entity": free_text(entity, "重点排放单位", "entity"),
        "declared_legal_representative": free_text(
            legal_representative, "法定代表人", "legal_representative"
        ),
    }
    changes = field_changes(report, typed)
    for field, (_, new) in changes.items():
        setattr(report, field, new)
    if changes:
        report.save()
        _audit(actor, "report.declare", report, report, changes=changes)
    return report


@transaction.atomic
def upload_stamped_pdf(*, actor: Any, report: Report, upload: Any, name: str) -> Report:
    """盖章扫描版排放报告: PDF only, checked by content."""
    report = _editable(actor, report)
    stored = store_file(
        upload=upload, name=name, owner=report.enterprise, actor=actor, allowed=PDF_ONLY
    )
    before = report.stamped_pdf.sha256 if report.stamped_pdf else None
    report.stamped_pdf = stored
    report.save(update_fields=["stamped_pdf", "updated_at"])
    _audit(
        actor,
        "report.stamped_pdf",
        report,
        report,
        changes={"stamped_pdf": (before, stored.sha256)},
    )
    return report


def submission_problems(report: Report, outcome: calculation.Outcome | None = None) -> list[str]:
    """What stops submission (hard errors; plausibility warnings do not stop it)."""
    from .selectors import completeness_problems

    problems = completeness_problems(report, outcome)
    present = set(report.evidence.values_list("kind", flat=True))
    for kind in EvidenceKind:
        if kind != EvidenceKind.OTHER and kind not in present:
            problems.append(f"材料上传：缺少必传附件“{kind.label}”")
    if not report.declared_entity or not report.declared_legal_representative:
        problems.append("提交确认：请填写声明中的重点排放单位和法定代表人")
    if report.stamped_pdf_id is None:
        problems.append(STAMPED_PDF_MISSING)
    return problems


@transaction.atomic
def submit(*, actor: Any, report: Report) -> ReportSubmission:
    report = _editable(actor, report)
    problems = submission_problems(report)
    if problems:
        raise CellErrors(problems)
    outcome = calculation.compute(report)
    assert outcome.result is not None  # completeness_problems includes the engine's errors
    from .selectors import report_content

    content = report_content(report) | {"result": result_to_dict(outcome.result, trace=False)}
    submission = ReportSubmission.objects.create(
        report=report, submitted_by=actor, content=content, sha256=_fingerprint(content)
    )
    report.state = ReportState.SUBMITTED
    report.submitted_at = submission.submitted_at
    report.save(update_fields=["state", "submitted_at", "updated_at"])
    _audit(
        actor,
        "report.submit",
        report,
        report,
        changes={"state": (ReportState.DRAFT, ReportState.SUBMITTED)},
        note=f"SHA-256 {submission.sha256}",
    )
    return submission


# -- authority ------------------------------------------------------------------------------------
def _review_guard(actor: Any, report: Report) -> Report:
    report = Report.objects.select_for_update().select_related("enterprise").get(pk=report.pk)
    perm.require(perm.can_review(actor, report.enterprise), "只有本省主管部门的审核人可以审核")
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(f"第{report.number}版{report.get_state_display()}，不能审核")
    return report


@transaction.atomic
def return_for_correction(*, actor: Any, report: Report, text: str) -> Report:
    """退回补正: the submitted version stays as it was; a new draft version copies it."""
    report = _review_guard(actor, report)
    text = free_text(text, "退回补正意见", "text")
    if not text:
        raise ValidationError({"text": "退回补正须填写意见"})
    ReportComment.objects.create(report=report, author=actor, text=text)
    report.state = ReportState.RETURNED
    report.save(update_fields=["state", "updated_at"])
    draft = _copy(report, actor)
    _audit(
        actor,
        "report.return",
        report,
        report,
        changes={"state": (ReportState.SUBMITTED, ReportState.RETURNED)},
        note=text,
    )
    return draft


@transaction.atomic
def accept(*, actor: Any, report: Report) -> Report:
    report = _review_guard(actor, report)
    report.state = ReportState.ACCEPTED
    report.save(update_fields=["state", "updated_at"])
    _audit(
        actor,
        "report.accept",
        report,
        report,
        changes={"state": (ReportState.SUBMITTED, ReportState.ACCEPTED)},
    )
    return report


def _copy(report: Report, actor: Any) -> Report:
    draft = Report.objects.create(
        enterprise=report.enterprise,
        year=report.year,
        number=report.number + 1,
        plan_version=report.plan_version,
        previous=report,
        contact_person=report.contact_person,
        contact_phone=report.contact_phone,
        contact_email=report.contact_email,
        split_purchased_electricity=report.split_purchased_electricity,
        autocalc_at=report.autocalc_at,
        created_by=actor,
    )
    ReportCell.objects.bulk_create(
        ReportCell(
            report=draft,
            unit_id=c.unit_id,
            table=c.table,
            fuel=c.fuel,
            key=c.key,
            month=c.month,
            value=c.value,
            mode=c.mode,
            origin=c.origin,
            source=c.source,
        )
        for c in report.cells.all()
    )
    TestRecord.objects.bulk_create(
        TestRecord(
            report=draft,
            **{f: getattr(t, f) for f in ("unit_id", "fuel", "parameter", "month", *TEST_FIELDS)},
        )
        for t in report.test_records.all()
    )
    DailyFuelRecord.objects.bulk_create(
        DailyFuelRecord(report=draft, unit_id=d.unit_id, fuel=d.fuel, day=d.day, state=d.state,
                        quantity=d.quantity, ncv=d.ncv, carbon_content=d.carbon_content)
        for d in report.daily_records.all()
    )  # fmt: skip
    HeatMeasurement.objects.bulk_create(
        HeatMeasurement(report=draft, unit_id=h.unit_id, month=h.month, position=h.position,
                        kind=h.kind, mass_t=h.mass_t, enthalpy_kj_per_kg=h.enthalpy_kj_per_kg,
                        temperature_c=h.temperature_c, label=h.label)
        for h in report.heat_measurements.all()
    )  # fmt: skip
    ReportEvidence.objects.bulk_create(
        ReportEvidence(report=draft, kind=e.kind, title=e.title, file_id=e.file_id)
        for e in report.evidence.all()
    )
    return draft


@transaction.atomic
def delete_draft(*, actor: Any, report: Report) -> None:
    report = _editable(actor, report)
    if report.number != 1:
        raise ValidationError("退回补正后的新版本不能删除")
    _audit(actor, "report.delete", report, report, changes={"state": (report.state, None)})
    report.delete()
