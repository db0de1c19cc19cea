"""Fixtures shared by every test package: one headless Chromium for the whole run, logged-in
browser contexts, screenshots, and the flush that works around the append-only triggers.

Browser tests use Debian's /usr/bin/chromium (never `playwright install`); screenshots land in
test-artifacts/screenshots/ for a human to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import translation
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.freezing import flush_with_triggers_aside

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
# ORM calls made by fixtures from that thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO = Path(__file__).resolve().parents[1]
SHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=zh-CN",
]


@pytest.fixture(autouse=True)
def _chinese_after_each_test() -> Iterator[None]:
    """A test that switches to English must not leave the next one reading English messages."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def english(client, filer):
    """The test client logged in as ``filer`` (an app's fixture), reading the pages in English."""
    client.force_login(filer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole run: Playwright allows one sync instance per thread."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            # Linux Chromium takes its UI language from LANGUAGE (with chromium-l10n installed)
            env={**os.environ, "LANGUAGE": "zh_CN"},
        )
        yield chromium
        chromium.close()


def new_context(browser: Browser, live_server=None, user=None) -> BrowserContext:
    """A Chinese desktop browser context, logged in as ``user`` through a session cookie."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    context.set_default_timeout(15_000)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
    return context


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """An anonymous tab."""
    context = new_context(browser)
    tab = context.new_page()
    yield tab
    context.close()


def screenshot(page: Page, name: str, *, full: bool = True) -> None:
    page.screenshot(path=SHOTS / f"{name}.png", full_page=full)


@pytest.fixture
def flushable(transactional_db) -> Iterator[None]:
    """Let the end-of-test flush of a live-server test remove its data on SQLite.

    SQLite's flush deletes row by row, which the append-only audit log and the frozen-document
    triggers refuse (PostgreSQL truncates, which row triggers do not see): empty the tables with
    the triggers set aside, then put them back, unchanged.
    """
    yield
    if connection.vendor == "sqlite":
        flush_with_triggers_aside()
