"""The public pages (guide §7): open without login; the covers of notified reports, the 复核
conclusions, the 附录3 table once the campaign is closed and the table published; each table as
CSV. Every page and every CSV is parsed and compared with the allow-list (tanhe/disclosure/
fields.py): only its tables, only their columns, and none of the verification's other records —
no other confirmed datum, no team member's phone or e-mail, no non-conformity, no file, no
appeal's reasons, no 复查 findings of a passed 复查."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from tanhe.disclosure import fields as f
from tanhe.disclosure import selectors as dsel
from tanhe.documents.models import StoredFile
from tanhe.verification import selectors_values as sv
from tanhe.verification.models import Answer, ConfirmedValue, Task
from tanhe.verification.report.cover import build_cover
from tanhe.verification.services import evaluation as services

from .conftest import (
    PUBLIC_CONCLUSION,
    REPORT_NUMBER,
    SECRET_ASSESSMENT,
    SECRET_FINDINGS,
    SECRET_MESSAGE,
    SECRET_REASON,
    appeal,
    notify,
    submit,
    user,
)

pytestmark = pytest.mark.django_db
LEAD_PHONE, LEAD_EMAIL = "13900009999", "lead-secret@example.test"
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


class _Fields(HTMLParser):
    """Every element carrying data-table / data-row / data-field, with the text of each field."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[str | None] = []  # the data-table of each open element (or None)
        self.rows: list[tuple[str, list[str]]] = []  # (table, the fields of the row)
        self.fields: list[tuple[str | None, str]] = []  # (enclosing table, field)
        self.text: list[str] = []
        self._row: list[str] | None = None
        self._depth: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        table = a.get("data-table") or (self.tables[-1] if self.tables else None)
        if tag in ("br", "img", "input", "meta", "link", "hr"):
            return
        self.tables.append(table)
        self._depth.append(tag)
        if "data-row" in a:
            self._row = []
            self.rows.append((str(table), self._row))
        if "data-field" in a:
            self.fields.append((table, str(a["data-field"])))
            if self._row is not None:
                self._row.append(str(a["data-field"]))

    def handle_endtag(self, tag: str) -> None:
        if self._depth and self._depth[-1] == tag:
            self._depth.pop()
            self.tables.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Fields:
    parser = _Fields()
    parser.feed(html)
    return parser


def _all_tables() -> dict[str, f.Table]:
    return {**f.TABLES, f.INDEX.key: f.INDEX}


def _check_allow_list(html: str) -> None:
    """Each field sits in a table of the allow-list and is one of its columns; each row has
    exactly the table's columns."""
    parsed = _parse(html)
    tables = _all_tables()
    for table, name in parsed.fields:
        assert table in tables, f"field {name} outside any allowed table"
        assert name in tables[table].keys, f"{name} is not allowed in {table}"
    for table, row in parsed.rows:
        assert row == list(tables[table].keys) or row == [], (table, row)


def _csv(client: Client, task: Task, table: str) -> list[list[str]]:
    url = reverse("disclosure:csv", args=[task.campaign.province.code, task.year, table])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _page(client: Client, task: Task) -> str:
    url = reverse("disclosure:campaign", args=[task.campaign.province.code, task.year])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _publish_agency(task: Task) -> None:
    campaign = services.close_campaign(user("js-admin"), task.campaign)
    services.save_evaluation(
        user("js-admin"), campaign, task.agency, quality_measures="内部三级审核",
        impartiality_measures="年度公正性自查", bad_records="无", complaints=0,
    )  # fmt: skip
    services.publish_evaluation(user("js-admin"), campaign, task.agency)
    task.campaign.refresh_from_db()


def test_nothing_is_public_before_the_notification(alone):
    client = Client()
    html = _page(client, alone)
    assert 'data-field="number"' not in html
    assert "not-closed" in html
    for table in f.TABLES:
        assert _csv(client, alone, table) == [[str(c.label) for c in f.TABLES[table].columns]]


def test_the_index_lists_the_campaigns(published):
    html = Client().get(reverse("disclosure:index")).content.decode()
    _check_allow_list(html)
    url = reverse("disclosure:campaign", args=[published.campaign.province.code, 2025])
    assert f'href="{url}"' in html
    row = dict(
        dsel.index_rows()[[c.pk for c, _ in dsel.index_rows()].index(published.campaign_id)][1]
    )
    assert (row["year"], row["covers"], row["appeals"], row["agencies"]) == ("2025", "1", "1", "0")


def test_the_cover_and_the_appeal_conclusion_are_public(published):
    html = _page(Client(), published)
    _check_allow_list(html)
    result = sv.confirmed_result(published)
    total = str(result.total_emissions_tco2)
    assert REPORT_NUMBER in html
    assert f'data-field="total" class="num" data-value="{total}"' in html
    assert published.enterprise.name in html and PUBLIC_CONCLUSION in html
    assert "维持核查结论" in html
    assert "not-closed" in html  # the agency table waits for the end of the campaign


