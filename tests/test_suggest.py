"""Suggesting themes inside a stored workshop: one edit, undoable, that keeps what people corrected."""
import pytest

from tests.test_theming import NO_CONTENT, TOPICS
from wtfc import edits
from wtfc.model import FUTURE, NOT_WORKING, WORKING, Statement, Theme
from wtfc.suggest import SUGGEST_KIND, assign_new_statements, split_groups, suggest_edit


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
    edit = suggest_edit(store.statements(workshop.id), store.themes(workshop.id), **options)
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
    before = store.statements(workshop.id), store.themes(workshop.id)
    again = suggest_edit(*before, n_themes=4)
    assert again.changes == ()
    assert "7 themes carried over" in again.summary  # 4 "not working", 3 "working"


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


def test_locked_themes_attract_statements_like_their_own(store, workshop):
    locked = lock(store, workshop, TOPICS["late"][:3], "I want my calls on time")
    edit = suggest(store, workshop, n_themes=4)
    assert len(set(TOPICS["late"]) & members(store, workshop)[locked.name]) >= 7  # of 8
    assert "1 locked theme kept" in edit.summary


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
    edit = assign_new_statements(store.statements(workshop.id), store.themes(workshop.id))
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
    assert assign_new_statements(store.statements(workshop.id), store.themes(workshop.id)).changes == ()


def test_split_groups_separates_a_mixed_theme():
    statements = [Statement(t, NOT_WORKING) for t in TOPICS["late"] + TOPICS["food"]]
    groups = split_groups(statements, 2)
    assert sorted(len(g) for g in groups) == [8, 8]
    assert {frozenset(s.text for s in g) for g in groups} == {frozenset(TOPICS["late"]), frozenset(TOPICS["food"])}
    assert split_groups([], 2) == []
    assert len(split_groups([Statement("Same words", NOT_WORKING)] * 3, 3)) == 1
