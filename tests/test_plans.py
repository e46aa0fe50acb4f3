"""Understanding and planning: each theme's chain of causes, its picture of success, strengths, and
actions, all as edits (undoing any sequence of them: tests/test_undo_redo.py); and the store carrying
them through upgrades and copies.

Every test works on a real SQLite file in ``tmp_path``.
"""
import json
import sqlite3

import pytest

from wtfc.edits import (Change, Edit, add_action, add_cause, edit_action, edit_cause, mark_strength, remove_action,
                        remove_cause, set_priority, set_success, to_row)
from wtfc.model import NOT_WORKING, WORKING, Action, Plan, PriorityOverride, Theme
from wtfc.store import MIGRATIONS, SCHEMA_VERSION, EditConflict, Store

LATE = Theme(NOT_WORKING, "I want my visits on time", id="late")
SAME = Theme(WORKING, "I see the same carers", position=1, id="same")


def add_themes(store, workshop_id, *themes):
    store.apply(workshop_id, Edit("add themes", "Added themes", tuple(Change("themes", None, to_row(t))
                                                                     for t in themes)))


@pytest.fixture
def workshop_id(store):
    workshop_id = store.create_workshop("Leeds homecare").id
    add_themes(store, workshop_id, LATE, SAME)
    return workshop_id


def plan(store, workshop_id, theme=LATE):
    return store.plans(workshop_id).get(theme.id)


# -- causes, success and strengths ----------------------------------------------------------------

def test_causes_form_a_chain_in_the_order_the_room_asked_why(store, workshop_id):
    for cause in ["Carers have too many visits in a row", "Rotas leave no travel time",
                  "  Visits are paid by the minute "]:
        store.apply(workshop_id, add_cause(LATE, plan(store, workshop_id), cause))

    assert plan(store, workshop_id) == Plan(LATE.id, ("Carers have too many visits in a row",
                                                      "Rotas leave no travel time", "Visits are paid by the minute"))
    assert [r.summary for r in store.history(workshop_id)[-3:]] == [f"Added a cause to “{LATE.name}”"] * 3


def test_a_cause_can_be_reworded_or_removed_and_undo_puts_it_back(store, workshop_id):
    for cause in ["Too many visits in a row", "No travel time", "Paid by the minute"]:
        store.apply(workshop_id, add_cause(LATE, plan(store, workshop_id), cause))
    store.apply(workshop_id, edit_cause(LATE, plan(store, workshop_id), 1, "Rotas leave no travel time"))
    store.apply(workshop_id, remove_cause(LATE, plan(store, workshop_id), 0))

    assert plan(store, workshop_id).causes == ("Rotas leave no travel time", "Paid by the minute")
    assert [r.summary for r in store.history(workshop_id)[-2:]] == [
        f"Changed cause 2 of “{LATE.name}”", f"Removed cause 1 of “{LATE.name}”"]
    store.undo(workshop_id)
    assert plan(store, workshop_id).causes == ("Too many visits in a row", "Rotas leave no travel time",
                                               "Paid by the minute")


def test_a_cause_needs_words():
    with pytest.raises(ValueError, match="Please write the cause"):
        add_cause(LATE, None, "   ")


def test_success_is_written_per_theme_and_kept_with_its_causes(store, workshop_id):
    store.apply(workshop_id, add_cause(LATE, None, "No travel time"))
    store.apply(workshop_id, set_success(LATE, plan(store, workshop_id), "My carer arrives within 15 minutes"))

    assert plan(store, workshop_id) == Plan(LATE.id, ("No travel time",), "My carer arrives within 15 minutes")
    assert store.history(workshop_id)[-1].summary == f"Changed what success looks like for “{LATE.name}”"


def test_a_working_theme_can_be_marked_as_a_strength_and_unmarked(store, workshop_id):
    store.apply(workshop_id, mark_strength(SAME, None))
    assert plan(store, workshop_id, SAME).strength
    store.apply(workshop_id, mark_strength(SAME, plan(store, workshop_id, SAME), False))

    assert not plan(store, workshop_id, SAME).strength
    assert [r.summary for r in store.history(workshop_id)[-2:]] == [
        f"Marked “{SAME.name}” as a strength", f"Unmarked “{SAME.name}” as a strength"]


def test_only_a_working_theme_can_be_a_strength():
    with pytest.raises(ValueError, match="what is working"):
        mark_strength(LATE, None)


def test_two_facilitators_starting_the_same_themes_plan_at_once_conflict(store, workshop_id):
    first, second = add_cause(LATE, None, "No travel time"), add_cause(LATE, None, "Paid by the minute")
    store.apply(workshop_id, first)

    with pytest.raises(EditConflict):
        store.apply(workshop_id, second)
    assert plan(store, workshop_id).causes == ("No travel time",)


# -- actions --------------------------------------------------------------------------------------

def test_actions_are_added_edited_and_removed_as_edits(store, workshop_id):
    rota = Action(LATE.id, " Add travel time to every rota ", owner="Homecare  North", level="provider",
                  due="2025-06-30", position=0)
    contract = Action(LATE.id, "Pay for visits by the hour", owner="Council", level="commissioner", position=1)
    store.apply(workshop_id, add_action(LATE, rota))
    store.apply(workshop_id, add_action(LATE, contract))
    stored_rota, stored_contract = store.actions(workshop_id)
    assert (stored_rota.description, stored_rota.owner) == ("Add travel time to every rota", "Homecare North")

    store.apply(workshop_id, edit_action(stored_rota, status="in progress", owner="Rota team"))
    store.apply(workshop_id, remove_action(stored_contract))

    [action] = store.actions(workshop_id)
    assert (action.status, action.owner, action.due, action.level) == ("in progress", "Rota team", "2025-06-30",
                                                                       "provider")
    assert [r.summary for r in store.history(workshop_id)[-4:]] == [
        f"Added a provider action to “{LATE.name}”", f"Added a commissioner action to “{LATE.name}”",
        "Changed an action's owner, status", "Removed an action"]
    store.undo(workshop_id)
    store.undo(workshop_id)
    assert store.actions(workshop_id) == [stored_rota, stored_contract]


