"""The priority list of a session: the rule, the facilitator's placings, and both figures side by side."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from wtfc import charts
from wtfc.app.common import act, actions, store
from wtfc.model import CATEGORIES, PERSPECTIVES, SESSIONS, WHOLE_ROOM
from wtfc.priorities import PRIORITY_RULE, Priority, count_table, count_themes


def show(figure) -> None:
    """Charts keep their own projector styling; the mode bar downloads each as a PNG image."""
    st.plotly_chart(figure, theme=None, config=charts.CHART_CONFIG)


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
        show(charts.themes_by_statements(counts, category))
    with stacked:
        show(charts.themes_by_perspective(counts, category))
    with st.expander("What's working beside what's not working"):
        show(charts.working_and_not_working(counts))


def priorities_panel(workshop_id: str) -> None:
    st.header("Priorities")
    left, right = st.columns([2, 1])
    session = left.selectbox("Session", SESSIONS, index=SESSIONS.index(WHOLE_ROOM), key="priority-session",
                             format_func=lambda s: f"{s.capitalize()} session" if s != WHOLE_ROOM else "Whole room")
    top = right.number_input("How many priorities", min_value=1, max_value=50, value=5, key="priority-top")
    st.caption(f"The order: {PRIORITY_RULE} You can place a theme by hand and say why.")
    ranked = actions(workshop_id).priorities(session)
    if not ranked:
        st.info("No themes yet: suggest or create themes on the theme wall first.")
        return
    st.dataframe(pd.DataFrame([{
        "Rank": p.rank, "Theme": p.name, "Category": p.category,
        "How many said it (statements)": p.statements, "People": p.people,
        "How much it matters (votes)": p.votes,
        "Placed by hand": f"from {p.rule_rank} — {p.reason}" if p.moved else ""} for p in ranked[:top]]),
        hide_index=True, width="stretch")
    show(charts.priorities_chart(ranked[:top]))
    place_form(workshop_id, session, ranked)


def place_form(workshop_id: str, session: str, ranked: list[Priority]) -> None:
    themes = {t.id: t for t in store().themes(workshop_id)}
    by_id = {p.theme_id: p for p in ranked}
    with st.form(f"place-{session}"):
        st.subheader("Place a theme by hand")
        theme_id = st.selectbox("Theme", list(by_id), format_func=lambda i: f"{by_id[i].rank}. {by_id[i].name}")
        rank = st.number_input("Put it at number", min_value=1, max_value=len(ranked), value=1)
        reason = st.text_input("Why (shown beside it)", placeholder="e.g. the people who use services put it first")
        place, restore = st.columns(2)
        if place.form_submit_button("Place it", type="primary"):
            act(workshop_id, lambda a: a.place_priority(themes[theme_id], session, int(rank), reason))
        if restore.form_submit_button("Back to its place by the rule"):
            act(workshop_id, lambda a: a.clear_priority(themes[theme_id], session))
