"""The verification workflow's records, one module per step of guide §4."""

from .appeal import Appeal, AppealOutcome, AppealState
from .arrangement import Campaign, Task, TaskState
from .disclosure import AgencyEvaluation, PlantEvaluation
from .nonconformity import Answer, NonConformity, NonConformityState
from .onsite import OnsitePlan, OnsiteState, RemoteState, Sample, SampleRecord
from .report import (
    REPORT_FROZEN_STATES,
    REPORT_TRANSITIONS,
    ReportState,
    ReviewComment,
    ReviewDecision,
    ReviewRound,
    VerificationReport,
)
from .result import (
    ConservativeEstimate,
    Notification,
    Recheck,
    RecheckConclusion,
    RecheckMode,
    RecheckPerformer,
)
from .review import ChecklistItem, Conclusion, FindingDecision, FindingReview, ItemRecord, Method
from .team import Declaration, TeamMember
from .values import ConfirmedValue, ValueBasis

__all__ = [
    "REPORT_FROZEN_STATES",
    "REPORT_TRANSITIONS",
    "AgencyEvaluation",
    "Answer",
    "Appeal",
    "AppealOutcome",
    "AppealState",
    "Campaign",
    "ChecklistItem",
    "Conclusion",
    "ConfirmedValue",
    "ConservativeEstimate",
    "Declaration",
    "FindingDecision",
    "FindingReview",
    "ItemRecord",
    "Method",
    "NonConformity",
    "NonConformityState",
    "Notification",
    "OnsitePlan",
    "OnsiteState",
    "PlantEvaluation",
    "Recheck",
    "RecheckConclusion",
    "RecheckMode",
    "RecheckPerformer",
    "RemoteState",
    "ReportState",
    "ReviewComment",
    "ReviewDecision",
    "ReviewRound",
    "Sample",
    "SampleRecord",
    "Task",
    "TaskState",
    "TeamMember",
    "ValueBasis",
    "VerificationReport",
]
