"""The demo's 2025 verification campaign (issue #11): 江苏省's campaign created by js-admin, five
tasks assigned to 江苏碳核查技术服务有限公司 and taken to five stages by calling the verification
services in order, as the people would — never by writing a state:

- 泰兴滨江（合成）: assigned, awaiting the agency's acceptance (log in as agency-lead to accept).
- 扬州江都沿江（合成）: in document review — the team (agency-lead leader with the sector's
  expertise, agency-verifier; agency-tech the technical reviewer) declared independence, the
  checklist opened with the checks engine's findings, a few records and conclusions, the focus.
- 镇江丹徒江岸（合成）: the on-site plan notified to the plant, the visit 4 working days later.
- 泰州江畔: visited; a sample of 1号机组's daily 入炉 records drawn at 30 % and raised to 50 % by
  a non-conformity; two non-conformities issued, one answered on time by the plant, the other
  open (log in as its credit code to answer it).
- 南京六合滨江（合成）: values confirmed — one non-conformity answered and closed, one left
  unanswered past its deadline and rejected, its coal consumption adjusted conservatively
  (not calibrated: × (1 + 1 %)), the values finished.

The days follow a fixed demo calendar in April 2026 (``DEMO_TODAY``), passed to the services that
count working days, so the demo is the same whatever day it is built. Idempotent: nothing is done
when 江苏省 already has its 2025 campaign.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from tanhe.accounts.models import Organisation, Province, User
from tanhe.demo.enterprises import TAIZHOU
from tanhe.demo.reports import DATA_YEAR
from tanhe.demo.siblings import SPECS, build_siblings
from tanhe.plans.models import PlanUnit
from tanhe.verification.models import (
    Campaign,
    ChecklistItem,
    Conclusion,
    FindingDecision,
    Method,
    Task,
)
from tanhe.verification.services import arrangement, nonconformity, onsite, review, sampling, values
from tanhe.verification.services import team as team_services
from tanhe.workdays.calendar import add_working_days

DEMO_TODAY = date(2026, 4, 22)  # the demo's "today" (a Wednesday)
ASSIGNED_ON = date(2026, 4, 1)
DUE = date(2026, 6, 30)
ASSIGNED, REVIEW, ONSITE, CONFIRMED = (spec.organisation["credit_code"] for spec in SPECS)
NC_OPEN = TAIZHOU.organisation["credit_code"]
STAGES = (ASSIGNED, REVIEW, ONSITE, NC_OPEN, CONFIRMED)
SAMPLE_SEED = 20260413
NOT_CALIBRATED = {
    "kind": "calibration",
    "status": "not_calibrated",
    "required_accuracy_pct": "1.0",
}


@dataclass(frozen=True)
class People:
    admin: User  # js-admin
    lead: User
    verifier: User
    tech: User


def build_verification(
    province: Province, agency: Organisation, write: Callable[[str], Any] = lambda line: None
) -> Campaign:
    """The 2025 campaign of ``province`` with its five tasks at their stages (or the one there)."""
    found = Campaign.objects.filter(province=province, year=DATA_YEAR).first()
    if found is not None:
        write(f"  = {found}: already loaded")
        _stages(found, write)
        return found
    users = {u.username: u for u in User.objects.filter(username__in=(
        "js-admin", "js-reviewer", "agency-lead", "agency-verifier", "agency-tech"))}  # fmt: skip
    people = People(users["js-admin"], users["agency-lead"], users["agency-verifier"],
                    users["agency-tech"])  # fmt: skip
    build_siblings(province, users["js-reviewer"], write)
    with transaction.atomic():
        campaign = arrangement.create_campaign(people.admin, DATA_YEAR, province.pk)
        tasks = {t.enterprise.credit_code: t for t in campaign.tasks.select_related("enterprise")}
        arrangement.assign(people.admin, [tasks[c] for c in STAGES], agency, DUE, today=ASSIGNED_ON)
        for code in STAGES[1:]:
            _team(people, tasks[code])
        _review(people, tasks[REVIEW])
        _review(people, tasks[ONSITE])
        _notify(people, tasks[ONSITE], DEMO_TODAY)
        _nonconformities_open(people, tasks[NC_OPEN])
        _confirmed(people, tasks[CONFIRMED])
    _stages(campaign, write)
    return campaign


def _stages(campaign: Campaign, write: Callable[[str], Any]) -> None:
    """Each demo task's stage and the plant's login (its credit code)."""
    tasks = campaign.tasks.filter(enterprise__credit_code__in=STAGES).select_related("enterprise")
    order = {code: n for n, code in enumerate(STAGES)}
    for task in sorted(tasks, key=lambda t: order[t.enterprise.credit_code]):
        write(f"    {task.enterprise.credit_code}  {task.enterprise.name}: "
              f"{task.get_state_display()}")  # fmt: skip


def _team(people: People, task: Task) -> None:
    """Accepted; agency-lead (leader, sector expertise) and agency-verifier declare and join;
    agency-tech is the technical reviewer."""
    arrangement.accept(people.lead, task)
    declared = {"no_service": True, "no_employment": True, "no_family_tie": True}
    team_services.declare_and_join(
        people.lead, task, people.lead, is_leader=True, has_sector_expertise=True,
        qualification="高级工程师，火力发电厂热能动力专业，温室气体核查经验8年", **declared,
    )  # fmt: skip
    team_services.declare_and_join(
        people.lead, task, people.verifier, is_leader=False, has_sector_expertise=False,
        qualification="环境工程专业，温室气体核查员", **declared,
    )  # fmt: skip
    team_services.name_reviewer(people.lead, task, people.tech)


RECORDS = (
    (Method.READ, "查阅排放报告与质量控制计划：机组、燃料和计量设备与备案的计划一致。"),
    (Method.ASK, "访谈生产技术部负责人：2025年无新增或拆除机组，2号机组3—4月C级检修。"),
)


def _review(people: People, task: Task) -> list[ChecklistItem]:
    """The document review opened by the leader, with records, conclusions, the engine's first
    finding confirmed and the on-site focus."""
    items = review.start_review(people.lead, task)
    for item, (method, text) in zip(items, RECORDS, strict=False):
        review.add_record(people.verifier, task, item, method, text)
        review.conclude(people.verifier, task, item, Conclusion.CONFORMS)
    finding = task.findings.order_by("pk").first()
    if finding is not None:
        reason = "核对原始记录后确认，列入现场核查重点。"
        review.decide_finding(people.lead, task, finding, FindingDecision.CONFIRMED, reason)
    review.set_focus(
        people.lead, task, people="燃料管理部负责人、化验室主任、运行部统计员",
        facilities="入炉煤皮带秤及其校验记录、自动量热仪、上网关口电能表",
        documents="2025年入炉煤月报、元素碳检测报告、电费结算单、计量器具检定证书",
    )  # fmt: skip
    return items


def _notify(people: People, task: Task, on: date) -> None:
    """The on-site plan, notified ``on`` a day with the visit 4 working days later (one more
    than the 3 the guide requires)."""
    start = add_working_days(on, 4)
    onsite.save_plan(
        people.lead, task,
        purpose_scope="核实2025年度排放报告数据及支撑材料，覆盖全部两台机组。",
        roles="陈立新（核查组长）：燃料与排放；孙悦（核查员）：生产数据与计量设备。",
        schedule="第一天上午首次会议、燃料计量；下午化验室；第二天生产数据、末次会议。",
        visit_start=start, visit_end=add_working_days(start, 1),
        interviewees="燃料管理部负责人、化验室主任、运行部统计员",
        facilities="入炉煤皮带秤、自动量热仪、元素分析仪、上网关口电能表",
        sampling_plan="1号机组入炉煤日记录按月分层抽样30%，发现不符合项时扩大样本。",
    )  # fmt: skip
    onsite.notify_plant(people.lead, task, today=on)


def _unit(task: Task) -> PlanUnit:
    assert task.report is not None
    return task.report.plan_version.units.get(name="1号机组")


def _nonconformities_open(people: People, task: Task) -> None:
    """Visited (notified 8 April), a sample raised by a non-conformity, two issued on 16 April
    (due 23 April): the first answered on time on 21 April, the second open."""
    _review(people, task)
    _notify(people, task, date(2026, 4, 8))
    unit = _unit(task)
    sample = sampling.draw_sample(
        people.verifier, task, f"daily/{unit.pk}/bituminous", "stratified", seed=SAMPLE_SEED
    )
    for record in sample.records.order_by("pk")[:3]:
        sampling.check_record(people.verifier, record, record.reported, "与入炉煤日报一致")
    first = nonconformity.create(
        people.verifier, task,
        "2号机组8月入炉煤元素碳含量未检测，报告采用缺省值，但未按质量控制计划说明原因并保存记录。",
        "evidence",
    )  # fmt: skip
    nonconformity.create(
        people.verifier, task,
        "1号机组入炉煤皮带秤2025年校验记录缺少第三季度实物校验，抽查的日入炉量无法全部溯源。",
        "measurement", samples=[sample], value_code="A", unit=unit, fuel="bituminous",
    )  # fmt: skip
    nonconformity.issue(people.lead, task, today=date(2026, 4, 16))
    plant = User.objects.get(username=task.enterprise.credit_code)
    nonconformity.answer(
        plant, first,
        cause="元素分析仪8月故障送修，化验室未及时记录缺测原因。",
        action="补充设备维修记录和缺测说明，修订化验室记录制度。",
        today=date(2026, 4, 21),
    )  # fmt: skip


def _confirmed(people: People, task: Task) -> None:
    """Visited (notified 3 April), two non-conformities issued on 10 April (due 17 April): the
    first answered and closed, the second unanswered and rejected on 20 April; the coal
    consumption it concerns adjusted conservatively; the values finished."""
    _review(people, task)
    _notify(people, task, date(2026, 4, 3))
    unit = _unit(task)
    first = nonconformity.create(
        people.verifier, task, "月度生产报表未经统计员签字确认。", "quality_control"
    )
    second = nonconformity.create(
        people.verifier, task, "1号机组入炉煤皮带秤2025年未校准，无法提供检定或校准证书。",
        "measurement", value_code="A", unit=unit, fuel="bituminous",
    )  # fmt: skip
    nonconformity.issue(people.lead, task, today=date(2026, 4, 10))
    plant = User.objects.get(username=task.enterprise.credit_code)
    nonconformity.answer(
        plant, first, cause="报表流转环节遗漏签字。", action="补签全年报表，增加签字检查。",
        today=date(2026, 4, 15),
    )  # fmt: skip
    nonconformity.close(people.verifier, first, "查阅补签的报表，整改有效。")
    note = "重点排放单位未在5个工作日内提交整改，按核查指南5.4.1.1保守处理。"
    nonconformity.reject(people.verifier, second, note, today=date(2026, 4, 20))
    values.apply_conservative(people.verifier, task, unit, "bituminous", "A", NOT_CALIBRATED)
    values.finish(people.lead, task)


def build_demo_campaign(write: Callable[[str], Any] = lambda line: None) -> Campaign:
    """``build_verification`` for the demo's 江苏省 and its agency (after ``build_demo``)."""
    from tanhe.demo.province import AGENCY_NAME, JIANGSU

    province = Province.objects.get(code=JIANGSU[0])
    agency = Organisation.objects.get(name=AGENCY_NAME, kind="agency")
    return build_verification(province, agency, write)