def test_the_agency_table_once_closed_and_published(published):
    _publish_agency(published)
    html = _page(Client(), published)
    _check_allow_list(html)
    assert "not-closed" not in html
    rows = _csv(Client(), published, "agencies")
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["技术服务机构名称"] == published.agency.name
    assert (record["共核查重点排放单位（家）"], record["被复查/复核（份）"]) == ("1", "1")
    assert (record["合格（份）"], record["不合格（份）"], record["合格率（%）"]) == (
        "1",
        "0",
        "100.0",
    )
    plants = _csv(Client(), published, "plants")
    assert plants[0][:4] == [
        "技术服务机构名称",
        "重点排放单位名称",
        "统一社会信用代码/组织机构代码",
        "核查及时性",
    ]
    assert plants[1][1:4] == [published.enterprise.name, published.enterprise.credit_code, "及时"]
    assert len(plants[1]) == 4 + 7


def test_every_csv_is_its_tables_columns_and_rows(published):
    _publish_agency(published)
    client = Client()
    for key, table in f.TABLES.items():
        rows = _csv(client, published, key)
        assert rows[0] == [str(c.label) for c in table.columns]
        expected = dsel.table_rows(published.campaign, key)
        assert rows[1:] == [[r[k] for k in table.keys] for r in expected]
        assert expected, key
    cover = build_cover(published)
    emissions = _csv(client, published, "emissions")
    assert [r[2] for r in emissions[1:]] == [e.name for e in cover.emissions]
    assert [r[5] for r in emissions[1:]] == [str(e.total) for e in cover.emissions]


def _secrets(task: Task) -> list[str]:
    lead = user("agency-lead")
    lead.phone, lead.email = LEAD_PHONE, LEAD_EMAIL
    lead.save()
    texts = [SECRET_REASON, SECRET_ASSESSMENT, SECRET_FINDINGS, SECRET_MESSAGE, LEAD_PHONE,
             LEAD_EMAIL]  # fmt: skip
    for nc in task.nonconformities.all():
        texts.append(nc.description)
    for answer in Answer.objects.filter(nonconformity__task=task):
        texts += [answer.cause, answer.action]
    texts += [s.original_name for s in StoredFile.objects.filter(owner=task.enterprise)]
    texts += [s.sha256 for s in StoredFile.objects.filter(owner=task.enterprise)]
    texts += [c.reason for c in ConfirmedValue.objects.filter(task=task) if c.reason]
    if task.enterprise.permit_number:
        texts.append(task.enterprise.permit_number)
    return [t for t in texts if t]


def _numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text))


def test_nothing_else_leaks(published):
    """No secret text anywhere; of the confirmed values, only the cover's figures."""
    _publish_agency(published)
    secrets = _secrets(published)
    assert len(secrets) > 8
    client = Client()
    outputs = [_page(client, published), client.get(reverse("disclosure:index")).content.decode()]
    for key in f.TABLES:
        outputs.append("\n".join(",".join(r) for r in _csv(client, published, key)))
    cover = build_cover(published)
    allowed = {str(x) for e in cover.emissions for x in (e.combustion, e.electricity, e.total)}
    allowed |= {str(x) for c in cover.comparison for x in (c.previous, c.current) if x is not None}
    confirmed = {
        v for c in ConfirmedValue.objects.filter(task=published)
        for v in (c.confirmed, c.initial, c.final) if v and len(v.replace(".", "")) >= 4
    }  # fmt: skip
    assert confirmed
    for text in outputs:
        for secret in secrets:
            assert secret not in text
        assert (_numbers(text) & confirmed) <= allowed
        assert "/files/" not in text and "/documents/" not in text


def test_unknown_places_and_tables_are_404_and_posts_405(published):
    client = Client()
    code = published.campaign.province.code
    assert client.get(reverse("disclosure:campaign", args=["999999", 2025])).status_code == 404
    assert client.get(reverse("disclosure:campaign", args=[code, 1999])).status_code == 404
    assert client.get(reverse("disclosure:csv", args=[code, 2025, "values"])).status_code == 404
    assert client.post(reverse("disclosure:campaign", args=[code, 2025])).status_code == 405


def test_a_row_outside_the_allow_list_is_refused():
    with pytest.raises(ValueError, match="not allowed"):
        f.pick(f.APPEALS, {**dict.fromkeys(f.APPEALS.keys, ""), "reason": "x"})
    with pytest.raises(ValueError, match="missing"):
        f.pick(f.APPEALS, {"enterprise": "x"})


def test_a_text_that_looks_like_a_formula_is_not_one_in_the_csv(alone):
    notify(alone, submit(alone))
    appeal(alone, conclusion='=HYPERLINK("http://example.test","维持")')
    rows = _csv(Client(), alone, "appeals")
    assert rows[1][5] == '\'=HYPERLINK("http://example.test","维持")'
