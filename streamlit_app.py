"""wtfc's entry point: `make run` (or `streamlit run streamlit_app.py`)."""
import streamlit as st

from wtfc.app.common import open_workshop, sidebar

st.set_page_config(page_title="wtfc · Working Together for Change", page_icon=":material/groups:", layout="wide")

pages = st.navigation([
    st.Page("wtfc/app/workshops_page.py", title="Workshops", icon=":material/home:", default=True),
    st.Page("wtfc/app/gather_page.py", title="Gather statements", icon=":material/edit_note:"),
    st.Page("wtfc/app/theme_page.py", title="Theme wall", icon=":material/dashboard:"),
    st.Page("wtfc/app/projection_page.py", title="Projection view", icon=":material/present_to_all:"),
])
sidebar(open_workshop())
pages.run()
