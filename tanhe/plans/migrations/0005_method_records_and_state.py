"""数据的确定方式: 记录频次, 数据记录及管理 and a fuel's 燃料状态 (入炉 / 入厂) on a plan method
(issue #9 item 8; seed 000 数据的确定方式; 核查技术指南 表7、表9). Existing rows keep an empty
state: the migration does not decide what an enterprise's plan said."""

from django.db import migrations, models


# SQLite rebuilds plans_planmethod to add these columns, and its triggers go with the old table:
# put back 0003's (the declaration has not changed; tests/test_frozen.py checks they match).
PLANMETHOD_TRIGGERS = [
    """CREATE TRIGGER plans_planmethod_frozen_insert BEFORE INSERT ON plans_planmethod
        WHEN (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved')
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
    """CREATE TRIGGER plans_planmethod_frozen_update BEFORE UPDATE ON plans_planmethod
        WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
             OR (NEW.version_id IS NOT OLD.version_id AND (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved'))
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
    """CREATE TRIGGER plans_planmethod_frozen_delete BEFORE DELETE ON plans_planmethod
        WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
]


def restore_triggers(apps, schema_editor):
    """After SQLite rebuilt the table (adding a column); dropping one may not rebuild it (ALTER
    TABLE DROP COLUMN), so whatever is still there is replaced."""
    if schema_editor.connection.vendor == "sqlite":
        for name in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS plans_planmethod_frozen_{name}")
        for sql in PLANMETHOD_TRIGGERS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0004_merge_gas_class_standby'),
    ]

    operations = [
        # backwards: after the columns are gone (SQLite rebuilds the table again)
        migrations.RunPython(migrations.RunPython.noop, restore_triggers),
        migrations.AddField(
            model_name='planmethod',
            name='fuel_state',
            field=models.CharField(blank=True, choices=[('fired', '入炉'), ('received', '入厂')], max_length=10, verbose_name='燃料状态'),
        ),
        migrations.AddField(
            model_name='planmethod',
            name='record_frequency',
            field=models.CharField(blank=True, max_length=60, verbose_name='记录频次'),
        ),
        migrations.AddField(
            model_name='planmethod',
            name='record_keeping',
            field=models.TextField(blank=True, verbose_name='数据记录及管理'),
        ),
        migrations.RunPython(restore_triggers, migrations.RunPython.noop),
    ]
