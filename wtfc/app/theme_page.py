"""The theme wall: the room corrects suggested themes, one or two clicks per correction."""
from __future__ import annotations

import streamlit as st

from wtfc import suggest
from wtfc.app import look
from wtfc.app.common import (act, act_in_dialog, actions, escape, require_workshop, show_flash, store,
                             undo_redo_buttons)
from wtfc.app.labels import alike_of, alike_themes, fit_vectors_ahead, labels_for, more_like, places
from wtfc.model import CATEGORIES, Theme
from wtfc.wall import (board_columns, board_moves, cards, counted_texts, find_statements, first_person_hint,
                       i_statement, set_aside_statements)
from wtfc.words import UNASSIGNED, counted, theme_title

NO_THEME = "__unassigned__"  # the "Move them to" choice of no theme
MORE_LIKE = "more-like"  # session state: the theme whose "More like this" is open
WHERE = "where"  # session state: the card whose "Where do these go?" is open (theme id, or a pile)
WHERE_SHOWN = "where-shown"  # session state: how many statements "Where do these go?" shows
WHERE_AT_ONCE = 40  # statements shown at once in "Where do these go?", each a row of pills
NEW_THEME = "__new__"  # the "Where do these go?" choice of a new theme from the statement
WHERE_MOVED = "where-moved"  # session state: the statement last moved, or made a theme, in "Where do these go?"


def statement_label(statement) -> str:
    return f"{statement.person_ref} · {statement.text}"


def suggest_panel(workshop_id: str, category: str) -> None:
    with st.expander("Suggest themes", icon=":material/auto_awesome:",
                     expanded=not any(t.category == category for t in store().themes(workshop_id))):
        st.caption("The app groups statements that use similar words. Themes the room has agreed (renamed, "
                   "voted on, planned, merged, split, locked or holding statements someone placed) keep all their "
                   "statements; the app only proposes more for them.")
        auto = st.toggle("Let the app choose how many themes", value=True, key="auto-count")
        count = None if auto else int(st.number_input("How many themes", min_value=1, max_value=60, value=8))
        one, every = st.columns(2)
        if one.button(f"Suggest for “{category}”", type="primary", icon=":material/auto_awesome:"):
            act(workshop_id, lambda a: a.suggest_themes([category], n_themes=count).summary)
        if every.button("Suggest for every category"):
            act(workshop_id, lambda a: a.suggest_themes(CATEGORIES, n_themes=count).summary)
        st.caption("Statements added after the themes were made can be placed without moving anyone else.")
        if st.button(f"Place new statements in “{category}”", icon=":material/add_task:"):
            act(workshop_id, lambda a: a.place_new_statements([category]))


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
            verb = "contains" if len(found) == 1 else "contain"
            st.caption(f"{len(found)} of {counted(len(statements), 'statement')} {verb} “{escape(query.strip())}”, "
                       "whole words and phrases first.")
        # Typing filters by the words typed, never by scattered letters, and Enter picks the one option
        # on show: there is no "select all matches" for it to pick.
        chosen = st.multiselect("Statements to move", [s.id for s in found], key=f"move-statements-{fresh}",
                                format_func=lambda i: statement_label(statements[i]), filter_mode="contains",
                                select_all=False, placeholder="Pick the statements…")
        target = st.selectbox("Move them to", [*by_id, NO_THEME], key="move-target",
                              format_func=lambda i: UNASSIGNED if i == NO_THEME else theme_title(by_id[i].name))
        go, aside = st.columns(2)
        if go.button("Move", type="primary", disabled=not chosen, icon=":material/arrow_forward:"):
            st.session_state["move-round"] = fresh + 1
            act(workshop_id, lambda a: a.move_statements([statements[i] for i in chosen], by_id.get(target)))
        if aside.button("Set aside (kept, not counted)", disabled=not chosen):
            st.session_state["move-round"] = fresh + 1
            act(workshop_id, lambda a: a.set_aside([statements[i] for i in chosen]))
    with merge:
        for first, second, _ in alike_themes(wall):
            if st.button(f"Merge “{escape(first.name)}” and “{escape(second.name)}” (they use alike words)",
                         key=f"alike-{first.id}-{second.id}", icon=":material/merge:"):
                act(workshop_id, lambda a, first=first, second=second: a.merge_themes(first, [second]))
        picked = st.multiselect("Themes to merge (the first keeps its name)", list(by_id), key="merge-themes",
                                format_func=lambda i: theme_title(by_id[i].name))
        if st.button("Merge", type="primary", disabled=len(picked) < 2, icon=":material/merge:"):
            act(workshop_id, lambda a: a.merge_themes(by_id[picked[0]], [by_id[i] for i in picked[1:]]))
    with create:
        name = st.text_input("Name of the new theme", key="new-theme-name", placeholder="I want …")
        if hint := first_person_hint(name):
            st.caption(hint)
        if st.button("Create theme", type="primary", disabled=not name.strip(), icon=":material/add:",
                     help="The app then offers the statements that may belong in it."):
            # A theme made from a name alone is offered its likely statements at once.
            open_dialog(MORE_LIKE, (category, " ".join(name.split())))
            act(workshop_id, lambda a: a.create_theme(category, name))


