"""Theme labels and statement vectors, cached: the same wall gives the same key words, so a rerun that
changed nothing (a search, opening a menu) does not recompute them, and a correction recomputes them
from statements already tokenised."""
import hashlib

import streamlit as st

from wtfc.model import Theme
from wtfc.theming import StatementVectors, WordUse
from wtfc.wall import Card, CardLabel, card_labels, merge_suggestions, statement_vectors


def wall_fingerprint(wall: list[Card]) -> str:
    """A short digest of all the labels depend on: each card's theme id and pile, and its statements' ids
    and texts. Not the themes' names: a rename or a lock changes no key word, so it recomputes nothing.
    The caches are keyed by it: letting Streamlit hash the wall itself walks every field of every
    statement and cost more than half of each rerun at 2,000 statements."""
    digest = hashlib.blake2b(digest_size=16)
    for card in wall:
        digest.update(repr((card.theme.id if card.theme else None, card.unsure)).encode())
        for statement in card.statements:
            digest.update(f"\0{statement.id}\0{statement.text}".encode())
    return digest.hexdigest()


@st.cache_resource(max_entries=6, show_spinner=False)
def _word_use(texts_digest: str, _texts: tuple[str, ...]) -> WordUse:
    return WordUse(_texts)


def words_for(wall: list[Card]) -> WordUse:
    """Every statement on the wall tokenised once per set of texts: moves, merges, splits and *Add the
    ticked* only regroup them, so the labels after a correction are a few sparse sums. A resource: only
    ever read."""
    texts = tuple(sorted({s.text for card in wall for s in card.statements}))
    return _word_use(hashlib.blake2b("\0".join(texts).encode(), digest_size=16).hexdigest(), texts)


@st.cache_data(max_entries=32, show_spinner=False)
def _labels(fingerprint: str, _wall: list[Card]) -> dict[str, CardLabel]:
    return card_labels(_wall, words=words_for(_wall))


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
def _alike(fingerprint: str, _wall: list[Card]) -> list[tuple[str, str, float]]:
    return [(first.id, second.id, score) for first, second, score in merge_suggestions(_wall, words=words_for(_wall))]


def alike_themes(wall: list[Card]) -> list[tuple[Theme, Theme, float]]:
    """:func:`~wtfc.wall.merge_suggestions`, cached by theme ids, so a renamed theme shows its new name."""
    by_id = {card.theme.id: card.theme for card in wall if card.theme}
    return [(by_id[first], by_id[second], score) for first, second, score in _alike(wall_fingerprint(wall), wall)]
