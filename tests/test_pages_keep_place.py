"""Nothing the room decided is lost: a reload keeps the category and session in the URL, the plan card
being worked on stays open, and a session's priority list says which categories it covers.

AppTest against a real store file; the URL parameters are set as a browser reload would send them.
"""
from __future__ import annotations

import pytest
from streamlit.elements.lib.options_selector_utils import validate_select_widget_filter_mode

from tests.pages import by_label, open_page
from tests.test_plan_page import themes
from wtfc import edits
from wtfc.model import FUTURE, NOT_WORKING, PROVIDER, WHOLE_ROOM, WORKING, Statement, Theme, VotingRound
from wtfc.store import Store

WALL = "wtfc/app/theme_page.py"
PROJECTION = "wtfc/app/projection_page.py"
PRIORITISE = "wtfc/app/priorities_page.py"
PLAN = "wtfc/app/plan_page.py"
NOT_WORKING_BUTTON = "✖ What's not working"  # how the category switch writes it in the URL


@pytest.fixture
def workshop(db_env):
    """Two not-working themes, a working and a future one; the whole room voted on every category,
    the provider session on the not-working themes only."""
    with Store(db_env) as store:
        workshop_id = store.create_workshop("Kept").id
        late = Theme(NOT_WORKING, "I want to know when my carer is coming", position=1)
        rushed = Theme(NOT_WORKING, "I want time to talk", position=2)
        kind = Theme(WORKING, "My carers are kind", position=3)
        garden = Theme(FUTURE, "I want to get out to the garden", position=4)
        said = [("Nobody tells me when they will come", late), ("The carer comes at a different time", late),
                ("They are always in a hurry", rushed), ("The carers are lovely", kind),
                ("I would like to sit in the garden", garden)]
        statements = [Statement(text, theme.category, person_ref=f"P{n}", theme_id=theme.id, position=n)
                      for n, (text, theme) in enumerate(said)]
        store.apply(workshop_id, edits.combine("setup", "set up", [edits.create_themes([late, rushed, kind, garden]),
                                                                  edits.add_statements(statements, "t")]))
        whole = VotingRound(WHOLE_ROOM, ballot=(late.id, rushed.id, kind.id, garden.id), dots=3)
        store.apply(workshop_id, edits.open_round(whole))
        store.apply(workshop_id, edits.record_tally(whole, [], {kind.id: 9, garden.id: 7, late.id: 2, rushed.id: 1}))
        provider = VotingRound(PROVIDER, ballot=(late.id, rushed.id), dots=3)
        store.apply(workshop_id, edits.open_round(provider))
        store.apply(workshop_id, edits.record_tally(provider, [], {rushed.id: 5, late.id: 1}))
    return workshop_id


def html_of(at) -> str:
    return "".join(h.proto.body for h in at.get("html"))


# -- the URL keeps where the facilitator was ----------------------------------------------------------

def test_the_theme_wall_reopens_on_the_category_in_the_url(workshop):
    at = open_page(WALL, workshop, **{"wall-category": NOT_WORKING_BUTTON})

    assert at.segmented_control(key="wall-category").value == NOT_WORKING
    assert "I want time to talk" in html_of(at) and "My carers are kind" not in html_of(at)


def test_the_projection_view_reopens_on_the_category_in_the_url(workshop):
    at = open_page(PROJECTION, workshop, **{"projected-category": NOT_WORKING_BUTTON})

    assert at.segmented_control(key="projected-category").value == NOT_WORKING
    assert "I want to know when my carer is coming" in html_of(at)


def test_the_priority_list_reopens_on_the_session_in_the_url(workshop):
    at = open_page(PRIORITISE, workshop, **{"priority-session": "Provider session", "prioritise-tab": "Priority list"})

    assert by_label(at.selectbox, "Session").value == PROVIDER
    table = next(d.value for d in at.dataframe if "How much it matters (votes)" in d.value.columns)
    assert list(table["Theme"]) == ["I want time to talk", "I want to know when my carer is coming"]


def test_the_plan_reopens_on_the_session_in_the_url(workshop):
    at = open_page(PLAN, workshop, **{"plan-view": "Provider session"})

    assert at.segmented_control(key="plan-view").value == "Provider session"
    assert [e.label for e in at.expander][0].startswith("1. I want time to talk")


# -- the plan card being worked on stays open ---------------------------------------------------------

