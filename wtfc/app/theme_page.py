"""The theme wall: the room corrects suggested themes, one or two clicks per correction."""
from __future__ import annotations

import streamlit as st

from wtfc import edits, suggest
from wtfc.app import look
from wtfc.app.common import apply_edit, escape, require_workshop, show_flash, store, undo_redo_buttons
from wtfc.app.labels import alike_themes, labels_for
from wtfc.model import CATEGORIES, Theme
from wtfc.wall import board_columns, board_moves, cards, find_statements, first_person_hint, set_aside_statements

UNASSIGNED = "__unassigned__"


def statement_label(statement) -> str:
    return f"{statement.person_ref} · {statement.text}"


def suggest_panel(workshop_id: str, category: str) -> None:
    with st.expander("Suggest themes", icon=":material/auto_awesome:",
                     expanded=not any(t.category == category for t in store().themes(workshop_id))):
        st.caption("The app groups statements that use similar words. Themes the room has agreed (renamed, "
                   "voted on, planned, merged, split, locked or holding statements someone placed) keep all their "
                   "statements; the app only proposes more for them.")
        auto = st.toggle("Let the app choose how many themes", value=True, key="auto-count")
        count = None if auto else st.number_input("How many themes", min_value=1, max_value=60, value=8)
        one, every = st.columns(2)
        if one.button(f"Suggest for “{category}”", type="primary", icon=":material/auto_awesome:"):
            apply_edit(workshop_id, lambda: suggest.suggest_for_workshop(store(), workshop_id, categories=[category],
                                                                    n_themes=count))
        if every.button("Suggest for every category"):
            apply_edit(workshop_id, lambda: suggest.suggest_for_workshop(store(), workshop_id,
                                                                    categories=list(CATEGORIES), n_themes=count))


@st.fragment
def tools(workshop_id: str, category: str, wall) -> None:
    themes = [c.theme for c in wall if c.theme]
    by_id = {t.id: t for t in themes}
    statements = {s.id: s for c in wall for s in c.statements}
    move, merge, create = st.tabs(["Move statements", "Merge themes", "New theme"], key="wall-tools-tab")
    with move:
        # Each move starts with empty boxes: the widgets get new keys once a move is made.
        fresh = st.session_state.get("move-round", 0)
        query = st.text_input("Find statements to move", key=f"move-find-{fresh}",
                              placeholder="Type a word or phrase, e.g. agency")
        found = find_statements(list(statements.values()), query)
        if query.strip():
            st.caption(f"{len(found)} of {len(statements)} statements contain “{escape(query.strip())}”, "
                       "whole words and phrases first.")
        # Typing filters by the words typed, never by scattered letters, and Enter picks the one option
        # on show: there is no "select all matches" for it to pick.
        chosen = st.multiselect("Statements to move", [s.id for s in found], key=f"move-statements-{fresh}",
                                format_func=lambda i: statement_label(statements[i]), filter_mode="contains",
                                select_all=False, placeholder="Pick the statements…")
        target = st.selectbox("Move them to", [*by_id, UNASSIGNED], key="move-target",
                              format_func=lambda i: "Unassigned" if i == UNASSIGNED else by_id[i].name or "Unnamed")
        go, aside = st.columns(2)
        if go.button("Move", type="primary", disabled=not chosen, icon=":material/arrow_forward:"):
            st.session_state["move-round"] = fresh + 1
            apply_edit(workshop_id, lambda: edits.move_statements([statements[i] for i in chosen], by_id.get(target)))
        if aside.button("Set aside (kept, not counted)", disabled=not chosen):
            st.session_state["move-round"] = fresh + 1
            apply_edit(workshop_id, lambda: edits.set_aside([statements[i] for i in chosen]))
    with merge:
        for first, second, _ in alike_themes(wall):
            if st.button(f"Merge “{escape(first.name)}” and “{escape(second.name)}” (they use alike words)",
                         key=f"alike-{first.id}-{second.id}", icon=":material/merge:"):
                apply_edit(workshop_id, lambda a=first, b=second: edits.merge_themes(
                    a, [b], store().statements(workshop_id), store().actions(workshop_id)))
        picked = st.multiselect("Themes to merge (the first keeps its name)", list(by_id), key="merge-themes",
                                format_func=lambda i: by_id[i].name or "Unnamed")
        if st.button("Merge", type="primary", disabled=len(picked) < 2, icon=":material/merge:"):
            apply_edit(workshop_id, lambda: edits.merge_themes(by_id[picked[0]], [by_id[i] for i in picked[1:]],
                                                          store().statements(workshop_id),
                                                          store().actions(workshop_id)))
    with create:
        name = st.text_input("Name of the new theme", key="new-theme-name", placeholder="I want …")
        if hint := first_person_hint(name):
            st.caption(hint)
        if st.button("Create theme", type="primary", disabled=not name.strip(), icon=":material/add:"):
            position = max((t.position for t in store().themes(workshop_id)), default=0) + 1
            apply_edit(workshop_id, lambda: edits.create_theme(Theme(category=category, name=" ".join(name.split()),
                                                                position=position)))


