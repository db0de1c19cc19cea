"""The editor's section 8 上传附件: the page, and one handler for each of its actions — upload a
file (a required kind or 其他), delete one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from tanhe.documents.services import FileRejected
from tanhe.plans import display, services
from tanhe.plans.forms import ANY_DOCUMENT, IMAGE_OR_PDF, AttachmentForm, apply_errors
from tanhe.plans.models import PlanAttachment, PlanVersion
from tanhe.plans.views.common import editor_action, render_section, saved


def page(
    request: HttpRequest,
    version: PlanVersion,
    *,
    failed: AttachmentForm | None = None,
    failed_kind: str = "",
    list_errors: list[str] | None = None,
) -> dict[str, Any]:
    """The attachments, with the upload that failed (``failed``, of ``failed_kind``) if any."""
    return {
        "plan": display.plan_view(version),
        "failed": failed,
        "failed_kind": failed_kind,
        "list_errors": list_errors or [],
        "image_or_pdf": IMAGE_OR_PDF,
        "any_document": ANY_DOCUMENT,
    }


@editor_action("attachments")
def attachment_upload(request: HttpRequest, version: PlanVersion) -> HttpResponse:
    """上传 / 替换: the file is checked by its content (``documents``), then attached."""
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            attachment = services.add_attachment(
                actor=request.user,
                version=version,
                kind=form.cleaned_data["kind"],
                upload=upload,
                name=upload.name,
                title=form.cleaned_data["title"],
            )
        except FileRejected as exc:
            form.add_error("file", str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            message = _("已上传%(kind)s：%(name)s") % {
                "kind": attachment.get_kind_display(),
                "name": attachment.file.original_name,
            }
            return saved(request, version, "attachments", message)
    context = page(request, version, failed=form, failed_kind=request.POST.get("kind", ""))
    return render_section(request, version, "attachments", context)


@editor_action("attachments", attachment=PlanAttachment)
def attachment_delete(
    request: HttpRequest, version: PlanVersion, attachment: PlanAttachment
) -> HttpResponse:
    try:
        services.remove_attachment(actor=request.user, attachment=attachment)
    except ValidationError as exc:
        context = page(request, version, list_errors=exc.messages)
        return render_section(request, version, "attachments", context)
    return saved(request, version, "attachments", _("已删除附件：%(t)s") % {"t": attachment})
