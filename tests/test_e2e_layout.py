"""What the back of the room sees: every page and tab at a common projector size (1280×720) and a
large screen (1920×1080), sidebar open and closed, on the sample workshop with suggested themes, a
vote and a plan.

A page fails when text or a control is wider than its box (cut, or ended with "…"), when a table
needs scrolling sideways, when chart titles overlap or are cut, or when a chart is taller than the
screen. Screenshots of every view go to test-artifacts/layout/ to look at.
"""
from __future__ import annotations

import json

import pytest

from tests.test_e2e_wall import wait_idle
from wtfc import edits, suggest
from wtfc.model import FUTURE, NOT_WORKING, WHOLE_ROOM, WORKING, Action, VotingRound
from wtfc.sample import open_sample_workshop
from wtfc.store import Store

pytestmark = pytest.mark.browser
SIZES = [(1280, 720), (1920, 1080)]
PAGES = [("gather_page", ["Import a file", "Type in a review", "Statements", "Names to remove"]),
         ("theme_page", []), ("projection_page", []),
         ("priorities_page", ["How many said it", "Voting", "Priority list"]),
         ("plan_page", []), ("report_page", [])]
SAMPLE_IMPORT = ("Person,Category,Statement\nP1,What's working,My carer knows how I like my tea\n"
                 "P1,What's not working,Carers change every week\n")

# Boxes whose content is cut: text wider than its element (overflow hidden, an ellipsis, or spilling
# out), outside the places meant to scroll sideways; tables that need sideways scrolling; chart
# titles that overlap each other or run past the chart; charts taller than the screen.
FAULTS = r"""() => {
    const faults = [];
    const visible = el => { const r = el.getBoundingClientRect();
                            return r.width > 0 && r.height > 0 && r.right > 0 && r.left < window.innerWidth
                                   && getComputedStyle(el).visibility !== 'hidden'; };
    const name = el => `${el.tagName.toLowerCase()}[${el.getAttribute('data-testid') || el.className || ''}]`
                       + ` "${(el.innerText || el.textContent || '').trim().slice(0, 50)}"`;
    const skip = '[data-testid="stPlotlyChart"], [data-testid="stDataFrame"], [data-testid="stDataFrameResizable"],'
               + ' [data-testid="stCode"], iframe, [data-testid="stSidebarResizeHandle"]';
    const ownText = el => [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    for (const el of document.querySelectorAll('[data-testid="stAppViewContainer"] *')) {
        if (el.clientWidth <= 1 || !visible(el) || el.closest(skip)) continue;  // 1 px: only for screen readers
        const style = getComputedStyle(el);
        if (['auto', 'scroll'].includes(style.overflowX)) continue;  // meant to scroll sideways
        // Text cut short (an ellipsis, or words running out of their box) by a pixel counts; a box
        // pushed wider than its column by a few pixels of Streamlit's own spacing does not.
        const slack = style.textOverflow === 'ellipsis' || ownText(el) ? 1 : 12;
        if (el.scrollWidth > el.clientWidth + slack)
            faults.push(`cut: ${name(el)} (${el.scrollWidth} > ${el.clientWidth})`);
    }
    const page = document.scrollingElement;
    if (page.scrollWidth > page.clientWidth + 2) faults.push(`the page scrolls sideways (${page.scrollWidth})`);
    for (const grid of document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')) {
        if (visible(grid) && grid.scrollWidth > grid.clientWidth + 2)
            faults.push(`a table needs sideways scrolling: ${grid.closest('[data-testid="stDataFrame"]').getAttribute('aria-label') || ''}`);
    }
    for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')) {
        if (!visible(chart)) continue;
        const box = chart.getBoundingClientRect();
        const title = (chart.querySelector('.gtitle') || {}).textContent || 'a chart';
        if (box.height > window.innerHeight) faults.push(`chart "${title}" is ${Math.round(box.height)} px tall`);
        const titles = [...chart.querySelectorAll('.gtitle, .g-gtitle text, .annotation-text-g text, .legend')]
            .filter(visible).map(el => [el, el.getBoundingClientRect()]);
        for (const [el, r] of titles) {
            if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1)
                faults.push(`chart title cut: "${el.textContent.slice(0, 40)}"`);
        }
        for (let i = 0; i < titles.length; i++) for (let j = i + 1; j < titles.length; j++) {
            const [a, ra] = titles[i], [b, rb] = titles[j];
            if (a.contains(b) || b.contains(a)) continue;
            if (ra.left < rb.right && rb.left < ra.right && ra.top < rb.bottom && rb.top < ra.bottom)
                faults.push(`chart titles overlap: "${a.textContent.slice(0, 30)}" and "${b.textContent.slice(0, 30)}"`);
        }
    }
    return faults;
}"""


