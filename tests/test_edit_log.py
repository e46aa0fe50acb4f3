"""The edit log: every change is one recorded edit, which gives undo, redo and the history.

Every test works on a real SQLite file in ``tmp_path``, and again on a real PostgreSQL database.
"""
import pytest

from wtfc.edits import add_statements, edit_statement, remove_statements, update_settings
from wtfc.model import FUTURE, NOT_WORKING, WORKING, Redaction, Statement
from wtfc.store import Store

pytestmark = pytest.mark.both_stores


@pytest.fixture
def workshop_id(store):
    return store.create_workshop("Leeds homecare, March").id


def some_statements(*texts, category=WORKING):
    return [Statement(text, category, person_ref=f"P{n}", position=n) for n, text in enumerate(texts)]


def state(store, workshop_id):
    return store.statements(workshop_id), store.themes(workshop_id), store.settings(workshop_id)


def texts(store, workshop_id):
    return [s.text for s in store.statements(workshop_id)]


# -- each kind of edit ---------------------------------------------------------------------------

def test_importing_statements_is_one_edit_named_after_the_file(store, workshop_id):
    seq = store.apply(workshop_id, add_statements(some_statements("One", "Two"), "reviews.csv"), author="Sam")

    assert texts(store, workshop_id) == ["One", "Two"]
    [record] = store.history(workshop_id)
    assert (record.seq, record.kind, record.summary, record.author, record.status, record.change_count) == \
           (seq, "import", "Added 2 statements from reviews.csv", "Sam", "done", 2)


def test_a_statement_typed_in_by_hand_is_an_add(store, workshop_id):
    store.apply(workshop_id, add_statements(some_statements("I want a garden"), ""))

    [record] = store.history(workshop_id)
    assert (record.kind, record.summary) == ("add", "Added 1 statement")


def test_editing_a_statement_changes_that_statement_only(store, workshop_id):
    store.apply(workshop_id, add_statements(some_statements("My visits are late", "I like my carer"), ""))
    late, liked = store.statements(workshop_id)

    store.apply(workshop_id, edit_statement(late, text="My visits are often late", category=NOT_WORKING))

    assert store.statements(workshop_id) == [late.replace(text="My visits are often late", category=NOT_WORKING),
                                             liked]
    assert store.history(workshop_id)[-1].summary == "Changed a statement's category, text"


def test_removing_statements(store, workshop_id):
    store.apply(workshop_id, add_statements(some_statements("One", "Two", "Three"), ""))
    one, two, three = store.statements(workshop_id)

    store.apply(workshop_id, remove_statements([one, three]))

    assert store.statements(workshop_id) == [two]
    assert store.history(workshop_id)[-1].summary == "Removed 2 statements"


def test_a_settings_change_is_an_edit_too(store, workshop_id):
    store.apply(workshop_id, update_settings(store.settings(workshop_id), names_to_redact=["Ada", "Bob"]))
    store.apply(workshop_id, update_settings(store.settings(workshop_id), dots_per_person=5))

    assert store.settings(workshop_id) == {"names_to_redact": ["Ada", "Bob"], "dots_per_person": 5}
    assert [r.summary for r in store.history(workshop_id)] == ["Changed the workshop's names to redact",
                                                               "Changed the workshop's dots per person"]


def test_settings_are_compared_by_content_not_by_the_order_of_their_names(store, workshop_id):
    store.apply(workshop_id, update_settings({}, names_to_redact=["Ada"], dots_per_person=5))
    same_settings_other_order = dict(reversed(store.settings(workshop_id).items()))

    store.apply(workshop_id, update_settings(same_settings_other_order, dots_per_person=3))

    assert store.settings(workshop_id) == {"names_to_redact": ["Ada"], "dots_per_person": 3}


# -- undo and redo -------------------------------------------------------------------------------

def test_undo_takes_back_the_latest_edit_and_redo_puts_it_back(store, workshop_id):
    store.apply(workshop_id, add_statements(some_statements("My visits are late"), ""))
    before = state(store, workshop_id)
    store.apply(workshop_id, edit_statement(store.statements(workshop_id)[0], pinned=True, set_aside=True))
    after = state(store, workshop_id)

    undone = store.undo(workshop_id)
    assert (undone.summary, undone.status) == ("Changed a statement's pinned, set aside", "undone")
    assert state(store, workshop_id) == before

    redone = store.redo(workshop_id)
    assert (redone.seq, redone.status) == (undone.seq, "done")
    assert state(store, workshop_id) == after


def test_undoing_a_removal_brings_the_statements_back_as_they_were(store, workshop_id):
    statement = Statement("Call me on [phone]", FUTURE, perspective="family/carer", person_ref="P7",
                          redactions=(Redaction("phone", 11, 18),), review_date="2024-01-31", source_row=4)
    store.apply(workshop_id, add_statements([statement], "reviews.xlsx"))
    store.apply(workshop_id, remove_statements([statement]))

    store.undo(workshop_id)

    assert store.statements(workshop_id) == [statement]


