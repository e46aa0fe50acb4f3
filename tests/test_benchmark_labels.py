"""The issue labels of the synthetic sample workshop (benchmarks/homecare_issues.csv), which the theming
benchmark's homecare tables score the simulated room and placing against."""
from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from wtfc.columns import normalise_category
from wtfc.model import CATEGORIES
from wtfc.sample import SAMPLE_FILE
from wtfc.text import is_no_content

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
LABELS = BENCHMARKS / "homecare_issues.csv"


@pytest.fixture(scope="module")
def labels() -> pd.DataFrame:
    return pd.read_csv(LABELS, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return pd.read_csv(SAMPLE_FILE, dtype=str, keep_default_na=False)


def test_every_row_of_the_sample_has_one_issue_in_its_own_category(labels, sample):
    assert list(labels.columns) == ["row", "category", "issue"]
    rows = [int(row) for row in labels["row"]]
    assert sorted(rows) == list(range(1, len(sample) + 1))
    assert len(set(rows)) == len(rows)
    for row, category, issue in zip(rows, labels["category"], labels["issue"]):
        assert category == sample["Category"][row - 1], f"row {row}"
        assert issue.strip(), f"row {row} has no issue"


def test_every_category_has_at_least_four_issues(labels):
    issues = Counter(normalise_category(category) for category, _ in
                     labels[["category", "issue"]].drop_duplicates().itertuples(index=False))
    assert set(issues) == set(CATEGORIES)
    assert min(issues.values()) >= 4


def test_labels_carry_no_statement_text(labels, sample):
    statements = {" ".join(text.casefold().split()) for text in sample["Statement"] if len(text) > 12}
    assert not statements & {" ".join(issue.casefold().split()) for issue in labels["issue"]}


def load_benchmark():
    spec = importlib.util.spec_from_file_location("theming_benchmark", BENCHMARKS / "theming.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_gives_every_statement_the_app_stores_its_rows_issue(labels, sample):
    """The benchmark imports the sample the app's way (redacted, no-content rows left out): each stored
    statement must meet the issue of the row it came from."""
    workshop = load_benchmark().homecare_workshop()
    stored = {category: len(texts) for category, (texts, _) in workshop.items()}
    kept = sample[[not is_no_content(text) for text in sample["Statement"]]]
    assert stored == Counter(normalise_category(c) for c in kept["Category"])
    for category, (texts, truth) in workshop.items():
        assert len(truth) == len(texts)
        assert set(truth) <= set(labels.loc[labels["category"].map(normalise_category) == category, "issue"])
    names = {word for name in sample["Name"] for word in name.split()}
    assert not any(name in text.split() for texts, _ in workshop.values() for text in texts for name in names)


def test_a_label_file_that_does_not_match_the_sample_stops_with_a_plain_message(tmp_path, labels):
    short = tmp_path / "issues.csv"
    labels.iloc[:-1].to_csv(short, index=False)
    with pytest.raises(SystemExit, match=f"one line for each of the {len(labels)} data rows"):
        load_benchmark().homecare_workshop(short)
    moved = tmp_path / "moved.csv"
    labels.assign(category=["What's working"] * len(labels)).to_csv(moved, index=False)
    with pytest.raises(SystemExit, match=r"row 4: the category must be the sample's own"):
        load_benchmark().homecare_workshop(moved)


def test_the_issues_own_figures_count_clean_and_mixed_themes_and_the_statements_under_another_issue():
    """The homecare table reports the suggestions in the terms issue 11 was filed with."""
    truth = ["late"] * 5 + ["food"] * 5 + ["going out"] * 5 + ["rude"] * 2
    labels = [0] * 5 + [1] * 4 + [2] + [2] * 3 + [3, 3] + [-1, -1]  # theme 2: 1 food, 3 going out
    themes, clean, usable, mixed, wrong, waiting, orphans, issues = \
        load_benchmark().themes_as_the_issue_measured(truth, labels)
    assert (themes, clean, usable, mixed) == (4, 3, 1, 0)  # theme 2 is 3/4 going out: usable, not clean
    assert wrong == 1 / 17  # the food statement under the going-out theme
    assert waiting == 2 / 17
    assert (orphans, issues) == (0, 3)  # "rude" has 2 statements: not counted
    _, _, _, mixed, wrong, _, orphans, _ = load_benchmark().themes_as_the_issue_measured(truth[:15], [0] * 15)
    assert mixed == 1 and wrong == 10 / 15 and orphans == 2
