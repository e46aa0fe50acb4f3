"""End to end, against one real server with a facilitator passcode and Streamlit logging at debug:
every page passes axe-core's WCAG 2.2 AA checks, a facilitator can work with the keyboard alone,
and the server's log never holds what people said or who they are."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import Server
from tests.browser import choose, no_violations, wait_idle
from wtfc import edits, suggest
from wtfc.model import WHOLE_ROOM, VotingRound
from wtfc.sample import open_sample_workshop
from wtfc.store import Store

pytestmark = pytest.mark.browser
PASSCODE = "kettle-on-4-the-room"

# Synthetic statements with words and personal details found nowhere else, so the log can be searched for them.
NAMES = ["Zephyrine Quillfeather", "Barnaby Thistlewood"]
TEXTS = ["Zephyrine loves the xylophone marmalade mornings with her carer",
         "The quokka lantern club on Tuesdays keeps me going",
         "Carer Barnaby Thistlewood always brings the zebracorn newspaper"]
DETAILS = ["07700 900461", "zephyrine.q@example.org", "LS99 9ZZ"]
IMPORT_FILE = ("Person,Name,Category,Statement\n"
               f"Q1,{NAMES[0]},What's working,{TEXTS[0]}\n"
               f"Q1,{NAMES[0]},What's working,{TEXTS[1]} (ring {DETAILS[0]} or {DETAILS[1]})\n"
               f"Q2,{NAMES[1]},What's working,{TEXTS[2]} from {DETAILS[2]}\n")
SECRET_WORDS = [*NAMES, *TEXTS, *DETAILS, "xylophone", "quokka", "zebracorn", "Quillfeather", "Thistlewood"]


@pytest.fixture(scope="module")
def guarded_server(tmp_path_factory):
    """A server that asks for a passcode and logs at debug level (as `--logger.level debug` would)."""
    folder = tmp_path_factory.mktemp("guarded")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("WTFC_PASSCODE", PASSCODE)
        env.setenv("STREAMLIT_LOGGER_LEVEL", "debug")
        server = Server(folder / "e2e.sqlite", folder / "streamlit.log").start()
    yield server
    server.stop()


def unlock(page, url: str) -> None:
    page.goto(url)
    page.get_by_label("Facilitator passcode").fill(PASSCODE)
    page.get_by_role("button", name="Open the workshops").click()
    page.get_by_label("Facilitator passcode").wait_for(state="detached", timeout=30_000)
    wait_idle(page)


def prepared_workshop(db_path) -> tuple[str, str]:
    """The sample workshop with suggested themes and an open voting round; its id and the round's token."""
    with Store(db_path) as store:
        workshop = open_sample_workshop(store)
        if not store.themes(workshop.id):
            store.apply(workshop.id, suggest.suggest_for_workshop(store, workshop.id))
        ballot = tuple(t.id for t in store.themes(workshop.id)[:4])
        voting_round = VotingRound(WHOLE_ROOM, ballot=ballot, dots=3, title="What matters most?")
        store.apply(workshop.id, edits.open_round(voting_round))
        return workshop.id, store.phone_votes.link_token(workshop.id, voting_round.id)


def check(page, where: str, problems: dict) -> None:
    wait_idle(page)
    if found := no_violations(page):
        problems[where] = found


def test_every_page_passes_axe_wcag_22_aa(guarded_server, browser):
    workshop_id, token = prepared_workshop(guarded_server.db_path)
    problems = {}
    page = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    page.goto(guarded_server.url)
    page.get_by_label("Facilitator passcode").wait_for(timeout=30_000)
    check(page, "passcode gate", problems)
    page.get_by_label("Facilitator passcode").fill("not the passcode")
    page.get_by_role("button", name="Open the workshops").click()
    page.get_by_text("That passcode is not right").wait_for()
    check(page, "passcode gate, wrong passcode", problems)

    unlock(page, f"{guarded_server.url}/?workshop={workshop_id}")
    check(page, "Workshops", problems)
    pages = [("Gather statements", "gather_page", ["Type in a review", "Statements", "Names to remove"]),
             ("Theme wall", "theme_page", ["Merge themes", "New theme"]),
             ("Prioritise", "priorities_page", ["By perspective", "Voting", "Priority list"]),
             ("Understand and plan", "plan_page", []), ("Report", "report_page", []),
             ("Projection view", "projection_page", [])]  # last: it hides the sidebar
    for link, path, tabs in pages:  # the first tab of each page is open when it loads
        page.get_by_role("link", name=link).click()
        page.wait_for_url(f"**/{path}?*", timeout=30_000)
        check(page, link, problems)
        for tab in tabs:
            page.get_by_role("tab", name=tab, exact=True).click()
            check(page, f"{link}: {tab}", problems)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    phone.goto(f"{guarded_server.url}/?vote={token}")  # no passcode asked
    phone.get_by_role("heading", name="What matters most?").wait_for(timeout=30_000)
    check(phone, "vote page", problems)
    assert problems == {}


