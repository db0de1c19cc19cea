from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from tanhe.calculator.models import Calculation


@admin.register(Calculation)
class CalculationAdmin(admin.ModelAdmin):
    """Read-only: a stored calculation is a record of what was computed, never edited."""

    list_display = (
        "id",
        "created_at",
        "year",
        "enterprise_name",
        "credit_code",
        "total_emissions_tco2",
        "engine_version",
    )
    list_filter = ("year", "engine_version")
    search_fields = ("enterprise_name", "credit_code", "input_sha256")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Calculation | None = None) -> bool:
        return False
