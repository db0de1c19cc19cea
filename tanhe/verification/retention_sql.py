"""The database triggers of record keeping, generated from ``retention.KEPT`` and the periods of
``retention.toml`` (the rules are told in ``retention``'s docstring). Migration
``0005_archive_retention`` holds the SQL as literal text; ``tests/verification/
test_retention_db.py`` checks it equals what this module generates now
(``migration_source()`` writes it)."""

from __future__ import annotations

import itertools
from typing import Any

from tanhe.frozen import VENDORS

from .retention import ACKNOWLEDGEMENT, AUTHORITY, KEPT, Kept, periods

CLOSED = "verification is closed and cannot be changed"
RETAINED = "verification records are kept until the retention period ends"
TASK, CAMPAIGN = "verification_task", "verification_campaign"
NOTIFICATION, APPEAL = "verification_notification", "verification_appeal"


def _model(label: str) -> Any:
    from django.apps import apps

    return apps.get_model(label)


def _table(entry: Kept) -> str:
    return str(_model(entry.model)._meta.db_table)


def task_of(entry: Kept, row: str) -> str:
    """SQL: the task id of ``row`` (NEW or OLD) of ``entry``'s table."""
    if not entry.path:
        return f"{row}.id"
    model, fks = _model(entry.model), []
    for name in entry.path:
        fk = model._meta.get_field(name)
        fks.append((fk, model))
        model = fk.related_model
    expr = f"{row}.{fks[0][0].column}"
    for (_fk, _m), (nxt, nxt_model) in itertools.pairwise(fks):
        expr = f"(SELECT {nxt.column} FROM {nxt_model._meta.db_table} WHERE id = {expr})"
    return expr


def closed(task: str) -> str:
    """SQL true when the verification of ``task`` is closed (``retention.is_closed``)."""
    return (
        f"((EXISTS (SELECT 1 FROM {NOTIFICATION} WHERE task_id = {task})"
        f" OR EXISTS (SELECT 1 FROM {TASK} t JOIN {CAMPAIGN} c ON c.id = t.campaign_id"
        f" WHERE t.id = {task} AND c.closed_at IS NOT NULL))"
        f" AND NOT EXISTS (SELECT 1 FROM {APPEAL} WHERE task_id = {task} AND state <> 'decided'))"
    )


def _campaign_closed(task: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM {TASK} t JOIN {CAMPAIGN} c ON c.id = t.campaign_id"
        f" WHERE t.id = {task} AND c.closed_at IS NOT NULL)"
    )


def _period(holder: str, vendor: str) -> str:
    """SQL: the holder's period for campaign ``c`` (NULL when none applies: kept)."""
    cases = []
    for period in sorted(periods(holder), key=lambda p: -p.since):
        years = f"'+{period.years} years'"
        if vendor != "sqlite":
            years = f"interval {years[0]}{years[2:]}"
        cases.append(f"WHEN c.year >= {period.since} THEN {years}")
    return f"CASE {' '.join(cases)} END"


def expired(task: str, holder: str, vendor: str) -> str:
    """SQL true when the holder's period for ``task`` has run out."""
    if vendor == "sqlite":
        test = f"datetime(c.closed_at, {_period(holder, vendor)}) <= datetime('now')"
    else:
        test = f"c.closed_at + ({_period(holder, vendor)}) <= now()"
    return (
        f"EXISTS (SELECT 1 FROM {TASK} t JOIN {CAMPAIGN} c ON c.id = t.campaign_id"
        f" WHERE t.id = {task} AND c.closed_at IS NOT NULL AND {test})"
    )


def _refused_delete(entry: Kept, vendor: str) -> str:
    task = task_of(entry, "OLD")
    kept = f"NOT {expired(task, entry.holder, vendor)}"
    return f"({closed(task)} OR {_campaign_closed(task)}) AND {kept}"


def _refused_update(entry: Kept, vendor: str) -> str:
    old, new = task_of(entry, "OLD"), task_of(entry, "NEW")
    refused = f"{closed(old)} OR {closed(new)}"
    if entry.model != "verification.Notification":
        return refused
    differs = "IS NOT" if vendor == "sqlite" else "IS DISTINCT FROM"
    model = _model(entry.model)
    skip = {"id", *ACKNOWLEDGEMENT}
    changed = " OR ".join(
        f"NEW.{f.column} {differs} OLD.{f.column}"
        for f in model._meta.concrete_fields
        if f.name not in skip
    )
    acknowledged = f"(OLD.acknowledged_at IS NULL AND NOT ({changed}))"
    return f"({refused}) AND NOT {acknowledged}"


