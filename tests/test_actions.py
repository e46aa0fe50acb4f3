"""The use-case layer: each facilitator action once, with its rules, on a real workshop file."""
from __future__ import annotations

import pytest

from wtfc.actions import Actions, NothingToChange
from wtfc.export import workshop_report
from wtfc.model import NOT_WORKING, PROVIDER, WHOLE_ROOM, WORKING
from wtfc.store import EditConflict
from tests.synthetic_workshop import build_workshop

REVIEWS = ("Person ref,Category,Statement\n"
           "P1,working,My carer Sam Jones always has time for a chat\n"
           "P2,not working,Carers arrive late most mornings\n"
           "P3,not working,The visits are late and rushed\n"
           "P4,working,nothing\n").encode()


@pytest.fixture
def actions(store) -> Actions:
    return Actions(store, store.create_workshop("Spring").id, author="Ann")


def test_a_file_is_checked_then_imported_as_one_edit_with_the_workshops_names_redacted(actions, store):
    actions.add_names_to_redact(["Sam Jones"])
    preview = actions.preview_file(REVIEWS, "reviews.csv")
    assert store.statements(actions.workshop_id) == []  # a preview saves nothing
    assert actions.import_preview(preview) == 3  # "nothing" has no content and is left out
    texts = [s.text for s in actions.statements()]
    assert not any("Sam Jones" in t for t in texts)
    assert [(e.kind, e.author) for e in store.history(actions.workshop_id)] == [("settings", "Ann"), ("import", "Ann")]


def test_a_file_can_be_checked_before_its_workshop_exists(store):
    preview = Actions(store, None).preview_file(REVIEWS, "reviews.csv", extra_names=["Sam Jones"])
    assert len(preview.rows) == 4 and store.workshops() == []
    assert any(r.findings for r in preview.rows)


def test_a_typed_review_needs_a_person_and_some_words(actions):
    with pytest.raises(ValueError, match="person reference"):
        actions.type_review(person_ref=" ", perspective="person", statements_by_category={WORKING: "Good tea"})
    with pytest.raises(NothingToChange, match="every box was empty"):
        actions.type_review(person_ref="P9", perspective="person", statements_by_category={WORKING: "  "})
    assert actions.type_review(person_ref="P9", perspective="person",
                               statements_by_category={WORKING: "Good tea\nKind staff"}) == (2, "P9")


def test_a_statement_cannot_be_corrected_to_nothing_nor_over_someone_elses_change(actions):
    actions.type_review(person_ref="P9", perspective="person", statements_by_category={WORKING: "Good tea"})
    shown = actions.statements()[0]
    with pytest.raises(ValueError, match="cannot be empty"):
        actions.correct_statement(shown, text="   ")
    actions.correct_statement(shown, text="Good hot tea")
    with pytest.raises(EditConflict):
        actions.correct_statement(shown, text="Cold tea")
    assert actions.statements()[0].text == "Good hot tea"


def test_suggesting_records_the_settings_it_used_in_the_same_undoable_edit(actions):
    actions.import_preview(actions.preview_file(REVIEWS, "reviews.csv"))
    suggestion = actions.suggest_themes([NOT_WORKING], n_themes=1, random_state=7)
    assert suggestion.changed and suggestion.settings["n_themes"] == 1 and suggestion.settings["random_state"] == 7
    assert actions.theming_settings() == {NOT_WORKING: suggestion.settings}
    assert len([t for t in actions.themes() if t.category == NOT_WORKING]) == 1
    actions.undo()
    assert actions.theming_settings() == {} and actions.themes() == []


@pytest.mark.parametrize("count", [0, -1, "5", True])
def test_a_theme_count_that_is_not_a_whole_number_above_zero_is_refused_in_plain_words(actions, count):
    with pytest.raises(ValueError, match="whole number, 1 or more"):
        actions.suggest_themes(n_themes=count)


