"""The facilitator passcode gate, asked once per browser session before any workshop is shown."""
from __future__ import annotations

import os
import time
from collections.abc import Mapping

import streamlit as st
from streamlit.runtime.app_session import AppSession

from wtfc.access import (PASSCODE_SECRET, WRONG_PASSCODE, DeviceIds, PasscodeGuard, configured_passcode,
                          passcode_problem)
from wtfc.app.common import secret

UNLOCKED = "passcode-given"
WRONG_PASSCODE_DELAY = 1.0  # seconds: slows guessing, and a person hardly notices it
# One of each for the whole server, in an imported module (page scripts run afresh each time) and out of
# Streamlit's caches (which a participant's session could clear).
GUARD = PasscodeGuard()
DEVICES = DeviceIds()


def _ignore_cache_clearing(_session: AppSession) -> None:
    """Streamlit 1.67 empties the whole server's caches when any browser asks ("clear_cache"), and no
    setting turns that off; nobody using wtfc needs it, and a participant's phone must not be able to."""


AppSession._handle_clear_cache_request = _ignore_cache_clearing


def _secrets() -> Mapping[str, object]:
    """The passcode from Streamlit's secrets, or nothing (there is usually no secrets file on a laptop)."""
    passcode = secret(PASSCODE_SECRET)
    return {} if passcode is None else {PASSCODE_SECRET: passcode}


def _passcode() -> str | None:
    return configured_passcode(os.environ, _secrets())


def client_address() -> str | None:
    """The network address the browser connects from (a proxy's, behind one); ``None`` when unknown."""
    address = st.context.ip_address
    return address if isinstance(address, str) else None  # AppTest has no real client


def passcode_set() -> bool:
    return _passcode() is not None


def passcode_given() -> bool:
    """True when no passcode is set, or this browser session has given it."""
    return _passcode() is None or bool(st.session_state.get(UNLOCKED))


def passcode_form() -> None:
    """Ask for the passcode and stop the run; the right one opens the page the address asked for."""
    st.title("Working Together for Change")
    passcode = _passcode()
    if passcode is not None and (problem := passcode_problem(passcode)):
        st.error(problem, icon=":material/error:")
        st.stop()
    st.write("These workshops hold what people said about their own care. Type the facilitator passcode "
             "to open them. (People voting on their phones do not need it: their voting link opens their vote.)")
    with st.form("passcode-form"):
        given = st.text_input("Facilitator passcode", type="password", max_chars=200)
        submitted = st.form_submit_button("Open the workshops", type="primary", icon=":material/lock_open:")
    if submitted:
        refused = GUARD.attempt(given, passcode, client_address()) if passcode is not None else None
        if refused is None:
            st.session_state[UNLOCKED] = True
            st.rerun()
        if refused == WRONG_PASSCODE:
            time.sleep(WRONG_PASSCODE_DELAY)
        st.error(refused, icon=":material/error:")
    st.stop()
