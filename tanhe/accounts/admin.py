"""Django admin for the platform operator. Business actions (registration, approval, registry
import, roles) go through the pages and services, which write the audit log; the admin is for
looking things up and for repairs."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from tanhe.accounts.models import Organisation, Province, RoleAssignment, User


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "province", "credit_code", "status", "in_registry")
    list_filter = ("kind", "status", "in_registry", "province")
    search_fields = ("name", "credit_code", "permit_number")
    readonly_fields = ("created_at",)
    list_select_related = ("province",)


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = (
        "username",
        "display_name",
        "organisation",
        "is_enterprise_account",
        "is_active",
        "is_staff",
    )
    list_filter = ("is_active", "is_staff", "is_enterprise_account", "organisation__kind")
    search_fields = ("username", "display_name", "email", "organisation__name")
    list_select_related = ("organisation",)
    inlines = (RoleInline,)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("机构与账号"),
            {"fields": ("organisation", "display_name", "phone", "is_enterprise_account")},
        ),
    )
    autocomplete_fields = ("organisation",)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "user__display_name")
    list_select_related = ("user",)
