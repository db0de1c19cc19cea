"""Serving stored files: only to users allowed to see the owning organisation's data, always as
an attachment, under the name and type sniffed from the content (never the uploader's
extension), with ``nosniff`` and a sandboxing CSP should a browser display it anyway."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from tanhe.accounts import permissions as perm
from tanhe.documents.models import StoredFile
from tanhe.documents.services import KIND_OF_MIME, download_name, path_of


@require_GET
@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    stored = get_object_or_404(StoredFile.objects.select_related("owner"), pk=pk)
    if not perm.can_view_file(request.user, stored):
        raise Http404  # do not confirm that the file exists
    path = path_of(stored)
    if not path.exists():
        raise Http404
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=download_name(stored),
        content_type=stored.content_type
        if stored.content_type in KIND_OF_MIME
        else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