@st.fragment
def theme_menu(workshop_id: str, card, label) -> None:
    """A card's menu, built only while open (opening it reruns just this card): built on every rerun, twenty
    cards' boxes and buttons were the largest part of each rerun of the wall."""
    theme = card.theme
    menu = st.popover("Change this theme", icon=":material/edit:", key=menu_key(theme), on_change="rerun")
    if not menu.open:
        return
    with menu:
        box = f"rename-box-{theme.id}"
        st.session_state.setdefault(box, theme.name)
        if label and label.short_name:
            phrased = i_statement(label.short_name, theme.category)
            st.caption(f"Suggested name: “{escape(label.short_name)}”")
            st.button(f"Use “{escape(phrased)}”", key=f"use-name-{theme.id}", icon=":material/edit_note:",
                      on_click=st.session_state.__setitem__, args=(box, phrased),
                      help="Puts it in the name box, to change as the room says it, then Rename")
        with st.form(f"rename-{theme.id}", border=False):
            name = st.text_input("Name, as a person would say it", key=box)
            if hint := first_person_hint(name):
                st.caption(hint)
            if label and label.keywords:
                st.caption("Key words: " + escape(", ".join(label.keywords)))
            if label and label.typical:
                st.caption(f"Most typical: “{escape(label.typical)}”")
            if st.form_submit_button("Rename"):
                act(workshop_id, lambda a: a.rename_theme(theme, name))
        if st.button("Unlock" if theme.locked else "Lock", key=f"lock-{theme.id}",
                     icon=":material/lock_open:" if theme.locked else ":material/lock:"):
            act(workshop_id, lambda a: a.lock_theme(theme, not theme.locked))
        st.number_input("Split into", min_value=2, max_value=6, value=2, key=split_count_key(theme),
                        disabled=len(card.statements) < 2)
        st.button("Preview a split", key=f"split-{theme.id}", disabled=len(card.statements) < 2,
                  icon=":material/call_split:", on_click=preview_split, args=(theme,))
        if st.button("Delete theme", key=f"delete-{theme.id}", icon=":material/delete:",
                     help="Its statements go back to Unassigned. Undo brings it back."):
            act(workshop_id, lambda a: a.delete_theme(theme))


def menu_key(theme: Theme) -> str:
    return f"menu-{theme.id}"


def split_count_key(theme: Theme) -> str:
    return f"split-n-{theme.id}"


def preview_split(theme: Theme) -> None:
    """Open the split's preview from the card's menu. The menu is a fragment and the page draws the dialogs,
    so the whole page is asked for: after a fragment's callback Streamlit would rerun only the menu, and the
    preview would not open."""
    open_dialog("split", (theme.id, int(st.session_state[split_count_key(theme)])))
    st.rerun()


def forget_split() -> None:
    st.session_state.pop("split", None)