def workshop_with_a_plan(db_path) -> tuple[str, str]:
    """The sample with suggested themes (a dozen about what is not working), a voting round with a tally,
    and a plan for a priority; its id and the voting round's token."""
    with Store(db_path) as store:
        workshop_id = open_sample_workshop(store).id
        store.apply(workshop_id, suggest.suggest_for_workshop(store, workshop_id, categories=[WORKING, FUTURE]))
        store.apply(workshop_id, suggest.suggest_for_workshop(store, workshop_id, categories=[NOT_WORKING],
                                                              n_themes=12))
        not_working = [t for t in store.themes(workshop_id) if t.category == NOT_WORKING]
        voting_round = VotingRound(WHOLE_ROOM, ballot=tuple(t.id for t in not_working[:4]), title="What matters most?")
        store.apply(workshop_id, edits.open_round(voting_round))
        store.apply(workshop_id, edits.record_tally(voting_round, [], {t: 55 - 13 * n for n, t in
                                                                      enumerate(voting_round.ballot)}))
        theme = not_working[0]
        store.apply(workshop_id, edits.add_cause(theme, None, "Rotas are made the day before"))
        store.apply(workshop_id, edits.add_action(theme, Action(
            theme.id, "Publish rotas a week ahead", owner="Provider manager", due="2027-03-01")))
        return workshop_id, store.phone_votes.link_token(workshop_id, voting_round.id)


def settled(page) -> None:
    """Streamlit has finished its run and every element is drawn (no grey placeholders left)."""
    wait_idle(page)
    page.wait_for_function("() => !document.querySelector('[data-testid^=\"stSkeleton\"]')", timeout=30_000)


def sidebar_open(page, wanted: bool) -> None:
    sidebar = page.get_by_test_id("stSidebar")
    box = sidebar.bounding_box() if sidebar.count() else None
    if box is None:
        return  # the projection view has none
    is_open = box["width"] > 0 and box["x"] >= 0
    if is_open == wanted:
        return
    if is_open:
        sidebar.hover()  # its collapse button shows on hover
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
    else:
        page.get_by_test_id("stExpandSidebarButton").click()
    page.wait_for_timeout(600)  # the sidebar slides


