"""Comparing two workshops, say last year's and this year's: which themes came back, which grew or shrank,
which are new this time and which have gone.

Themes are matched within each category, one to one, by how alike their names are and how alike their
statements are (TF-IDF cosine of character 3–5-grams, so "I want my visits on time" meets "I want visits to
be on time" and "carer" meets "carers"; a theme's statements are taken together): the two similarities are
averaged, and the pairs that reach :data:`THRESHOLD` are matched so that the matches are best overall (an
optimal assignment, so one good match never steals another's partner). A theme with no partner appeared or disappeared.

Workshops differ in size (40 reviews one year, 60 the next), so whether a theme grew or shrank is judged by
its share of its category's statements; the counts of statements and people are given beside it. As
everywhere, set-aside statements are not counted.
"""
from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import plotly.graph_objects as go
from openpyxl import Workbook
from scipy.optimize import linear_sum_assignment
from sklearn.feature_extraction.text import TfidfVectorizer

from wtfc.charts import (CATEGORY_TITLES, OKABE_ITO, category_axis, fill_pattern, message_figure, row_lines,
                         style_figure, value_range)
from wtfc.export import Column, write_table
from wtfc.model import CATEGORIES, Statement, Theme
from wtfc.priorities import ThemeCount, count_themes
from wtfc.store import Store
from wtfc.text import normalise
from wtfc.theming import STOP_WORDS, WORD_PATTERN
from wtfc.words import counted, theme_title

THRESHOLD = 0.35  # the averaged similarity of name and statements at which two themes are the same theme
STEADY = 0.02  # a change in share smaller than this (two percentage points) is "about the same"

GREW, SHRANK, SAME, APPEARED, DISAPPEARED = "grew", "shrank", "about the same", "appeared", "disappeared"

EARLIER_COLOUR = OKABE_ITO["sky blue"]
LATER_COLOUR = OKABE_ITO["blue"]
NO_CHANGES = "No themes in this category in either workshop"


@dataclass(frozen=True)
class ThemeChange:
    """One theme followed from the earlier workshop to the later one; ``None`` on the side where it is absent."""

    category: str
    earlier: ThemeCount | None
    later: ThemeCount | None
    earlier_share: float  # of the category's counted statements in that workshop; 0 when absent
    later_share: float
    similarity: float  # how alike the matched pair is, 0 to 1; 0 when unmatched
    change: str  # GREW, SHRANK, SAME, APPEARED or DISAPPEARED

    @property
    def name(self) -> str:
        """This year's name where there is one; the room knows the theme by it now."""
        return theme_title((self.later or self.earlier).name)


@dataclass(frozen=True)
class CategoryChange:
    """A category's totals in both workshops: all counted statements, themed or not, and distinct people."""

    category: str
    earlier_statements: int
    later_statements: int
    earlier_people: int
    later_people: int


@dataclass(frozen=True)
class Comparison:
    earlier_name: str
    later_name: str
    themes: tuple[ThemeChange, ...]  # by category; matched and new themes in the later wall's order, then gone ones
    categories: tuple[CategoryChange, ...]

    def of_category(self, category: str) -> list[ThemeChange]:
        return [t for t in self.themes if t.category == category]


def compare_workshops(store: Store, earlier_id: str, later_id: str, threshold: float = THRESHOLD) -> Comparison:
    """Compare two stored workshops: ``earlier_id`` (say, last year's) with ``later_id`` (this year's)."""
    return compare_themes(store.statements(earlier_id), store.themes(earlier_id),
                          store.statements(later_id), store.themes(later_id),
                          earlier_name=store.workshop(earlier_id).name, later_name=store.workshop(later_id).name,
                          threshold=threshold)


def compare_themes(earlier_statements: Sequence[Statement], earlier_themes: Sequence[Theme],
                   later_statements: Sequence[Statement], later_themes: Sequence[Theme], *,
                   earlier_name: str = "Earlier workshop", later_name: str = "Later workshop",
                   threshold: float = THRESHOLD) -> Comparison:
    """Match the themes of two workshops and say how each changed (see the module's notes)."""
    changes, totals = [], []
    for category in CATEGORIES:
        before = _side(earlier_statements, earlier_themes, category)
        after = _side(later_statements, later_themes, category)
        changes += _category_changes(category, before, after, threshold)
        totals.append(CategoryChange(category, before.statements, after.statements, before.people, after.people))
    return Comparison(earlier_name, later_name, tuple(changes), tuple(totals))