def test_the_wall_actions_move_merge_and_delete_through_the_history(actions):
    actions.import_preview(actions.preview_file(REVIEWS, "reviews.csv"))
    actions.create_theme(NOT_WORKING, "  I want my visits  on time ")
    actions.create_theme(NOT_WORKING, "I want to know who is coming")
    first, second = actions.themes()
    assert first.name == "I want my visits on time" and second.position > first.position
    late = [s for s in actions.statements() if s.category == NOT_WORKING]
    actions.move_statements(late[:1], second)
    actions.merge_themes(first, [second])
    assert [t.name for t in actions.themes()] == ["I want my visits on time"]
    assert {s.theme_id for s in actions.statements() if s.id == late[0].id} == {first.id}
    actions.delete_theme(actions.themes()[0])
    assert actions.themes() == [] and all(s.theme_id is None for s in actions.statements())
    assert actions.undo().kind == "delete theme" and actions.redo().kind == "delete theme"
    with pytest.raises(ValueError, match="name"):
        actions.create_theme(WORKING, "   ")


def test_a_vote_needs_a_ballot_of_existing_themes_and_at_least_one_dot(store):
    built = build_workshop(store)
    actions = Actions(store, built.workshop_id)
    late = built.themes["late"].id
    with pytest.raises(ValueError, match="at least one theme for the ballot"):
        actions.open_round(WHOLE_ROOM, [], 3)
    with pytest.raises(ValueError, match="no longer exists"):
        actions.open_round(WHOLE_ROOM, ["not-a-theme"], 3)
    with pytest.raises(ValueError, match="at least one dot"):
        actions.open_round(WHOLE_ROOM, [late], 0)
    before = {r.id for r in store.rounds(built.workshop_id)}
    actions.open_round(PROVIDER, [late], 2, "  What first?  ")
    [opened] = [r for r in store.rounds(built.workshop_id) if r.id not in before]
    assert (opened.session, opened.ballot, opened.dots, opened.title) == (PROVIDER, (late,), 2, "What first?")
    with pytest.raises(ValueError, match="at least one theme for the ballot"):
        actions.change_round(opened, ballot=())
    actions.record_tally(opened, {late: 4})
    with pytest.raises(NothingToChange, match="tally already saved"):
        actions.record_tally(opened, {late: 4})
    assert actions.priorities(PROVIDER)[0].theme_id == late and actions.priorities(PROVIDER)[0].votes == 4


def test_the_pages_priority_list_is_the_spreadsheets(store):
    built = build_workshop(store)
    actions = Actions(store, built.workshop_id)
    same = built.themes["same"]
    actions.place_priority(same, WHOLE_ROOM, 1, "the room put it first")
    report = workshop_report(store, built.workshop_id)
    for session in report.sessions:
        assert tuple(actions.priorities(session)) == report.priorities[session]
    assert actions.priorities(WHOLE_ROOM, top=1)[0].theme_id == same.id
    actions.clear_priority(same, WHOLE_ROOM)
    with pytest.raises(NothingToChange, match="already in its place"):
        actions.clear_priority(same, WHOLE_ROOM)


def test_plans_and_actions_are_edits_that_refuse_bad_input(store):
    built = build_workshop(store)
    actions = Actions(store, built.workshop_id)
    late, kind = built.themes["late"], built.themes["kind"]
    with pytest.raises(ValueError, match="Please write the cause"):
        actions.add_cause(late, store.plans(built.workshop_id).get(late.id), "  ")
    with pytest.raises(ValueError, match="not a date"):
        actions.add_action(late, "Ring when late", "Office", PROVIDER, "next week")
    with pytest.raises(ValueError, match="working"):
        actions.mark_strength(late, None)
    before = len(store.actions(built.workshop_id))
    actions.add_action(late, "Ring when late", "Office", PROVIDER, "2026-06-30")
    added = store.actions(built.workshop_id)[-1]
    assert len(store.actions(built.workshop_id)) == before + 1 and added.position >= before
    actions.mark_strength(kind, store.plans(built.workshop_id).get(kind.id), False)
    assert not store.plans(built.workshop_id)[kind.id].strength
