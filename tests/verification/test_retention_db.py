"""Record keeping in the database (guide 4.8): the triggers of migration 0005_archive_retention
refuse what bypasses the ORM guard (QuerySet.update, bulk_create, raw SQL) — on SQLite and on
PostgreSQL (run with DATABASE_URL=postgres://…) — and they are those tanhe/verification/
retention.py and retention.toml generate now; every table hanging from a task is kept or
exempted for a reason."""

from __future__ import annotations

import importlib

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tanhe import frozen
from tanhe.verification import retention, retention_sql
from tanhe.verification.models import (
    Appeal,
    ChecklistItem,
    ConfirmedValue,
    Declaration,
    Notification,
    Task,
)

from .archive_setup import *  # noqa: F403
from .archive_setup import appeal, close_campaign, user

MIGRATION = "tanhe.verification.migrations.0005_archive_retention"


def refused(message: str):
    class _Refused:
        def __enter__(self) -> None:
            self.raises = pytest.raises(DatabaseError, match=message)
            self.raises.__enter__()
            self.atomic = transaction.atomic()
            self.atomic.__enter__()

        def __exit__(self, *exc):
            self.atomic.__exit__(*exc)
            return self.raises.__exit__(*exc)

    return _Refused()


def closed_refused():
    return refused(retention_sql.CLOSED)


def kept_refused():
    return refused(retention_sql.RETAINED)


def raw_delete(model, pk: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE id = %s", [pk])
        return int(cursor.rowcount)


# -- the declaration, the migration and the installed triggers ----------------------------------
def test_the_migration_holds_what_the_declaration_generates():
    migration = importlib.import_module(MIGRATION)
    for vendor in frozen.VENDORS:
        assert migration.RETAIN_CREATE[vendor] == retention_sql.create_sql(vendor), vendor
        assert migration.RETAIN_DROP[vendor] == retention_sql.drop_sql(vendor), vendor


def test_the_triggers_are_installed(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        names = {row[0] for row in cursor.fetchall() if "_retained" in row[0]}
    dropped = retention_sql.drop_sql(connection.vendor)
    assert names == {s.split()[2] for s in dropped if s.startswith("DROP TRIGGER")}
    assert len(names) == (77 if connection.vendor == "sqlite" else 26)  # 26 tables


def test_every_table_hanging_from_a_task_is_kept_or_exempt(db):
    declared = frozen.Freeze(
        model="verification.Task",
        states=(),
        transitions={},
        message="kept",
        children=tuple(frozen.Child(e.model, e.path) for e in retention.KEPT if e.path),
        exempt=tuple(frozen.Exempt(m, why) for m, why in retention.EXEMPT.items()),
    )
    assert frozen.undeclared([declared]) == []
    for exempt in retention.EXEMPT.values():
        assert len(exempt) > 40


# -- what the database refuses ------------------------------------------------------------------
def test_an_open_verification_is_written_freely(task, report):
    values = ConfirmedValue.objects.filter(task=task)
    assert values.update(reason="核查组修改") == values.count() > 0
    # (a submitted report's own rows are locked by 0004_report_lock_approved, not by retention)
    assert raw_delete(ConfirmedValue, values.first().pk) == 1


def test_a_notified_verification_refuses_changes_inserts_and_deletions(task, notified):
    with closed_refused():
        ConfirmedValue.objects.filter(task=task).update(reason="事后修改")
    with closed_refused():
        Task.objects.filter(pk=task.pk).update(due_date=None)
    with closed_refused():
        Declaration.objects.bulk_create([Declaration(
            task=task, person=user("agency-tech"), years=3, no_service=True,
            no_employment=True, no_family_tie=True,
        )])  # fmt: skip
    item = ChecklistItem.objects.filter(task=task).first()
    with closed_refused():
        ChecklistItem.objects.filter(pk=item.pk).update(position=item.position)
    value = ConfirmedValue.objects.filter(task=task).first()
    with kept_refused():
        raw_delete(ConfirmedValue, value.pk)
    with kept_refused():
        raw_delete(Notification, notified.pk)
    assert ConfirmedValue.objects.filter(pk=value.pk).exists()


def test_the_plant_acknowledges_once_and_may_file_an_appeal(task, notified, plant):
    notices = Notification.objects.filter(pk=notified.pk)
    with closed_refused():
        notices.update(total_emissions="1", acknowledged_at=timezone.now())
    assert notices.update(acknowledged_by=plant, acknowledged_at=timezone.now()) == 1
    with closed_refused():
        notices.update(acknowledged_at=timezone.now())
    base = {"task": task, "reason": "有异议", "filed_by": plant, "filed_on": notified.notified_on}
    with closed_refused():
        Appeal.objects.bulk_create([Appeal(**base, state="decided")])
    Appeal.objects.bulk_create([Appeal(**base, state="filed")])
    # pending 复核: the verification is open again until it is decided
    assert ConfirmedValue.objects.filter(task=task).update(reason="复核中修改") > 0
    Appeal.objects.filter(task=task).update(state="decided", outcome="upheld")
    with closed_refused():
        Appeal.objects.filter(task=task).update(conclusion="改写")


def test_a_many_to_many_row_of_a_closed_verification(task, report, plant, authority):
    decided = appeal(task, plant, state="decided")
    Notification.objects.create(
        task=task, report=report, notified_on=report.issued_on, notified_by=authority,
        total_emissions="1",
    )  # fmt: skip
    through = Appeal.evidence.through
    with closed_refused():
        through.objects.bulk_create([through(appeal=decided, storedfile=report.pdf)])


def test_a_closed_campaign_closes_its_verifications(task, report):
    close_campaign(task, 0.5)
    with closed_refused():
        ConfirmedValue.objects.filter(task=task).update(reason="结束后修改")
    with kept_refused():  # (not a row of the submitted report: that one's lock speaks first)
        raw_delete(ConfirmedValue, ConfirmedValue.objects.filter(task=task).first().pk)


def test_deletion_after_the_holders_period(task, notified):
    # a confirmed value (the agency's record; the approved report's own rows stay locked by
    # 0004_report_lock_approved whatever the period)
    value = ConfirmedValue.objects.filter(task=task).first()
    close_campaign(task, 6)  # the authority's 5 years ran out, the agency's 10 did not
    with kept_refused():
        raw_delete(ConfirmedValue, value.pk)
    assert raw_delete(Notification, notified.pk) == 1
    close_campaign(task, 10.1)
    assert raw_delete(ConfirmedValue, value.pk) == 1
