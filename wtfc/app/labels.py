"""Theme labels, statement vectors and the wall's proposals, cached: the same wall gives the same key
words, so a rerun that changed nothing (a search, opening a menu, ticking a proposal) does not recompute
them, and a correction recomputes them from statements already tokenised."""
import hashlib
from concurrent.futures import Future, ThreadPoolExecutor

import streamlit as st
from threadpoolctl import threadpool_limits

from typing import Collection, Sequence

from wtfc.model import Statement, Theme
from wtfc.placing import ThemePlacer
from wtfc.theming import StatementVectors, WordUse
from wtfc.wall import (Card, CardLabel, Proposal, alike_left_behind, card_labels, counted_texts, merge_suggestions,
                       more_like_this, statement_vectors, where_these_go)

# The wall's numerical work (statement vectors, placing) runs on one BLAS thread. Its matrices are small, and
# on a machine busy with other work OpenBLAS's threads wait for each other: fitting one category's vectors in
# a workshop of 2,000 statements took 1-12 s instead of 0.2 s (load average 11 on 2 cores). For the whole
# server process, as OpenBLAS has no setting per thread; set once numpy, scipy and scikit-learn are loaded, so
# it reaches each.
threadpool_limits(limits=1, user_api="blas")


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
    return _word_use(_digest(texts), texts)


@st.cache_data(max_entries=32, show_spinner=False)
def _labels(fingerprint: str, _wall: list[Card]) -> dict[str, CardLabel]:
    return card_labels(_wall, words=words_for(_wall))


def labels_for(wall: list[Card]) -> dict[str, CardLabel]:
    return _labels(wall_fingerprint(wall), wall)


_FITTING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wtfc-statement-vectors")


@st.cache_resource(max_entries=6, show_spinner=False)
def _vectors(texts_digest: str, _texts: tuple[str, ...]) -> Future[StatementVectors]:
    return _FITTING.submit(_fitted, _texts)


def _fitted(texts: tuple[str, ...]) -> StatementVectors:
    """The statement vectors, with the graph of each statement's nearest neighbours the wall's placer first
    builds on them (the vectors remember it, for the same distinct texts and count): built here, in the
    background, it is no longer part of the room's first *More like this* (77–200 ms at 2,000 statements)."""
    vectors = statement_vectors(texts)
    vectors.neighbour_graph(list(dict.fromkeys(texts)), ThemePlacer().neighbours)
    return vectors


def vectors_for(texts: tuple[str, ...]) -> StatementVectors:
    """A category's statement vectors, fitted once per set of texts: moves, merges and renames leave the
    texts as they are, so *More like this* after each correction costs milliseconds. A resource rather than
    data: copying the fitted vectors out of the cache on every rerun would cost what caching saves; they
    are only ever read."""
    return _vectors(_digest(texts), texts).result()


def fit_vectors_ahead(texts: tuple[str, ...]) -> None:
    """Start fitting a category's statement vectors in the background as the wall shows it (a few tenths
    of a second at 2,000 statements), so the room's first *More like this* finds them ready."""
    _vectors(_digest(texts), texts)


def _digest(texts: tuple[str, ...]) -> str:
    return hashlib.blake2b("\0".join(texts).encode(), digest_size=16).hexdigest()


@st.cache_data(max_entries=32, show_spinner=False)
def _alike(fingerprint: str, _wall: list[Card]) -> list[tuple[str, str, float]]:
    return [(first.id, second.id, score) for first, second, score in merge_suggestions(_wall, words=words_for(_wall))]


def alike_themes(wall: list[Card]) -> list[tuple[Theme, Theme, float]]:
    """:func:`~wtfc.wall.merge_suggestions`, cached by theme ids, so a renamed theme shows its new name."""
    by_id = {card.theme.id: card.theme for card in wall if card.theme}
    return [(by_id[first], by_id[second], score) for first, second, score in _alike(wall_fingerprint(wall), wall)]


def _placing_key(statements: Sequence[Statement], themes: Sequence[Theme], category: str, *asked) -> str:
    """A digest of all that placing in ``category`` depends on: its statements (text, theme, placed by a
    person, set aside), its themes' names, and what is asked."""
    digest = hashlib.blake2b(repr(asked).encode(), digest_size=16)
    for s in statements:
        if s.category == category:
            digest.update(f"\0{s.id}\0{s.text}\0{s.theme_id}\0{s.pinned:d}{s.set_aside:d}".encode())
    for t in themes:
        if t.category == category:
            digest.update(f"\1{t.id}\0{t.name}".encode())
    return digest.hexdigest()


@st.cache_data(max_entries=32, show_spinner=False)
def _more_like(key: str, _statements, _themes, _agreed, _theme) -> list[tuple[str, float, bool]]:
    vectors = vectors_for(counted_texts(_statements, _theme.category))
    return [(p.statement.id, p.likely, p.ticked) for p in more_like_this(_statements, _themes, _agreed, _theme, vectors)]


def more_like(statements: Sequence[Statement], themes: Sequence[Theme], agreed: Collection[str],
              theme: Theme) -> list[Proposal]:
    """:func:`~wtfc.wall.more_like_this`, worked out once per state of the category: ticking a proposal and
    *Add the ticked* rerun the dialog without placing every statement again."""
    key = _placing_key(statements, themes, theme.category, "more like", theme.id, sorted(agreed))
    by_id = {s.id: s for s in statements}
    return [Proposal(by_id[i], likely, ticked) for i, likely, ticked in _more_like(key, statements, themes, agreed, theme)]


@st.cache_data(max_entries=32, show_spinner=False)
def _places(key: str, _statements, _themes, _chosen) -> dict[str, list[tuple[str, float]]]:
    vectors = vectors_for(counted_texts(_statements, _chosen[0].category))
    return {i: [(t.id, likely) for t, likely in options]
            for i, options in where_these_go(_statements, _themes, _chosen, vectors).items()}


def places(statements: Sequence[Statement], themes: Sequence[Theme],
           chosen: Sequence[Statement]) -> dict[str, list[tuple[Theme, float]]]:
    """:func:`~wtfc.wall.where_these_go` (misfits first), worked out once per state of the category: the click
    that moves a statement reruns the dialog without placing them all again."""
    if not chosen:
        return {}
    key = _placing_key(statements, themes, chosen[0].category, "where", [s.id for s in chosen])
    by_id = {t.id: t for t in themes}
    return {i: [(by_id[t], likely) for t, likely in options] for i, options in _places(key, statements, themes, chosen).items()}


@st.cache_data(max_entries=32, show_spinner=False)
def _left_behind(key: str, _moved, _left, _statements, _themes, _agreed) -> list[str]:
    vectors = vectors_for(counted_texts(_statements, _moved.category))
    return [s.id for s in alike_left_behind(_moved, _left, _themes, _agreed, vectors)]


def alike_of(statements: Sequence[Statement], themes: Sequence[Theme], agreed: Collection[str], moved: Statement,
          left: Sequence[Statement]) -> list[Statement]:
    """:func:`~wtfc.wall.alike_left_behind`, worked out once per state of the category: ticking one reruns the
    dialog without comparing them again."""
    key = _placing_key(statements, themes, moved.category, "alike", moved.id, [s.id for s in left], sorted(agreed))
    by_id = {s.id: s for s in left}
    return [by_id[i] for i in _left_behind(key, moved, left, statements, themes, agreed)]
