"""Suggesting themes inside a stored workshop: one edit, undoable, that keeps what people corrected."""
import uuid

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.test_theming import NO_CONTENT, TOPICS
from wtfc import edits
from wtfc.model import FUTURE, NOT_WORKING, WHOLE_ROOM, WORKING, Action, Statement, Theme, VotingRound
from wtfc.suggest import (CREATED, MERGED, PLANNED, RENAMED, SUGGEST_KIND, VOTED, assign_new_statements,
                          split_groups, suggest_for_workshop, workshop_agreed)
from wtfc.wall import theme_from_statement


@pytest.fixture
def workshop(store):
    """A workshop whose "not working" statements cover four topics, plus a few with no content."""
    workshop = store.create_workshop("Riverside homecare")
    statements = [Statement(text, NOT_WORKING, person_ref=f"P{n:02}") for n, text in
                  enumerate(t for texts in TOPICS.values() for t in texts)]
    statements += [Statement(text, NOT_WORKING) for text in NO_CONTENT[:3]]
    statements += [Statement(text, WORKING) for text in TOPICS["food"][:3]]
    store.apply(workshop.id, edits.add_statements(statements, "reviews.csv"))
    return workshop


def suggest(store, workshop, **options):
    edit = suggest_for_workshop(store, workshop.id, **options)
    store.apply(workshop.id, edit)
    return edit


def members(store, workshop) -> dict[str | None, set[str]]:
    """Theme name (None: Unassigned) → texts of its counted statements."""
    names = {t.id: t.name for t in store.themes(workshop.id)}
    groups: dict[str | None, set[str]] = {}
    for s in store.statements(workshop.id):
        if not s.set_aside:
            groups.setdefault(names.get(s.theme_id), set()).add(s.text)
    return groups


def theme_of(store, workshop, text) -> Theme | None:
    statement = next(s for s in store.statements(workshop.id) if s.text == text)
    return next((t for t in store.themes(workshop.id) if t.id == statement.theme_id), None)


def test_suggesting_creates_named_themes_per_category_as_one_undoable_edit(store, workshop):
    edit = suggest(store, workshop, n_themes=4)
    assert edit.kind == SUGGEST_KIND
    themes = store.themes(workshop.id)
    assert {t.category for t in themes} == {NOT_WORKING, WORKING}
    assert sum(t.category == NOT_WORKING for t in themes) == 4
    groups = members(store, workshop)
    for texts in TOPICS.values():  # each topic ends up whole in one theme
        assert sum(set(texts) <= group for group in groups.values()) == 1
    assert set(NO_CONTENT[:3]) <= groups[None]
    late = theme_of(store, workshop, TOPICS["late"][0])
    assert "late" in late.name
    assert [r.kind for r in store.history(workshop.id)] == ["import", SUGGEST_KIND]

    store.undo(workshop.id)
    assert store.themes(workshop.id) == []
    assert all(s.theme_id is None for s in store.statements(workshop.id))


def test_suggesting_again_changes_nothing_and_keeps_names(store, workshop):
    suggest(store, workshop, n_themes=4)
    late = theme_of(store, workshop, TOPICS["late"][0])
    store.apply(workshop.id, edits.rename_theme(late, "I want my calls on time"))
    again = suggest_for_workshop(store, workshop.id, n_themes=4)
    assert again.changes == ()
    assert "6 themes carried over" in again.summary  # 3 "not working", 3 "working"
    assert "kept 1 theme the room agreed (1 renamed)" in again.summary


def lock(store, workshop, texts, name) -> Theme:
    """A theme the room made from ``texts`` and locked."""
    theme = Theme(NOT_WORKING, name, locked=True)
    store.apply(workshop.id, edits.create_theme(theme))
    chosen = [s for s in store.statements(workshop.id) if s.text in texts and s.category == NOT_WORKING]
    store.apply(workshop.id, edits.assign_statements((s, theme.id) for s in chosen))
    return theme


def test_locked_themes_keep_their_statements_even_unlike_ones(store, workshop):
    chosen = TOPICS["late"][:3] + TOPICS["going out"][:1]
    locked = lock(store, workshop, chosen, "I want to know when my carer is coming")
    suggest(store, workshop, n_themes=5)
    assert set(chosen) <= members(store, workshop)[locked.name]
    assert next(t for t in store.themes(workshop.id) if t.id == locked.id).locked


