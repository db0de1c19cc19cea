from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tanhe.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only, also for administrators."""

    list_display = ("at", "actor_name", "action", "object_type", "object_repr", "organisation")
    list_filter = ("action", "object_type")
    search_fields = ("actor_name", "object_repr", "note")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
