"""What every page shares: the store, the open workshop (kept in the URL), undo/redo and history."""
from __future__ import annotations

import os
import re
from contextlib import contextmanager
from typing import Callable
from urllib.parse import quote, unquote

import pandas as pd
import streamlit as st

from wtfc.actions import PROBLEMS, Actions, NotAllowed, Workshops
from wtfc.model import Workshop
from wtfc.people import ROLES, Person, account_email, configured_administrators, signed_in_person
from wtfc.store import EditConflict, Store, default_db

WORKSHOP_PARAM = "workshop"
STATUS_NOTE = {"done": "", "undone": " (undone)", "discarded": " (undone, then replaced)"}


@st.cache_resource
def _store_at(location: str) -> Store:
    return Store(location)


def store() -> Store:
    """One store per file or database for the whole server; it follows $WTFC_DB as the CLI's does."""
    return _store_at(str(default_db()))


def secret(name: str) -> object | None:
    """One entry of Streamlit's secrets, or ``None`` (there is usually no secrets file on a laptop)."""
    try:
        return st.secrets[name]
    except (KeyError, FileNotFoundError):
        return None


def sign_in_configured() -> bool:
    """Whether this server is an organisation's, with sign-in: an ``[auth]`` table in the secrets."""
    return bool(secret("auth"))


def person() -> Person | None:
    """Who is signed in, with the role they have now; ``None`` on a laptop, or before signing in."""
    if not sign_in_configured() or not st.user.get("is_logged_in"):
        return None
    email = account_email(st.user.get("email") or st.user.get("preferred_username"))
    settings = secret("wtfc")
    administrators = configured_administrators(os.environ, {"wtfc": settings} if settings else {})
    return signed_in_person(email, st.user.get("name"), store().role(email) if email else None, administrators)


def workshops() -> Workshops:
    """The workshops the signed-in person may see, and housekeeping under their role (all, on a laptop)."""
    return Workshops(store(), person())


def may_change(workshop_id: str) -> bool:
    """Whether to offer the controls that change the workshop (a commissioner only reads)."""
    return workshops().may_change(workshop_id)


def sign_out_button() -> None:
    st.button("Sign out", icon=":material/logout:", on_click=st.logout)


def open_workshop() -> Workshop | None:
    """The workshop this browser tab has open.

    Its id lives in the URL, so a refresh or a server restart lands in the same place. Moving
    between pages clears query parameters, so the id is also remembered for this tab and put back.
    A workshop not shared with the signed-in person is not opened, whatever the address says.
    """
    workshop_id = st.query_params.get(WORKSHOP_PARAM) or st.session_state.get(WORKSHOP_PARAM)
    try:
        workshop = workshops().open(workshop_id) if workshop_id else None
    except NotAllowed as refusal:
        st.error(escape(str(refusal)), icon=":material/lock:")
        workshop = None
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
    """Who the history names: the signed-in person, or on a laptop the name typed in the sidebar (may be empty)."""
    if (signed_in := person()) is not None:
        return signed_in.author
    return st.session_state.get("author", "").strip()


@contextmanager
def reported(where=st, redraw: bool = False):
    """Show a refused action (a name taken, a conflicting edit, input the rules do not allow) in plain
    words instead of a traceback; nothing was changed.

    With ``redraw``, a conflicting edit (someone else changed the workshop since this screen was drawn)
    redraws the whole page from what is stored now, with the reason on top, so a fragment's stale view
    never lingers after its change was refused.
    """
    try:
        yield
    except PROBLEMS as problem:
        if redraw and isinstance(problem, EditConflict):
            flash(str(problem), problem=True)
            st.rerun()
        where.error(escape(str(problem)), icon=":material/error:")


def actions(workshop_id: str) -> Actions:
    """The facilitator's actions on the workshop, recorded under the signed-in person or the name in the
    sidebar; refused for someone who may only read it."""
    return Actions(store(), workshop_id, author(), person())


def act(workshop_id: str, do: Callable[[Actions], str]) -> None:
    """Carry out one facilitator action (``do`` calls the use-case layer and returns what it did), then
    redraw the page with that summary.

    A refusal (a stale screen, an empty choice, a wrong date) is shown in plain words and changes nothing.
    """
    with reported(redraw=True):
        flash(do(actions(workshop_id)))
        st.rerun()


