"""Counting what was said, totalling votes, and the priority list: the rule, and the facilitator's placings."""
import dataclasses

import pytest

from wtfc.edits import Change, Edit, add_statements, clear_priority, edit_statement, set_priority, to_row
from wtfc.model import (COMMISSIONER, FUTURE, NOT_WORKING, PROVIDER, TALLY, WORKING, PriorityOverride, Statement,
                        Theme, Vote, VotingRound)
from wtfc.priorities import (PRIORITY_RULE, UNASSIGNED, count_table, count_themes, priority_list, round_totals,
                             session_priorities, session_votes, voted_categories, voter_count)

LATE = Theme(NOT_WORKING, "I want my visits on time", id="late")
RUSHED = Theme(NOT_WORKING, "I don't want to be rushed", id="rushed")
SAME = Theme(WORKING, "I see the same carers", id="same")


def said(person, theme=None, category=NOT_WORKING, perspective="person", **fields):
    return Statement(f"Something {person} said", category, perspective=perspective, person_ref=person,
                     theme_id=theme and theme.id, **fields)


def by_name(counts):
    return {c.name: c for c in counts}


# -- how many said it -----------------------------------------------------------------------------

def test_each_theme_counts_its_statements_and_the_distinct_people_behind_them():
    statements = [said("P1", LATE), said("P1", LATE), said("P1", LATE), said("P2", LATE), said("P3", RUSHED)]

    counts = by_name(count_themes(statements, [LATE, RUSHED]))

    assert (counts[LATE.name].statements, counts[LATE.name].people) == (4, 2)
    assert (counts[RUSHED.name].statements, counts[RUSHED.name].people) == (1, 1)


def test_statements_are_split_by_perspective_with_every_perspective_shown():
    statements = [said("P1", LATE), said("F1", LATE, perspective="family/carer"),
                  said("F2", LATE, perspective="family/carer"), said("S1", LATE, perspective="staff")]

    [count] = count_themes(statements, [LATE])

    assert list(count.by_perspective.items()) == [("person", 1), ("family/carer", 2), ("staff", 1), ("other", 0)]


def test_set_aside_statements_are_not_counted():
    statements = [said("P1", LATE), said("P2", LATE, set_aside=True), said("P3", RUSHED, set_aside=True),
                  said("P4", set_aside=True)]

    counts = count_themes(statements, [LATE, RUSHED])

    assert [(c.name, c.statements, c.people) for c in counts] == [(LATE.name, 1, 1), (RUSHED.name, 0, 0)]


def test_statements_in_no_theme_are_counted_as_unassigned_in_their_own_category():
    statements = [said("P1", LATE), said("P2"), said("P2"), said("P3", category=WORKING),
                  said("P4", category=FUTURE, theme=Theme(FUTURE, "deleted", id="gone"))]

    counts = count_themes(statements, [LATE, SAME])

    assert [(c.category, c.name, c.theme_id, c.statements, c.people) for c in counts] == [
        (WORKING, SAME.name, SAME.id, 0, 0), (WORKING, UNASSIGNED, None, 1, 1),
        (NOT_WORKING, LATE.name, LATE.id, 1, 1), (NOT_WORKING, UNASSIGNED, None, 2, 1),
        (FUTURE, UNASSIGNED, None, 1, 1)]


def test_themes_are_listed_category_by_category_in_the_order_given():
    hopes = Theme(FUTURE, "I want to go out more", id="out")

    counts = count_themes([], [hopes, RUSHED, SAME, LATE])

    assert [c.theme_id for c in counts] == ["same", "rushed", "late", "out"]


def test_statements_without_a_person_reference_each_count_as_someone():
    statements = [said("", LATE), said("", LATE), said("P1", LATE)]

    [count] = count_themes(statements, [LATE])

    assert (count.statements, count.people) == (3, 3)


def test_after_a_merge_someone_who_spoke_in_both_themes_is_counted_once(store):
    workshop_id = store.create_workshop("Leeds homecare").id
    store.apply(workshop_id, Edit("add themes", "Added 2 themes",
                                  (Change("themes", None, to_row(LATE)), Change("themes", None, to_row(RUSHED)))))
    store.apply(workshop_id, add_statements([said("P1", LATE), said("P2", LATE), said("P1", RUSHED),
                                             said("P3", RUSHED)], "reviews.csv"))
    assert [(c.statements, c.people) for c in count_themes(store.statements(workshop_id), store.themes(workshop_id))] \
        == [(2, 2), (2, 2)]

    moved = [edit_statement(s, theme_id=LATE.id).changes[0]
             for s in store.statements(workshop_id) if s.theme_id == RUSHED.id]
    store.apply(workshop_id, Edit("merge", "Merged 2 themes", (*moved, Change("themes", to_row(RUSHED), None))))

    [merged] = count_themes(store.statements(workshop_id), store.themes(workshop_id))
    assert (merged.name, merged.statements, merged.people) == (LATE.name, 4, 3)


