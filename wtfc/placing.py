"""Placing statements among the room's own themes: corrections that teach.

:class:`ThemePlacer` learns each theme from the statements people placed in it and from its name
("I want to see the same carers"), so a theme with a name and no statements yet already gets
proposals. It scores every statement against every theme; the wall uses the scores for *More like
this* (a theme's best candidates) and *Where does this go?* (a statement's best themes).

Fitting statement vectors and linking each statement to its most similar ones are the slow part and
depend only on the texts: pass a fitted :class:`~wtfc.theming.StatementVectors` as ``vectors`` (a
page caches it per set of texts); it remembers its texts' vectors and the last graph, so placing
after each correction is one sparse solve.
"""
from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context, clone
from sklearn.preprocessing import normalize
from sklearn.utils._param_validation import HasMethods, Interval
from sklearn.utils.validation import check_is_fitted

from wtfc.text import is_no_content
from wtfc.theming import UNASSIGNED, StatementVectors, _text_input_tags


class ThemePlacer(ClassifierMixin, BaseEstimator):
    """Scores statements against themes the room has started, by spreading the placed statements' themes
    over a graph linking each statement to its most similar ones (label propagation, Zhu, Ghahramani &
    Lafferty 2003). The theme's name is one more node, placed in its theme.

    Nearest theme centre ignores how the workshop's statements lie: a theme of much-repeated, loosely
    worded statements ("very good service") gets few of its own from one example, however many there
    are. A statement's theme here is where a random walk over similar statements first meets a placed
    one, so a theme whose example sits among many alike statements collects them (measured in
    ``benchmarks/README.md``). Statements outside the fitted ones are scored by their nearest fitted
    statements; a statement the graph cannot reach is scored by the nearest theme centre.

    Parameters
    ----------
    vectors : fitted :class:`~wtfc.theming.StatementVectors` or None
        Statement vectors to reuse (fitted on the category's texts; they remember those texts' vectors
        and the last graph); an unfitted one, or None for ``StatementVectors()``, is fitted on ``X``.
    neighbours : int ≥ 1
        How many most similar statements each statement is linked to.
    name_weight : float ≥ 0
        How much a theme's name counts, as a statement (0: names are ignored, except for themes with no
        statements, which always use theirs).
    sharpness : float > 0
        Probabilities are proportional to the spread themes to this power. The spread itself is diffuse (a
        walk over a small wall reaches every theme); sharpened, a clear favourite reads as confident, as the
        wall's pre-ticking of proposals expects, and no statement's likeliest theme changes.
    temperature : float > 0
        Softness of the centre probabilities (``softmax(cosine similarity / temperature)``) used for
        statements the graph cannot reach.
    random_state : int
        Seed of the statement vectors when they are fitted here.

    Attributes
    ----------
    classes_ : ndarray of int, the theme numbers: every theme with a placed statement or a name.
    centres_ : ndarray (themes × dimensions), unit vector at the centre of each theme.
    spread_ : ndarray (distinct fitted texts × themes), the themes spread over the graph (placed
        statements: their own theme).
    vectors_ : the fitted :class:`~wtfc.theming.StatementVectors` used.
    theme_names_ : dict theme number → name, the names used.
    """

    _parameter_constraints = {
        "vectors": [None, HasMethods(["fit", "transform"])],
        "neighbours": [Interval(Integral, 1, None, closed="left")],
        "name_weight": [Interval(Real, 0, None, closed="left")],
        "sharpness": [Interval(Real, 0, None, closed="neither")],
        "temperature": [Interval(Real, 0, None, closed="neither")],
        "random_state": [Interval(Integral, 0, None, closed="left")],
    }

    def __init__(self, vectors=None, *, neighbours=10, name_weight=1.0, sharpness=4.0, temperature=0.05,
                 random_state=0):
        self.vectors = vectors
        self.neighbours = neighbours
        self.sharpness = sharpness
        self.name_weight = name_weight
        self.temperature = temperature
        self.random_state = random_state

    def __sklearn_tags__(self):
        return _text_input_tags(super().__sklearn_tags__())

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, theme_names=None):
        """Learn the themes from ``X`` (all statements of a category, placed or not: the unplaced ones link
        the graph and teach word meaning), ``y`` (a theme number ≥ 0 for each statement the room placed,
        -1 for the rest) and ``theme_names`` (optional dict theme number → name)."""
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
        members = np.flatnonzero(y >= 0)
        rows = np.searchsorted(self.classes_, y[members])
        counts = np.bincount(rows, minlength=len(self.classes_))
        name_weights = np.where(counts == 0, 1.0, self.name_weight)
        self._learn_centres(texts, members, rows, name_weights)
        self._spread(texts, members, rows, name_weights)
        return self

    def _learn_centres(self, texts, members, rows, name_weights):
        placed = self.vectors_.transform([texts[i] for i in members])
        names = self.vectors_.transform([self.theme_names_.get(t, "") for t in self.classes_])
        sums = np.zeros((len(self.classes_), names.shape[1]), dtype=np.float32)
        np.add.at(sums, rows, placed)
        self.centres_ = normalize(sums + name_weights[:, None] * names).astype(np.float32)

    def _spread(self, texts, members, rows, name_weights):
        """Label propagation: the themes of unplaced statements are the harmonic solution on the graph of
        distinct statements plus one node per named theme, placed statements and names held fixed."""
        distinct = list(dict.fromkeys(texts))
        self._row_of = {text: i for i, text in enumerate(distinct)}
        graph, self._node_vectors = self.vectors_.neighbour_graph(distinct, self.neighbours)
        named = np.flatnonzero(name_weights > 0) if self.theme_names_ else np.array([], dtype=int)
        named = np.array([i for i in named if int(self.classes_[i]) in self.theme_names_], dtype=int)
        links = self._links(self.vectors_.transform_unsmoothed(
            [self.theme_names_[int(self.classes_[i])] for i in named])) if len(named) else None
        if links is not None:
            links = sp.csr_matrix(links.multiply(name_weights[named][:, None]))
            graph = sp.bmat([[graph, links.T], [links, None]], format="csr")
        size = graph.shape[0]
        fixed = np.zeros((size, len(self.classes_)), dtype=np.float64)
        fixed[[self._row_of[texts[i]] for i in members], rows] = 1  # a text placed twice: both themes
        fixed[len(distinct) + np.arange(len(named)), named] = 1
        labelled = fixed.sum(axis=1) > 0
        free = np.flatnonzero(~labelled)
        spread = fixed.copy()
        if len(free):
            around = graph[free]
            degree = np.asarray(around.sum(axis=1)).ravel() + 1e-6
            laplacian = (sp.diags(degree) - around[:, free]).astype(np.float64).tocsr()
            pulled = around[:, np.flatnonzero(labelled)] @ fixed[labelled]
            spread[free] = _conjugate_gradients(laplacian, pulled, 1 / degree)
        self.spread_ = spread[:len(distinct)]
        # what each fitted statement's neighbours say: the harmonic value for free statements, and for
        # placed ones what they would get if nobody had placed them (for *Where does this go?*)
        degree = np.asarray(graph.sum(axis=1)).ravel()[:len(distinct)]
        around = graph[:len(distinct)] @ spread
        self._neighbour_view = np.divide(around, degree[:, None], out=np.zeros_like(around), where=degree[:, None] > 0)

    def _links(self, vectors):
        """Sparse links from each of ``vectors`` to its most similar fitted statements."""
        similarity = vectors @ self._node_vectors.T
        count = min(self.neighbours, similarity.shape[1])
        nearest = np.argpartition(-similarity, count - 1, axis=1)[:, :count].ravel()
        rows = np.repeat(np.arange(len(vectors)), count)
        return sp.csr_matrix((np.maximum(similarity[rows, nearest], 0), (rows, nearest)),
                             shape=similarity.shape)

    def decision_function(self, X):
        """Cosine similarity of each statement to each theme's centre (statements × ``classes_``)."""
        check_is_fitted(self, "centres_")
        return self.vectors_.transform([str(text) for text in X]) @ self.centres_.T

    def predict_proba(self, X):
        """Probability of each theme for each statement; rows sum to 1 over ``classes_``."""
        check_is_fitted(self, "spread_")
        texts = [str(text) for text in X]
        scores = np.zeros((len(texts), len(self.classes_)))
        known = np.array([text in self._row_of for text in texts], dtype=bool)
        if known.any():
            scores[known] = self._neighbour_view[[self._row_of[t] for t, k in zip(texts, known) if k]]
        if (~known).any():
            links = self._links(self.vectors_.transform_unsmoothed([t for t, k in zip(texts, known) if not k]))
            weights = np.asarray(links.sum(axis=1))
            scores[~known] = np.divide(links @ self.spread_, weights, out=np.zeros((len(weights), scores.shape[1])),
                                       where=weights > 0)
        scores = np.maximum(scores, 0) ** self.sharpness
        totals = scores.sum(axis=1, keepdims=True)
        unreached = totals.ravel() <= 1e-30
        probabilities = np.divide(scores, totals, out=np.zeros_like(scores), where=~unreached[:, None])
        if unreached.any():
            probabilities[unreached] = self._probabilities(self.decision_function(
                [t for t, u in zip(texts, unreached) if u]))
        return probabilities

    def _probabilities(self, similarity):
        scores = similarity / self.temperature
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
        return np.where(self._blank(texts), 0.0, self.predict_proba(texts).max(axis=1))

    def fits_any(self, X):
        """How well each statement fits any of the themes learnt at all, 0–1: its cosine to the nearest theme
        centre (0 if negative, and for a statement with no content or no usable words). The probabilities say
        which theme is likeliest, not how far a statement is from all of them: one about a subject no theme
        covers still has a likeliest theme, often a clear one. (On the benchmark, this told statements of
        themes without examples apart better than how much of a walk over the graph reaches a placed
        statement, or than cosines relative to a statement's nearest neighbours': ``benchmarks/README.md``.)"""
        texts = [str(text) for text in X]
        closest = np.clip(self.decision_function(texts).max(axis=1), 0, 1)
        return np.where(self._blank(texts), 0.0, closest)

    def _blank(self, texts):
        vectors = self.vectors_.transform(texts)
        return (np.abs(vectors).sum(axis=1) == 0) | np.array([is_no_content(t) for t in texts], dtype=bool)

    def proposals(self, X, theme, candidates=None, top_n=10) -> list[tuple[int, float]]:
        """*More like this*: the statements of ``X`` (only those at ``candidates``, if given) most likely to
        belong to ``theme``, best first, as (index into ``X``, probability). Statements with no content or
        no usable words are never proposed."""
        check_is_fitted(self, "centres_")
        if theme not in set(self.classes_.tolist()):
            raise ValueError(f"Theme {theme} is not among the themes learnt.")
        pool = np.arange(len(X)) if candidates is None else np.asarray(list(candidates), dtype=int)
        if len(pool) == 0:
            return []
        texts = [str(X[i]) for i in pool]
        probability = self.predict_proba(texts)[:, np.searchsorted(self.classes_, theme)]
        blank = self._blank(texts)
        order = [i for i in np.argsort(-probability, kind="stable") if not blank[i]][:top_n]
        return [(int(pool[i]), float(probability[i])) for i in order]

    def where_does_this_go(self, text, top_n=3) -> list[tuple[int, float]]:
        """*Where does this go?*: a statement's ``top_n`` most likely themes, as (theme, probability)."""
        probability = self.predict_proba([text])[0]
        order = np.argsort(-probability, kind="stable")[:top_n]
        return [(int(self.classes_[i]), float(probability[i])) for i in order]


def _conjugate_gradients(matrix, right, inverse_diagonal, rtol=1e-5, max_iter=500):
    """Solves ``matrix @ X = right`` for every column at once (``matrix`` symmetric positive definite), with
    the Jacobi preconditioner. A direct factorisation of a neighbour graph fills in (seconds at 2,000
    statements), and scipy's ``cg`` solves one column per call (one call per theme)."""
    solution = np.zeros_like(right)
    residual = right.copy()
    preconditioned = inverse_diagonal[:, None] * residual
    direction = preconditioned.copy()
    dot = (residual * preconditioned).sum(axis=0)
    limit = rtol * np.maximum(np.linalg.norm(right, axis=0), 1e-30)
    for _ in range(max_iter):
        if (np.linalg.norm(residual, axis=0) <= limit).all():
            break
        step = matrix @ direction
        alpha = dot / np.maximum((direction * step).sum(axis=0), 1e-30)
        solution += alpha * direction
        residual -= alpha * step
        preconditioned = inverse_diagonal[:, None] * residual
        new_dot = (residual * preconditioned).sum(axis=0)
        direction = preconditioned + (new_dot / np.maximum(dot, 1e-30)) * direction
        dot = new_dot
    return solution
