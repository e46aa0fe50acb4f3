"""End to end: words people wrote are shown as typed on every page, never run as Markdown or HTML.

A statement, two theme names, a cause, an action, a voting round and a workshop carry an image
beacon to an address this test serves and watches, a link, a colour directive, bold, LaTeX and an
``<img onerror>``. Chromium opens every page and tab; nothing may be fetched from anywhere but the
app itself, no image, link, bold or formula may come out of those words, and their literal text is
on the screen.
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.test_e2e_wall import choose, wait_idle
from wtfc import edits, gather, suggest
from wtfc.model import NOT_WORKING, WHOLE_ROOM, Action, Theme, VotingRound
from wtfc.sample import open_sample_workshop
from wtfc.store import Store

pytestmark = pytest.mark.browser
MARKERS = ["**bold words**", ":red[red words]", "$x^2$"]  # each must be on screen exactly as typed


class Beacon:
    """A web server on its own port that only records which paths were asked for."""

    def __init__(self):
        asked = self.asked = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                asked.append(self.path)
                self.send_response(404)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def hostile(self, words: str, short: bool = False) -> str:
        """``words`` wrapped in every kind of markup Streamlit or a browser could run (``short``: in
        120 characters, for a workshop's name)."""
        marks = f"{words} **bold words** :red[red words] $x^2$ ![x]({self.url}/beacon.png)"
        return marks if short else (f"{marks} [a link]({self.url}/link) "
                                    f"<img src=\"{self.url}/img.png\" onerror=\"window.pwned=1\">")


@pytest.fixture(scope="module")
def beacon():
    watched = Beacon()
    yield watched
    watched.server.shutdown()


def hostile_workshop(db_path, beacon: Beacon) -> str:
    """The sample workshop with hostile words wherever people's words go; its id."""
    with Store(db_path) as store:
        workshop = open_sample_workshop(store)
        store.apply(workshop.id, suggest.suggest_for_workshop(store, workshop.id))
        store.rename_workshop(workshop.id, beacon.hostile("Spring", short=True))
        store.create_workshop(beacon.hostile("Autumn", short=True))  # to compare with on the Report page
        gather.typed_review(store, workshop.id, person_ref=beacon.hostile("P99"), perspective="person",
                            statements_by_category={NOT_WORKING: beacon.hostile("My carer is late every day") + "\n"
                                                    + beacon.hostile("My carer is late every evening")})
        hostile = [s for s in store.statements(workshop.id) if beacon.url in s.text]
        assert len(hostile) == 2, "redaction kept the hostile markup (the test needs it to reach the pages)"
        themes = [Theme(NOT_WORKING, beacon.hostile(f"I want carers on time {n}"), position=90 + n) for n in (1, 2)]
        for theme, statement in zip(themes, hostile):
            store.apply(workshop.id, edits.create_theme(theme))
            store.apply(workshop.id, edits.move_statements([statement], theme))
        first = themes[0]
        store.apply(workshop.id, edits.add_cause(first, None, beacon.hostile("Rotas are made late")))
        store.apply(workshop.id, edits.set_success(first, store.plans(workshop.id).get(first.id),
                                                   beacon.hostile("Carers come on time")))
        store.apply(workshop.id, edits.add_action(first, Action(first.id, beacon.hostile("Fix the rota"),
                                                                owner=beacon.hostile("Manager"))))
        voting_round = VotingRound(WHOLE_ROOM, ballot=tuple(t.id for t in themes), title=beacon.hostile("Vote"))
        store.apply(workshop.id, edits.open_round(voting_round))
        store.apply(workshop.id, edits.record_tally(voting_round, [], {themes[0].id: 40, themes[1].id: 30}))
        return workshop.id


RENDERED_MARKUP = """beacon => {
    const found = [];
    for (const el of document.querySelectorAll('img, a, iframe, source, video, audio, link')) {
        const address = el.getAttribute('src') || el.getAttribute('href') || '';
        if (address.includes(beacon)) found.push(`${el.tagName} to ${address}`);
    }
    for (const el of document.querySelectorAll('.katex, math')) found.push(`formula ${el.textContent}`);
    if (window.pwned) found.push('onerror ran');
    // Bold, colour or a formula made of the words would split them from their markers.
    const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const pairs = [['bold words', '**bold words**'], ['red words', ':red[red words]'], ['x^2', '$x^2$']];
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
        for (const [words, literal] of pairs) {
            if (node.textContent.includes(words) && !node.textContent.includes(literal)) {
                found.push(`"${words}" shown without its marks in <${node.parentElement.tagName}>`);
            }
        }
    }
    return found;
}"""

LITERAL_ON_SCREEN = """markers => {
    const seen = [];
    const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
        const box = node.parentElement.getBoundingClientRect();
        if (box.width && box.height) seen.push(node.textContent);
    }
    const all = seen.join('\\n');
    return markers.filter(marker => !all.includes(marker));
}"""


def pick_not_working(page) -> None:
    page.locator('[data-testid="stButtonGroup"] button', has_text="What's not working").first.click()
    wait_idle(page)


def test_hostile_words_show_as_typed_and_fetch_nothing(server, browser, beacon):
    workshop_id = hostile_workshop(server.db_path, beacon)
    page = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    elsewhere = []
    page.on("request", lambda request: None if request.url.startswith((server.url, "data:", "blob:"))
            else elsewhere.append(request.url))
    problems = {}

    def check(where: str) -> None:
        wait_idle(page)
        found = page.evaluate(RENDERED_MARKUP, beacon.url)
        if missing := page.evaluate(LITERAL_ON_SCREEN, MARKERS):
            found.append(f"not on screen as typed: {missing}")
        if found:
            problems[where] = found

    def visit(path: str, where: str, tabs=()) -> None:
        page.goto(f"{server.url}/{path}?workshop={workshop_id}")
        page.get_by_text(MARKERS[0]).first.wait_for(timeout=30_000)  # the workshop's name, in the sidebar
        check(where)
        for tab in tabs:
            page.get_by_role("tab", name=tab, exact=True).click()
            check(f"{where}: {tab}")

    visit("gather_page", "Gather", ["Type in a review", "Statements", "Names to remove"])
    page.get_by_role("tab", name="Statements", exact=True).click()
    page.get_by_role("combobox", name="Correct or remove a statement").click()
    page.keyboard.type("late every day")
    page.get_by_role("option").first.click()
    check("Gather: correcting the hostile statement")

    page.goto(f"{server.url}/theme_page?workshop={workshop_id}")
    pick_not_working(page)
    wait_idle(page)
    check("Theme wall, not working")
    page.get_by_role("tab", name="Merge themes", exact=True).click()
    merge = page.get_by_role("button", name="Merge “I want carers on time 1")
    assert merge.count() == 1, "the two hostile themes are offered as a one-click merge"
    check("Theme wall: one-click merges")
    menu = page.get_by_role("button", name="Change this theme")
    typical = page.get_by_test_id("stCaptionContainer").filter(has_text="Most typical: “My carer is late every")
    menu.last.click()  # the hostile themes come last on the wall
    typical.first.wait_for()
    check("Theme wall: a hostile theme's menu with its most typical statement")
    page.keyboard.press("Escape")

    page.goto(f"{server.url}/projection_page?workshop={workshop_id}")
    pick_not_working(page)
    page.get_by_text("Whole wall").click()
    check("Projection view, whole wall")

    visit("priorities_page", "Prioritise", ["Voting", "Priority list"])
    visit("plan_page", "Understand and plan")
    page.get_by_text("I want carers on time 1").first.click()
    check("Understand and plan, the hostile priority opened")

    page.goto(f"{server.url}/report_page?workshop={workshop_id}")
    page.get_by_role("combobox", name="Earlier workshop").wait_for(timeout=30_000)
    choose(page, "Earlier workshop", "Autumn")
    check("Report, compared with a hostile workshop name")

    assert problems == {}
    assert elsewhere == [], "the page asked another address for something"
    assert beacon.asked == []
