"""Two facilitators on one workshop, each on an app server of their own, both servers on one PostgreSQL
database (as an organisation hosts wtfc behind a sticky proxy): each sees the other's changes on their next
action without reloading (or, on Prioritise, when the live results refresh themselves), a stale change is
refused in plain words, and nothing is lost.

Needs a PostgreSQL server (the ``postgres_server`` fixture: skipped locally, saying why, when there is none;
an error in CI) and Chromium.
"""
import pytest
from playwright.sync_api import expect

from tests.browser import wait_idle
from tests.conftest import Server
from tests.test_e2e_two_facilitators import CONFLICT, move, open_wall, rename_first_theme, workshop_with_two_themes
from tests.test_e2e_voting import LATE, make_workshop, votes_cell
from wtfc import edits
from wtfc.model import WHOLE_ROOM, VotingRound
from wtfc.store import Store

pytestmark = pytest.mark.browser


@pytest.fixture
def two_servers(postgres_url, tmp_path):
    """Two real `streamlit run` servers with the same WTFC_DB: a fresh schema of the test database."""
    servers = [Server(postgres_url, tmp_path / f"streamlit-{n}.log") for n in (1, 2)]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()


def card(page, theme: str):
    return page.locator(".wtfc-card").filter(has=page.get_by_role("heading", name=theme))


def test_two_facilitators_on_two_servers_see_each_others_changes_and_a_stale_rename_is_refused(two_servers, browser):
    first, second = two_servers
    workshop_id = workshop_with_two_themes(first.db_path)
    a = open_wall(browser, f"{first.url}/theme_page?workshop={workshop_id}")
    b = open_wall(browser, f"{second.url}/theme_page?workshop={workshop_id}")

    move(a, "My carer comes every", "I get out and about")  # on the first server
    move(b, "We go to the allotment", "I see the same carers")  # on the second, not having seen A's move
    assert not b.get_by_text(CONFLICT).count()
    # B's wall shows A's move, made through the other server, without a reload.
    card(b, "I get out and about").locator("li", has_text="My carer comes every morning at eight").wait_for()

    rename_first_theme(a, "I know who is coming")
    # ... and A's next action shows B's move.
    card(a, "I know who is coming").locator("li", has_text="We go to the allotment on Fridays").wait_for()

    rename_first_theme(b, "I know my carers")  # B's screen still shows the old name
    b.get_by_text(CONFLICT).first.wait_for()
    b.keyboard.press("Escape")
    b.get_by_role("heading", name="I know who is coming").first.wait_for()
    assert not b.get_by_role("heading", name="I see the same carers").count()

    # Nothing lost, nothing extra: the edit log and the wall in the database.
    with Store(first.db_path) as database:
        assert [(r.kind, r.status) for r in database.history(workshop_id)] == [
            ("import", "done"), ("move", "done"), ("move", "done"), ("rename theme", "done")]
        themes = {t.id: t.name for t in database.themes(workshop_id)}
        wall = {s.text: themes[s.theme_id] for s in database.statements(workshop_id)}
    assert sorted(themes.values()) == ["I get out and about", "I know who is coming"]
    assert wall == {"My carer comes every morning at eight": "I get out and about",
                    "The same two carers come most weeks": "I know who is coming",
                    "We go to the allotment on Fridays": "I know who is coming",
                    "My carer takes me to the library": "I get out and about"}


def test_live_results_on_one_server_show_a_phone_vote_through_the_other_and_a_rename_made_elsewhere(two_servers, browser):
    first, second = two_servers
    workshop_id = make_workshop(first.db_path)
    voting_round = VotingRound(WHOLE_ROOM, (LATE.id,), 3, "What matters most to you?")
    with Store(first.db_path) as database:
        database.apply(workshop_id, edits.open_round(voting_round))
        token = database.phone_votes.link_token(workshop_id, voting_round.id)
    facilitator = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    facilitator.goto(f"{second.url}/priorities_page?workshop={workshop_id}")
    facilitator.get_by_role("heading", name="Prioritise").wait_for(timeout=60_000)
    wait_idle(facilitator)
    facilitator.get_by_role("tab", name="Voting").click()
    facilitator.get_by_role("heading", name="Voting").wait_for(timeout=30_000)  # only the open tab is drawn
    wait_idle(facilitator)
    expect(votes_cell(facilitator, LATE.name)).to_have_text("0", timeout=30_000)
    facilitator.evaluate("window.notReloaded = true")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    phone.goto(f"{first.url}/?vote={token}")
    phone.get_by_role("heading", name="What matters most to you?").wait_for(timeout=30_000)
    wait_idle(phone)
    phone.get_by_label(LATE.name).fill("2")
    phone.get_by_label(LATE.name).press("Enter")
    phone.get_by_role("button", name="Vote").click()
    expect(phone.get_by_text("Thank you — you have 1 dot left.")).to_be_visible(timeout=15_000)

    # The second server's results show the vote by themselves, and then a rename made by another writer of the
    # database (themes, which each server caches).
    expect(votes_cell(facilitator, LATE.name)).to_have_text("2", timeout=15_000)
    with Store(first.db_path) as database:
        late = next(t for t in database.themes(workshop_id) if t.id == LATE.id)
        database.apply(workshop_id, edits.rename_theme(late, "I want to know when they are coming"))
    expect(votes_cell(facilitator, "I want to know when they are coming")).to_have_text("2", timeout=15_000)
    assert facilitator.evaluate("window.notReloaded") is True
    with Store(first.db_path) as database:
        assert [(v.theme_id, v.dots) for v in database.votes(workshop_id, voting_round.id)] == [(LATE.id, 2)]
