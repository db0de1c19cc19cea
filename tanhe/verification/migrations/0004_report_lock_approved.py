"""An approved or submitted verification report does not change (guide 4.6; 4.8 records): its
number, texts and task stay as approved, its state moves only approved → submitted (the
submission's approver, issue date and time written once, and its Word/PDF files stored once more
with that signature), it cannot be deleted,
and its review rounds and comments are no longer added, changed or removed. The services refuse
all this first (services/report.py); these triggers catch what bypasses them.

Written by hand (tanhe/frozen.py declares one parent per app, the non-conformity here): the
trigger names avoid "frozen" so that tests/test_frozen.py's inventory of generated triggers
stays exact."""

from django.db import migrations

MESSAGE = "verification report is approved and cannot be changed"
REPORT = "verification_verificationreport"
STATES = "('approved', 'submitted')"
KEPT = ("task_id", "number", "texts", "created_by_id", "created_at", "approved_at")
SIGNED = ("state", "approver_id", "issued_on", "submitted_at", "submitted_by_id")
# the Word and PDF files: stored at approval, stored once more at submission with the 批准人's
# signature and the issue date (the same content), then never again
FILES = ("docx_id", "pdf_id")
CHILDREN = {  # table -> the expression of its report's id, from a row named {row}
    "verification_reviewround": "{row}.report_id",
    "verification_reviewcomment": (
        "(SELECT report_id FROM verification_reviewround WHERE id = {row}.round_id)"
    ),
}


def _changed(columns, differ):
    return " OR ".join(f"NEW.{c} {differ} OLD.{c}" for c in columns)


def _refused(differ):
    return (
        f"OLD.state IN {STATES} AND ({_changed(KEPT, differ)}"
        f" OR (OLD.state = 'submitted' AND ({_changed(SIGNED, differ)}))"
        f" OR (({_changed(FILES, differ)})"
        f" AND NOT (OLD.state = 'approved' AND NEW.state = 'submitted'))"
        f" OR (OLD.state = 'approved' AND NEW.state NOT IN {STATES}))"
    )


def _locked(table, row):
    return f"(SELECT state FROM {REPORT} WHERE id = {CHILDREN[table].format(row=row)}) IN {STATES}"


def sqlite():
    abort = f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    sql = [
        f"CREATE TRIGGER {REPORT}_locked_update BEFORE UPDATE ON {REPORT} "
        f"WHEN {_refused('IS NOT')} {abort}",
        f"CREATE TRIGGER {REPORT}_locked_delete BEFORE DELETE ON {REPORT} "
        f"WHEN OLD.state IN {STATES} {abort}",
    ]
    for table in CHILDREN:
        sql += [
            f"CREATE TRIGGER {table}_locked_insert BEFORE INSERT ON {table} "
            f"WHEN {_locked(table, 'NEW')} {abort}",
            f"CREATE TRIGGER {table}_locked_update BEFORE UPDATE ON {table} "
            f"WHEN {_locked(table, 'OLD')} OR {_locked(table, 'NEW')} {abort}",
            f"CREATE TRIGGER {table}_locked_delete BEFORE DELETE ON {table} "
            f"WHEN {_locked(table, 'OLD')} {abort}",
        ]
    return sql


def postgresql():
    raise_ = f"RAISE EXCEPTION '{MESSAGE}';"
    sql = [
        f"""CREATE FUNCTION {REPORT}_locked() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            IF OLD.state IN {STATES} THEN {raise_} END IF;
            RETURN OLD;
          END IF;
          IF {_refused("IS DISTINCT FROM")} THEN {raise_} END IF;
          RETURN NEW;
        END $$""",
        f"CREATE TRIGGER {REPORT}_locked BEFORE UPDATE OR DELETE ON {REPORT} "
        f"FOR EACH ROW EXECUTE FUNCTION {REPORT}_locked()",
    ]
    for table in CHILDREN:
        sql += [
            f"""CREATE FUNCTION {table}_locked() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP IN ('UPDATE', 'DELETE') AND {_locked(table, "OLD")} THEN {raise_} END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') AND {_locked(table, "NEW")} THEN {raise_} END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END $$""",
            f"CREATE TRIGGER {table}_locked BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_locked()",
        ]
    return sql


def drop(vendor):
    tables = (REPORT, *CHILDREN)
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {t}_locked_{op}"
            for t in tables
            for op in ("insert", "update", "delete")
        ]
    return [s for t in tables for s in (f"DROP TRIGGER IF EXISTS {t}_locked ON {t}",
                                        f"DROP FUNCTION IF EXISTS {t}_locked()")]  # fmt: skip


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": sqlite, "postgresql": postgresql}[vendor]():
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in drop(schema_editor.connection.vendor):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("verification", "0003_report_result_appeal_disclosure")]
    operations = [migrations.RunPython(forwards, backwards)]
