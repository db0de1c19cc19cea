"""The English-pages check shared by the tests of every app: no Chinese in an error text once the
user's own data (unit names, enterprise names, file names…) is taken out."""

from __future__ import annotations

import re

HAN = re.compile(r"[\u4e00-\u9fff]+")


def chinese_left(text: str, data: list[str]) -> list[str]:
    """The Chinese of ``text`` (a page's error text) once ``data`` is taken out."""
    assert text, "the page shows no error at all"
    for item in sorted(data, key=len, reverse=True):
        text = text.replace(item, " ")
    return HAN.findall(text)
