"""Prioritise: how many said it, how much it matters (votes), and the priority list per session."""
import streamlit as st

from wtfc.app import voting
from wtfc.app.common import require_workshop, show_flash
from wtfc.app.priority_list import counts_panel, priorities_panel

workshop = require_workshop("Prioritise")
st.title("Prioritise")
show_flash()
counts, votes, ranked = st.tabs(["How many said it", "Voting", "Priority list"], key="prioritise-tab")
with counts:
    counts_panel(workshop.id)
with votes:
    voting.rounds_panel(workshop.id)
with ranked:
    priorities_panel(workshop.id)