@st.dialog("Split a theme", width="large", on_dismiss=forget_split)
def split_dialog(workshop_id: str, theme: Theme, members, parts: int) -> None:
    groups = suggest.split_groups(members, parts)
    st.write(f"“{escape(theme.name)}” would become {counted(len(groups), 'theme')}. The first group keeps the name.")
    for number, group in enumerate(groups, start=1):
        st.markdown(f"**Group {number}** ({counted(len(group), 'statement')})")
        st.html("<ul>" + "".join(f"<li>{look.highlighted(s.text, '')}</li>" for s in group[:8]) + "</ul>")
        if number > 1:
            st.text_input(f"Name for group {number}", key=split_name_key(number), value=f"{theme.name} ({number})")
    split, cancel = st.columns(2)
    split.button("Split", type="primary", on_click=split_theme, args=(workshop_id, theme, groups))
    if cancel.button("Cancel"):
        forget_split()
        st.rerun()


def split_theme(workshop_id: str, theme: Theme, groups) -> None:
    """The split as previewed, with the names as typed, applied in the button's callback: the wall is drawn
    once, with the new themes."""
    names = [st.session_state[split_name_key(number)] for number in range(2, len(groups) + 1)]
    forget_split()
    act_in_dialog(workshop_id, lambda a: a.split_theme(theme, groups, names))


def split_name_key(number: int) -> str:
    return f"split-name-{number}"


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


def forget_more_like() -> None:
    st.session_state.pop(MORE_LIKE, None)


def forget_where() -> None:
    for key in (WHERE, WHERE_SHOWN, WHERE_MOVED):
        st.session_state.pop(key, None)


def place_name(statement, by_id) -> str:
    if statement.theme_id in by_id:
        return f"now in “{escape(by_id[statement.theme_id].name)}”"
    return "now in Not sure yet" if statement.unsure else "now Unassigned"


@st.dialog("More like this", width="large", on_dismiss=forget_more_like)
def more_like_dialog(workshop_id: str, theme: Theme) -> None:
    """The statements nobody placed that fit this theme better than where they are; the likeliest start
    ticked, and the room unticks those that do not belong."""
    themes = store().themes(workshop_id)
    found = more_like(store().statements(workshop_id), themes, actions(workshop_id).agreed_themes(), theme)
    st.markdown(f"**{escape(theme_title(theme.name))}**: statements that may belong here, best fit first. "
                + ("The likeliest are ticked: untick any that do not belong, tick any others that do."
                   if any(p.ticked for p in found) else "Tick those that do."))
    if not found:
        st.info("No statement that nobody placed fits this theme better than where it is.", icon=":material/info:")
    by_id = {t.id: t for t in themes}
    ticked = [p.statement for p in found
              if st.checkbox(f"{escape(p.statement.text)}  \n:gray[{place_name(p.statement, by_id)} · fits {p.likely:.0%}"
                             f"{' · proposed when themes were suggested' if p.statement.proposed_theme_id == theme.id else ''}]",
                             value=p.ticked, key=tick_key(theme, p.statement))]
    add, cancel = st.columns(2)
    add.button("Add the ticked", type="primary", disabled=not ticked, icon=":material/playlist_add:", width="stretch",
               on_click=add_the_ticked, args=(workshop_id, theme, [p.statement for p in found]))
    if cancel.button("Close", width="stretch"):
        forget_more_like()
        st.rerun()


def add_the_ticked(workshop_id: str, theme: Theme, offered) -> None:
    """*Add the ticked*, applied in the button's callback (the ticks as they are when it is clicked); the dialog
    closes and the wall is drawn once, with them in the theme."""
    ticked = [s for s in offered if st.session_state.get(tick_key(theme, s))]
    forget_more_like()
    act_in_dialog(workshop_id, lambda a: a.add_the_ticked(ticked, theme))


def tick_key(theme: Theme, statement) -> str:
    return f"tick-{theme.id}-{statement.id}"


