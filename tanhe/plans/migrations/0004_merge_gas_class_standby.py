"""合并填报 case and exception, 备用机组, 燃气机组等级 on a plan unit (issue #9)."""

import django.db.models.deletion
from django.db import migrations, models


# SQLite rebuilds plans_planunit to add these columns, and its triggers go with the old table:
# put back 0003's (the declaration has not changed; tests/test_frozen.py checks they match).
PLANUNIT_TRIGGERS = [
    """CREATE TRIGGER plans_planunit_frozen_insert BEFORE INSERT ON plans_planunit
        WHEN (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved')
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
    """CREATE TRIGGER plans_planunit_frozen_update BEFORE UPDATE ON plans_planunit
        WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
             OR (NEW.version_id IS NOT OLD.version_id AND (SELECT state FROM plans_planversion WHERE id = NEW.version_id) IN ('submitted', 'approved'))
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
    """CREATE TRIGGER plans_planunit_frozen_delete BEFORE DELETE ON plans_planunit
        WHEN (SELECT state FROM plans_planversion WHERE id = OLD.version_id) IN ('submitted', 'approved')
        BEGIN SELECT RAISE(ABORT, 'plan version is submitted and cannot be changed'); END""",
]


def restore_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in PLANUNIT_TRIGGERS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0003_declared_freeze'),
    ]

    operations = [
        # backwards: after the columns are gone (SQLite rebuilds the table again)
        migrations.RunPython(migrations.RunPython.noop, restore_triggers),
        migrations.AddField(
            model_name='planunit',
            name='gas_class',
            field=models.CharField(blank=True, choices=[('B', 'B级'), ('E', 'E级'), ('F', 'F级'), ('H', 'H级'), ('distributed', '分布式')], max_length=12, verbose_name='燃气机组等级'),
        ),
        migrations.AddField(
            model_name='planunit',
            name='merge_cases',
            field=models.JSONField(blank=True, default=list, verbose_name='无法分机组计量的数据'),
        ),
        migrations.AddField(
            model_name='planunit',
            name='merge_exception',
            field=models.TextField(blank=True, verbose_name='成员机组条件不同的说明'),
        ),
        migrations.AddField(
            model_name='planunit',
            name='standby_for',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='standbys', to='plans.planunit', verbose_name='调剂的机组（备用机组）'),
        ),
        migrations.RunPython(restore_triggers, migrations.RunPython.noop),
    ]
