"""月度信息化存证: a month sealed with its fingerprint, and amendments with a reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tanhe.accounting.report_form import MONTHS, Table
from tanhe.accounts import permissions as perm
from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.audit.services import record
from tanhe.fingerprint import fingerprint
from tanhe.reports.models import STEAM_BALANCE_FIELDS
from tanhe.validators import free_text

from ..labels import month_name, year_month
from ..models import (
    TEST_FIELDS,
    FilingState,
    MonthFiling,
    Report,
    ValueEvidence,
)
from ._common import _audit, _editable


# -- monthly 存证 ---------------------------------------------------------------------------------
def filing_deadline(year: int, month: int, days: int) -> date:
    """月度存证 deadline: ``days`` natural days after the month's end (111号: 40)."""
    from datetime import timedelta

    first_next = date(year + (month == 12), month % 12 + 1, 1)
    return first_next - timedelta(days=1) + timedelta(days=days)


def month_content(report: Report, month: int) -> dict[str, Any]:
    """Everything a month's 存证 seals: its cells and the files attached to its values."""
    cells = (
        report.cells.filter(month=month)
        .select_related("unit")
        .order_by("table", "unit__position", "fuel", "key")
    )
    files = ValueEvidence.objects.filter(
        enterprise=report.enterprise, year=report.year, month=month
    ).select_related("file")
    return {
        "year": report.year,
        "month": month,
        "cells": [
            {
                "unit": c.unit.name if c.unit else None,
                "table": c.table,
                "fuel": c.fuel,
                "key": c.key,
                "value": c.value,
                "mode": c.mode,
                "source": c.source,
            }
            for c in cells
        ],
        "daily": [
            {
                "unit": d.unit.name,
                "fuel": d.fuel,
                "day": d.day.isoformat(),
                "state": d.state,
                "quantity": d.quantity,
                "ncv": d.ncv,
                "carbon_content": d.carbon_content,
            }
            for d in report.daily_records.filter(day__month=month).select_related("unit")
        ],
        "heat": [
            {
                "unit": h.unit.name,
                "kind": h.kind,
                "label": h.label,
                "mass_t": h.mass_t,
                "enthalpy_kj_per_kg": h.enthalpy_kj_per_kg,
                "temperature_c": h.temperature_c,
            }
            | {k: getattr(h, k) for k in STEAM_BALANCE_FIELDS if getattr(h, k)}
            for h in report.heat_measurements.filter(month=month).select_related("unit")
        ],
        "tests": [
            {"unit": t.unit.name, "fuel": t.fuel, "parameter": t.parameter}
            | {f: str(getattr(t, f) or "") for f in TEST_FIELDS}
            for t in report.test_records.filter(month=month)
            .select_related("unit")
            .order_by("unit__position", "fuel", "parameter")
        ],
        "evidence": [
            {
                "unit": f.unit_name,
                "table": f.table,
                "fuel": f.fuel,
                "key": f.key,
                "sha256": f.file.sha256,
                "name": f.file.original_name,
            }
            for f in files.order_by("id")
        ],
    }


@transaction.atomic
def seal_month(*, actor: User, report: Report, month: int) -> MonthFiling:
    """月度存证: file one month on its own with its evidence; it is then sealed."""
    report = _editable(actor, report)
    if month not in MONTHS:
        raise ValidationError(_("月份须为 1–12"))
    today = timezone.localdate()
    if date(report.year, month, 1) > today or (report.year, month) == (today.year, today.month):
        raise ValidationError(
            _("%(ym)s尚未结束，不能存证") % {"ym": year_month(report.year, month)}
        )
    content = month_content(report, month)
    if not any(c["table"] == Table.FUEL and c["key"] == "consumption" for c in content["cells"]):
        raise ValidationError(
            _("%(month)s没有填报燃料消耗量，不能存证") % {"month": month_name(month)}
        )
    filing = (
        MonthFiling.objects.select_for_update()
        .filter(enterprise=report.enterprise, year=report.year, month=month)
        .first()
    )
    now = timezone.now()
    digest = fingerprint(content)
    if filing is None:
        filing = MonthFiling.objects.create(
            enterprise=report.enterprise,
            year=report.year,
            month=month,
            state=FilingState.SEALED,
            sealed_at=now,
            first_sealed_at=now,
            sealed_by=actor,
            content=content,
            sha256=digest,
        )
        before = None
    elif filing.state == FilingState.SEALED:
        raise ValidationError(_("%(month)s已存证") % {"month": month_name(month)})
    else:
        before = filing.sha256
        filing.state, filing.sealed_at, filing.sealed_by = FilingState.SEALED, now, actor
        filing.content, filing.sha256, filing.revision = content, digest, filing.revision + 1
        filing.save()
    _audit(
        actor,
        Action.REPORT_MONTH_SEAL,
        filing,
        report,
        changes={"sha256": (before, digest)},
        note=f"{report.year}年{month}月存证",
    )
    return filing


@transaction.atomic
def amend_month(*, actor: User, filing: MonthFiling, reason: str) -> MonthFiling:
    """修改申请: reopen a sealed month; the reason is kept with the filing and in the audit log."""
    perm.require(perm.can_file(actor, filing.enterprise), _("只有本单位的报送账号可以申请修改"))
    filing = MonthFiling.objects.select_for_update().get(pk=filing.pk)
    label = MonthFiling._meta.get_field("amendment_reason").verbose_name
    reason = free_text(reason, label, "reason")
    if not reason:
        raise ValidationError({"reason": _("修改已存证的月度数据须说明原因")})
    if filing.state != FilingState.SEALED:
        raise ValidationError(_("%(month)s正在修改中") % {"month": month_name(filing.month)})
    frozen = filing.enterprise.reports.filter(year=filing.year).order_by("-number").first()
    if frozen is not None and frozen.is_frozen:
        raise ValidationError(_("%(year)s年报已提交，月度数据不能再修改") % {"year": filing.year})
    filing.state = FilingState.AMENDING
    filing.amendment_reason = reason
    filing.save(update_fields=["state", "amendment_reason"])
    record(
        actor=actor,
        action=Action.REPORT_MONTH_AMEND,
        obj=filing,
        organisation=filing.enterprise,
        changes={"state": (FilingState.SEALED, FilingState.AMENDING)},
        note=reason,
    )
    return filing
