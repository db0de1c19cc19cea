"""The end of the demo's 2025 verification (issue #13): two plants' results published and one
复核 decided, each step through its service as the people would do it:

- 南京六合滨江（合成） (values confirmed in tanhe/demo/verification.py): the team writes the
  report; the technical reviewer (agency-tech, independent of the team) returns section 3.4 with
  a comment, the team answers it, the reviewer approves (the DOCX and PDF are frozen); the
  agency's 机构管理员 signs and submits; js-admin notifies; the plant acknowledges, then applies
  for 复核 on the 3rd working day; the assessment runs two working days and the result is upheld.
- 徐州贾汪矸石综合利用 (no 2025 report): assigned to the demo agency, its team prepares a
  保守测算 from the year's coal-gangue consumption with the guide's defaults, writes and submits
  the report; js-admin orders a written 复查 by an outside expert, which passes, then notifies.

The campaign stays open (its other tasks are still in progress), so the 附录3 table is not yet
published. Dates follow the demo calendar after ``DEMO_TODAY``. Idempotent: nothing is done once
the campaign has a notification.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction

from tanhe.accounts.models import Organisation, User
from tanhe.demo.enterprises import JIAWANG
from tanhe.demo.reports import DATA_YEAR
from tanhe.verification import selectors_result
from tanhe.verification.models import Campaign, Notification, RecheckMode, RecheckPerformer, Task
from tanhe.verification.services import appeal, arrangement, estimate, result
from tanhe.verification.services import report as report_services
from tanhe.workdays.calendar import add_working_days

from .verification import ASSIGNED_ON, CONFIRMED, DEMO_TODAY, DUE, People, _team

ESTIMATED = JIAWANG.organisation["credit_code"]
SUBMITTED_ON = date(2026, 4, 24)
NOTIFIED_ON = date(2026, 4, 28)
GANGUE = "coal_gangue"
# 徐州贾汪's year as the team established it on site (t, GJ/t, MWh)
GANGUE_YEAR = {"A": "100000.00", "C": "12.500", "K": "200000.000"}

TEXTS = {
    "cover": "与上年度相比，排放量变化主要由发电量变化引起，不存在异常波动。",
    "s1": "受江苏省生态环境厅委托，核查2025年度温室气体排放报告及数据质量控制计划的执行情况。",
    "s3_4": "抽查1号机组入炉煤日记录；皮带秤未校准，燃煤消耗量按核查指南5.4.1.1保守处理。",
}
RETURNED = {"s3_4": "请说明保守处理采用的准确度等级及其依据。"}
ANSWERED = (
    "抽查1号机组入炉煤日记录；皮带秤2025年未校准，无检定证书，按核查指南5.4.1.1及表7，"
    "以要求的准确度等级1.0%上调燃煤消耗量（×1.01）。"
)


def build_results(campaign: Campaign, write: Callable[[str], Any] = lambda line: None) -> None:
    """Two notified results and one decided 复核 in ``campaign`` (once)."""
    if Notification.objects.filter(task__campaign=campaign).exists():
        write("  = results already published")
        return
    users = {u.username: u for u in User.objects.filter(username__in=(
        "js-admin", "agency-lead", "agency-verifier", "agency-tech", "agency-admin"))}  # fmt: skip
    people = People(users["js-admin"], users["agency-lead"], users["agency-verifier"],
                    users["agency-tech"])  # fmt: skip
    signer = users["agency-admin"]
    tasks = {t.enterprise.credit_code: t for t in campaign.tasks.select_related("enterprise")}
    with transaction.atomic():
        _reported(people, signer, tasks[CONFIRMED])
        _estimated(people, signer, tasks[ESTIMATED], campaign)
    for code in (CONFIRMED, ESTIMATED):
        task = tasks[code]
        total = Notification.objects.get(task=task).total_emissions
        write(f"    {task.enterprise.name}: 核查结果已告知 {total} tCO2")


def _plant(task: Task) -> User:
    return User.objects.get(username=task.enterprise.credit_code)


def _write_and_review(people: People, task: Task) -> None:
    """The report written, returned once on 3.4, answered and approved."""
    report_services.create_report(people.lead, task)
    for key, text in TEXTS.items():
        report_services.save_text(people.verifier, task, key, text)
    report_services.send_to_review(people.lead, task)
    report_services.return_report(people.tech, task, RETURNED, "请补充后再送审。")
    report_services.save_text(people.verifier, task, "s3_4", ANSWERED)
    report_services.send_to_review(people.lead, task)
    report_services.approve_report(people.tech, task, "内容完整，数据与核查记录一致。")


def _reported(people: People, signer: User, task: Task) -> None:
    _write_and_review(people, task)
    report_services.submit_report(signer, task, today=SUBMITTED_ON)
    result.notify_result(people.admin, task, "请查阅核查报告。", today=NOTIFIED_ON)
    plant = _plant(task)
    result.acknowledge_result(plant, task)
    filed = add_working_days(NOTIFIED_ON, 3)
    appeal.file_appeal(
        plant, task, "认为1号机组燃煤消耗量不应上调：皮带秤已于2026年1月补做校准。", today=filed
    )
    appeal.start_assessment(people.admin, task, today=filed)
    ended = add_working_days(filed, 2)
    appeal.end_assessment(
        people.admin, task,
        "外聘专家书面论证：补做的校准晚于核算年度，不能证明2025年的计量准确度，保守处理适当。",
        today=ended,
    )  # fmt: skip
    appeal.decide(
        people.admin, task, "upheld", "维持核查结论：2025年度皮带秤未校准，保守处理符合核查指南。",
        today=add_working_days(ended, 1),
    )  # fmt: skip


def _estimated(people: People, signer: User, task: Task, campaign: Campaign) -> None:
    agency = Organisation.objects.get(pk=signer.organisation_id)
    arrangement.assign(people.admin, [task], agency, DUE, today=ASSIGNED_ON)
    _team(people, task)
    unit = selectors_result.estimate_units(selectors_result.estimate_plan(task))[0]
    fuels = {"A": GANGUE, "C": GANGUE, "K": ""}
    data = {(unit.pk, code, fuels[code]): value for code, value in GANGUE_YEAR.items()}
    estimate.prepare_estimate(
        people.lead, task, f"重点排放单位未提交{DATA_YEAR}年度排放报告。",
        "按核算指南采用生态环境部公布的缺省值（单位热值含碳量、碳氧化率）保守测算。", data,
    )  # fmt: skip
    _write_and_review(people, task)
    report_services.submit_report(signer, task, today=SUBMITTED_ON)
    result.order_recheck(
        people.admin, task, RecheckMode.WRITTEN, RecheckPerformer.EXPERT,
        performer_names="李振华（外聘专家）", scope="保守测算的数据来源与缺省值选用",
    )  # fmt: skip
    result.conclude_recheck(people.admin, task, "passed", "缺省值选用正确，测算过程可复核。")
    result.notify_result(people.admin, task, "未提交排放报告，按保守原则测算。", today=NOTIFIED_ON)
    assert DEMO_TODAY < NOTIFIED_ON  # the results come after the demo's "today" of the stages


def build_demo_results(write: Callable[[str], Any] = lambda line: None) -> Campaign:
    """``build_results`` for the demo's 江苏省 2025 campaign (after ``build_demo_campaign``)."""
    from tanhe.demo.verification import build_demo_campaign

    campaign = build_demo_campaign(write)
    build_results(campaign, write)
    return campaign
