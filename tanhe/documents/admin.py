from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tanhe.documents.models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin):
    list_display = ("original_name", "content_type", "size", "sha256", "owner", "uploaded_at")
    search_fields = ("original_name", "sha256")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # stored files are immutable
