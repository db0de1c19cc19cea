import pytest
from playwright.sync_api import Browser
from tanhe.reports import services
from ..conftest import new_context
from .conftest import fill_year, fill_tests

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("flushable")]

def test_measure(browser: Browser, live_server, report, unit, filer):
    fill_year(filer, report, unit)
    fill_tests(filer, report, unit)
    for m in range(1, 10):
        services.seal_month(actor=filer, report=report, month=m)
    context = new_context(browser, live_server, filer)
    page = context.new_page()
    page.set_viewport_size({"width": 1366, "height": 768})
    for section in ("fuel", "electricity", "production", "tests"):
        page.goto(f"{live_server.url}/reports/{report.pk}/edit/{section}/")
        row = page.locator("table tbody tr").first
        box = row.bounding_box()
        sl = page.evaluate("document.querySelector('.report-scroll') && document.querySelector('.report-scroll').scrollLeft")
        print("MEASURE", section, box["y"], "scrollLeft", sl)
        page.screenshot(path=f"/tmp/gridm/{section}.png")
    context.close()
