"""确定方式表 as the seed has it (issue #9 item 8; seed 000 排放报告-确定方式表: "企业需要填报每月
低位发热量和单位热值含碳量的确定方式"): the second parameter is 单位热值含碳量 (``unit_heat_carbon``),
not 元素碳含量 (``carbon_content``), and a row gets its 报告编号.

A row saved as ``carbon_content`` described the month's element-carbon test — the test a measured
单位热值含碳量 (元素碳含量 ÷ 低位发热量) rests on — so it becomes that month's
``unit_heat_carbon`` row, unchanged otherwise; in submitted versions too (the key is the table's
vocabulary, not a value the enterprise declared: submission snapshots do not hold these rows). The
freeze triggers of ``reports_testrecord`` are set aside for that one statement and put back as
0008_final_version made them (literally; tests/test_frozen.py checks them). Sealed months (``MonthFiling``)
keep the old key in their content and fingerprint: ``labels.test_parameter`` reads it.
"""

from django.db import migrations, models

# SQLite: the triggers of reports_testrecord as 0008_final_version created them.
TESTRECORD_TRIGGERS = [
    """CREATE TRIGGER reports_testrecord_frozen_insert BEFORE INSERT ON reports_testrecord
        WHEN (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
    """CREATE TRIGGER reports_testrecord_frozen_update BEFORE UPDATE ON reports_testrecord
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
             OR (NEW.report_id IS NOT OLD.report_id AND (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted'))
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
    """CREATE TRIGGER reports_testrecord_frozen_delete BEFORE DELETE ON reports_testrecord
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS reports_testrecord_frozen_insert",
    "DROP TRIGGER IF EXISTS reports_testrecord_frozen_update",
    "DROP TRIGGER IF EXISTS reports_testrecord_frozen_delete",
]
POSTGRES_TRIGGER = "reports_testrecord_frozen"  # one row trigger on the table (0006, 0008)


def restore_triggers(apps, schema_editor):
    """SQLite rebuilds reports_testrecord to add or drop a column; its triggers go with it."""
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DROP + TESTRECORD_TRIGGERS:
            schema_editor.execute(sql)


def _rename(old: str, new: str):
    def apply(apps, schema_editor):
        TestRecord = apps.get_model("reports", "TestRecord")
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            for sql in SQLITE_DROP:
                schema_editor.execute(sql)
        elif vendor == "postgresql":
            # ALTER TABLE refuses a table with deferred (foreign-key) checks still pending in the
            # transaction: run them now, and defer them again afterwards (Django's default)
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            schema_editor.execute(f"ALTER TABLE reports_testrecord DISABLE TRIGGER {POSTGRES_TRIGGER}")
        TestRecord.objects.filter(parameter=old).update(parameter=new)
        if vendor == "sqlite":
            for sql in TESTRECORD_TRIGGERS:
                schema_editor.execute(sql)
        elif vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE reports_testrecord ENABLE TRIGGER {POSTGRES_TRIGGER}")
            schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")

    return apply


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0009_steam_balance'),
    ]

    operations = [
        # backwards: after the column is gone (SQLite rebuilds the table again)
        migrations.RunPython(migrations.RunPython.noop, restore_triggers),
        migrations.AddField(
            model_name='testrecord',
            name='report_number',
            field=models.CharField(blank=True, max_length=60, verbose_name='报告编号'),
        ),
        migrations.RunPython(
            _rename("carbon_content", "unit_heat_carbon"),
            _rename("unit_heat_carbon", "carbon_content"),
        ),
    ]
