"""Walks a logged-in user's pages (the Django test client, GET only) and finds the Chinese a page
shows in English outside data values.

What counts as a data value (and is therefore left alone):

- an element marked ``data-value`` (and everything inside it): the templates' convention for a
  value the user or the data gave — a plant's name, an address, a unit's name, a fuel typed by
  the plant, a comment (docs/glossary.md, *Data values on English pages*);
- an element with ``lang="zh…"`` (the language switch's 中文 button and anything else marked
  as Chinese on purpose);
- any text stored in the database by a user or by the demo's data (names, addresses, reasons,
  comments, file names…, and the names in an uploaded plant-year), taken out of the page's text
  before looking (``data_texts``);
- ``REQUIRED_CHINESE``: words an English page must quote as they are, because a file the user
  uploads must carry them (the 名录 file's Chinese column headers).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.apps import apps
from django.db import models
from django.test import Client

HAN = re.compile(r"[\u3400-\u9fff\uff08\uff09\uff0c\uff1a\uff1b\u3001\u3002]+")
# Never followed: what changes nothing but is not a page (downloads, exports), and leaving.
SKIP = re.compile(
    r"/(logout|download|files?|export|pdf|xlsx|csv|json|scan|template|static|admin)(/|$|\?)"
    r"|\.(pdf|xlsx|csv|json|zip|png|jpg)$|/i18n/"
)
REQUIRED_CHINESE = [
    "企业名称", "代码类型", "统一社会信用代码", "排污许可证号", "注册地址", "生产经营场所地址",
    "城市", "区县", "邮政编码",
]  # fmt: skip
VOID = {"br", "img", "input", "meta", "link", "hr", "area", "base", "col", "source", "wbr"}
HIDDEN = {"script", "style", "template", "noscript"}
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


class _Page(HTMLParser):
    """The visible text of a page (and the attributes a reader sees), outside data values, and
    its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, inside a data value or hidden)
        self.texts: list[str] = []
        self.links: list[str] = []

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        skip = (
            self.skipping
            or tag in HIDDEN
            or "data-value" in values
            or (values.get("lang") or "").lower().startswith("zh")
            or (tag == "input" and values.get("type") == "hidden")
        )
        if not skip:
            self.texts += [values[a] or "" for a in SHOWN_ATTRIBUTES if values.get(a)]
            if tag == "input" and values.get("type") in ("submit", "button"):
                self.texts.append(values.get("value") or "")
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.texts.append(data)


@dataclass
class Finding:
    url: str
    chinese: list[str]
    context: str


@dataclass
class Crawl:
    visited: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def data_texts() -> list[str]:
    """Every text of two or more characters stored in the database with Chinese in it: what the
    users and the data gave (longest first, so a name is taken out before its parts)."""
    found: set[str] = set()
    for model in apps.get_models():
        text_fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        if not text_fields:
            continue
        for row in model.objects.values_list(*text_fields):
            for value in row:
                if value and HAN.search(value):
                    found.add(value)
                    found.update(line.strip() for line in value.splitlines() if line.strip())
        json_fields = [f.name for f in model._meta.get_fields() if isinstance(f, models.JSONField)]
        for row in model.objects.values_list(*json_fields) if json_fields else []:
            for value in row:
                found.update(_names_in(value))
    return sorted(found | set(REQUIRED_CHINESE), key=len, reverse=True)


def _names_in(value: object) -> Iterator[str]:
    """The names and codes an uploaded plant-year gives (its ``name``/``code`` keys)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("name", "code", "enterprise_name", "members") and isinstance(item, str):
                if HAN.search(item):
                    yield item
            else:
                yield from _names_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _names_in(item)


def chinese_in(html: str, data: Iterable[str]) -> tuple[list[str], str]:
    page = _Page()
    page.feed(html)
    text = "\n".join(page.texts)
    for item in data:
        if item in text:
            text = text.replace(item, " ")
    found = HAN.findall(text)
    context = ""
    if found:
        at = text.find(found[0])
        context = " ".join(text[max(0, at - 60) : at + 60].split())
    return found, context


def links_of(html: str) -> list[str]:
    page = _Page()
    page.feed(html)
    return page.links


def _internal(href: str) -> str | None:
    url, _fragment = urldefrag(href)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if SKIP.search(parts.path):
        return None
    return url


def crawl(client: Client, start: str, data: list[str], *, limit: int = 80) -> Crawl:
    """Breadth-first from ``start``, at most ``limit`` pages; one page per URL pattern of ids
    (``/reports/12/…`` and ``/reports/13/…`` count once) to keep the walk short."""
    out = Crawl()
    seen_shapes: set[str] = set()
    queue: deque[str] = deque([start])
    while queue and len(out.visited) < limit:
        url = queue.popleft()
        shape = re.sub(r"\d+", "N", url)
        if shape in seen_shapes:
            continue
        seen_shapes.add(shape)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        out.visited.append(url)
        html = response.content.decode()
        found, context = chinese_in(html, data)
        if found:
            out.findings.append(Finding(url, found, context))
        queue.extend(u for u in _next(links_of(html)) if re.sub(r"\d+", "N", u) not in seen_shapes)
    return out


def _next(hrefs: Iterable[str]) -> Iterator[str]:
    for href in hrefs:
        url = _internal(href)
        if url is not None:
            yield url
