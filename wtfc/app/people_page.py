"""People and roles: the organisation administrator decides who may open wtfc, and as what."""
import pandas as pd
import streamlit as st

from wtfc.actions import Organisation
from wtfc.app.common import flash, person, reported, show_flash, store
from wtfc.people import ROLES

st.title("People and roles")
st.write("Who may open wtfc, and as what. **Facilitators** start workshops and work on those they own or that "
         "are shared with them. **Commissioners** read and download the workshops shared with them and change "
         "nothing. **Organisation administrators** may do everything, including this page. People sign in "
         "with their organisation's account; give the e-mail address they sign in with.")
show_flash()
organisation = Organisation(store(), person())

with st.form("set-role", clear_on_submit=True):
    st.subheader("Give someone a role, or change it")
    left, middle, right = st.columns([3, 2, 2])
    email = left.text_input("E-mail address", placeholder="name@organisation.example")
    name = middle.text_input("Name (optional)")
    role = right.selectbox("Role", list(ROLES), format_func=ROLES.get, index=1)
    if st.form_submit_button("Save", type="primary", icon=":material/person_add:"):
        with reported():
            flash(organisation.set_role(email, name, role))
            st.rerun()

people = organisation.people()
st.subheader("Everyone with a role")
st.caption("Administrators named in the server's settings (WTFC_ADMINISTRATORS, or `administrators` under "
           "`[wtfc]` in the secrets) are administrators whatever this list says.")
if not people:
    st.info("Nobody has been given a role here yet.")
else:
    st.dataframe(pd.DataFrame([{"E-mail address": p.email, "Name": p.name, "Role": ROLES[p.role]} for p in people]),
                 hide_index=True, width="stretch")
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox("Take away the role of", [p.email for p in people], index=None,
                            placeholder="Choose someone…")
    if right.button("Take it away", icon=":material/person_remove:", disabled=chosen is None):
        with reported():
            flash(organisation.remove(chosen))
            st.rerun()
