"""End to end on voting: a facilitator opens a round in one browser, a phone (a second browser
context, with nothing shared) opens the voting link and votes, and the facilitator's results show
the vote by themselves. Both pages pass axe-core's WCAG 2.2 AA checks."""
import pytest
from playwright.sync_api import expect

from tests.browser import no_violations, wait_idle
from wtfc import edits
from wtfc.access import NEW_DEVICES_PER_ADDRESS
from wtfc.model import NOT_WORKING, WHOLE_ROOM, WORKING, Statement, Theme, VotingRound
from wtfc.store import Store

pytestmark = pytest.mark.browser
SAME = Theme(WORKING, "I want the same carers", position=1)
LATE = Theme(NOT_WORKING, "I want my visits on time", position=2)


def make_workshop(db_path) -> str:
    with Store(db_path) as store:
        workshop_id = store.create_workshop("Phone voting").id
        statements = [Statement(text=text, category=theme.category, person_ref=person, theme_id=theme.id)
                      for text, person, theme in [("Same carer every morning", "P1", SAME),
                                                  ("They came at eleven for breakfast", "P2", LATE),
                                                  ("Nobody rang to say they were late", "P3", LATE)]]
        store.apply(workshop_id, edits.combine("setup", "set up", [edits.create_themes([SAME, LATE]),
                                                                  edits.add_statements(statements, "test")]))
    return workshop_id


def votes_cell(page, theme_name: str):
    """The "Votes (how much it matters)" cell of a theme's row in the round's results (once they are drawn)."""
    page.get_by_test_id("stTable").filter(has_text="Votes (how much it matters)").first.wait_for(timeout=30_000)
    headers = page.get_by_test_id("stTable").locator("thead th").all_inner_texts()
    column = [h.strip() for h in headers].index("Votes (how much it matters)")
    row = page.get_by_test_id("stTable").locator("tbody tr").filter(has_text=theme_name)
    return row.locator("th, td").nth(column)


def test_a_phone_votes_through_the_link_and_the_results_update_live(server, browser, artifacts):
    workshop_id = make_workshop(server.db_path)
    facilitator = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    facilitator.goto(f"{server.url}/priorities_page?workshop={workshop_id}")
    facilitator.get_by_role("tab", name="Voting").click()
    facilitator.get_by_role("heading", name="Voting").wait_for(timeout=30_000)  # only the open tab is drawn
    wait_idle(facilitator)
    facilitator.get_by_label("Title, shown on the phones").fill("What matters most to you?")
    facilitator.get_by_role("button", name="Open the vote").click()
    facilitator.get_by_test_id("stCode").wait_for(timeout=30_000)
    wait_idle(facilitator)
    link = facilitator.get_by_test_id("stCode").inner_text().strip()
    assert link.startswith(f"{server.url}/?vote=")
    expect(votes_cell(facilitator, LATE.name)).to_have_text("0")
    qr = facilitator.get_by_test_id("stMainBlockContainer").get_by_role("img", name="QR code for the voting link")
    expect(qr).to_be_visible()
    small_width = qr.bounding_box()["width"]
    facilitator.get_by_role("button", name="Show it large for the room").click()
    large = facilitator.get_by_role("dialog").get_by_role("img", name="QR code for the voting link")
    expect(large).to_be_visible()
    assert 200 < small_width < large.bounding_box()["width"] / 1.5
    facilitator.keyboard.press("Escape")
    expect(facilitator.get_by_role("dialog")).to_have_count(0)
    facilitator.evaluate("window.notReloaded = true")

    phone_context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = phone_context.new_page()
    phone.goto(link)
    phone.get_by_role("heading", name="What matters most to you?").wait_for(timeout=30_000)
    wait_idle(phone)
    assert not phone.get_by_test_id("stSidebar").count()
    assert not phone.get_by_role("link", name="Prioritise").count()
    assert "Phone voting" not in phone.content()  # not even the workshop's name
    assert no_violations(phone) == []

    dots = phone.get_by_label(LATE.name)
    dots.fill("2")
    dots.press("Enter")
    expect(phone.get_by_text("Dots left: 1 of 3")).to_be_visible()
    phone.get_by_role("button", name="Vote").click()
    expect(phone.get_by_text("Thank you — you have 1 dot left.")).to_be_visible(timeout=15_000)
    assert phone.url == link  # nothing in the address says who votes: the phone's browser keeps its id
    assert [c["name"] for c in phone_context.cookies() if c["name"] == "wtfc-device"] == ["wtfc-device"]
    wait_idle(phone)
    assert no_violations(phone) == []
    phone.screenshot(path=artifacts / "vote-phone-390x844.png", full_page=True)

    # The facilitator's page was not reloaded, yet shows the phone's vote.
    expect(votes_cell(facilitator, LATE.name)).to_have_text("2", timeout=15_000)
    expect(facilitator.get_by_test_id("stMetric").filter(has_text="Devices that voted")
           .get_by_test_id("stMetricValue")).to_have_text("1")
    assert facilitator.evaluate("window.notReloaded") is True
    assert no_violations(facilitator) == []
    facilitator.screenshot(path=artifacts / "voting-round-1440x1000.png", full_page=True)

    phone.reload()
    phone.get_by_text("Dots left: 1 of 1").wait_for(timeout=30_000)
    phone.goto(f"{link}&p=invented-voter-0001")  # an id made up in the address changes nothing
    phone.get_by_text("Dots left: 1 of 1").wait_for(timeout=30_000)


def test_behind_a_reverse_proxy_phones_are_told_apart_by_the_address_the_proxy_saw(server, browser):
    """Through the organisation's reverse proxy every phone connects from the proxy. Streamlit's web server
    (uvicorn) takes the address the proxy adds to X-Forwarded-For from a proxy it trusts (this machine, or
    the addresses in FORWARDED_ALLOW_IPS: see the README), so the limit on new devices counts each phone's
    own address: one address is held to its few devices while the rest of the room votes on."""
    workshop_id = make_workshop(server.db_path)
    with Store(server.db_path) as store:
        voting_round = VotingRound(WHOLE_ROOM, ballot=(SAME.id, LATE.id), dots=3, title="Which matter most?")
        store.apply(workshop_id, edits.open_round(voting_round))
        token = store.phone_votes.link_token(workshop_id, voting_round.id)

    def phone(address: str):
        page = browser.new_context(viewport={"width": 390, "height": 844},
                                   extra_http_headers={"X-Forwarded-For": address}).new_page()
        page.goto(f"{server.url}/?vote={token}")
        page.get_by_role("heading").first.wait_for(timeout=30_000)
        wait_idle(page)
        return page

    for _ in range(NEW_DEVICES_PER_ADDRESS):
        expect(phone("203.0.113.7").get_by_role("heading", name="Which matter most?")).to_be_visible()
    refused = phone("203.0.113.7")
    expect(refused.get_by_text("This network address has already started voting")).to_be_visible()
    expect(refused.get_by_label(SAME.name)).to_have_count(0)
    # The next phone in the room, at another address, is not held up; an entry made up before the one the
    # proxy added changes nothing.
    expect(phone("198.51.100.9, 203.0.113.8").get_by_role("heading", name="Which matter most?")).to_be_visible()
    expect(phone("198.51.100.9, 203.0.113.7").get_by_text("This network address has already started voting")
           ).to_be_visible()
