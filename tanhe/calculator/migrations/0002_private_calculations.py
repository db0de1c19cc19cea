"""Calculations become private: an unguessable key each, an owner, an expiry for anonymous ones.
Stored rows get a key (nobody holds it, so they are no longer listed or reachable)."""

import secrets

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def keys(apps, schema_editor):
    Calculation = apps.get_model("calculator", "Calculation")
    for calculation in Calculation.objects.filter(key__isnull=True):
        calculation.key = secrets.token_urlsafe(18)
        calculation.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [
        ("calculator", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="calculation",
            name="key",
            field=models.CharField(max_length=32, null=True, verbose_name="访问密钥"),
        ),
        migrations.RunPython(keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="calculation",
            name="key",
            field=models.CharField(max_length=32, unique=True, verbose_name="访问密钥"),
        ),
        migrations.AddField(
            model_name="calculation",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="calculations",
                to=settings.AUTH_USER_MODEL,
                verbose_name="上传人",
            ),
        ),
        migrations.AddField(
            model_name="calculation",
            name="expires_at",
            field=models.DateTimeField(blank=True, db_index=True, null=True, verbose_name="保留至"),
        ),
        migrations.AddField(
            model_name="calculation",
            name="is_example",
            field=models.BooleanField(default=False, verbose_name="公开示例"),
        ),
    ]