def act_in_callback(workshop_id: str, do: Callable[[Actions], str]) -> None:
    """:func:`act` for a widget's ``on_change``: Streamlit reruns after a callback by itself, so the
    summary or the refusal is flashed for that rerun to show."""
    try:
        flash(do(actions(workshop_id)))
    except PROBLEMS as problem:
        flash(str(problem), problem=True)


def act_in_dialog(workshop_id: str, do: Callable[[Actions], str]) -> None:
    """:func:`act_in_callback` for a button's ``on_click`` inside a dialog: after a dialog's callback
    Streamlit would rerun only the dialog (a fragment), so the whole page is asked for instead, and drawn
    once with the edit in it. Applying the edit in the button's own run, as :func:`act` does, and then
    rerunning cost a second run of the page."""
    act_in_callback(workshop_id, do)
    st.rerun()  # in a callback, Streamlit 1.67 replaces the interaction's rerun with this one


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


AUTHOR_COOKIE = "wtfc_author"
AUTHOR_MAX = 60
A_YEAR = 365 * 24 * 3600


def _remember_author() -> None:
    st.session_state["author-to-remember"] = author()


def _remembered_author() -> str:
    """The name this browser last typed for the history: kept in a cookie, since it is a display name
    (not a secret) and a reload starts a new session."""
    kept = st.context.cookies.get(AUTHOR_COOKIE)
    return unquote(kept)[:AUTHOR_MAX] if isinstance(kept, str) else ""  # a test harness may give no cookies


def _remember_in_browser(name: str) -> None:
    """Write the cookie from the page itself (the server only reads cookies). The name is percent-encoded,
    so nothing typed can end the script."""
    st.html(f"<script>document.cookie = '{AUTHOR_COOKIE}={quote(name)}; path=/; max-age={A_YEAR}; "
            "SameSite=Lax';</script>", unsafe_allow_javascript=True)


def sidebar(workshop: Workshop | None, signed_in: Person | None = None) -> None:
    with st.sidebar:
        if signed_in is not None:  # the history names them: no name to type
            st.markdown(f"Signed in as **{escape(signed_in.name or signed_in.email)}**  \n{ROLES[signed_in.role]}")
            sign_out_button()
        else:
            if "author" not in st.session_state:
                st.session_state["author"] = _remembered_author()
            st.text_input("Your name (shown in the history)", key="author", max_chars=AUTHOR_MAX,
                          on_change=_remember_author)
            if (name := st.session_state.pop("author-to-remember", None)) is not None:
                _remember_in_browser(name)
        if workshop is None:
            return
        st.markdown(f"**Open workshop:** {escape(workshop.name)}")
        history_panel(workshop)


def _undo(workshop_id: str) -> None:
    with reported():
        if record := actions(workshop_id).undo():
            flash(f"Undone: {record.summary}")


def _redo(workshop_id: str) -> None:
    with reported():
        if record := actions(workshop_id).redo():
            flash(f"Redone: {record.summary}")


def undo_redo_buttons(workshop_id: str, key: str = "") -> None:
    s = store()
    left, right = st.columns(2)
    left.button("Undo", icon=":material/undo:", on_click=_undo, args=(workshop_id,), key=f"undo{key}",
                disabled=not s.can_undo(workshop_id), width="stretch")
    right.button("Redo", icon=":material/redo:", on_click=_redo, args=(workshop_id,), key=f"redo{key}",
                 disabled=not s.can_redo(workshop_id), width="stretch")


HISTORY_OPEN = "history-open"  # session state: whether the sidebar's History is open


def history_panel(workshop: Workshop) -> None:
    if may_change(workshop.id):
        undo_redo_buttons(workshop.id, key="-sidebar")
    # Read and drawn only while open (opening it reruns the page): decoding every logged edit cost about 10 ms
    # of each rerun of the theme wall at 2,000 statements, for a panel that is usually closed.
    history = st.expander("History", icon=":material/history:", key=HISTORY_OPEN, on_change="rerun")
    if not history.open:
        return
    with history:
        records = store().history(workshop.id)
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
