"""Writing the audit log. Call :func:`record` inside the business action's transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models, transaction

from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry

if TYPE_CHECKING:
    from tanhe.accounts.models import Organisation, User


def record(
    *,
    actor: User | None,
    action: Action,
    obj: models.Model,
    changes: Mapping[str, tuple[Any, Any]] | None = None,
    organisation: Organisation | None = None,
    note: str = "",
    actor_name: str = "",
) -> AuditEntry:
    """Append one audit row for ``action`` on ``obj`` (changes: field → (old, new)).
    ``actor`` is None for the platform itself or an applicant without an account, whom
    ``actor_name`` then names."""
    if not isinstance(action, Action):  # a free string would be a code no page can name
        raise TypeError(f"audit.record() takes an Action, not {action!r}")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must run inside the action's transaction")
    user = actor if actor is not None and actor.pk else None
    return AuditEntry.objects.create(
        actor=user,
        actor_name=(actor_name or _name(user))[:150],
        organisation=organisation,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes={
            k: [plain_value(old), plain_value(new)] for k, (old, new) in (changes or {}).items()
        },
        note=note,
    )


def field_changes(
    obj: models.Model, new_values: Mapping[str, Any], fields: Iterable[str] | None = None
) -> dict[str, tuple[Any, Any]]:
    """The (old, new) pairs of the fields of ``obj`` that ``new_values`` would change."""
    names = fields if fields is not None else new_values.keys()
    return {
        name: (getattr(obj, name), new_values[name])
        for name in names
        if name in new_values and plain_value(getattr(obj, name)) != plain_value(new_values[name])
    }


def _name(user: User | None) -> str:
    if user is None:
        return "系统"
    return user.display_name or user.get_username()


def plain_value(value: Any) -> Any:
    """JSON-friendly, comparison-stable form of a field value."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 700 and 700.00 are the same value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple):
        return [plain_value(v) for v in value]
    return value
