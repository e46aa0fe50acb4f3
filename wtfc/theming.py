"""Suggesting themes from the wording of statements: the engine behind the Theme page.

How a suggestion is made (each step was chosen by measuring it against human themes; the
figures are in ``benchmarks/README.md``):

1. Statements with no content ("nothing", "n/a", "no comment", "-") and statements without a
   single usable word are left out of themes: their label is ``-1``, shown as Unassigned.
2. Each statement becomes one vector of two equal halves and a third part:

   * **words**: word vectors learnt from the statements themselves (a truncated SVD of the
     positive pointwise mutual information of words used in the same statement), averaged with
     weights ``a / (a + word frequency)``, so that "late" and "waiting" end up close;
   * **character 3–5-grams** of each word (TF-IDF, sublinear term frequency) reduced by LSA
     (truncated SVD), which copes with typos and word forms ("carer", "carers", "cares");
   * **what the words mean in English**: the same weighted average over a word table distilled once
     from a sentence model and shipped with wtfc (``wtfc/data/word_meanings.npz``), so that "rushed"
     and "hurried" are close before the room has used both (left out above ``max_fit_statements``).

3. Each vector is averaged with those of its 5 nearest neighbours, which steadies short
   statements, and k-means groups the unit vectors.
4. Statements people have placed (locked themes, pinned statements) are fixed: they keep their
   theme, pull its centre towards them, and only the other statements are rearranged.
5. Unless a number is asked for, there are ``1.25 √(distinct statements)`` themes (at least 1,
   at most ``max_themes``): small themes are merged in one click, mixed ones cost a move per statement.
6. Each placement gets a confidence (its cosine to its theme's centre); free statements below
   ``min_confidence`` go to *Not sure yet* (label ``-1``, ``unsure_``) instead of filling a theme
   that mixes issues.

Everything is deterministic: the same statements give the same themes, in any row order.
Statements that differ only in case or punctuation are one point, weighted by how often they
occur, so repeats ("Very good", "very good!") neither crowd out nor split a theme. Large inputs
are learnt from a seeded sample of ``max_fit_statements`` distinct statements and the rest are
placed on the nearest theme, so time grows linearly with the number of statements.

The helpers at the end (key words without people's names, most typical statement, a short name,
splitting a theme) work on plain texts and theme labels, so
a page can recompute them after every change. Placing statements among the room's own themes is
:class:`wtfc.placing.ThemePlacer`.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, cached_property
from numbers import Integral, Real
from pathlib import Path
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClusterMixin, TransformerMixin, _fit_context
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils._param_validation import Interval  # scikit-learn's own; no public equivalent yet
from sklearn.utils.validation import check_is_fitted

from wtfc.privacy import GIVEN_NAMES, WORD_LIKE_NAMES
from wtfc.text import is_no_content, normalise

UNASSIGNED = -1
DEFAULT_MIN_CONFIDENCE = 0.35  # see benchmarks/README.md, "Not sure yet"
AUTO_COUNT_FACTOR = 1.25  # themes per √(distinct statements), see benchmarks/README.md
KMEANS_BUDGET = 500_000  # statements × themes: up to 10 k-means starts within this, at least 1
MEANING_WEIGHT = 0.7  # of the English word meanings in the statement vectors, see benchmarks/README.md
WORD_MEANINGS = Path(__file__).parent / "data" / "word_meanings.npz"  # tools/build_word_meanings.py makes it

# Words that say nothing about what is working or not, in reviews of care. Left out of word
# vectors and key words: labels read better, and agreement with human themes is as good or better.
CARE_FILLER = frozenset("""
    able also anything bit could even everything feel felt get got just like lot made make many much
    one quite really something still thing things think though way well would
    arent cant couldnt didnt doesnt dont hasnt havent id im isnt ive its shouldnt thats theres
    theyre wasnt werent wont wouldnt youre
