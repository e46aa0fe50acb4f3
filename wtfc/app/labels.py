"""Theme labels, cached: the same wall gives the same key words, so a rerun that changed nothing
(a search, opening a menu) does not recompute them."""
import streamlit as st

from wtfc.wall import Card, card_labels, merge_suggestions


@st.cache_data(max_entries=32, show_spinner=False)
def labels_for(wall: list[Card]) -> dict[str, tuple[list[str], str | None]]:
    return card_labels(wall)


@st.cache_data(max_entries=32, show_spinner=False)
def alike_themes(wall: list[Card]):
    return merge_suggestions(wall)