def test_statements_like_a_locked_themes_are_proposed_to_it_not_put_in_it(store, workshop):
    locked = lock(store, workshop, TOPICS["late"][:3], "I want my calls on time")
    edit = suggest(store, workshop, n_themes=4)
    assert members(store, workshop)[locked.name] == set(TOPICS["late"][:3])
    proposed = {s.text for s in store.statements(workshop.id) if s.proposed_theme_id == locked.id}
    assert len(proposed & set(TOPICS["late"][3:])) >= 4  # of 5
    assert all(s.theme_id is None and s.unsure and not s.pinned
               for s in store.statements(workshop.id) if s.proposed_theme_id)
    assert "kept 1 theme the room agreed (1 locked)" in edit.summary
    assert "proposed for them, to review" in edit.summary


def test_pinned_statements_stay_where_a_person_put_them(store, workshop):
    suggest(store, workshop, n_themes=4)
    food = theme_of(store, workshop, TOPICS["food"][0])
    moved = next(s for s in store.statements(workshop.id) if s.text == TOPICS["late"][0])
    left_out = next(s for s in store.statements(workshop.id) if s.text == TOPICS["late"][1])
    store.apply(workshop.id, edits.move_statements([moved], food))
    store.apply(workshop.id, edits.move_statements([left_out], None))
    suggest(store, workshop, n_themes=4)
    assert theme_of(store, workshop, TOPICS["late"][0]).id == food.id
    assert theme_of(store, workshop, TOPICS["late"][1]) is None


def test_set_aside_statements_stay_out_of_themes(store, workshop):
    aside = next(s for s in store.statements(workshop.id) if s.text == TOPICS["food"][0] and s.category == NOT_WORKING)
    store.apply(workshop.id, edits.set_aside([aside]))
    suggest(store, workshop, n_themes=4)
    assert next(s for s in store.statements(workshop.id) if s.id == aside.id).theme_id is None


def test_a_theme_a_person_created_survives_even_while_empty(store, workshop):
    store.apply(workshop.id, edits.create_theme(Theme(NOT_WORKING, "I want to go to church")))
    suggest(store, workshop, n_themes=4)
    assert "I want to go to church" in {t.name for t in store.themes(workshop.id)}


def test_new_statements_get_a_theme_without_moving_anyone_else(store, workshop):
    suggest(store, workshop, n_themes=4)
    before = {s.id: s.theme_id for s in store.statements(workshop.id)}
    new = [Statement("The carer was late again this morning", NOT_WORKING),
           Statement("Nothing", NOT_WORKING)]
    store.apply(workshop.id, edits.add_statements(new, ""))
    edit = assign_new_statements(store.statements(workshop.id), store.themes(workshop.id),
                                 agreed=workshop_agreed(store, workshop.id))
    assert edit.kind == SUGGEST_KIND
    assert {c.after["id"] for c in edit.changes} == {new[0].id}
    store.apply(workshop.id, edit)
    assert theme_of(store, workshop, new[0].text).id == theme_of(store, workshop, TOPICS["late"][0]).id
    assert {s.id: s.theme_id for s in store.statements(workshop.id) if s.id in before} == before


def test_suggesting_for_one_category_leaves_the_others_alone(store, workshop):
    suggest(store, workshop, categories=[WORKING])
    assert {t.category for t in store.themes(workshop.id)} == {WORKING}
    assert all(s.theme_id is None for s in store.statements(workshop.id) if s.category == NOT_WORKING)


def test_empty_and_no_content_categories_are_fine(store):
    workshop = store.create_workshop("Only nothing")
    store.apply(workshop.id, edits.add_statements([Statement(t, FUTURE) for t in NO_CONTENT[:4]], ""))
    edit = suggest(store, workshop)
    assert store.themes(workshop.id) == []
    assert "0 new themes" in edit.summary and "4 left Unassigned" in edit.summary
    assert assign_new_statements(store.statements(workshop.id), store.themes(workshop.id), agreed={}).changes == ()


def test_split_groups_separates_a_mixed_theme():
    statements = [Statement(t, NOT_WORKING) for t in TOPICS["late"] + TOPICS["food"]]
    groups = split_groups(statements, 2)
    assert sorted(len(g) for g in groups) == [8, 8]
    assert {frozenset(s.text for s in g) for g in groups} == {frozenset(TOPICS["late"]), frozenset(TOPICS["food"])}
    assert split_groups([], 2) == []
    assert len(split_groups([Statement("Same words", NOT_WORKING)] * 3, 3)) == 1


