"""Understand and plan, and the priority list, run by AppTest against a real store file."""
from __future__ import annotations

import pytest
from tests.pages import by_label, open_page
from wtfc import edits
from wtfc.model import NOT_WORKING, PROVIDER, WORKING, Action, Statement, Theme, VotingRound
from wtfc.store import Store

PLAN = "wtfc/app/plan_page.py"
PROVIDER_VIEW = {"plan-view": "Provider session"}  # as the URL keeps it





@pytest.fixture
def workshop(db_env):
    """Two "not working" themes (one with more statements) and a working one; provider votes for the smaller."""
    with Store(db_env) as store:
        workshop_id = store.create_workshop("Plan").id
        late = Theme(category=NOT_WORKING, name="I want to know when my carer is coming", position=1)
        rushed = Theme(category=NOT_WORKING, name="I want time to talk", position=2)
        kind = Theme(category=WORKING, name="My carers are kind", position=3)
        statements = [Statement(text=f"late {i}", category=NOT_WORKING, person_ref=f"P{i}", theme_id=late.id)
                      for i in range(3)]
        statements += [Statement(text="rushed", category=NOT_WORKING, person_ref="P9", theme_id=rushed.id),
                       Statement(text="kind", category=WORKING, person_ref="P1", theme_id=kind.id)]
        store.apply(workshop_id, edits.combine("setup", "set up", [edits.create_themes([late, rushed, kind]),
                                                                  edits.add_statements(statements, "t")]))
        voting = VotingRound(session=PROVIDER, ballot=(late.id, rushed.id), dots=3)
        store.apply(workshop_id, edits.open_round(voting))
        store.apply(workshop_id, edits.record_tally(voting, [], {rushed.id: 5, late.id: 1}))
    return workshop_id


def themes(db_env, workshop_id):
    with Store(db_env) as store:
        return {t.name: t for t in store.themes(workshop_id)}


def test_causes_success_and_actions_are_recorded_as_edits(db_env, workshop):
    at = open_page(PLAN, workshop, **PROVIDER_VIEW)
    late = themes(db_env, workshop)["I want to know when my carer is coming"]
    at.text_input(key=f"cause-box-{late.id}").input("The rota changes every week")
    at.button(key=f"FormSubmitter:cause-{late.id}-Add the answer").click()
    at.run()
    at.text_input(key=f"cause-box-{late.id}").input("Calls are planned a day ahead")
    at.button(key=f"FormSubmitter:cause-{late.id}-Add the answer").click()
    at.run()
    at.text_area(key=f"success-box-{late.id}").input("I get a rota for the week every Friday")
    at.button(key=f"FormSubmitter:success-{late.id}-Save").click()
    at.run()
    at.text_input(key=f"action-what-{late.id}").input("Send each person their weekly rota")
    at.text_input(key=f"action-who-{late.id}").input("Office manager")
    at.selectbox(key=f"action-level-{late.id}").set_value("provider")
    at.button(key=f"FormSubmitter:new-action-{late.id}-Add action").click()
    at.run()
    assert not at.exception
    with Store(db_env) as store:
        plan = store.plans(workshop)[late.id]
        assert plan.causes == ("The rota changes every week", "Calls are planned a day ahead")
        assert plan.success == "I get a rota for the week every Friday"
        (action,) = store.actions(workshop)
        assert (action.description, action.owner, action.level) == ("Send each person their weekly rota",
                                                                    "Office manager", "provider")
        assert [r.kind for r in store.history(workshop)[-4:]] == ["add cause", "add cause", "success", "add action"]
        store.undo(workshop)
        assert store.actions(workshop) == []


def test_an_empty_action_is_refused_in_plain_words(db_env, workshop):
    at = open_page(PLAN, workshop, **PROVIDER_VIEW)
    late = themes(db_env, workshop)["I want to know when my carer is coming"]
    at.button(key=f"FormSubmitter:new-action-{late.id}-Add action").click()
    at.run()
    assert any("what the action is" in e.value for e in at.error)


