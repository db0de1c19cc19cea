"""Declared integrity of the report: every table of ``tanhe/reports/freeze.py`` is frozen by the
database with its report, report states move only along ``TRANSITIONS``, and an enterprise has
at most one draft and one 终版 (with its origin and reason) per year — even when the services are
bypassed."""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tanhe.documents.models import StoredFile
from tanhe.plans.models import PlanUnit, PlanVersion
from tanhe.reports import services
from tanhe.reports.freeze import FREEZE
from tanhe.reports.models import (
    FROZEN_STATES,
    TRANSITIONS,
    AllocatedFuel,
    DailyFuelRecord,
    HeatMeasurement,
    Report,
    ReportCell,
    ReportEvidence,
    ReportState,
)
from tanhe.reports.models import TestRecord as Determination  # not a test class
from tanhe.reports.services._common import _move

from ..freezing import check_child, check_move, refused


@pytest.fixture
def draft(filer, enterprise):
    """A draft 2023 report, made without the services (its plan need not be complete)."""
    plan = PlanVersion.objects.create(enterprise=enterprise, number=1, business_type="filing",
                                      created_by=filer)  # fmt: skip
    PlanUnit.objects.create(version=plan, name="1号机组", unit_type="coal",
                            subtype="conventional", capacity_mw=660)  # fmt: skip
    PlanVersion.objects.filter(pk=plan.pk).update(state="submitted")
    return Report.objects.create(enterprise=enterprise, year=2023, plan_version=plan,
                                 created_by=filer)  # fmt: skip


def make_row(label: str, report: Report, n: int):
    """The n-th row of the child table ``label`` of ``report`` (n is 1–9)."""
    unit = report.plan_version.units.get()
    owner, by = report.enterprise, report.created_by
    makers = {
        "reports.ReportCell": lambda: ReportCell.objects.create(
            report=report, unit=unit, table="fuel", fuel="bituminous", key="ncv", month=n,
            value="20.000"),
        "reports.TestRecord": lambda: Determination.objects.create(
            report=report, unit=unit, fuel="bituminous", parameter="ncv", month=n),
        "reports.ReportEvidence": lambda: ReportEvidence.objects.create(
            report=report, kind="other", title=str(n), file=StoredFile.objects.create(
                sha256=f"{n}" * 64, size=1, content_type="application/pdf",
                original_name=f"{n}.pdf", owner=owner, uploaded_by=by)),
        "reports.DailyFuelRecord": lambda: DailyFuelRecord.objects.create(
            report=report, unit=unit, fuel="bituminous", day=date(2023, 1, n), quantity="1",
            state="fired"),
        "reports.HeatMeasurement": lambda: HeatMeasurement.objects.create(
            report=report, unit=unit, month=n, kind="steam", mass_t="1"),
        "reports.AllocatedFuel": lambda: AllocatedFuel.objects.create(
            report=report, fuel=f"fuel{n}"),
    }  # fmt: skip
    assert set(makers) == {c.model for c in FREEZE.children}, "a new frozen table needs a row"
    return makers[label]()


CHILDREN = [c.model for c in FREEZE.children]
STATES = [s.value for s in ReportState]


# -- frozen tables --------------------------------------------------------------------------------
@pytest.mark.parametrize("state", sorted(FROZEN_STATES))
@pytest.mark.parametrize("label", CHILDREN)
def test_each_frozen_table_is_frozen_with_its_report(draft, label, state):
    check_child(
        apps.get_model(label),
        lambda n: make_row(label, draft, n),
        lambda: Report.objects.filter(pk=draft.pk).update(state=state),
    )


@pytest.mark.parametrize("label", ["reports.ReportCell", "reports.TestRecord"])
def test_a_row_cannot_be_moved_into_a_submitted_report(draft, label):
    older = Report.objects.create(enterprise=draft.enterprise, year=2022,
                                  plan_version=draft.plan_version, created_by=draft.created_by)  # fmt: skip
    row = make_row(label, older, 1)
    Report.objects.filter(pk=draft.pk).update(state=ReportState.SUBMITTED)
    refused(lambda: type(row).objects.filter(pk=row.pk).update(report=draft))
    assert type(row).objects.filter(pk=row.pk).update(report=older) == 1  # its own draft's: fine


@pytest.mark.parametrize(
    ("field", "value"),
    [("year", 2024), ("contact_person", "改"), ("split_purchased_electricity", True),
     ("declared_entity", "改"), ("autocalc_at", timezone.now()), ("submitted_at", None),
     ("final_reason", "改")],
)  # fmt: skip
def test_a_frozen_reports_content_cannot_change(draft, field, value):
    Report.objects.filter(pk=draft.pk).update(
        state=ReportState.SUBMITTED, submitted_at=timezone.now()
    )
    refused(lambda: Report.objects.filter(pk=draft.pk).update(**{field: value}))
    refused(lambda: Report.objects.filter(pk=draft.pk).delete())
    assert Report.objects.filter(pk=draft.pk).update(updated_at=timezone.now()) == 1


# -- transitions ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("before", "after"), list(itertools.product(STATES, STATES)))
def test_every_move_of_the_table_works_and_no_other(draft, before, after):
    Report.objects.filter(pk=draft.pk).update(state=before)
    report = Report.objects.get(pk=draft.pk)
    if after in TRANSITIONS[before]:
        assert _move(report, after) == before and report.state == after
        report.save(update_fields=["state"])  # the database agrees
        assert Report.objects.get(pk=draft.pk).state == after
    else:
        with pytest.raises(ValidationError, match=f"第1版{ReportState(before).label}，不能"):
            _move(report, after)
        assert report.state == before
    other = Report.objects.create(enterprise=draft.enterprise, year=2022,
                                  plan_version=draft.plan_version, created_by=draft.created_by)  # fmt: skip
    check_move(FREEZE, other, before, after)  # out of a frozen state, the triggers agree