# -- what the room agreed is never scrambled ---------------------------------------------------------

def test_agreed_themes_says_which_themes_the_room_touched_and_why(store, workshop):
    suggest(store, workshop, n_themes=4)
    themes = {theme_of(store, workshop, TOPICS[topic][0]).id: topic for topic in TOPICS}
    by_topic = {topic: next(t for t in store.themes(workshop.id) if t.id == theme_id)
                for theme_id, topic in themes.items()}
    assert workshop_agreed(store, workshop.id) == {}  # nothing touched yet

    store.apply(workshop.id, edits.rename_theme(by_topic["late"], "I want my calls on time"))
    store.apply(workshop.id, edits.open_round(VotingRound(WHOLE_ROOM, ballot=(by_topic["food"].id,))))
    store.apply(workshop.id, edits.add_cause(by_topic["same carers"], None, "Rotas change every week"))
    statements = store.statements(workshop.id)
    going_out = [s for s in statements if s.theme_id == by_topic["going out"].id]
    store.apply(workshop.id, edits.move_statements(going_out[:1], None))  # taking one out touches nothing
    agreed = workshop_agreed(store, workshop.id)
    assert agreed == {by_topic["late"].id: (RENAMED,), by_topic["food"].id: (VOTED,),
                      by_topic["same carers"].id: (PLANNED,)}

    store.undo(workshop.id)
    store.undo(workshop.id)  # the cause is undone: no longer counts
    store.apply(workshop.id, edits.merge_themes(by_topic["same carers"], [by_topic["going out"]],
                                                store.statements(workshop.id)))
    created = Theme(NOT_WORKING, "I want to go to church")
    store.apply(workshop.id, edits.create_theme(created))
    agreed = workshop_agreed(store, workshop.id)
    assert agreed[by_topic["same carers"].id] == (MERGED,)
    assert agreed[created.id] == (CREATED,)
    working = next(t for t in store.themes(workshop.id) if t.category == WORKING)
    assert working.id not in agreed


def test_suggesting_again_keeps_agreed_themes_whole_and_says_why(store, workshop):
    suggest(store, workshop, n_themes=4)
    late, food = (theme_of(store, workshop, TOPICS[topic][0]) for topic in ("late", "food"))
    # The room moves a going-out statement into "late", renames it, and votes on "food".
    odd = next(s for s in store.statements(workshop.id) if s.text == TOPICS["going out"][0])
    store.apply(workshop.id, edits.move_statements([odd], late))
    store.apply(workshop.id, edits.rename_theme(late, "I want my calls on time"))
    store.apply(workshop.id, edits.open_round(VotingRound(WHOLE_ROOM, ballot=(food.id,))))
    held = {name: texts for name, texts in members(store, workshop).items() if name}
    edit = suggest(store, workshop, n_themes=6)
    after = members(store, workshop)
    assert after["I want my calls on time"] == held["I want my calls on time"]
    assert after[food.name] == held[food.name]
    assert "kept 2 themes the room agreed (1 voted on, 1 renamed)" in edit.summary


