"""Every facilitator change as one small, named, reversible edit.

An :class:`Edit` is a list of row changes (``before`` → ``after``) plus a plain-words summary.
The store applies it in one transaction and keeps it in the workshop's edit log; undo applies
the changes backwards, redo forwards again. Because an edit records whole rows rather than
commands, the same log serves statements, themes, votes and actions without special cases,
and doubles as the audit trail and the history panel.

The builders here are pure: they take the current objects and return an Edit.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from wtfc import privacy
from wtfc.model import Redaction, Statement, Theme
from wtfc.privacy import KnownNames, cleared_row
from wtfc.model import (ACTION_STATUSES, CLOSED, LEVELS, OPEN, TALLY, WORKING, Action, Plan, PriorityOverride,
                        Vote, VotingRound)
from wtfc.words import UNASSIGNED, counted

ROW_TYPES = {"statements": Statement, "themes": Theme, "voting_rounds": VotingRound, "votes": Vote,
             "plans": Plan, "actions": Action, "priority_overrides": PriorityOverride}


@dataclass(frozen=True)
class Change:
    """One row of one table, as it was (``None``: did not exist) and as it becomes."""

    table: str
    before: dict | None
    after: dict | None

    def inverted(self) -> "Change":
        return Change(self.table, self.after, self.before)


@dataclass(frozen=True)
class Edit:
    kind: str
    summary: str
    changes: tuple[Change, ...]
    # Words the facilitator confirmed are not personal details (a false alarm in the import preview), so the
    # store's redaction leaves them in. Not kept in the log: they matter only while the edit is written.
    kept: frozenset[str] = frozenset()

    def inverted(self) -> "Edit":
        return Edit(self.kind, self.summary, tuple(c.inverted() for c in reversed(self.changes)))

    def cleared(self, names: Iterable[str]) -> "Edit":
        """This edit with personal details taken out of every word it would write, its summary included:
        the one gate all text passes on its way into the store (see :func:`wtfc.privacy.cleared_row`)."""
        known = KnownNames(names)
        done: dict[str, str] = {}  # a file name or a service is written on many rows; check it once

        def clear(text: str) -> str:
            if text not in done:
                done[text] = privacy.cleared(text, known, self.kept)
            return done[text]

        changes = tuple(c if c.after is None else Change(c.table, c.before,
                                                         cleared_row(c.table, c.before, c.after, clear))
                        for c in self.changes)
        return Edit(self.kind, clear(self.summary), changes)


@dataclass(frozen=True)
class EditRecord:
    """An edit as the log holds it."""

    seq: int
    kind: str
    summary: str
    author: str
    created_at: str
    status: str  # "done", "undone" (can be redone) or "discarded" (undone, then replaced)
    change_count: int


def to_row(item: Statement | Theme) -> dict:
    return dataclasses.asdict(item)


def from_row(table: str, row: dict) -> Statement | Theme:
    row = dict(row)
    if table == "statements":
        row["redactions"] = tuple(Redaction(**r) for r in row.get("redactions") or ())
    # JSON gives lists back; the model keeps sequences as tuples (ballots, causes).
    row = {name: tuple(value) if isinstance(value, list) else value for name, value in row.items()}
    return ROW_TYPES[table](**row)


def add_statements(statements: Iterable[Statement], source: str, kept: Iterable[str] = ()) -> Edit:
    """Add statements, from a file (``source`` names it) or typed in by hand; ``kept`` are words the
    facilitator confirmed are not personal details."""
    rows = [Change("statements", None, to_row(s)) for s in statements]
    return Edit("import" if source else "add", f"Added {counted(len(rows), 'statement')}"
                + (f" from {source}" if source else ""), tuple(rows), frozenset(kept))


def edit_statement(old: Statement, **fields) -> Edit:
    new = old.replace(**fields)
    changed = ", ".join(sorted(k.replace("_", " ") for k in fields if getattr(old, k) != getattr(new, k)))
    return Edit("edit statement", f"Changed a statement's {changed or 'nothing'}",
                (Change("statements", to_row(old), to_row(new)),))


def remove_statements(statements: Iterable[Statement]) -> Edit:
    rows = [Change("statements", to_row(s), None) for s in statements]
    return Edit("remove statement", f"Removed {counted(len(rows), 'statement')}", tuple(rows))


def update_settings(old: dict, **updates) -> Edit:
    """Change workshop settings (e.g. the names to redact); recorded like any other edit."""
    new = {**old, **updates}
    what = ", ".join(sorted(k.replace("_", " ") for k in updates))
    return Edit("settings", f"Changed the workshop's {what}",
                (Change("workshops", {"settings": old}, {"settings": new}),))


# -- the theme wall: every correction the room makes to themes --------------------------------

def _quoted(theme: Theme) -> str:
    return f"“{theme.name}”" if theme.name else "an unnamed theme"


def _target(theme: Theme | None) -> str:
    return _quoted(theme) if theme else UNASSIGNED


def _moved(statements: Iterable[Statement], **fields) -> list[Change]:
    return [Change("statements", to_row(s), to_row(s.replace(**fields)))
            for s in statements if any(getattr(s, k) != v for k, v in fields.items())]


def create_theme(theme: Theme) -> Edit:
    return Edit("create theme", f"Created the theme {_quoted(theme)} ({theme.category})",
                (Change("themes", None, to_row(theme)),))


def rename_theme(theme: Theme, name: str) -> Edit:
    name = " ".join(name.split())
    if not name:
        raise ValueError("Please give the theme a name.")
    return Edit("rename theme", f"Renamed {_quoted(theme)} to “{name}”",
                (Change("themes", to_row(theme), to_row(theme.replace(name=name))),))


def lock_theme(theme: Theme, locked: bool = True) -> Edit:
    """A locked theme keeps its statements when themes are suggested again."""
    return Edit("lock theme" if locked else "unlock theme",
                f"{'Locked' if locked else 'Unlocked'} {_quoted(theme)}",
                (Change("themes", to_row(theme), to_row(theme.replace(locked=locked))),))


def move_statements(statements: Iterable[Statement], target: Theme | None) -> Edit:
    """Statements a person placed by hand are pinned: re-suggesting leaves them where they are, and what
    the app last said about them (its confidence, "not sure yet", a proposed theme) no longer applies."""
    changes = _moved(statements, theme_id=target.id if target else None, pinned=True, set_aside=False,
                     confidence=None, unsure=False, proposed_theme_id=None)
    if not changes:
        raise ValueError(f"Those statements are already in {_target(target)}.")
    return Edit("move", f"Moved {counted(len(changes), 'statement')} to {_target(target)}", tuple(changes))


def set_aside(statements: Iterable[Statement], aside: bool = True) -> Edit:
    """Set-aside statements are kept and shown, but not counted in any theme."""
    changes = _moved(statements, set_aside=aside, pinned=True)
    if not changes:
        raise ValueError("Nothing to change: those statements are already " + ("set aside." if aside else "counted."))
    verb = "Set aside" if aside else "Brought back"
    return Edit("set aside" if aside else "bring back", f"{verb} {counted(len(changes), 'statement')}", tuple(changes))


def merge_themes(target: Theme, others: Iterable[Theme], statements: Iterable[Statement],
                 actions: Iterable[Action] = ()) -> Edit:
    """Fold ``others`` into ``target``: their statements and actions move, the emptied themes go."""
    others = [t for t in others if t.id != target.id]
    if not others:
        raise ValueError("Choose at least two themes to merge.")
    if any(t.category != target.category for t in others):
        raise ValueError("Only themes of the same category can be merged.")
    leaving = {t.id for t in others}
    changes = [Change("themes", to_row(target), to_row(target)),  # unchanged, but the log says which theme kept them
               *_moved([s for s in statements if s.theme_id in leaving], theme_id=target.id),
               *(Change("actions", to_row(a), to_row(dataclasses.replace(a, theme_id=target.id)))
                 for a in actions if a.theme_id in leaving),
               *(Change("themes", to_row(t), None) for t in others)]
    names = " and ".join(_quoted(t) for t in others)
    return Edit("merge", f"Merged {names} into {_quoted(target)}", tuple(changes))


def delete_theme(theme: Theme, statements: Iterable[Statement]) -> Edit:
    """The theme goes; its statements go back to Unassigned, free to be suggested again."""
    changes = [*_moved([s for s in statements if s.theme_id == theme.id], theme_id=None, pinned=False),
               Change("themes", to_row(theme), None)]
    return Edit("delete theme", f"Deleted the theme {_quoted(theme)}; its statements are now Unassigned",
                tuple(changes))


def split_theme(theme: Theme, groups: list[list[Statement]], names: list[str]) -> Edit:
    """Keep the first group in ``theme``; each other group becomes a new theme with the given name."""
    if len(groups) < 2 or len(names) != len(groups) - 1:
        raise ValueError("A split needs at least two groups, and a name for each new theme.")
    changes = [Change("themes", to_row(theme), to_row(theme))]  # unchanged, but the log says which theme was split
    for offset, (group, name) in enumerate(zip(groups[1:], names), start=1):
        new = Theme(category=theme.category, name=" ".join(name.split()), position=theme.position + offset)
        changes += [Change("themes", None, to_row(new)), *_moved(group, theme_id=new.id)]
    return Edit("split", f"Split {_quoted(theme)} into {counted(len(groups), 'theme')}", tuple(changes))


# -- voting rounds, priorities, causes and actions ---------------------------------------------

def _round_name(voting_round: VotingRound) -> str:
    return f"the vote “{voting_round.title}”" if voting_round.title else f"the {voting_round.session} vote"


def _dots(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} must be a whole number, 0 or more.")
    return value


def _checked_round(voting_round: VotingRound) -> VotingRound:
    voting_round = dataclasses.replace(voting_round, ballot=tuple(voting_round.ballot))
    if _dots(voting_round.dots, "Dots per participant") < 1:
        raise ValueError("Each participant needs at least one dot.")
    if len(set(voting_round.ballot)) != len(voting_round.ballot):
        raise ValueError("A theme can be on the ballot only once.")
    return voting_round


def open_round(voting_round: VotingRound) -> Edit:
    """Start a round of voting; participants can vote through its link while it is open."""
    voting_round = _checked_round(dataclasses.replace(voting_round, status=OPEN))
    return Edit("open round", f"Opened {_round_name(voting_round)}: {counted(len(voting_round.ballot), 'theme')}, "
                              f"{counted(voting_round.dots, 'dot')} each",
                (Change("voting_rounds", None, to_row(voting_round)),))


def change_round(old: VotingRound, **fields) -> Edit:
    """Change a round's title, ballot or dots. Votes already cast stay as they are."""
    new = _checked_round(dataclasses.replace(old, **fields))
    changed = ", ".join(sorted(k for k in fields if getattr(old, k) != getattr(new, k)))
    return Edit("change round", f"Changed the {changed or 'nothing'} of {_round_name(old)}",
                (Change("voting_rounds", to_row(old), to_row(new)),))