def test_the_table_declares_every_state_and_the_triggers_use_it():
    assert set(TRANSITIONS) == set(ReportState)
    assert all(targets <= set(ReportState) for targets in TRANSITIONS.values())
    assert FREEZE.transitions is TRANSITIONS and set(FREEZE.states) == FROZEN_STATES


def test_a_report_not_awaiting_review_cannot_be_reviewed(draft, reviewer):
    with pytest.raises(ValidationError, match="第1版草稿，不能审核"):
        services.accept(actor=reviewer, report=draft)
    with pytest.raises(ValidationError, match="第1版草稿，不能审核"):
        services.return_for_correction(actor=reviewer, report=draft, text="请补正")
    assert Report.objects.get(pk=draft.pk).state == ReportState.DRAFT


# -- one draft per enterprise and year ------------------------------------------------------------
def test_the_database_refuses_a_second_draft_for_the_year(draft):
    second = {"enterprise": draft.enterprise, "plan_version": draft.plan_version,
              "created_by": draft.created_by}  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(year=2023, number=2, **second)
    with pytest.raises(ValidationError, match="该年度的年报已有一个草稿版本"):
        Report(year=2023, number=2, **second).validate_constraints()
    Report.objects.create(year=2022, **second)  # another year: its own draft
    Report.objects.filter(pk=draft.pk).update(state=ReportState.RETURNED)
    Report.objects.create(year=2023, number=2, previous=draft, **second)  # the 退回补正 copy
    assert Report.objects.filter(year=2023, state=ReportState.DRAFT).count() == 1


# -- one 终版 per enterprise and year (seed 000 part 3 提交报告) -----------------------------------
def test_the_database_refuses_a_second_final_version_for_the_year_seed_000_part_3(draft):
    """提交终版排放报告: one 终版 a year in the database too; one returned for correction (企业补正)
    is superseded by its correction, a 终版 again."""
    Report.objects.filter(pk=draft.pk).update(state=ReportState.ACCEPTED)
    same = {"enterprise": draft.enterprise, "plan_version": draft.plan_version,
            "created_by": draft.created_by, "year": 2023, "is_final": True}  # fmt: skip
    final = Report.objects.create(number=2, previous=draft, final_reason="核查修正", **same)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(number=3, previous=final, final_reason="再修正", **same)
    with pytest.raises(ValidationError, match="该年度的年报已有终版"):
        Report(number=3, previous=final, final_reason="再修正", **same).validate_constraints()
    other_year = same | {"year": 2022}
    older = Report.objects.create(
        number=1, state=ReportState.ACCEPTED, **(other_year | {"is_final": False})
    )
    Report.objects.create(number=2, previous=older, final_reason="核查修正", **other_year)
    Report.objects.filter(pk=final.pk).update(state=ReportState.SUBMITTED)
    Report.objects.filter(pk=final.pk).update(state=ReportState.RETURNED)
    Report.objects.create(number=3, previous=final, final_reason="核查修正", **same)  # its copy
    assert Report.objects.filter(year=2023, is_final=True).count() == 2


@pytest.mark.parametrize(
    ("previous", "reason", "allowed"),
    [(True, "核查修正", True), (False, "核查修正", False), (True, "", False)],
)
def test_a_final_version_has_its_origin_and_reason_in_the_database(
    draft, previous, reason, allowed
):
    """A 终版 names the version it came from and why; other versions need neither."""
    Report.objects.filter(pk=draft.pk).update(state=ReportState.ACCEPTED)
    final = {"enterprise": draft.enterprise, "plan_version": draft.plan_version, "year": 2023,
             "created_by": draft.created_by, "number": 2, "is_final": True,
             "previous": draft if previous else None, "final_reason": reason}  # fmt: skip
    if allowed:
        assert Report.objects.create(**final).is_final
    else:
        with pytest.raises(IntegrityError), transaction.atomic():
            Report.objects.create(**final)
        with pytest.raises(ValidationError, match="终版须有其来源版本和原因"):
            Report(**final).validate_constraints()
        ordinary = final | {"is_final": False}
        assert not Report.objects.create(**ordinary).is_final


def test_only_move_sets_a_reports_state_in_the_services():
    """Every report state change in tanhe/reports/services/ goes through ``_move`` (a 存证's
    ``FilingState`` and a daily record's fuel state are not a report's)."""
    import ast
    from pathlib import Path

    import tanhe.reports.services as package

    setters = []
    for path in sorted(Path(package.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef) or function.name == "_move":
                continue
            for node in ast.walk(function):
                targets = node.targets if isinstance(node, ast.Assign) else []
                calls = [
                    k
                    for k in getattr(node, "keywords", [])
                    if k.arg == "state"
                    and re.search(r"\bReport\b|\.update$", ast.unparse(node.func))
                ]
                if (
                    any(isinstance(t, ast.Attribute) and t.attr == "state" for t in targets)
                    or calls
                ):
                    value = ast.unparse(node.value if targets else calls[0].value)
                    if not value.startswith("FilingState."):
                        setters.append(f"{path.name}:{node.lineno} {function.name}")
    assert setters == []
