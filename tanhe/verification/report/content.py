"""The verification report's content (guide 附录2) as blocks, in the outline's order
(report_outline.SECTIONS): the 扉页 (``cover.build_cover``), body 1–4 from the team, the dates,
the checklist records and the samples, and 附件1–4 (``annexes``). The team's text of a section
follows what the data say; every number comes from the data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tanhe.checks import checklist

from ..models import ChecklistItem, Task, VerificationReport
from ..report_outline import SECTIONS
from ..selectors_review import item_label
from ..selectors_values import confirmed_totals
from . import annexes
from .blocks import Block, Grid, Heading, Para, Part, day, num, pct, span
from .cover import Cover, build_cover

CRITERIA = (
    "《碳排放权交易管理暂行条例》",
    "《企业温室气体排放核算方法与报告指南 发电设施》",
    "《企业温室气体排放核查技术指南 发电设施》",
    "重点排放单位备案的数据质量控制计划",
)
PRINCIPLES = {"random": "随机抽样", "stratified": "分层抽样", "risk": "基于风险抽样"}


@dataclass(frozen=True)
class ReportContent:
    title: str
    cover: Cover
    parts: tuple[Part, ...]

    def part(self, key: str) -> Part:
        return next(p for p in self.parts if p.key == key)


def _texts(task: Task) -> dict[str, str]:
    try:
        vr: VerificationReport | None = task.verification_report
    except VerificationReport.DoesNotExist:
        vr = None
    return {str(k): str(v) for k, v in (vr.texts if vr else {}).items()}


# -- 扉页 ----------------------------------------------------------------
def cover_blocks(c: Cover) -> list[Block]:
    info = (
        (_("重点排放单位名称"), c.enterprise),
        (_("地址"), c.address),
        (_("统一社会信用代码"), c.credit_code),
        (_("法定代表人"), c.legal_representative),
        (_("联系人"), c.contact),
        (_("联系方式（电话、email）"), c.contact_details),
        (_("是否为独立法人"), c.independent_legal_person),
        (_("所属行业领域"), c.sector),
        (_("核算和报告依据"), c.basis),
        (_("温室气体排放报告（初始）版本/日期"), f"{c.initial_version} / {day(c.initial_date)}"),
        (_("温室气体排放报告（最终）版本/日期"), f"{c.final_version} / {day(c.final_date)}"),
    )
    blocks: list[Block] = [
        Para(_("报告编号：%(n)s") % {"n": c.number}),
        Para(_("核查机构名称：%(a)s") % {"a": c.agency}),
        Para(_("核查报告签发日期：%(d)s") % {"d": day(c.issued_on)}),
        Grid((_("项目"), _("内容")), info),
        Heading(2, _("核查结论")),
        Para(_("1. 排放报告与核算指南以及备案数据质量控制计划的符合性：")),
        Para(c.conformity),
        Para(
            _("2. 排放量声明：") + _("%(year)s年度温室气体排放总量的声明如下：") % {"year": c.year}
        ),
        emission_grid(c),
        Para(_("3. 与上年度相比，排放量存在异常波动的原因说明：")),
        comparison_grid(c),
        Para(c.fluctuation or _("（核查组尚未填写波动原因说明）"), team=True),
        Para(_("4. 核查过程中未覆盖的问题或者特别需要说明的问题描述：")),
        Para(c.not_covered, team=True),
        Grid(
            (_("签字"), _("姓名"), _("日期")),
            tuple((s.role, s.names, day(s.signed_on)) for s in c.signatures),
        ),
    ]
    return blocks


def emission_grid(c: Cover) -> Grid:
    header = (
        _("机组"),
        _("化石燃料燃烧排放量（tCO2）"),
        _("购入电力排放量（tCO2）"),
        _("总排放量（tCO2）"),
    )
    rows = tuple((r.name, num(r.combustion), num(r.electricity), num(r.total)) for r in c.emissions)
    caption = _("保守测算") if c.estimate else ""
    return Grid(header, rows, caption)


def comparison_grid(c: Cover) -> Grid:
    header = (
        _("范围"),
        _("类别"),
        str(c.previous_year),
        str(c.year),
        _("%(y)s相较于%(p)s波动") % {"y": c.year, "p": c.previous_year},
    )
    rows = tuple(
        (r.scope, f"{r.label}（{r.measure}）", num(r.previous), num(r.current), pct(r.change_pct))
        for r in c.comparison
    )
    return Grid(header, rows)


# -- 1 概述, 2 过程和方法 ----------------------------------------------------------------
def overview(task: Task, c: Cover) -> list[Block]:
    units = "、".join(r.name for r in c.emissions[:-1]) or _("（无）")
    return [
        Heading(2, _("1.1 核查目的")),
        Para(
            _(
                "核实%(name)s%(year)s年度温室气体排放报告中排放量和相关信息的真实性、准确性和完整性，"
            )
            % {"name": c.enterprise, "year": c.year}
            + _("为省级生态环境主管部门确认排放量提供依据。")
        ),
        Heading(2, _("1.2 核查范围")),
        Para(
            _("%(name)s（统一社会信用代码%(code)s）%(year)s年度的发电设施：%(units)s。")
            % {"name": c.enterprise, "code": c.credit_code, "year": c.year, "units": units}
        ),
        Heading(2, _("1.3 核查准则")),
        *(Para(f"{n}. {text}") for n, text in enumerate(CRITERIA, start=1)),
    ]


def process(task: Task) -> list[Block]:
    members = list(task.members.select_related("person"))
    rows = [
        (str(m.person), _("核查组长") if m.is_leader else _("核查组成员"), m.qualification)
        for m in members
    ]
    if task.technical_reviewer is not None:
        rows.append((str(task.technical_reviewer), _("技术复核人"), _("独立于核查组")))
    plan = getattr(task, "onsite_plan", None)
    items = task.checklist.count()
    concluded = task.checklist.exclude(conclusion="").count()
    blocks: list[Block] = [
        Heading(2, _("2.1 核查组安排")),
        Grid((_("姓名"), _("职责"), _("资质与专业领域")), tuple(rows)),
        Heading(2, _("2.2 文件评审")),
        Para(
            _("核查组自%(start)s起对排放报告、数据质量控制计划及支撑材料进行文件评审，")
            % {"start": day(_local(task.review_started_at))}
            + _("核查清单共%(n)s个条目，已得出结论%(m)s个。") % {"n": items, "m": concluded}
        ),
        Heading(2, _("2.3 现场核查")),
    ]
    if plan is not None:
        blocks += [
            Para(_("现场核查时间：%(span)s。") % {"span": span(plan.visit_start, plan.visit_end)}),
            Para(_("现场访问对象：%(v)s") % {"v": plan.interviewees or "/"}),
            Para(_("现场观察的设施、监测设备：%(v)s") % {"v": plan.facilities or "/"}),
        ]
    else:
        blocks.append(Para(_("未进行现场核查。")))
    blocks += [Heading(2, _("2.4 核查报告编写及内部技术复核")), *review_history(task)]
    return blocks


def _local(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def review_history(task: Task) -> list[Block]:
    try:
        vr = task.verification_report
    except VerificationReport.DoesNotExist:
        return [Para(_("核查报告尚未编写。"))]
    out: list[Block] = [
        Para(_("核查组于%(d)s开始编写核查报告。") % {"d": day(_local(vr.created_at))})
    ]
    for r in vr.review_rounds.select_related("reviewer").order_by("number"):
        decision = r.get_decision_display() if r.decision else _("评审中")
        out.append(
            Para(
                _("第%(n)s轮内部技术评审：%(sent)s送审，技术复核人%(who)s，结论：%(d)s%(on)s。")
                % {
                    "n": r.number,
                    "sent": day(_local(r.sent_at)),
                    "who": r.reviewer,
                    "d": decision,
                    "on": f"（{day(_local(r.decided_at))}）" if r.decided_at else "",
                }
            )
        )
    return out


# -- 3 核查发现 ----------------------------------------------------------------
def _clause_of(item: ChecklistItem) -> str:
    return checklist.item(item.key.split("/")[0]).section


def findings(task: Task, clauses: tuple[str, ...]) -> list[Block]:
    """The checklist items of ``clauses``: each item's conclusion and the team's records."""
    items = [
        i
        for i in task.checklist.select_related("unit").prefetch_related("records")
        if _clause_of(i) in clauses
    ]
    if not items:
        return [Para(_("本部分无核查清单条目。"))]
    rows = []
    for item in items:
        records = "；".join(
            f"{r.get_method_display()}：{r.text}"
            + (f"（{r.value_checked}）" if r.value_checked else "")
            for r in item.records.all()
        )
        rows.append((item_label(item), item.get_conclusion_display(), records or "/", item.note))
    return [Grid((_("核查内容"), _("结论"), _("核查记录"), _("说明")), tuple(rows))]


def sampling_blocks(task: Task) -> list[Block]:
    samples = list(task.samples.order_by("pk"))
    if not samples:
        return [Para(_("抽样：本次核查未抽样，相关数据全部核查。"))]
    rows = tuple(
        (
            s.label,
            PRINCIPLES.get(s.principle, s.principle),
            str(s.population_size),
            f"{s.percent}%",
            str(s.records.count()),
            str(s.nonconformities),
        )
        for s in samples
    )
    header = (
        _("抽样对象"),
        _("抽样原则"),
        _("总体数量"),
        _("抽样比例"),
        _("抽取记录数"),
        _("发现的不符合项"),
    )
    intro = _(
        "抽样说明：按核查技术指南4.4.2，对每一总体按所列原则以记录的随机种子抽取样本；"
        "发现不符合项时逐级扩大抽样比例，配额管控设施全部核查。"
    )
    return [Para(intro), Grid(header, rows)]


def emissions_check(task: Task) -> list[Block]:
    if task.report is None:
        return []
    totals = confirmed_totals(task)
    rows = [(u.name, num(u.reported), num(u.confirmed), num(u.difference)) for u in totals.units]
    rows.append(
        (_("全厂合计"), num(totals.reported), num(totals.confirmed), num(totals.difference))
    )
    header = (_("机组"), _("报告排放量（tCO2）"), _("核查确认排放量（tCO2）"), _("差异（tCO2）"))
    return [Heading(2, _("排放量的核查")), Grid(header, tuple(rows))]


# -- 4 结论 ----------------------------------------------------------------
def conclusions(c: Cover) -> list[Block]:
    return [
        Heading(2, _("4.1 排放报告与核算指南以及备案的数据质量控制计划的符合性")),
        Para(c.conformity),
        Heading(2, _("4.2 排放量声明")),
        emission_grid(c),
        Heading(2, _("4.3 排放量存在异常波动的原因说明")),
        comparison_grid(c),
        Para(c.fluctuation or _("（核查组尚未填写波动原因说明）"), team=True),
        Heading(2, _("4.4 核查过程中未覆盖的问题或者需要特别说明的问题描述")),
        Para(c.not_covered, team=True),
    ]


def _body(task: Task, c: Cover, key: str) -> list[Block]:
    makers: dict[str, Callable[[], list[Block]]] = {
        "cover": lambda: cover_blocks(c),
        "s1": lambda: overview(task, c),
        "s2": lambda: process(task),
        "s4": lambda: conclusions(c),
        "annex1": lambda: annexes.summary_table(task, c),
        "annex2": lambda: annexes.data_results(task),
        "annex3": lambda: annexes.nonconformities(task),
        "annex4": lambda: annexes.supporting_files(task),
    }
    if key in makers:
        return makers[key]()
    clauses = next(s.clauses for s in SECTIONS if s.key == key)
    blocks = findings(task, clauses)
    if key == "s3_4":
        blocks += [*sampling_blocks(task), *emissions_check(task)]
    return blocks


def build_content(task: Task) -> ReportContent:
    """The whole report of ``task``, section by section, in Chinese whatever the reader's
    language (the report is the guide's Chinese document)."""
    with translation.override("zh-hans"):
        return _build(task)


def _build(task: Task) -> ReportContent:
    c = build_cover(task)
    texts = _texts(task)
    parts = []
    for s in SECTIONS:
        blocks: list[Block] = [Heading(1, f"{s.number} {s.title}")]
        blocks += _body(task, c, s.key)
        text = texts.get(s.key, "").strip()
        if s.free_text and s.key not in ("cover", "s4") and text:
            blocks.append(Para(text, team=True))
        parts.append(Part(s.key, tuple(blocks)))
    title = _("%(name)s%(year)s年度温室气体排放核查报告") % {"name": c.enterprise, "year": c.year}
    return ReportContent(title, c, tuple(parts))
