"""The data fingerprint a stamped scan proves (its QR codes, reports/scan_check.py). Null, not
"", so that SQLite adds the column in place and keeps the freeze triggers (0012 adds it to them)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0010_test_record_unit_heat_carbon'),
    ]

    operations = [
        migrations.AddField(
            model_name='report',
            name='stamped_fingerprint',
            field=models.CharField(blank=True, max_length=64, null=True, verbose_name='盖章扫描版的数据指纹'),
        ),
    ]
