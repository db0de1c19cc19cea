"""Problems as data: what is wrong (a code), where (a place of the form), how bad (severity) and
with which values (params). Every refusal of the report services, the engine's input issues, the
completeness check and the warnings travel in this shape; pages mark cells by the place's name
and the text is made only at the edge (:func:`text`), in the reader's language, from one
catalogue (:data:`MESSAGES`; the engine's issues keep the engine's zh/en catalogue).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tanhe.accounting.errors import MESSAGES as ENGINE_MESSAGES
from tanhe.accounting.errors import Issue
from tanhe.accounting.report_form import ROW_BY_KEY, STATE_KEY, Table
from tanhe.checks import registry as checks_registry
from tanhe.inputs import InputProblem
from tanhe.validators import control_message, number_message, number_rule

from .labels import (
    english,
    fuel_name,
    lang,
    listed,
    month_label,
    month_name,
    months_text,
    row_label,
    state_label,
    test_field_label,
    year_month,
)
from .places import Lock, Place


class Severity(StrEnum):
    ERROR = "error"  # refused: nothing was saved, or the report cannot be submitted
    WARNING = "warning"  # shown, never blocking
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem: ``code`` names the rule (a key of :data:`MESSAGES`, ``input.<code>`` for the
    number rule of :mod:`tanhe.inputs`, ``engine.<code>`` for the engine's issues); ``place``
    the form's place it concerns (a row of all months when ``month`` is 0)."""

    code: str
    place: Place | None = None
    severity: Severity = Severity.ERROR
    params: Mapping[str, Any] = field(default_factory=dict)
    area: str = ""  # a part of the report (a key of AREAS), named before the place
    marks: tuple[Place, ...] = ()  # more places to mark (the cells of a conflict)

    @property
    def places(self) -> tuple[Place, ...]:
        """Every place the problem marks: its own and ``marks``."""
        return ((self.place,) if self.place is not None else ()) + self.marks


def lock_problem(lock: Lock, place: Place) -> Problem:
    return Problem(f"locked.{lock}", place, params={"month": place.month})


def input_problem(problem: InputProblem, value: str, place: Place | None, **where: Any) -> Problem:
    """A value refused by the input rule of :mod:`tanhe.inputs` (``where``: a ``day`` …)."""
    params = {"value": value, **problem.params, **where}
    return Problem(f"input.{problem.code}", place, params=params)


