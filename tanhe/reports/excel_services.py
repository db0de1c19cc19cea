"""The report's workbook and interchange JSON, between the database and :mod:`.excel`:
the template and the export are built from the report; an imported Excel template or
``tanhe.plant-year/1`` document becomes one all-or-nothing save through the report services
(``save_cells`` once, then 确定方式表 records and daily records), inside one transaction.

Rules (docs/report-excel.md): only the enterprise's filer imports, into an editable draft; every
problem of a file is listed and nothing is saved while any remains; sealed months are refused by
``save_cells`` and its message is shown.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanhe.accounting import InputErrors, parse_plant_year
from tanhe.accounting.fuels import fuel_label
from tanhe.accounting.model import state_label_zh
from tanhe.accounting.report_form import ROWS, STATE_KEY, Table, form_decimals
from tanhe.accounts import permissions as perm
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.audit.services import record
from tanhe.documents.archives import NOT_ZIP, ArchiveRejected, check_archive
from tanhe.documents.services import download_name
from tanhe.inputs import shorten
from tanhe.plans.display import value_label
from tanhe.plans.models import PlanUnit

from . import calculation, selectors, services
from .excel import (
    TEST_FIELDS,
    TEST_SHEET,
    Book,
    Identity,
    Place,
    Problem,
    Sheet,
    UnitLayout,
    Where,
    WorkbookRejected,
    build_export,
    build_template,
    changed_cells,
    changed_tests,
    read_workbook,
)
from .labels import fuel_name, lang, listed, month_label
from .models import Mode, Origin, Report, TestRecord, ValueEvidence
from .places import DAILY_KEYS
from .problems import rule_text
from .services import CellErrors, CellInput, DailyInput, HeatInput

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The workbook mirrors the national form and the import matches its words: Chinese in every
# language (its state and attachment labels too), whoever downloads it.
WORKBOOK_LANGUAGE = "zh-hans"
MAX_JSON_BYTES = 5 * 1024 * 1024  # as the calculator's plant-year upload


@dataclass(frozen=True)
class Imported:
    """What an import changed: values, 确定方式表 records, fuel months of daily records."""

    cells: int = 0
    tests: int = 0
    daily: int = 0
    ignored: int = 0  # grey cells changed in the file (not imported)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.cells or self.tests or self.daily)


# -- the report as a workbook -------------------------------------------------------------------
def _identity(report: Report) -> Identity:
    return Identity(
        enterprise=report.enterprise.name,
        credit_code=report.enterprise.credit_code,
        year=report.year,
        number=report.number,
        plan_version=report.plan_version.number,
        split_electricity=report.split_purchased_electricity,
        state=str(report.get_state_display()),
    )


def _test_text(record_: TestRecord, name: str) -> str:
    value = getattr(record_, name)
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def book_for(report: Report) -> Book:
    """The report as its workbook shows it: units, every cell, sealed months, 确定方式表."""
    units = calculation.reporting_units(report)
    names = {u.pk: u.name for u in units}
    book = Book(
        identity=_identity(report),
        units=[
            UnitLayout(u.name, tuple(u.fuel_names), "gas" if u.unit_type == "gas" else "coal")
            for u in units
        ],
        decimals=form_decimals(report.year),
        rules=selectors.place_rules(report),
        unit_ids={u.name: u.pk for u in units},
    )
    for c in report.cells.all():
        if c.unit_id is not None and c.unit_id not in names:
            continue  # a member of a 合并填报 row: not on the form
        place = (names.get(c.unit_id, ""), c.table, c.fuel, c.key, c.month)
        book.values[place] = c.value
        if c.origin == Origin.AUTO:
            book.auto.add(place)
    for t in report.test_records.all():
        if t.unit_id in names:
            place = (names[t.unit_id], t.fuel, t.parameter, t.month)
            book.tests[place] = {name: _test_text(t, name) for name in TEST_FIELDS}
    return book


def _now() -> str:
    return timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")


@translation.override(WORKBOOK_LANGUAGE)
def template_bytes(report: Report) -> bytes:
    return build_template(book_for(report), generated=_now())


def file_name(report: Report, what: str) -> str:
    return f"{report.enterprise.name}-{report.year}年度排放报告-第{report.number}版-{what}.xlsx"


def _money(value: Decimal) -> str:
    return format(value, "f")


@translation.override(WORKBOOK_LANGUAGE)
def export_bytes(report: Report) -> bytes:
    """The whole report: 基本信息, the tables with every value and 全年, 确定方式表, 信息汇总表,
    daily records, and the evidence files with their SHA-256."""
    book = book_for(report)
    outcome = calculation.outcome(report)
    for table in Table:
        for block in selectors.grid(report, table, outcome.result):
            for grid_row in block.rows:
                key = (block.unit.name, table.value, block.fuel, grid_row.row.key)
                book.annual[key] = grid_row.annual
    plant = [c.decimal for c in selectors.plant_electricity(report) if c and c.decimal is not None]
    if plant:
        book.annual[("", Table.ELECTRICITY.value, "", "mwh")] = _money(sum(plant, Decimal(0)))
    rows, total = selectors.summary(report, outcome)
    sheets = _export_sheets(report, outcome.messages("zh"), rows, total)
    return build_export(book, sheets, generated=_now())


def _export_sheets(report: Report, errors: list[str], rows: list[Any], total: Any) -> list[Sheet]:
    def when(moment: Any) -> str:
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""

    basic = [
        ("重点排放单位", report.enterprise.name),
        ("统一社会信用代码", report.enterprise.credit_code),
        ("报告年度", str(report.year)),
        ("报告版本", f"第{report.number}版"),
        ("状态", str(report.get_state_display())),
        ("依据的质量控制计划", f"第{report.plan_version.number}版"),
        ("报告联系人", report.contact_person),
        ("联系电话", report.contact_phone),
        ("电子邮箱", report.contact_email),
        ("外购电量按机组平分", "是" if report.split_purchased_electricity else "否"),
        ("自动计算时间", when(report.autocalc_at)),
        ("提交时间", when(report.submitted_at)),
        ("声明：重点排放单位", report.declared_entity),
        ("声明：法定代表人", report.declared_legal_representative),
        ("全厂二氧化碳排放量（tCO2）", _money(total.total) if total else "（尚不能计算）"),
        ("导出时间", _now()),
    ]
    basic += [("计算问题", e) for e in errors]
    note = (
        "本文件为平台导出的完整排放报告（含自动计算值与全年合计），供查阅和存档；各表修改后可以像"
        "填报模板一样导入（只保存改动过的单元格，与导出后平台上的改动冲突时不导入）。"
    )
    sheets = [Sheet("基本信息", ("项目", "内容"), basic, note=note)]
    summary = [
        (r.name, r.fuel_type, r.capacity_mw, _money(r.combustion), _money(r.electricity),
         _money(r.total))
        for r in [*rows, *([total] if total else [])]
    ]  # fmt: skip
    sheets.append(
        Sheet(
            "信息汇总表",
            ("机组名称", "发电燃料类型", "装机容量（MW）", "化石燃料燃烧排放量（tCO2）",
             "购入电力对应的排放量（tCO2）", "机组二氧化碳排放量（tCO2）"),
            summary,
            note="核算引擎的计算结果（已提交的版本：提交时冻结的结果）。",
            total_last=True,
        )
    )  # fmt: skip
    daily = [
        (d.unit.name, fuel_label(d.fuel),
         d.day.isoformat(), state_label_zh(d.state), d.quantity, d.ncv,
         d.carbon_content)
        for d in report.daily_records.select_related("unit").order_by("unit__position", "fuel",
                                                                       "day")
    ]  # fmt: skip
    if daily:
        sheets.append(Sheet("日消耗记录", ("机组名称", "燃料", "日期", "燃料状态", "消耗量",
                                           "低位发热量", "元素碳含量"), daily))  # fmt: skip
    evidence = [
        (e.get_kind_display(), e.title, download_name(e.file), str(e.file.size), e.file.sha256,
         when(e.added_at))
        for e in report.evidence.select_related("file").order_by("kind", "added_at")
    ]  # fmt: skip
    sheets.append(
        Sheet("附件材料", ("附件类型", "附件名称", "文件名", "大小（字节）", "SHA-256", "上传时间"),
              evidence, note="材料上传：每个文件以 SHA-256 摘要标识，可据此核对原件。")
    )  # fmt: skip
    labels = {(t.value, r.key): r.label_zh for t, rs in ROWS.items() for r in rs}
    values = [
        (f"{v.month}月", v.unit_name, Table(v.table).label_zh if v.table in set(Table) else v.table,
         fuel_label(v.fuel),
         labels.get((v.table, v.key), v.key), download_name(v.file), v.file.sha256,
         when(v.added_at))
        for v in ValueEvidence.objects.filter(enterprise=report.enterprise, year=report.year)
        .select_related("file").order_by("month", "id")
    ]  # fmt: skip
    if values:
        sheets.append(Sheet("数值支撑材料", ("月份", "机组", "表", "燃料", "参数", "文件名",
                                             "SHA-256", "上传时间"), values))  # fmt: skip
    return sheets


# -- imports ------------------------------------------------------------------------------------
def _guard(actor: User, report: Report) -> Report:
    """The filer of the enterprise, into an editable draft (the services check again)."""
    report = Report.objects.select_related("enterprise", "plan_version").get(pk=report.pk)
    perm.require(perm.can_file(actor, report.enterprise), _("只有本单位的报送账号可以填报排放报告"))
    if report.is_frozen:
        words = {"year": report.year, "n": report.number, "state": report.get_state_display()}
        raise WorkbookRejected([Problem(_("%(year)s年报第%(n)s版%(state)s，不能修改") % words)])
    return report


def _size(data: bytes, name: str, limit: int) -> None:
    name = shorten(name)
    if not data:
        raise WorkbookRejected([Problem(_("文件“%(name)s”是空文件") % {"name": name})])
    if len(data) > limit:
        raise WorkbookRejected([Problem(
            _("文件“%(name)s”超过上限 %(limit)s MB") % {"name": name, "limit": limit // 1048576}
        )])  # fmt: skip


def _units_by_name(report: Report) -> dict[str, PlanUnit]:
    """The reporting units and the members of 合并填报 rows (their running hours are entered)."""
    units = {}
    for unit in calculation.reporting_units(report):
        units[unit.name] = unit
        units |= {m.name: m for m in calculation.members_of(unit)}
    return units


def _cell_inputs(report: Report, wanted: list[tuple[Place, str]]) -> list[CellInput]:
    """CellInputs for the places to change; 数据获取方式 and 数据来源 stay as the platform has
    them for an entry of the enterprise's, a new value is 实测值."""
    units = _units_by_name(report)
    by_id = {u.pk: u.name for u in units.values()}
    existing = {
        (by_id.get(c.unit_id, ""), c.table, c.fuel, c.key, c.month): c for c in report.cells.all()
    }
    out = []
    for place, text in wanted:
        unit, table, fuel, key, month = place
        cell = existing.get(place)
        user = cell is not None and cell.origin == Origin.USER
        mode = cell.mode if user and cell.mode else Mode.MEASURED
        source = cell.source if user else ""
        out.append(CellInput(units.get(unit), table, fuel, key, month, text, mode, source))
    return out


