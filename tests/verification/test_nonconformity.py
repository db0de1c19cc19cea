"""不符合项 (guide 4.4.4): written by the team, issued by its leader with a deadline of 5 working
days, answered by the plant (late answers kept and marked), closed or rejected by the team and
then frozen by the database; the plant's 终版 from the version under verification."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction

from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.reports.models import Report, ReportState
from tanhe.verification.models import Answer, NonConformity, NonConformityState, TaskState
from tanhe.verification.services import nonconformity as nc_services

from .ncfixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db
S = NonConformityState
# Friday 26 September 2025, before National Day: Sunday 28 September is a 调休 working day,
# 1–8 October are holidays; the fifth working day after the 26th is Friday 10 October.
ISSUED_ON = date(2025, 9, 26)
DUE = date(2025, 10, 10)


def raise_two(member, leader, task, unit):
    first = nc_services.create(
        member, task, "3月入炉煤元素碳含量检测报告超过40日", "evidence",
        value_code="B", unit=unit, fuel="bituminous",
    )  # fmt: skip
    second = nc_services.create(
        member, task, "皮带秤未按规定校准", "measurement",
        value_code="A", unit=unit, fuel="bituminous",
    )  # fmt: skip
    nc_services.issue(leader, task, today=ISSUED_ON)
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second


def test_create_numbers_the_items_and_records_the_audit(member, task, unit):
    first = nc_services.create(member, task, "边界不完整", "boundary")
    second = nc_services.create(member, task, "方法不一致", "method", value_code="A", unit=unit,
                                fuel="bituminous")  # fmt: skip
    assert (first.number, second.number) == (1, 2)
    assert first.state == S.DRAFT and first.category_label == "核算边界不完整或与现场边界不一致"
    assert AuditEntry.objects.filter(action=Action.NC_CREATE).count() == 2


def test_create_is_refused_to_outsiders_and_for_unknown_categories(outsider, filer, member, task):
    with pytest.raises(PermissionDenied):
        nc_services.create(outsider, task, "边界不完整", "boundary")
    with pytest.raises(PermissionDenied):
        nc_services.create(filer, task, "边界不完整", "boundary")
    with pytest.raises(ValidationError, match="类别"):
        nc_services.create(member, task, "边界不完整", "other")
    with pytest.raises(ValidationError, match="描述"):
        nc_services.create(member, task, "  ", "boundary")


def test_a_nonconformity_names_a_datum_the_team_can_confirm(member, task, unit):
    """A computed datum (P) or one the report does not have could never get a confirmed value
    once the item is rejected: refused when the item is written."""
    with pytest.raises(ValidationError, match="由核算引擎计算"):
        nc_services.create(member, task, "排放量有误", "method", value_code="P", unit=unit)
    with pytest.raises(ValidationError, match="报告中没有这项数据"):
        nc_services.create(member, task, "消耗量有误", "method", value_code="A", unit=unit,
                           fuel="natural_gas")  # fmt: skip
    with pytest.raises(ValidationError, match="报告中没有这项数据"):
        nc_services.create(member, task, "消耗量有误", "method", value_code="A", unit=unit)
    with pytest.raises(ValidationError, match="请选择涉及的数据编码"):
        nc_services.create(member, task, "x", "method", unit=unit, fuel="bituminous")
    assert not task.nonconformities.exists()


def test_issue_sets_the_deadline_five_working_days_ahead(member, leader, task, unit):
    first, second = raise_two(member, leader, task, unit)
    assert first.state == second.state == S.ISSUED
    assert first.due_date == second.due_date == DUE
    task.refresh_from_db()
    assert task.state == TaskState.CORRECTION
    assert AuditEntry.objects.filter(action=Action.NC_ISSUE).count() == 2


def test_only_the_leader_issues_and_only_after_the_visit(member, leader, task):
    nc_services.create(member, task, "边界不完整", "boundary")
    with pytest.raises(PermissionDenied):
        nc_services.issue(member, task, today=ISSUED_ON)
    task.state = TaskState.REVIEW
    task.save()
    with pytest.raises(ValidationError, match="现场核查后"):
        nc_services.issue(leader, task, today=ISSUED_ON)


def test_answers_on_time_and_late_are_both_kept(filer, member, leader, task, unit):
    first, second = raise_two(member, leader, task, unit)
    on_time = nc_services.answer(filer, first, "检测报告寄送延误", "补充有效检测报告",
                                 corrected_value="52.30", today=DUE)  # fmt: skip
    late = nc_services.answer(filer, second, "校准计划遗漏", "已完成校准", today=date(2025, 10, 13))
    assert (on_time.late, late.late) == (False, True)
    assert on_time.corrected_value == "52.30"
    again = nc_services.answer(filer, first, "补充说明", "再次补充", today=date(2025, 10, 14))
    assert again.late and first.answers.count() == 2
    first.refresh_from_db()
    assert first.state == S.ANSWERED
    assert AuditEntry.objects.filter(action=Action.NC_ANSWER).count() == 3


def test_answer_is_the_plants_own_and_checks_the_value(filer, member, leader, task, unit):
    first, _second = raise_two(member, leader, task, unit)
    with pytest.raises(PermissionDenied):
        nc_services.answer(member, first, "原因", "措施", today=DUE)
    with pytest.raises(ValidationError, match="数字"):
        nc_services.answer(filer, first, "原因", "措施", corrected_value="约52", today=DUE)
    with pytest.raises(ValidationError, match="原因分析"):
        nc_services.answer(filer, first, "", "措施", today=DUE)
    assert not Answer.objects.exists()


def test_close_one_reject_one_then_both_are_frozen(filer, member, leader, task, unit):
    first, second = raise_two(member, leader, task, unit)
    with pytest.raises(ValidationError, match="尚无"):
        nc_services.close(member, first, "已验证")
    with pytest.raises(ValidationError, match="逾期未答复"):
        nc_services.reject(member, second, "未整改", today=DUE)  # not past the deadline yet
    nc_services.answer(filer, first, "检测报告寄送延误", "补充有效检测报告", today=DUE)
    closed = nc_services.close(member, first, "书面验证：检测报告有效")
    rejected = nc_services.reject(member, second, "逾期未提交整改", today=date(2025, 10, 13))
    assert (closed.state, rejected.state) == (S.CLOSED, S.REJECTED)
    assert closed.decided_by == member and rejected.decision_note == "逾期未提交整改"
    with pytest.raises(ValidationError):
        nc_services.answer(filer, closed, "原因", "措施", today=DUE)
    with pytest.raises(ValidationError, match="整改答复"):
        nc_services.close(member, rejected, "改判")
    for table, pk in (("verification_nonconformity", closed.pk),
                      ("verification_nonconformity", rejected.pk)):  # fmt: skip
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET description = 'changed' WHERE id = %s", [pk])
    answer = closed.answers.get()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE verification_answer SET cause = 'x' WHERE id = %s", [answer.pk])
    assert NonConformity.objects.get(pk=closed.pk).description.startswith("3月")


def test_the_plant_starts_its_final_version_from_the_verified_one(
    filer, member, leader, task, unit, verified
):
    nc_services.create(member, task, "边界不完整", "boundary")
    with pytest.raises(ValidationError, match="开具不符合项清单后"):
        nc_services.start_final_version(filer, task, "根据不符合项1修正")
    nc_services.issue(leader, task, today=ISSUED_ON)
    with pytest.raises(PermissionDenied):
        nc_services.start_final_version(member, task, "根据不符合项1修正")
    final = nc_services.start_final_version(filer, task, "根据不符合项1修正")
    assert final.is_final and final.state == ReportState.DRAFT
    assert final.previous_id == verified.pk and final.number == verified.number + 1
    verified.refresh_from_db()
    assert verified.state == ReportState.SUBMITTED  # the submitted version is untouched
    with pytest.raises(ValidationError, match="只能有一个终版"):
        nc_services.start_final_version(filer, task, "再次创建")
    assert Report.objects.filter(enterprise=task.enterprise, is_final=True).count() == 1
