"""The Gather page's names list and "remove a detail everywhere", run by AppTest against a real store file."""
from __future__ import annotations

from tests.pages import by_label, open_page
from tests.test_privacy_gate import dump
from wtfc import gather
from wtfc.model import NOT_WORKING
from wtfc.store import Store

GATHER = "wtfc/app/gather_page.py"


def a_workshop(db_env) -> str:
    with Store(db_env) as store:
        workshop = store.create_workshop("Spring")
        gather.add_names_to_redact(store, workshop.id, ["Quentin Blake", "Dilys Price"])
        gather.typed_review(store, workshop.id, person_ref="P1", perspective="person",
                            statements_by_category={NOT_WORKING: "Wendell rings 0161 496 0000 too late"})
    return workshop.id


def test_a_name_can_be_taken_off_the_list(db_env):
    workshop = a_workshop(db_env)
    at = open_page(GATHER, workshop)
    by_label(at.multiselect, "Take names off the list").select("Dilys Price")
    by_label(at.button, "Take off the list").click()
    at.run()
    assert not at.exception
    with Store(db_env) as store:
        assert gather.names_to_redact(store, workshop) == ["Quentin Blake"]


def test_a_detail_typed_on_the_page_is_removed_everywhere_and_the_history_does_not_name_it(db_env):
    workshop = a_workshop(db_env)
    assert "Wendell" in dump(db_env)
    at = open_page(GATHER, workshop)
    by_label(at.text_input, "Detail to remove everywhere").input("Wendell")
    by_label(at.button, "Remove it everywhere").click()
    at.run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Removed the detail in 2 places, history included."]
    assert "Wendell" not in dump(db_env)
    with Store(db_env) as store:
        assert store.statements(workshop)[0].text == "[personal detail] rings [phone] too late"
        assert store.history(workshop)[-1].summary == "Removed a personal detail everywhere (2 places)"


def test_a_person_reference_that_is_an_nhs_number_is_replaced_on_the_typed_review_tab(db_env):
    workshop = a_workshop(db_env)
    at = open_page(GATHER, workshop)
    by_label(at.text_input, "Person reference (not their name)").input("NHS:9434765919")
    by_label(at.text_input, "Service (optional)").input("Visits by Mrs Patel 07700 900556")
    by_label(at.text_input, "Area (optional)").input("LS1 4AP")
    by_label(at.text_area, "What's working").input("Carers are kind")
    by_label(at.button, "Add these statements").click()
    at.run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Added 1 statement for Person 1."]
    stored = dump(db_env)
    for raw in ("9434765919", "Patel", "07700 900556", "LS1 4AP"):
        assert raw not in stored
