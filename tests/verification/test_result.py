"""告知核查结果 and 复查 (guide 4.7): the authority may order a 复查 only after the report is
submitted and before notifying; it notifies only when the report is submitted and no 复查 is
open; the notification keeps the confirmed total the engine computes from the confirmed values;
the plant acknowledges once. Every action writes its audit row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tanhe.accounts.models import Organisation, OrganisationKind
from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.demo.verification import NC_OPEN
from tanhe.verification import selectors_result as sr
from tanhe.verification import selectors_values as sv
from tanhe.verification.models import Notification, RecheckConclusion, ReportState
from tanhe.verification.services import result as services

from .result_setup import *  # noqa: F403
from .result_setup import submitted_report, task_of, user

pytestmark = pytest.mark.django_db
# 六合滨江's confirmed emissions: the engine on the confirmed values (coal consumption of
# 1号机组 raised by the calibration adjustment), tCO2 to the guide's 0.01
CONFIRMED_TOTAL = "7235788.39"
NOTIFIED_ON = date(2026, 5, 11)


def audited(action: Action, obj) -> bool:
    return AuditEntry.objects.filter(
        action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).exists()


def order(authority, task, **kw):
    args = {"mode": "written", "performer": "expert", "performer_names": "王工（外聘专家）",
            "scope": "复查燃料消耗量的保守处理"} | kw  # fmt: skip
    return services.order_recheck(authority, task, **args)


def test_notify_refused_before_the_report_is_submitted(authority, confirmed):
    submitted_report(confirmed, state=ReportState.APPROVED)
    with pytest.raises(ValidationError, match="核查报告尚未提交省级生态环境主管部门"):
        services.notify_result(authority, confirmed, today=NOTIFIED_ON)
    with pytest.raises(ValidationError, match="提交省级生态环境主管部门后方可发起复查"):
        order(authority, confirmed)


def test_notification_keeps_the_engines_confirmed_total(authority, confirmed, report):
    n = services.notify_result(authority, confirmed, "请查收核查报告。", today=NOTIFIED_ON)
    assert n.notified_on == NOTIFIED_ON and n.report == report and not n.estimated
    assert n.total_emissions == CONFIRMED_TOTAL
    assert Decimal(n.total_emissions) == sv.confirmed_totals(confirmed).confirmed
    assert audited(Action.RESULT_NOTIFY, n)
    with pytest.raises(ValidationError, match="核查结果已告知重点排放单位"):
        services.notify_result(authority, confirmed, today=NOTIFIED_ON)
    with pytest.raises(ValidationError, match="核查结果已告知，不能再发起复查"):
        order(authority, confirmed)


def test_recheck_blocks_notification_until_concluded(authority, confirmed, report):
    recheck = order(authority, confirmed)
    assert audited(Action.RECHECK_ORDER, recheck)
    assert sr.open_recheck(confirmed) == recheck
    with pytest.raises(ValidationError, match="复查尚未记录结论"):
        services.notify_result(authority, confirmed, today=NOTIFIED_ON)
    with pytest.raises(ValidationError, match="已有尚未记录结论的复查"):
        order(authority, confirmed)
    with pytest.raises(ValidationError):
        services.conclude_recheck(authority, confirmed, "maybe", "意见")
    services.conclude_recheck(authority, confirmed, RecheckConclusion.PASSED, "保守处理符合表7。")
    recheck.refresh_from_db()
    assert recheck.conclusion == "passed" and recheck.concluded_by == authority
    assert audited(Action.RECHECK_CONCLUDE, recheck)
    with pytest.raises(ValidationError, match="没有尚未记录结论的复查"):
        services.conclude_recheck(authority, confirmed, RecheckConclusion.FAILED, "再议")
    assert services.notify_result(authority, confirmed, today=NOTIFIED_ON).pk


def test_recheck_by_another_agency_never_the_verifying_one(authority, confirmed, report):
    with pytest.raises(ValidationError, match="其他技术服务机构"):
        order(authority, confirmed, performer="agency", performer_agency=confirmed.agency)
    with pytest.raises(ValidationError, match="请选择承担复查的技术服务机构"):
        order(authority, confirmed, performer="agency")
    other = Organisation.objects.create(
        name="另一核查机构", kind=OrganisationKind.AGENCY, province=confirmed.campaign.province
    )
    recheck = order(authority, confirmed, performer="agency", performer_agency=other)
    assert recheck.performer_agency == other
    services.conclude_recheck(authority, confirmed, RecheckConclusion.FAILED, "数据溯源不足。")
    with pytest.raises(ValidationError, match="请填写复查内容"):
        order(authority, confirmed, scope="")


def test_notify_refused_before_the_values_are_confirmed(authority, campaign):
    task = task_of(NC_OPEN)
    submitted_report(task)
    with pytest.raises(ValidationError, match="核查数据尚未确认"):
        services.notify_result(authority, task, today=NOTIFIED_ON)


def test_only_the_provinces_authority_orders_and_notifies(confirmed, report):
    for name in ("agency-lead", "agency-admin", "hb-reviewer", confirmed.enterprise.credit_code):
        who = user(name)
        with pytest.raises(PermissionDenied):
            order(who, confirmed)
        with pytest.raises(PermissionDenied):
            services.notify_result(who, confirmed, today=NOTIFIED_ON)


def test_the_plant_acknowledges_once(authority, confirmed, report, plant):
    with pytest.raises(ValidationError, match="核查结果尚未告知"):
        services.acknowledge_result(plant, confirmed)
    services.notify_result(authority, confirmed, today=NOTIFIED_ON)
    with pytest.raises(PermissionDenied):
        services.acknowledge_result(authority, confirmed)
    n = services.acknowledge_result(plant, confirmed)
    assert n.acknowledged_by == plant and n.acknowledged_at is not None
    assert audited(Action.RESULT_ACKNOWLEDGE, n)
    with pytest.raises(ValidationError, match="已确认收悉"):
        services.acknowledge_result(plant, confirmed)
    assert Notification.objects.filter(task=confirmed).count() == 1
