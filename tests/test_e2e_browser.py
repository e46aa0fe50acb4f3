"""End to end: a real `streamlit run` server driven by headless Chromium, as a facilitator would."""
import re

import pytest

from tests.browser import wait_idle

pytestmark = pytest.mark.browser

NEW_REVIEW = (
    "Person,Category,Statement\n"
    "E1,What's working,My carer always has time for a chat\n"
    "E1,Not working,Nobody rings when the carer is running late\n"
    "E2,Important for the future,I want to get to the allotment again\n"
)


def total_statements(page) -> int:
    values = page.get_by_test_id("stMetricValue").all_inner_texts()[:3]
    return sum(int(v) for v in values)


def wait_for_gather_page(page):
    page.get_by_role("heading", name=re.compile("Gather statements: Sample homecare workshop")).wait_for(timeout=30_000)
    page.get_by_test_id("stMetricValue").first.wait_for()
    wait_idle(page)  # all three categories' counts drawn, not only the first


def test_sample_workshop_upload_and_reload_keeps_everything(server, browser, tmp_path, artifacts):
    upload = tmp_path / "new_reviews.csv"
    upload.write_text(NEW_REVIEW, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    page.goto(server.url)
    page.get_by_role("button", name="Try the sample workshop").click()
    wait_for_gather_page(page)
    assert re.search(r"[?&]workshop=\w+", page.url)
    before = total_statements(page)
    assert before >= 150

    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(upload))
    page.get_by_role("button", name="Import 3 statements").click()
    page.get_by_text("Imported 3 statements from new_reviews.csv").wait_for(timeout=30_000)
    page.screenshot(path=artifacts / "gather-after-import.png", full_page=True)
    assert total_statements(page) == before + 3

    url_before_reload = page.url
    page.reload()
    wait_for_gather_page(page)
    assert page.url == url_before_reload
    assert total_statements(page) == before + 3
