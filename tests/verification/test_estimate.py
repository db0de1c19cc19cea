"""保守测算 (guide 4.5). Without a report, the team enters its year data on the plan's units and
the engine computes with the accounting guide's defaults; by hand for 徐州贾汪's CFB unit, with
100000.00 t of coal gangue at 12.500 GJ/t and the default unit-heat carbon 0.03085 tC/GJ (2021+
data), the oxidation rate 99 %:

    Car = 12.500 × 0.03085 = 0.385625 tC/t → 38.56 % (0.01 %)
    E   = 100000.00 × 38.56 % × 99 % × 44/12 = 139972.80 tCO2

With a report whose non-conformity was not corrected (六合滨江), the estimate is the conservative
treatment already confirmed; the notification then says 保守测算."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.verification import selectors_result as sr
from tanhe.verification.models import TaskState, ValueBasis
from tanhe.verification.services import estimate, result

from .result_setup import *  # noqa: F403
from .result_setup import submitted_report, user

pytestmark = pytest.mark.django_db
REASON = "重点排放单位未提交2025年度排放报告。"


def data_of(task, **values):
    unit = sr.estimate_units(sr.estimate_plan(task))[0]
    keys = {"A": (unit.pk, "A", "coal_gangue"), "C": (unit.pk, "C", "coal_gangue"),
            "K": (unit.pk, "K", "")}  # fmt: skip
    return unit, {keys[k]: v for k, v in values.items()}


def test_estimate_without_a_report_through_the_engine(leader, no_report):
    unit, data = data_of(no_report, A="100000.00", C="12.500", K="200000.000")
    made = estimate.prepare_estimate(leader, no_report, REASON, "核算指南缺省值", data)
    no_report.refresh_from_db()
    assert no_report.state == TaskState.CONFIRMED and no_report.confirmed_at is not None
    assert sr.is_estimate(no_report) and made.prepared_by == leader
    rows = {(r.code, r.fuel): r for r in no_report.confirmed_values.all()}
    assert set(rows) == {
        ("A", "coal_gangue"),
        ("C", "coal_gangue"),
        ("K", ""),
        ("B", "coal_gangue"),
    }
    assert all(r.basis == ValueBasis.DEFAULT and r.unit == unit for r in rows.values())
    assert rows[("B", "coal_gangue")].confirmed == "38.56"
    assert sr.confirmed_total(no_report) == Decimal("139972.80")
    entry = AuditEntry.objects.get(action=Action.ESTIMATE_PREPARE, object_id=str(made.pk))
    assert entry.changes["total_emissions"] == [None, "139972.80"]
    with pytest.raises(ValidationError, match="已记录保守测算"):
        estimate.prepare_estimate(leader, no_report, REASON, "", data)


def test_estimate_refusals(leader, no_report):
    _unit, data = data_of(no_report, A="100000.00")
    with pytest.raises(ValidationError, match="燃煤低位发热量须实测"):  # the engine's own rule
        estimate.prepare_estimate(leader, no_report, REASON, "", data)
    with pytest.raises(ValidationError, match="请填写保守测算的原因"):
        estimate.prepare_estimate(leader, no_report, " ", "", data)
    _unit, bad = data_of(no_report, A="十万", C="12.5")
    with pytest.raises(ValidationError, match="须为数字"):
        estimate.prepare_estimate(leader, no_report, REASON, "", bad)
    _unit, none = data_of(no_report, K="1")
    with pytest.raises(ValidationError, match="请至少填写一种燃料的消耗量"):
        estimate.prepare_estimate(leader, no_report, REASON, "", none)
    with pytest.raises(ValidationError, match="不属于"):
        estimate.prepare_estimate(leader, no_report, REASON, "", {(0, "A", "coal_gangue"): "1"})
    with pytest.raises(PermissionDenied):
        estimate.prepare_estimate(user("agency-verifier"), no_report, REASON, "", data)
    no_report.refresh_from_db()
    assert no_report.state == TaskState.ACCEPTED and not no_report.confirmed_values.exists()


def test_uncorrected_report_estimate_is_labelled_in_the_notification(leader, authority, confirmed):
    assert sr.uncorrected(confirmed) == [2]
    estimate.prepare_estimate(leader, confirmed, "不符合项2未按期整改。", "表7 校准调整")
    assert sr.is_estimate(confirmed)
    submitted_report(confirmed)
    n = result.notify_result(authority, confirmed, today=date(2026, 5, 11))
    assert n.estimated and n.total_emissions == "7235788.39"


def test_notified_estimate_without_a_report(leader, authority, no_report):
    _unit, data = data_of(no_report, A="100000.00", C="12.500")
    estimate.prepare_estimate(leader, no_report, REASON, "", data)
    submitted_report(no_report)
    n = result.notify_result(authority, no_report, today=date(2026, 5, 11))
    assert n.estimated and n.total_emissions == "139972.80"