# -- the catalogue --------------------------------------------------------------------------------
MESSAGES: dict[str, Promise] = {
    # where a value may go
    "unknown_table": gettext_lazy("没有“%(table)s”这张表"),
    "unknown_row": gettext_lazy("%(table)s没有“%(key)s”这一行"),
    "month": gettext_lazy("月份须为 1–12"),
    "plant_only_electricity": gettext_lazy("只有外购电量可以按全厂填报"),
    "plant_fuel_not_allocated": gettext_lazy(
        "%(fuel)s未设为“按机组发电量分配”，其消耗量请按机组填报"
    ),
    "unit_not_in_plan": gettext_lazy("该机组不在本报告依据的质量控制计划中"),
    "fuel_not_in_plan": gettext_lazy("质量控制计划中%(unit)s没有燃料“%(fuel)s”"),
    "fuel_table_only": gettext_lazy("只有燃料信息表按燃料填报"),
    "biomass_row": gettext_lazy(
        "%(fuel)s为掺烧生物质，只填报消耗量和低位发热量（干基），不填燃料状态、元素碳含量等"
        "（核查技术指南 表13）"
    ),
    "mode": gettext_lazy("数据获取方式须为实测值、缺省值或计算值"),
    "source_too_long": gettext_lazy("数据来源不能超过 %(max)s 个字"),
    "source_without_value": gettext_lazy("填写了数据来源，请同时填写数值"),
    "value_too_long": gettext_lazy("数值不能超过 %(max)s 个字符"),
    "required": gettext_lazy("未填写"),
    # one value, one way (tanhe.accounting.sources): the engine's rule, asked at save
    "conflict": gettext_lazy(
        "%(value)s只能用一种方式给出，但%(given)s都已填写：请保留其中一项，清空其余各项%(hint)s"
    ),
    # why a place cannot be typed (tanhe.reports.places.Lock)
    "locked.frozen": gettext_lazy("报告已提交，不能修改"),
    "locked.sealed": gettext_lazy("%(month)s已存证，修改须先提出修改申请并说明原因"),
    "locked.daily": gettext_lazy("该月由日记录汇总，请修改日记录"),
    "locked.heat": gettext_lazy("该月供热量由供热计量计算，请修改供热计量"),
    "locked.merged_hours": gettext_lazy(
        "合并填报机组的运行小时数由成员机组按容量加权计算，请填报成员机组"
    ),
    "locked.split": gettext_lazy("外购电量已按机组数目平分，请在“全厂”行填报"),
    "locked.allocated": gettext_lazy("该燃料的消耗量按机组发电量分配，请在“全厂”行填报"),
    "locked.not_yet_computed": gettext_lazy("该行由自动计算生成，请先点击“自动计算”"),
    # daily records and heat measurements
    "daily.out_of_month": gettext_lazy("日期不在%(ym)s"),
    "daily.state": gettext_lazy("须为入炉或入厂"),
    "daily.mixed_states": gettext_lazy("入炉与入厂记录不能混用"),
    "daily.duplicate_day": gettext_lazy("同一日期填写了多条记录"),
    "heat.kind": gettext_lazy("请选择蒸汽或热水"),
    "heat.label_too_long": gettext_lazy("不能超过 %(max)s 个字"),
    "heat.efficiency": gettext_lazy("应大于 0、不超过 100（百分数）"),
    # completeness (what stops submission)
    "contact_missing": gettext_lazy("请填写报告联系人和联系电话"),
    "missing": gettext_lazy("%(months)s未填报"),
    "missing_zero": gettext_lazy("%(months)s未填报（不使用请填 0）"),
    "missing_none": gettext_lazy("%(months)s未填报（没有请填 0）"),
    "heat_ratio_missing": gettext_lazy(
        "%(months)s有供热量：请填报供热比，或填报锅炉产热量或锅炉效率由自动计算得出供热比"
        "（供热比 = 供热量 / 锅炉产热量）"
    ),
    "missing_member": gettext_lazy("%(months)s未填报（合并填报“%(merged)s”的成员）"),
    "autocalc_missing": gettext_lazy("请先点击“自动计算”生成灰色单元格的计算值"),
    "evidence_missing": gettext_lazy("缺少必传附件“%(kind)s”"),
    "declaration_missing": gettext_lazy("请填写声明中的重点排放单位和法定代表人"),
    "stamped_missing": gettext_lazy("请下载排放报告，打印盖章后上传盖章扫描版（PDF）"),
    "state_missing": gettext_lazy(
        "%(months)s有消耗量，请选择燃料状态（入炉 / 入厂）：消耗量与低位发热量状态一致"
        "（核查技术指南 表7、表9）"
    ),
    "test_missing": gettext_lazy(
        "%(months)s为实测值，请填写确定方式（%(fields)s未填写；"
        "每月低位发热量和单位热值含碳量的确定方式，包括自行检测和委托检测的情况）"
    ),
    "stamped_stale": gettext_lazy(
        "盖章扫描版的数据指纹 %(scan)s… 与当前数据的指纹 %(current)s… 不一致（上传后数据已修改）："
        "请重新下载排放报告，打印盖章后上传新的扫描版"
    ),
    # warnings (never blocking)
    "plausibility.gas_ncv": gettext_lazy("%(value)s 超出经验范围 %(range)s，请核实"),
    "plausibility.gas_carbon": gettext_lazy("%(value)s 超出经验范围 %(range)s，请核实"),
    "plausibility.load_factor": gettext_lazy("%(value)s%% 超出 %(range)s（核查技术指南 表18）"),
    "plausibility.running_hours": gettext_lazy("%(value)s h 超过当月日历小时数 %(limit)s h"),
    "plausibility.utilisation_hours": gettext_lazy(
        "利用小时数 %(value)s h 大于运行小时数 %(limit)s h"
        "（核查技术指南 表17：利用小时数应小于运行小时数；合并填报按成员机组总容量计）"
    ),
    "plausibility.biomass_heat_share": gettext_lazy(
        "全年生物质热量占比 %(value)s%% 超过 10%%：核查组须在核查报告中说明（核查技术指南 表13）"
    ),
    "plausibility.supply_over_generation": gettext_lazy("%(value)s MWh 大于发电量 %(limit)s MWh"),
    "stale.edited": gettext_lazy("%(value)s 与自动计算结果 %(computed)s 不一致（手工修改）"),
    "stale.changed": gettext_lazy("%(value)s 与自动计算结果 %(computed)s 不一致（填报数据已变化）"),
    "chp_by_heat": gettext_lazy(
        "质量控制计划登记为纯发电（主要产品：电能），但%(months)s报告了供热量：按热电联产机组处理，"
        "供热比、供热煤（气）耗和供热碳排放强度照常计算（核查技术指南 表3：即使登记为纯凝发电机组，"
        "存在供热也应按热电联产机组处理）；请修订质量控制计划，将主要产品改为“电能+热能”"
    ),
    "late_test": gettext_lazy("检测报告日期晚于采样日期 %(days)s 天（超过 %(limit)s 天）"),
    "state_plan_mismatch": gettext_lazy(
        "%(months)s的燃料状态为%(state)s，与数据质量控制计划第6部分“数据的确定方式”中该燃料"
        "消耗量和低位发热量的状态（%(plan_state)s）不一致：请按计划的状态填报，或修订质量控制计划"
        "（核查技术指南 表7、表9：消耗量与低位发热量状态一致，入炉优先）"
    ),
    "state_plan_unsaid": gettext_lazy(
        "数据质量控制计划第6部分“数据的确定方式”没有写明该燃料消耗量的燃料状态（入炉 / 入厂），"
        "%(months)s的燃料状态无法与计划核对：请修订质量控制计划（核查技术指南 表7：查阅数据质量"
        "控制计划，确认数据获取方式为入炉煤还是入厂煤）"
    ),
}

