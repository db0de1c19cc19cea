"""The QR code on every page of the emission report PDF (报告页二维码): which report, which page,
and the data fingerprint the page was printed from — so that a stamped scan proves what it signs.

The code's text (documented in docs/glossary.md)::

    TANHE1:<统一社会信用代码>:<报告年度>:<版本>:<页码>/<总页数>:<数据指纹>

for example ``TANHE1:91320000MA1XXXXX0X:2025:1:3/12:3F9A…(64 hex digits)``. The fingerprint is
the SHA-256 printed in the page's footer (:func:`tanhe.fingerprint.fingerprint` of
``selectors.report_content``), written in capitals so that the whole text fits QR's
alphanumeric mode (0–9, A–Z and ``:/``): a smaller symbol (version 5, 37 modules), larger
modules, an easier scan. Read back, hex digits are taken in either case. Error correction level
M (15 %): a stamp's edge or a speck of dirt over the code is corrected.

No Django here: :func:`page_code_text` and :func:`parse` are pure, :func:`modules` gives the
symbol for :mod:`.pdf.page` to draw — zxing-cpp's encoder, the library that reads the scans
(under a millisecond a code; ReportLab's pure-Python encoder takes ~30 ms, too slow for a
report of many pages).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import zxingcpp

PREFIX = "TANHE1"
LEVEL = "M"
_SHA256 = re.compile(r"^[0-9A-Fa-f]{64}$")
_NUMBER = re.compile(r"^[1-9][0-9]{0,5}$")


@dataclass(frozen=True, slots=True)
class PageCode:
    """What one page's code says."""

    credit_code: str
    year: int
    number: int  # the report's version (第N版)
    page: int
    pages: int
    sha256: str  # lower-case hex, as printed in the footer

    @property
    def report(self) -> tuple[str, int, int]:
        """The report this page belongs to: enterprise, year, version."""
        return (self.credit_code, self.year, self.number)


def enterprise_code(credit_code: str | None, pk: int) -> str:
    """How a code names the enterprise: its credit code (every account has one), else its id."""
    return credit_code or f"ORG{pk}"


def page_code_text(code: PageCode) -> str:
    """The text encoded in a page's QR code."""
    return ":".join(
        (
            PREFIX,
            code.credit_code,
            str(code.year),
            str(code.number),
            f"{code.page}/{code.pages}",
            code.sha256.upper(),
        )
    )


def parse(text: str) -> PageCode | None:
    """A page code read back, or None when ``text`` is not one (another QR code on the page)."""
    parts = text.strip().split(":")
    if len(parts) != 6 or parts[0] != PREFIX:
        return None
    _prefix, credit_code, year, number, position, digest = parts
    page, _slash, pages = position.partition("/")
    numbers = (year, number, page, pages)
    if not credit_code or not all(_NUMBER.match(n) for n in numbers) or not _SHA256.match(digest):
        return None
    if int(page) > int(pages):
        return None
    return PageCode(credit_code, int(year), int(number), int(page), int(pages), digest.lower())


def modules(text: str) -> list[list[bool]]:
    """The QR symbol of ``text`` (error correction M, the smallest version that holds it): rows
    from the top, True for a dark module; without the quiet zone."""
    symbol = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=LEVEL)
    image = symbol.to_image(scale=1, add_quiet_zones=False)
    height, width = image.shape
    # one byte a module, 0 dark and 255 light (an Image is a buffer; its stubs do not say so)
    pixels = memoryview(image).tobytes()  # type: ignore[arg-type]
    return [[pixels[r * width + c] < 128 for c in range(width)] for r in range(height)]
