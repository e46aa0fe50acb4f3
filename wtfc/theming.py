"""Suggesting themes from the wording of statements: the engine behind the Theme page.

How a suggestion is made (each step was chosen by measuring it against human themes; the
figures are in ``benchmarks/README.md``):

1. Statements with no content ("nothing", "n/a", "no comment", "-") and statements without a
   single usable word are left out of themes: their label is ``-1``, shown as Unassigned.
2. Each statement becomes one vector with two equal halves:

   * **words**: word vectors learnt from the statements themselves (a truncated SVD of the
     positive pointwise mutual information of words used in the same statement), averaged with
     weights ``a / (a + word frequency)``, so that "late" and "waiting" end up close;
   * **character 3–5-grams** of each word (TF-IDF, sublinear term frequency) reduced by LSA
     (truncated SVD), which copes with typos and word forms ("carer", "carers", "cares").

3. Each vector is averaged with those of its 5 nearest neighbours, which steadies short
   statements, and k-means groups the unit vectors.
4. Statements people have placed (locked themes, pinned statements) are fixed: they keep their
   theme, pull its centre towards them, and only the other statements are rearranged.
5. Unless a number is asked for, there are ``√(distinct statements / 2)`` themes (at least 1,
   at most ``max_themes``).

Everything is deterministic: the same statements give the same themes, in any row order.
Statements that differ only in case or punctuation are one point, weighted by how often they
occur, so repeats ("Very good", "very good!") neither crowd out nor split a theme. Large inputs
are learnt from a seeded sample of ``max_fit_statements`` distinct statements and the rest are
placed on the nearest theme, so time grows linearly with the number of statements.

The helpers at the end (key words, most typical statement, "why is this statement here",
split and merge suggestions) work on plain texts and theme labels, so a page can recompute
them after every change.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClusterMixin, TransformerMixin
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from wtfc.text import is_no_content, normalise

UNASSIGNED = -1
KMEANS_BUDGET = 500_000  # statements × themes: up to 10 k-means starts within this, at least 1

# Words that say nothing about what is working or not, in reviews of care. Left out of word
# vectors and key words: labels read better, and agreement with human themes is as good or better.
CARE_FILLER = frozenset("""
    able also anything bit could even everything feel felt get got just like lot made make many much
    one quite really something still thing things think though way well would
    arent cant couldnt didnt doesnt dont hasnt havent id im isnt ive its shouldnt thats theres
    theyre wasnt werent wont wouldnt youre
