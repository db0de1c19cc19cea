"""The report rendered: the font it needs (refused when missing), its file names, and the data
fingerprint with the submission's hash when the stored snapshot holds exactly this data."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from tanhe.documents import fonts
from tanhe.fingerprint import fingerprint

from .. import selectors
from ..models import Report, ReportSubmission
from .builder import Builder


class FontMissing(ImproperlyConfigured):
    """The CJK TrueType font to embed is not installed."""


@dataclass(frozen=True, slots=True)
class ReportPdf:
    data: bytes
    filename: str  # 排放报告_{credit_code}_{year}_v{number}.pdf
    ascii_filename: str  # the same without Chinese, for clients that ignore filename*
    sha256: str  # the data fingerprint printed on every page
    submission_sha256: str | None  # the submission snapshot's hash, when it matches the data
    pages: int


def embedded_font() -> str:
    """The registered name of the TrueType CJK font (embedded as a subset in the PDF)."""
    name = fonts.cjk_font()
    if not isinstance(pdfmetrics.getFont(name), TTFont):
        raise FontMissing(
            f"排放报告 PDF 须嵌入中文字体：未找到 {fonts.CJK_FONT_FILE}"
            "（请安装 Debian 软件包 fonts-wqy-microhei）"
        )
    return name


def filenames(report: Report) -> tuple[str, str]:
    code = "".join(ch for ch in report.enterprise.credit_code if ch.isalnum()) or str(
        report.enterprise.pk
    )
    stem = f"{code}_{report.year}_v{report.number}.pdf"
    return f"排放报告_{stem}", f"emission-report_{stem}"


def render_report(report: Report) -> ReportPdf:
    """The report as a PDF, with its data fingerprint."""
    font = embedded_font()
    with translation.override("zh-hans"):
        content = selectors.report_content(report)
        digest = fingerprint(content)
        submitted = _submission_hash(report, digest)
        builder = Builder(report, content, font, digest, submitted)
        data, pages = builder.build()
    name, ascii_name = filenames(report)
    return ReportPdf(data, name, ascii_name, digest, submitted, pages)


def _submission_hash(report: Report, digest: str) -> str | None:
    """The stored submission hash, if the snapshot is intact and holds exactly this data.

    The snapshot is ``report_content`` plus the engine's result, so its hash differs from the
    data fingerprint; it is printed as well when the snapshot without its result has the same
    fingerprint as the data now, and its own hash checks out."""
    submission = ReportSubmission.objects.filter(report=report).first()
    if submission is None:
        return None
    snapshot = {k: v for k, v in submission.content.items() if k != "result"}
    if fingerprint(snapshot) != digest or fingerprint(submission.content) != submission.sha256:
        return None
    return submission.sha256