def test_actions_are_listed_in_their_order(store, workshop_id):
    for position, text in [(2, "Third"), (0, "First"), (1, "Second")]:
        store.apply(workshop_id, add_action(LATE, Action(LATE.id, text, position=position)))

    assert [a.description for a in store.actions(workshop_id)] == ["First", "Second", "Third"]


@pytest.mark.parametrize("fields, message", [
    ({"description": " "}, "Please write what the action is"), ({"level": "national"}, "individual, provider"),
    ({"status": "stuck"}, "not started, in progress, done"), ({"due": "31/06/2025"}, "not a date like 2025-03-31")])
def test_an_action_says_what_is_wrong_with_it(fields, message):
    with pytest.raises(ValueError, match=message):
        add_action(LATE, Action(LATE.id, **{"description": "Add travel time", **fields}))


def test_plans_and_actions_hide_with_their_theme_and_return_with_it(store, workshop_id):
    store.apply(workshop_id, add_cause(LATE, None, "No travel time"))
    store.apply(workshop_id, add_action(LATE, Action(LATE.id, "Add travel time")))
    store.apply(workshop_id, Edit("delete theme", "Deleted a theme", (Change("themes", to_row(LATE), None),)))
    assert (store.plans(workshop_id), store.actions(workshop_id)) == ({}, [])

    store.undo(workshop_id)

    assert plan(store, workshop_id).causes == ("No travel time",)
    assert [a.description for a in store.actions(workshop_id)] == ["Add travel time"]


# -- upgrades and copies --------------------------------------------------------------------------

def make_version_2_file(path):
    """A file as wtfc wrote it before voting existed: a theme, a statement in it, settings, logged edits."""
    statement = {"id": "s1", "text": "My visits are late", "category": NOT_WORKING, "perspective": "person",
                 "person_ref": "P1", "service": "", "area": "", "review_date": None, "source_file": "reviews.csv",
                 "source_sheet": "", "source_row": 2, "redactions": [], "theme_id": "late", "pinned": False,
                 "set_aside": False, "position": 0}
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0] + MIGRATIONS[1])
        db.execute("PRAGMA user_version = 2")
        db.execute("INSERT INTO workshops VALUES ('w1', 'Leeds homecare', '2024-03-01T10:00:00+00:00', "
                   "'2024-03-01T10:00:00+00:00', '{\"names_to_redact\": [\"Ada\"]}')")
        db.execute("INSERT INTO themes VALUES ('w1', 'late', ?, 'I want my visits on time', 0, 0)", (NOT_WORKING,))
        db.execute("INSERT INTO statements (workshop_id, id, text, category, perspective, person_ref, source_file, "
                   "source_row, theme_id) VALUES ('w1', 's1', 'My visits are late', ?, 'person', 'P1', "
                   "'reviews.csv', 2, 'late')", (NOT_WORKING,))
        db.execute("INSERT INTO edits VALUES ('w1', 1, 'import', 'Added 1 statement from reviews.csv', '', "
                   "'2024-03-01T10:01:00+00:00', 'done', ?)", (json.dumps([["statements", None, statement]]),))
    db.close()


def test_a_version_2_file_is_upgraded_keeping_its_data_and_can_take_votes_and_plans(tmp_path):
    path = tmp_path / "workshops.sqlite"
    make_version_2_file(path)

    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [(s.id, s.theme_id) for s in store.statements("w1")] == [("s1", "late")]
        assert [t.name for t in store.themes("w1")] == ["I want my visits on time"]
        assert store.settings("w1") == {"names_to_redact": ["Ada"]}
        assert (store.rounds("w1"), store.votes("w1"), store.plans("w1"), store.actions("w1"),
                store.priority_overrides("w1")) == ([], [], {}, [], [])

        [theme] = store.themes("w1")
        store.apply("w1", add_cause(theme, None, "No travel time"))
        store.undo("w1")
        assert store.undo("w1").summary == "Added 1 statement from reviews.csv"
        assert store.statements("w1") == []
    assert path.with_name("workshops.sqlite.v2.bak").exists()


def test_a_copy_has_the_plans_actions_and_placings_and_its_log_still_undoes(store, workshop_id):
    store.apply(workshop_id, add_cause(LATE, None, "No travel time"))
    store.apply(workshop_id, mark_strength(SAME, None))
    store.apply(workshop_id, add_action(LATE, Action(LATE.id, "Add travel time", level="provider")))
    store.apply(workshop_id, set_priority(LATE, "provider", 1, "It matters most", []))

    copy_id = store.duplicate_workshop(workshop_id, "Leeds homecare, copy").id

    assert store.plans(copy_id) == store.plans(workshop_id) == {
        LATE.id: Plan(LATE.id, ("No travel time",)), SAME.id: Plan(SAME.id, strength=True)}
    assert store.actions(copy_id) == store.actions(workshop_id)
    assert store.priority_overrides(copy_id) == [PriorityOverride("provider", LATE.id, 1, "It matters most")]
    store.undo(copy_id)
    store.undo(copy_id)
    assert (store.priority_overrides(copy_id), store.actions(copy_id)) == ([], [])
    assert len(store.actions(workshop_id)) == 1

