"""The sign-in page of an organisation's wtfc (Streamlit's own ``st.login``, OpenID Connect), and the page
for someone signed in whom no administrator has given a role yet. A laptop has neither."""
from __future__ import annotations

import streamlit as st

from wtfc.app.common import escape, person, sign_in_configured, sign_out_button
from wtfc.people import Person


def require_sign_in() -> Person | None:
    """``None`` on a laptop. With sign-in configured: the signed-in person, who has a role; anyone else
    gets a page to sign in, or to ask for access, and the run stops there."""
    if not sign_in_configured():
        return None
    signed_in = person()
    if signed_in is not None and signed_in.role is not None:
        return signed_in
    st.title("Working Together for Change")
    if signed_in is None:
        st.write("These workshops hold what people said about their own care. Sign in with your "
                 "organisation's account to open them. (People voting on their phones do not sign in: their "
                 "voting link opens their vote.)")
        st.button("Sign in", type="primary", icon=":material/login:", on_click=st.login)
    elif not signed_in.email:
        st.error("Your account did not tell wtfc your e-mail address, which wtfc knows people by. Please ask "
                 "your IT team to include the “email” scope in the sign-in settings.", icon=":material/error:")
        sign_out_button()
    else:
        st.info(escape(f"You are signed in as {signed_in.email}, but you have not been given access to wtfc "
                       "yet. Please ask your administrator for access."), icon=":material/lock:")
        sign_out_button()
    st.stop()