@st.dialog("Where do these go?", width="large", on_dismiss=forget_where)
def where_dialog(workshop_id: str, wall) -> None:
    """Each statement of a card with its three likeliest other themes, those that fit elsewhere first: one
    click moves it, and the dialog stays open for the next. One row of pills a statement, so a whole card
    is drawn at once without making each rerun slow.

    The card is looked up on each run: *Next* reruns only the dialog, with the arguments of the page's last
    run, so a card passed in would stay the one first opened."""
    card = where_card(wall)
    places_of = places(store().statements(workshop_id), store().themes(workshop_id), card.statements)
    shown_count = st.session_state.get(WHERE_SHOWN, WHERE_AT_ONCE)
    by_id = {s.id: s for s in card.statements}
    st.markdown(f"**{escape(card.title)}**: each statement's likeliest themes, best first; one click moves it "
                "there, or starts a new theme from it. Those that fit another theme better come first.")
    if not card.statements:
        st.info("No statements here.", icon=":material/info:")
    alike_panel(workshop_id, card)
    for statement_id in list(places_of)[:shown_count]:
        statement = by_id[statement_id]
        themes = {theme.id: theme for theme, _ in places_of[statement_id]}
        st.pills(f"“{escape(statement.text)}”", [*themes, NEW_THEME], key=where_key(statement),
                 format_func=lambda choice, themes=themes: (
                     ":material/add: New theme" if choice == NEW_THEME else escape(theme_title(themes[choice].name))),
                 on_change=move_as_chosen, args=(workshop_id, statement, themes))
    more, following, close = st.columns(3)
    if len(places_of) > shown_count:
        more.button(f"Show {min(WHERE_AT_ONCE, len(places_of) - shown_count)} more", key="where-more", width="stretch",
                    on_click=st.session_state.__setitem__, args=(WHERE_SHOWN, shown_count + WHERE_AT_ONCE))
    after = next_card(wall, card)
    if after is not None:
        following.button(f"Next: {escape(after.title)}", key="where-next", width="stretch",
                         on_click=open_dialog, args=(WHERE, card_key(after)), icon=":material/arrow_forward:")
    if close.button("Close", key="where-close", width="stretch"):
        forget_where()
        st.rerun()


def alike_panel(workshop_id: str, card) -> None:
    """After a move (or a new theme from a statement): the statements left here most like it, ticked, to send
    along in one click."""
    statements, themes = store().statements(workshop_id), store().themes(workshop_id)
    moved = next((s for s in statements if s.id == st.session_state.get(WHERE_MOVED)), None)
    theme = next((t for t in themes if moved and t.id == moved.theme_id), None)
    if theme is None or moved.id in {s.id for s in card.statements}:
        return  # nothing moved yet, or the move was undone
    offered = alike_of(statements, themes, actions(workshop_id).agreed_themes(), moved, card.statements)
    if not offered:
        return
    with st.container(border=True):
        st.markdown(f"“{escape(moved.text)}” went to **{escape(theme_title(theme.name))}**. These here are alike: "
                    "untick any that do not go with it.")
        ticked = [s for s in offered if st.checkbox(escape(s.text), value=True, key=along_key(moved, s))]
        st.button("Move the ticked there too", key="along", type="primary", disabled=not ticked,
                  icon=":material/playlist_add:", on_click=send_along, args=(workshop_id, moved, theme, offered))


def along_key(moved, statement) -> str:
    return f"along-{moved.id}-{statement.id}"


def send_along(workshop_id: str, moved, theme: Theme, offered) -> None:
    """*Move the ticked there too*, applied in the button's callback with the ticks as they are."""
    ticked = [s for s in offered if st.session_state.get(along_key(moved, s))]
    st.session_state.pop(WHERE_MOVED, None)
    act_in_dialog(workshop_id, lambda a: a.send_along(ticked, theme))


def where_key(statement) -> str:
    return f"goes-{statement.id}"


def move_as_chosen(workshop_id: str, statement, themes) -> None:
    """The pill clicked in *Where do these go?*, applied in its callback: the statement moves to that theme, or
    starts a theme of its own. The pill is cleared first, so a refused move leaves nothing chosen."""
    chosen = st.session_state.pop(where_key(statement), None)
    st.session_state.pop(WHERE_MOVED, None)

    def moved(summary: str) -> str:
        st.session_state[WHERE_MOVED] = statement.id  # only once the change is made: its alike are offered next
        return summary

    if chosen == NEW_THEME:
        act_in_dialog(workshop_id, lambda a: moved(a.new_theme_from(statement)))
    elif chosen in themes:
        act_in_dialog(workshop_id, lambda a: moved(a.move_statements([statement], themes[chosen])))


def where_card(wall):
    """The card whose *Where do these go?* is open, or None (its theme is gone)."""
    return next((c for c in wall if card_key(c) == st.session_state.get(WHERE)), None)


