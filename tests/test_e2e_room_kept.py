"""End to end in Chromium: a reload keeps the facilitator's name for the history, and the category chosen on
the theme wall (written into the URL by the page itself); the plan card being worked on stays open."""
import re

import pytest

from tests.browser import sample_with_suggested_themes, wait_idle
from wtfc import edits
from wtfc.model import NOT_WORKING, WHOLE_ROOM, Statement, Theme, VotingRound
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
    # Under load the first run after a reload may start after the heading is drawn: wait for the wall itself.
    page.get_by_role("button", name="Suggest for every category").wait_for(timeout=30_000)
    wait_idle(page)

    assert page.get_by_role("button", name="Suggest for “not working”").count() == 1
    assert page.get_by_role("button", name="Suggest for “working”").count() == 0


def test_the_plan_card_being_worked_on_stays_open_as_answers_are_added(server, browser):
    with Store(server.db_path) as store:
        workshop_id = store.create_workshop("Plan in the room").id
        themes = [Theme(NOT_WORKING, name, position=n) for n, name in enumerate(
            ["I want to know who is coming", "I want time to talk", "I want visits on time"])]
        store.apply(workshop_id, edits.create_themes(themes))
        store.apply(workshop_id, edits.add_statements(
            [Statement(f"Something said about {t.name}", NOT_WORKING, person_ref=f"P{n}", theme_id=t.id)
             for n, t in enumerate(themes)], "t"))
        vote = VotingRound(WHOLE_ROOM, ballot=tuple(t.id for t in themes))
        store.apply(workshop_id, edits.open_round(vote))
        store.apply(workshop_id, edits.record_tally(vote, [], {themes[0].id: 5, themes[1].id: 3, themes[2].id: 1}))
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{server.url}/plan_page?workshop={workshop_id}")
    second = page.get_by_text("2. I want time to talk")
    second.click()  # the facilitator opens the second card
    wait_idle(page)
    card = page.get_by_test_id("stExpander").filter(has_text="2. I want time to talk")

    for answer in ["Calls are booked back to back", "The rota has no travel time"]:
        card.get_by_role("textbox").first.fill(answer)
        card.get_by_role("button", name="Add the answer").click()
        page.get_by_text(answer).wait_for(timeout=30_000)
        wait_idle(page)
        assert page.get_by_text(answer).is_visible()  # the card is still open
    with Store(server.db_path) as store:
        assert store.plans(workshop_id)[themes[1].id].causes == ("Calls are booked back to back",
                                                                 "The rota has no travel time")
