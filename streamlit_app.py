"""wtfc's entry point: `make run` (or `streamlit run streamlit_app.py`)."""
from pathlib import Path

import streamlit as st

from wtfc.app.common import escape, open_workshop, sidebar, store
from wtfc.app.gate import passcode_form, passcode_given
from wtfc.app.look import room_styles
from wtfc.app.signin import require_sign_in
from wtfc.app.voting import VOTE_PARAM
from wtfc.people import Person
from wtfc.store import StoreFault


# A file served by the app itself: a Material icon as the tab's icon would be fetched from Google's servers.
ICON = str(Path(__file__).parent / "wtfc" / "app" / "icon.png")


def pages_for(person: Person | None) -> list:
    """Every page on a laptop; with sign-in, those the person's role may use: a commissioner only reads
    (no page that changes a workshop is theirs, even by its address), an administrator also sees who has
    which role."""
    changes = person is None or person.creates_workshops
    pages = [
        st.Page("wtfc/app/workshops_page.py", title="Workshops", icon=":material/home:", default=True),
        changes and st.Page("wtfc/app/gather_page.py", title="Gather statements", icon=":material/edit_note:"),
        changes and st.Page("wtfc/app/theme_page.py", title="Theme wall", icon=":material/dashboard:"),
        st.Page("wtfc/app/projection_page.py", title="Projection view", icon=":material/present_to_all:"),
        changes and st.Page("wtfc/app/priorities_page.py", title="Prioritise", icon=":material/how_to_vote:"),
        changes and st.Page("wtfc/app/plan_page.py", title="Understand and plan", icon=":material/checklist:"),
        st.Page("wtfc/app/report_page.py", title="Report", icon=":material/summarize:"),
        person is not None and person.administers and st.Page(
            "wtfc/app/people_page.py", title="People and roles", icon=":material/group:"),
    ]
    return [page for page in pages if page]


def facilitator_pages() -> None:
    st.set_page_config(page_title="wtfc · Working Together for Change", page_icon=ICON, layout="wide")
    person = require_sign_in()  # with sign-in configured, stops here until someone with a role signs in
    unlocked = person is not None or passcode_given()
    pages = st.navigation(pages_for(person), position="sidebar" if unlocked else "hidden")
    if not unlocked:
        passcode_form()  # stops here: with a passcode set, no page runs until this browser session gives it
    if fault := store().fault():  # the workshop file was moved or deleted: say so on every page
        st.error(escape(fault), icon=":material/error:")
    room_styles()
    sidebar(open_workshop(), person)
    pages.run()


if VOTE_PARAM in st.query_params:
    # A participant's voting link: their one page, with no sidebar, no other pages and no workshop.
    st.set_page_config(page_title="Vote · Working Together for Change", page_icon=ICON,
                       layout="centered")
    st.navigation([st.Page("wtfc/app/vote_page.py", title="Vote", default=True)], position="hidden").run()
    st.stop()

try:
    facilitator_pages()
except StoreFault as fault:  # a full disk, a read-only or vanished workshop file: one plain message, no traceback
    st.error(escape(str(fault)), icon=":material/error:")
