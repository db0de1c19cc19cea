"""附件1–4 of the verification report (guide 附录2): the emission data summary, the data results
per unit (from the confirmed values), the non-conformities with the plant's answers, and every
file the team relied on with its SHA-256."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tanhe.documents.models import StoredFile
from tanhe.reports.labels import fuel_name

from .. import selectors_values as sv
from ..models import Answer, ItemRecord, NonConformity, Task
from ..selectors_review import report_files
from ..values_catalogue import CODES
from .blocks import Block, Grid, Para, num
from .cover import Cover

NOT_COLLECTED = "/"


def summary_table(task: Task, c: Cover) -> list[Block]:
    """附件1 温室气体排放数据汇总表 (what the platform does not collect reads "/")."""
    plant = next((r for r in c.comparison if r.measure == "MWh"), None)
    heat = next((r for r in c.comparison if r.measure == "GJ"), None)
    rows = (
        (_("名称"), c.enterprise),
        (_("统一社会信用代码"), c.credit_code),
        (_("在岗职工总数（人）"), NOT_COLLECTED),
        (_("固定资产合计（万元）"), NOT_COLLECTED),
        (_("工业总产值（万元）"), NOT_COLLECTED),
        (_("行业代码"), task.enterprise.industry_code or NOT_COLLECTED),
        (_("产品一：电力（MWh）"), num(plant.current) if plant else NOT_COLLECTED),
        (_("产品二：热力（GJ）"), num(heat.current) if heat else NOT_COLLECTED),
        (_("综合能耗（万吨标煤）"), NOT_COLLECTED),
        (_("温室气体排放总量（吨二氧化碳）"), num(c.total.total) if c.total else NOT_COLLECTED),
    )
    title = _("%(year)s年度温室气体排放数据汇总表") % {"year": c.year}
    return [Grid((_("项目"), _("数据")), rows, title)]


def _datum(label: object, fuel: str) -> str:
    return f"{label}（{fuel_name(fuel)}）" if fuel else str(label)


def data_results(task: Task) -> list[Block]:
    """附件2 报告数据的核查结果: per unit each coded datum with its measure, the initial (and the
    final) reported value, the confirmed value and the reason of a difference."""
    header = (
        _("机组"),
        _("数据编码"),
        _("数据"),
        _("单位"),
        _("初始报告数值"),
        _("最终报告数值"),
        _("核查确认数值"),
        _("差异原因"),
    )
    rows: list[tuple[str, ...]] = []
    if task.report is None:  # a conservative estimate: the team's values only
        for r in task.confirmed_values.select_related("unit"):
            code = CODES[r.code]
            rows.append(
                (r.unit.name, r.code, _datum(code.label, r.fuel), code.measure, "/", "/",
                 r.confirmed, r.reason)
            )  # fmt: skip
        return [Grid(header, tuple(rows), _("保守测算"))]
    for unit, values in sv.value_rows(task):
        for v in values:
            key = v.code.key if len(v.code.key) == 1 else "/"
            reason = v.record.reason if v.record else ""
            rows.append(
                (unit.name, key, _datum(v.code.label, v.fuel), v.measure, v.initial or "/",
                 v.final or "/", v.confirmed or "/", reason)
            )  # fmt: skip
    return [Grid(header, tuple(rows))]


def nonconformities(task: Task) -> list[Block]:
    """附件3 不符合清单: each issued item, the plant's last answer, the team's conclusion."""
    items = task.nonconformities.exclude(state="draft").order_by("number")
    if not items:
        return [Para(_("本次核查未发现不符合项。"))]
    rows = []
    for nc in items:
        answer: Answer | None = nc.answers.order_by("-submitted_at", "-pk").first()
        conclusion = nc.get_state_display() + (f"：{nc.decision_note}" if nc.decision_note else "")
        rows.append(
            (
                str(nc.number),
                nc.description,
                answer.cause if answer else _("未提交"),
                answer.action if answer else _("未提交"),
                conclusion,
            )
        )
    header = (
        _("序号"),
        _("不符合项描述"),
        _("受核查方原因分析"),
        _("受核查方采取的整改措施"),
        _("核查结论"),
    )
    return [Grid(header, tuple(rows))]


def relied_files(task: Task) -> list[tuple[StoredFile, str]]:
    """Every file the team relied on, once each: the report's files, the evidence of the
    team's records, of the non-conformities and of the plant's answers."""
    out: list[tuple[StoredFile, str]] = []
    if task.report is not None:
        out += report_files(task.report)
    for record in ItemRecord.objects.filter(item__task=task).prefetch_related("files"):
        out += [(f, _("核查记录证据")) for f in record.files.all()]
    ncs = NonConformity.objects.filter(task=task).prefetch_related("files", "answers__files")
    for nc in ncs:
        out += [(f, _("不符合项%(n)s证据") % {"n": nc.number}) for f in nc.files.all()]
        for a in nc.answers.all():
            out += [(f, _("不符合项%(n)s整改证据") % {"n": nc.number}) for f in a.files.all()]
    seen: set[int] = set()
    unique = []
    for stored, label in out:
        if stored.pk not in seen:
            seen.add(stored.pk)
            unique.append((stored, label))
    return unique


def supporting_files(task: Task) -> list[Block]:
    """附件4 支持性文件清单 with each file's SHA-256."""
    files = relied_files(task)
    if not files:
        return [Para(_("无支持性文件。"))]
    rows = tuple(
        (str(n), f.original_name, label, f.sha256) for n, (f, label) in enumerate(files, start=1)
    )
    return [Grid((_("序号"), _("文件名称"), _("说明"), _("SHA-256")), rows)]