def show_it_large(page, folder) -> None:
    """At 1280×720, the voting link is in large type and on screen with its QR code, for the room to read."""
    page.get_by_role("button", name="Show it large for the room").click()
    dialog = page.get_by_role("dialog")
    link = dialog.get_by_text("?vote=")
    qr = dialog.get_by_role("img", name="QR code for the voting link")
    qr.wait_for()
    wait_idle(page)
    page.screenshot(path=folder / "1280x720-sidebar-priorities_page-voting-show-it-large.png")
    for element in (link, qr):
        box = element.bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= 720, "the link and its QR code are above the fold"
    assert float(link.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 24
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")


def test_every_page_fits_the_screen(server, browser, artifacts):
    workshop_id, token = workshop_with_a_plan(server.db_path)
    folder = artifacts / "layout"
    folder.mkdir(exist_ok=True)
    (folder / "faults.json").unlink(missing_ok=True)
    upload = folder.parent / "layout-import.csv"
    upload.write_text(SAMPLE_IMPORT)
    page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    faults = {}

    def look_at(view: str) -> None:
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            for open_ in (True, False):
                sidebar_open(page, open_)
                settled(page)
                where = f"{width}x{height}-{'sidebar' if open_ else 'no-sidebar'}-{view}"
                page.screenshot(path=folder / f"{where}.png")
                if (width, open_) == (1280, True):  # each chart as the projector shows it, to look at
                    charts = page.get_by_test_id("stPlotlyChart")
                    for number in range(charts.count()):
                        if charts.nth(number).is_visible():
                            charts.nth(number).screenshot(path=folder / f"{where}-chart{number + 1}.png")
                if found := page.evaluate(FAULTS):
                    faults[where] = found
                    (folder / "faults.json").write_text(json.dumps(faults, indent=1))
        page.set_viewport_size({"width": 1280, "height": 720})
        sidebar_open(page, True)

    for path, tabs in PAGES:
        page.goto(f"{server.url}/{path}?workshop={workshop_id}")
        page.get_by_test_id("stMainBlockContainer").wait_for(timeout=30_000)
        wait_idle(page)
        look_at(path)
        for tab in tabs:
            tab_button = page.get_by_role("tab", name=tab, exact=True)
            if tab_button.get_attribute("aria-selected") != "true":  # the first tab is open already
                tab_button.click()
            if tab == "Import a file":
                page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(upload)  # the spreadsheet
                page.get_by_test_id("stMetric").first.wait_for(timeout=30_000)
            look_at(f"{path}-{tab.replace(' ', '-').lower()}")
            if tab == "Voting":
                show_it_large(page, folder)
        if path == "theme_page":
            page.get_by_text("Drag and drop", exact=True).click()
            board = page.get_by_test_id("stCustomComponentV1")
            board.content_frame.locator(".sortable-item").first.wait_for(timeout=30_000)
            board.scroll_into_view_if_needed()
            look_at("theme_page-drag-and-drop")
            columns = board.content_frame.locator(".sortable-container").evaluate_all(
                "boxes => boxes.map(box => Math.round(box.getBoundingClientRect().top))")
            sizes = board.content_frame.locator(".sortable-item").evaluate_all(
                "items => new Set(items.map(item => { const box = item.getBoundingClientRect();"
                "                                     return `${Math.round(box.width)}x${Math.round(box.height)}`; })).size")
            assert len(set(columns)) < len(columns), "themes stand side by side on the board"
            assert sizes == 1, "every statement on the board has one size, so none changes shape when dragged"
        if path == "plan_page":
            main = page.get_by_test_id("stMainBlockContainer")
            main.get_by_test_id("stExpander").first.locator("summary").click()  # the first priority: it has a plan
            main.get_by_test_id("stDataFrame").first.wait_for()
            look_at("plan_page-first-card-open")
        if path == "projection_page":
            page.locator('[data-testid="stButtonGroup"] button', has_text="What's not working").click()
            for mode in ("Overview", "Whole wall"):
                page.get_by_text(mode, exact=True).click()
                look_at(f"projection_page-{mode.replace(' ', '-').lower()}")
                if mode == "Overview":
                    page.set_viewport_size({"width": 1280, "height": 720})
                    tiles = page.locator(".wtfc-tiles li")
                    assert tiles.count() >= 12
                    off_screen = page.evaluate("""() => [...document.querySelectorAll('.wtfc-tiles li')]
                        .filter(tile => tile.getBoundingClientRect().bottom > window.innerHeight)
                        .map(tile => tile.innerText)""")
                    assert off_screen == [], "every theme's name and count is on one 1280×720 screen"

    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    phone.goto(f"{server.url}/?vote={token}")
    phone.get_by_role("heading", name="What matters most?").wait_for(timeout=30_000)
    wait_idle(phone)
    phone.screenshot(path=folder / "390x844-phone-vote_page.png", full_page=True)
    if found := phone.evaluate(FAULTS):
        faults["390x844-phone-vote_page"] = found
    assert faults == {}
