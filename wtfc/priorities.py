"""Counting what was said and what the room voted for, and the priority list built from both.

"How many said it" (statements, people) and "how much it matters" (votes) are kept as separate
figures throughout and never blended into one score: a theme raised by few people can still be
the one the room cares about most. Everything here is pure; results are plain dataclasses, ready
for charts (``dataclasses.asdict``, :func:`count_table`) and the spreadsheet.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Collection, Iterable, Sequence

from wtfc.model import CATEGORIES, PERSPECTIVES, PriorityOverride, Statement, Theme, Vote, VotingRound
from wtfc.words import UNASSIGNED

PRIORITY_RULE = "Most votes first; then most statements; then most people; then by name."


@dataclass(frozen=True)
class ThemeCount:
    """How many said it: one theme's counted statements, the people behind them, and their perspectives."""

    theme_id: str | None  # None for the statements of a category not yet in any theme
    name: str
    category: str
    statements: int
    people: int
    by_perspective: dict[str, int]  # every perspective, zeros included, in PERSPECTIVES order


@dataclass(frozen=True)
class Priority:
    """One place in a session's priority list, with both figures and how it got there."""

    rank: int  # 1 is the top
    theme_id: str
    name: str
    category: str
    votes: int  # how much it matters
    statements: int  # how many said it
    people: int
    rule_rank: int  # where the rule alone would put it
    moved: bool  # the facilitator placed it by hand
    reason: str  # why they did, in their words


def count_themes(statements: Iterable[Statement], themes: Sequence[Theme]) -> list[ThemeCount]:
    """Counts for every theme, category by category in theme order, each category's unassigned last.

    Set-aside statements are not counted. People are distinct person references within a theme, so
    someone who said three things about it counts once; a statement with no reference counts as a
    person of its own, since nobody can tell whether it was someone already counted. Statements of a
    theme that no longer exists (say, merged away) count as unassigned.
    """
    by_theme: dict[str, list[Statement]] = {}
    known = {t.id for t in themes}
    unassigned: dict[str, list[Statement]] = {}
    for statement in statements:
        if statement.set_aside:
            continue
        if statement.theme_id in known:
            by_theme.setdefault(statement.theme_id, []).append(statement)
        else:
            unassigned.setdefault(statement.category, []).append(statement)
    counts = []
    for category in CATEGORIES:
        counts += [_count(t.id, t.name, category, by_theme.get(t.id, [])) for t in themes if t.category == category]
        if unassigned.get(category):
            counts.append(_count(None, UNASSIGNED, category, unassigned[category]))
    return counts


def _count(theme_id: str | None, name: str, category: str, statements: list[Statement]) -> ThemeCount:
    people = {s.person_ref or f"statement {s.id}" for s in statements}
    perspectives = Counter(s.perspective for s in statements)
    return ThemeCount(theme_id, name, category, len(statements), len(people),
                      {p: perspectives[p] for p in PERSPECTIVES})


def count_table(counts: Iterable[ThemeCount]) -> list[dict]:
    """One row per theme with a column per perspective: a table for the spreadsheet, or stacked bars."""
    return [{"Theme": c.name, "Category": c.category, "Statements": c.statements, "People": c.people,
             **c.by_perspective} for c in counts]


def round_totals(voting_round: VotingRound, votes: Iterable[Vote]) -> dict[str, int]:
    """Dots per theme on the round's ballot, in ballot order, zeros included: tally plus phones.

    Votes on a theme taken off the ballot after they were cast are not counted (though they still
    used up that participant's dots).
    """
    totals = dict.fromkeys(voting_round.ballot, 0)
    for vote in votes:
        if vote.round_id == voting_round.id and vote.theme_id in totals:
            totals[vote.theme_id] += vote.dots
    return totals


def voter_count(voting_round: VotingRound, votes: Iterable[Vote]) -> int:
    """How many participants have voted on their phones in the round (the typed-in tally is not people)."""
    return len({v.participant_id for v in votes if v.round_id == voting_round.id and v.participant_id})