def test_the_count_table_has_a_column_per_perspective():
    [row] = count_table(count_themes([said("P1", LATE), said("S1", LATE, perspective="staff")], [LATE]))

    assert row == {"Theme": LATE.name, "Category": NOT_WORKING, "Statements": 2, "People": 2,
                   "person": 1, "family/carer": 0, "staff": 1, "other": 0}


# -- how much it matters --------------------------------------------------------------------------

ROUND = VotingRound(PROVIDER, ballot=("rushed", "late", "same"), dots=3, id="r1")


def test_round_totals_add_the_typed_in_tally_to_votes_from_phones_in_ballot_order():
    votes = [Vote("r1", "late", 2, "phone-a"), Vote("r1", "late", 1, "phone-b"), Vote("r1", "late", 5, TALLY),
             Vote("r1", "same", 1, "phone-b"), Vote("other round", "rushed", 3, "phone-a")]

    assert list(round_totals(ROUND, votes).items()) == [("rushed", 0), ("late", 8), ("same", 1)]


def test_votes_for_a_theme_taken_off_the_ballot_are_not_counted():
    votes = [Vote("r1", "late", 2, "phone-a"), Vote("r1", "same", 1, "phone-a")]

    assert round_totals(dataclasses.replace(ROUND, ballot=("late",)), votes) == {"late": 2}


def test_voters_are_the_participants_on_phones_not_the_tally():
    votes = [Vote("r1", "late", 1, "phone-a"), Vote("r1", "same", 1, "phone-a"), Vote("r1", "late", 1, "phone-b"),
             Vote("r1", "late", 9, TALLY), Vote("other round", "late", 1, "phone-c")]

    assert voter_count(ROUND, votes) == 2


def test_a_sessions_votes_add_up_its_own_rounds_only():
    second = VotingRound(PROVIDER, ballot=("late",), id="r2")
    commissioners = VotingRound(COMMISSIONER, ballot=("late", "same"), id="r3")
    votes = [Vote("r1", "late", 2, "a"), Vote("r2", "late", 3, "a"), Vote("r3", "late", 7, "a"),
             Vote("r3", "same", 1, "a")]

    assert session_votes([ROUND, second, commissioners], votes, PROVIDER) == {"rushed": 0, "late": 5, "same": 0}
    assert session_votes([ROUND, second, commissioners], votes, COMMISSIONER) == {"late": 7, "same": 1}


# -- the priority list ----------------------------------------------------------------------------

def counted(name, statements, people, category=NOT_WORKING):
    return count_themes([said(f"{name}-{n % people}", Theme(category, name, id=name))
                         for n in range(statements)], [Theme(category, name, id=name)])[0]


def test_the_rule_is_votes_then_statements_then_people_then_name():
    counts = [counted("b-fewer-people", 5, 2), counted("most-votes", 1, 1), counted("more-statements", 6, 1),
              counted("B-same-as-a", 5, 3), counted("a-same-as-b", 5, 3)]

    ranked = priority_list(counts, {"most-votes": 4})

    assert [p.name for p in ranked] == ["most-votes", "more-statements", "a-same-as-b", "B-same-as-a",
                                        "b-fewer-people"]
    assert [p.rank for p in ranked] == [p.rule_rank for p in ranked] == [1, 2, 3, 4, 5]
    assert PRIORITY_RULE == "Most votes first; then most statements; then most people; then by name."


def test_how_many_said_it_and_how_much_it_matters_stay_two_figures():
    [top, second] = priority_list([counted("said-often", 9, 6), counted("voted-for", 2, 2)], {"voted-for": 7})

    assert (top.name, top.votes, top.statements, top.people) == ("voted-for", 7, 2, 2)
    assert (second.name, second.votes, second.statements, second.people) == ("said-often", 0, 9, 6)


def test_unassigned_statements_are_never_a_priority():
    counts = count_themes([said("P1"), said("P2"), said("P3", LATE)], [LATE])

    assert [p.theme_id for p in priority_list(counts, {})] == ["late"]


