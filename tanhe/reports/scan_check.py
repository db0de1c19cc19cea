"""The stamped scan checked (盖章扫描版核对): the QR codes found in its page images must be those of
this report — this enterprise, year and version, the current data's fingerprint — one for each
page of the report, every page once, in order.

Two steps, each usable alone:

- :func:`read_scan` renders every page of the uploaded PDF (pypdfium2, ~150 dpi) and reads the
  QR codes on it (zxing-cpp), keeping those that are report page codes
  (:mod:`.page_codes`). The red channel is read first: a red seal over a code vanishes in it while
  the black modules stay. A page without a code is tried again with a global threshold, then at
  twice the resolution (a faint or coarse scan), within a budget so that a long PDF of other
  pages stays quick.
- :func:`judge` compares what was read with what is expected (:class:`Expected`) and returns the
  problems, each naming the scan's pages (:class:`ScanProblem`: code, pages, params).

:func:`check_scan` does both. :func:`message` words a problem in the active language. PDFium is
not thread-safe: every call into it holds one lock.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import zxingcpp
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from PIL import Image

from .page_codes import PageCode, parse

MAX_PAGES = 200  # a longer PDF is refused before any page is read
DPI = 150  # the first reading
DPI_FINE = 300  # the second, for a page where nothing was found
MAX_SIDE = 4000  # pixels: a page of any declared size is rendered at most this long
FALLBACK_PAGES = 8  # pages read a second time at most, per scan

_PDFIUM = threading.Lock()


@dataclass(frozen=True, slots=True)
class Expected:
    """The report a scan must be of, and its data fingerprint now."""

    credit_code: str
    year: int
    number: int
    sha256: str


@dataclass(frozen=True, slots=True)
class ScanPage:
    """One page of the scan (``index`` from 1) and the report page codes read on it."""

    index: int
    codes: tuple[PageCode, ...]


@dataclass(frozen=True, slots=True)
class ScanProblem:
    """What is wrong (``code``, a key of :data:`MESSAGES`), on which pages of the scan (from 1;
    empty when it concerns the whole scan) and with which values."""

    code: str
    pages: tuple[int, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)


class ScanUnreadable(ValueError):
    """The PDF cannot be opened (damaged, encrypted)."""


# -- reading --------------------------------------------------------------------------------------
def read_scan(data: bytes) -> list[ScanPage]:
    """Every page of the PDF ``data`` with the report page codes read on it. Raises
    :class:`ScanUnreadable`, or returns ``[]`` for a PDF of more than :data:`MAX_PAGES` pages
    (see :func:`page_count`)."""
    pages: list[ScanPage] = []
    budget = FALLBACK_PAGES  # pages read a second time: a long PDF of other pages stays quick
    for index, fine in enumerate(_pages(data), start=1):
        image = fine(DPI)
        codes = _codes(image)
        if not codes and budget:
            budget -= 1
            codes = _codes(image, zxingcpp.Binarizer.GlobalHistogram) or _codes(fine(DPI_FINE))
        pages.append(ScanPage(index, codes))
    return pages


def page_count(data: bytes) -> int:
    """How many pages the PDF ``data`` has; raises :class:`ScanUnreadable`."""
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise ScanUnreadable(str(exc)) from None
        try:
            return len(document)
        finally:
            document.close()


def _pages(data: bytes) -> Iterator[Any]:
    """For each page, a function rendering it at a resolution (dpi) as a grey image: the red
    channel of the page (a red seal is light in it, black print stays black)."""
    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise ScanUnreadable(str(exc)) from None
        count = len(document)
    try:
        if count > MAX_PAGES:
            return
        for i in range(count):
            with _PDFIUM:
                page = document[i]
                size = max(page.get_size()) or 1.0

            def render(dpi: int, page: Any = page, size: float = size) -> Image.Image:
                scale = min(dpi / 72, MAX_SIDE / size)
                with _PDFIUM:  # the bitmap is PDFium's memory: copied out and freed here
                    bitmap = page.render(scale=scale)
                    image: Image.Image = bitmap.to_pil()
                    grey = image.getchannel("R") if image.mode == "RGB" else image.convert("L")
                    bitmap.close()
                return grey

            try:
                yield render
            finally:
                with _PDFIUM:
                    page.close()
    finally:
        with _PDFIUM:
            document.close()


def _codes(image: Image.Image, binarizer: Any = None) -> tuple[PageCode, ...]:
    options: dict[str, Any] = {"formats": zxingcpp.BarcodeFormat.QRCode}
    if binarizer is not None:
        options["binarizer"] = binarizer
    found = (parse(result.text) for result in zxingcpp.read_barcodes(image, **options))
    unique = {code: None for code in found if code is not None}  # in order, once
    return tuple(unique)


# -- judging --------------------------------------------------------------------------------------
def judge(pages: Sequence[ScanPage], expected: Expected) -> list[ScanProblem]:
    """The problems of a scan whose pages read as ``pages``; ``[]`` when it is the report."""
    if not any(p.codes for p in pages):
        return [ScanProblem("no_code_at_all")]
    grouped: dict[tuple[str, tuple[tuple[str, Any], ...]], list[int]] = defaultdict(list)
    good: list[tuple[int, PageCode]] = []  # (scan page, its code) of the pages that belong
    for scan in pages:
        problem, code = _page_problem(scan, expected)
        if problem is not None:
            grouped[problem].append(scan.index)
        elif code is not None:
            good.append((scan.index, code))
    out = [ScanProblem(c, tuple(p), dict(params)) for (c, params), p in grouped.items()]
    if good:
        out += _sequence(good)
    return out


def _page_problem(
    scan: ScanPage, expected: Expected
) -> tuple[tuple[str, tuple[tuple[str, Any], ...]] | None, PageCode | None]:
    """(the page's problem as a code with its params, or None; the page's code when it is
    this report's)."""
    if not scan.codes:
        return ("no_code", ()), None
    numbers = sorted({c.page for c in scan.codes})
    if len(numbers) > 1:
        return ("several_pages", (("found", _numbers(numbers)),)), None
    code = scan.codes[0]
    if code.report != (expected.credit_code, expected.year, expected.number):
        return (
            "other_report",
            (
                ("found", _report(code.credit_code, code.year, code.number)),
                ("expected", _report(expected.credit_code, expected.year, expected.number)),
            ),
        ), None
    if code.sha256 != expected.sha256.lower():
        return (
            "other_data",
            (("found", code.sha256[:16]), ("current", expected.sha256[:16])),
        ), None
    return None, code


def _sequence(good: list[tuple[int, PageCode]]) -> list[ScanProblem]:
    """Every report page once, in order: missing, repeated and misplaced pages."""
    totals = Counter(code.pages for _scan, code in good)
    total = totals.most_common(1)[0][0]
    out = [
        ScanProblem("page_total", (scan,), {"found": code.pages, "total": total})
        for scan, code in good
        if code.pages != total
    ]
    good = [(scan, code) for scan, code in good if code.pages == total]
    where: dict[int, list[int]] = defaultdict(list)
    for scan, code in good:
        where[code.page].append(scan)
    missing = [n for n in range(1, total + 1) if n not in where]
    if missing:
        params = {"missing": _numbers(missing), "total": total, "count": len(missing)}
        out.append(ScanProblem("missing_page", (), params))
    for number, scans in sorted(where.items()):
        if len(scans) > 1:
            out.append(ScanProblem("duplicate_page", tuple(scans), {"page": number}))
    previous = 0
    for scan, code in good:
        if code.page < previous:
            out.append(ScanProblem("order", (scan,), {"found": code.page, "previous": previous}))
            break
        previous = code.page
    return out


def check_scan(data: bytes, expected: Expected) -> list[ScanProblem]:
    """Read and judge a scan: its problems, ``[]`` when it is the report as it stands."""
    try:
        count = page_count(data)
        if count > MAX_PAGES:
            return [ScanProblem("too_many_pages", (), {"count": count, "max": MAX_PAGES})]
        if count == 0:
            return [ScanProblem("no_code_at_all")]
        return judge(read_scan(data), expected)
    except ScanUnreadable:
        return [ScanProblem("unreadable")]


# -- words ----------------------------------------------------------------------------------------
def _numbers(numbers: Sequence[int]) -> str:
    """Page numbers as a list, runs of three or more as a range: "3", "3、4", "1–10", "1–3、7"."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    items: list[str] = []
    for run in runs:
        items += [f"{run[0]}–{run[-1]}"] if len(run) > 2 else [str(n) for n in run]
    return _("、").join(items)  # the language's list separator (", " in English)


def _report(credit_code: str, year: int, number: int) -> str:
    return _("%(code)s %(year)s年度 第%(n)s版") % {"code": credit_code, "year": year, "n": number}


# "pages" are the scan's pages; a plural form counts them ("count"), or the report's pages missing.
MESSAGES: dict[str, Any] = {
    "unreadable": gettext_lazy(
        "无法打开该 PDF（可能已损坏或已加密）：请重新导出扫描件（不加密码）后上传"
    ),
    "too_many_pages": gettext_lazy("扫描件共%(count)s页，超过%(max)s页的上限：请只上传排放报告"),
    "no_code_at_all": gettext_lazy(
        "扫描件中未找到排放报告的二维码：请下载本报告的 PDF（每页右下角有二维码），"
        "打印盖章后完整扫描上传"
    ),
    "no_code": ngettext_lazy(
        "扫描件第%(pages)s页未找到报告二维码（可能缺页、扫描不清或不是本报告）",
        "扫描件第%(pages)s页未找到报告二维码（可能缺页、扫描不清或不是本报告）",
        "count",
    ),
    "several_pages": ngettext_lazy(
        "扫描件第%(pages)s页上有报告的多页（第%(found)s页）：请每页单独扫描",
        "扫描件第%(pages)s页上有报告的多页（第%(found)s页）：请每页单独扫描",
        "count",
    ),
    "other_report": ngettext_lazy(
        "扫描件第%(pages)s页的二维码属于另一份报告（%(found)s），本报告为%(expected)s："
        "请下载本报告的 PDF 重新盖章扫描",
        "扫描件第%(pages)s页的二维码属于另一份报告（%(found)s），本报告为%(expected)s："
        "请下载本报告的 PDF 重新盖章扫描",
        "count",
    ),
    "other_data": ngettext_lazy(
        "扫描件第%(pages)s页的二维码属于另一版本/其他数据（指纹 %(found)s…，当前数据的指纹"
        " %(current)s…）：请下载当前版本的报告重新盖章扫描",
        "扫描件第%(pages)s页的二维码属于另一版本/其他数据（指纹 %(found)s…，当前数据的指纹"
        " %(current)s…）：请下载当前版本的报告重新盖章扫描",
        "count",
    ),
    "page_total": ngettext_lazy(
        "扫描件第%(pages)s页的二维码写明共%(found)s页，与其他页（共%(total)s页）不符",
        "扫描件第%(pages)s页的二维码写明共%(found)s页，与其他页（共%(total)s页）不符",
        "count",
    ),
    "missing_page": ngettext_lazy(
        "缺少报告第%(missing)s页（共%(total)s页）",
        "缺少报告第%(missing)s页（共%(total)s页）",
        "count",
    ),
    "duplicate_page": gettext_lazy("报告第%(page)s页重复出现（扫描件第%(pages)s页）"),
    "order": gettext_lazy(
        "页序不对：扫描件第%(pages)s页是报告第%(found)s页，却排在第%(previous)s页之后："
        "请按页码顺序扫描"
    ),
}


def message(problem: ScanProblem) -> str:
    """The problem in the active language."""
    params = {"count": len(problem.pages), **problem.params, "pages": _numbers(problem.pages)}
    return str(MESSAGES[problem.code] % params)
