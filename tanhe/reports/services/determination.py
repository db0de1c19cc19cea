"""确定方式表: how each month's 低位发热量 and 单位热值含碳量 were determined (seed 000 排放报告-
确定方式表; what a complete row needs before submission: ``completeness.missing_test_fields``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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
from ..labels import TEST_PARAMETERS, month_name, test_parameter, test_row_words
from ..models import (
    TEST_FIELDS,
    Report,
    TestRecord,
)
from ._common import _audit, _editable
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
    parameter = test_parameter(parameter)  # an old workbook's or caller's 元素碳含量 key
    if parameter not in TEST_PARAMETERS or month not in MONTHS:
        raise ValidationError(_("确定方式表只填报 1–12 月的低位发热量和单位热值含碳量"))
    if month in _sealed_months(report):
        raise ValidationError(
            _("%(month)s已存证，修改须先提出修改申请并说明原因") % {"month": month_name(month)}
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


@dataclass(frozen=True)
class DeterminationInput:
    """One row of the 确定方式表 to save: its place and the fields it changes."""

    unit: PlanUnit
    fuel: str
    parameter: str
    month: int
    data: Mapping[str, Any]


class DeterminationErrors(ValidationError):
    """Rows refused, nothing saved: ``rows`` maps the index of each refused input to its
    messages (each naming its field), ``problems`` the same messages naming their row."""

    def __init__(self, rows: Mapping[int, list[str]], problems: list[str]) -> None:
        self.rows = dict(rows)
        self.problems = problems
        super().__init__(problems)


@transaction.atomic
def save_test_records(*, actor: User, report: Report, rows: Sequence[DeterminationInput]) -> int:
    """Several rows of the 确定方式表, all or none: every row is checked (one audit row per
    record that changes); if any is refused, none is saved and :class:`DeterminationErrors` names
    each refused row and field. Returns the number of rows saved."""
    _editable(actor, report)  # a frozen report is refused once, not row by row
    refused: dict[int, list[str]] = {}
    problems: list[str] = []
    for index, row in enumerate(rows):
        try:
            save_test_record(actor=actor, report=report, unit=row.unit, fuel=row.fuel,
                             parameter=row.parameter, month=row.month, data=row.data)  # fmt: skip
        except ValidationError as exc:
            refused[index] = _field_messages(exc)
            where = test_row_words(row.unit.name, row.fuel, row.parameter, row.month)
            problems += [f"{where} {message}" for message in refused[index]]
    if refused:
        raise DeterminationErrors(refused, problems)
    return len(rows)


def _field_messages(exc: ValidationError) -> list[str]:
    """A row's refusal, each message naming its field (keyed messages get the field's label)."""
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    out = []
    for name, words in exc.message_dict.items():
        label = str(verbose_name(TestRecord, name)) if name in TEST_FIELDS else ""
        out += [_("%(where)s：%(what)s") % {"where": label, "what": t} if label else t
                for t in words]  # fmt: skip
    return out