def next_card(wall, card):
    """The card after ``card`` on the wall that holds statements (round to the first), or None."""
    keys = [card_key(c) for c in wall]
    here = keys.index(card_key(card)) if card_key(card) in keys else -1
    around = wall[here + 1:] + wall[:max(here, 0)]
    return next((c for c in around if c.statements), None)


def card_key(card) -> str:
    return card.theme.id if card.theme else ("unsure" if card.unsure else "unassigned")


def open_dialog(which: str, value) -> None:
    """One dialog at a time: opening one closes any other."""
    for key in ("split", MORE_LIKE, WHERE, WHERE_SHOWN, WHERE_MOVED):
        st.session_state.pop(key, None)
    st.session_state[which] = value


def card_buttons(card) -> None:
    """More like this (themes) and Where do these go? (any card with statements), each opening its dialog."""
    key = card_key(card)
    # One above the other: side by side, a projected card's narrow column cuts their words off.
    if card.theme:
        st.button("More like this", key=f"more-{key}", icon=":material/playlist_add:", width="stretch",
                  on_click=open_dialog, args=(MORE_LIKE, card.theme.id),
                  help="Statements nobody placed that fit this theme best")
    if card.statements:
        st.button("Where do these go?", key=f"where-{key}", icon=":material/alt_route:", width="stretch",
                  on_click=open_dialog, args=(WHERE, key), help="The three likeliest themes for each statement here")


def board(workshop_id: str, wall) -> None:
    """Drag and drop between themes (streamlit-sortables); a drop is one move in the edit log."""
    from streamlit_sortables import sort_items

    columns, by_label = board_columns(wall)
    assignment = hash(tuple((s.id, s.theme_id) for s in by_label.values()))
    dropped = sort_items(columns, multi_containers=True, direction="vertical", custom_style=BOARD_STYLE,
                         key=f"board-{assignment}")
    if moves := board_moves(wall, dropped, by_label):
        act(workshop_id, lambda a: a.move_dropped(moves))


workshop = require_workshop("Theme wall")

look.styles()
st.title("Theme wall")
show_flash()
# The categories on a row of their own: beside the search box, a projected wall cut their names off.
category = st.segmented_control("Category", CATEGORIES, default=CATEGORIES[0], key="wall-category",
                                bind="query-params", format_func=lambda c: " ".join(look.CATEGORY_STYLE[c][1:])) or CATEGORIES[0]
top = st.columns([3, 2], vertical_alignment="bottom")
query = top[0].text_input("Find statements containing", key="wall-search", placeholder="e.g. weekend")
with top[1]:
    undo_redo_buttons(workshop.id)

statements, themes = store().statements(workshop.id), store().themes(workshop.id)
agreed = actions(workshop.id).agreed_themes()
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
            label = labels.get(card.theme.id) if card.theme else None
            st.html(look.card_html(card, category, label, query, agreed=agreed.get(card.theme.id, ()) if card.theme else ()))
            card_buttons(card)
            if card.theme:
                theme_menu(workshop.id, card, label)
aside = set_aside_statements(statements, category)
if aside:
    with st.expander(f"Set aside ({len(aside)}): kept, not counted"):
        by_id = {s.id: s for s in aside}
        back = st.multiselect("Bring back", list(by_id), format_func=lambda i: statement_label(by_id[i]))
        if st.button("Bring back", disabled=not back):
            act(workshop.id, lambda a: a.set_aside([by_id[i] for i in back], aside=False))
if split := st.session_state.get("split"):
    theme_id, parts = split
    card = next((c for c in wall if c.theme and c.theme.id == theme_id), None)
    if card is None:
        forget_split()
    else:
        split_dialog(workshop.id, card.theme, card.statements, parts)
elif wanted := st.session_state.get(MORE_LIKE):
    # A theme id, or (category, name) of a theme just created from a name: the newest of that name.
    theme = next((t for t in reversed(themes) if t.id == wanted or [t.category, t.name] == list(wanted)), None)
    if theme is None:
        forget_more_like()
    else:
        st.session_state[MORE_LIKE] = theme.id
        more_like_dialog(workshop.id, theme)
elif st.session_state.get(WHERE):
    if where_card(wall) is None:
        forget_where()
    else:
        where_dialog(workshop.id, wall)
fit_vectors_ahead(counted_texts(statements, category))
