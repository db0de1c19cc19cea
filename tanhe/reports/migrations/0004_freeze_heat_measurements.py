"""The frozen-report triggers of 0002 for the heat measurements added in 0003."""

from django.db import migrations

TABLE = "reports_heatmeasurement"
FROZEN = "('submitted', 'returned', 'accepted')"
MESSAGE = "report version is submitted and cannot be changed"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"""CREATE TRIGGER {TABLE}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {TABLE}
            FOR EACH ROW EXECUTE FUNCTION reports_child_frozen()"""
        )
        return
    for op, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
        schema_editor.execute(
            f"""CREATE TRIGGER {TABLE}_frozen_{op.lower()} BEFORE {op} ON {TABLE}
            WHEN (SELECT state FROM reports_report WHERE id = {row}.report_id) IN {FROZEN}
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"""
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER {TABLE}_frozen ON {TABLE}")
        return
    for op in ("insert", "update", "delete"):
        schema_editor.execute(f"DROP TRIGGER {TABLE}_frozen_{op}")


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_heat_measurements")]
    operations = [migrations.RunPython(forwards, backwards)]