def close_round(old: VotingRound) -> Edit:
    """Stop taking votes through the round's link."""
    return Edit("close round", f"Closed {_round_name(old)}",
                (Change("voting_rounds", to_row(old), to_row(dataclasses.replace(old, status=CLOSED))),))


def reopen_round(old: VotingRound) -> Edit:
    return Edit("reopen round", f"Reopened {_round_name(old)}",
                (Change("voting_rounds", to_row(old), to_row(dataclasses.replace(old, status=OPEN))),))


def record_tally(voting_round: VotingRound, votes: Iterable[Vote], dots_by_theme: dict[str, int]) -> Edit:
    """Type in dots counted by hand (e.g. sticky dots on the wall), one total per theme.

    ``votes`` are the round's votes as stored; the typed-in total replaces the earlier typed-in one
    for each theme given, and adds to what participants voted on their phones. Each theme's tally
    has a fixed id, so two facilitators typing at once conflict instead of counting twice.
    """
    typed_in = {v.theme_id: v for v in votes if v.round_id == voting_round.id and v.participant_id == TALLY}
    changes = []
    for theme_id, dots in dots_by_theme.items():
        if theme_id not in voting_round.ballot:
            raise ValueError("A tally can only be typed in for themes on the ballot.")
        old = typed_in.get(theme_id)
        new = Vote(voting_round.id, theme_id, _dots(dots, "A tally"), TALLY, f"tally-{voting_round.id}-{theme_id}")
        if (old.dots if old else 0) != new.dots:
            changes.append(Change("votes", old and to_row(old), to_row(new) if new.dots else None))
    return Edit("tally", f"Typed in the tally for {_round_name(voting_round)}", tuple(changes))


