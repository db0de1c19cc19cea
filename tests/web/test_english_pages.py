"""English pages show no Chinese UI text: each role of the demo (enterprises, the authority, the
agency) logs in with English chosen and walks its pages from the 工作台 — links within the site,
GET only, no downloads — and no page may show Han characters or full-width punctuation outside
data values (tests/web/english_crawl.py says what a data value is). The demo (with its
verification campaign) is built once for the module, in a transaction rolled back at the end."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tanhe.accounts.models import User
from tanhe.demo import build_demo
from tanhe.demo.enterprises import JIAWANG_CODE, TAIZHOU_CODE, WUJIANG_CODE, XIDONG_CODE
from tanhe.demo.verification import build_demo_campaign

from .english_crawl import chinese_in, crawl, data_texts

pytestmark = pytest.mark.django_db

ROLES = [
    "js-admin",
    "js-reviewer",
    "hb-reviewer",
    "agency-admin",
    "agency-lead",
    "agency-verifier",
    "agency-tech",
    TAIZHOU_CODE,  # 泰州江畔: a submitted report, sealed months, a non-conformity
    JIAWANG_CODE,  # 贾汪矸石: a draft with warnings
    XIDONG_CODE,  # 锡东热电: 合并填报
    WUJIANG_CODE,  # 吴淞江燃机: a plan waiting for review
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        build_demo()
        build_demo_campaign()
        yield data_texts()
        transaction.set_rollback(True)


def _english(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_demo_logins_are_the_roles_walked(demo):
    enterprise = User.objects.filter(is_enterprise_account=True, username__in=ROLES)
    assert enterprise.count() == 4
    assert User.objects.filter(username__in=ROLES).count() == len(ROLES)


@pytest.mark.parametrize("username", ROLES)
def test_english_pages_show_no_chinese_outside_data(demo, username):
    walk = crawl(_english(username), reverse("accounts:home"), demo)

    assert len(walk.visited) >= 3, walk.visited
    report = "\n".join(
        f"{f.url}: {' '.join(f.chinese[:8])}\n    …{f.context}…" for f in walk.findings
    )
    assert not walk.findings, f"Chinese on {len(walk.findings)} English pages:\n{report}"


def test_the_check_finds_chinese_and_leaves_marked_data_alone():
    html = (
        '<p>Plant <span data-value>泰州江畔</span></p><button lang="zh-Hans">中文</button>'
        "<script>var a='中文';</script><p>年报</p><input type=hidden value='隐藏'>"
    )
    found, _context = chinese_in(html, [])
    assert found == ["年报"]
    assert chinese_in("<p>Unit 1号机组：</p>", ["1号机组"])[0] == ["："]
