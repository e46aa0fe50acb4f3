"""Theme labels, cached: the same wall gives the same key words, so a rerun that changed nothing
(a search, opening a menu) does not recompute them."""
import streamlit as st

from wtfc.wall import Card, card_labels


@st.cache_data(max_entries=32, show_spinner=False)
def labels_for(wall: list[Card]) -> dict[str, tuple[list[str], str | None]]:
    return card_labels(wall)
