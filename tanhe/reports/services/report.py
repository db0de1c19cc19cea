"""The report itself: creation (gated on a submitted plan), 基本信息 contact fields, the split
of purchased electricity, the auxiliary fuels allocated by generation, deletion of a draft."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounting.interchange import FIRST_YEAR
from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Organisation, User
from tanhe.audit.actions import Action
from tanhe.audit.services import field_changes
from tanhe.validators import free_text, verbose_name

from ..labels import fuel_name, listed, months_text
from ..models import (
    AllocatedFuel,
    Origin,
    Report,
)
from ..selectors import allocation_candidates
from ._common import CONTACT_FIELDS, _audit, _editable, plan_in_force
from .cells import _sealed_months


# -- creation -------------------------------------------------------------------------------------
@transaction.atomic
def create_report(*, actor: User, enterprise: Organisation, year: int) -> Report:
    perm.require(perm.can_file(actor, enterprise), _("只有本单位的报送账号可以创建排放报告"))
    Organisation.objects.select_for_update().get(pk=enterprise.pk)  # one creation at a time
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise ValidationError(
            {
                "year": _("报告年度须在 %(first)s–%(last)s 年之间")
                % {"first": FIRST_YEAR, "last": this_year}
            }
        )
    plan = plan_in_force(enterprise)
    if plan is None:
        raise ValidationError(_("请先提交数据质量控制计划：质量控制计划提交后，方可创建排放报告"))
    if enterprise.reports.filter(year=year).exists():
        raise ValidationError(
            {"year": _("%(year)s年度的年报已存在，请在列表中编辑") % {"year": year}}
        )
    basic = plan.basic
    report = Report.objects.create(
        enterprise=enterprise,
        year=year,
        plan_version=plan,
        contact_person=basic.contact_person,
        contact_phone=basic.contact_phone,
        created_by=actor,
    )
    _audit(
        actor,
        Action.REPORT_CREATE,
        report,
        report,
        changes={"year": (None, year), "plan_version": (None, plan.number)},
    )
    return report


@transaction.atomic
def update_contact(*, actor: User, report: Report, data: Mapping[str, Any]) -> Report:
    """基本信息: only 报告联系人, 联系电话, 电子邮箱 are editable (seed 000); the rest is the
    plan's."""
    report = _editable(actor, report)
    typed = {k: free_text(data[k], verbose_name(Report, k), k) for k in CONTACT_FIELDS if k in data}
    changes = field_changes(report, typed)
    for field, (_old, new) in changes.items():
        setattr(report, field, new)
    if changes:
        report.full_clean(exclude=["enterprise", "plan_version", "created_by", "stamped_pdf"])
        report.save()
        _audit(actor, Action.REPORT_CONTACT, report, report, changes=changes)
    return report


@transaction.atomic
def set_split_electricity(*, actor: User, report: Report, split: bool) -> Report:
    """购入使用电量表 说明1: a purchase that cannot be metered per unit is split equally."""
    report = _editable(actor, report)
    if report.split_purchased_electricity != split and (sealed := _sealed_months(report)):
        raise ValidationError(
            _("%(months)s已存证：改变外购电量的填报方式会改变这些月份的数据，请先对其提出修改申请")
            % {"months": months_text(sorted(sealed))}
        )
    if report.split_purchased_electricity != split:
        _audit(
            actor,
            Action.REPORT_SPLIT_ELECTRICITY,
            report,
            report,
            changes={"split_purchased_electricity": (not split, split)},
        )
        report.split_purchased_electricity = split
        report.save(update_fields=["split_purchased_electricity", "updated_at"])
    return report


@transaction.atomic
def set_allocated_fuel(*, actor: User, report: Report, fuel: str, allocate: bool) -> Report:
    """Seed 000 机组信息 说明 c): an auxiliary fuel (e.g. diesel for start-up) metered for the plant
    only is given for the plant each month and allocated over the units that list it in
    proportion to their generation. Turning it on is refused while a unit holds a consumption of
    that fuel the enterprise typed; turning it off clears the plant's values of that fuel and the
    units' allocated consumption."""
    report = _editable(actor, report)
    if fuel not in allocation_candidates(report):
        raise ValidationError(
            _("“%(fuel)s”不是本报告机组使用的化石燃料，不能按机组发电量分配")
            % {"fuel": fuel_name(fuel)}
        )
    current = report.allocated_fuels.filter(fuel=fuel).first()
    if (current is not None) == allocate:
        return report
    if sealed := _sealed_months(report):
        raise ValidationError(
            _("%(months)s已存证：改变%(fuel)s的填报方式会改变这些月份的数据，请先对其提出修改申请")
            % {"months": months_text(sorted(sealed)), "fuel": fuel_name(fuel)}
        )
    cells = report.cells.filter(table="fuel", fuel=fuel, key="consumption")
    if allocate:
        typed = cells.filter(unit__isnull=False, origin=Origin.USER).exclude(value="")
        names = sorted(set(typed.values_list("unit__name", flat=True)))
        if names:
            raise ValidationError(
                _("%(units)s已填报%(fuel)s的消耗量：按机组发电量分配前，请先清空这些机组的消耗量")
                % {"units": listed(names), "fuel": fuel_name(fuel)}
            )
        AllocatedFuel.objects.create(report=report, fuel=fuel)
        changes: dict[str, tuple[Any, Any]] = {f"allocated_fuels/{fuel}": (False, True)}
    else:
        daily = set(report.daily_records.filter(fuel=fuel).values_list("unit_id", "day__month"))
        cleared = [
            c
            for c in report.cells.filter(table="fuel", fuel=fuel)
            .filter(Q(unit__isnull=True) | Q(key="consumption", origin=Origin.AUTO))
            .order_by("unit_id", "month")
            if (c.unit_id, c.month) not in daily  # a month of daily records keeps its total
        ]
        changes = {f"allocated_fuels/{fuel}": (True, False)}
        changes |= {
            f"{c.unit_id or 'plant'}/fuel/{fuel}/{c.key}/{c.month}": (c.value or None, None)
            for c in cleared
        }
        report.cells.filter(pk__in=[c.pk for c in cleared]).delete()
        report.allocated_fuels.filter(fuel=fuel).delete()
    _audit(actor, Action.REPORT_ALLOCATED_FUEL, report, report, changes=changes)
    report.save(update_fields=["updated_at"])
    return report


@transaction.atomic
def delete_draft(*, actor: User, report: Report) -> None:
    report = _editable(actor, report)
    if report.is_final:
        raise ValidationError(_("终版不能删除，请修改后提交"))
    if report.number != 1:
        raise ValidationError(_("退回补正后的新版本不能删除"))
    _audit(actor, Action.REPORT_DELETE, report, report, changes={"state": (report.state, None)})
    report.delete()
