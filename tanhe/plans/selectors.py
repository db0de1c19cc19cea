"""Reads of the 质量控制计划 shared by pages: lists filtered by permission, and a version's
content as plain data (what is frozen at submission and what 修订记录 compares)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from tanhe.accounts import permissions as perm
from tanhe.accounts.models import Organisation, OrganisationKind, User
from tanhe.audit.services import plain_value
from tanhe.plans.models import PlanState, PlanVersion

BASIC_FIELDS = (
    "name",
    "code_type",
    "credit_code",
    "permit_number",
    "registered_address",
    "production_address",
    "registration_date",
    "registered_capital",
    "nature",
    "legal_representative",
    "province",
    "city",
    "district",
    "postcode",
    "industry_code",
    "latitude",
    "longitude",
    "plan_author",
    "contact_person",
    "contact_phone",
    "contact_email",
    "authority_name",
)
UNIT_FIELDS = (
    "industry",
    "name",
    "unit_type",
    "subtype",
    "fuel_type",
    "fuel_names",
    "capacity_mw",
    "data_source",
    "main_product",
    "is_merged",
    "merge_reason",
    "merge_cases",
    "merge_exception",
    "gas_class",
)
FACILITY_FIELDS = (
    "category",
    "code",
    "name",
    "model",
    "boiler_type",
    "capacity_tph",
    "turbine_type",
    "pressure_parameter",
    "rated_power_mw",
    "cooling",
    "description",
    "location",
    "in_boundary",
    "remark",
)
METHOD_FIELDS = (
    "measure_unit",
    "method_type",
    "description",
    "device_model",
    "device_location",
    "frequency",
    "accuracy",
    "calibration_frequency",
    "missing_data",
    "record_frequency",
    "record_keeping",
    "fuel_state",
)


def versions_of(user: User, enterprise: Organisation) -> QuerySet[PlanVersion]:
    """An enterprise's versions, newest first, for whoever may see them (else none)."""
    if not perm.can_view_enterprise(user, enterprise):
        return PlanVersion.objects.none()
    return enterprise.plan_versions.order_by("-number")


def get_version(user: User, pk: int) -> PlanVersion:
    """A version the user may see; 404 otherwise (not 403: do not confirm that it exists)."""
    version = get_object_or_404(
        PlanVersion.objects.select_related("enterprise", "enterprise__province"), pk=pk
    )
    if not perm.can_view_enterprise(user, version.enterprise):
        from django.http import Http404

        raise Http404
    return version


def review_queue(user: User) -> QuerySet[PlanVersion]:
    """Versions of the authority's province that have been submitted at least once."""
    org = getattr(user, "organisation", None)
    if (
        org is None
        or org.kind != OrganisationKind.AUTHORITY
        or not user.has_role("reviewer", "authority_admin")
    ):
        return PlanVersion.objects.none()
    return (
        PlanVersion.objects.filter(enterprise__province_id=org.province_id)
        .exclude(state=PlanState.DRAFT)
        .select_related("enterprise")
        .order_by("state", "-submitted_at")
    )


def plan_content(version: PlanVersion) -> dict[str, Any]:
    """The version as plain, JSON-ready data, keyed by names that survive a revision's copy."""
    basic = getattr(version, "basic", None)
    units = list(version.units.select_related("merged_into").order_by("position", "id"))
    names = {u.pk: u.name for u in units}
    return {
        "version": version.number,
        "business_type": version.business_type,
        "revision_reason": version.revision_reason,
        "revision_reason_text": version.revision_reason_text,
        "basic": {f: plain_value(getattr(basic, f)) for f in BASIC_FIELDS} if basic else {},
        "units": {
            u.name: {f: plain_value(getattr(u, f)) for f in UNIT_FIELDS}
            | {"members": sorted(m.name for m in units if m.merged_into_id == u.pk)}
            for u in units
        },
        "facilities": {
            f"{names[f.unit_id]} {f.code}": {k: plain_value(getattr(f, k)) for k in FACILITY_FIELDS}
            for f in version.facilities.all()
        },
        "methods": {
            f"{names[m.unit_id]} {m.parameter}{' ' + m.fuel if m.fuel else ''}": {
                k: plain_value(getattr(m, k)) for k in METHOD_FIELDS
            }
            for m in version.methods.all()
        },
        "texts": {
            "process_description": version.process_description,
            "boundary_description": version.boundary_description,
            "qa_text": version.qa_text,
        },
        "attachments": {
            f"{a.get_kind_display()} {a.title}": {
                "sha256": a.file.sha256,
                "name": a.file.original_name,
            }
            for a in version.attachments.select_related("file")
        },
    }
