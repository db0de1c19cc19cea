"""MonthFiling.first_sealed_at: the first seal kept on the filing (it was read from the audit
trail), so a month first sealed late stays marked late through amendments."""

from django.db import migrations, models
from django.db.models import Min


def backfill(apps, schema_editor):
    filing_model = apps.get_model("reports", "MonthFiling")
    audit = apps.get_model("audit", "AuditEntry")
    for filing in filing_model.objects.all():
        first = filing.sealed_at
        if filing.revision > 1:
            earliest = audit.objects.filter(
                action="report.month.seal",
                object_type="reports.monthfiling",
                object_id=str(filing.pk),
            ).aggregate(first=Min("at"))["first"]
            first = earliest or first
        filing_model.objects.filter(pk=filing.pk).update(first_sealed_at=first)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0015_review_comments_figures"),
        ("audit", "0003_action_choices"),
    ]

    operations = [
        migrations.AddField(
            model_name="monthfiling",
            name="first_sealed_at",
            field=models.DateTimeField(null=True, verbose_name="首次存证时间"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="monthfiling",
            name="first_sealed_at",
            field=models.DateTimeField(verbose_name="首次存证时间"),
        ),
    ]
