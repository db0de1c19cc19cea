"""The verification workflow's records, one module per step of guide §4."""

from .arrangement import Campaign, Task, TaskState
from .nonconformity import Answer, NonConformity, NonConformityState
from .onsite import OnsitePlan, OnsiteState, RemoteState, Sample, SampleRecord
from .review import ChecklistItem, Conclusion, FindingDecision, FindingReview, ItemRecord, Method
from .team import Declaration, TeamMember
from .values import ConfirmedValue, ValueBasis

__all__ = [
    "Answer",
    "Campaign",
    "ChecklistItem",
    "Conclusion",
    "ConfirmedValue",
    "Declaration",
    "FindingDecision",
    "FindingReview",
    "ItemRecord",
    "Method",
    "NonConformity",
    "NonConformityState",
    "OnsitePlan",
    "OnsiteState",
    "RemoteState",
    "Sample",
    "SampleRecord",
    "Task",
    "TaskState",
    "TeamMember",
    "ValueBasis",
]
