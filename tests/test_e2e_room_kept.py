"""End to end in Chromium: a reload keeps the facilitator's name for the history, and the category chosen on
the theme wall (written into the URL by the page itself)."""
import re

import pytest

from tests.test_e2e_wall import sample_with_suggested_themes, wait_idle
from wtfc.store import Store

pytestmark = pytest.mark.browser
NAME_BOX = "Your name (shown in the history)"


def test_the_name_typed_for_the_history_survives_a_reload(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(server.url)
    page.get_by_role("button", name="Try the sample workshop").click()
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=30_000)
    box = page.get_by_label(NAME_BOX)
    box.fill("Priya (facilitator) <b>'")
    box.press("Enter")
    page.wait_for_function("() => document.cookie.includes('wtfc_author=')", timeout=30_000)

    page.reload()
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=30_000)
    wait_idle(page)
    assert page.get_by_label(NAME_BOX).input_value() == "Priya (facilitator) <b>'"

    # The next change made in this browser is signed with it.
    page.get_by_role("link", name="Theme wall").click()
    page.get_by_role("button", name="Suggest for “working”").click()
    page.get_by_test_id("stAlertContentSuccess").wait_for()
    store = Store(server.db_path)
    assert store.history(store.workshops()[0].id)[-1].author == "Priya (facilitator) <b>'"

    another_tab = context.new_page()
    another_tab.goto(server.url)
    another_tab.get_by_label(NAME_BOX).wait_for(timeout=30_000)
    assert another_tab.get_by_label(NAME_BOX).input_value() == "Priya (facilitator) <b>'"
    context.close()


def test_the_theme_wall_category_is_kept_in_the_url_and_after_a_reload(server, browser):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    sample_with_suggested_themes(page, server.url)

    page.locator('[data-testid="stButtonGroup"] button', has_text="What's not working").first.click()
    wait_idle(page)
    page.wait_for_url(re.compile(r"wall-category="))
    page.reload()
    page.get_by_role("heading", name="Theme wall").wait_for(timeout=30_000)
    wait_idle(page)

    assert page.get_by_role("button", name="Suggest for “not working”").count() == 1