@dataclass(frozen=True)
class _Side:
    """One workshop's view of one category: its themes' counts and words, and the category's totals."""

    counts: list[ThemeCount]
    texts: list[str]  # each theme's counted statements, joined
    statements: int
    people: int

    def share(self, count: ThemeCount) -> float:
        return count.statements / self.statements if self.statements else 0.0


def _side(statements: Sequence[Statement], themes: Sequence[Theme], category: str) -> _Side:
    counted = [s for s in statements if s.category == category and not s.set_aside]
    counts = [c for c in count_themes(counted, themes) if c.category == category and c.theme_id is not None]
    words: dict[str, list[str]] = {}
    for statement in counted:
        words.setdefault(statement.theme_id, []).append(statement.text)
    people = {s.person_ref or f"statement {s.id}" for s in counted}
    return _Side(counts, [" ".join(words.get(c.theme_id, [])) for c in counts], len(counted), len(people))


def _category_changes(category: str, before: _Side, after: _Side, threshold: float) -> list[ThemeChange]:
    similarity = theme_similarity([c.name for c in before.counts], before.texts,
                                  [c.name for c in after.counts], after.texts)
    rows, columns = linear_sum_assignment(similarity, maximize=True)
    partner = {int(c): int(r) for r, c in zip(rows, columns) if similarity[r, c] >= threshold}
    changes = []
    for column, later in enumerate(after.counts):
        if column in partner:
            earlier = before.counts[partner[column]]
            changes.append(ThemeChange(category, earlier, later, before.share(earlier), after.share(later),
                                       round(float(similarity[partner[column], column]), 3),
                                       _change(before.share(earlier), after.share(later))))
        else:
            changes.append(ThemeChange(category, None, later, 0.0, after.share(later), 0.0, APPEARED))
    matched = set(partner.values())
    changes += [ThemeChange(category, earlier, None, before.share(earlier), 0.0, 0.0, DISAPPEARED)
                for row, earlier in enumerate(before.counts) if row not in matched]
    return changes


def theme_similarity(earlier_names: Sequence[str], earlier_texts: Sequence[str],
                     later_names: Sequence[str], later_texts: Sequence[str]) -> np.ndarray:
    """Earlier × later themes: the mean of their names' and their statements' TF-IDF cosine similarity.

    Both use character 3–5-grams within words, so word forms meet ("carer", "carers"); statements first
    lose the words that say nothing about care (:data:`wtfc.theming.STOP_WORDS`).
    """
    names = _cosine(earlier_names, later_names,
                    TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), preprocessor=normalise, sublinear_tf=True))
    words = _cosine(earlier_texts, later_texts,
                    TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), preprocessor=_content_words,
                                    sublinear_tf=True))
    return (names + words) / 2


def _content_words(text: str) -> str:
    """The words that carry meaning, so themes meet on "late" and "carers", not on "the" and "I"."""
    return " ".join(word for word in re.findall(WORD_PATTERN, normalise(text)) if word not in STOP_WORDS)


def _cosine(earlier: Sequence[str], later: Sequence[str], vectorizer: TfidfVectorizer) -> np.ndarray:
    """Cosine similarity of each earlier text with each later one, fitted on both; zeros where no words."""
    if not earlier or not later:
        return np.zeros((len(earlier), len(later)))
    try:
        vectors = vectorizer.fit_transform([*earlier, *later])  # rows are unit length (norm="l2")
    except ValueError:  # not one usable word in any of them
        return np.zeros((len(earlier), len(later)))
    return (vectors[:len(earlier)] @ vectors[len(earlier):].T).toarray()


def _change(earlier_share: float, later_share: float) -> str:
    if later_share - earlier_share > STEADY:
        return GREW
    if earlier_share - later_share > STEADY:
        return SHRANK
    return SAME


# -- ways out: rows, a workbook and a chart ----------------------------------------------------------------

