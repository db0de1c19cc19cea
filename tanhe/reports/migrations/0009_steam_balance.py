"""Return and make-up water and the exchanger efficiency of a steam measurement (issue #9)."""

from django.db import migrations, models

# SQLite rebuilds reports_heatmeasurement to add these columns, and its triggers go with the old
# table: put back those of 0008_final_version (tests/test_frozen.py checks they match).
HEAT_TRIGGERS = [
    """CREATE TRIGGER reports_heatmeasurement_frozen_insert BEFORE INSERT ON reports_heatmeasurement
        WHEN (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
    """CREATE TRIGGER reports_heatmeasurement_frozen_update BEFORE UPDATE ON reports_heatmeasurement
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
             OR (NEW.report_id IS NOT OLD.report_id AND (SELECT state FROM reports_report WHERE id = NEW.report_id) IN ('submitted', 'returned', 'accepted'))
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
    """CREATE TRIGGER reports_heatmeasurement_frozen_delete BEFORE DELETE ON reports_heatmeasurement
        WHEN (SELECT state FROM reports_report WHERE id = OLD.report_id) IN ('submitted', 'returned', 'accepted')
        BEGIN SELECT RAISE(ABORT, 'report version is submitted and cannot be changed'); END""",
]


def restore_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in HEAT_TRIGGERS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0008_final_version'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_triggers),
        migrations.AddField(
            model_name='heatmeasurement',
            name='exchanger_efficiency_pct',
            field=models.CharField(blank=True, max_length=40, verbose_name='热网加热器效率（%）'),
        ),
        migrations.AddField(
            model_name='heatmeasurement',
            name='makeup_enthalpy_kj_per_kg',
            field=models.CharField(blank=True, max_length=40, verbose_name='补充水焓（kJ/kg）'),
        ),
        migrations.AddField(
            model_name='heatmeasurement',
            name='makeup_t',
            field=models.CharField(blank=True, max_length=40, verbose_name='补充水量（t）'),
        ),
        migrations.AddField(
            model_name='heatmeasurement',
            name='return_enthalpy_kj_per_kg',
            field=models.CharField(blank=True, max_length=40, verbose_name='回水焓（kJ/kg）'),
        ),
        migrations.AddField(
            model_name='heatmeasurement',
            name='return_t',
            field=models.CharField(blank=True, max_length=40, verbose_name='回水量（t）'),
        ),
        migrations.RunPython(restore_triggers, migrations.RunPython.noop),
    ]
