"""Pending and rejected self-registrations used to be accounts of a pending organisation: each
becomes a registration (with the same password hash, application time and refusal reason) and
the account is retired, so that only the authority's approval or an activation code opens an
account. The organisation row stays (audit rows point at it); no province holds it
(``Organisation.held``), so a 名录 import or an approval may take it over."""

import secrets

from django.db import migrations

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def forwards(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    User = apps.get_model("accounts", "User")
    Registration = apps.get_model("accounts", "Registration")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    waiting = Organisation.objects.filter(kind="enterprise", status__in=("pending", "rejected"))
    for org in waiting:
        rejection = (
            AuditEntry.objects.filter(
                action="enterprise.reject", object_type="accounts.organisation",
                object_id=str(org.pk),
            )
            .order_by("-at", "-id")
            .first()
        )
        for user in User.objects.filter(organisation=org, is_enterprise_account=True):
            registration = Registration.objects.create(
                reference="".join(secrets.choice(ALPHABET) for _ in range(12)),
                credit_code=org.credit_code,
                name=org.name,
                province_id=org.province_id,
                contact_name=user.display_name or org.name,
                phone=user.phone or "",
                email=user.email or "",
                password=user.password,
                status=org.status,
                reason=rejection.note if org.status == "rejected" and rejection else "",
                decided_at=rejection.at if org.status == "rejected" and rejection else None,
            )
            # as applied, not as migrated (auto_now_add set the field on create)
            Registration.objects.filter(pk=registration.pk).update(created_at=org.created_at)
            user.is_active = False
            user.is_enterprise_account = False
            user.username = f"retired-{user.pk}-{user.username}"[:150]
            user.save(update_fields=["is_active", "is_enterprise_account", "username"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_activationcode_registration"), ("audit", "0002_append_only")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