def test_top_keeps_the_first_few():
    counts = [counted(name, statements, 1) for name, statements in [("a", 1), ("b", 3), ("c", 2)]]

    assert [p.name for p in priority_list(counts, {}, top=2)] == ["b", "c"]


def test_a_placed_theme_takes_its_rank_and_the_rest_keep_the_rules_order():
    counts = [counted(name, statements, 1) for name, statements in [("a", 4), ("b", 3), ("c", 2), ("d", 1)]]
    placed = [PriorityOverride(PROVIDER, "d", 1, "Behind most of the others"), PriorityOverride(PROVIDER, "a", 3)]

    ranked = priority_list(counts, {}, placed)

    assert [(p.rank, p.name, p.rule_rank, p.moved, p.reason) for p in ranked] == [
        (1, "d", 4, True, "Behind most of the others"), (2, "b", 2, False, ""), (3, "a", 1, True, ""),
        (4, "c", 3, False, "")]


def test_a_theme_placed_past_the_end_goes_last_and_top_applies_after_placing():
    counts = [counted(name, statements, 1) for name, statements in [("a", 3), ("b", 2), ("c", 1)]]
    placed = [PriorityOverride(PROVIDER, "a", 10, "Not for this session")]

    assert [p.name for p in priority_list(counts, {}, placed)] == ["b", "c", "a"]
    assert [p.name for p in priority_list(counts, {}, placed, top=2)] == ["b", "c"]


def test_placings_of_themes_not_in_the_list_are_ignored_and_sessions_are_not_mixed():
    counts = [counted("a", 2, 1), counted("b", 1, 1)]

    assert [p.name for p in priority_list(counts, {}, [PriorityOverride(PROVIDER, "gone", 1)])] == ["a", "b"]
    with pytest.raises(ValueError, match="one session"):
        priority_list(counts, {}, [PriorityOverride(PROVIDER, "a", 2), PriorityOverride(COMMISSIONER, "b", 1)])


def test_a_sessions_priorities_are_the_themes_it_voted_on_or_placed_and_nothing_else():
    counts = [counted("big", 9, 5), counted("voted", 2, 2), counted("placed", 1, 1),
              counted("kind", 4, 4, category=WORKING)]
    provider = VotingRound(PROVIDER, ballot=("voted",), id="r1")
    whole = VotingRound("whole room", ballot=("big", "kind"), id="r2")
    votes = [Vote("r1", "voted", 3), Vote("r2", "big", 5)]
    placed = [PriorityOverride(PROVIDER, "placed", 1, "Families asked")]

    ranked = session_priorities(counts, [provider, whole], votes, placed, PROVIDER)

    assert [(p.rank, p.name, p.votes) for p in ranked] == [(1, "placed", 0), (2, "voted", 3)]
    assert session_priorities(counts, [provider, whole], votes, placed, COMMISSIONER) == []


def test_a_priority_list_of_one_category_ranks_within_it():
    counts = [counted("late", 3, 3), counted("kind", 5, 5, category=WORKING), counted("rushed", 2, 2)]
    whole = VotingRound("whole room", ballot=("late", "kind", "rushed"), id="r")
    votes = [Vote("r", "kind", 9), Vote("r", "rushed", 4), Vote("r", "late", 1)]

    mixed = session_priorities(counts, [whole], votes, [], "whole room")
    not_working = session_priorities(counts, [whole], votes, [], "whole room", categories=[NOT_WORKING])

    assert [(p.rank, p.name) for p in mixed] == [(1, "kind"), (2, "rushed"), (3, "late")]
    assert [(p.rank, p.name) for p in not_working] == [(1, "rushed"), (2, "late")]


def test_the_category_voted_on_comes_first():
    themes = [Theme(NOT_WORKING, id="a"), Theme(NOT_WORKING, id="b"), Theme(WORKING, id="c"), Theme(FUTURE, id="d")]
    rounds = [VotingRound(PROVIDER, ballot=("a", "b", "c")), VotingRound(COMMISSIONER, ballot=("d",))]

    assert voted_categories(rounds, [], themes, PROVIDER) == [NOT_WORKING, WORKING]
    assert voted_categories(rounds, [PriorityOverride(COMMISSIONER, "c", 1)], themes, COMMISSIONER) == [WORKING, FUTURE]
    assert voted_categories(rounds, [], themes, "whole room") == []