def test_undo_and_redo_go_many_steps_deep(store, workshop_id):
    states = [state(store, workshop_id)]
    store.apply(workshop_id, add_statements(some_statements("One", "Two"), ""))
    states.append(state(store, workshop_id))
    store.apply(workshop_id, edit_statement(store.statements(workshop_id)[0], text="One, edited"))
    states.append(state(store, workshop_id))
    store.apply(workshop_id, update_settings(store.settings(workshop_id), names_to_redact=["Ada"]))
    states.append(state(store, workshop_id))
    store.apply(workshop_id, remove_statements(store.statements(workshop_id)[1:]))
    states.append(state(store, workshop_id))
    store.apply(workshop_id, add_statements(some_statements("Three"), ""))
    states.append(state(store, workshop_id))

    for expected in reversed(states[:-1]):
        store.undo(workshop_id)
        assert state(store, workshop_id) == expected
    for expected in states[1:]:
        store.redo(workshop_id)
        assert state(store, workshop_id) == expected


def test_undo_with_nothing_to_undo_gives_none(store, workshop_id):
    assert store.undo(workshop_id) is None
    store.apply(workshop_id, add_statements(some_statements("One"), ""))
    store.undo(workshop_id)

    assert store.undo(workshop_id) is None
    assert store.statements(workshop_id) == []


def test_redo_with_nothing_to_redo_gives_none(store, workshop_id):
    store.apply(workshop_id, add_statements(some_statements("One"), ""))

    assert store.redo(workshop_id) is None
    assert texts(store, workshop_id) == ["One"]


def test_can_undo_and_can_redo_follow_the_log(store, workshop_id):
    assert (store.can_undo(workshop_id), store.can_redo(workshop_id)) == (False, False)
    store.apply(workshop_id, add_statements(some_statements("One"), ""))
    assert (store.can_undo(workshop_id), store.can_redo(workshop_id)) == (True, False)
    store.undo(workshop_id)
    assert (store.can_undo(workshop_id), store.can_redo(workshop_id)) == (False, True)
    store.redo(workshop_id)
    assert (store.can_undo(workshop_id), store.can_redo(workshop_id)) == (True, False)


def test_a_new_edit_after_undo_discards_what_could_have_been_redone(store, workshop_id):
    store.apply(workshop_id, add_statements(some_statements("One"), ""))
    store.apply(workshop_id, add_statements(some_statements("Two"), ""))
    store.undo(workshop_id)

    store.apply(workshop_id, add_statements(some_statements("Three"), ""))

    assert not store.can_redo(workshop_id)
    assert store.redo(workshop_id) is None
    assert [(r.summary, r.status) for r in store.history(workshop_id)] == [
        ("Added 1 statement", "done"), ("Added 1 statement", "discarded"), ("Added 1 statement", "done")]
    # Undo steps over the discarded edit.
    store.undo(workshop_id)
    store.undo(workshop_id)
    assert store.statements(workshop_id) == []
    assert not store.can_undo(workshop_id)


def test_each_workshop_has_its_own_log(store, workshop_id):
    other = store.create_workshop("Bradford homecare").id
    store.apply(workshop_id, add_statements(some_statements("Leeds statement"), ""))
    store.apply(other, add_statements(some_statements("Bradford statement"), ""))

    store.undo(workshop_id)

    assert texts(store, workshop_id) == []
    assert texts(store, other) == ["Bradford statement"]
    assert not store.can_redo(other)


# -- history ---------------------------------------------------------------------------------

def test_history_lists_every_edit_oldest_first(store, workshop_id):
    store.apply(workshop_id, add_statements(some_statements("One", "Two", "Three"), "reviews.csv"), author="Sam")
    store.apply(workshop_id, remove_statements(store.statements(workshop_id)[:1]), author="Priya")
    store.apply(workshop_id, update_settings({}, names_to_redact=["Ada"]))
    store.undo(workshop_id)

    assert [(r.seq, r.summary, r.author, r.status, r.change_count) for r in store.history(workshop_id)] == [
        (1, "Added 3 statements from reviews.csv", "Sam", "done", 3),
        (2, "Removed 1 statement", "Priya", "done", 1),
        (3, "Changed the workshop's names to redact", "", "undone", 1),
    ]
    assert all(r.created_at for r in store.history(workshop_id))


def test_the_log_survives_reopening_the_file(store_url):
    with Store(store_url) as store:
        workshop_id = store.create_workshop("Leeds homecare").id
        store.apply(workshop_id, add_statements(some_statements("One", "Two"), ""))
        store.apply(workshop_id, edit_statement(store.statements(workshop_id)[0], text="One, edited"))
        store.apply(workshop_id, update_settings({}, dots_per_person=3))
        store.undo(workshop_id)
        history = store.history(workshop_id)

    with Store(store_url) as reopened:
        assert reopened.history(workshop_id) == history
        reopened.redo(workshop_id)
        assert reopened.settings(workshop_id) == {"dots_per_person": 3}
        reopened.undo(workshop_id)
        reopened.undo(workshop_id)
        assert texts(reopened, workshop_id) == ["One", "Two"]
