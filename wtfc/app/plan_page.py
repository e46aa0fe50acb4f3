"""Understand and plan: for each priority, the deep causes, what success looks like, and who does
what; the provider and commissioner sessions each see their own priorities and actions."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from wtfc.app import look
from wtfc.app.common import act, act_in_callback, actions, escape, require_workshop, show_flash, store
from wtfc.model import ACTION_STATUSES, LEVELS, NOT_WORKING, PROVIDER, WHOLE_ROOM, WORKING
from wtfc.words import SESSION_NAMES, counted

# Set widths, so that every column (the status last) fits a 1280-pixel projector beside the sidebar.
ACTION_COLUMNS = {"What": st.column_config.TextColumn(width=270), "Who": st.column_config.TextColumn(width=150),
                  "Level": st.column_config.TextColumn(width=100), "By": st.column_config.TextColumn(width=95),
                  "Status": st.column_config.TextColumn(width=105)}
VIEWS = {name: session for session, name in SESSION_NAMES.items()}


def causes(workshop_id: str, theme, plan) -> None:
    st.markdown("**Why is this happening?** Each answer asks “why?” of the one before.")
    for number, cause in enumerate(plan.causes if plan else (), start=1):
        text, change, remove = st.columns([4, 1, 1], vertical_alignment="center")  # buttons' words whole at 1280
        text.text(f"{number}. {cause}")
        with change.popover("Change", key=f"change-cause-{theme.id}-{number}"):
            with st.form(f"edit-cause-{theme.id}-{number}", border=False):
                words = st.text_input(f"Cause {number}", value=cause, key=f"edit-cause-box-{theme.id}-{number}")
                if st.form_submit_button("Save"):
                    act(workshop_id, lambda a, i=number - 1: a.edit_cause(theme, plan, i, words))
        if remove.button("Remove", key=f"remove-cause-{theme.id}-{number}"):
            act(workshop_id, lambda a, i=number - 1: a.remove_cause(theme, plan, i))
    with st.form(f"cause-{theme.id}", clear_on_submit=True, border=False):
        prompt = "Why?" if not plan or not plan.causes else "And why is that?"
        answer = st.text_input(prompt, key=f"cause-box-{theme.id}")
        if st.form_submit_button("Add the answer"):
            act(workshop_id, lambda a: a.add_cause(theme, plan, answer))


def success(workshop_id: str, theme, plan) -> None:
    with st.form(f"success-{theme.id}", border=False):
        text = st.text_area("What would success look like?", value=plan.success if plan else "",
                            key=f"success-box-{theme.id}", height=90)
        if st.form_submit_button("Save"):
            act(workshop_id, lambda a: a.set_success(theme, plan, text))


def actions_panel(workshop_id: str, theme, level_filter: str | None) -> None:
    mine = [a for a in store().actions(workshop_id) if a.theme_id == theme.id
            and (level_filter is None or a.level == level_filter)]
    st.markdown("**Actions**" + (f" ({level_filter} level)" if level_filter else ""))
    if mine:
        st.dataframe(pd.DataFrame([{"What": a.description, "Who": a.owner, "Level": a.level, "By": a.due or "",
                                    "Status": a.status} for a in mine]), hide_index=True, width="stretch",
                     column_config=ACTION_COLUMNS)
        with st.form(f"action-status-{theme.id}", border=False):
            by_id = {a.id: a for a in mine}
            chosen = st.selectbox("Update an action", list(by_id), format_func=lambda i: by_id[i].description,
                                  key=f"action-pick-{theme.id}")
            status = st.selectbox("Status", ACTION_STATUSES, key=f"action-status-box-{theme.id}")
            update, remove = st.columns(2)
            if update.form_submit_button("Update status"):
                act(workshop_id, lambda a: a.edit_action(by_id[chosen], status=status))
            if remove.form_submit_button("Remove action"):
                act(workshop_id, lambda a: a.remove_action(by_id[chosen]))
    with st.form(f"new-action-{theme.id}", clear_on_submit=True, border=False):
        description = st.text_input("New action: what will be done", key=f"action-what-{theme.id}")
        who, level, due = st.columns(3)
        owner = who.text_input("Who will do it", key=f"action-who-{theme.id}")
        chosen_level = level.selectbox("Level", LEVELS, index=LEVELS.index(level_filter or PROVIDER),
                                       key=f"action-level-{theme.id}")
        by = due.date_input("By when (optional)", value=None, format="DD/MM/YYYY", key=f"action-due-{theme.id}",
                            min_value=dt.date(2000, 1, 1))
        if st.form_submit_button("Add action", type="primary"):
            act(workshop_id, lambda a: a.add_action(theme, description, owner, chosen_level,
                                                    by.isoformat() if by else None))


def apply_strength(workshop_id: str, theme, plan, strength: bool) -> None:
    act_in_callback(workshop_id, lambda a: a.mark_strength(theme, plan, strength))


workshop = require_workshop("Understand and plan")

look.styles()
st.title("Understand and plan")
show_flash()
view = st.segmented_control("Whose session", list(VIEWS), default="Whole room", key="plan-view",
                            bind="query-params") or "Whole room"
session = VIEWS[view]
level_filter = None if session == WHOLE_ROOM else session
top = st.number_input("How many priorities", min_value=1, max_value=50, value=5, key="plan-top")
themes = {t.id: t for t in store().themes(workshop.id)}
plans = store().plans(workshop.id)
not_working = actions(workshop.id).priorities(session, int(top), [NOT_WORKING])
st.header(f"Priorities about what is not working ({view.lower()})")
if not not_working:
    st.info(f"The {view.lower()} has no priorities about what is not working yet: vote on them on the Prioritise "
            "page, or place one by hand in its priority list.")
for priority in not_working:
    theme = themes[priority.theme_id]
    # The card keeps its own open or closed state, so adding an answer (which redraws the page) leaves
    # the card being worked on open.
    with st.expander(f"{priority.rank}. {escape(theme.name)} — {counted(priority.statements, 'statement')}, {counted(priority.votes, 'vote')}",
                     expanded=len(not_working) == 1, key=f"plan-card-{session}-{theme.id}", on_change="rerun"):
        st.html(look.category_label(theme.category))
        causes(workshop.id, theme, plans.get(theme.id))
        success(workshop.id, theme, plans.get(theme.id))
        actions_panel(workshop.id, theme, level_filter)

working = [t for t in themes.values() if t.category == WORKING]
if working and session == WHOLE_ROOM:
    st.header("What is working: strengths to build on")
    for theme in working:
        plan = plans.get(theme.id)
        marked = bool(plan and plan.strength)
        st.toggle(f"{escape(theme.name)}", value=marked, key=f"strength-{theme.id}",
                  on_change=apply_strength, args=(workshop.id, theme, plan, not marked))
