"""The projection view: what the back of the room reads. Large type, no sidebar: one theme at a
time, an overview with every theme's name and count on one screen, or the whole wall; corrections
happen on the theme wall."""
import streamlit as st

from wtfc.app import look
from wtfc.app.common import may_change, require_workshop, store
from wtfc.app.labels import labels_for
from wtfc.model import CATEGORIES
from wtfc.wall import cards

HIDE_SIDEBAR = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {display: none;}
.block-container {padding-top: 1.5rem; max-width: 100%;}
</style>
"""


MODES = ["One theme", "Overview", "Whole wall"]


def step(by: int, count: int) -> None:
    st.session_state["projected"] = (st.session_state.get("projected", 0) + by) % max(count, 1)


workshop = require_workshop("Projection view")

look.styles()
st.html(HIDE_SIDEBAR)
category = st.segmented_control("Category", CATEGORIES, default=CATEGORIES[0], key="projected-category",
                                bind="query-params", format_func=lambda c: " ".join(look.CATEGORY_STYLE[c][1:])) or CATEGORIES[0]
controls = st.columns([4, 2, 2, 3], vertical_alignment="bottom")
mode = controls[0].segmented_control("Show", MODES, default=MODES[0], key="projected-mode") or MODES[0]
one_at_a_time = mode == MODES[0]
every_card = cards(store().statements(workshop.id), store().themes(workshop.id), category)
labels = labels_for(every_card)
wall = [c for c in every_card if c.statements]
controls[1].button("Previous", icon=":material/arrow_back:", on_click=step, args=(-1, len(wall)), disabled=not one_at_a_time,
                   width="stretch")
controls[2].button("Next", icon=":material/arrow_forward:", on_click=step, args=(1, len(wall)), disabled=not one_at_a_time,
                   width="stretch")
if may_change(workshop.id):
    controls[3].page_link("wtfc/app/theme_page.py", label="Back to the theme wall", icon=":material/dashboard:")
else:  # someone who only reads the workshop has no theme wall: their way back is the report
    controls[3].page_link("wtfc/app/report_page.py", label="Back to the report", icon=":material/summarize:")

if not wall:
    st.html(f'<p class="wtfc-big">No statements in “{look.CATEGORY_STYLE[category][2]}” yet.</p>')
    st.stop()
if mode == "Overview":
    st.html(look.overview_html(wall, category))
elif mode == "Whole wall":
    columns = st.columns(3, gap="large")
    for index, card in enumerate(wall):
        with columns[index % 3].container(border=True):
            st.html(look.card_html(card, category, labels.get(card.theme.id if card.theme else None), "", big=True,
                                   limit=6))
else:
    index = st.session_state.get("projected", 0) % len(wall)
    card = wall[index]
    st.caption(f"Theme {index + 1} of {len(wall)}")
    with st.container(border=True):
        st.html(look.card_html(card, category, labels.get(card.theme.id if card.theme else None), "", big=True))
