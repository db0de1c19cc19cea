"""What a decided non-conformity freezes: once closed or rejected (guide 4.4.4) neither it nor the
plant's answers change. The database triggers are generated from this list (tanhe/frozen.py)."""

from __future__ import annotations

from tanhe.frozen import Child, Freeze

from .models.nonconformity import FROZEN_STATES, TRANSITIONS, NonConformityState

FREEZE = Freeze(
    model="verification.NonConformity",
    states=tuple(s.value for s in NonConformityState if s in FROZEN_STATES),
    transitions=TRANSITIONS,
    message="nonconformity is decided and cannot be changed",
    writable=(),
    children=(
        Child("verification.Answer", ("nonconformity",)),
        Child("verification.Answer_files", ("answer", "nonconformity")),
        Child("verification.NonConformity_files", ("nonconformity",)),
        Child("verification.NonConformity_items", ("nonconformity",)),
        Child("verification.NonConformity_findings", ("nonconformity",)),
        Child("verification.NonConformity_samples", ("nonconformity",)),
    ),
)
