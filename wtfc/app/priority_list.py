"""The priority list of a session: the rule, the facilitator's placings, and both figures side by side."""
from __future__ import annotations

import hashlib
import pickle
from typing import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from wtfc import charts
from wtfc.app.common import act, actions, store
from wtfc.app.look import CATEGORY_STYLE
from wtfc.model import CATEGORIES, NOT_WORKING, PERSPECTIVES, SESSIONS, WHOLE_ROOM
from wtfc.priorities import PRIORITY_RULE, Priority, count_table, count_themes, voted_categories
from wtfc.words import SESSION_NAMES, theme_title

EVERY_CATEGORY = "every category"


# Short headings and set widths, so every column (votes included) fits a 1280-pixel projector beside the
# sidebar and no number is cut; the long names of the two measures are each column's tooltip.
PRIORITY_COLUMNS = {
    "Rank": st.column_config.NumberColumn("Rank", width=50),
    "Theme": st.column_config.TextColumn("Theme", width=320),
    "Category": st.column_config.TextColumn("Category", width=110),
    "How many said it (statements)": st.column_config.NumberColumn("Statements", width=95,
                                                                   help="How many said it: statements in the theme"),
    "People": st.column_config.NumberColumn("People", width=70, help="How many people said it"),
    "How much it matters (votes)": st.column_config.NumberColumn("Votes", width=70,
                                                                 help="How much it matters: dots placed on it"),
    "Placed by hand": st.column_config.TextColumn("Placed by hand", width=200),
}


def category_words(categories) -> str:
    """“What's not working” and “What's working”, or “every category”."""
    if len(categories) == len(CATEGORIES):
        return "every category"
    return " and ".join(f"“{CATEGORY_STYLE[c][2]}”" for c in categories)


def category_choice(workshop_id: str, session: str, key: str) -> list[str]:
    """Which categories a session's list covers: the category it voted on unless the facilitator picks
    another, said in words above the list."""
    s = store()
    voted = voted_categories(s.rounds(workshop_id), s.priority_overrides(workshop_id), s.themes(workshop_id), session)
    choice = st.segmented_control(
        "Themes about", [*CATEGORIES, EVERY_CATEGORY], default=voted[0] if voted else NOT_WORKING,
        key=f"{key}-{session}", format_func=lambda c: CATEGORY_STYLE[c][2] if c in CATEGORY_STYLE else "Every category")
    covered = list(CATEGORIES) if choice in (None, EVERY_CATEGORY) else [choice]
    st.caption(f"This list covers {category_words(covered)}." + (
        f" The {SESSION_NAMES[session].lower()} voted on {category_words(voted)}." if voted else ""))
    return covered


def show(chart: Callable[..., go.Figure], *data) -> None:
    """Charts keep their own projector styling; the mode bar downloads each as a PNG image."""
    digest = hashlib.blake2b(pickle.dumps(data), digest_size=16).hexdigest()
    st.plotly_chart(_built(chart.__name__, digest, data), theme=None, config=charts.CHART_CONFIG)


@st.cache_resource(max_entries=64, show_spinner=False)
def _built(chart: str, digest: str, _data: tuple) -> go.Figure:
    """A chart built once for the same figures (``digest`` of ``_data``), whoever opens the page: plotly
    checks every property as a figure is built, which took most of Prioritise's run (0.4 s of 0.7 s for the
    sample workshop's three charts), and Streamlit's own hashing of the figures cost another 0.1 s. A
    resource, not ``cache_data``: unpickling a figure would check it all again. Nobody changes a figure
    once built (``st.plotly_chart`` only reads it)."""
    return getattr(charts, chart)(*_data)


def counts_panel(workshop_id: str) -> None:
    """How many said it: statements and people per theme, by perspective, with charts."""
    st.header("How many said it")
    counts = count_themes(store().statements(workshop_id), store().themes(workshop_id))
    if not counts:
        st.info("No statements yet.")
        return
    st.dataframe(pd.DataFrame(count_table(counts)), hide_index=True, width="stretch",
                 column_order=["Theme", "Category", "Statements", "People", *PERSPECTIVES])
    category = st.segmented_control("Charts for", CATEGORIES, default=CATEGORIES[1], key="chart-category",
                                    format_func=lambda c: charts.CATEGORY_TITLES[c]) or CATEGORIES[1]
    ranked, stacked = st.tabs(["Themes by statements", "By perspective"], key="chart-tab")
    with ranked:
        show(charts.themes_by_statements, counts, category)
    with stacked:
        show(charts.themes_by_perspective, counts, category)
    with st.expander("What's working beside what's not working"):
        show(charts.working_and_not_working, counts)


def priorities_panel(workshop_id: str) -> None:
    st.header("Priorities")
    left, right = st.columns([2, 1])
    session = left.selectbox("Session", SESSIONS, index=SESSIONS.index(WHOLE_ROOM), key="priority-session",
                             bind="query-params", format_func=SESSION_NAMES.get)
    top = right.number_input("How many priorities", min_value=1, max_value=50, value=5, key="priority-top")
    categories = category_choice(workshop_id, session, "priority-category")
    st.caption(f"A session's priorities are the themes it voted on or placed by hand. The order: {PRIORITY_RULE} "
               "You can place a theme by hand and say why.")
    themes = [t for t in store().themes(workshop_id) if t.category in categories]
    if not themes:
        st.info("No themes here yet: suggest or create themes on the theme wall first.")
        return
    ranked = actions(workshop_id).priorities(session, categories=categories)
    if ranked:
        st.dataframe(pd.DataFrame([{
            "Rank": p.rank, "Theme": p.name, "Category": p.category,
            "How many said it (statements)": p.statements, "People": p.people,
            "How much it matters (votes)": p.votes,
            "Placed by hand": f"from {p.rule_rank} — {p.reason}" if p.moved else ""} for p in ranked[:top]]),
            hide_index=True, width="stretch", column_config=PRIORITY_COLUMNS,
            column_order=[*PRIORITY_COLUMNS][:None if any(p.moved for p in ranked[:top]) else -1])
        show(charts.priorities_chart, ranked[:top])
    else:
        st.info(f"The {SESSION_NAMES[session].lower()} has no priorities here yet: open a voting round with these "
                "themes on the ballot, or place a theme by hand below.")
    place_form(workshop_id, session, ranked, themes)


def place_form(workshop_id: str, session: str, ranked: list[Priority], themes) -> None:
    by_id = {t.id: t for t in themes}
    rank_of = {p.theme_id: p.rank for p in ranked}
    choices = [p.theme_id for p in ranked] + [t.id for t in themes if t.id not in rank_of]
    with st.form(f"place-{session}"):
        st.subheader("Place a theme by hand")
        theme_id = st.selectbox("Theme", choices, format_func=lambda i: (
            f"{rank_of[i]}. " if i in rank_of else "Not a priority yet: ") + theme_title(by_id[i].name))
        rank = st.number_input("Put it at number", min_value=1, max_value=len(ranked) + 1, value=1)
        reason = st.text_input("Why (shown beside it)", placeholder="e.g. the people who use services put it first")
        place, restore = st.columns(2)
        if place.form_submit_button("Place it", type="primary"):
            act(workshop_id, lambda a: a.place_priority(by_id[theme_id], session, int(rank), reason))
        if restore.form_submit_button("Back to its place by the rule"):
            act(workshop_id, lambda a: a.clear_priority(by_id[theme_id], session))