# The parts of the report a problem outside the tables belongs to.
AREAS: dict[str, Promise] = {
    "basic": gettext_lazy("基本信息"),
    "fuel": gettext_lazy("燃料信息表"),
    "electricity": gettext_lazy("购入使用电量表"),
    "production": gettext_lazy("生产数据表"),
    "tests": gettext_lazy("确定方式表"),
    "calculation": gettext_lazy("计算"),
    "evidence": gettext_lazy("材料上传"),
    "submit": gettext_lazy("提交确认"),
}

# Short notes shown on a locked cell instead of an input.
LOCK_NOTES: dict[Lock, Promise] = {
    Lock.FROZEN: gettext_lazy("已提交"),
    Lock.SEALED: gettext_lazy("已存证"),
    Lock.DAILY: gettext_lazy("由日记录汇总"),
    Lock.HEAT: gettext_lazy("由供热计量计算"),
    Lock.MERGED_HOURS: gettext_lazy("由成员机组运行小时数按容量加权"),
    Lock.SPLIT: gettext_lazy("按机组数目平分"),
    Lock.ALLOCATED: gettext_lazy("按机组发电量分配"),
    Lock.NOT_YET_COMPUTED: gettext_lazy("点击“自动计算”后生成"),
}

HEAT_FIELDS: dict[str, Promise] = {
    "mass_t": gettext_lazy("质量"),
    "enthalpy_kj_per_kg": gettext_lazy("焓值"),
    "temperature_c": gettext_lazy("供水温度"),
    "label": gettext_lazy("计量点"),
    "return_t": gettext_lazy("回水量"),
    "return_enthalpy_kj_per_kg": gettext_lazy("回水焓"),
    "makeup_t": gettext_lazy("补充水量"),
    "makeup_enthalpy_kj_per_kg": gettext_lazy("补充水焓"),
    "exchanger_efficiency_pct": gettext_lazy("热网加热器效率"),
}


# One value, one way: the value a conflict concerns, and the ways that are not rows of the form.
CONFLICT_VALUES: dict[str, Promise] = {
    "carbon_content": gettext_lazy("元素碳含量"),
    "ncv": gettext_lazy("低位发热量"),
    "supply_mwh": gettext_lazy("供电量"),
    "heat_gj": gettext_lazy("供热量"),
}
CONFLICT_WAYS: dict[str, Promise] = {
    "daily": gettext_lazy("日记录中的元素碳含量"),
    "gas_tests": gettext_lazy("燃气检测"),
    "ncv_ad": gettext_lazy("空气干燥基低位发热量"),
    "station_use_mwh": gettext_lazy("厂用电量"),
    "flows": gettext_lazy("供热计量"),
}
BASES = frozenset({"carbon_content_ad", "carbon_content_d"})


