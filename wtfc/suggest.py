"""Theme suggestions inside a stored workshop, which never undo what the room has corrected.

Within each category, suggesting themes again keeps:

* **locked themes** with all their statements (they may gain similar statements);
* **pinned statements** (moved by a person) where they are, including in Unassigned;
* **set-aside statements** out of every theme;
* the id and name of an unlocked theme that survives the rearrangement (the new theme with the
  most statements in common with it takes it over), so a re-suggestion is not a reshuffle;
* themes a person created that have no statements yet.

Everything else is rearranged by :class:`wtfc.theming.ThemeSuggester`, and the result is one
:class:`~wtfc.edits.Edit`, so one undo takes it back.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from wtfc import edits
from wtfc.edits import Edit
from wtfc.model import CATEGORIES, Statement, Theme
from wtfc.theming import UNASSIGNED, ThemeSuggester, split_theme

SUGGEST_KIND = "suggest themes"


def theme_name(keywords: Sequence[str], fallback: str = "New theme") -> str:
    """A working name from the top key words; the room renames it as an "I" statement."""
    return ", ".join(keywords[:3]) or fallback


def suggest_edit(statements: Sequence[Statement], themes: Sequence[Theme], *,
                 categories: Iterable[str] = CATEGORIES, n_themes: int | None = None,
                 random_state: int = 0) -> Edit:
    """Suggest themes in each of ``categories`` (``n_themes`` each, None: chosen automatically)."""
    plans = [_Plan(category, statements, themes, random_state) for category in categories]
    position = max((t.position for t in themes), default=0)
    for plan in plans:
        position = plan.suggest(n_themes, position)
    return _combined(plans, _summary(plans))


def assign_new_statements(statements: Sequence[Statement], themes: Sequence[Theme], *,
                          categories: Iterable[str] = CATEGORIES, random_state: int = 0) -> Edit:
    """Give Unassigned statements that nobody placed the most similar existing theme, moving no one else.

    Statements with no content stay in Unassigned, and so do all of a category's statements when it
    has no theme with statements yet.
    """
    plans = [_Plan(category, statements, themes, random_state) for category in categories]
    for plan in plans:
        plan.assign_new()
    placed = sum(plan.placed for plan in plans)
    summary = (f"Suggested a theme for {placed} new statement{'s' if placed != 1 else ''}" if placed
               else "No new statements needed a theme")
    return _combined(plans, summary)


def split_groups(members: Sequence[Statement], parts: int = 2, random_state: int = 0) -> list[list[Statement]]:
    """A theme's statements in up to ``parts`` groups of similar wording, largest first.

    Fewer groups come back when the statements are too alike to split further.
    """
    if not members:
        return []
    groups = split_theme([s.text for s in members], parts, random_state=random_state)
    return [[s for s, g in zip(members, groups) if g == group] for group in np.unique(groups)]


class _Plan:
    """What suggesting does to one category: themes to create, keep or delete, statements to place."""

    def __init__(self, category: str, statements: Sequence[Statement], themes: Sequence[Theme], random_state: int):
        self.category = category
        self.random_state = random_state
        self.themes = [t for t in themes if t.category == category]
        known = {t.id for t in self.themes}
        # Dangling theme ids (a deleted theme) count as Unassigned.
        self.statements = [s if s.theme_id in known or s.theme_id is None else s.replace(theme_id=None)
                           for s in statements if s.category == category]
        self.original = {s.id: s for s in statements if s.category == category}
        self.created: list[Theme] = []
        self.deleted: list[Theme] = []
        self.placements: dict[str, str | None] = {}
        self.keywords: dict[int, list[str]] = {}
        self.kept_locked = self.carried_over = self.placed = self.unassigned = 0

    def _fixed(self, statement: Statement, locked: set[str]) -> bool:
        return statement.theme_id is not None and (statement.theme_id in locked or statement.pinned)

    def suggest(self, n_themes: int | None, position: int) -> int:
        locked = {t.id for t in self.themes if t.locked}
        taking_part = [s for s in self.statements if not s.set_aside and (s.theme_id is not None or not s.pinned)]
        fixed_ids = sorted({s.theme_id for s in taking_part if self._fixed(s, locked)})
        number = {theme_id: i for i, theme_id in enumerate(fixed_ids)}
        y = [number[s.theme_id] if self._fixed(s, locked) else UNASSIGNED for s in taking_part]
        labels = self._labels(taking_part, y, n_themes)
        free = [i for i, value in enumerate(y) if value == UNASSIGNED]
        new_labels = sorted({labels[i] for i in free if labels[i] >= len(fixed_ids)})  # new themes come after fixed ones
        by_id = {t.id: t for t in self.themes}
        reusable = [t for t in self.themes if t.id not in number and not t.locked
                    and any(s.theme_id == t.id for s in self.statements)]
        theme_for = {n: by_id[theme_id] for theme_id, n in number.items()}
        theme_for.update(self._carry_over(taking_part, labels, free, new_labels, reusable))
        for label in new_labels:
            if label not in theme_for:
                position += 1
                keywords = self.keywords.get(label, [])
                theme_for[label] = Theme(self.category, theme_name(keywords), position=position)
                self.created.append(theme_for[label])
        for i in free:
            target = theme_for.get(labels[i])
            self.placements[taking_part[i].id] = target.id if target else None
            self.unassigned += target is None
        self.placed = len(free) - self.unassigned
        in_use = {t.id for t in theme_for.values()}
        self.deleted = [t for t in reusable if t.id not in in_use]
        gone = {t.id for t in self.deleted}
        for s in self.statements:  # set-aside or pinned statements must not point at a deleted theme
            if s.theme_id in gone and s.id not in self.placements:
                self.placements[s.id] = None
        self.kept_locked = len(locked)
        return position

    def _labels(self, statements: list[Statement], y: list[int], n_themes: int | None) -> list[int]:
        """Each statement's theme number from the engine; keeps the new themes' key words for naming."""
        if not statements:
            return []
        model = ThemeSuggester(n_themes=n_themes, random_state=self.random_state).fit([s.text for s in statements], y)
        self.keywords = model.keywords_
        return [int(label) for label in model.labels_]

    def _carry_over(self, statements, labels, free, new_labels, reusable) -> dict[int, Theme]:
        """Match new themes to the unlocked themes they share most statements with (Hungarian method)."""
        if not new_labels or not reusable:
            return {}
        overlap = np.zeros((len(new_labels), len(reusable)))
        row = {label: i for i, label in enumerate(new_labels)}
        column = {t.id: j for j, t in enumerate(reusable)}
        for (label, theme_id), count in Counter((labels[i], statements[i].theme_id) for i in free).items():
            if label in row and theme_id in column:
                overlap[row[label], column[theme_id]] = count
        rows, columns = linear_sum_assignment(-overlap)
        matched = {new_labels[r]: reusable[c] for r, c in zip(rows, columns) if overlap[r, c] > 0}
        self.carried_over = len(matched)
        return matched

    def assign_new(self) -> None:
        with_members = {s.theme_id for s in self.statements if s.theme_id is not None and not s.set_aside}
        if not with_members:
            return
        counted = [s for s in self.statements if not s.set_aside]
        fixed_ids = sorted(with_members)
        number = {theme_id: i for i, theme_id in enumerate(fixed_ids)}
        newcomers = [s for s in counted if s.theme_id is None and not s.pinned]
        taking_part = [s for s in counted if s.theme_id is not None] + newcomers
        y = [number[s.theme_id] if s.theme_id is not None else UNASSIGNED for s in taking_part]
        labels = self._labels(taking_part, y, len(fixed_ids))
        for statement, label in zip(newcomers, labels[len(taking_part) - len(newcomers):]):
            if label != UNASSIGNED:
                self.placements[statement.id] = fixed_ids[label]
                self.placed += 1

    def changes(self) -> list[Edit]:
        """Create themes first and delete them last, so the edit never points at a missing theme."""
        moves = [(self.original[sid], theme_id) for sid, theme_id in self.placements.items()]
        return [edits.create_themes(self.created), edits.assign_statements(moves), edits.delete_themes(self.deleted)]


def _combined(plans: list[_Plan], summary: str) -> Edit:
    return edits.combine(SUGGEST_KIND, summary, [edit for plan in plans for edit in plan.changes()])


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _summary(plans: list[_Plan]) -> str:
    """E.g. "Suggested themes for “working”: 6 new themes, 2 kept (locked); 3 statements left Unassigned"."""
    names = ", ".join(f"“{p.category}”" for p in plans)
    parts = [_plural(sum(len(p.created) for p in plans), "new theme")]
    if kept := sum(p.kept_locked for p in plans):
        parts.append(f"{_plural(kept, 'locked theme')} kept")
    if carried := sum(p.carried_over for p in plans):
        parts.append(f"{_plural(carried, 'theme')} carried over")
    if deleted := sum(len(p.deleted) for p in plans):
        parts.append(f"{_plural(deleted, 'empty theme')} removed")
    unassigned = sum(p.unassigned for p in plans)
    return (f"Suggested themes for {names}: " + ", ".join(parts)
            + f"; {_plural(sum(p.placed for p in plans), 'statement')} placed, {unassigned} left Unassigned")