def set_priority(theme: Theme, session: str, rank: int, reason: str,
                 overrides: Iterable[PriorityOverride]) -> Edit:
    """Place a theme at ``rank`` in a session's priorities, overriding the rule, and say why.

    ``overrides`` are the facilitator's placings so far. Themes already placed at that rank (and
    any directly below) move down one, as when a card is dragged into a list, so no two share a place.
    """
    if isinstance(rank, bool) or not isinstance(rank, int) or rank < 1:
        raise ValueError("The place in the priorities must be a whole number, 1 or more.")
    placed = sorted((o for o in overrides if o.session == session), key=lambda o: o.rank)
    current = next((o for o in placed if o.theme_id == theme.id), None)
    new = PriorityOverride(session, theme.id, rank, reason.strip())
    changes = [Change("priority_overrides", current and to_row(current), to_row(new))]
    free = rank
    for other in placed:
        if other.theme_id == theme.id or other.rank < free:
            continue
        if other.rank > free:
            break
        free += 1
        changes.append(Change("priority_overrides", to_row(other), to_row(dataclasses.replace(other, rank=free))))
    return Edit("set priority", f"Put “{theme.name}” at number {rank} of the {session} priorities", tuple(changes))


def clear_priority(theme: Theme, override: PriorityOverride) -> Edit:
    """Let the rule place the theme again."""
    return Edit("clear priority", f"Put “{theme.name}” back in its place by the rule in the {override.session} "
                                  "priorities", (Change("priority_overrides", to_row(override), None),))


