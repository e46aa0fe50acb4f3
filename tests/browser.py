"""What the browser tests share: waiting for Streamlit to finish a run, picking an option as a keyboard
user would, opening the sample with suggested themes, and axe-core's WCAG 2.2 AA check.

A helper module, not a test file, so any browser test can import it.
"""
from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeout

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


RUNNING = "() => !document.querySelector('[data-testid=\"stApp\"][data-test-script-state=\"notRunning\"]')"
IDLE = ("() => document.querySelector('[data-testid=\"stApp\"][data-test-script-state=\"notRunning\"]')"
        " && !document.querySelector('[data-stale=\"true\"]')")


def wait_idle(page, start_within_ms: int = 300):
    """Until the run an action started is over, by Streamlit's own signal: the ``data-test-script-state``
    it keeps on the app. A click only sends a message, so the state turns from "notRunning" when the
    server starts the run: wait for that (at most ``start_within_ms``; a quick run may be over before it
    is seen), then for "notRunning" with no element left stale."""
    try:
        page.wait_for_function(RUNNING, timeout=start_within_ms)
    except PlaywrightTimeout:
        pass  # already over, or nothing to run
    page.wait_for_function(IDLE, timeout=30_000)


def choose(page, label: str, text: str):
    """Pick an option in a select or multiselect by typing part of it, as a keyboard user would."""
    box = page.get_by_role("combobox", name=label)
    box.scroll_into_view_if_needed()
    box.click()
    box.press_sequentially(text)
    page.get_by_role("option").filter(has_text=text).first.click()
    page.keyboard.press("Escape")


def sample_with_suggested_themes(page, url: str) -> None:
    """Open the sample workshop and let the app suggest themes for what is working."""
    page.goto(url)
    page.get_by_role("button", name="Try the sample workshop").click()
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=30_000)
    page.get_by_role("link", name="Theme wall").click()
    page.get_by_role("button", name="Suggest for “working”").click()
    page.get_by_test_id("stAlertContentSuccess").wait_for()
    wait_idle(page)


def no_violations(page) -> list:
    result = Axe().run(page, options=WCAG_AA)
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in result.response["violations"]]
