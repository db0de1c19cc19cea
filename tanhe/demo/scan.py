"""A stamped scan (盖章扫描版) as an enterprise would make one, for the demo and the tests: the
report's PDF printed and scanned — each page an image at a low resolution, turned by a slight
angle (which softens it), grey, grainy and dusty, the seal in red ink over the declaration and a
骑缝章 across the right edge of every page — saved as a PDF of JPEG images. Deterministic (a
seeded generator, no clock): the same PDF gives the same bytes.

``stamped_scan(pdf.render_report(report).data)`` is the good scan; ``drop_pages``, ``order``
and ``replace`` make the bad ones (a page left out, pages shuffled, a page of another version).
"""

from __future__ import annotations

import io
import math
import random
import time
from collections.abc import Mapping, Sequence

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PIL import Image, ImageChops, ImageDraw

RED = (205, 35, 40)
EPOCH = time.gmtime(946684800)  # 2000-01-01, the PDF's dates: the same bytes on every run


def page_images(data: bytes, dpi: int) -> list[Image.Image]:
    """The pages of the PDF ``data`` as RGB images at ``dpi``."""
    document = pdfium.PdfDocument(data)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]
    finally:
        document.close()


def stamped_scan(
    report_pdf: bytes,
    *,
    dpi: int = 120,
    noise: bool = True,
    rotate: float = 1.5,
    stamp: bool = True,
    drop_pages: Sequence[int] = (),
    order: Sequence[int] | None = None,
    replace: Mapping[int, bytes] | None = None,
    seed: int = 7,
) -> bytes:
    """The scan of ``report_pdf`` as a PDF of page images. ``drop_pages``: report pages (from 1)
    left out; ``order``: the report pages in the order scanned (default: as printed);
    ``replace``: report page → another PDF whose page of that number is scanned instead."""
    pages = page_images(report_pdf, dpi)
    for number, other in (replace or {}).items():
        pages[number - 1] = page_images(other, dpi)[number - 1]
    numbers = list(order) if order is not None else list(range(1, len(pages) + 1))
    numbers = [n for n in numbers if n not in set(drop_pages)]
    rng = random.Random(seed)
    last = len(pages)
    scanned = [
        _scan(pages[n - 1], dpi, rng, noise=noise, rotate=rotate, stamp=stamp, seal=n == last)
        for n in numbers
    ]
    out = io.BytesIO()
    scanned[0].save(out, "PDF", save_all=True, append_images=scanned[1:], resolution=dpi,
                    quality=75, creationDate=EPOCH, modDate=EPOCH, producer="tanhe.demo.scan",
                    title="盖章扫描版")  # fmt: skip
    return out.getvalue()


def _scan(
    page: Image.Image,
    dpi: int,
    rng: random.Random,
    *,
    noise: bool,
    rotate: float,
    stamp: bool,
    seal: bool,
) -> Image.Image:
    if stamp:
        ink = Image.new("RGB", page.size, "white")
        draw = ImageDraw.Draw(ink)
        width, height = page.size
        r = int(0.8 * dpi)  # a 4 cm seal
        if seal:  # the enterprise's seal on the declaration's （盖章） box
            _seal(draw, int(width * 0.74), int(height * 0.26), r, dpi)
        _seal(draw, width, height // 2, r, dpi)  # 骑缝章: half of it on each page's edge
        page = ImageChops.multiply(page, ink)  # ink over toner: black stays black
    if rotate:
        page = page.rotate(rotate, resample=Image.Resampling.BILINEAR, expand=True,
                           fillcolor=(236, 236, 232))  # fmt: skip
    if noise:
        grain = Image.frombytes("L", page.size, rng.randbytes(page.width * page.height))
        grey = Image.merge("RGB", (grain, grain, grain))
        page = Image.blend(page, grey, 0.18)
        draw = ImageDraw.Draw(page)
        for _ in range(60):  # dust
            x, y = rng.randrange(page.width), rng.randrange(page.height)
            draw.ellipse((x, y, x + rng.randint(1, 3), y + rng.randint(1, 3)), fill=(40, 40, 40))
    return page


def _seal(draw: ImageDraw.ImageDraw, x: int, y: int, r: int, dpi: int) -> None:
    line = max(2, dpi // 40)
    draw.ellipse((x - r, y - r, x + r, y + r), outline=RED, width=line)
    star = [(x + r * 0.3 * _cos(a), y - r * 0.3 * _sin(a)) for a in range(90, 90 + 5 * 144, 144)]
    draw.polygon(star, fill=RED)
    for k in range(8):  # the enterprise's name round the edge, as strokes
        a = 150 - k * 17
        cx, cy = x + r * 0.72 * _cos(a), y - r * 0.72 * _sin(a)
        draw.rectangle((cx - line * 2, cy - line * 2, cx + line * 2, cy + line * 2), fill=RED)


def _cos(degrees: float) -> float:
    return math.cos(math.radians(degrees))


def _sin(degrees: float) -> float:
    return math.sin(math.radians(degrees))
