"""Stamped scans for the tests: :func:`stamped_scan` (``tanhe.demo.scan``: the report's PDF
printed, stamped and scanned — noise, a slight turn, red seals — as a PDF of page images, with
options for the bad ones) and :func:`scan_of`, the good scan of a report as it stands, made once
per report and data fingerprint for the whole test session (the reports of one fixture have the
same data, so most tests reuse one scan)."""

from __future__ import annotations

from tanhe.demo.scan import page_images, stamped_scan
from tanhe.reports import pdf, selectors
from tanhe.reports.models import Report

__all__ = ["page_images", "scan_of", "stamped_scan"]

_SCANS: dict[tuple[str, str, int, int], bytes] = {}


def scan_of(report: Report) -> bytes:
    """A good stamped scan of ``report``'s PDF as the data stands now."""
    report.refresh_from_db()
    key = (report.enterprise.credit_code, selectors.data_fingerprint(report), report.year,
           report.number)  # fmt: skip
    if key not in _SCANS:
        _SCANS[key] = stamped_scan(pdf.render_report(report).data)
    return _SCANS[key]
