"""Placing statements among the room's own themes: corrections that teach.

:class:`ThemePlacer` learns each theme from the statements people placed in it and from its name
("I want to see the same carers"), so a theme with a name and no statements yet already gets
proposals. It scores every statement against every theme; the wall uses the scores for *More like
this* (a theme's best candidates) and *Where does this go?* (a statement's best themes).

Fitting statement vectors is the slow part (a fraction of a second for 2,000 statements) and depends
only on the texts: pass a fitted :class:`~wtfc.theming.StatementVectors` as ``vectors`` (a page
caches it per set of texts); it remembers its texts' vectors, so placing after each correction
costs milliseconds.
"""
from __future__ import annotations

from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context, clone
from sklearn.preprocessing import normalize
from sklearn.utils._param_validation import HasMethods, Interval
from sklearn.utils.validation import check_is_fitted

from wtfc.text import is_no_content
from wtfc.theming import UNASSIGNED, StatementVectors, _nearest, _text_input_tags


class ThemePlacer(ClassifierMixin, BaseEstimator):
    """Scores statements against themes the room has started: nearest theme centre, with the theme's name
    counted as one more statement.

    Parameters
    ----------
    vectors : fitted :class:`~wtfc.theming.StatementVectors` or None
        Statement vectors to reuse (fitted on the category's texts); None fits them on ``X`` in ``fit``.
    name_weight : float ≥ 0
        How many statements a theme's name counts as (0: names are ignored, except for themes with no
        statements, which always use theirs).
    neighbours : int ≥ 0
        Each statement's vector is averaged with this many nearest statements among those fitted on,
        which steadies short statements (0: none).
    temperature : float > 0
        Softness of the probabilities: ``softmax(cosine similarity / temperature)``.
    random_state : int
        Seed of the statement vectors when they are fitted here.

    Attributes
    ----------
    classes_ : ndarray of int, the theme numbers: every theme with a placed statement or a name.
    centres_ : ndarray (themes × dimensions), unit vector at the centre of each theme.
    vectors_ : the :class:`~wtfc.theming.StatementVectors` used (the one passed in, or fitted here).
    reference_vectors_ : the fitted statements' distinct vectors that neighbours are drawn from.
    theme_names_ : dict theme number → name, the names used.
    """

    _parameter_constraints = {
        "vectors": [None, HasMethods(["fit", "transform"])],
        "name_weight": [Interval(Real, 0, None, closed="left")],
        "neighbours": [Interval(Integral, 0, None, closed="left")],
        "temperature": [Interval(Real, 0, None, closed="neither")],
        "random_state": [Interval(Integral, 0, None, closed="left")],
    }

    def __init__(self, vectors=None, *, name_weight=1.0, neighbours=5, temperature=0.05, random_state=0):
        self.vectors = vectors
        self.name_weight = name_weight
        self.neighbours = neighbours
        self.temperature = temperature
        self.random_state = random_state

    def __sklearn_tags__(self):
        return _text_input_tags(super().__sklearn_tags__())

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, theme_names=None):
        """Learn the themes from ``X`` (all statements of a category, placed or not: the unplaced ones teach
        word meaning), ``y`` (a theme number ≥ 0 for each statement the room placed, -1 for the rest) and
        ``theme_names`` (optional dict theme number → name)."""
        texts = [str(text) for text in X]
        y = np.asarray(y)
        if y.shape != (len(texts),) or not np.issubdtype(y.dtype, np.integer):
            raise ValueError("y must give one whole theme number (or -1) per statement.")
        if (y < UNASSIGNED).any():
            raise ValueError("Theme numbers must be 0 or more (-1 for a statement not placed).")
        self.theme_names_ = {int(theme): str(name) for theme, name in (theme_names or {}).items()
                             if int(theme) >= 0 and str(name).strip()}
        self.classes_ = np.array(sorted(set(y[y >= 0].tolist()) | set(self.theme_names_)), dtype=int)
        if len(self.classes_) == 0:
            raise ValueError("Nothing to learn from: no statement is placed in a theme and no theme has a name.")
        if self.vectors is not None and hasattr(self.vectors, "remembered_"):
            self.vectors_ = self.vectors
        else:
            unfitted = StatementVectors(random_state=self.random_state) if self.vectors is None else clone(self.vectors)
            self.vectors_ = unfitted.fit(texts)
        raw = self.vectors_.transform(texts)
        distinct = {row.tobytes(): row for row in raw if np.abs(row).sum() > 0}
        self.reference_vectors_ = np.array(list(distinct.values()), dtype=np.float32).reshape(-1, raw.shape[1])
        placed = self._smoothed(raw)
        names = self._smoothed(self.vectors_.transform([self.theme_names_.get(t, "") for t in self.classes_]))
        sums = np.zeros((len(self.classes_), raw.shape[1]), dtype=np.float32)
        row_of = {theme: row for row, theme in enumerate(self.classes_.tolist())}
        members = np.flatnonzero(y >= 0)
        np.add.at(sums, [row_of[t] for t in y[members].tolist()], placed[members])
        counts = np.bincount([row_of[t] for t in y[members].tolist()], minlength=len(self.classes_))
        name_weights = np.where(counts == 0, 1.0, self.name_weight)
        self.centres_ = normalize(sums + name_weights[:, None] * names).astype(np.float32)
        return self

    def _smoothed(self, raw):
        """Each vector averaged with its nearest fitted statements, as in :class:`~wtfc.theming.ThemeSuggester`."""
        count = min(self.neighbours, len(self.reference_vectors_))
        usable = np.abs(raw).sum(axis=1) > 0
        if count == 0 or not usable.any():
            return raw
        smoothed = raw.copy()
        block = raw[usable]
        smoothed[usable] = normalize(block + self.reference_vectors_[_nearest(block, self.reference_vectors_,
                                                                              count)].mean(axis=1))
        return smoothed

    def decision_function(self, X):
        """Cosine similarity of each statement to each theme's centre (statements × ``classes_``)."""
        check_is_fitted(self, "centres_")
        return self._smoothed(self.vectors_.transform([str(text) for text in X])) @ self.centres_.T

    def predict_proba(self, X):
        """Probability of each theme for each statement; rows sum to 1 over ``classes_``."""
        scores = self.decision_function(X) / self.temperature
        scores -= scores.max(axis=1, keepdims=True)
        probabilities = np.exp(scores)
        return probabilities / probabilities.sum(axis=1, keepdims=True)

    def predict(self, X):
        """The most likely theme of each statement."""
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def confidence(self, X):
        """How sure the best placement is, 0–1: its probability, 0 for a statement with no content or
        no usable words."""
        texts = [str(text) for text in X]
        best = self.predict_proba(texts).max(axis=1)
        blank = np.abs(self.vectors_.transform(texts)).sum(axis=1) == 0
        return np.where(blank | np.array([is_no_content(t) for t in texts], dtype=bool), 0.0, best)

    def proposals(self, X, theme, candidates=None, top_n=10) -> list[tuple[int, float]]:
        """*More like this*: the statements of ``X`` (only those at ``candidates``, if given) most likely to
        belong to ``theme``, best first, as (index into ``X``, probability). Statements with no content or
        no usable words are never proposed."""
        check_is_fitted(self, "centres_")
        if theme not in set(self.classes_.tolist()):
            raise ValueError(f"Theme {theme} is not among the themes learnt.")
        texts = [str(text) for text in X]
        pool = np.arange(len(texts)) if candidates is None else np.asarray(list(candidates), dtype=int)
        if len(pool) == 0:
            return []
        probability = self.predict_proba([texts[i] for i in pool])[:, np.searchsorted(self.classes_, theme)]
        sure = self.confidence([texts[i] for i in pool]) > 0
        order = np.argsort(-probability, kind="stable")
        return [(int(pool[i]), float(probability[i])) for i in order if sure[i]][:top_n]

    def where_does_this_go(self, text, top_n=3) -> list[tuple[int, float]]:
        """*Where does this go?*: a statement's ``top_n`` most likely themes, as (theme, probability)."""
        probability = self.predict_proba([text])[0]
        order = np.argsort(-probability, kind="stable")[:top_n]
        return [(int(self.classes_[i]), float(probability[i])) for i in order]