def test_the_provider_session_sees_its_own_priorities_and_provider_actions(db_env, workshop):
    with Store(db_env) as store:
        rushed = next(t for t in store.themes(workshop) if t.name == "I want time to talk")
        store.apply(workshop, edits.add_action(rushed, Action(rushed.id, "Longer calls", level="commissioner")))
        store.apply(workshop, edits.add_action(rushed, Action(rushed.id, "Rota with travel time", level="provider")))
    at = open_page(PLAN, workshop)
    at.segmented_control(key="plan-view").set_value("Provider session")
    at.run()
    headings = [e.label for e in at.expander]
    # Provider votes put the smaller theme first: how much it matters, not how many said it.
    assert headings[0].startswith("1. I want time to talk — 1 statement, 5 votes")
    shown = at.dataframe[0].value
    assert list(shown["What"]) == ["Rota with travel time"]


def test_marking_a_working_theme_as_a_strength(db_env, workshop):
    at = open_page(PLAN, workshop)
    kind = themes(db_env, workshop)["My carers are kind"]
    at.toggle(key=f"strength-{kind.id}").set_value(True)
    at.run()
    with Store(db_env) as store:
        assert store.plans(workshop)[kind.id].strength


def test_a_cause_is_reworded_in_place(db_env, workshop):
    late = themes(db_env, workshop)["I want to know when my carer is coming"]
    with Store(db_env) as store:
        store.apply(workshop, edits.add_cause(late, None, "The rota changes"))
        store.apply(workshop, edits.add_cause(late, store.plans(workshop)[late.id], "Nobody plans ahead"))
    at = open_page(PLAN, workshop, **PROVIDER_VIEW)
    at.text_input(key=f"edit-cause-box-{late.id}-2").input("Calls are planned on the day")
    at.button(key=f"FormSubmitter:edit-cause-{late.id}-2-Save").click()
    at.run()
    assert not at.exception
    with Store(db_env) as store:
        assert store.plans(workshop)[late.id].causes == ("The rota changes", "Calls are planned on the day")
        assert store.history(workshop)[-1].kind == "edit cause"


def test_a_strength_changed_elsewhere_meanwhile_is_refused_in_plain_words(db_env, workshop):
    at = open_page(PLAN, workshop)
    kind = themes(db_env, workshop)["My carers are kind"]
    with Store(db_env) as store:  # another facilitator marks it while this page is open
        store.apply(workshop, edits.mark_strength(kind, None, True))
    at.toggle(key=f"strength-{kind.id}").set_value(True)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == ["That item already exists; nothing was changed."]
    with Store(db_env) as store:
        assert [r.kind for r in store.history(workshop)].count("strength") == 1


def test_the_priority_list_shows_both_figures_and_takes_a_placing_with_a_reason(db_env, workshop):
    at = open_page("wtfc/app/priorities_page.py", workshop, **{"prioritise-tab": "Priority list"})
    by_label(at.selectbox, "Session").set_value("provider")
    at.run()
    table = next(d.value for d in at.dataframe if "How much it matters (votes)" in d.value.columns)
    assert list(table["Theme"][:2]) == ["I want time to talk", "I want to know when my carer is coming"]
    assert list(table["How many said it (statements)"][:2]) == [1, 3]
    assert list(table["How much it matters (votes)"][:2]) == [5, 1]

    late = themes(db_env, workshop)["I want to know when my carer is coming"]
    by_label(at.selectbox, "Theme").set_value(late.id)
    by_label(at.text_input, "Why (shown beside it)").input("It affects everyone")
    by_label(at.button, "Place it").click()
    at.run()
    assert not at.exception
    table = next(d.value for d in at.dataframe if "How much it matters (votes)" in d.value.columns)
    assert table["Theme"][0] == "I want to know when my carer is coming"
    assert table["Placed by hand"][0] == "from 2 — It affects everyone"
    with Store(db_env) as store:
        (placing,) = store.priority_overrides(workshop, "provider")
        assert (placing.theme_id, placing.rank, placing.reason) == (late.id, 1, "It affects everyone")