def lock_note(lock: Lock) -> str:
    return str(LOCK_NOTES[lock])


# Parameters that say where, not what (``where`` reads them; messages do not).
WHERE_PARAMS = frozenset({"day", "heat_row", "field"})


# -- the edge: text -------------------------------------------------------------------------------
def where(problem: Problem, units: Mapping[int, str]) -> str:
    """The place a problem names, as messages write it: unit, fuel, month (or day), row."""
    place, params = problem.place, problem.params
    area = str(AREAS[problem.area]) if problem.area else ""
    if place is None:
        return area
    parts = [area, units.get(place.unit, str(place.unit)) if place.unit is not None else _("全厂")]
    if place.fuel:
        parts.append(fuel_name(place.fuel))
    if "day" in params:
        parts.append(str(params["day"]))
    elif place.month:
        parts.append(month_label(place.month))
    if "heat_row" in params:
        parts.append(_("供热计量第%(n)s行") % {"n": params["heat_row"]})
        if params.get("field") in HEAT_FIELDS:
            parts.append(str(HEAT_FIELDS[params["field"]]))
    elif place.key:
        parts.append(_row_text(place))
    return " ".join(p for p in parts if p)


def place_words(place: Place, units: Mapping[int, str]) -> str:
    """A place in words, as messages and labels name it: "1号机组 烟煤 1月 低位发热量"."""
    return where(Problem("", place), units)


def _row_text(place: Place) -> str:
    if place.key == STATE_KEY:
        return _("燃料状态")
    row = ROW_BY_KEY.get((Table(place.table), place.key)) if place.table in set(Table) else None
    return row_label(row) if row is not None else place.key


def message(problem: Problem) -> str:
    """What is wrong, without the place."""
    code, params = problem.code, dict(problem.params)
    if code.startswith("input."):
        value = str(params.pop("value", ""))
        rule = {k: v for k, v in params.items() if k not in WHERE_PARAMS}
        return number_message(value, InputProblem(code[len("input.") :], rule))
    if code.startswith("engine."):
        return _engine(code[len("engine.") :], params)
    if code.startswith("check."):  # a finding of the checks engine: the rule's own template
        return checks_registry.message(params["finding"], lang())
    if code == "control_characters":
        return control_message(params.get("label", ""))
    if code == "conflict":
        params |= _conflict_words(str(params["table"]), str(params["value"]), params["given"])
    if "months" in params and not isinstance(params["months"], str):
        params["months"] = months_text(params["months"])
    if "fields" in params and not isinstance(params["fields"], str):
        params["fields"] = listed(test_field_label(f) for f in params["fields"])
    if str(params.get("month", "")).isdigit():  # "3月" / "March"; ym: "2025年3月" / "March 2025"
        if str(params.get("year", "")).isdigit():
            params["ym"] = year_month(int(params["year"]), int(params["month"]))
        params["month"] = month_name(int(params["month"]))
    for key in ("state", "plan_state"):  # 入炉 / 入厂 in the reader's language
        if key in params:
            params[key] = state_label(str(params[key]))
    template = str(MESSAGES[code])
    return template % params if "%(" in template else template


def _conflict_words(table: str, value: str, given: Iterable[str]) -> dict[str, str]:
    """A conflict's words: the rows filled in as the form labels them (“收到基元素碳含量”和
    “空气干燥基元素碳含量”), the value they both give, and how to choose."""
    ways = list(given)
    labels = []
    for way in ways:
        row = ROW_BY_KEY.get((Table(table), way))
        label = row_label(row) if row is not None else str(CONFLICT_WAYS.get(way, way))
        labels.append(_("“%(label)s”") % {"label": label})
    joined = labels[0] if len(labels) == 1 else _("%(items)s和%(last)s") % {
        "items": listed(labels[:-1]), "last": labels[-1]}  # fmt: skip
    hint = ""
    if value == "carbon_content" and "daily" in ways:
        hint = _("（有日记录的月份，元素碳含量由日记录按消耗量加权得出）")
    elif value == "carbon_content" and BASES & set(ways):
        label = row_label(ROW_BY_KEY[(Table.FUEL, "carbon_content")])
        hint = _("（由空气干燥基或干燥基换算时，“%(label)s”留空，由自动计算填入）") % {
            "label": label}  # fmt: skip
    return {"given": joined, "value": str(CONFLICT_VALUES.get(value, value)), "hint": hint}


