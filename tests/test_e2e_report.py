"""End to end: a commissioner downloads the theme spreadsheet in Chromium and it opens."""
import openpyxl
import pytest

from tests.browser import wait_idle

pytestmark = pytest.mark.browser


def test_the_downloaded_theme_spreadsheet_opens_with_its_sheets(server, browser, tmp_path):
    page = browser.new_page(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page.goto(server.url)
    page.get_by_role("button", name="Try the sample workshop").click()
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=30_000)
    page.get_by_role("link", name="Theme wall").click()
    page.get_by_role("button", name="Suggest for every category").click()
    page.get_by_test_id("stAlertContentSuccess").wait_for(timeout=30_000)
    page.get_by_role("link", name="Report").click()
    wait_idle(page)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Theme spreadsheet (Excel)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "sample-homecare-workshop-themes.xlsx"
    workbook = openpyxl.load_workbook(saved)
    assert workbook.sheetnames == ["Summary", "Statements", "Priorities and actions", "Charts", "Method"]
    statements = workbook["Statements"]
    assert statements.max_row - 1 >= 150
