"""Theme labels and statement vectors, cached: the same wall gives the same key words, so a rerun that
changed nothing (a search, opening a menu) does not recompute them."""
import hashlib

import streamlit as st

from wtfc.theming import StatementVectors
from wtfc.wall import Card, CardLabel, card_labels, merge_suggestions, statement_vectors


def wall_fingerprint(wall: list[Card]) -> str:
    """A short digest of all the labels depend on (each card's theme and its statements' ids and texts).
    The caches are keyed by it: letting Streamlit hash the wall itself walks every field of every
    statement and cost more than half of each rerun at 2,000 statements."""
    digest = hashlib.blake2b(digest_size=16)
    for card in wall:
        digest.update(repr((card.theme, card.unsure)).encode())
        for statement in card.statements:
            digest.update(f"\0{statement.id}\0{statement.text}".encode())
    return digest.hexdigest()


@st.cache_data(max_entries=32, show_spinner=False)
def _labels(fingerprint: str, _wall: list[Card]) -> dict[str, CardLabel]:
    return card_labels(_wall)


def labels_for(wall: list[Card]) -> dict[str, CardLabel]:
    return _labels(wall_fingerprint(wall), wall)


@st.cache_resource(max_entries=6, show_spinner=False)
def vectors_for(texts: tuple[str, ...]) -> StatementVectors:
    """A category's statement vectors, fitted once per set of texts: moves, merges and renames leave the
    texts as they are, so *More like this* after each correction costs milliseconds. A resource rather than
    data: copying the fitted vectors out of the cache on every rerun would cost what caching saves; they
    are only ever read."""
    return statement_vectors(texts)


@st.cache_data(max_entries=32, show_spinner=False)
def _alike(fingerprint: str, _wall: list[Card]):
    return merge_suggestions(_wall)


def alike_themes(wall: list[Card]):
    return _alike(wall_fingerprint(wall), wall)
