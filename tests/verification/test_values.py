"""核查确认数值 (guide 4.5, 附录2 附件2) and the conservative recalculation (5.4.1.1, 表7): the
engine computes the confirmed totals; the expected figures below are worked by hand from the
accounting guide's formula for the one coal unit of the fixtures:

    E = FC × Car × OF × 44/12, each month rounded to 0.01 tCO2 (FC to 0.01 t, Car to 0.01 %)

with FC = 120345.67 t, Car = 52.31 %, OF = 99 %, NCV = 20.512 GJ/t each month, and 512.30 MWh of
purchased electricity a month at 0.5703 tCO2/MWh (292.16 tCO2)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.verification import selectors_values as sv
from tanhe.verification.models import ChecklistItem, FindingReview, TaskState, ValueBasis
from tanhe.verification.services import nonconformity as nc_services
from tanhe.verification.services import review, values

from .ncfixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db
CENT = Decimal("0.01")
FC, CAR, OF, NCV = Decimal("120345.67"), Decimal("52.31"), Decimal("0.99"), Decimal("20.512")
ELECTRICITY = Decimal("292.16")  # 512.30 MWh × 0.5703 tCO2/MWh, rounded
NOT_CALIBRATED = {"kind": "calibration", "status": "not_calibrated", "required_accuracy_pct": "0.5"}


def r2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def month_emissions(fc: Decimal, car_pct: Decimal) -> Decimal:
    return r2(fc * car_pct / 100 * OF * Decimal(44) / Decimal(12))


def test_initial_values_are_the_verified_versions(task):
    initial = sv.initial_values(task)
    assert initial[("1号机组", "A", "bituminous")] == str(12 * FC)
    assert initial[("1号机组", "B", "bituminous")] == "52.31"
    assert initial[("1号机组", "C", "bituminous")] == "20.512"
    assert initial[("1号机组", "capacity", "")] == "660"
    assert initial[("1号机组", "P", "")] == "2745730.80"  # 12 × 228810.90 (the issue example)
    assert sv.final_values(task) == {}


def test_not_calibrated_coal_consumption_raises_emissions_by_the_engines_figure(member, task, unit):
    before = sv.confirmed_totals(task)
    assert before.reported == before.confirmed == Decimal("2745730.80")
    record = values.apply_conservative(member, task, unit, "bituminous", "A", NOT_CALIBRATED)
    adjusted = r2(FC * Decimal("1.005"))  # × (1 + required accuracy 0.5 %)
    assert adjusted == Decimal("120947.40")
    assert record.basis == ValueBasis.CALIBRATION
    assert record.confirmed == str(12 * adjusted)
    expected = 12 * (month_emissions(adjusted, CAR) + ELECTRICITY)
    totals = sv.confirmed_totals(task)
    [unit_total] = totals.units
    assert unit_total.reported == Decimal("2745730.80")
    assert unit_total.confirmed == totals.confirmed == expected
    assert totals.difference == expected - Decimal("2745730.80") > 0
    assert AuditEntry.objects.filter(action=Action.VALUE_CONSERVATIVE).count() == 1


def test_default_carbon_treatment(member, task, unit):
    record = values.apply_conservative(member, task, unit, "bituminous", "B", {"kind": "default"})
    carbon = r2(NCV * Decimal("0.03085") * 100)  # Car = NCVar × CC (coal default 0.03085 tC/GJ)
    assert record.basis == ValueBasis.DEFAULT and record.confirmed == str(carbon) == "63.28"
    expected = 12 * (month_emissions(FC, carbon) + ELECTRICITY)
    assert sv.confirmed_totals(task).confirmed == expected
    rows = {(r.code.key, r.fuel): r for _unit, rs in sv.value_rows(task) for r in rs}
    assert rows[("D", "bituminous")].confirmed == "0.03085"
    assert rows[("D", "bituminous")].initial != "0.03085"
    assert rows[("B", "bituminous")].record.basis == ValueBasis.DEFAULT


def test_treatments_are_checked(member, task, unit):
    with pytest.raises(ValidationError, match="校准调整适用于"):
        values.apply_conservative(member, task, unit, "bituminous", "B", NOT_CALIBRATED)
    with pytest.raises(ValidationError, match="缺省值只适用于"):
        values.apply_conservative(member, task, unit, "bituminous", "A", {"kind": "default"})
    with pytest.raises(ValidationError):
        values.apply_conservative(member, task, unit, "bituminous", "A",
                                  NOT_CALIBRATED | {"status": "out_of_tolerance"})  # fmt: skip
    # coal has no default NCV in the accounting guide: the engine refuses, so does the service
    with pytest.raises(ValidationError):
        values.apply_conservative(member, task, unit, "bituminous", "C", {"kind": "default"})
    assert not task.confirmed_values.exists()


def test_confirm_value_needs_a_reason_for_a_difference(member, outsider, task, unit):
    same = values.confirm_value(member, task, unit, "C", "bituminous", "20.512", "")
    assert same.basis == ValueBasis.REPORTED
    with pytest.raises(ValidationError, match="差异原因"):
        values.confirm_value(member, task, unit, "K", "", "3600000", "")
    team = values.confirm_value(member, task, unit, "K", "", "3600000.000", "关口表抄表核对")
    assert team.basis == ValueBasis.TEAM
    rows = {(r.code.key, r.fuel): r for _unit, rs in sv.value_rows(task) for r in rs}
    assert rows[("K", "")].confirmed == "3600000.000"  # the engine's year after the months
    with pytest.raises(ValidationError, match="核算引擎"):
        values.confirm_value(member, task, unit, "P", "", "1", "不能直接填")
    with pytest.raises(PermissionDenied):
        values.confirm_value(outsider, task, unit, "C", "bituminous", "20.512", "")
    assert AuditEntry.objects.filter(action=Action.VALUE_CONFIRM).count() == 2


def test_team_consumption_is_put_into_the_months_exactly(member, task, unit):
    values.confirm_value(member, task, unit, "A", "bituminous", "1450000.00", "盘点核实")
    rows = {(r.code.key, r.fuel): r for _unit, rs in sv.value_rows(task) for r in rs}
    assert rows[("A", "bituminous")].confirmed == "1450000.00"


def test_finish_is_refused_while_a_finding_is_undecided(member, leader, task):
    item = ChecklistItem.objects.create(task=task, key="T08", table=8)
    finding = FindingReview.objects.create(
        task=task, item=item, rule="evidence.report_number_reused", severity="warning",
        finding={"rule": "evidence.report_number_reused"},
    )  # fmt: skip
    with pytest.raises(ValidationError, match="1项自动核验发现尚未确认或排除"):
        values.finish(leader, task)
    review.decide_finding(member, task, finding, "dismissed", "报告编号为化验室批次号，已核实原件")
    assert values.finish(leader, task).state == TaskState.CONFIRMED


def test_finish_is_refused_with_open_nonconformities(filer, member, leader, task, unit):
    nc = nc_services.create(member, task, "皮带秤未校准", "measurement", value_code="A",
                            unit=unit, fuel="bituminous")  # fmt: skip
    nc_services.issue(leader, task, today=date(2025, 9, 26))
    with pytest.raises(ValidationError, match="尚未关闭"):
        values.finish(leader, task)
    nc_services.reject(member, nc, "逾期未答复", today=date(2025, 10, 13))
    with pytest.raises(ValidationError, match="保守处理"):
        values.finish(leader, task)
    # a team value below the reported consumption would understate emissions (5.4.1.1)
    reported = sv.initial_values(task)[(unit.name, "A", "bituminous")]
    lower = str(Decimal(reported) - 1)
    values.confirm_value(member, task, unit, "A", "bituminous", lower, "现场核实的结算量")
    with pytest.raises(ValidationError, match="不符合保守原则"):
        values.finish(leader, task)
    values.apply_conservative(member, task, unit, "bituminous", "A", NOT_CALIBRATED)
    with pytest.raises(PermissionDenied):
        values.finish(member, task)
    done = values.finish(leader, task)
    assert done.state == TaskState.CONFIRMED and done.confirmed_at is not None
    assert AuditEntry.objects.filter(action=Action.VALUES_CONFIRMED).count() == 1
    with pytest.raises(ValidationError):
        values.confirm_value(member, task, unit, "C", "bituminous", "20.512", "")
