"""The Report page and opening a workshop file, by AppTest against a real store file."""
import json

import pytest
from tests.pages import open_page
from wtfc.sample import open_sample_workshop
from wtfc.store import Store
from wtfc.suggest import suggest_for_workshop
from wtfc.workshop_file import export_workshop



@pytest.fixture
def workshop(db_env):
    with Store(db_env) as store:
        workshop = open_sample_workshop(store)
        store.apply(workshop.id, suggest_for_workshop(store, workshop.id))
        return workshop.id




def test_the_report_page_offers_every_way_out(workshop):
    at = open_page("wtfc/app/report_page.py", workshop)
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Theme spreadsheet (Excel)", "Statements with their themes (CSV)",
                      "Plain report (web page to print or share)", "Workshop file"]


def test_comparing_with_an_earlier_workshop(db_env, workshop):
    with Store(db_env) as store:
        earlier = store.duplicate_workshop(workshop, "Last year")
    at = open_page("wtfc/app/report_page.py", workshop)
    at.selectbox(key="compare-with").set_value(earlier.id)
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) > 0 and len(at.get("plotly_chart")) == 1


def test_a_workshop_file_opens_as_a_new_workshop(db_env, workshop):
    with Store(db_env) as store:
        data = export_workshop(store, workshop)
        count = len(store.statements(workshop))
    at = open_page("wtfc/app/workshops_page.py")
    at.file_uploader(key="workshop-file").set_value(("sample.wtfc.json", data, "application/json"))
    at.run()
    next(b for b in at.button if b.label == "Open it").click()
    at.run()
    assert not at.exception
    with Store(db_env) as store:
        imported = store.find_workshop("Sample homecare workshop (imported)")
        assert imported is not None and len(store.statements(imported.id)) == count
        assert at.query_params["workshop"] == imported.id


def test_a_broken_workshop_file_is_refused_and_nothing_is_added(db_env, workshop):
    at = open_page("wtfc/app/workshops_page.py")
    broken = json.dumps({"format": "wtfc-workshop", "version": 99}).encode()
    at.file_uploader(key="workshop-file").set_value(("old.json", broken, "application/json"))
    at.run()
    next(b for b in at.button if b.label == "Open it").click()
    at.run()
    assert at.error and at.error[0].value.startswith("old.json: ")
    with Store(db_env) as store:
        assert len(store.workshops()) == 1
