"""Theme labels and statement vectors, cached: the same wall gives the same key words, so a rerun that
changed nothing (a search, opening a menu) does not recompute them."""
import streamlit as st

from wtfc.theming import StatementVectors
from wtfc.wall import Card, CardLabel, card_labels, merge_suggestions, statement_vectors


@st.cache_data(max_entries=32, show_spinner=False)
def labels_for(wall: list[Card]) -> dict[str, CardLabel]:
    return card_labels(wall)


@st.cache_resource(max_entries=6, show_spinner=False)
def vectors_for(texts: tuple[str, ...]) -> StatementVectors:
    """A category's statement vectors, fitted once per set of texts: moves, merges and renames leave the
    texts as they are, so *More like this* after each correction costs milliseconds. A resource rather than
    data: copying the fitted vectors out of the cache on every rerun would cost what caching saves; they
    are only ever read."""
    return statement_vectors(texts)


@st.cache_data(max_entries=32, show_spinner=False)
def alike_themes(wall: list[Card]):
    return merge_suggestions(wall)
