"""The authority's screening in a real headless Chromium (Debian's /usr/bin/chromium), with the
database task backend and a db_worker Worker running beside the live server (a thread here, a
process in the demo; on PostgreSQL — on SQLite the task runs in the request): the reviewer starts the 2025 screening, watches the progress bar reach
done, filters the anomaly list and downloads it as CSV.

Screenshots go to test-artifacts/screenshots/screening-*.png.
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator

import pytest
from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import Browser, Page, expect

from tanhe.accounts.models import User
from tanhe.authority import screening
from tanhe.demo import build_demo

from ..conftest import SHOTS, new_context
from .conftest import YEAR

pytestmark = pytest.mark.browser
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def shot(page: Page, name: str) -> None:
    page.screenshot(path=SHOTS / f"screening-{name}.png", full_page=True)


@pytest.fixture
def worker(settings, monkeypatch) -> Iterator[Worker | None]:
    """The database backend, and its worker polling in a thread until the test ends. SQLite's
    shared in-memory test database locks whole tables between threads ("database table is
    locked"), so there the task runs in the starting request (the test settings' backend)."""
    if connection.vendor == "sqlite":
        yield None
        return
    settings.TASKS = DB_TASKS
    monkeypatch.setattr(screening, "BATCH", 1)  # a step of the bar per report
    running = Worker(queue_names=["default"], interval=0.2, batch=False, backend_name="default",
                     startup_delay=False, max_tasks=None, worker_id="browser-test",
                     excluded_queue_names=[])  # fmt: skip

    def work() -> None:
        try:
            running.run()
        finally:
            connection.close()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    yield running
    running.running = False
    thread.join(timeout=10)


def test_start_watch_filter_download(browser: Browser, live_server, flushable, worker):
    build_demo()
    reviewer = User.objects.get(username="js-reviewer")
    page = new_context(browser, live_server, reviewer).new_page()

    # the menu leads to the page; start the 2025 screening
    page.goto(live_server.url + "/accounts/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="数据筛查").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("数据筛查")
    page.get_by_label("报告年度").select_option(str(YEAR))
    shot(page, "01-start")
    page.get_by_role("button", name="开始筛查").click()

    # the progress bar polls until done, then the page shows the list
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{YEAR}年度数据筛查")
    expect(page.locator("#screening-state")).to_have_text("已完成", timeout=30_000)
    bar = page.locator("#screening-bar")
    expect(bar).to_have_attribute("value", "3")
    expect(bar).to_have_attribute("max", "3")
    rows = page.locator("#findings tbody tr")
    expect(rows.first).to_be_visible()
    total = rows.count()
    assert total >= 3
    shot(page, "02-done")

    # filter by a rule: only its rows stay, worded from the registry with their clause
    page.get_by_label("规则").select_option("range.load_factor")
    page.get_by_role("button", name="筛选").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("徐州贾汪矸石综合利用发电有限公司")
    expect(rows.first).to_contain_text("range.load_factor")
    expect(rows.first).to_contain_text("草稿")
    shot(page, "03-filtered")

    # the CSV is the filtered list
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 CSV").click()
    body = download.value.path().read_bytes().decode("utf-8")
    assert body.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert lines[0][0] == "排放单位" and len(lines) == 2
    assert lines[1][0] == "徐州贾汪矸石综合利用发电有限公司" and "range.load_factor" in lines[1]
