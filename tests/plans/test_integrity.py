"""Declared integrity of the plan: every table of ``tanhe/plans/freeze.py`` is frozen by the
database with its version, whose state moves only along ``TRANSITIONS`` once submitted."""

from __future__ import annotations

import itertools

import pytest
from django.apps import apps
from django.utils import timezone

from tanhe.documents.models import StoredFile
from tanhe.plans.freeze import FREEZE
from tanhe.plans.models import (
    FROZEN_STATES,
    PlanAttachment,
    PlanBasicInfo,
    PlanFacility,
    PlanMethod,
    PlanState,
    PlanUnit,
    PlanVersion,
)

from ..freezing import check_child, check_move, refused

STATES = [s.value for s in PlanState]


@pytest.fixture
def draft(filer, enterprise):
    """A draft version with a unit, made without the services (no basic information yet)."""
    version = PlanVersion.objects.create(enterprise=enterprise, number=1, business_type="filing",
                                         created_by=filer)  # fmt: skip
    unit(version, 0)
    return version


def unit(version: PlanVersion, n: int) -> PlanUnit:
    return PlanUnit.objects.create(version=version, name=f"{n}号机组", unit_type="coal",
                                   subtype="conventional", capacity_mw=660)  # fmt: skip


def make_row(label: str, version: PlanVersion, n: int):
    """The n-th row of the child table ``label`` of ``version``."""
    first = version.units.order_by("pk").first()
    org, by = version.enterprise, version.created_by
    makers = {
        "plans.PlanBasicInfo": lambda: PlanBasicInfo.objects.create(
            version=version, name=org.name, credit_code=org.credit_code),
        "plans.PlanUnit": lambda: unit(version, n),
        "plans.PlanFacility": lambda: PlanFacility.objects.create(
            version=version, unit=first, category="boiler", code=f"MF000{n}", name=f"{n}号锅炉"),
        "plans.PlanMethod": lambda: PlanMethod.objects.create(
            version=version, unit=first, parameter=f"parameter_{n}"),
        "plans.PlanAttachment": lambda: PlanAttachment.objects.create(
            version=version, kind="other", file=StoredFile.objects.create(
                sha256=f"{n}" * 64, size=1, content_type="application/pdf",
                original_name=f"{n}.pdf", owner=org, uploaded_by=by)),
    }  # fmt: skip
    assert set(makers) == {c.model for c in FREEZE.children}, "a new frozen table needs a row"
    return makers[label]()


@pytest.mark.parametrize("state", sorted(FROZEN_STATES))
@pytest.mark.parametrize("label", [c.model for c in FREEZE.children])
def test_each_frozen_table_is_frozen_with_its_version(draft, label, state):
    check_child(
        apps.get_model(label),
        lambda n: make_row(label, draft, n),
        lambda: PlanVersion.objects.filter(pk=draft.pk).update(state=state),
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("qa_text", "改"), ("number", 7), ("submitted_at", None), ("created_at", timezone.now())],
)
def test_a_frozen_versions_content_cannot_change(draft, field, value):
    PlanVersion.objects.filter(pk=draft.pk).update(state="submitted", submitted_at=timezone.now())
    refused(lambda: PlanVersion.objects.filter(pk=draft.pk).update(**{field: value}))
    decided = {"decided_at": timezone.now(), "decided_by": draft.created_by}  # the review's
    assert PlanVersion.objects.filter(pk=draft.pk).update(**decided) == 1


@pytest.mark.parametrize(("before", "after"), list(itertools.product(STATES, STATES)))
def test_a_frozen_versions_state_moves_only_along_the_table(draft, before, after):
    check_move(FREEZE, draft, before, after)