""".split())
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS | CARE_FILLER)
# Words that only stress what is said ("actually late", "absolutely lovely"): never a key word, though the
# vectors keep them (left out of the vectors too, they cost the whole file's NMI 0.003).
INTENSIFIERS = frozenset("absolutely actually basically certainly definately definitely honestly literally totally".split())

_WORDS = re.compile(r"\w+")
WORD_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"


def _text_input_tags(tags):
    """scikit-learn tags for estimators that take a sequence of texts, not a numeric 2-D array."""
    tags.input_tags.two_d_array = False
    tags.input_tags.string = True
    return tags


def _canonical(text: str) -> str:
    """The words of a statement, lower case: "Very good!" and "very good" are the same statement."""
    return " ".join(_WORDS.findall(normalise(text)))


def auto_theme_count(distinct_statements: int, max_themes: int) -> int:
    """k = 1.25 √n: 8 themes for 39 statements, 15 for 150, 28 for 500 (see benchmarks/README.md)."""
    if distinct_statements == 0:
        return 0
    return max(1, min(max_themes, round(AUTO_COUNT_FACTOR * math.sqrt(distinct_statements))))


def _word_counts(binary: bool = False) -> CountVectorizer:
    return CountVectorizer(preprocessor=normalise, token_pattern=WORD_PATTERN, stop_words=sorted(STOP_WORDS),
                           binary=binary, dtype=np.float32)


@cache
def word_meanings() -> tuple[dict[str, int], np.ndarray]:
    """The shipped table of what English words mean (distilled once from a sentence model; see
    ``wtfc/data/README.md``): word → row, and the rows as unit vectors. Read once per process."""
    with np.load(WORD_MEANINGS, allow_pickle=False) as table:
        rows = normalize(table["codes"].astype(np.float32) * table["scales"][:, None])
        return {word: i for i, word in enumerate(table["words"].tolist())}, rows


def _fit_or_none(vectorizer, texts):
    """The fitted vectorizer and its matrix, or (None, None) when the texts have no usable words at all."""
    try:
        return vectorizer, vectorizer.fit_transform(texts)
    except ValueError:  # scikit-learn's "empty vocabulary"
        return None, None


def _svd_size(requested: int, matrix) -> int:
    return min(requested, matrix.shape[0] - 1, matrix.shape[1] - 1)


class StatementVectors(TransformerMixin, BaseEstimator):
    """Statements as unit vectors: word vectors learnt from the statements, character n-grams, and what
    the words mean in English (:func:`word_meanings`, averaged with the same weights as the learnt word
    vectors): a workshop's own hundred statements teach little about words, and the table knows that
    "late" is near "delayed" before anyone has said both.

    Parameters
    ----------
    word_dims, char_dims : sizes of the first two parts (fewer when the statements are too few).
    meaning_weight : how much the English word meanings count beside the other two parts together
        (0: not at all; the table is then never read).
    word_weight : the SIF weight ``a`` in ``a / (a + frequency)``; smaller favours rare words.
    min_df : a character n-gram must occur in this many statements to count.
    neighbours : each vector is averaged with this many nearest fitted statements (0: none), which
        steadies short statements.
    random_state : seed of the truncated SVDs.

    Attributes
    ----------
    words_, chars_ : the fitted word counter and character n-gram TF-IDF (None without usable words).
    word_vectors_, word_weights_ : learnt word vectors (PPMI-SVD) and their SIF weights.
    meanings_ : the English meaning of each counted word (rows of :func:`word_meanings`, zero for a word it
        lacks), or None when ``meaning_weight`` is 0 or there are no usable words.
    meaning_centre_ : the fitted statements' average meaning, taken from every statement's meaning: what all
        the statements of a care workshop share ("carers", "visits") would otherwise make them all alike
        (uncentred, a clean four-topic workshop lost its themes on some seeds; benchmarks/README.md).
    char_lsa_ : the truncated SVD of the character n-grams (None when too few).
    reference_vectors_ : the fitted statements' distinct vectors, before averaging, that neighbours are
        drawn from.
    remembered_, remembered_unsmoothed_ : dict text → vector of the fitted texts, after and before averaging.
    """

    _parameter_constraints = {
        "word_dims": [Interval(Integral, 1, None, closed="left")],
        "char_dims": [Interval(Integral, 1, None, closed="left")],
        "meaning_weight": [Interval(Real, 0, None, closed="left")],
        "word_weight": [Interval(Real, 0, None, closed="neither")],
        "min_df": [Interval(Integral, 1, None, closed="left")],
        "neighbours": [Interval(Integral, 0, None, closed="left")],
        "random_state": [Interval(Integral, 0, None, closed="left")],
    }

    def __init__(self, word_dims=100, char_dims=100, meaning_weight=MEANING_WEIGHT, word_weight=0.01, min_df=2,
                 neighbours=5, random_state=0):
        self.neighbours = neighbours
        self.word_dims = word_dims
        self.char_dims = char_dims
        self.meaning_weight = meaning_weight
        self.word_weight = word_weight
        self.min_df = min_df
        self.random_state = random_state

    def __sklearn_tags__(self):
        return _text_input_tags(super().__sklearn_tags__())

    def fit(self, X, y=None):
        self.fit_transform(X)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, X, y=None):
        """Fit and transform in one pass over the texts (each text is read once). The fitted texts'
        vectors are remembered, so transforming them again (a page rerun) costs a dictionary look-up."""
        X = [str(text) for text in X]
        raw = self._embed(len(X), *self._fit(X))
        distinct = {row.tobytes(): row for row in raw if np.abs(row).sum() > 0}
        self.reference_vectors_ = np.array(list(distinct.values()), dtype=np.float32).reshape(-1, raw.shape[1])
        vectors = self._smoothed(raw)
        self.remembered_ = dict(zip(X, vectors))
        self.remembered_unsmoothed_ = dict(zip(X, raw))
        return vectors

    def _smoothed(self, raw):
        count = min(self.neighbours, len(self.reference_vectors_))
        usable = np.abs(raw).sum(axis=1) > 0
        if count == 0 or not usable.any():
            return raw
        smoothed = raw.copy()
        block = raw[usable]
        smoothed[usable] = normalize(block + self.reference_vectors_[_nearest(block, self.reference_vectors_,
                                                                              count)].mean(axis=1))
        return smoothed

    def transform(self, X):
        return self._vectors_of(X, self.remembered_, self._smoothed)

    def transform_unsmoothed(self, X):
        """The vectors before averaging with neighbours: what :meth:`neighbour_graph` links."""
        return self._vectors_of(X, self.remembered_unsmoothed_, lambda raw: raw)

    def _vectors_of(self, X, remembered, finish):
        check_is_fitted(self, "chars_")
        X = [str(text) for text in X]
        new = sorted({text for text in X if text not in remembered})
        if new:
            computed = dict(zip(new, finish(self._embed(
                len(new), self.words_.transform(new) if self.words_ else None,
                self.chars_.transform(new) if self.chars_ else None))))
        width = next(iter(remembered.values())).shape[0] if remembered else None
        rows = [remembered[text] if text in remembered else computed[text] for text in X]
        if not rows:
            return np.zeros((0, width or 1), dtype=np.float32)
        return np.vstack(rows)

    def neighbour_graph(self, X, count):
        """A sparse symmetric graph of the texts ``X``: each linked to its ``count`` most similar (cosine of
        the unsmoothed vectors; only positive similarities make a link), and those vectors. The last graph
        is remembered, so a rerun with the same texts (a page after a correction) does not rebuild it."""
        key = (tuple(str(text) for text in X), count)
        if getattr(self, "_last_graph", (None,))[0] == key:
            return self._last_graph[1:]
        vectors = self.transform_unsmoothed(key[0])
        size, count = len(vectors), min(count, len(vectors) - 1)
        graph = sp.csr_matrix((size, size), dtype=np.float32)
        if count >= 1:
            similarity = vectors @ vectors.T
            np.fill_diagonal(similarity, -np.inf)
            nearest = np.argpartition(-similarity, count - 1, axis=1)[:, :count].ravel()
            rows = np.repeat(np.arange(size), count)
            graph = sp.csr_matrix((np.maximum(similarity[rows, nearest], 0), (rows, nearest)), shape=(size, size))
            graph = graph.maximum(graph.T).tocsr()
            graph.eliminate_zeros()
        self._last_graph = (key, graph, vectors)
        return graph, vectors

    def _fit(self, X):
        self.words_, counts = _fit_or_none(_word_counts(), X)
        self.word_vectors_, self.word_weights_ = self._learn_word_vectors(counts) if self.words_ else (None, None)
        self.meanings_ = self.meaning_centre_ = None
        if self.words_ is not None and self.meaning_weight > 0:
            row_of, table = word_meanings()
            self.meanings_ = np.zeros((len(self.word_weights_), table.shape[1]), dtype=np.float32)
            for column, word in enumerate(self.words_.get_feature_names_out()):
                if word in row_of:
                    self.meanings_[column] = table[row_of[word]]
            meant = self._meant(counts)
            known = np.abs(meant).sum(axis=1) > 0
            self.meaning_centre_ = meant[known].mean(axis=0) if known.any() else np.zeros(table.shape[1], np.float32)
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
        vectors = normalize(np.hstack(halves))
        if self.meanings_ is not None:
            meant = self._meant(counts)
            known = np.abs(meant).sum(axis=1) > 0
            if known.any():
                meant[known] = normalize(meant[known] - self.meaning_centre_)
            vectors = normalize(np.hstack([vectors, self.meaning_weight * meant]))
        return vectors.astype(np.float32)

    def _meant(self, counts):
        """Each statement's English meaning: its words' meanings averaged with their SIF weights (unit vectors;
        zero for a statement with no word the table knows)."""
        weighted = normalize(counts.multiply(self.word_weights_[None, :]).tocsr(), norm="l1")
        return normalize(weighted @ self.meanings_)

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
    n_themes : int ≥ 1 or None
        How many themes in all, counting the fixed ones; None chooses :func:`auto_theme_count`.
    min_confidence : float in [0, 1] or None
        Free statements placed with less confidence than this are left out of every theme (label -1,
        flagged in ``unsure_``: the wall's *Not sure yet* pile). None: ``DEFAULT_MIN_CONFIDENCE``, chosen
        on the benchmark; 0: every statement with words is placed.
    max_themes : int
        The most themes the automatic choice gives.
    neighbours : int
        How many nearest statements each statement's vector is averaged with (0: none).
    max_fit_statements : int
        Above this many statements, vectors and themes are learnt from a seeded sample of this size.
    random_state : int
        Seed of every random choice; the same seed gives the same themes.
    word_dims, char_dims, meaning_weight : the statement vectors' (see :class:`StatementVectors`); the English
        word meanings are used only when there are no more than ``max_fit_statements`` distinct statements.

    Attributes
    ----------
    labels_ : ndarray of int, the theme of each statement; -1 for no theme (no content, no usable
        words, or not sure). Themes fixed through ``y`` keep their number; new themes are numbered
        after them, largest first.
    confidence_ : ndarray of float in [0, 1], how sure each placement is (see
        :func:`placement_confidence`); 1 for fixed statements, 0 for those without content or words.
    unsure_ : bool mask of the free statements left out of themes for low confidence (distinct from
        ``no_content_``).
    n_themes_ : number of themes with at least one statement.
    themes_ : ndarray of the theme numbers, in the order of ``cluster_centers_``.
    cluster_centers_ : unit vector at the centre of each theme.
    keywords_ : dict theme → key words (class-based TF-IDF, most distinctive first).
    representatives_ : dict theme → index of its most typical statement.
    no_content_ : bool mask of the statements with no content.
    vectors_ : the fitted :class:`StatementVectors` (None when no statement has content).
    reference_vectors_ : the distinct learnt statement vectors that neighbours are drawn from.
    """

    _parameter_constraints = {
        "n_themes": [None, Interval(Integral, 1, None, closed="left")],
        "min_confidence": [None, Interval(Real, 0, 1, closed="both")],
        "max_themes": [Interval(Integral, 1, None, closed="left")],
        "neighbours": [Interval(Integral, 0, None, closed="left")],
        "max_fit_statements": [Interval(Integral, 1, None, closed="left")],
        "random_state": [Interval(Integral, 0, None, closed="left")],
        "word_dims": [Interval(Integral, 1, None, closed="left")],
        "char_dims": [Interval(Integral, 1, None, closed="left")],
        "meaning_weight": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(self, n_themes=None, *, min_confidence=None, max_themes=60, neighbours=5,
                 max_fit_statements=5_000, random_state=0, word_dims=100, char_dims=100,
                 meaning_weight=MEANING_WEIGHT):
        self.n_themes = n_themes
        self.min_confidence = min_confidence
        self.max_themes = max_themes
        self.neighbours = neighbours
        self.max_fit_statements = max_fit_statements
        self.random_state = random_state
        self.word_dims = word_dims
        self.char_dims = char_dims
        self.meaning_weight = meaning_weight

    def __sklearn_tags__(self):
        return _text_input_tags(super().__sklearn_tags__())

    @_fit_context(prefer_skip_nested_validation=True)
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
        confidence = placement_confidence(vectors, labels, centres, themes)
        confidence[unit_fixed >= 0] = 1.0
        threshold = DEFAULT_MIN_CONFIDENCE if self.min_confidence is None else self.min_confidence
        unsure = (unit_fixed < 0) & (labels != UNASSIGNED) & (confidence < threshold)
        labels[unsure] = UNASSIGNED
        kept = np.isin(themes, labels)
        themes, centres = themes[kept], centres[kept]
        self.labels_ = labels[inverse]
        self.confidence_ = confidence[inverse]
        self.unsure_ = unsure[inverse]
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
        # English word meanings only when every statement is learnt from: on larger inputs they did not raise NMI
        # at 10,000 statements and cost 100,000 statements 67% more memory (benchmarks/README.md)
        meaning_weight = self.meaning_weight if len(sample) == len(candidates) else 0
        self.vectors_ = StatementVectors(self.word_dims, self.char_dims, meaning_weight, neighbours=0,
                                         random_state=self.random_state)
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


def placement_confidence(vectors, labels, centres, themes) -> np.ndarray:
    """How sure each placement is, 0–1: the cosine similarity of the statement's vector to its theme's
    centre (0 for statements without a theme). Measured on the benchmark, it ranks placements by
    whether they agree with their theme's main human theme better than the margin over the next
    nearest theme or agreement with the nearest statements."""
    confidence = np.zeros(len(labels))
    placed = np.flatnonzero(labels != UNASSIGNED)
    if len(placed) == 0:
        return confidence
    row_of = {int(theme): row for row, theme in enumerate(themes)}
    own = centres[[row_of[int(theme)] for theme in labels[placed]]]
    confidence[placed] = np.clip(np.einsum("ij,ij->i", vectors[placed], own), 0, 1)
    return confidence


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


class WordUse:
    """Which words each of a set of statements uses, and the signs of people's names in each, worked out
    once per set of texts. Class-based TF-IDF, key words and typical statements for any grouping of any
    of those texts then cost a few sparse sums: the wall regroups the same statements after every
    correction, and tokenising them again was most of the cost of its labels."""

    def __init__(self, texts: Sequence[str]):
        distinct = list(dict.fromkeys(str(text) for text in texts))
        self._row = {text: row for row, text in enumerate(distinct)}
        counter, used = _fit_or_none(_word_counts(binary=True), distinct)
        self._words = counter.get_feature_names_out() if counter is not None else np.array([], dtype=object)
        self._used = used.tocsr() if used is not None else sp.csr_matrix((len(distinct), 0), dtype=np.float32)
        self._texts = distinct

    @cached_property
    def _shapes(self) -> list[tuple[frozenset[str], frozenset[str], frozenset[str]]]:
        return [_name_shapes(text) for text in self._texts]

    def __contains__(self, text) -> bool:
        return str(text) in self._row

    def _rows(self, texts: Sequence[str]) -> list[int]:
        return [self._row[str(text)] for text in texts]

    def vocabulary(self, texts: Sequence[str]) -> tuple[np.ndarray, sp.csr_matrix] | None:
        """The words ``texts`` use (alphabetical) and texts × words (1 where used), as fitting a vectorizer
        on ``texts`` alone gives them; None if they use no usable word. Each row keeps its words in
        alphabetical order, so sums over a statement's words come out the same to the last bit whatever
        other statements were tokenised with it, and exact ties stay ties."""
        used = self._used[self._rows(texts)]
        columns = np.unique(used.indices)
        if len(columns) == 0:
            return None
        used = used[:, columns].tocsr()
        used.sort_indices()
        return self._words[columns], used

    def name_like_words(self, texts: Sequence[str]) -> frozenset[str]:
        """:func:`name_like_words` of ``texts``."""
        capital_inside, lower_case, redacted = set(), set(), set()
        for row in self._rows(texts):
            capital, lower, placeholder = self._shapes[row]
            capital_inside |= capital
            lower_case |= lower
            redacted |= placeholder
        return frozenset((capital_inside - lower_case) | redacted)


def class_tfidf(texts: Sequence[str], labels: Sequence[int], words: WordUse | None = None) -> ClassTfidf | None:
    """Each word's weight in each theme: its share of the theme's words × log(1 + average theme size
    in words / its frequency overall). Counts each word once per statement. None if no usable words.
    ``words``: the texts already tokenised (any :class:`WordUse` holding all of them), for speed."""
    labels = np.asarray(labels, dtype=int)
    found = (words or WordUse(texts)).vocabulary(texts)
    themes = np.unique(labels[labels != UNASSIGNED])
    if found is None or len(themes) == 0:
        return None
    vocabulary, used = found
    membership = sp.csr_matrix((np.ones(int((labels != UNASSIGNED).sum())),
                                (np.searchsorted(themes, labels[labels != UNASSIGNED]),
                                 np.flatnonzero(labels != UNASSIGNED))), shape=(len(themes), len(labels)))
    per_theme = np.asarray((membership @ used).todense())
    totals = per_theme.sum(axis=1, keepdims=True)
    share = np.divide(per_theme, totals, out=np.zeros_like(per_theme), where=totals > 0)
    overall = per_theme.sum(axis=0)
    idf = np.log1p(totals.mean() / np.maximum(overall, 1))
    return ClassTfidf(themes, vocabulary, share * idf, used)


def theme_keywords(texts: Sequence[str], labels: Sequence[int], top_n: int = 5,
                   words: WordUse | None = None) -> dict[int, list[str]]:
    """Each theme's key words, those that set it apart first (ties in alphabetical order); never a word
    that looks like a person's name (see :func:`name_like_words`)."""
    words = words or WordUse(texts)
    return keywords_of(class_tfidf(texts, labels, words), labels, words.name_like_words(texts), top_n)


def keywords_of(table: ClassTfidf | None, labels: Sequence[int], names: frozenset[str],
                top_n: int = 5) -> dict[int, list[str]]:
    """:func:`theme_keywords` from a class-based TF-IDF already worked out."""
    if table is None:
        return {int(t): [] for t in np.unique(np.asarray(labels)) if t != UNASSIGNED}
    return {int(theme): _top_words(table.words, row, top_n, names) for theme, row in zip(table.themes, table.weights)}


def _top_words(words, weights, top_n, leave_out=frozenset()) -> list[str]:
    weighted = np.flatnonzero(weights > 0)
    ranked = sorted((-w, word) for word, w in zip(words[weighted], weights[weighted])
                    if word not in leave_out and word not in INTENSIFIERS)
    return [word for _, word in ranked[:top_n]]


_SHAPES = re.compile(r"\[[^\]]*\]|[^\W\d_]+(?:['’][^\W\d_]+)*|[.!?\n]")


def name_like_words(texts: Sequence[str]) -> frozenset[str]:
    """Words (lower case, as key words spell them) that look like people's names in these statements: given
    names of the gazetteer (:data:`wtfc.privacy.GIVEN_NAMES`) wherever they stand ("Sarah is lovely"), those
    that are also everyday words ("Will", "Grace") only as below; words never written in lower case and
    written with a capital inside a sentence ("… and Dave said sorry"); and the words of redaction
    placeholders ("[name]"). Words in capitals throughout ("LATE", "NHS") are no evidence."""
    return WordUse(texts).name_like_words(texts)


def _name_shapes(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """One statement's evidence for :func:`name_like_words`: its words with a capital inside a sentence,
    its words in lower case, and the words that are names wherever they stand (redaction placeholders'
    words, and given names that are not also everyday words)."""
    capital_inside, lower_case, always = set(), set(), set()
    starts_sentence = True
    for token in _SHAPES.findall(text):
        if token in ".!?\n":
            starts_sentence = True
            continue
        word = normalise(token)
        if token.startswith("["):
            always.update(_WORDS.findall(word))
        elif word in GIVEN_NAMES and word not in WORD_LIKE_NAMES:
            always.add(word)
        elif token.islower():
            lower_case.add(word)
        elif token[0].isupper() and not token.isupper() and not starts_sentence:
            capital_inside.add(word)
        starts_sentence = False
    return frozenset(capital_inside), frozenset(lower_case), frozenset(always)


_PLACEHOLDER = re.compile(r"\[[^\]]*\]")
_CLAUSES = re.compile(r"[.!?;:,()\n]+|\s(?:but|because|although|though|however|whereas)\s", re.IGNORECASE)
SHORT_NAME_WORDS = 12  # most statements fit whole: a name cut short loses its point ("I never know")


def short_name(text: str, keywords: Sequence[str] = (), leave_out: frozenset[str] = frozenset()) -> str:
    """A short phrase for a theme's name, from one statement (its most typical): the clause with the most
    of ``keywords`` (the first on a tie), without clauses holding a word of ``leave_out`` (names) where
    another will do, at most ``SHORT_NAME_WORDS`` words, first letter in capitals, redaction placeholders
    kept where they stand. The room turns it into an "I" statement."""
    clauses = [c.strip(" -–'\"") for c in _CLAUSES.split(str(text))]
    clauses = [c for c in clauses if _WORDS.search(_PLACEHOLDER.sub("", c))]  # "[name]" alone says nothing
    if not clauses:
        return ""
    wanted = set(keywords)

    def score(clause):
        words = _WORDS.findall(normalise(clause))
        return (not (set(words) & leave_out), sum(w in wanted for w in words), len(words) >= 3)

    # A redaction placeholder stays: "[name] is lovely" without it would be "Is lovely", and the room reads
    # "I like that [name] is lovely" as a slot to say in general words.
    best = max(clauses, key=score).split()  # max keeps the first of equals
    while len(best) > 3 and best[0].lower() in _JOINING:  # "…, and the carers never phone": no leading "and"
        best.pop(0)
    phrase = " ".join(_shortened(best)).rstrip(" -–,")
    return phrase[:1].upper() + phrase[1:]


# Where a long clause can end without leaving half a thought ("My lunch is cold | by the time I get it"),
# and words a cut phrase cannot end on ("… every morning at the").
_CLAUSE_BREAKS = frozenset({"and", "or", "so", "when", "whenever", "by", "until", "till", "before", "after",
                            "while", "if", "since", "as", "which", "who", "then"})
_JOINING = frozenset({"and", "but", "or", "so", "then", "also", "plus"})
_DANGLING = frozenset({"a", "an", "the", "i", "my", "to", "of", "at", "in", "on", "for", "with", "from", "by", "about",
                       "into", "than", "and", "or", "is", "are", "was", "were", "be", "been", "has", "have", "had",
                       "can", "can't", "could", "will", "would", "do", "don't", "not", "very", "their", "our", "your",
                       "his", "her", "its", "this", "that", "these", "those", "each", "every", "some", "any", "no",
                       "more", "most", "even", "just", "only", "also", "still", "so", "as", "when", "who", "which",
                       "if"})
SHORTEST_CUT = 5  # a long clause is cut at a break only where that keeps this many words


def _shortened(words: list[str]) -> list[str]:
    """At most ``SHORT_NAME_WORDS`` words: a longer clause ends at its last break that keeps ``SHORTEST_CUT``
    words or more, else at the limit; never on a dangling word (a clause split off at "though" may end on
    "even")."""
    kept = words[:SHORT_NAME_WORDS]
    breaks = [n for n, word in enumerate(kept) if n >= SHORTEST_CUT and word.lower().strip(",") in _CLAUSE_BREAKS]
    if len(words) > SHORT_NAME_WORDS and breaks:
        kept = kept[:breaks[-1]]
    while len(kept) > 3 and kept[-1].lower().strip(",") in _DANGLING:
        kept.pop()
    return kept


def short_names(texts: Sequence[str], labels: Sequence[int]) -> dict[int, str]:
    """Each theme's suggested short name (see :func:`short_name`), from its most typical statement."""
    keywords = theme_keywords(texts, labels)
    names = name_like_words(texts)
    return {theme: short_name(texts[index], keywords.get(theme, []), names)
            for theme, index in typical_statements(texts, labels).items()}


def typical_statements(texts: Sequence[str], labels: Sequence[int]) -> dict[int, int]:
    """Each theme's most typical statement (index into ``texts``): the one whose words best match the
    theme's class-based TF-IDF profile (cosine; the earliest on a tie). Cheap enough to recompute after
    every correction on the wall, unlike refitting statement vectors."""
    return {theme: ranked[0] for theme, ranked in most_typical(texts, labels, 1).items()}


def most_typical(texts: Sequence[str], labels: Sequence[int], count: int,
                 words: WordUse | None = None) -> dict[int, list[int]]:
    """Each theme's ``count`` most typical statements (indexes into ``texts``), most typical first, as in
    :func:`typical_statements`."""
    return typical_of(class_tfidf(texts, labels, words), labels, count)


def typical_of(table: ClassTfidf | None, labels: Sequence[int], count: int) -> dict[int, list[int]]:
    """:func:`most_typical` from a class-based TF-IDF already worked out."""
    labels = np.asarray(labels, dtype=int)
    themes = np.unique(labels[labels != UNASSIGNED])
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


def split_theme(texts: Sequence[str], parts: int = 2, random_state: int = 0) -> np.ndarray:
    """Split one theme's statements into up to ``parts`` groups by re-clustering them.

    Returns a group number per statement, 0 for the largest group; statements with no content stay
    in group 0. Fewer groups come back when the statements are too alike to split further.
    """
    if parts < 1:
        raise ValueError("A theme can only be split into one or more parts.")
    labels = ThemeSuggester(n_themes=parts, random_state=random_state).fit(texts).labels_
    return np.where(labels == UNASSIGNED, 0, labels)