def test_adding_an_answer_keeps_its_card_open_and_the_others_as_they_were(db_env, workshop):
    late = themes(db_env, workshop)["I want to know when my carer is coming"]
    card = f"plan-card-{PROVIDER}-{late.id}"
    at = open_page(PLAN, workshop, **{"plan-view": "Provider session"})
    at.session_state[card] = True  # the facilitator opens the second card
    at.run()

    for answer in ["The rota changes every week", "Calls are planned a day ahead", "Nobody owns the rota"]:
        at.text_input(key=f"cause-box-{late.id}").input(answer)
        at.button(key=f"FormSubmitter:cause-{late.id}-Add the answer").click()
        at.run()
        assert not at.exception
        opened = {e.label.split(" — ")[0]: e.proto.expanded for e in at.expander if e.label[0].isdigit()}
        assert opened == {"1. I want time to talk": False, "2. I want to know when my carer is coming": True}
    with Store(db_env) as store:
        assert len(store.plans(workshop)[late.id].causes) == 3


# -- a priority list says which categories it covers ---------------------------------------------------

def test_the_whole_rooms_list_shows_the_category_voted_on_most_and_says_so(db_env, workshop):
    at = open_page(PRIORITISE, workshop, **{"prioritise-tab": "Priority list"})

    table = next(d.value for d in at.dataframe if "How much it matters (votes)" in d.value.columns)
    assert set(table["Category"]) == {NOT_WORKING}  # the category with most themes on the ballot
    assert list(table["Rank"]) == [1, 2]
    assert any("This list covers “What's not working”" in c.value for c in at.caption)

    at.segmented_control(key=f"priority-category-{WHOLE_ROOM}").set_value("every category").run()
    table = next(d.value for d in at.dataframe if "How much it matters (votes)" in d.value.columns)
    assert list(table["Theme"][:2]) == ["My carers are kind", "I want to get out to the garden"]
    assert any("This list covers every category" in c.value for c in at.caption)


def test_the_plan_ranks_not_working_priorities_among_themselves(db_env, workshop):
    at = open_page(PLAN, workshop)  # the whole room voted working and future themes higher

    labels = [e.label for e in at.expander if e.label[0].isdigit()]
    assert [label.split(" — ")[0] for label in labels] == ["1. I want to know when my carer is coming",
                                                         "2. I want time to talk"]


# -- statements to move: what was typed, whole words first, and empty after the move -----------------------

@pytest.fixture
def agency_wall(db_env):
    with Store(db_env) as store:
        workshop_id = store.create_workshop("Agency").id
        staff = Theme(NOT_WORKING, "I want staff who know me", position=1)
        said = ["Can't get out to the shops anymore since my fall", "The agencies keep changing who comes",
                "The agency is always late", "Agency staff don't know me"]
        statements = [Statement(text, NOT_WORKING, person_ref=f"P{n}", position=n) for n, text in enumerate(said)]
        store.apply(workshop_id, edits.combine("setup", "set up", [edits.create_theme(staff),
                                                                  edits.add_statements(statements, "t")]))
    return workshop_id


def test_finding_statements_to_move_offers_only_those_with_the_words_whole_words_first(db_env, agency_wall):
    at = open_page(WALL, agency_wall, **{"wall-category": NOT_WORKING_BUTTON})
    by_label(at.text_input, "Find statements to move").input("agency").run()

    box = by_label(at.multiselect, "Statements to move")
    assert [o.split(" · ", 1)[1] for o in box.options] == ["The agency is always late", "Agency staff don't know me"]
    assert box.proto.select_all == 0  # no "Select N matches" for Enter to pick
    assert box.proto.filter_mode == validate_select_widget_filter_mode("contains", accept_new_options=False)


def test_the_boxes_are_empty_after_a_move(db_env, agency_wall):
    at = open_page(WALL, agency_wall, **{"wall-category": NOT_WORKING_BUTTON})
    with Store(db_env) as store:
        late = next(s for s in store.statements(agency_wall) if s.text == "The agency is always late")
    by_label(at.text_input, "Find statements to move").input("agency").run()
    by_label(at.multiselect, "Statements to move").set_value([late.id]).run()
    by_label(at.button, "Move").click().run()

    assert not at.exception
    assert by_label(at.multiselect, "Statements to move").value == []
    assert by_label(at.text_input, "Find statements to move").value == ""
    with Store(db_env) as store:
        assert next(s for s in store.statements(agency_wall) if s.id == late.id).theme_id is not None


def test_prioritise_draws_only_the_open_tab_and_keeps_it_in_the_url(workshop):
    """Each tab is a page's worth of work, so only the open one runs; the address says which, so a reload or
    a link opens the same tab, and an unknown tab in the address opens the first."""
    first = open_page(PRIORITISE, workshop)
    assert [h.value for h in first.header] == ["How many said it"]
    voting = open_page(PRIORITISE, workshop, **{"prioritise-tab": "Voting"})
    assert [h.value for h in voting.header] == ["Voting"]  # not "How many said it", nor "Priorities"
    assert voting.query_params["prioritise-tab"] == "Voting"
    unknown = open_page(PRIORITISE, workshop, **{"prioritise-tab": "<b>Results</b>"})
    assert [h.value for h in unknown.header] == ["How many said it"]