def _refused_insert(entry: Kept) -> str:
    refused = closed(task_of(entry, "NEW"))
    if entry.model == "verification.Appeal" and entry.holder == AUTHORITY:
        return f"{refused} AND NEW.state <> 'filed'"
    return refused


def _sqlite(entry: Kept) -> list[str]:
    table = _table(entry)
    closed_, retained = f"SELECT RAISE(ABORT, '{CLOSED}');", f"SELECT RAISE(ABORT, '{RETAINED}');"
    sql = []
    if entry.path:  # a task is not inserted into a verification
        sql.append(
            f"""CREATE TRIGGER {table}_retained_insert BEFORE INSERT ON {table}
        WHEN {_refused_insert(entry)}
        BEGIN {closed_} END"""
        )
    sql += [
        f"""CREATE TRIGGER {table}_retained_update BEFORE UPDATE ON {table}
        WHEN {_refused_update(entry, "sqlite")}
        BEGIN {closed_} END""",
        f"""CREATE TRIGGER {table}_retained_delete BEFORE DELETE ON {table}
        WHEN {_refused_delete(entry, "sqlite")}
        BEGIN {retained} END""",
    ]
    return sql


def _postgres(entry: Kept) -> list[str]:
    table = _table(entry)
    closed_, retained = f"RAISE EXCEPTION '{CLOSED}';", f"RAISE EXCEPTION '{RETAINED}';"
    insert = f"IF {_refused_insert(entry)} THEN {closed_} END IF;" if entry.path else "NULL;"
    return [
        f"""CREATE FUNCTION {table}_retained() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            {insert}
            RETURN NEW;
          END IF;
          IF TG_OP = 'DELETE' THEN
            IF {_refused_delete(entry, "postgresql")} THEN {retained} END IF;
            RETURN OLD;
          END IF;
          IF {_refused_update(entry, "postgresql")} THEN {closed_} END IF;
          RETURN NEW;
        END $$""",
        f"""CREATE TRIGGER {table}_retained BEFORE INSERT OR UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {table}_retained()""",
    ]


def create_sql(vendor: str) -> list[str]:
    if vendor not in VENDORS:
        raise ValueError(f"no retention triggers for {vendor}")
    make = _sqlite if vendor == "sqlite" else _postgres
    return [statement for entry in KEPT for statement in make(entry)]


def drop_sql(vendor: str) -> list[str]:
    sql = []
    for entry in KEPT:
        table = _table(entry)
        if vendor == "sqlite":
            ops = ("insert", "update", "delete") if entry.path else ("update", "delete")
            sql += [f"DROP TRIGGER {table}_retained_{op}" for op in ops]
        else:
            sql.append(f"DROP TRIGGER {table}_retained ON {table}")
            sql.append(f"DROP FUNCTION {table}_retained()")
    return sql


def migration_source() -> str:
    """The text of migration ``0005_archive_retention``."""
    out = [f'"""{MIGRATION_DOC}"""', "", "from django.db import migrations", ""]
    for name, make in (("RETAIN_CREATE", create_sql), ("RETAIN_DROP", drop_sql)):
        out.append(f"{name} = {{")
        for vendor in VENDORS:
            out.append(f"    {vendor!r}: [")
            out += [f'        """{s}""",' for s in make(vendor)]
            out.append("    ],")
        out += ["}", ""]
    return "\n".join(out) + MIGRATION_TAIL


MIGRATION_DOC = """Record keeping (guide 4.8): triggers generated from retention.py
and retention.toml (tanhe/verification/) by retention_sql.migration_source(): a closed
verification's rows are not changed, added or deleted, and a deletion before the holder's period
has run out is refused. tests/verification/test_retention_db.py checks these equal what the
declaration generates."""

MIGRATION_TAIL = """

def forwards(apps, schema_editor):
    for sql in RETAIN_CREATE[schema_editor.connection.vendor]:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in RETAIN_DROP[schema_editor.connection.vendor]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("verification", "0004_report_lock_approved")]
    operations = [migrations.RunPython(forwards, backwards)]
"""
