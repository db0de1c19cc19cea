"""The report's JSON download in a real headless Chromium: the "下载 JSON（tanhe.plant-year/1）"
button sits beside the Excel export on the report's Excel page and gives the document, with its
``check_data``, under the report's file name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tanhe.reports import checking, services
from tanhe.reports.services import CellInput

from ..conftest import new_context, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable")]


def test_the_json_button_downloads_the_plant_year(
    browser: Browser, live_server, filer, enterprise, plan
) -> None:
    report = services.create_report(actor=filer, enterprise=enterprise, year=2023)
    unit = report.plan_version.units.get(name="1号机组")
    services.save_cells(actor=filer, report=report,
                        entries=[CellInput(unit, "production", "", "generation_mwh", 1, "301234.567")])  # fmt: skip
    context = new_context(browser, live_server, filer)
    page = context.new_page()
    page.goto(f"{live_server.url}/reports/{report.pk}/excel/")
    downloads = page.locator(".excel-links li")
    expect(downloads.nth(1).get_by_role("link")).to_have_text("导出完整报告（Excel）")
    button = downloads.nth(2).get_by_role("link", name="下载 JSON（tanhe.plant-year/1）")
    expect(button).to_be_visible()
    screenshot(page, "report-json-download")
    with page.expect_download() as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename == checking.file_name(report)
    doc = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    context.close()
    assert doc["format"] == "tanhe.plant-year/1" and doc["year"] == 2023
    assert doc == json.loads(checking.to_json(checking.document(report)))
    assert "sources" in doc["check_data"] and "facilities" in doc["check_data"]
