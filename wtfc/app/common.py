"""What every page shares: the store, the open workshop (kept in the URL), undo/redo and history."""
from __future__ import annotations

import re
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from wtfc.model import Workshop
from wtfc.store import EditConflict, Store, StoreError, default_db_path

WORKSHOP_PARAM = "workshop"
STATUS_NOTE = {"done": "", "undone": " (undone)", "discarded": " (undone, then replaced)"}


@st.cache_resource
def _store_at(path: str) -> Store:
    return Store(path)


def store() -> Store:
    """One store per file for the whole server; the path follows $WTFC_DB as the CLI's does."""
    return _store_at(str(default_db_path()))


def open_workshop() -> Workshop | None:
    """The workshop this browser tab has open.

    Its id lives in the URL, so a refresh or a server restart lands in the same place. Moving
    between pages clears query parameters, so the id is also remembered for this tab and put back.
    """
    workshop_id = st.query_params.get(WORKSHOP_PARAM) or st.session_state.get(WORKSHOP_PARAM)
    workshop = store().workshop(workshop_id) if workshop_id else None
    if workshop is None:
        if workshop_id:
            st.query_params.pop(WORKSHOP_PARAM, None)
            st.session_state.pop(WORKSHOP_PARAM, None)
        return None
    st.session_state[WORKSHOP_PARAM] = workshop.id
    if st.query_params.get(WORKSHOP_PARAM) != workshop.id:
        st.query_params[WORKSHOP_PARAM] = workshop.id
    return workshop


def require_workshop(title: str) -> Workshop:
    """The open workshop; without one, say so, offer the way to the workshops, and stop the page."""
    workshop = open_workshop()
    if workshop is None:
        st.title(title)
        st.info("Open or start a workshop first.")
        st.page_link("wtfc/app/workshops_page.py", label="Go to workshops", icon=":material/home:")
        st.stop()
    return workshop


def choose_workshop(workshop_id: str | None) -> None:
    st.session_state[WORKSHOP_PARAM] = workshop_id
    if workshop_id:
        st.query_params[WORKSHOP_PARAM] = workshop_id
    else:
        st.query_params.pop(WORKSHOP_PARAM, None)


def author() -> str:
    """The name the facilitator typed in the sidebar, for the history; may be empty."""
    return st.session_state.get("author", "").strip()


@contextmanager
def reported(where=st, redraw: bool = False):
    """Show a store refusal (a name taken, a conflicting edit) in plain words instead of a traceback.

    With ``redraw``, a conflicting edit (someone else changed the workshop since this screen was drawn)
    redraws the whole page from what is stored now, with the reason on top, so a fragment's stale view
    never lingers after its change was refused.
    """
    try:
        yield
    except StoreError as problem:
        if redraw and isinstance(problem, EditConflict):
            flash(str(problem), problem=True)
            st.rerun()
        where.error(escape(str(problem)), icon=":material/error:")


def apply_edit(workshop_id: str, build_edit) -> None:
    """Build an edit from what is stored now and apply it, then redraw the page with its summary.

    A refusal (a stale screen, an empty choice, a wrong date) is shown in plain words and changes nothing.
    """
    with reported(redraw=True):
        try:
            edit = build_edit()
        except ValueError as problem:
            st.error(escape(str(problem)), icon=":material/error:")
            return
        if edit.changes:
            store().apply(workshop_id, edit, author())
            flash(edit.summary)
        else:
            flash("Nothing to change: the themes are already as the app would suggest.")
        st.rerun()


def flash(message: str, problem: bool = False) -> None:
    """A message that survives the rerun an action causes; a ``problem`` is shown as an error.

    Messages name what people wrote (a theme, a file), so they are shown literally, never as Markdown.
    """
    st.session_state["flash"] = message, problem


def show_flash() -> None:
    if flashed := st.session_state.pop("flash", None):
        message, problem = flashed
        if problem:
            st.error(escape(message), icon=":material/error:")
        else:
            st.success(escape(message), icon=":material/check_circle:")


def sidebar(workshop: Workshop | None) -> None:
    with st.sidebar:
        st.text_input("Your name (shown in the history)", key="author", max_chars=60)
        if workshop is None:
            return
        st.markdown(f"**Open workshop:** {escape(workshop.name)}")
        history_panel(workshop)


def _undo(workshop_id: str) -> None:
    with reported():
        if record := store().undo(workshop_id):
            flash(f"Undone: {record.summary}")


def _redo(workshop_id: str) -> None:
    with reported():
        if record := store().redo(workshop_id):
            flash(f"Redone: {record.summary}")


def undo_redo_buttons(workshop_id: str, key: str = "") -> None:
    s = store()
    left, right = st.columns(2)
    left.button("Undo", icon=":material/undo:", on_click=_undo, args=(workshop_id,), key=f"undo{key}",
                disabled=not s.can_undo(workshop_id), width="stretch")
    right.button("Redo", icon=":material/redo:", on_click=_redo, args=(workshop_id,), key=f"redo{key}",
                 disabled=not s.can_redo(workshop_id), width="stretch")


def history_panel(workshop: Workshop) -> None:
    s = store()
    undo_redo_buttons(workshop.id, key="-sidebar")
    with st.expander("History", icon=":material/history:"):
        records = s.history(workshop.id)
        if not records:
            st.caption("No changes yet.")
        else:  # every edit, newest first, in one element so a long history does not slow each rerun
            st.dataframe(pd.DataFrame([{
                "What": record.summary + STATUS_NOTE[record.status],
                "When": record.created_at[:16].replace("T", " "), "Who": record.author}
                for record in reversed(records)]), hide_index=True, height=min(420, 38 + 35 * len(records)))


# What Streamlit's Markdown reads as markup, escaped only where it would be read so: ordinary sentences
# ("Saved: 3 statements from reviews_2026.csv.") are left as they are.
ANYWHERE = re.compile(r"[\\`*\[\]<>$~|&]")  # emphasis, code, links, images, HTML, LaTeX, tables, entities
LONE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")  # emphasis; "a_b" inside a word is not
# Colour (":red[…]", its "[" already escaped), icons (":material/x:") and emoji (":smile:").
DIRECTIVE = re.compile(r":(?=[\w/-]+(?:\\\[|:))")
LINE_START = re.compile(r"^(\s*)([#>+=-])", re.MULTILINE)  # headings, quotes, lists, underlined headings
NUMBERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)  # numbered lists
# Web and e-mail addresses become links even when escaped (GitHub-flavoured Markdown finds them in the
# text after escapes are read); an invisible word joiner after "://", "www" and "@" keeps them words.
AUTOLINK_STARTS = re.compile(r"(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?<=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def escape(text: str) -> str:
    """Words people wrote (statements, theme names, causes, file and workshop names…), shown literally
    wherever Streamlit reads Markdown: titles, labels, captions, messages, expanders, buttons, tables.

    The one gate for such text, so no link, image, colour, LaTeX or HTML in what someone typed ever runs.
    """
    text = ANYWHERE.sub(r"\\\g<0>", AUTOLINK_STARTS.sub(WORD_JOINER, text))
    text = DIRECTIVE.sub(r"\\:", LONE_UNDERSCORE.sub(r"\\_", text))
    return NUMBERED.sub(r"\1\\\2", LINE_START.sub(r"\1\\\2", text))
