"""PostgreSQL: room on each page of report cells for heap-only (HOT) updates.

Saving a table rewrites value, mode, origin and source of ~1,000 cells; none of them is indexed,
so with free space on the page PostgreSQL updates a row in place and leaves the five indexes
alone. At the default fillfactor (100) every update moved the row to another page and wrote all
five indexes: 18 buffers per cell, a full fuel table's UPDATE 20–30 ms and growing with dead
rows; at 70 it is 8–10 ms and stays so. SQLite has no fillfactor.
"""

from django.db import migrations

TABLE = "reports_reportcell"


def _set(fillfactor: int):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {TABLE} SET (fillfactor = {fillfactor})")

    return apply


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_declared_integrity")]

    operations = [migrations.RunPython(_set(70), _set(100), elidable=False)]