# -- placings as edits ----------------------------------------------------------------------------

@pytest.fixture
def workshop_id(store):
    workshop_id = store.create_workshop("Leeds homecare").id
    themes = [Theme(NOT_WORKING, name, position=n, id=name) for n, name in enumerate("abcd")]
    store.apply(workshop_id, Edit("add themes", "Added 4 themes", tuple(Change("themes", None, to_row(t))
                                                                        for t in themes)))
    store.apply(workshop_id, add_statements([said(f"P{n}", themes[n % 4]) for n in range(10)], "reviews.csv"))
    return workshop_id


def ranked(store, workshop_id, session=PROVIDER):
    counts = count_themes(store.statements(workshop_id), store.themes(workshop_id))
    return [p.name for p in priority_list(counts, {}, store.priority_overrides(workshop_id, session))]


def theme(store, workshop_id, name):
    return next(t for t in store.themes(workshop_id) if t.name == name)


def test_placing_a_theme_is_an_edit_with_its_reason_in_the_history(store, workshop_id):
    assert ranked(store, workshop_id) == ["a", "b", "c", "d"]

    store.apply(workshop_id, set_priority(theme(store, workshop_id, "d"), PROVIDER, 1, " It causes the others ", []))

    assert ranked(store, workshop_id) == ["d", "a", "b", "c"]
    assert ranked(store, workshop_id, COMMISSIONER) == ["a", "b", "c", "d"]
    assert store.priority_overrides(workshop_id) == [PriorityOverride(PROVIDER, "d", 1, "It causes the others")]
    assert store.history(workshop_id)[-1].summary == "Put “d” at number 1 of the provider priorities"
    store.undo(workshop_id)
    assert ranked(store, workshop_id) == ["a", "b", "c", "d"]


def test_placing_a_theme_where_another_was_placed_moves_that_one_down(store, workshop_id):
    store.apply(workshop_id, set_priority(theme(store, workshop_id, "d"), PROVIDER, 1, "First reason", []))
    store.apply(workshop_id, set_priority(theme(store, workshop_id, "c"), PROVIDER, 2, "",
                                          store.priority_overrides(workshop_id, PROVIDER)))
    assert ranked(store, workshop_id) == ["d", "c", "a", "b"]

    store.apply(workshop_id, set_priority(theme(store, workshop_id, "b"), PROVIDER, 1, "Most urgent",
                                          store.priority_overrides(workshop_id, PROVIDER)))

    assert ranked(store, workshop_id) == ["b", "d", "c", "a"]
    assert [(o.theme_id, o.rank, o.reason) for o in store.priority_overrides(workshop_id, PROVIDER)] == [
        ("b", 1, "Most urgent"), ("d", 2, "First reason"), ("c", 3, "")]
    store.undo(workshop_id)
    assert ranked(store, workshop_id) == ["d", "c", "a", "b"]


def test_placing_a_placed_theme_again_moves_it_and_clearing_gives_it_back_to_the_rule(store, workshop_id):
    store.apply(workshop_id, set_priority(theme(store, workshop_id, "d"), PROVIDER, 1, "", []))
    store.apply(workshop_id, set_priority(theme(store, workshop_id, "d"), PROVIDER, 3, "Changed our minds",
                                          store.priority_overrides(workshop_id, PROVIDER)))
    assert ranked(store, workshop_id) == ["a", "b", "d", "c"]

    [placing] = store.priority_overrides(workshop_id, PROVIDER)
    store.apply(workshop_id, clear_priority(theme(store, workshop_id, "d"), placing))

    assert ranked(store, workshop_id) == ["a", "b", "c", "d"]
    assert store.history(workshop_id)[-1].summary == \
        "Put “d” back in its place by the rule in the provider priorities"


def test_a_placing_hides_with_its_theme_and_returns_when_the_theme_is_brought_back(store, workshop_id):
    d = theme(store, workshop_id, "d")
    store.apply(workshop_id, set_priority(d, PROVIDER, 1, "", []))
    store.apply(workshop_id, Edit("delete theme", "Deleted a theme", (Change("themes", to_row(d), None),)))
    assert store.priority_overrides(workshop_id) == []

    store.undo(workshop_id)

    assert [o.theme_id for o in store.priority_overrides(workshop_id)] == ["d"]


def test_a_place_must_be_one_or_more():
    with pytest.raises(ValueError, match="1 or more"):
        set_priority(LATE, PROVIDER, 0, "", [])