def session_votes(rounds: Iterable[VotingRound], votes: Sequence[Vote], session: str) -> dict[str, int]:
    """Dots per theme across all of a session's rounds."""
    totals: Counter[str] = Counter()
    for voting_round in rounds:
        if voting_round.session == session:
            totals.update(round_totals(voting_round, votes))
    return dict(totals)


def priority_list(counts: Iterable[ThemeCount], votes: dict[str, int],
                  overrides: Iterable[PriorityOverride] = (), top: int | None = None,
                  among: Collection[str] | None = None) -> list[Priority]:
    """The themes in ``counts`` ranked by :data:`PRIORITY_RULE`, then placed by the facilitator.

    ``votes`` are dots per theme id (see :func:`session_votes`); ``overrides`` the session's placings
    (``Store.priority_overrides(workshop_id, session)``). A placed theme sits at its rank and the
    others keep the rule's order around it. ``top`` cuts the list after that many; ``among`` (theme
    ids) leaves out every other theme.
    """
    candidates = {c.theme_id: c for c in counts if c.theme_id is not None and (among is None or c.theme_id in among)}
    overrides = [o for o in overrides if o.theme_id in candidates]
    if len({o.session for o in overrides}) > 1:
        raise ValueError("The priority list is for one session; its placings came from several.")
    by_rule = sorted(candidates.values(), key=lambda c: (-votes.get(c.theme_id, 0), -c.statements, -c.people,
                                                         c.name.casefold(), c.theme_id))
    rule_rank = {c.theme_id: n for n, c in enumerate(by_rule, start=1)}
    placed = {o.theme_id: o for o in overrides}
    order = [c for c in by_rule if c.theme_id not in placed]
    for override in sorted(placed.values(), key=lambda o: (o.rank, o.theme_id)):
        order.insert(override.rank - 1, candidates[override.theme_id])
    return [Priority(rank, c.theme_id, c.name, c.category, votes.get(c.theme_id, 0), c.statements, c.people,
                     rule_rank[c.theme_id], c.theme_id in placed,
                     placed[c.theme_id].reason if c.theme_id in placed else "")
            for rank, c in enumerate(order[:top], start=1)]


def session_themes(rounds: Iterable[VotingRound], overrides: Iterable[PriorityOverride], session: str) -> set[str]:
    """The themes a session prioritises: every theme on one of its ballots, and any it placed by hand.

    A theme never put to the session is not one of its priorities, however many said it.
    """
    return ({theme_id for r in rounds if r.session == session for theme_id in r.ballot}
            | {o.theme_id for o in overrides if o.session == session})


def session_priorities(counts: Iterable[ThemeCount], rounds: Sequence[VotingRound], votes: Sequence[Vote],
                       overrides: Sequence[PriorityOverride], session: str, top: int | None = None,
                       categories: Collection[str] | None = None) -> list[Priority]:
    """The priority list of one session: the themes it voted on or placed (:func:`session_themes`), by its
    rounds' dots and its placings, ranked within ``categories`` when given (all of them otherwise).

    The Prioritise and Plan pages and the spreadsheet all rank with this one function.
    """
    counts = [c for c in counts if categories is None or c.category in categories]
    return priority_list(counts, session_votes(rounds, votes, session),
                         [o for o in overrides if o.session == session], top,
                         among=session_themes(rounds, overrides, session))


def voted_categories(rounds: Iterable[VotingRound], overrides: Iterable[PriorityOverride], themes: Sequence[Theme],
                     session: str) -> list[str]:
    """The categories of a session's priorities, the one with most themes first (ties in category order):
    what its priority list shows unless the facilitator picks another."""
    chosen = session_themes(rounds, overrides, session)
    per_category = Counter(t.category for t in themes if t.id in chosen)
    return sorted(per_category, key=lambda c: (-per_category[c], CATEGORIES.index(c)))