def comparison_rows(comparison: Comparison) -> list[dict]:
    """One row per theme, for a sheet or CSV: both names, what changed, and both years' figures."""
    earlier, later = comparison.earlier_name, comparison.later_name
    return [{
        "Category": t.category,
        "Theme": t.name,
        "Change": t.change,
        f"Theme in {earlier}": t.earlier.name if t.earlier else "",
        f"Statements in {earlier}": t.earlier.statements if t.earlier else 0,
        f"Statements in {later}": t.later.statements if t.later else 0,
        f"People in {earlier}": t.earlier.people if t.earlier else 0,
        f"People in {later}": t.later.people if t.later else 0,
        f"Share of category in {earlier} (%)": round(100 * t.earlier_share, 1),
        f"Share of category in {later} (%)": round(100 * t.later_share, 1),
        "How alike (0 to 1)": t.similarity if t.earlier and t.later else "",
    } for t in comparison.themes]


def category_rows(comparison: Comparison) -> list[dict]:
    """One row per category: all its counted statements and people in each workshop, and how many themes
    grew, shrank, stayed about the same, appeared and disappeared."""
    earlier, later = comparison.earlier_name, comparison.later_name
    return [{
        "Category": c.category,
        f"Statements in {earlier}": c.earlier_statements, f"Statements in {later}": c.later_statements,
        f"People in {earlier}": c.earlier_people, f"People in {later}": c.later_people,
        **{f"Themes that {'stayed ' if change == SAME else ''}{change}": sum(
            t.change == change for t in comparison.of_category(c.category))
           for change in (GREW, SHRANK, SAME, APPEARED, DISAPPEARED)},
    } for c in comparison.categories]


def comparison_workbook(comparison: Comparison) -> bytes:
    """The comparison as an Excel workbook: a sheet of themes and a sheet of categories, laid out like the
    theme spreadsheet's tables (bold frozen header, filters, safe from formulas, printed landscape)."""
    book = Workbook(write_only=True)
    for title, rows in [("Themes compared", comparison_rows(comparison)),
                        ("Categories compared", category_rows(comparison))]:
        sheet = book.create_sheet(title)
        headers = list(rows[0]) if rows else ["Category"]
        columns = [Column(h, width=36 if h.startswith(("Theme", "Category")) else 14, wrap=h.startswith("Theme"))
                   for h in headers]
        write_table(sheet, columns, ([row[h] for h in headers] for row in rows), len(rows))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def comparison_chart(comparison: Comparison, category: str) -> go.Figure:
    """A category's themes with last time's and this time's statements side by side, each row saying
    in words whether the theme grew, shrank, appeared or disappeared (colour and pattern tell the two
    workshops apart as well as the legend). Biggest this time on top; themes that have gone last."""
    earlier, later = (html.escape(n, quote=False) for n in (comparison.earlier_name, comparison.later_name))
    title = f"{CATEGORY_TITLES[category]}: {earlier} and {later}"
    themes = sorted(comparison.of_category(category),
                    key=lambda t: (t.later is None, -(t.later or t.earlier).statements))
    if not themes:
        return message_figure(title, NO_CHANGES)
    labels = [f"{t.name}\n({t.change})" for t in themes]
    positions = list(range(len(themes)))
    fig = go.Figure()
    for name, side, colour, pattern in [(earlier, "earlier", EARLIER_COLOUR, "/"), (later, "later", LATER_COLOUR, "")]:
        values = [getattr(t, side).statements if getattr(t, side) else 0 for t in themes]
        fig.add_trace(go.Bar(
            x=values, y=positions, orientation="h", name=name, marker={"color": colour, "pattern": fill_pattern(pattern)},
            text=[str(v) for v in values], textposition="outside", cliponaxis=False,
            customdata=[counted(v, "statement") for v in values],
            hovertemplate="%{customdata}<extra>%{fullData.name}</extra>"))
    fig.update_yaxes(category_axis(labels))
    style_figure(fig, title, "Grew or shrank: its share of the category's statements", rows=len(themes),
           row_lines=row_lines(labels) + 1, legend=True)
    fig.update_layout(barmode="group", legend={"title": {"text": "Workshop: "}, "traceorder": "normal"})
    fig.update_xaxes(title_text="Statements",
                     range=value_range(max((t.later or t.earlier).statements,
                                            t.earlier.statements if t.earlier else 0) for t in themes))
    return fig
