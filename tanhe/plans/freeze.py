"""What a submitted or approved plan version freezes. The database triggers are generated from
this list (tanhe/frozen.py) and kept in a migration; tests/test_frozen.py fails when a model
hanging from ``PlanVersion`` is neither listed here nor exempted, or when the migration differs
from the list."""

from __future__ import annotations

from tanhe.frozen import Child, Exempt, Freeze

from .models import FROZEN_STATES, TRANSITIONS, PlanState

FREEZE = Freeze(
    model="plans.PlanVersion",
    states=tuple(s.value for s in PlanState if s in FROZEN_STATES),
    transitions=TRANSITIONS,
    message="plan version is submitted and cannot be changed",
    # the review's bookkeeping: 已提交 → 已通过 / 退回补正 records when and by whom
    writable=("updated_at", "decided_at", "decided_by"),
    children=(
        Child("plans.PlanBasicInfo", ("version",)),
        Child("plans.PlanUnit", ("version",)),
        Child("plans.PlanFacility", ("version",)),
        Child("plans.PlanMethod", ("version",)),
        Child("plans.PlanAttachment", ("version",)),
    ),
    exempt=(
        Exempt(
            "plans.PlanSubmission",
            "each submission's snapshot, written once by services.submit with its SHA-256. Not "
            "frozen by the database so far: freezing it is a separate decision",
        ),
        Exempt(
            "plans.PlanComment",
            "the authority comments on submitted and approved versions "
            "(services.comment, approve, return_for_correction)",
        ),
        Exempt(
            "verification.ChecklistItem",
            "the verification team's checklist names the units of the plan in force; it never "
            "changes the plan (tanhe.verification)",
        ),
        Exempt(
            "verification.ConfirmedValue",
            "the verification team's confirmed values name the units of the plan in force",
        ),
    ),
)