def focused(page) -> str:
    """The name of the control that has the keyboard focus (its label, or its text without icon names)."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        if (!el.matches('input, textarea, button, a, [role]')) return '';
        const label = el.labels && el.labels[0] ? el.labels[0].innerText : '';
        const text = (el.innerText || '').split('\\n').filter(line => !/^[a-z_]+$/.test(line.trim())).join(' ');
        return (el.getAttribute('aria-label') || label || text).trim();
    }""")


def tab_to(page, name: str, presses: int = 60) -> None:
    """Press Tab until the element called ``name`` has the focus, as a keyboard user would."""
    passed = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        passed.append(focused(page))
        if passed[-1] == name:
            return
    raise AssertionError(f"Tab never reached “{name}”; it went through {passed}")


def test_a_facilitator_can_unlock_open_the_sample_and_import_with_the_keyboard_alone(guarded_server, browser,
                                                                                     tmp_path):
    upload = tmp_path / "keyboard_reviews.csv"
    upload.write_text("Person,Category,Statement\nK1,What's working,I like my morning walk with my carer\n"
                      "K2,Not working,The rota changes without anyone telling me\n", encoding="utf-8")
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.on("filechooser", lambda chooser: chooser.set_files(str(upload)))  # the computer's file dialog
    page.goto(guarded_server.url)
    page.get_by_label("Facilitator passcode").wait_for(timeout=30_000)
    wait_idle(page)

    tab_to(page, "Facilitator passcode")
    page.keyboard.type(PASSCODE)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Try the sample workshop").wait_for(timeout=30_000)
    wait_idle(page)
    tab_to(page, "Try the sample workshop")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Gather statements: Sample homecare workshop").wait_for(timeout=30_000)
    wait_idle(page)
    with Store(guarded_server.db_path) as store:
        workshop = store.find_workshop("Sample homecare workshop")
        before = len(store.statements(workshop.id))

    tab_to(page, "Upload")
    page.keyboard.press("Enter")  # opens the file chooser, which picks the file (set up above)
    page.get_by_role("button", name="Import 2 statements").wait_for(timeout=30_000)
    wait_idle(page)
    tab_to(page, "Import 2 statements")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Imported 2 statements from keyboard_reviews.csv")).to_be_visible(timeout=30_000)
    with Store(guarded_server.db_path) as store:
        assert len(store.statements(workshop.id)) == before + 2


def test_the_server_log_never_holds_statements_or_personal_details(guarded_server, browser, tmp_path):
    upload = tmp_path / "distinctive_reviews.csv"
    upload.write_text(IMPORT_FILE, encoding="utf-8")
    page = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    unlock(page, guarded_server.url)
    with Store(guarded_server.db_path) as store:
        workshop_id = store.create_workshop("Log check").id
    page.goto(f"{guarded_server.url}/gather_page?workshop={workshop_id}")
    page.get_by_label("Facilitator passcode").fill(PASSCODE)
    page.get_by_role("button", name="Open the workshops").click()
    page.get_by_role("heading", name="Gather statements: Log check").wait_for(timeout=30_000)

    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(upload))
    page.get_by_role("button", name="Import 3 statements").click()
    page.get_by_text("Imported 3 statements").wait_for(timeout=30_000)
    page.get_by_role("link", name="Theme wall").click()
    page.get_by_role("button", name="Suggest for “working”").click()
    page.get_by_test_id("stAlertContentSuccess").wait_for(timeout=30_000)
    wait_idle(page)

    with Store(guarded_server.db_path) as store:
        moved = next(s for s in store.statements(workshop_id) if "quokka" in s.text)
    assert moved.theme_id is not None
    choose(page, "Statements to move", "quokka lantern")
    choose(page, "Move them to", "Unassigned")
    page.get_by_role("button", name="Move", exact=True).click()
    wait_idle(page)
    with Store(guarded_server.db_path) as store:
        assert next(s for s in store.statements(workshop_id) if s.id == moved.id).theme_id is None
        assert len(store.history(workshop_id)) >= 3  # the import, the suggestion and the move

    log = guarded_server.log.read_text(encoding="utf-8", errors="replace")
    assert "Running script" in log  # debug lines were written, so the search below means something
    leaked = [word for word in SECRET_WORDS if word.lower() in log.lower()]
    assert leaked == []
    assert PASSCODE not in log
