"""PostgreSQL: the frozen-report check on report cells once per statement, not once per row.

A full fuel table is saved as one UPDATE of ~1,000 rows; the row trigger of 0002 ran its lookup
~1,000 times (a third of the save). These AFTER … FOR EACH STATEMENT triggers see the changed
rows as a transition table and refuse the whole statement if any row belongs to a submitted
report. SQLite keeps its row triggers (it has no statement triggers).
"""

from django.db import migrations

FROZEN = "('submitted', 'returned', 'accepted')"
MESSAGE = "report version is submitted and cannot be changed"
CHECK = """EXISTS (SELECT 1 FROM {rows} x JOIN reports_report r ON r.id = x.report_id
           WHERE r.state IN {frozen})"""


def _function(name: str, tables: tuple[str, ...]) -> str:
    test = " OR ".join(CHECK.format(rows=t, frozen=FROZEN) for t in tables)
    return f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF {test} THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
          RETURN NULL;
        END $$"""


FORWARD = [
    "DROP TRIGGER reports_reportcell_frozen ON reports_reportcell",
    _function("reports_cells_frozen_new", ("new_rows",)),
    _function("reports_cells_frozen_old", ("old_rows",)),
    _function("reports_cells_frozen_both", ("old_rows", "new_rows")),
    """CREATE TRIGGER reports_reportcell_frozen_insert AFTER INSERT ON reports_reportcell
       REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
       EXECUTE FUNCTION reports_cells_frozen_new()""",
    """CREATE TRIGGER reports_reportcell_frozen_delete AFTER DELETE ON reports_reportcell
       REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
       EXECUTE FUNCTION reports_cells_frozen_old()""",
    """CREATE TRIGGER reports_reportcell_frozen_update AFTER UPDATE ON reports_reportcell
       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
       EXECUTE FUNCTION reports_cells_frozen_both()""",
]
BACKWARD = [
    "DROP TRIGGER reports_reportcell_frozen_insert ON reports_reportcell",
    "DROP TRIGGER reports_reportcell_frozen_delete ON reports_reportcell",
    "DROP TRIGGER reports_reportcell_frozen_update ON reports_reportcell",
    "DROP FUNCTION reports_cells_frozen_new()",
    "DROP FUNCTION reports_cells_frozen_old()",
    "DROP FUNCTION reports_cells_frozen_both()",
    """CREATE TRIGGER reports_reportcell_frozen BEFORE INSERT OR UPDATE OR DELETE
       ON reports_reportcell FOR EACH ROW EXECUTE FUNCTION reports_child_frozen()""",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_freeze_heat_measurements")]
    operations = [migrations.RunPython(forwards, backwards)]
