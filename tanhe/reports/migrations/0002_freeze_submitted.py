"""Database triggers: a submitted report version cannot be changed or deleted.

The services refuse it first; these triggers catch anything that bypasses them. On the report
itself only the review moves are allowed: 已提交 → 已通过 / 退回补正. A sealed month's
content (``reports_monthfiling``) changes only by a new seal after an amendment (services).
"""

from django.db import migrations

FROZEN = "('submitted', 'returned', 'accepted')"
CHILDREN = ("reports_reportcell", "reports_testrecord", "reports_reportevidence",
            "reports_dailyfuelrecord")  # fmt: skip
# columns of reports_report that never change once submitted
CONTENT = ("enterprise_id", "year", "number", "plan_version_id", "previous_id", "contact_person",
           "contact_phone", "contact_email", "split_purchased_electricity", "declared_entity",
           "declared_legal_representative", "stamped_pdf_id", "autocalc_at", "submitted_at")  # fmt: skip
MESSAGE = "report version is submitted and cannot be changed"


def _sqlite() -> list[str]:
    sql = []
    for table in CHILDREN:
        for op, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            sql.append(
                f"""CREATE TRIGGER {table}_frozen_{op.lower()} BEFORE {op} ON {table}
                WHEN (SELECT state FROM reports_report WHERE id = {row}.report_id) IN {FROZEN}
                BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
            )
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in CONTENT)
    sql.append(
        f"""CREATE TRIGGER reports_report_frozen_update BEFORE UPDATE ON reports_report
        WHEN OLD.state IN {FROZEN} AND ({changed}
             OR (OLD.state IN ('returned', 'accepted') AND NEW.state IS NOT OLD.state)
             OR (OLD.state = 'submitted' AND NEW.state NOT IN ('submitted', 'accepted', 'returned')))
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
    )
    sql.append(
        f"""CREATE TRIGGER reports_report_frozen_delete BEFORE DELETE ON reports_report
        WHEN OLD.state IN {FROZEN} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
    )
    return sql


def _sqlite_reverse() -> list[str]:
    names = [f"{t}_frozen_{op}" for t in CHILDREN for op in ("insert", "update", "delete")]
    names += ["reports_report_frozen_update", "reports_report_frozen_delete"]
    return [f"DROP TRIGGER {n}" for n in names]


def _postgres() -> list[str]:
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in CONTENT)
    sql = [
        f"""CREATE FUNCTION reports_child_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE rid bigint; st varchar;
        BEGIN
          IF TG_OP = 'INSERT' THEN rid := NEW.report_id; ELSE rid := OLD.report_id; END IF;
          SELECT state INTO st FROM reports_report WHERE id = rid;
          IF st IN {FROZEN} THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END $$""",
        f"""CREATE FUNCTION reports_report_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            IF OLD.state IN {FROZEN} THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
            RETURN OLD;
          END IF;
          IF OLD.state IN {FROZEN} AND ({changed}
             OR (OLD.state IN ('returned', 'accepted') AND NEW.state <> OLD.state)
             OR (OLD.state = 'submitted' AND NEW.state NOT IN ('submitted', 'accepted', 'returned')))
          THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
          RETURN NEW;
        END $$""",
        """CREATE TRIGGER reports_report_frozen BEFORE UPDATE OR DELETE ON reports_report
        FOR EACH ROW EXECUTE FUNCTION reports_report_frozen()""",
    ]
    for table in CHILDREN:
        sql.append(
            f"""CREATE TRIGGER {table}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION reports_child_frozen()"""
        )
    return sql


def _postgres_reverse() -> list[str]:
    sql = [f"DROP TRIGGER {t}_frozen ON {t}" for t in CHILDREN]
    sql += [
        "DROP TRIGGER reports_report_frozen ON reports_report",
        "DROP FUNCTION reports_report_frozen()",
        "DROP FUNCTION reports_child_frozen()",
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
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
