"""The CJK font of the platform's PDFs (emission report, demo drawings): WenQuanYi Micro Hei from
Debian's fonts-wqy-microhei, embedded as a subset. Without the file the name of a CID font is
returned (viewers then substitute their own), which only the demo drawings accept."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

CJK_FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


@cache
def cjk_font() -> str:
    """Register and name the font used for Chinese text."""
    if CJK_FONT_FILE.exists():
        pdfmetrics.registerFont(TTFont("WQYMicroHei", str(CJK_FONT_FILE), subfontIndex=0))
        return "WQYMicroHei"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"
