"""The pages, run by Streamlit's AppTest against a real store file (no browser)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from wtfc.app.common import HISTORY_OPEN
from wtfc.store import Store

APP = str(ROOT / "streamlit_app.py")

FILE_WITH_PROBLEMS = (
    "Person,Name,Category,Statement\n"
    "P1,Ada Lovelace,What's working,Ada likes her carer Sam\n"
    "P1,Ada Lovelace,Not working,Calls are too short\n"
    "P2,Bob Smith,Sometimes,This category is not one we know\n"
    "P2,Bob Smith,Future,n/a\n"
).encode()


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


def by_label(widgets, label):
    return next(w for w in widgets if w.label == label)


def metric_total(at: AppTest) -> int:
    return sum(int(m.value) for m in at.metric[:3])


@pytest.fixture
def app(db_env) -> AppTest:
    at = new_app()
    at.run()
    assert not at.exception
    return at


def import_test_file(at: AppTest) -> None:
    """Upload the file with problems and import its two good statements."""
    at.file_uploader[0].set_value(("reviews.csv", FILE_WITH_PROBLEMS, "text/csv"))
    at.run()
    by_label(at.button, "Import 2 statements").click()
    at.run()


def create_workshop(at: AppTest, name: str) -> None:
    by_label(at.text_input, "Workshop name").input(name)
    by_label(at.button, "Create workshop").click()
    at.run()


def test_creating_a_workshop_opens_it_on_the_gather_page(app, db_env):
    create_workshop(app, "Spring reviews")
    assert not app.exception
    assert app.title[0].value == "Gather statements: Spring reviews"
    workshop = Store(db_env).find_workshop("Spring reviews")
    assert app.query_params["workshop"] == workshop.id


def test_a_taken_name_is_refused_in_plain_words(app):
    create_workshop(app, "Spring reviews")
    at = new_app()
    at.run()
    create_workshop(at, "spring reviews")
    assert any("already a workshop called" in e.value for e in at.error)


def test_upload_preview_shows_problems_and_confirm_saves_the_good_rows(app, db_env):
    create_workshop(app, "Upload test")
    app.file_uploader[0].set_value(("reviews.csv", FILE_WITH_PROBLEMS, "text/csv"))
    app.run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Statements found"] == "3"
    assert metrics["Rows with problems"] == "1"
    assert metrics["No content"] == "1"
    problems = app.dataframe[0].value
    assert list(problems["Row"]) == [4]
    assert "Sometimes" in problems["Problem"][0]
    # Nothing is saved before confirming.
    workshop = Store(db_env).find_workshop("Upload test")
    assert workshop.statement_count == 0

    by_label(app.button, "Import 2 statements").click()
    app.run()
    assert not app.exception
    statements = Store(db_env).statements(workshop.id)
    assert sorted(s.text for s in statements) == ["Calls are too short", "[name] likes her carer [name]"]
    assert metric_total(app) == 2


def test_a_fresh_session_with_the_same_url_shows_the_same_workshop(app, db_env):
    create_workshop(app, "Kept across refresh")
    workshop_id = app.query_params["workshop"]
    import_test_file(app)

    refreshed = new_app()
    refreshed.query_params["workshop"] = workshop_id
    refreshed.switch_page("wtfc/app/gather_page.py")
    refreshed.run()
    assert not refreshed.exception
    assert refreshed.title[0].value == "Gather statements: Kept across refresh"
    assert metric_total(refreshed) == 2


def test_undo_and_redo_in_the_sidebar(app, db_env):
    create_workshop(app, "Undo test")
    import_test_file(app)
    by_label(app.sidebar.button, "Undo").click()
    app.run()
    assert metric_total(app) == 0
    by_label(app.sidebar.button, "Redo").click()
    app.run()
    assert metric_total(app) == 2


def test_typing_in_a_review_adds_one_statement_per_line_with_names_removed(app, db_env):
    create_workshop(app, "Typed")
    by_label(app.text_input, "Person reference (not their name)").input("P7")
    by_label(app.text_area, "What's working").input("Carers are kind\nMrs Patel helps with shopping")
    by_label(app.text_area, "What's not working").input("Too many different carers")
    by_label(app.button, "Add these statements").click()
    app.run()
    assert not app.exception
    workshop = Store(db_env).find_workshop("Typed")
    texts = {(s.category, s.text) for s in Store(db_env).statements(workshop.id)}
    assert texts == {("working", "Carers are kind"), ("working", "[name] helps with shopping"),
                     ("not working", "Too many different carers")}


def test_the_sample_workshop_loads_in_one_click(app, db_env):
    by_label(app.button, "Try the sample workshop").click()
    app.run()
    assert not app.exception
    assert app.title[0].value == "Gather statements: Sample homecare workshop"
    assert metric_total(app) >= 150


def test_deleting_a_workshop_asks_first(app, db_env):
    create_workshop(app, "To delete")
    at = new_app()
    at.run()
    by_label(at.button, "Delete…").click()
    at.run()
    assert Store(db_env).find_workshop("To delete") is not None
    by_label(at.button, "Yes, delete it").click()
    at.run()
    assert Store(db_env).find_workshop("To delete") is None


def test_saying_no_to_delete_keeps_the_workshop(app, db_env):
    create_workshop(app, "Keep me")
    at = new_app()
    at.run()
    by_label(at.button, "Delete…").click()
    at.run()
    by_label(at.button, "No, keep it").click()
    at.run()
    assert Store(db_env).find_workshop("Keep me") is not None
    assert not [b for b in at.button if b.label == "Yes, delete it"]


def test_rename_and_copy_a_workshop(app, db_env):
    create_workshop(app, "Original")
    at = new_app()
    at.run()
    by_label(at.text_input, "Name of the copy").input("Second go")
    by_label(at.button, "Make a copy").click()
    at.run()
    assert Store(db_env).find_workshop("Second go") is not None
    renames = [t for t in at.text_input if t.label == "New name" and t.value == "Original"]
    renames[0].input("Renamed original")
    at.button(key="FormSubmitter:rename-" + Store(db_env).find_workshop("Original").id + "-Rename").click()
    at.run()
    assert Store(db_env).find_workshop("Renamed original") is not None


def test_correcting_and_removing_a_statement_from_the_list(app, db_env):
    create_workshop(app, "Corrections")
    import_test_file(app)
    workshop = Store(db_env).find_workshop("Corrections")
    first, second = Store(db_env).statements(workshop.id)
    by_label(app.selectbox, "Correct or remove a statement").set_value(first.id)
    app.run()
    by_label(app.text_area, "Statement").input("Calls are far too short")
    by_label(app.button, "Save changes").click()
    app.run()
    assert not app.exception
    assert {s.text for s in Store(db_env).statements(workshop.id)} == {"Calls are far too short", second.text}

    by_label(app.selectbox, "Correct or remove a statement").set_value(second.id)
    app.run()
    by_label(app.button, "Remove this statement").click()
    app.run()
    assert [s.text for s in Store(db_env).statements(workshop.id)] == ["Calls are far too short"]
    assert Store(db_env).history(workshop.id)[-1].summary == "Removed 1 statement"


def test_unrecognised_columns_are_mapped_by_the_facilitator(app, db_env):
    create_workshop(app, "Mapping")
    odd = b"Who said it,Bucket,Words\nP1,working,Lovely carers\nP2,not working,Late calls\n"
    app.file_uploader[0].set_value(("odd.csv", odd, "text/csv"))
    app.run()
    assert any("could not be matched" in w.value for w in app.warning)
    by_label(app.selectbox, "Statement column (one statement per row)").set_value("Words")
    by_label(app.selectbox, "Category column (one statement per row)").set_value("Bucket")
    by_label(app.selectbox, "Person reference column (optional)").set_value("Who said it")
    by_label(app.button, "Use these columns").click()
    app.run()
    assert {m.label: m.value for m in app.metric}["Statements found"] == "2"
    by_label(app.button, "Import 2 statements").click()
    app.run()
    workshop = Store(db_env).find_workshop("Mapping")
    assert sorted((s.person_ref, s.category, s.text) for s in Store(db_env).statements(workshop.id)) == [
        ("P1", "working", "Lovely carers"), ("P2", "not working", "Late calls")]


def test_an_unreadable_upload_gets_one_clear_message_and_saves_nothing(app, db_env):
    create_workshop(app, "Unreadable")
    app.file_uploader[0].set_value(("photo.csv", bytes(range(256)) * 20, "text/csv"))
    app.run()
    assert not app.exception
    assert len(app.error) == 1 and app.error[0].value.startswith("photo.csv: ")
    assert Store(db_env).find_workshop("Unreadable").statement_count == 0


def test_the_history_lists_every_edit_with_who_and_whether_it_was_undone(app, db_env):
    create_workshop(app, "History")
    app.sidebar.text_input[0].input("Sam")
    import_test_file(app)
    by_label(app.sidebar.button, "Undo").click()
    app.run()
    assert not app.sidebar.dataframe  # read and drawn only while open
    app.session_state[HISTORY_OPEN] = True  # as a click on it does
    app.run()
    history = app.sidebar.dataframe[0].value
    assert list(history["What"]) == ["Added 2 statements from reviews.csv (undone)"]
    assert list(history["Who"]) == ["Sam"]
