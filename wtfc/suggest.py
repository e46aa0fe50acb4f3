"""Theme suggestions inside a stored workshop, which never move what the room has agreed.

Within each category, suggesting themes again keeps:

* **themes the room agreed** (see :func:`agreed_themes`: locked, renamed, voted on, planned, merged or
  split, created by a person, or holding statements someone placed) with exactly the statements they
  hold. Statements the app thinks belong to one of them are *proposed* to it, for the room to review,
  never put in it;
* **pinned statements** (moved by a person) where they are, including in Unassigned;
* **set-aside statements** out of every theme;
* the id and name of a theme nobody touched that survives the rearrangement (the new theme with the
  most statements in common with it takes it over), so a re-suggestion is not a reshuffle.

Only statements nobody placed, in themes nobody touched, are rearranged by
:class:`wtfc.theming.ThemeSuggester`; what it cannot place with confidence waits under "Not sure yet".
The result is one :class:`~wtfc.edits.Edit`, so one undo takes it back.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from wtfc import edits
from wtfc.edits import Change, Edit
from wtfc.model import CATEGORIES, Action, Plan, PriorityOverride, Statement, Theme, Vote, VotingRound
from wtfc.theming import UNASSIGNED, ThemeSuggester, split_theme
from wtfc.words import counted

SUGGEST_KIND = "suggest themes"

# Why the room counts a theme as agreed, weightiest first (a theme is counted once, by its first reason).
LOCKED, VOTED, PRIORITISED, PLANNED, ACTED = "locked", "voted on", "placed in the priorities", "with a plan", \
    "with actions"
RENAMED, MERGED, SPLIT, CREATED, PLACED = "renamed", "merged", "split", "created by a person", \
    "holding statements someone placed"
REASONS = (LOCKED, VOTED, PRIORITISED, PLANNED, ACTED, RENAMED, MERGED, SPLIT, CREATED, PLACED)


def agreed_themes(themes: Sequence[Theme], statements: Sequence[Statement],
                  log: Sequence[tuple[str, Change]] = (), *, rounds: Sequence[VotingRound] = (),
                  votes: Sequence[Vote] = (), plans: Mapping[str, Plan] | None = None,
                  actions: Sequence[Action] = (), overrides: Sequence[PriorityOverride] = ()
                  ) -> dict[str, tuple[str, ...]]:
    """The themes the room has touched, each with why (weightiest reason first); untouched themes are absent.

    ``log`` holds the changes to theme rows in the workshop's edits in force, oldest first, as
    ``(kind of edit, change)``. A theme that no suggestion created (made by a person, by a split, or
    before the log began) counts as agreed.
    """
    reasons: dict[str, set[str]] = defaultdict(set)
    suggested: set[str] = set()
    for kind, change in log:
        if change.before is None and change.after is not None:
            if kind == SUGGEST_KIND:
                suggested.add(change.after["id"])
            else:
                reasons[change.after["id"]].add(SPLIT if kind == "split" else CREATED)
        elif change.before and change.after and kind in ("merge", "split"):  # the theme kept, or split
            reasons[change.after["id"]].add(MERGED if kind == "merge" else SPLIT)
        elif change.before and change.after and kind != SUGGEST_KIND and change.before["name"] != change.after["name"]:
            reasons[change.after["id"]].add(RENAMED)
    for theme in themes:
        if theme.id not in suggested and not reasons[theme.id] & {CREATED, SPLIT}:
            reasons[theme.id].add(CREATED)
        if theme.locked:
            reasons[theme.id].add(LOCKED)
    for voting_round in rounds:
        for theme_id in voting_round.ballot:
            reasons[theme_id].add(VOTED)
    for vote in votes:
        reasons[vote.theme_id].add(VOTED)
    for override in overrides:
        reasons[override.theme_id].add(PRIORITISED)
    for theme_id, plan in (plans or {}).items():
        if plan.causes or plan.success or plan.strength:
            reasons[theme_id].add(PLANNED)
    for action in actions:
        reasons[action.theme_id].add(ACTED)
    for statement in statements:
        if statement.pinned and statement.theme_id and not statement.set_aside:
            reasons[statement.theme_id].add(PLACED)
    return {theme.id: tuple(r for r in REASONS if r in reasons[theme.id]) for theme in themes if reasons[theme.id]}


def workshop_agreed(store, workshop_id: str) -> dict[str, tuple[str, ...]]:
    """:func:`agreed_themes` for a stored workshop, from its edit log, votes, priorities, plans and actions."""
    return agreed_themes(store.themes(workshop_id), store.statements(workshop_id),
                         store.theme_changes_in_force(workshop_id), rounds=store.rounds(workshop_id),
                         votes=store.votes(workshop_id), plans=store.plans(workshop_id),
                         actions=store.actions(workshop_id), overrides=store.priority_overrides(workshop_id))


def theme_name(keywords: Sequence[str], fallback: str = "New theme") -> str:
    """A working name from the top key words; the room renames it as an "I" statement."""
    return ", ".join(keywords[:3]) or fallback


def suggest_edit(statements: Sequence[Statement], themes: Sequence[Theme], *,
                 agreed: Mapping[str, Sequence[str]], categories: Iterable[str] = CATEGORIES,
                 n_themes: int | None = None, min_confidence: float | None = None, random_state: int = 0) -> Edit:
    """Suggest themes in each of ``categories`` (``n_themes`` each, None: chosen automatically).

    ``agreed`` maps the themes the room agreed to why (:func:`agreed_themes`); they keep every statement.
    Statements placed with less confidence than ``min_confidence`` (None: the engine's default) wait
    under Not sure yet.
    """
    plans = [_Plan(category, statements, themes, agreed, random_state, min_confidence) for category in categories]
    position = max((t.position for t in themes), default=0)
    for plan in plans:
        position = plan.suggest(n_themes, position)
    return _combined(plans, _summary(plans))


def suggest_for_workshop(store, workshop_id: str, *, categories: Iterable[str] = CATEGORIES,
                         n_themes: int | None = None, min_confidence: float | None = None,
                         random_state: int = 0) -> Edit:
    """:func:`suggest_edit` for a stored workshop, keeping every theme its room agreed (not yet applied)."""
    return suggest_edit(store.statements(workshop_id), store.themes(workshop_id),
                        agreed=workshop_agreed(store, workshop_id), categories=categories, n_themes=n_themes,
                        min_confidence=min_confidence, random_state=random_state)


def assign_new_statements(statements: Sequence[Statement], themes: Sequence[Theme], *,
                          agreed: Mapping[str, Sequence[str]], categories: Iterable[str] = CATEGORIES,
                          random_state: int = 0) -> Edit:
    """Give Unassigned statements that nobody placed the most similar theme nobody touched, moving no one
    else; a statement most like a theme the room agreed is proposed to it instead.

    Statements with no content stay in Unassigned, and so do all of a category's statements when it
    has no theme with statements yet.
    """
    plans = [_Plan(category, statements, themes, agreed, random_state) for category in categories]
    for plan in plans:
        plan.assign_new()
    placed, proposed = sum(plan.placed for plan in plans), sum(plan.proposed for plan in plans)
    summary = (f"Suggested a theme for {counted(placed, 'new statement')}" if placed
               else "No new statements needed a theme")
    if proposed:
        summary += f"; {counted(proposed, 'statement')} proposed for themes the room agreed, to review"
    return _combined(plans, summary)


def split_groups(members: Sequence[Statement], parts: int = 2, random_state: int = 0) -> list[list[Statement]]:
    """A theme's statements in up to ``parts`` groups of similar wording, largest first.

    Fewer groups come back when the statements are too alike to split further.
    """
    if not members:
        return []
    groups = split_theme([s.text for s in members], parts, random_state=random_state)
    return [[s for s, g in zip(members, groups) if g == group] for group in np.unique(groups)]


@dataclass(frozen=True)
class _Fitted:
    """What the engine said about each statement; the one place that reads the engine's results."""

    labels: np.ndarray
    confidence: np.ndarray
    unsure: np.ndarray
    keywords: dict[int, list[str]]


def _fit(texts: list[str], y: list[int], n_themes: int | None, random_state: int,
         min_confidence: float | None = None) -> _Fitted:
    model = ThemeSuggester(n_themes=n_themes, min_confidence=min_confidence, random_state=random_state).fit(texts, y)
    return _Fitted(np.asarray(model.labels_, dtype=int), model.confidence_, model.unsure_, model.keywords_)


class _Plan:
    """What suggesting does to one category: themes to create, keep or delete, statements to place or propose."""

    def __init__(self, category: str, statements: Sequence[Statement], themes: Sequence[Theme],
                 agreed: Mapping[str, Sequence[str]], random_state: int, min_confidence: float | None = None):
        self.category = category
        self.random_state = random_state
        self.min_confidence = min_confidence
        self.themes = [t for t in themes if t.category == category]
        known = {t.id for t in self.themes}
        # Dangling theme ids (a deleted theme) count as Unassigned.
        self.statements = [s if s.theme_id in known or s.theme_id is None else s.replace(theme_id=None)
                           for s in statements if s.category == category]
        self.original = {s.id: s for s in statements if s.category == category}
        # Locked themes and themes holding a pinned statement are agreed even if the caller did not say so.
        placed = {s.theme_id for s in self.statements if s.pinned and not s.set_aside}
        self.agreed = {t.id: tuple(agreed.get(t.id, ())) or ((LOCKED,) if t.locked else (PLACED,))
                       for t in self.themes if t.id in agreed or t.locked or t.id in placed}
        self.created: list[Theme] = []
        self.deleted: list[Theme] = []
        self.placements: dict[str, Statement] = {}
        self.keywords: dict[int, list[str]] = {}
        self.carried_over = self.placed = self.proposed = self.unsure = self.unassigned = 0

    def _fixed(self, statement: Statement) -> bool:
        return statement.theme_id in self.agreed

    def _taking_part(self) -> list[Statement]:
        """Counted statements, but not those a person put in Unassigned."""
        return [s for s in self.statements if not s.set_aside and (s.theme_id is not None or not s.pinned)]

    def suggest(self, n_themes: int | None, position: int) -> int:
        taking_part = self._taking_part()
        fixed_ids = sorted({s.theme_id for s in taking_part if self._fixed(s)})
        number = {theme_id: i for i, theme_id in enumerate(fixed_ids)}
        y = [number[s.theme_id] if self._fixed(s) else UNASSIGNED for s in taking_part]
        fitted = self._labels(taking_part, y, n_themes)
        labels = fitted.labels.tolist() if fitted else []
        free = [i for i, value in enumerate(y) if value == UNASSIGNED]
        new_labels = sorted({labels[i] for i in free if labels[i] >= len(fixed_ids)})  # new themes come after fixed ones
        reusable = [t for t in self.themes if t.id not in self.agreed
                    and any(s.theme_id == t.id for s in self.statements)]
        theme_for = self._carry_over(taking_part, labels, free, new_labels, reusable)
        for label in new_labels:
            if label not in theme_for:
                position += 1
                keywords = self.keywords.get(label, [])
                theme_for[label] = Theme(self.category, theme_name(keywords), position=position)
                self.created.append(theme_for[label])
        for i in free:
            label = labels[i]
            target = theme_for.get(label)
            proposed = fixed_ids[label] if 0 <= label < len(fixed_ids) else None
            self._place(taking_part[i], target.id if target else None, proposed, fitted, i)
        in_use = {t.id for t in theme_for.values()}
        self.deleted = [t for t in reusable if t.id not in in_use]
        gone = {t.id for t in self.deleted}
        for s in self.statements:  # set-aside or pinned statements must not point at a deleted theme
            if s.theme_id in gone and s.id not in self.placements:
                self.placements[s.id] = self.original[s.id].replace(theme_id=None)
        return position

    def _place(self, statement: Statement, theme_id: str | None, proposed: str | None, fitted: _Fitted,
               index: int) -> None:
        """A free statement's new place: a theme, a proposal to an agreed theme, Not sure yet, or Unassigned."""
        unsure = theme_id is None and (proposed is not None or bool(fitted.unsure[index]))
        confidence = None if theme_id is None and not unsure else round(float(fitted.confidence[index]), 3)
        self.placements[statement.id] = self.original[statement.id].replace(
            theme_id=theme_id, confidence=confidence, unsure=unsure, proposed_theme_id=proposed)
        self.placed += theme_id is not None
        self.proposed += proposed is not None
        self.unsure += unsure and proposed is None
        self.unassigned += theme_id is None and not unsure

    def _labels(self, statements: list[Statement], y: list[int], n_themes: int | None) -> _Fitted | None:
        """The engine's verdict on each statement; keeps the new themes' key words for naming."""
        if not statements:
            return None
        fitted = _fit([s.text for s in statements], y, n_themes, self.random_state, self.min_confidence)
        self.keywords = fitted.keywords
        return fitted

    def _carry_over(self, statements, labels, free, new_labels, reusable) -> dict[int, Theme]:
        """Match new themes to the untouched themes they share most statements with (Hungarian method)."""
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
        counted = [s for s in self.statements if not s.set_aside]
        fixed_ids = sorted({s.theme_id for s in counted if s.theme_id is not None})
        if not fixed_ids:
            return
        number = {theme_id: i for i, theme_id in enumerate(fixed_ids)}
        newcomers = [s for s in counted if s.theme_id is None and not s.pinned and not s.unsure]
        taking_part = [s for s in counted if s.theme_id is not None] + newcomers
        y = [number[s.theme_id] if s.theme_id is not None else UNASSIGNED for s in taking_part]
        fitted = self._labels(taking_part, y, len(fixed_ids))
        first = len(taking_part) - len(newcomers)
        for offset, statement in enumerate(newcomers):
            label = int(fitted.labels[first + offset])
            if label == UNASSIGNED and not fitted.unsure[first + offset]:
                continue
            theme_id = fixed_ids[label] if label != UNASSIGNED else None
            agreed = theme_id in self.agreed
            self._place(statement, None if agreed else theme_id, theme_id if agreed else None, fitted, first + offset)

    def changes(self) -> list[Edit]:
        """Create themes first and delete them last, so the edit never points at a missing theme."""
        pairs = [(self.original[sid], new) for sid, new in self.placements.items()]
        return [edits.create_themes(self.created), edits.update_statements(pairs), edits.delete_themes(self.deleted)]


def _combined(plans: list[_Plan], summary: str) -> Edit:
    return edits.combine(SUGGEST_KIND, summary, [edit for plan in plans for edit in plan.changes()])


def agreed_summary(agreed: Mapping[str, Sequence[str]]) -> str:
    """E.g. "kept 5 themes the room agreed (3 renamed, 2 voted on)": each theme counted by its weightiest reason."""
    counts = Counter(why[0] for why in agreed.values() if why)
    if not counts:
        return ""
    total = sum(counts.values())
    why = ", ".join(f"{counts[r]} {r}" for r in REASONS if r in counts)
    return f"kept {counted(total, 'theme')} the room agreed ({why}) with all their statements"


def _summary(plans: list[_Plan]) -> str:
    """E.g. "Suggested themes for “working”: 6 new themes, 1 carried over; kept 2 themes the room agreed
    (1 renamed, 1 voted on) with all their statements; 3 statements proposed for them, to review; …"."""
    names = ", ".join(f"“{p.category}”" for p in plans)
    parts = [counted(sum(len(p.created) for p in plans), "new theme")]
    if carried := sum(p.carried_over for p in plans):
        parts.append(f"{counted(carried, 'theme')} carried over")
    if deleted := sum(len(p.deleted) for p in plans):
        parts.append(f"{counted(deleted, 'empty theme')} removed")
    text = f"Suggested themes for {names}: " + ", ".join(parts)
    if kept := agreed_summary({theme_id: why for p in plans for theme_id, why in p.agreed.items()}):
        text += f"; {kept}"
    if proposed := sum(p.proposed for p in plans):
        text += f"; {counted(proposed, 'statement')} proposed for them, to review"
    return (text + f"; {counted(sum(p.placed for p in plans), 'statement')} placed, "
            f"{sum(p.unsure for p in plans)} not sure yet, {sum(p.unassigned for p in plans)} left Unassigned")
