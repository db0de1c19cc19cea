"""The archive in a real headless Chromium: the authority opens 南京六合滨江（合成）'s task after
the result was notified, goes to the 档案 tab, reads that the verification is closed and how long
each side keeps the records, and downloads the archive, whose manifest holds every member's
SHA-256. The demo is committed for a live server of the module's own and emptied at the end."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from tanhe.accounts.models import User
from tanhe.audit.actions import Action
from tanhe.audit.models import AuditEntry
from tanhe.demo import build_demo
from tanhe.demo.verification import CONFIRMED, build_demo_campaign
from tanhe.verification.models import Notification, ReportState, Task, VerificationReport
from tests.freezing import flush_with_triggers_aside

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[tuple[str, str, int]]:
    with django_db_blocker.unblock():
        build_demo()
        build_demo_campaign()
        task = Task.objects.get(enterprise__credit_code=CONFIRMED, campaign__year=2025)
        lead, authority = (User.objects.get(username=u) for u in ("agency-lead", "js-reviewer"))
        report = VerificationReport.objects.create(
            task=task, number="JS-2025-006", state=ReportState.SUBMITTED, created_by=lead
        )
        Notification.objects.create(
            task=task, report=report, notified_on=date(2026, 5, 15), notified_by=authority,
            total_emissions="1234567.89",
        )  # fmt: skip
        client = Client()
        client.force_login(authority)
        server = LiveServer("localhost")
        try:
            yield server.url, client.cookies[settings.SESSION_COOKIE_NAME].value, task.pk
        finally:
            server.stop()
            flush_with_triggers_aside()


def test_the_authority_downloads_the_archive(browser: Browser, site) -> None:
    url, session, task_pk = site
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": url, "value": session}])
    page = context.new_page()
    page.goto(f"{url}/verification/tasks/{task_pk}/")
    page.get_by_role("link", name="档案", exact=True).click()
    expect(page.locator("#archive-closed")).to_contain_text("已结束")
    expect(page.locator('#archive-retention tr[data-holder="agency"]')).to_contain_text("10")
    expect(page.locator('#archive-retention tr[data-holder="authority"]')).to_contain_text("5")
    with page.expect_download() as info:
        page.get_by_role("button", name="导出核查档案").click()
    data = Path(info.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        for member in manifest["members"]:
            assert hashlib.sha256(archive.read(member["name"])).hexdigest() == member["sha256"]
    assert manifest["closed"] is True
    entry = AuditEntry.objects.filter(action=Action.ARCHIVE_EXPORT).latest("id")
    assert entry.changes["sha256"][1] == hashlib.sha256(data).hexdigest()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    context.close()