def text(problem: Problem, units: Mapping[int, str]) -> str:
    """The problem as one sentence: "1号机组 烟煤 1月 低位发热量：“1²”不是数字（…）"."""
    place = where(problem, units)
    what = message(problem)
    if problem.code.startswith("check."):  # a finding names the guide clause it rests on
        what = _("%(what)s（依据：%(clause)s）") % {"what": what, "clause": _clause(problem)}
    if not place:
        return what
    return _("%(where)s：%(what)s") % {"where": place, "what": what}


def texts(problems: Iterable[Problem], units: Mapping[int, str]) -> list[str]:
    return [text(p, units) for p in problems]


def _engine(code: str, params: dict[str, Any]) -> str:
    """The engine's own wording; with its own location when the issue has no form place."""
    located = params.pop("located", None) or {}
    issue = Issue(code, params=params, **located)
    return issue.message(lang()) if code in ENGINE_MESSAGES else code


def conflict_problem(
    unit: int | None, table: str, fuel: str, month: int, value: str, given: Iterable[str]
) -> Problem:
    """One value given in more than one way in a month (:mod:`tanhe.accounting.sources`): at
    the month (the message names the rows), marking each cell given."""
    given = tuple(given)
    marks = tuple(
        Place(unit, table, fuel, w, month) for w in given if (Table(table), w) in ROW_BY_KEY
    )
    params = {"value": value, "given": given, "table": table}
    return Problem("conflict", Place(unit, table, fuel, "", month), params=params, marks=marks)


def from_issue(issue: Issue, unit_ids: Mapping[str, int]) -> Problem:
    """The engine's input issue as a problem at the form's place it concerns (the engine names
    units by the plan's unit name and fields by the interchange's dotted path)."""
    key = issue.field.rsplit(".", 1)[-1].split("[")[0] if issue.field else ""
    table = Table.FUEL if issue.fuel else Table.PRODUCTION
    if key not in {r.key for (t, _k), r in ROW_BY_KEY.items() if t == table}:
        key = ""
    unit = unit_ids.get(issue.unit) if issue.unit is not None else None
    if unit is None:  # the engine's own location (a plant-level field, an unknown unit)
        located = {"unit": issue.unit, "fuel": issue.fuel, "month": issue.month,
                   "field": issue.field}  # fmt: skip
        return Problem(f"engine.{issue.code}", None, params={**issue.params, "located": located})
    if "given" in issue.params and issue.month:  # one value, one way: the save's own words
        return conflict_problem(unit, table.value, issue.fuel or "", issue.month,
                                issue.params["conflict"], issue.params["given"])  # fmt: skip
    place = Place(unit, table.value, issue.fuel or "", key, issue.month or 0)
    return Problem(f"engine.{issue.code}", place, params=dict(issue.params))


def of_month(problems: Iterable[Problem], month: int) -> list[Problem]:
    """The problems that concern ``month``: at a place of that month, or naming it among
    their months (a row's problem over several months)."""
    return [
        p for p in problems
        if (p.place is not None and p.place.month == month) or month in p.params.get("months", ())
    ]  # fmt: skip


def rule_text(refusal: InputProblem | Lock) -> str:
    """The rule a refused value breaks, without value or place (Excel names the cell itself)."""
    if isinstance(refusal, Lock):
        return message(Problem(f"locked.{refusal}", params={"month": ""}))
    return number_rule(refusal)


@dataclass(frozen=True, slots=True)
class Shown:
    """A problem as a list shows it: where, what, and the clause behind a warning."""

    where: str
    message: str
    clause: str = ""
    blocks: bool = False  # a finding the guide makes mandatory: the report cannot be submitted


def shown(problems: Iterable[Problem], units: Mapping[int, str]) -> list[Shown]:
    return [Shown(where(p, units), message(p), _clause(p), _blocks(p)) for p in problems]


def _blocks(problem: Problem) -> bool:
    return problem.code.startswith("check.") and checks_registry.get(problem.code[6:]).blocks


def _clause(problem: Problem) -> str:
    """The clause behind a warning, in English where it has one (the guide's own words else)."""
    params = problem.params
    if problem.code.startswith("check."):
        return checks_registry.clause(params["finding"], lang())
    return str((english() and params.get("clause_en")) or params.get("clause", ""))