def _save_cells(actor: User, report: Report, entries: list[CellInput]) -> None:
    if not entries:
        return
    try:
        services.save_cells(actor=actor, report=report, entries=entries)
    except CellErrors as exc:
        raise WorkbookRejected([Problem(p) for p in exc.problems]) from None


def _audit(
    actor: User, report: Report, action: Action, name: str, data: bytes, done: Imported
) -> None:
    record(
        actor=actor,
        action=action,
        obj=report,
        organisation=report.enterprise,
        changes={"sha256": (None, hashlib.sha256(data).hexdigest())},
        note=f"{name}：{done.cells} 个数值，{done.tests} 条确定方式记录，{done.daily} 个月日记录",
    )


def upload_limit(kind: str) -> int:
    """Bytes an upload may have: an .xlsx as any stored file, a JSON as the calculator's."""
    return settings.FILE_MAX_BYTES if kind == "excel" else MAX_JSON_BYTES


def import_excel(*, actor: User, report: Report, data: bytes, name: str) -> Imported:
    """Import a filled template: every cell checked, only what the file changed saved, all or
    nothing. Raises :class:`~.excel.WorkbookRejected` listing every problem."""
    report = _guard(actor, report)
    _size(data, name, upload_limit("excel"))
    try:
        check_archive(data, name)  # the one zip check, before openpyxl inflates anything
    except ArchiveRejected as exc:
        if exc.reason != NOT_ZIP:  # not a zip: read_workbook says what it is instead
            raise WorkbookRejected([Problem(str(exc))]) from None
    book = book_for(report)
    parsed = read_workbook(data, name, book, describe=rule_text)
    cells, problems = changed_cells(parsed, book)
    tests, conflicts = changed_tests(parsed, book)
    if problems or conflicts:
        raise WorkbookRejected(problems + conflicts)
    units = {u.name: u for u in calculation.reporting_units(report)}
    done = Imported(len(cells), len(tests), 0, parsed.ignored)
    with transaction.atomic():
        _save_cells(actor, report, _cell_inputs(report, [(c.place, c.text) for c in cells]))
        refused: list[Problem] = []
        for t in tests:
            unit, fuel, parameter, month = t.place
            data_ = {k: (v or None) if k in ("sampled_on", "reported_on") else v
                     for k, v in t.values.items()}  # fmt: skip
            try:
                services.save_test_record(actor=actor, report=report, unit=units[unit], fuel=fuel,
                                          parameter=parameter, month=month, data=data_)  # fmt: skip
            except ValidationError as exc:
                where = Where(unit, Table.FUEL.value, fuel, parameter, month)
                refused += [Problem(m, TEST_SHEET, t.row, place=where) for m in exc.messages]
        if refused:
            raise WorkbookRejected(refused)
        if done.changed:
            _audit(actor, report, Action.REPORT_IMPORT_EXCEL, name, data, done)
    return done


# -- JSON ---------------------------------------------------------------------------------------
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
                HeatInput("steam", _text(f.mass_t), _text(f.enthalpy_kj_per_kg)) for f in p.steam
            ] + [
                HeatInput("hot_water", _text(f.mass_t), temperature_c=_text(f.temperature_c))
                for f in p.hot_water
            ]
    if plant.plant_purchased_electricity:
        if not split:
            plan.problems.append(Problem(_(
                "文件给出了全厂购入电量（plant_purchased_electricity），但本报告未选择"
                "“外购电量无法分机组，按机组数目平分”：请先在购入使用电量表中选择，或按机组填报"
            )))  # fmt: skip
        for e in plant.plant_purchased_electricity:
            plan.cells[("", Table.ELECTRICITY.value, "", "mwh", e.month)] = _text(e.mwh)
    if plant.known_on is not None:
        plan.notes.append(
            _("文件中的 known_on（%(date)s）未保存：报告按其年度的参数计算")
            % {"date": plant.known_on.isoformat()}
        )
    return plan


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
