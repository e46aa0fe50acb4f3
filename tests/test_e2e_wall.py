"""End to end on the theme wall: a facilitator corrects themes in Chromium, refreshes, and finds
everything kept; the wall and the projection view pass axe-core's WCAG 2.2 AA checks."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser import choose, no_violations, sample_with_suggested_themes, wait_idle
from wtfc.store import Store

pytestmark = pytest.mark.browser
def test_correct_themes_in_the_browser_then_reload(server, browser, artifacts):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    sample_with_suggested_themes(page, server.url)

    store = Store(server.db_path)
    workshop = store.workshops()[0]
    themes = [t for t in store.themes(workshop.id) if t.category == "working"]
    assert len(themes) >= 3
    first, second, third = themes[:3]
    statement = next(s for s in store.statements(workshop.id) if s.theme_id == second.id)

    # Move one statement into the first theme.
    choose(page, "Statements to move", statement.text[:25])
    choose(page, "Move them to", first.name)
    page.get_by_role("button", name="Move", exact=True).click()
    wait_idle(page)
    assert next(s for s in store.statements(workshop.id) if s.id == statement.id).theme_id == first.id

    # Merge the second and third themes.
    page.get_by_role("tab", name="Merge themes").click()
    choose(page, "Themes to merge (the first keeps its name)", second.name)
    choose(page, "Themes to merge (the first keeps its name)", third.name)
    page.get_by_role("button", name="Merge", exact=True).click()
    wait_idle(page)
    assert third.id not in {t.id for t in store.themes(workshop.id)}

    # Rename the first theme as an "I" statement, then undo the rename.
    page.get_by_role("button", name="Change this theme").first.click()
    name_box = page.get_by_label("Name, as a person would say it").first
    name_box.fill("I know my carers and they know me")
    page.get_by_role("button", name="Rename").first.click()
    wait_idle(page)
    assert any(t.name == "I know my carers and they know me" for t in store.themes(workshop.id))
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Undo").last.click()
    wait_idle(page)
    assert not any(t.name == "I know my carers and they know me" for t in store.themes(workshop.id))
    page.screenshot(path=artifacts / "wall-1920x1080.png", full_page=False)

    before = (store.statements(workshop.id), store.themes(workshop.id))
    url = page.url
    page.reload()
    wait_idle(page)
    assert page.url == url and re.search(r"workshop=\w+", url)
    page.get_by_role("heading", name=first.name).first.wait_for(state="visible")
    assert (store.statements(workshop.id), store.themes(workshop.id)) == before
    page.get_by_role("button", name="Redo").last.wait_for()
    assert page.get_by_role("button", name="Redo").last.is_enabled()

    # Split the first theme from its preview: a name for the new group, one click, and the dialog closes.
    page.get_by_role("button", name="Change this theme").first.click()
    page.get_by_role("button", name="Preview a split").first.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name for group 2").fill("I want carers who know my routine")
    dialog.get_by_role("button", name="Split", exact=True).click()
    dialog.wait_for(state="detached")
    wait_idle(page)
    assert any(t.name == "I want carers who know my routine" for t in store.themes(workshop.id))
    assert store.history(workshop.id)[-1].kind == "split"
    # The sidebar's History is read and drawn when opened.
    sidebar = page.get_by_test_id("stSidebar")
    assert not sidebar.get_by_test_id("stDataFrame").count()
    sidebar.get_by_text("History", exact=True).click()
    sidebar.get_by_test_id("stDataFrame").wait_for()
    wait_idle(page)

    assert no_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 720})
    wait_idle(page)
    page.screenshot(path=artifacts / "wall-1280x720.png", full_page=False)


def test_the_projection_view_is_large_and_accessible(server, browser, artifacts):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    sample_with_suggested_themes(page, server.url)
    page.get_by_role("link", name="Projection view").click()
    page.locator(".wtfc-big").first.wait_for()
    wait_idle(page)
    assert not page.get_by_test_id("stSidebar").is_visible()
    sizes = page.eval_on_selector_all(
        ".wtfc-card h2, .wtfc-card p, .wtfc-card li",
        "nodes => nodes.map(n => parseFloat(getComputedStyle(n).fontSize))")
    assert sizes and min(sizes) >= 18
    assert no_violations(page) == []
    page.screenshot(path=artifacts / "projection-1280x720.png")
    page.get_by_text("Whole wall", exact=True).click()
    page.locator(".wtfc-big").nth(1).wait_for()
    wait_idle(page)
    assert no_violations(page) == []
    page.screenshot(path=artifacts / "projection-whole-1920x1080.png")


def test_more_like_this_and_where_does_this_go_on_the_wall(server, browser, artifacts):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    sample_with_suggested_themes(page, server.url)
    store = Store(server.db_path)
    workshop = store.workshops()[0]
    first = next(t for t in store.themes(workshop.id) if t.category == "working")
    before = {s.id for s in store.statements(workshop.id) if s.theme_id == first.id}

    # More like this on the first card: the likeliest start ticked; tick the best fit if none is, add in one click.
    more = page.get_by_role("button", name="More like this").first
    more.scroll_into_view_if_needed()
    wait_idle(page)
    page.screenshot(path=artifacts / "wall-card-buttons-1280x720.png")
    more.click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("checkbox").first.wait_for()
    wait_idle(page)
    page.screenshot(path=artifacts / "wall-more-like-this-1280x720.png")
    boxes = dialog.get_by_role("checkbox")
    if not any(boxes.nth(i).is_checked() for i in range(boxes.count())):
        boxes.first.check(force=True)
        wait_idle(page)
    ticked = sum(boxes.nth(i).is_checked() for i in range(boxes.count()))
    dialog.get_by_role("button", name="Add the ticked").click()
    page.get_by_test_id("stAlertContentSuccess").filter(has_text="More like this").wait_for()
    page.get_by_role("dialog").wait_for(state="detached")  # Add the ticked closes it
    wait_idle(page)
    added = {s.id for s in store.statements(workshop.id) if s.theme_id == first.id} - before
    assert len(added) == ticked and all(s.pinned for s in store.statements(workshop.id) if s.id in added)
    assert store.history(workshop.id)[-1].kind == "more like this"

    # Where do these go? on the same card: one click moves a statement to its likeliest other theme.
    page.get_by_role("button", name="Where do these go?").first.click()
    dialog = page.get_by_role("dialog")
    option = dialog.locator("[class*='st-key-goes-']").first.get_by_role("radio").first  # its likeliest theme
    option.wait_for()
    wait_idle(page)
    page.screenshot(path=artifacts / "wall-where-does-this-go-1280x720.png")
    option.click()
    page.get_by_test_id("stAlertContentSuccess").filter(has_text="Moved 1 statement").wait_for()
    wait_idle(page)
    assert store.history(workshop.id)[-1].kind == "move"
    page.screenshot(path=artifacts / "wall-where-after-a-move-1280x720.png")  # alike ones left here, if any, offered
    # It stays open on the statements left: a second statement is one more click, then Close.
    moves = len(store.history(workshop.id))
    dialog.locator("[class*='st-key-goes-']").first.get_by_role("radio").first.click()
    wait_idle(page)
    assert len(store.history(workshop.id)) == moves + 1 and store.history(workshop.id)[-1].kind == "move"
    page.screenshot(path=artifacts / "wall-where-stays-open-1280x720.png")
    # A statement that fits none of the three starts a theme of its own in one click; the dialog stays open.
    themes = len(store.themes(workshop.id))
    dialog.locator("[class*='st-key-goes-']").first.get_by_role("radio", name="New theme").click()
    page.get_by_test_id("stAlertContentSuccess").filter(has_text="Made the theme").wait_for()
    wait_idle(page)
    assert len(store.themes(workshop.id)) == themes + 1
    assert store.history(workshop.id)[-1].kind == "new theme from statement"
    assert dialog.locator("[class*='st-key-goes-']").count()
    page.screenshot(path=artifacts / "wall-where-new-theme-1280x720.png")
    # Next goes on to the following card: its statements, and a Next to the card after it.
    going = dialog.get_by_role("button", name=re.compile("^Next: ")).inner_text()
    dialog.get_by_role("button", name=re.compile("^Next: ")).click()
    dialog.get_by_text(going.split("Next: ", 1)[1].strip(), exact=False).first.wait_for()
    wait_idle(page)
    assert dialog.get_by_role("button", name=re.compile("^Next: ")).inner_text() != going
    dialog.get_by_role("button", name="Close", exact=True).last.click()
    wait_idle(page)
    page.screenshot(path=artifacts / "wall-after-corrections-1280x720.png")

    # On a phone-sized screen the card's buttons and the dialog fit without being cut off.
    page.set_viewport_size({"width": 390, "height": 844})
    wait_idle(page)
    page.get_by_role("button", name="Where do these go?").first.click()
    page.get_by_role("dialog").locator("[class*='st-key-goes-']").first.wait_for()
    wait_idle(page)
    widths = page.eval_on_selector_all("[role=dialog] button", "nodes => nodes.map(n => n.scrollWidth - n.clientWidth)")
    assert widths and max(widths) <= 1
    page.screenshot(path=artifacts / "wall-where-390x844.png")

    # The suggested name, put in the name box as an "I" statement in one click.
    page.get_by_role("dialog").get_by_role("button", name="Close", exact=True).last.click()
    wait_idle(page)
    page.get_by_role("button", name="Change this theme").first.click()
    use = page.get_by_role("button", name=re.compile("^Use “")).first
    use.wait_for()
    phrased = re.search(r"Use “(.+)”", use.inner_text(), re.DOTALL).group(1)  # after the button's icon
    use.click()
    wait_idle(page)
    expect(page.get_by_label("Name, as a person would say it").first).to_have_value(phrased)  # once redrawn
    page.screenshot(path=artifacts / "wall-use-name-390x844.png")


def test_alike_statements_go_along_after_a_move_in_the_browser(server, browser, artifacts):
    from tests.test_theming import TOPICS
    from wtfc import edits
    from wtfc.model import WORKING, Statement, Theme

    store = Store(server.db_path)
    workshop_id = store.create_workshop("Alike").id
    late = Theme(category=WORKING, name="I want my calls on time", position=1)
    food = Theme(category=WORKING, name="I want a hot meal", position=2)
    statements = [Statement(text=text, category=WORKING, person_ref=f"{topic}{n}", pinned=n < 2,
                            theme_id=(late if topic == "late" else food).id if n < 2 and topic != "going out" else None)
                  for topic in ("late", "food", "going out") for n, text in enumerate(TOPICS[topic])]
    statements.append(Statement(text=f"{TOPICS['late'][2]} again", category=WORKING, person_ref="late-again"))
    store.apply(workshop_id, edits.combine("setup", "set up", [edits.create_themes([late, food]),
                                                               edits.add_statements(statements, "test")]))
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{server.url}/theme_page?workshop={workshop_id}")
    page.get_by_role("button", name="Where do these go?").last.click()  # on Unassigned
    dialog = page.get_by_role("dialog")
    row = dialog.locator(f"[class*='st-key-goes-{statements[2].id}']")  # "Calls are often late and nobody rings"
    row.get_by_role("radio", name="I want my calls on time").click()
    send = dialog.get_by_role("button", name="Move the ticked there too")
    send.wait_for()
    wait_idle(page)
    offered = dialog.locator("[class*='st-key-along-']")
    assert offered.count() and all(offered.nth(i).get_by_role("checkbox").is_checked() for i in range(offered.count()))
    page.screenshot(path=artifacts / "wall-where-alike-1280x720.png")
    assert no_violations(page) == []  # the rows of pills and the offer, with the dialog open
    page.set_viewport_size({"width": 390, "height": 844})
    wait_idle(page)
    widths = page.eval_on_selector_all("[role=dialog] button", "nodes => nodes.map(n => n.scrollWidth - n.clientWidth)")
    assert widths and max(widths) <= 1
    page.screenshot(path=artifacts / "wall-where-alike-390x844.png")
    send.click()
    page.get_by_test_id("stAlertContentSuccess").filter(has_text="alike statement").wait_for()
    wait_idle(page)
    assert store.history(workshop_id)[-1].kind == "alike go too"
    sent = store.history(workshop_id)[-1]
    assert sent.summary.endswith("to “I want my calls on time” too")
    assert not dialog.locator("[class*='st-key-along-']").count()  # the offer is gone; the dialog stays open
