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

Statements the engine leaves in Unassigned (no content, no usable words) count as one group, as
the facilitator sees them; at the human count the engine makes one theme fewer when it has an
Unassigned group, so that both sides have the same number of groups.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Normalizer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from wtfc.text import is_no_content  # noqa: E402
from wtfc.theming import ThemeSuggester  # noqa: E402

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


def engine(k: int | None, seed: int):
    def run(texts):
        n_themes = None if k is None else k - any(is_no_content(t) for t in texts)
        return ThemeSuggester(n_themes=n_themes, random_state=seed).fit(texts).labels_
    return run


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
        methods = [("wtfc engine, automatic count", engine(None, seed)),
                   ("wtfc engine, number of human themes", engine(k, seed)),
                   ("TfidfVectorizer() + KMeans", tfidf_kmeans(k, seed)),
                   ("TF-IDF(stop, sublinear, min_df=2)+LSA(100)+KMeans", tfidf_lsa_kmeans(k, seed))]
        for name, method in methods:
            groups, seconds = timed(method, texts, repeats)
            print(f"{name:<52}{level:<11}{len(np.unique(groups)):>7}{adjusted_rand_score(truth, groups):>8.3f}"
                  f"{normalized_mutual_info_score(truth, groups):>8.3f}{edits_per_100(truth, groups):>11.1f}"
                  f"{seconds:>9.2f}")


def workshop_table(data: pd.DataFrame, seed: int, draws: int = 10) -> None:
    """Workshop-sized random draws: the engine's automatic count, and the baselines at the same count."""
    rng = np.random.default_rng(seed)
    print(f"\nWorkshop-sized draws from the file (mean of {draws}; 42-theme level; baselines at the engine's count)")
    print(f"{'statements':>11}{'themes':>8}   {'NMI: wtfc':>10}{'TF-IDF':>8}{'+LSA':>8}   {'edits/100: wtfc':>16}"
          f"{'TF-IDF':>8}{'+LSA':>8}")
    for size in (150, 500):
        scores, counts = [], []
        for _ in range(draws):
            rows = data.iloc[rng.choice(len(data), size, replace=False)]
            texts, truth = rows["text"].astype(str).tolist(), rows["theme"].to_numpy()
            ours = ThemeSuggester(random_state=seed).fit(texts).labels_
            k = len(np.unique(ours))
            groups = [ours, tfidf_kmeans(k, seed)(texts), tfidf_lsa_kmeans(k, seed)(texts)]
            scores.append([normalized_mutual_info_score(truth, g) for g in groups]
                          + [edits_per_100(truth, g) for g in groups])
            counts.append(k)
        nmi, edits = np.mean(scores, axis=0)[:3], np.mean(scores, axis=0)[3:]
        print(f"{size:>11}{np.mean(counts):>8.1f}   {nmi[0]:>10.3f}{nmi[1]:>8.3f}{nmi[2]:>8.3f}   "
              f"{edits[0]:>16.1f}{edits[1]:>8.1f}{edits[2]:>8.1f}")


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


def scale_child(path: Path, size: int, seed: int) -> None:
    """Run in its own process: theme ``size`` statements and print seconds, peak memory, themes and NMI."""
    rows = resampled(pd.read_csv(path), size, seed)
    texts = rows["text"].tolist()
    start = time.perf_counter()
    model = ThemeSuggester(random_state=seed).fit(texts)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux gives kilobytes
    nmi = normalized_mutual_info_score(rows["theme"], model.labels_)
    print(f"{seconds:.3f} {peak_mb:.0f} {model.n_themes_} {nmi:.3f} {len(set(texts))}")


def scale_table(path: Path, sizes: list[int], seed: int) -> None:
    print(f"\nTime and peak memory (automatic theme count; whole process, Python included), seed {seed}")
    print(f"{'statements':>11}{'distinct':>10}{'themes':>8}{'seconds':>9}{'µs/statement':>14}{'peak MB':>9}"
          f"{'NMI (42)':>10}")
    for size in sizes:
        result = subprocess.run([sys.executable, __file__, str(path), "--scale-child", str(size), "--seed", str(seed)],
                                capture_output=True, text=True, check=True)
        seconds, peak_mb, themes, nmi, distinct = result.stdout.split()
        print(f"{size:>11,}{int(distinct):>10,}{themes:>8}{float(seconds):>9.2f}{float(seconds) / size * 1e6:>14.0f}"
              f"{float(peak_mb):>9.0f}{nmi:>10}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="the benchmark CSV (text, theme, major_theme)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sizes", default="1000,10000,100000", help="statement counts for the speed table")
    parser.add_argument("--repeats", type=int, default=3, help="runs per method in the first table (best time)")
    parser.add_argument("--scale-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scale_child:
        scale_child(args.data, args.scale_child, args.seed)
        return
    data = pd.read_csv(args.data)
    quality_table(data, args.seed, args.repeats)
    workshop_table(data, args.seed)
    scale_table(args.data, [int(s) for s in args.sizes.split(",") if s], args.seed)


if __name__ == "__main__":
    main()
