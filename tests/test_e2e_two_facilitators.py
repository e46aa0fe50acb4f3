"""Two facilitators on one workshop in two browsers: no change is lost or silently overwritten, and
each sees the other's changes on their next action."""
import pytest

from tests.browser import choose, wait_idle
from wtfc import edits
from wtfc.model import Statement, Theme
from wtfc.store import Store

pytestmark = pytest.mark.browser
CONFLICT = "Someone changed this workshop since your screen was last updated"
# (No names in these statements: the store removes a carer's first name, as it would on the wall.)
SAID = {"I see the same carers": ["My carer comes every morning at eight", "The same two carers come most weeks"],
        "I get out and about": ["We go to the allotment on Fridays", "My carer takes me to the library"]}


def workshop_with_two_themes(db_path) -> str:
    with Store(db_path) as store:
        workshop = store.create_workshop("Two facilitators")
        themes = [Theme(category="working", name=name, position=n) for n, name in enumerate(SAID)]
        statements = [Statement(text=text, category="working", perspective="person", person_ref=f"P{n}",
                                theme_id=theme.id, position=n)
                      for theme, texts in zip(themes, SAID.values()) for n, text in enumerate(texts)]
        store.apply(workshop.id, edits.combine("import", "Two themes", [
            *(edits.create_theme(t) for t in themes), edits.add_statements(statements, "reviews.csv")]))
    return workshop.id


def open_wall(browser, url: str):
    """A facilitator of their own: a separate browser context is a separate Streamlit session."""
    page = browser.new_context(viewport={"width": 1600, "height": 1000}).new_page()
    page.goto(url)
    page.get_by_role("heading", name="Theme wall").wait_for(timeout=30_000)
    wait_idle(page)
    return page


def rename_first_theme(page, name: str) -> None:
    page.get_by_role("button", name="Change this theme").first.click()
    page.get_by_label("Name, as a person would say it").first.fill(name)
    page.get_by_role("button", name="Rename").first.click()
    wait_idle(page)


def move(page, statement: str, theme: str) -> None:
    page.get_by_role("tab", name="Move statements").click()
    choose(page, "Statements to move", statement)
    choose(page, "Move them to", theme)
    page.get_by_role("button", name="Move", exact=True).click()
    wait_idle(page)


def test_a_stale_rename_is_refused_in_plain_words_and_the_first_name_kept(server, browser):
    workshop_id = workshop_with_two_themes(server.db_path)
    url = f"{server.url}/theme_page?workshop={workshop_id}"
    a, b = open_wall(browser, url), open_wall(browser, url)

    rename_first_theme(a, "I know who is coming")
    rename_first_theme(b, "I know my carers")  # B's screen still shows the old name

    b.get_by_text(CONFLICT).first.wait_for()
    store = Store(server.db_path)
    assert [t.name for t in store.themes(workshop_id)] == ["I know who is coming", "I get out and about"]
    assert [r.summary for r in store.history(workshop_id)][-1].startswith("Renamed")
    assert len(store.history(workshop_id)) == 2
    # B's wall now shows A's name, without reloading the page.
    b.keyboard.press("Escape")
    b.get_by_role("heading", name="I know who is coming").first.wait_for()
    assert not b.get_by_role("heading", name="I see the same carers").count()


def test_two_facilitators_moving_different_statements_both_keep_their_move(server, browser):
    workshop_id = workshop_with_two_themes(server.db_path)
    url = f"{server.url}/theme_page?workshop={workshop_id}"
    a, b = open_wall(browser, url), open_wall(browser, url)

    move(a, "My carer comes every", "I get out and about")
    move(b, "We go to the allotment", "I see the same carers")  # B has not seen A's move

    assert not b.get_by_text(CONFLICT).count()
    store = Store(server.db_path)
    themes = {t.name: t.id for t in store.themes(workshop_id)}
    where = {s.text: s.theme_id for s in store.statements(workshop_id)}
    assert where["My carer comes every morning at eight"] == themes["I get out and about"]
    assert where["We go to the allotment on Fridays"] == themes["I see the same carers"]
    assert [r.kind for r in store.history(workshop_id)] == ["import", "move", "move"]
    # B's wall shows A's move too: each card lists its statements.
    card = b.locator(".wtfc-card").filter(has=b.get_by_role("heading", name="I get out and about"))
    card.locator("li", has_text="My carer comes every morning at eight").wait_for()


def open_correction(page, url: str, statement: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name="Gather statements: Two facilitators").wait_for(timeout=30_000)
    wait_idle(page)
    page.get_by_role("tab", name="Statements").click()
    box = page.get_by_role("combobox", name="Correct or remove a statement")
    box.click()
    box.press_sequentially(statement)
    page.get_by_role("option").filter(has_text=statement).first.click()
    wait_idle(page)
    page.get_by_role("button", name="Save changes").wait_for()


def test_a_stale_correction_of_a_statement_does_not_overwrite_the_first(server, browser):
    workshop_id = workshop_with_two_themes(server.db_path)
    url = f"{server.url}/gather_page?workshop={workshop_id}"
    a, b = (browser.new_context(viewport={"width": 1600, "height": 1000}).new_page() for _ in range(2))
    for page in (a, b):
        open_correction(page, url, "We go to the allotment")

    a.get_by_label("Statement", exact=True).fill("We go to the allotment on Fridays and Sundays")
    a.get_by_role("button", name="Save changes").click()
    a.get_by_text("Statement changed").wait_for()
    b.get_by_label("Statement", exact=True).fill("We used to go to the allotment")  # B still sees the old text
    b.get_by_role("button", name="Save changes").click()

    b.get_by_text(CONFLICT).first.wait_for()
    store = Store(server.db_path)
    texts = {s.text for s in store.statements(workshop_id)}
    assert "We go to the allotment on Fridays and Sundays" in texts
    assert not texts & {"We used to go to the allotment", "We go to the allotment on Fridays"}
    assert [r.kind for r in store.history(workshop_id)] == ["import", "edit statement"]
