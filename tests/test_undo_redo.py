"""One property over every kind of edit together: undoing them all gives back the start, redoing them all
the end, in memory and in the store (a SQLite file, and a PostgreSQL database). Statements, themes, votes, placings, plans and actions meet here,
where cross-table bugs live."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.edit_strategies import any_edit, workshop_state
from wtfc.edits import add_cause, add_statements, create_themes, update_settings
from wtfc.model import NOT_WORKING, WORKING, Statement, Theme, new_id
from wtfc.store import Store

pytestmark = pytest.mark.both_stores

LATE = Theme(NOT_WORKING, "I want my visits on time", id="late")
SAME = Theme(WORKING, "I see the same carers", position=1, id="same")


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_undoing_every_edit_restores_the_start_and_redoing_them_restores_the_end(shared_store, data):
    store = shared_store
    workshop_id = store.create_workshop(f"Example {new_id()}").id
    # A starting point that is not empty, made by edits that stay in force throughout.
    store.apply(workshop_id, create_themes([LATE, SAME]))
    store.apply(workshop_id, add_statements([Statement(text, category, person_ref=f"P{n}", theme_id=theme, position=n)
                                             for n, (text, category, theme) in enumerate([
                                                 ("Late again", NOT_WORKING, LATE.id),
                                                 ("Same carer", WORKING, SAME.id), ("Kind staff", WORKING, None)])],
                                            "reviews.csv"))
    store.apply(workshop_id, update_settings({}, names_to_redact=["Ada"]))
    store.apply(workshop_id, add_cause(LATE, None, "No travel time"))
    start = workshop_state(store, workshop_id)

    applied = []
    for _ in range(data.draw(st.integers(1, 10), label="steps")):
        try:
            edit = data.draw(any_edit(*workshop_state(store, workshop_id)))
        except ValueError:
            continue  # refused when built (e.g. moving statements to where they already are): nothing to log
        applied.append(store.apply(workshop_id, edit))
    end = workshop_state(store, workshop_id)
    with Store(store.location) as fresh:  # what is stored, not only in this connection's memory
        assert workshop_state(fresh, workshop_id) == end

    undone = [store.undo(workshop_id).seq for _ in applied]
    assert undone == applied[::-1]
    assert workshop_state(store, workshop_id) == start
    assert store.can_undo(workshop_id)  # the starting edits are still there
    redone = [store.redo(workshop_id).seq for _ in applied]
    assert redone == applied
    assert workshop_state(store, workshop_id) == end
    assert not store.can_redo(workshop_id)