@st.composite
def room_edit(draw, store, workshop_id):
    """One thing a room might do to the wall now, and the themes it touches (they must keep their statements)."""
    statements = [s for s in store.statements(workshop_id) if s.category == NOT_WORKING]
    themes = [t for t in store.themes(workshop_id) if t.category == NOT_WORKING]
    kind = draw(st.sampled_from(["rename", "vote", "plan", "action", "merge", "split", "move", "lock", "create",
                                 "unpick", "delete", "start"]))
    if kind == "create" or not themes:  # (with no theme left, the room can only start a new one)
        new = Theme(NOT_WORKING, "I want to go to church")
        return edits.create_theme(new), {new.id}
    theme = draw(st.sampled_from(themes))
    held = [s for s in statements if s.theme_id == theme.id]
    if kind == "rename":
        return edits.rename_theme(theme, draw(st.sampled_from(["I want time", "I feel safe"]))), {theme.id}
    if kind == "vote":
        return edits.open_round(VotingRound(WHOLE_ROOM, ballot=(theme.id,))), {theme.id}
    if kind == "plan":
        return edits.add_cause(theme, store.plans(workshop_id).get(theme.id), "Too few carers"), {theme.id}
    if kind == "action":
        return edits.add_action(theme, Action(theme.id, "Ask the rota team")), {theme.id}
    if kind == "lock":
        return edits.lock_theme(theme, True), {theme.id}
    if kind == "merge" and len(themes) > 1:
        other = draw(st.sampled_from([t for t in themes if t.id != theme.id]))
        return edits.merge_themes(theme, [other], statements), {theme.id}
    if kind == "split" and len(held) > 1:
        cut = draw(st.integers(1, len(held) - 1))
        edit = edits.split_theme(theme, [held[:cut], held[cut:]], ["I want a part"])
        return edit, {theme.id} | {c.after["id"] for c in edit.changes if c.table == "themes"}
    if kind == "move":
        chosen = draw(st.lists(st.sampled_from(statements), min_size=1, max_size=3, unique_by=lambda s: s.id))
        if all(s.theme_id == theme.id for s in chosen):
            return None
        return edits.move_statements(chosen, theme), {theme.id}
    if kind == "start":  # Where do these go?: New theme from a statement
        statement = draw(st.sampled_from(statements))
        edit = theme_from_statement(statement, statements, store.themes(workshop_id))
        return edit, {c.after["id"] for c in edit.changes if c.table == "themes"}
    if kind == "unpick" and held:  # a statement taken out to Unassigned touches no theme
        return edits.move_statements(held[:1], None), set()
    if kind == "delete":
        return edits.delete_theme(theme, statements), set()
    return None


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_suggesting_again_never_moves_a_statement_out_of_or_into_a_theme_the_room_touched(data, suggested):
    store, original = suggested
    workshop_id = store.duplicate_workshop(original, f"copy {uuid.uuid4().hex}").id
    touched: set[str] = set()
    for _ in range(data.draw(st.integers(1, 6), label="edits")):
        drawn = data.draw(room_edit(store, workshop_id))
        if drawn is None:
            continue
        edit, themes = drawn
        store.apply(workshop_id, edit)
        touched |= themes
    alive = {t.id for t in store.themes(workshop_id)}
    touched &= alive
    assert touched <= set(workshop_agreed(store, workshop_id))
    before = {s.id: s for s in store.statements(workshop_id)}
    held = {t: {s.id for s in before.values() if s.theme_id == t} for t in touched}

    store.apply(workshop_id, suggest_for_workshop(store, workshop_id,
                                                  n_themes=data.draw(st.sampled_from([None, 3, 6]), label="themes")))
    after = store.statements(workshop_id)
    assert {t: {s.id for s in after if s.theme_id == t} for t in touched} == held
    for statement in after:
        if before[statement.id].pinned:  # placed by a person: exactly where it was
            assert statement.theme_id == before[statement.id].theme_id
        if statement.proposed_theme_id:  # proposals are only ever for statements nobody placed
            assert not statement.pinned and statement.theme_id is None
            assert statement.proposed_theme_id in set(workshop_agreed(store, workshop_id))


@pytest.fixture(scope="module")
def suggested(shared_store):
    """A workshop with suggested themes, copied afresh for each example."""
    workshop = shared_store.create_workshop("Suggested")
    statements = [Statement(text, NOT_WORKING, person_ref=f"P{n:02}") for n, text in
                  enumerate(t for texts in TOPICS.values() for t in texts)]
    shared_store.apply(workshop.id, edits.add_statements(statements + [Statement("n/a", NOT_WORKING)], "r.csv"))
    shared_store.apply(workshop.id, suggest_for_workshop(shared_store, workshop.id, n_themes=4))
    return shared_store, workshop.id


def test_statements_the_app_is_not_sure_of_wait_under_not_sure_yet_with_their_confidence(store, workshop):
    edit = suggest(store, workshop, categories=[NOT_WORKING], min_confidence=0.7)
    statements = [s for s in store.statements(workshop.id) if s.category == NOT_WORKING]
    unsure = [s for s in statements if s.unsure]
    assert unsure and all(s.theme_id is None and s.confidence < 0.7 for s in unsure)
    assert all(0.7 <= s.confidence <= 1 for s in statements if s.theme_id)
    assert all(s.confidence is None and not s.unsure for s in statements if s.text in NO_CONTENT)  # kept apart
    assert f"{len(unsure)} not sure yet" in edit.summary
    again = suggest(store, workshop, categories=[NOT_WORKING], min_confidence=0)  # they are free to place later
    assert not any(s.unsure for s in store.statements(workshop.id)) and "0 not sure yet" in again.summary
