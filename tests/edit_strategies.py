"""Hypothesis strategies for every kind of facilitator edit, each built from a workshop as it is now, as a
page would build it. ``any_edit`` draws from all of them, so one property test covers where tables meet."""
from __future__ import annotations

from hypothesis import strategies as st

from wtfc import edits
from wtfc.edits import (Change, Edit, add_action, add_cause, add_statements, change_round, clear_priority, close_round,
                        edit_action, edit_cause, edit_statement, mark_strength, open_round, record_tally,
                        remove_action, remove_cause, remove_statements, reopen_round, set_priority, set_success,
                        to_row, update_settings)
from wtfc.model import (ACTION_STATUSES, CATEGORIES, LEVELS, NOT_WORKING, OPEN, PERSPECTIVES, SESSIONS, WORKING, Action,
                        Redaction, Statement, Theme, VotingRound)


def workshop_state(store, workshop_id) -> tuple:
    """Everything an edit can change, as the store gives it back."""
    return (store.statements(workshop_id), store.themes(workshop_id), store.settings(workshop_id),
            store.rounds(workshop_id), store.votes(workshop_id), store.priority_overrides(workshop_id),
            store.plans(workshop_id), store.actions(workshop_id))


SETTING_NAMES = ("names_to_redact", "dots_per_person", "workshop_title")
setting_values = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12),
                           st.lists(st.text(max_size=12), max_size=3))
statement_fields = {
    "text": st.text(min_size=1, max_size=40),
    "category": st.sampled_from(CATEGORIES),
    "pinned": st.booleans(),
    "set_aside": st.booleans(),
}


@st.composite
def new_statements(draw, first_position):
    """Statements as an import makes them: each with its own position, so their order is fixed."""
    drawn = draw(st.lists(st.fixed_dictionaries(
        {**statement_fields, "perspective": st.sampled_from(PERSPECTIVES), "person_ref": st.text(max_size=6),
         "review_date": st.none() | st.dates().map(str), "source_row": st.none() | st.integers(1, 10_000),
         "redactions": st.lists(st.builds(Redaction, st.sampled_from(["name", "phone"]), st.integers(0, 9),
                                          st.integers(10, 20)), max_size=2).map(tuple)}),
        min_size=1, max_size=3))
    return [Statement(**fields, position=first_position + n) for n, fields in enumerate(drawn)]


@st.composite
def statement_edit(draw, statements, themes, workshop_settings):
    """An import, a typed review, a corrected or removed statement, a theme or a settings change."""
    kinds = ["add statements", "add theme", "settings"]
    if statements:
        kinds += ["edit statement", "remove statements"]
    if themes:
        kinds += ["rename theme"]
    kind = draw(st.sampled_from(kinds))
    if kind == "add statements":
        first_position = max((s.position for s in statements), default=-1) + 1
        return add_statements(draw(new_statements(first_position)), draw(st.sampled_from(["", "reviews.csv"])))
    if kind == "add theme":
        theme = Theme(draw(st.sampled_from(CATEGORIES)), draw(st.text(max_size=30)), position=len(themes))
        return Edit("add theme", "Added a theme", (Change("themes", None, to_row(theme)),))
    if kind == "rename theme":
        theme = draw(st.sampled_from(themes))
        renamed = theme.replace(name=draw(st.text(max_size=30)), locked=draw(st.booleans()))
        return Edit("rename theme", "Renamed a theme", (Change("themes", to_row(theme), to_row(renamed)),))
    if kind == "settings":
        return update_settings(workshop_settings,
                               **draw(st.dictionaries(st.sampled_from(SETTING_NAMES), setting_values, min_size=1)))
    if kind == "edit statement":
        theme_ids = st.sampled_from([None, *(t.id for t in themes)])
        fields = draw(st.fixed_dictionaries({}, optional={**statement_fields, "theme_id": theme_ids}))
        return edit_statement(draw(st.sampled_from(statements)), **fields)
    return remove_statements(draw(st.lists(st.sampled_from(statements), min_size=1, unique_by=lambda s: s.id)))



@st.composite
def wall_edit(draw, statements, themes):
    """One correction a facilitator could make now, built from the stored state."""
    options = ["create"]
    if statements:
        options += ["move", "aside"]
    if themes:
        options += ["rename", "lock", "delete"]
    if len(themes) >= 2:
        options.append("merge")
    kind = draw(st.sampled_from(options))
    pick = lambda items: draw(st.lists(st.sampled_from(items), min_size=1, max_size=4, unique_by=lambda x: x.id))
    if kind == "create":
        return edits.create_theme(Theme(category=WORKING, name=draw(st.sampled_from(["I want", "I feel", "My"]))))
    if kind == "move":
        target = draw(st.none() | st.sampled_from(themes)) if themes else None
        return edits.move_statements(pick(statements), target)
    if kind == "aside":
        return edits.set_aside(pick(statements), draw(st.booleans()))
    theme = draw(st.sampled_from(themes))
    if kind == "rename":
        return edits.rename_theme(theme, draw(st.sampled_from(["I want time", "I feel safe", "Ours"])))
    if kind == "lock":
        return edits.lock_theme(theme, not theme.locked)
    if kind == "delete":
        return edits.delete_theme(theme, statements)
    others = [t for t in pick(themes) if t.id != theme.id] or [next(t for t in themes if t.id != theme.id)]
    return edits.merge_themes(theme, others, statements)



words = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1,
                max_size=20).filter(str.strip)


@st.composite
def plan_edit(draw, themes, rounds, votes, overrides, plans, actions):
    """A vote, placing, cause, success, strength or action, built from the workshop as it is now."""
    kinds = ["add theme", "open round"]
    if themes:
        kinds += ["delete theme", "set priority", "add cause", "success", "add action"]
    if [t for t in themes if t.category == WORKING]:
        kinds += ["strength"]
    if rounds:
        kinds += ["change round", "close or reopen", "tally"]
    if overrides:
        kinds += ["clear priority"]
    if [p for p in plans.values() if p.causes]:
        kinds += ["edit cause", "remove cause"]
    if actions:
        kinds += ["edit action", "remove action"]
    kind = draw(st.sampled_from(kinds))
    theme = draw(st.sampled_from(themes)) if themes else None
    theme_ids = [t.id for t in themes]
    if kind == "add theme":
        new = Theme(draw(st.sampled_from([WORKING, NOT_WORKING])), draw(words), position=len(themes))
        return Edit("add theme", "Added a theme", (Change("themes", None, to_row(new)),))
    if kind == "delete theme":
        return Edit("delete theme", "Deleted a theme", (Change("themes", to_row(theme), None),))
    if kind == "open round":
        ballot = tuple(draw(st.lists(st.sampled_from(theme_ids), unique=True))) if themes else ()
        return open_round(VotingRound(draw(st.sampled_from(SESSIONS)), ballot, draw(st.integers(1, 5)), draw(words)))
    if kind == "change round":
        voting_round = draw(st.sampled_from(rounds))
        ballot = draw(st.lists(st.sampled_from([*voting_round.ballot, *theme_ids]), unique=True)) if theme_ids \
            else voting_round.ballot
        return change_round(voting_round, ballot=tuple(ballot), dots=draw(st.integers(1, 5)), title=draw(words))
    if kind == "close or reopen":
        voting_round = draw(st.sampled_from(rounds))
        return close_round(voting_round) if voting_round.status == OPEN else reopen_round(voting_round)
    if kind == "tally":
        voting_round = draw(st.sampled_from(rounds))
        tally = draw(st.dictionaries(st.sampled_from(voting_round.ballot), st.integers(0, 9))) \
            if voting_round.ballot else {}
        return record_tally(voting_round, votes, tally)
    if kind == "set priority":
        return set_priority(theme, draw(st.sampled_from(SESSIONS)), draw(st.integers(1, 4)), draw(words), overrides)
    if kind == "clear priority":
        override = draw(st.sampled_from(overrides))
        return clear_priority(next(t for t in themes if t.id == override.theme_id), override)
    if kind == "add cause":
        return add_cause(theme, plans.get(theme.id), draw(words))
    if kind in ("edit cause", "remove cause"):
        planned = draw(st.sampled_from([p for p in plans.values() if p.causes]))
        planned_theme = next(t for t in themes if t.id == planned.theme_id)
        index = draw(st.integers(0, len(planned.causes) - 1))
        if kind == "edit cause":
            return edit_cause(planned_theme, planned, index, draw(words))
        return remove_cause(planned_theme, planned, index)
    if kind == "success":
        return set_success(theme, plans.get(theme.id), draw(st.text(max_size=20)))
    if kind == "strength":
        working = draw(st.sampled_from([t for t in themes if t.category == WORKING]))
        return mark_strength(working, plans.get(working.id), draw(st.booleans()))
    action_fields = st.fixed_dictionaries({}, optional={
        "description": words, "owner": st.text(max_size=10), "level": st.sampled_from(LEVELS),
        "status": st.sampled_from(ACTION_STATUSES), "due": st.none() | st.dates().map(str)})
    if kind == "add action":
        return add_action(theme, Action(theme.id, **{"description": "Do something", **draw(action_fields)},
                                        position=len(actions)))
    if kind == "edit action":
        return edit_action(draw(st.sampled_from(actions)), **draw(action_fields))
    return remove_action(draw(st.sampled_from(actions)))


@st.composite
def any_edit(draw, statements, themes, workshop_settings, rounds, votes, overrides, plans, actions):
    """Any one edit a facilitator could make now: statements, the wall, votes, placings, plans or actions."""
    family = draw(st.sampled_from(["statements", "wall", "plans"]))
    if family == "statements":
        return draw(statement_edit(statements, themes, workshop_settings))
    if family == "wall":
        return draw(wall_edit(statements, themes))
    return draw(plan_edit(themes, rounds, votes, overrides, plans, actions))