""".split())
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS | CARE_FILLER)

_WORDS = re.compile(r"\w+")
WORD_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"


def _canonical(text: str) -> str:
    """The words of a statement, lower case: "Very good!" and "very good" are the same statement."""
    return " ".join(_WORDS.findall(normalise(text)))


def auto_theme_count(distinct_statements: int, max_themes: int) -> int:
    """The rule of thumb k = √(n/2): about 9 themes for 150 statements, 16 for 500."""
    if distinct_statements == 0:
        return 0
    return max(1, min(max_themes, round(math.sqrt(distinct_statements / 2))))


def _word_counts(binary: bool = False) -> CountVectorizer:
    return CountVectorizer(preprocessor=normalise, token_pattern=WORD_PATTERN, stop_words=sorted(STOP_WORDS),
                           binary=binary, dtype=np.float32)


def _fit_or_none(vectorizer, texts):
    """The fitted vectorizer and its matrix, or (None, None) when the texts have no usable words at all."""
    try:
        return vectorizer, vectorizer.fit_transform(texts)
    except ValueError:  # scikit-learn's "empty vocabulary"
        return None, None


def _svd_size(requested: int, matrix) -> int:
    return min(requested, matrix.shape[0] - 1, matrix.shape[1] - 1)


class StatementVectors(TransformerMixin, BaseEstimator):
    """Statements as unit vectors: word vectors learnt from the statements, plus character n-grams.

    Parameters
    ----------
    word_dims, char_dims : sizes of the two halves (fewer when the statements are too few).
    word_weight : the SIF weight ``a`` in ``a / (a + frequency)``; smaller favours rare words.
    min_df : a character n-gram must occur in this many statements to count.
    random_state : seed of the truncated SVDs.
    """

    def __init__(self, word_dims=100, char_dims=100, word_weight=0.01, min_df=2, random_state=0):
        self.word_dims = word_dims
        self.char_dims = char_dims
        self.word_weight = word_weight
        self.min_df = min_df
        self.random_state = random_state

    def fit(self, X, y=None):
        self._fit(list(X))
        return self

    def fit_transform(self, X, y=None):
        """Fit and transform in one pass over the texts (each text is read once)."""
        X = list(X)
        return self._embed(len(X), *self._fit(X))

    def transform(self, X):
        check_is_fitted(self, "chars_")
        X = list(X)
        return self._embed(len(X), self.words_.transform(X) if self.words_ else None,
                           self.chars_.transform(X) if self.chars_ else None)

    def _fit(self, X):
        self.words_, counts = _fit_or_none(_word_counts(), X)
        self.word_vectors_, self.word_weights_ = self._learn_word_vectors(counts) if self.words_ else (None, None)
        self.chars_, grams = _fit_or_none(TfidfVectorizer(
            preprocessor=normalise, analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
            min_df=self.min_df, dtype=np.float32), X)
        self.char_lsa_ = None
        if self.chars_ is not None and _svd_size(self.char_dims, grams) >= 1:
            with np.errstate(invalid="ignore"):  # statements all alike have no variance to explain
                self.char_lsa_ = TruncatedSVD(_svd_size(self.char_dims, grams),
                                              random_state=self.random_state).fit(grams)
        return counts, grams

    def _embed(self, n, counts, grams):
        halves = []
        if self.words_ is not None:
            weighted = normalize(counts.multiply(self.word_weights_[None, :]).tocsr(), norm="l1")
            embedded = weighted @ self.word_vectors_
            halves.append(normalize(embedded.toarray() if sp.issparse(embedded) else embedded))
        if self.char_lsa_ is not None:
            halves.append(normalize(self.char_lsa_.transform(grams)))
        if not halves:
            return np.zeros((n, 1), dtype=np.float32)
        return normalize(np.hstack(halves)).astype(np.float32)

    def _learn_word_vectors(self, counts):
        """Word vectors from the positive PMI of words used in the same statement (Levy & Goldberg),
        and the SIF weights of Arora et al. (2017)."""
        used = (counts > 0).astype(np.float32)
        together = (used.T @ used).tocoo()
        off_diagonal = together.row != together.col
        rows, cols, joint = together.row[off_diagonal], together.col[off_diagonal], together.data[off_diagonal]
        total = joint.sum()
        frequency = np.asarray(used.sum(axis=0)).ravel() / used.shape[0]
        weights = self.word_weight / (self.word_weight + frequency)
        if total == 0:  # no two words ever meet: each word is its own direction
            return sp.identity(used.shape[1], dtype=np.float32, format="csr"), weights
        row_sums = np.bincount(rows, weights=joint, minlength=used.shape[1])
        context = np.bincount(cols, weights=joint, minlength=used.shape[1]) ** 0.75  # smoothed, as in word2vec
        context *= total / context.sum()
        pmi = np.log(joint * total / (row_sums[rows] * context[cols]))
        positive = pmi > 0
        ppmi = sp.csr_matrix((pmi[positive], (rows[positive], cols[positive])), shape=together.shape)
        size = _svd_size(self.word_dims, ppmi)
        if size < 1:
            return sp.identity(used.shape[1], dtype=np.float32, format="csr"), weights
        svd = TruncatedSVD(size, random_state=self.random_state)
        with np.errstate(invalid="ignore"):  # as above
            vectors = svd.fit_transform(ppmi) / np.sqrt(np.maximum(svd.singular_values_, 1e-12))
        return normalize(vectors).astype(np.float32), weights


class ThemeSuggester(ClusterMixin, BaseEstimator):
    """Suggests themes for statements, following scikit-learn's estimator contract.

    Parameters
    ----------
    n_themes : int or None
        How many themes in all, counting the fixed ones; None chooses ``√(distinct statements / 2)``.
    max_themes : int
        The most themes the automatic choice gives.
    neighbours : int
        How many nearest statements each statement's vector is averaged with (0: none).
    max_fit_statements : int
        Above this many statements, vectors and themes are learnt from a seeded sample of this size.
    random_state : int
        Seed of every random choice; the same seed gives the same themes.
    word_dims, char_dims : sizes of the statement vectors (see :class:`StatementVectors`).

    Attributes
    ----------
    labels_ : ndarray of int, the theme of each statement; -1 for no theme (no content or no
        usable words). Themes fixed through ``y`` keep their number; new themes are numbered after
        them, largest first.
    n_themes_ : number of themes with at least one statement.
    themes_ : ndarray of the theme numbers, in the order of ``cluster_centers_``.
    cluster_centers_ : unit vector at the centre of each theme.
    keywords_ : dict theme → key words (class-based TF-IDF, most distinctive first).
    representatives_ : dict theme → index of its most typical statement.
    no_content_ : bool mask of the statements with no content.
    """

    def __init__(self, n_themes=None, *, max_themes=60, neighbours=5, max_fit_statements=5_000,
                 random_state=0, word_dims=100, char_dims=100):
        self.n_themes = n_themes
        self.max_themes = max_themes
        self.neighbours = neighbours
        self.max_fit_statements = max_fit_statements
        self.random_state = random_state
        self.word_dims = word_dims
        self.char_dims = char_dims

    def fit(self, X, y=None):
        """Suggest themes for the texts ``X``.

        ``y`` (optional) holds the statements people have placed: a theme number ≥ 0 for a statement
        that must stay in that theme (a locked theme's member, a pinned statement), -1 for a statement
        free to be rearranged — the convention of scikit-learn's semi-supervised estimators.
        """
        texts = [str(t) for t in X]
        n = len(texts)
        fixed = np.full(n, UNASSIGNED) if y is None else np.asarray(y, dtype=int)
        if fixed.shape != (n,):
            raise ValueError("y must give one theme number (or -1) per statement.")
        # Statements that differ only in case and punctuation (with the same fixed theme) are one point
        # weighted by their count, taken in sorted order: neither repeats nor row order change the themes.
        pairs = [(_canonical(text), theme) for text, theme in zip(texts, fixed.tolist())]
        units = sorted(set(pairs))
        position = {unit: i for i, unit in enumerate(units)}
        inverse = np.array([position[pair] for pair in pairs], dtype=int)
        unit_texts = [text for text, _ in units]
        unit_fixed = np.array([theme for _, theme in units], dtype=int)
        first_spelling = {}
        for unit, text in zip(inverse.tolist(), texts):
            first_spelling[unit] = min(text, first_spelling.get(unit, text))
        unit_no_content = np.array([is_no_content(first_spelling[u]) for u in range(len(units))], dtype=bool)
        weights = np.bincount(inverse, minlength=len(units)).astype(np.float32)
        labels, vectors, centres, themes = self._cluster(unit_texts, unit_fixed, unit_no_content, weights)
        self.labels_ = labels[inverse]
        self.no_content_ = unit_no_content[inverse]
        self.themes_ = themes
        self.cluster_centers_ = centres
        self.n_themes_ = len(themes)
        self.keywords_ = theme_keywords(texts, self.labels_)
        first_row = np.zeros(len(units), dtype=int)
        first_row[inverse[::-1]] = np.arange(n)[::-1]
        self.representatives_ = {theme: int(first_row[unit]) for theme, unit
                                 in _nearest_members(vectors, labels, centres, themes).items()}
        return self

    def _cluster(self, texts, fixed, no_content, weights):
        """Labels, vectors, theme centres and theme numbers for distinct statements in sorted order."""
        n = len(texts)
        labels = np.where(fixed >= 0, fixed, UNASSIGNED)
        candidates = np.flatnonzero((fixed >= 0) | ~no_content)
        if len(candidates) == 0:
            self.vectors_, self.reference_vectors_ = None, np.zeros((0, 1), dtype=np.float32)
            return labels, np.zeros((n, 1), dtype=np.float32), np.zeros((0, 1), dtype=np.float32), np.zeros(0, int)
        rng = np.random.default_rng(self.random_state)
        sample = candidates
        if len(candidates) > self.max_fit_statements:
            sample = np.sort(rng.choice(candidates, self.max_fit_statements, replace=False))
        self.vectors_ = StatementVectors(self.word_dims, self.char_dims, random_state=self.random_state)
        if len(sample) == len(candidates):
            found = self.vectors_.fit_transform([texts[i] for i in candidates])
        else:
            found = self.vectors_.fit([texts[i] for i in sample]).transform([texts[i] for i in candidates])
        raw = np.zeros((n, found.shape[1]), dtype=np.float32)
        raw[candidates] = found
        usable = np.abs(raw).sum(axis=1) > 0
        # Neighbours are distinct vectors, so that "Late!" and "late" do not count as each other's neighbours.
        distinct = {raw[i].tobytes(): i for i in sample[usable[sample]][::-1]}
        self.reference_vectors_ = raw[np.sort(list(distinct.values()))]
        vectors = np.zeros_like(raw)
        vectors[usable] = self._smoothed(raw[usable])

        fixed_themes = np.unique(fixed[fixed >= 0])
        free = np.flatnonzero(usable & (fixed < 0))
        wanted = self.n_themes
        if wanted is None:
            wanted = auto_theme_count(len({texts[i] for i in np.flatnonzero(usable | (fixed >= 0))}),
                                      self.max_themes)
        distinct_free = len({row.tobytes() for row in vectors[free]})
        new_count = max(0, min(int(wanted) - len(fixed_themes), distinct_free))
        weighted = vectors * weights[:, None]
        centres = np.vstack([np.zeros((0, vectors.shape[1]), dtype=np.float32),
                             *(_unit(weighted[fixed == theme].sum(axis=0)) for theme in fixed_themes),
                             self._new_centres(vectors, weights, free, new_count, sample, rng)])
        next_number = int(fixed_themes.max()) + 1 if len(fixed_themes) else 0
        provisional = np.concatenate([fixed_themes, np.arange(next_number, next_number + new_count)]).astype(int)
        labels, centres = _refine(vectors, weights, labels, free, centres, provisional, len(fixed_themes))
        labels, themes = _number_new_themes(labels, weights, provisional, fixed_themes, next_number)
        return labels, vectors, centres, themes

    def _smoothed(self, vectors):
        """Each vector averaged with its nearest neighbours among the learnt statements."""
        reference = self.reference_vectors_
        count = min(self.neighbours, len(reference))
        if count == 0:
            return vectors
        smoothed = np.empty_like(vectors)
        for start in range(0, len(vectors), 2048):  # bounded memory for 100,000 statements
            block = vectors[start:start + 2048]
            smoothed[start:start + 2048] = block + reference[_nearest(block, reference, count)].mean(axis=1)
        return normalize(smoothed)

    def _new_centres(self, vectors, weights, free, count, sample, rng):
        if count == 0:
            return np.zeros((0, vectors.shape[1]), dtype=np.float32)
        learn_from = np.intersect1d(free, sample) if len(free) > self.max_fit_statements else free
        # Several k-means starts while they are cheap: one unusual statement can then not derail a
        # small workshop's themes (on the benchmark's 4,150 statements, 1, 3 or 10 starts score alike).
        starts = int(np.clip(KMEANS_BUDGET // (len(learn_from) * count), 1, 10))
        model = KMeans(count, n_init=starts, random_state=int(rng.integers(2**31))).fit(
            vectors[learn_from], sample_weight=weights[learn_from])
        return normalize(model.cluster_centers_).astype(np.float32)

    def predict(self, X):
        """The nearest theme for each new text (-1 for no content), without changing the themes."""
        check_is_fitted(self, "labels_")
        texts = [str(t) for t in X]
        labels = np.full(len(texts), UNASSIGNED)
        if self.n_themes_ == 0:
            return labels
        candidates = np.array([i for i, t in enumerate(texts) if not is_no_content(t)], dtype=int)
        if len(candidates) == 0:
            return labels
        raw = self.vectors_.transform([_canonical(texts[i]) for i in candidates])
        usable = np.abs(raw).sum(axis=1) > 0
        if usable.any():
            nearest = (self._smoothed(raw[usable]) @ self.cluster_centers_.T).argmax(axis=1)
            labels[candidates[usable]] = self.themes_[nearest]
        return labels


def _nearest(vectors, reference, count):
    """Indices of the ``count`` most similar reference vectors (unit vectors, so cosine = dot product).

    Repeated argmax rather than NearestNeighbors or argpartition: measured 10 times faster for a few
    neighbours, and the same result (ties go to the earlier reference vector)."""
    similarity = vectors @ reference.T
    rows = np.arange(len(vectors))
    found = np.empty((len(vectors), count), dtype=int)
    for column in range(count):
        found[:, column] = similarity.argmax(axis=1)
        similarity[rows, found[:, column]] = -np.inf
    return found


def _unit(vector):
    norm = np.linalg.norm(vector)
    return vector / norm if norm > 0 else vector


def _refine(vectors, weights, labels, free, centres, themes, fixed_count, max_iter=50):
    """Spherical k-means over the free statements; fixed statements stay and pull their theme's centre."""
    labels = labels.copy()
    if len(centres) == 0:
        return labels, centres
    previous = None
    for _ in range(max_iter):
        choice = (vectors[free] @ centres.T).argmax(axis=1)
        if previous is not None and np.array_equal(choice, previous):
            break
        previous = choice
        labels[free] = themes[choice]
        placed = np.flatnonzero(labels != UNASSIGNED)  # themes ascend, so searchsorted finds their rows
        members = sp.csr_matrix((weights[placed],
                                 (np.searchsorted(themes, labels[placed]), placed)), shape=(len(themes), len(labels)))
        sums = np.asarray(members @ vectors)
        filled = np.asarray(members.sum(axis=1)).ravel() > 0
        centres[filled] = normalize(sums[filled])
    counts = np.bincount(np.searchsorted(themes, labels[placed]), minlength=len(themes))
    keep = (np.arange(len(themes)) < fixed_count) | (counts > 0)
    return labels, centres[keep]


def _number_new_themes(labels, weights, provisional, fixed_themes, next_number):
    """New themes numbered largest first (ties: the one with the earliest statement in sorted order)."""
    present = [t for t in provisional if t in set(fixed_themes) or (labels == t).any()]
    new = [t for t in present if t not in set(fixed_themes)]
    ranked = sorted(new, key=lambda t: (-weights[labels == t].sum(), np.flatnonzero(labels == t)[0]))
    renumber = {old: next_number + rank for rank, old in enumerate(ranked)}
    result = labels.copy()
    for old, number in renumber.items():
        result[labels == old] = number
    return result, np.array([renumber.get(t, t) for t in present], dtype=int)


def _nearest_members(vectors, labels, centres, themes) -> dict[int, int]:
    """For each theme, the member nearest its centre (the first such, in the given order)."""
    typical = {}
    for position, theme in enumerate(themes):
        members = np.flatnonzero(labels == theme)
        if len(members):
            typical[int(theme)] = int(members[np.argmax(vectors[members] @ centres[position])])
    return typical


# -- labels and explanations, recomputed after every change ----------------------------------------

@dataclass(frozen=True)
class ClassTfidf:
    """Class-based TF-IDF (as in BERTopic): how much each word sets each theme apart."""

    themes: np.ndarray       # theme numbers, one per row of ``weights``
    words: np.ndarray        # the vocabulary, one per column
    weights: np.ndarray      # themes × words
    used: sp.csr_matrix      # statements × words: 1 where the statement uses the word


def class_tfidf(texts: Sequence[str], labels: Sequence[int]) -> ClassTfidf | None:
    """Each word's weight in each theme: its share of the theme's words × log(1 + average theme size
    in words / its frequency overall). Counts each word once per statement. None if no usable words."""
    labels = np.asarray(labels, dtype=int)
    counter, used = _fit_or_none(_word_counts(binary=True), list(texts))
    themes = np.unique(labels[labels != UNASSIGNED])
    if counter is None or len(themes) == 0:
        return None
    used = used.tocsr()
    membership = sp.csr_matrix((np.ones(int((labels != UNASSIGNED).sum())),
                                (np.searchsorted(themes, labels[labels != UNASSIGNED]),
                                 np.flatnonzero(labels != UNASSIGNED))), shape=(len(themes), len(labels)))
    per_theme = np.asarray((membership @ used).todense())
    totals = per_theme.sum(axis=1, keepdims=True)
    share = np.divide(per_theme, totals, out=np.zeros_like(per_theme), where=totals > 0)
    overall = per_theme.sum(axis=0)
    idf = np.log1p(totals.mean() / np.maximum(overall, 1))
    return ClassTfidf(themes, counter.get_feature_names_out(), share * idf, used)


def theme_keywords(texts: Sequence[str], labels: Sequence[int], top_n: int = 5) -> dict[int, list[str]]:
    """Each theme's key words, those that set it apart first (ties in alphabetical order)."""
    table = class_tfidf(texts, labels)
    if table is None:
        return {int(t): [] for t in np.unique(np.asarray(labels)) if t != UNASSIGNED}
    return {int(theme): _top_words(table.words, row, top_n) for theme, row in zip(table.themes, table.weights)}


def _top_words(words, weights, top_n) -> list[str]:
    ranked = sorted((-w, word) for word, w in zip(words, weights) if w > 0)
    return [word for _, word in ranked[:top_n]]


def why_here(texts: Sequence[str], labels: Sequence[int], index: int, top_n: int = 5) -> list[str]:
    """Why statement ``index`` is in its theme: the key words it shares with other statements there,
    most distinctive of the theme first. Empty when it shares none (it is there for similar wording
    or word forms, or because someone put it there)."""
    labels = np.asarray(labels, dtype=int)
    theme = labels[index]
    table = class_tfidf(texts, labels)
    if table is None or theme == UNASSIGNED:
        return []
    others = np.flatnonzero((labels == theme) & (np.arange(len(labels)) != index))
    if len(others) == 0:
        return []
    shared = table.used[index].multiply(table.used[others].sum(axis=0) > 0).toarray().ravel() > 0
    row = table.weights[np.searchsorted(table.themes, theme)]
    return _top_words(table.words, np.where(shared, row, 0), top_n)


def typical_statements(texts: Sequence[str], labels: Sequence[int]) -> dict[int, int]:
    """Each theme's most typical statement (index into ``texts``): the one whose words best match the
    theme's class-based TF-IDF profile (cosine; the earliest on a tie). Cheap enough to recompute after
    every correction on the wall, unlike refitting statement vectors."""
    return {theme: ranked[0] for theme, ranked in most_typical(texts, labels, 1).items()}


def most_typical(texts: Sequence[str], labels: Sequence[int], count: int) -> dict[int, list[int]]:
    """Each theme's ``count`` most typical statements (indexes into ``texts``), most typical first, as in
    :func:`typical_statements`."""
    labels = np.asarray(labels, dtype=int)
    themes = np.unique(labels[labels != UNASSIGNED])
    table = class_tfidf(texts, labels)
    if table is None:
        return {int(t): [int(i) for i in np.flatnonzero(labels == t)[:count]] for t in themes}
    scores = np.asarray(table.used @ table.weights.T)  # statements × themes
    lengths = np.sqrt(np.asarray(table.used.sum(axis=1)).ravel())
    lengths[lengths == 0] = 1
    typical = {}
    for column, theme in enumerate(table.themes):
        members = np.flatnonzero(labels == theme)
        order = np.argsort(-(scores[members, column] / lengths[members]), kind="stable")
        typical[int(theme)] = [int(members[i]) for i in order[:count]]
    return typical


def suggest_merges(texts: Sequence[str], labels: Sequence[int], top_n: int = 3,
                   random_state: int = 0) -> list[tuple[int, int, float]]:
    """The pairs of themes most alike (cosine of their centres), most alike first: (a, b, similarity)."""
    labels = np.asarray(labels, dtype=int)
    themes = np.unique(labels[labels != UNASSIGNED])
    if len(themes) < 2:
        return []
    vectors = StatementVectors(random_state=random_state).fit_transform(list(texts))
    centres = np.vstack([_unit(vectors[labels == t].sum(axis=0)) for t in themes])
    similarity = centres @ centres.T
    first, second = np.triu_indices(len(themes), k=1)
    pairs = sorted(zip(-similarity[first, second], themes[first], themes[second]))
    return [(int(a), int(b), round(float(-s), 4)) for s, a, b in pairs[:top_n]]


def split_theme(texts: Sequence[str], parts: int = 2, random_state: int = 0) -> np.ndarray:
    """Split one theme's statements into up to ``parts`` groups by re-clustering them.

    Returns a group number per statement, 0 for the largest group; statements with no content stay
    in group 0. Fewer groups come back when the statements are too alike to split further.
    """
    if parts < 1:
        raise ValueError("A theme can only be split into one or more parts.")
    labels = ThemeSuggester(n_themes=parts, random_state=random_state).fit(texts).labels_
    return np.where(labels == UNASSIGNED, 0, labels)
