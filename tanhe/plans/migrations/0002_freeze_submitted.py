"""Database triggers: a submitted or approved plan version cannot be changed or deleted.

The services refuse it first; these triggers catch anything that bypasses them (the admin, a
shell, a bug). On the version itself only the review moves are allowed:
已提交 → 已通过 / 退回补正, with their timestamps and reviewer.
"""

from django.db import migrations

FROZEN = "('submitted', 'approved')"
CHILDREN = ("plans_planbasicinfo", "plans_planunit", "plans_planfacility", "plans_planmethod",
            "plans_planattachment")  # fmt: skip
# columns of plans_planversion that never change once submitted
CONTENT = ("enterprise_id", "number", "business_type", "based_on_id", "revision_reason",
           "revision_reason_text", "process_description", "boundary_description", "qa_text")  # fmt: skip
MESSAGE = "plan version is submitted and cannot be changed"


def _sqlite() -> list[str]:
    sql = []
    for table in CHILDREN:
        for op, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            sql.append(
                f"""CREATE TRIGGER {table}_frozen_{op.lower()} BEFORE {op} ON {table}
                WHEN (SELECT state FROM plans_planversion WHERE id = {row}.version_id) IN {FROZEN}
                BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
            )
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in CONTENT)
    sql.append(
        f"""CREATE TRIGGER plans_planversion_frozen_update BEFORE UPDATE ON plans_planversion
        WHEN OLD.state IN {FROZEN} AND ({changed}
             OR (OLD.state = 'approved' AND NEW.state IS NOT 'approved')
             OR (OLD.state = 'submitted' AND NEW.state NOT IN ('submitted', 'approved', 'returned')))
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
    )
    sql.append(
        f"""CREATE TRIGGER plans_planversion_frozen_delete BEFORE DELETE ON plans_planversion
        WHEN OLD.state IN {FROZEN} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
    )
    return sql


def _sqlite_reverse() -> list[str]:
    names = [f"{t}_frozen_{op}" for t in CHILDREN for op in ("insert", "update", "delete")]
    names += ["plans_planversion_frozen_update", "plans_planversion_frozen_delete"]
    return [f"DROP TRIGGER {n}" for n in names]


def _postgres() -> list[str]:
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in CONTENT)
    sql = [
        f"""CREATE FUNCTION plans_child_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE vid bigint; st varchar;
        BEGIN
          IF TG_OP = 'INSERT' THEN vid := NEW.version_id; ELSE vid := OLD.version_id; END IF;
          SELECT state INTO st FROM plans_planversion WHERE id = vid;
          IF st IN {FROZEN} THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END $$""",
        f"""CREATE FUNCTION plans_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            IF OLD.state IN {FROZEN} THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
            RETURN OLD;
          END IF;
          IF OLD.state IN {FROZEN} AND ({changed}
             OR (OLD.state = 'approved' AND NEW.state <> 'approved')
             OR (OLD.state = 'submitted' AND NEW.state NOT IN ('submitted', 'approved', 'returned')))
          THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER plans_version_frozen BEFORE UPDATE OR DELETE ON plans_planversion
        FOR EACH ROW EXECUTE FUNCTION plans_version_frozen()""",
    ]
    for table in CHILDREN:
        sql.append(
            f"""CREATE TRIGGER {table}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION plans_child_frozen()"""
        )
    return sql


def _postgres_reverse() -> list[str]:
    sql = [f"DROP TRIGGER {t}_frozen ON {t}" for t in CHILDREN]
    sql += [
        "DROP TRIGGER plans_version_frozen ON plans_planversion",
        "DROP FUNCTION plans_version_frozen()",
        "DROP FUNCTION plans_child_frozen()",
    ]
    return sql


def forwards(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    for sql in _postgres() if pg else _sqlite():
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    pg = schema_editor.connection.vendor == "postgresql"
    for sql in _postgres_reverse() if pg else _sqlite_reverse():
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
