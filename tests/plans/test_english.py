"""The plan pages in English show no Chinese of their own (issue #8: "Every message a user can
see goes through i18n").

How: a complete plan is rendered page by page in English — the eight editor sections (editable,
then frozen), 提交, 查看, 意见, 修订记录 and the authority's list, review and 审核意见 pages, for a
first version and for a revision with changes. From each page the text a user can see is collected
(text nodes and the attributes a browser shows: title, placeholder, aria-label, alt, label,
data-confirm, the suggestions of a datalist). The plan's data stays as the enterprise and the
authority typed it (names, addresses, descriptions …), so every value typed into the database is
removed from that text first — read from the rows themselves, not listed by hand, so that new
fields are covered. What remains must hold no Han character: it came from a template, a form, a
view or the display module and missed gettext.

The product's name 碳核 and the language switch's 中文 are Chinese by design. Codes stored in
Chinese that the pages translate (行业类别 "火力发电", the stored unit of a method
row) are not counted as data: they must be shown translated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation

from tanhe.accounts.models import Organisation, Province, User
from tanhe.audit.models import AuditEntry
from tanhe.documents.models import StoredFile
from tanhe.plans import services
from tanhe.plans.models import (
    PlanAttachment,
    PlanBasicInfo,
    PlanComment,
    PlanFacility,
    PlanMethod,
    PlanUnit,
    PlanVersion,
)

from .conftest import COAL_UNIT, complete_plan

pytestmark = pytest.mark.django_db
HAN = re.compile(r"[\u4e00-\u9fff]+")
SECTIONS = ("basic", "units", "facilities", "products", "boundary", "methods", "qa", "attachments")
# Stored in Chinese, shown translated: not data.
CODES = {(PlanUnit, "industry"), (PlanMethod, "measure_unit")}
CODE_KEYS = {"industry", "measure_unit"}  # the same fields in an audit row's changes
# Chinese in English by design: the product's name (碳核 Tanhe) and the language switch, which
# names each language in itself (中文).
BY_DESIGN = ["碳核", "中文", "碳"]  # and the logo, a 碳 in a square
DATA_MODELS = (Organisation, Province, User, PlanVersion, PlanBasicInfo, PlanUnit, PlanFacility,
               PlanMethod, PlanAttachment, StoredFile, PlanComment)  # fmt: skip


class VisibleText(HTMLParser):
    """The text of a page a user can see: text nodes outside scripts and styles, and the
    attributes a browser shows."""

    ATTRIBUTES = frozenset({"title", "placeholder", "aria-label", "alt", "label", "data-confirm"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0  # inside <script> or <style>
        self.datalist = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        if tag == "datalist":
            self.datalist += 1
        for name, value in attrs:
            if value and (
                name in self.ATTRIBUTES or (name == "value" and tag == "option" and self.datalist)
            ):
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden -= 1
        if tag == "datalist":
            self.datalist -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.parts.append(data)


def data_values() -> list[str]:
    """Every text typed into the rows the pages show (each line of a multi-line text too, as
    ``linebreaks`` splits them), longest first."""
    values: set[str] = set()
    for model in DATA_MODELS:
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and (model, f.name) not in CODES
        ]
        for row in model.objects.values_list(*names):
            values.update(v for v in row if v)
    for entry in AuditEntry.objects.all():
        values.update(v for v in (entry.actor_name, entry.object_repr, entry.note) if v)
        for key, pair in (entry.changes or {}).items():
            if key not in CODE_KEYS and isinstance(pair, list):
                values.update(v for v in pair if isinstance(v, str) and v)
    lines = {line.strip() for value in values for line in value.splitlines()}
    return sorted(values | lines - {""}, key=len, reverse=True) + BY_DESIGN


def chinese_left(html: str, values: list[str]) -> list[str]:
    """The Han text of a page once the data values are taken out, each with its context."""
    parser = VisibleText()
    parser.feed(html)
    found = []
    for part in parser.parts:
        for value in values:
            part = part.replace(value, " ")
        found += [f"{m.group()!r} in {part.strip()[:80]!r}" for m in HAN.finditer(part)]
    return found


@pytest.fixture
def english(settings) -> Iterator[None]:
    yield
    translation.activate(settings.LANGUAGE_CODE)  # the locale middleware leaves it active


def pages_of(version: PlanVersion) -> list[str]:
    return [
        *(reverse("plans:edit", args=[version.pk, s]) for s in SECTIONS),
        reverse("plans:submit", args=[version.pk]),
        reverse("plans:view", args=[version.pk]),
        reverse("plans:comments", args=[version.pk]),
        reverse("review:opinions", args=[version.pk]),
    ]


def assert_english(client, urls: list[str]) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    values = data_values()
    problems = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="en">' in html, url
        problems += [f"{url}: {found}" for found in chinese_left(html, values)]
    assert not problems, "Chinese on the English pages:\n" + "\n".join(problems)


def test_the_plan_pages_in_english_show_chinese_only_in_data(
    client, english, filer, reviewer, enterprise
):
    version = services.create_plan(actor=filer, enterprise=enterprise)
    unit = complete_plan(filer, version)
    gas = services.add_unit(actor=filer, version=version, data=COAL_UNIT | {
        "name": "2号机组", "unit_type": "gas", "subtype": "none", "fuel_type": "gas",
        "fuel_names": ["natural_gas"], "capacity_mw": "390",
    })  # fmt: skip
    services.add_facility(actor=filer, unit=gas, data={
        "category": "turbine", "code": "MF0002", "name": "2号汽轮机", "turbine_type": "condensing",
        "model": "N390", "pressure_parameter": "high", "rated_power_mw": "390", "cooling": "air",
        "location": "主厂房西侧",
    })  # fmt: skip
    services.set_main_product(actor=filer, unit=gas, product="electricity_heat")
    for method in gas.methods.filter(method_type="measured"):
        services.update_method(actor=filer, method=method, data={"device_model": "流量计 FT-01"})
    services.add_attachment(actor=filer, version=version, kind="other", upload=b"%PDF-1.4\n%%EOF\n",
                            name="台账.pdf", title="计量器具台账")  # fmt: skip
    client.force_login(filer)
    draft_pages = [*pages_of(version), reverse("plans:list"), reverse("plans:create")]
    draft_pages += [reverse("plans:edit", args=[version.pk, "units"]) + f"?unit={unit.pk}"]
    assert_english(client, draft_pages)

    services.submit(actor=filer, version=version)
    services.comment(actor=reviewer, version=version, text="请补充燃料化验记录。")
    assert_english(client, pages_of(version))
    client.force_login(reviewer)
    assert_english(client, [reverse("review:list"), reverse("review:detail", args=[version.pk])])

    # a revision with changes: 修订记录 and the authority's 修订对比
    services.approve(actor=reviewer, version=version, text="同意备案。")
    revision = services.create_revision(actor=filer, enterprise=enterprise, reason="new_method")
    changed = revision.units.get(name="1号机组")
    services.update_unit(actor=filer, unit=changed, data=COAL_UNIT | {"capacity_mw": "680"})
    services.delete_unit(actor=filer, unit=revision.units.get(name="2号机组"))
    services.submit(actor=filer, version=revision)
    client.force_login(filer)
    assert_english(client, [reverse("plans:diff"), *pages_of(revision)])
    client.force_login(reviewer)
    assert_english(client, [reverse("review:detail", args=[revision.pk])])


def test_the_check_finds_chinese_that_is_not_data():
    """The check itself: a template's own Chinese is found, a data value is not."""
    html = '<p title="确定？">Unit: 1号机组</p><script>var a = "脚本";</script><p>保存</p>'
    assert chinese_left(html, ["1号机组"]) == ["'确定' in '确定？'", "'保存' in '保存'"]
