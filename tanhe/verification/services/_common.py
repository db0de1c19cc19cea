"""Shared by the verification services: the task's state move, the audit helper and the guards
naming who may act on a task."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Role, User
from tanhe.audit.actions import Action
from tanhe.audit.services import record

from ..models import Task, TaskState
from ..models.arrangement import TRANSITIONS


def _audit(
    actor: User,
    action: Action,
    obj: models.Model,
    task: Task,
    changes: Mapping[str, tuple[Any, Any]] | None = None,
    note: str = "",
) -> None:
    """The audit row of a verification action, filed under the task's enterprise."""
    record(
        actor=actor,
        action=action,
        obj=obj,
        changes=changes,
        organisation=task.enterprise,
        note=note,
    )


def locked(task: Task) -> Task:
    """``task`` re-read and locked for the action's transaction."""
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("campaign", "campaign__province", "enterprise", "agency", "report")
        .get(pk=task.pk)
    )


def move(task: Task, to: str) -> str:
    """Move ``task`` to state ``to`` (unsaved) along its transition table; the state it had."""
    before = task.state
    if to not in TRANSITIONS[before]:
        raise ValidationError(
            _("核查任务当前状态为“%(state)s”，不能变为“%(to)s”")
            % {"state": task.get_state_display(), "to": TaskState(to).label}
        )
    task.state = to
    return before


def require_state(task: Task, *states: str) -> None:
    if task.state not in states:
        raise ValidationError(
            _("核查任务当前状态为“%(state)s”，不能进行此操作") % {"state": task.get_state_display()}
        )


# -- who may act ----------------------------------------------------------------------------------
def is_authority(actor: User, task: Task) -> bool:
    return perm.is_authority_for(actor, task.campaign.province_id)


def is_agency_manager(actor: User, task: Task) -> bool:
    """The assigned agency's 机构管理员 or a 核查组长 of it: accepts, declines, forms the team."""
    agency = perm.agency_of(actor)
    return bool(
        agency is not None
        and agency.pk == task.agency_id
        and actor.has_role(Role.AGENCY_ADMIN, Role.LEAD_VERIFIER)
    )


def is_member(actor: User, task: Task) -> bool:
    """A member of the task's team (of the agency that holds it)."""
    agency = perm.agency_of(actor)
    return bool(
        agency is not None
        and agency.pk == task.agency_id
        and task.members.filter(person=actor).exists()
    )


def is_leader(actor: User, task: Task) -> bool:
    agency = perm.agency_of(actor)
    return bool(
        agency is not None
        and agency.pk == task.agency_id
        and task.members.filter(person=actor, is_leader=True).exists()
    )


def require_member(actor: User, task: Task) -> None:
    perm.require(is_member(actor, task), _("只有该任务核查组的成员可以进行此操作"))


def require_leader(actor: User, task: Task) -> None:
    perm.require(is_leader(actor, task), _("只有该任务的核查组长可以进行此操作"))


def is_enterprise(actor: User, task: Task) -> bool:
    return perm.is_enterprise_user(actor, task.enterprise)