@st.fragment
def theme_menu(workshop_id: str, card, labels) -> None:
    theme = card.theme
    with st.popover("Change this theme", icon=":material/edit:"):
        with st.form(f"rename-{theme.id}", border=False):
            name = st.text_input("Name, as a person would say it", value=theme.name, key=f"rename-box-{theme.id}")
            if hint := first_person_hint(name):
                st.caption(hint)
            keywords, typical = labels
            if keywords:
                st.caption("Key words: " + escape(", ".join(keywords)))
            if typical:
                st.caption(f"Most typical: “{escape(typical)}”")
            if st.form_submit_button("Rename"):
                apply_edit(workshop_id, lambda: edits.rename_theme(theme, name))
        if st.button("Unlock" if theme.locked else "Lock", key=f"lock-{theme.id}",
                     icon=":material/lock_open:" if theme.locked else ":material/lock:"):
            apply_edit(workshop_id, lambda: edits.lock_theme(theme, not theme.locked))
        parts = st.number_input("Split into", min_value=2, max_value=6, value=2, key=f"split-n-{theme.id}",
                                disabled=len(card.statements) < 2)
        if st.button("Preview a split", key=f"split-{theme.id}", disabled=len(card.statements) < 2,
                     icon=":material/call_split:"):
            st.session_state["split"] = (theme.id, int(parts))
        if st.button("Delete theme", key=f"delete-{theme.id}", icon=":material/delete:",
                     help="Its statements go back to Unassigned. Undo brings it back."):
            apply_edit(workshop_id, lambda: edits.delete_theme(theme, card.statements))


def forget_split() -> None:
    st.session_state.pop("split", None)


@st.dialog("Split a theme", width="large", on_dismiss=forget_split)
def split_dialog(workshop_id: str, theme: Theme, members, parts: int) -> None:
    groups = suggest.split_groups(members, parts)
    st.write(f"“{escape(theme.name)}” would become {len(groups)} themes. The first group keeps the name.")
    names = []
    for number, group in enumerate(groups, start=1):
        st.markdown(f"**Group {number}** ({len(group)} statements)")
        st.html("<ul>" + "".join(f"<li>{look.highlighted(s.text, '')}</li>" for s in group[:8]) + "</ul>")
        if number > 1:
            names.append(st.text_input(f"Name for group {number}", key=f"split-name-{number}",
                                       value=f"{theme.name} ({number})"))
    split, cancel = st.columns(2)
    if split.button("Split", type="primary"):
        forget_split()
        apply_edit(workshop_id, lambda: edits.split_theme(theme, groups, names))
    if cancel.button("Cancel"):
        forget_split()
        st.rerun()


# Themes side by side in columns of one width; every statement the same size, so a dragged statement keeps
# its shape (the drag library stretches an item to the size of the one under it) and long ones end in "…".
BOARD_STYLE = """
.sortable-component.vertical {display: flex; flex-wrap: wrap; align-items: flex-start; gap: 8px;}
.sortable-component.vertical .sortable-container {flex: 0 0 290px; width: 290px; min-width: 0; padding: 4px;}
.sortable-container-header {font-weight: 700; font-size: 15px; line-height: 1.3; padding: 2px 4px;}
.sortable-item, .sortable-item:hover {box-sizing: border-box; width: 272px; height: 5.6em; margin: 4px;
  padding: 4px 8px; font-size: 14px; line-height: 1.35; overflow: hidden; display: -webkit-box !important;
  -webkit-line-clamp: 4; -webkit-box-orient: vertical; white-space: normal; overflow-wrap: anywhere;}
"""


def board(workshop_id: str, wall) -> None:
    """Drag and drop between themes (streamlit-sortables); a drop is one move in the edit log."""
    from streamlit_sortables import sort_items

    columns, by_label = board_columns(wall)
    assignment = hash(tuple((s.id, s.theme_id) for s in by_label.values()))
    dropped = sort_items(columns, multi_containers=True, direction="vertical", custom_style=BOARD_STYLE,
                         key=f"board-{assignment}")
    if moves := board_moves(wall, dropped, by_label):
        def dropped_edit():
            steps = [edits.move_statements(statements, target) for statements, target in moves]
            return edits.combine("move", "; ".join(step.summary for step in steps), steps)
        apply_edit(workshop_id, dropped_edit)


workshop = require_workshop("Theme wall")

look.styles()
st.title("Theme wall")
show_flash()
# The category switch has a row of its own, so all three categories stay readable on a projector.
category = st.segmented_control("Category", CATEGORIES, default=CATEGORIES[0], key="wall-category",
                                bind="query-params",
                                format_func=lambda c: " ".join(look.CATEGORY_STYLE[c][1:])) or CATEGORIES[0]
search, history = st.columns([3, 2], vertical_alignment="bottom")
query = search.text_input("Find statements containing", key="wall-search", placeholder="e.g. weekend")
with history:
    undo_redo_buttons(workshop.id)

statements, themes = store().statements(workshop.id), store().themes(workshop.id)
wall = cards(statements, themes, category)
labels = labels_for(wall)
suggest_panel(workshop.id, category)
tools(workshop.id, category, wall)
view = st.radio("Show", ["Cards", "Drag and drop"], horizontal=True, key="wall-view")
if view == "Drag and drop":
    board(workshop.id, wall)
else:
    columns = st.columns(3, gap="medium")
    for index, card in enumerate(wall):
        with columns[index % 3].container(border=True):
            keywords, typical = labels.get(card.theme.id if card.theme else None, ([], None))
            st.html(look.card_html(card, category, keywords, typical, query))
            if card.theme:
                theme_menu(workshop.id, card, (keywords, typical))
aside = set_aside_statements(statements, category)
if aside:
    with st.expander(f"Set aside ({len(aside)}): kept, not counted"):
        by_id = {s.id: s for s in aside}
        back = st.multiselect("Bring back", list(by_id), format_func=lambda i: statement_label(by_id[i]))
        if st.button("Bring back", disabled=not back):
            apply_edit(workshop.id, lambda: edits.set_aside([by_id[i] for i in back], aside=False))
if split := st.session_state.get("split"):
    theme_id, parts = split
    card = next((c for c in wall if c.theme and c.theme.id == theme_id), None)
    if card is None:
        forget_split()
    else:
        split_dialog(workshop.id, card.theme, card.statements, parts)
