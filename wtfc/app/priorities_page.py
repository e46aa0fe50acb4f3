"""Prioritise: how many said it, how much it matters (votes), and the priority list per session."""
import streamlit as st

from wtfc.app import voting
from wtfc.app.common import require_workshop, show_flash
from wtfc.app.priority_list import counts_panel, priorities_panel

workshop = require_workshop("Prioritise")
st.title("Prioritise")
show_flash()
# Only the open tab is drawn (each is a whole page's work: charts, the rounds and their live results, the
# list); the tab chosen is kept in the address, so a reload or a shared link opens the same one.
counts, votes, ranked = st.tabs(["How many said it", "Voting", "Priority list"], key="prioritise-tab",
                                on_change="rerun", bind="query-params")
if counts.open:
    with counts:
        counts_panel(workshop.id)
if votes.open:
    with votes:
        voting.rounds_panel(workshop.id)
if ranked.open:
    with ranked:
        priorities_panel(workshop.id)