def _written(text: str, what: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise ValueError(f"Please write {what}.")
    return text


def _plan_edit(kind: str, summary: str, theme: Theme, plan: Plan | None, **fields) -> Edit:
    new = dataclasses.replace(plan or Plan(theme.id), **fields)
    return Edit(kind, summary, (Change("plans", plan and to_row(plan), to_row(new)),))


def add_cause(theme: Theme, plan: Plan | None, cause: str) -> Edit:
    """Add the answer to the next "why?" at the end of the theme's chain of causes."""
    causes = (*(plan.causes if plan else ()), _written(cause, "the cause"))
    return _plan_edit("add cause", f"Added a cause to “{theme.name}”", theme, plan, causes=causes)


def edit_cause(theme: Theme, plan: Plan, index: int, cause: str) -> Edit:
    causes = list(plan.causes)
    causes[index] = _written(cause, "the cause")
    return _plan_edit("edit cause", f"Changed cause {index + 1} of “{theme.name}”", theme, plan,
                      causes=tuple(causes))


def remove_cause(theme: Theme, plan: Plan, index: int) -> Edit:
    causes = list(plan.causes)
    del causes[index]
    return _plan_edit("remove cause", f"Removed cause {index + 1} of “{theme.name}”", theme, plan,
                      causes=tuple(causes))


def set_success(theme: Theme, plan: Plan | None, success: str) -> Edit:
    """Say what success would look like; empty text clears it."""
    return _plan_edit("success", f"Changed what success looks like for “{theme.name}”", theme, plan,
                      success=(success or "").strip())


def mark_strength(theme: Theme, plan: Plan | None, strength: bool = True) -> Edit:
    """Mark a working theme as a strength to build on (or not any more)."""
    if theme.category != WORKING:
        raise ValueError("Only a theme about what is working can be marked as a strength.")
    summary = f"Marked “{theme.name}” as a strength" if strength else f"Unmarked “{theme.name}” as a strength"
    return _plan_edit("strength", summary, theme, plan, strength=strength)


def _checked_action(action: Action) -> Action:
    if action.level not in LEVELS:
        raise ValueError(f"The level must be one of: {', '.join(LEVELS)}.")
    if action.status not in ACTION_STATUSES:
        raise ValueError(f"The status must be one of: {', '.join(ACTION_STATUSES)}.")
    if action.due is not None:
        try:
            date.fromisoformat(action.due)
        except ValueError:
            raise ValueError(f"The due date “{action.due}” is not a date like 2025-03-31.") from None
    return dataclasses.replace(action, description=_written(action.description, "what the action is"),
                               owner=" ".join(action.owner.split()))


def add_action(theme: Theme, action: Action) -> Edit:
    action = _checked_action(action)
    return Edit("add action", f"Added a {action.level} action to “{theme.name}”",
                (Change("actions", None, to_row(action)),))


def edit_action(old: Action, **fields) -> Edit:
    new = _checked_action(dataclasses.replace(old, **fields))
    changed = ", ".join(sorted(k.replace("_", " ") for k in fields if getattr(old, k) != getattr(new, k)))
    return Edit("edit action", f"Changed an action's {changed or 'nothing'}",
                (Change("actions", to_row(old), to_row(new)),))


def remove_action(action: Action) -> Edit:
    return Edit("remove action", "Removed an action", (Change("actions", to_row(action), None),))


# -- theme suggestions: small builders that combine into one edit -----------------------------

def create_themes(themes: Iterable[Theme]) -> Edit:
    rows = [Change("themes", None, to_row(t)) for t in themes]
    return Edit("create themes", f"Created {counted(len(rows), 'theme')}", tuple(rows))


def delete_themes(themes: Iterable[Theme]) -> Edit:
    """Only the theme rows; the caller moves their statements first (see :func:`assign_statements`)."""
    rows = [Change("themes", to_row(t), None) for t in themes]
    return Edit("delete themes", f"Deleted {counted(len(rows), 'theme')}", tuple(rows))


def assign_statements(placements: Iterable[tuple[Statement, str | None]]) -> Edit:
    """Put each statement in a theme (``None``: Unassigned) as a suggestion: nothing is pinned."""
    rows = [Change("statements", to_row(s), to_row(s.replace(theme_id=theme_id)))
            for s, theme_id in placements if s.theme_id != theme_id]
    return Edit("assign statements", f"Placed {counted(len(rows), 'statement')}", tuple(rows))


def update_statements(pairs: Iterable[tuple[Statement, Statement]]) -> Edit:
    """Statements as a suggestion left them (theme, confidence, "not sure yet", proposal): ``(old, new)`` pairs."""
    rows = [Change("statements", to_row(old), to_row(new)) for old, new in pairs if old != new]
    return Edit("update statements", f"Changed {counted(len(rows), 'statement')}", tuple(rows))


def combine(kind: str, summary: str, edits: Iterable[Edit]) -> Edit:
    """Several edits as one, so they are undone together."""
    edits = list(edits)
    return Edit(kind, summary, tuple(change for edit in edits for change in edit.changes),
                frozenset().union(*(edit.kept for edit in edits)))
