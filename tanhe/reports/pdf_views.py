"""Download of the emission report as PDF (for anyone who may see the report)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from tanhe.reports import pdf, selectors


@login_required
@require_GET
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report(request.user, pk)  # 404 unless the user may see it
    document = pdf.render_report(report)
    response = HttpResponse(document.data, content_type="application/pdf")
    # RFC 6266 / 5987: an ASCII fallback name, and the Chinese name for clients that read filename*
    response["Content-Disposition"] = (
        f'attachment; filename="{document.ascii_filename}"; '
        f"filename*=UTF-8''{quote(document.filename)}"
    )
    response["Content-Length"] = str(len(document.data))
    response["Cache-Control"] = "private, no-store"
    response["X-Report-SHA256"] = document.sha256
    return response
