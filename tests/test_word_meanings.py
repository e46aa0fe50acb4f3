"""The English word meanings shipped with wtfc (wtfc/data/word_meanings.npz) and how the statement vectors
use them: statements that share no word but mean the same come together."""
from __future__ import annotations

import re

import numpy as np
import pytest

from wtfc.placing import ThemePlacer
from wtfc.privacy import GIVEN_NAMES, WORD_LIKE_NAMES
from wtfc.theming import WORD_MEANINGS, StatementVectors, ThemeSuggester, word_meanings

# Pairs that share no word or word form: only knowing what the words mean links them.
SAME_MEANING = ["Staff kind", "Workers friendly", "Always rushed", "Carers hurried", "Tablets missed",
                "Medication forgotten", "Garden lovely", "Meals delicious", "Visits late again", "Calls delayed"]


def nearest_of(vectors: np.ndarray) -> list[int]:
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, -np.inf)
    return similarity.argmax(axis=1).tolist()


def test_the_shipped_table_holds_whole_english_words_and_no_peoples_names():
    with np.load(WORD_MEANINGS, allow_pickle=False) as table:
        words, codes, scales = table["words"].tolist(), table["codes"], table["scales"]
    assert words == sorted(set(words)) and len(words) > 20_000
    assert all(re.fullmatch(r"[a-z]{2,}", word) for word in words)
    assert not set(words) & (GIVEN_NAMES - WORD_LIKE_NAMES)  # "sharon" is not a meaning
    assert {"grace", "will", "rose"} <= set(words)  # names that are also everyday words keep their meaning
    assert codes.dtype == np.int8 and codes.shape == (len(words), 256)
    assert scales.shape == (len(words),) and np.isfinite(scales).all() and (scales > 0).all()
    row_of, rows = word_meanings()
    assert np.allclose(np.linalg.norm(rows, axis=1), 1, atol=1e-5)
    cosine = lambda a, b: float(rows[row_of[a]] @ rows[row_of[b]])  # noqa: E731
    assert cosine("rushed", "hurried") > 0.5 > cosine("rushed", "garden")
    assert cosine("medication", "tablets") > 0.3 > cosine("medication", "lonely")


def test_statements_that_share_no_word_but_mean_the_same_are_nearest_each_other():
    with_meanings = nearest_of(StatementVectors().fit_transform(SAME_MEANING))
    without = nearest_of(StatementVectors(meaning_weight=0).fit_transform(SAME_MEANING))
    pairs = [(0, 1), (2, 3)]
    for a, b in pairs:
        assert with_meanings[a] == b and with_meanings[b] == a, (SAME_MEANING[a], SAME_MEANING[b])
    assert any(without[a] != b or without[b] != a for a, b in pairs)  # the workshop's own words alone miss them


def test_a_placed_example_brings_statements_in_other_words_with_it():
    texts = SAME_MEANING * 3  # a workshop where each is said three times
    y = np.full(len(texts), -1)
    y[[0, 2, 4]] = [0, 1, 2]  # the room placed "Staff kind", "Always rushed" and "Tablets missed"
    placer = ThemePlacer(StatementVectors(), random_state=0).fit(texts, y)
    placed = dict(zip(texts, placer.predict(texts).tolist()))
    assert placed["Workers friendly"] == 0
    assert placed["Carers hurried"] == 1
    assert placed["Medication forgotten"] == 2


def test_without_meanings_the_vectors_are_the_workshops_own():
    vectors = StatementVectors(meaning_weight=0).fit(SAME_MEANING)
    assert vectors.meanings_ is None
    assert vectors.transform(SAME_MEANING).shape[1] < StatementVectors().fit(SAME_MEANING).transform(
        SAME_MEANING).shape[1]


def test_words_the_table_does_not_know_give_unit_vectors_not_errors():
    texts = ["Zorblat frimmed the wuggle", "Zorblat was frimmed", "Staff kind", "Workers friendly"]
    vectors = StatementVectors().fit(texts)
    found = vectors.transform(texts + ["Glimbo sprok"])
    assert np.isfinite(found).all()
    assert np.allclose(np.linalg.norm(found[:4], axis=1), 1, atol=1e-5)


@pytest.mark.parametrize("max_fit, used", [(1_000, True), (30, False)])
def test_the_suggester_uses_meanings_when_it_learns_from_every_statement(max_fit, used):
    texts = [f"{word} visit number {n}" for n in range(20) for word in ("late", "early", "missed")]
    model = ThemeSuggester(max_fit_statements=max_fit, random_state=0).fit(texts)
    assert (model.vectors_.meanings_ is not None) is used
    assert (model.labels_ >= -1).all() and model.n_themes_ >= 1
