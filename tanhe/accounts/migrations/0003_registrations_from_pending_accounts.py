"""Pending and rejected self-registrations used to be accounts of a pending organisation: each
becomes a registration (with the same password hash) and the account is retired, so that only
the authority's approval or an activation code opens an account."""

import secrets

from django.db import migrations

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def forwards(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    User = apps.get_model("accounts", "User")
    Registration = apps.get_model("accounts", "Registration")
    waiting = Organisation.objects.filter(kind="enterprise", status__in=("pending", "rejected"))
    for org in waiting:
        for user in User.objects.filter(organisation=org, is_enterprise_account=True):
            Registration.objects.create(
                reference="".join(secrets.choice(ALPHABET) for _ in range(12)),
                credit_code=org.credit_code,
                name=org.name,
                province_id=org.province_id,
                contact_name=user.display_name or org.name,
                phone=user.phone or "",
                email=user.email or "",
                password=user.password,
                status=org.status,
            )
            user.is_active = False
            user.is_enterprise_account = False
            user.username = f"retired-{user.pk}-{user.username}"[:150]
            user.save(update_fields=["is_active", "is_enterprise_account", "username"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_activationcode_registration")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
