"""确定方式表: how each month's NCV and carbon content were determined."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tanhe.accounting.report_form import MONTHS
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.audit.services import field_changes
from tanhe.plans.models import PlanUnit
from tanhe.validators import free_texts, verbose_name

from .. import calculation
from ..models import (
    Report,
    TestRecord,
)
from ._common import TEST_FIELDS, _audit, _editable
from .cells import _sealed_months


# -- 确定方式表 -----------------------------------------------------------------------------------
@transaction.atomic
def save_test_record(
    *,
    actor: User,
    report: Report,
    unit: PlanUnit,
    fuel: str,
    parameter: str,
    month: int,
    data: Mapping[str, Any],
) -> TestRecord:
    report = _editable(actor, report)
    if (
        unit.pk not in {u.pk for u in calculation.reporting_units(report)}
        or fuel not in unit.fuel_names
    ):
        raise ValidationError(_("该机组或燃料不在本报告依据的质量控制计划中"))
    if parameter not in ("ncv", "carbon_content") or month not in MONTHS:
        raise ValidationError(_("确定方式表只填报 1–12 月的低位发热量和元素碳含量"))
    if month in _sealed_months(report):
        raise ValidationError(
            _("%(month)s月已存证，修改须先提出修改申请并说明原因") % {"month": month}
        )
    record_, _created = TestRecord.objects.get_or_create(
        report=report, unit=unit, fuel=fuel, parameter=parameter, month=month
    )
    typed = free_texts(
        {k: data[k] for k in TEST_FIELDS if k in data},
        {k: verbose_name(TestRecord, k) for k in TEST_FIELDS},
        keyed=False,  # the messages name their field (the page prefixes keyed ones)
    )
    changes = field_changes(record_, typed)
    for field, (_old, new) in changes.items():
        setattr(record_, field, new)
    record_.full_clean()
    if record_.sampled_on and record_.reported_on and record_.reported_on < record_.sampled_on:
        raise ValidationError({"reported_on": _("报告日期不能早于采样日期")})
    if changes:
        record_.save()
        _audit(actor, Action.REPORT_TEST_RECORD, record_, report, changes=changes)
    return record_
