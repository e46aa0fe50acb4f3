"""Who spoke: a council's wide workbook says it in a column such as "Review completed with" (Son, Wife,
Care worker, Social worker…). It is read, and a column that looks like it but is not read is pointed out
in the preview before anything is saved."""
from __future__ import annotations

import dataclasses

import pytest

from tests.council_workbook import PERSPECTIVE_HEADER, REVIEWS, council_workbook, expected_split
from tests.pages import by_label, open_page
from wtfc.cli import main
from wtfc.columns import guess_mapping, normalise_perspective
from wtfc.importer import preview_import
from wtfc.store import Store


def test_the_review_completed_with_column_gives_each_statement_its_perspective():
    preview = preview_import(council_workbook(), "reviews.xlsx")

    assert preview.mapping.layout == "wide" and preview.mapping.perspective == PERSPECTIVE_HEADER
    assert not preview.problems and len(preview.rows) == 3 * REVIEWS
    assert preview.by_perspective == expected_split()
    assert preview.by_perspective["family/carer"] > 0 and preview.by_perspective["staff"] > 0
    assert preview.perspective_lookalikes == ()


@pytest.mark.parametrize("header", ["Review completed with", "Completed with", "Relationship to person",
                                    "Who was present", "Whose views"])
def test_usual_headers_for_who_spoke_are_recognised(header):
    assert guess_mapping(["Review ID", header, "What's working"]).perspective == header


@pytest.mark.parametrize("value, perspective", [
    ("Son", "family/carer"), ("Wife", "family/carer"), ("Husband", "family/carer"), ("Partner", "family/carer"),
    ("Neighbour", "family/carer"), ("Friend", "family/carer"), ("Mum", "family/carer"), ("Dad", "family/carer"),
    ("Granddaughter", "family/carer"), ("Son (lives nearby)", "family/carer"),
    ("Care worker", "staff"), ("Support worker", "staff"), ("Manager", "staff"), ("Agency care worker", "staff"),
    ("Social worker", "other"), ("Nurse", "other"), ("OT", "other"), ("Reviewing officer", "other"),
    ("Self", "person"), ("Homecare North", None), ("Reviewer Alpha", None),
])
def test_relationships_and_roles_are_read_as_perspectives(value, perspective):
    assert normalise_perspective(value) == perspective


def test_a_column_that_looks_like_who_spoke_but_is_not_read_is_pointed_out():
    preview = preview_import(council_workbook(perspective_header="Attendee"), "reviews.xlsx")

    assert preview.mapping.perspective is None
    assert preview.perspective_lookalikes == ("Attendee",)  # not Provider, Locality or Reviewer
    assert preview.by_perspective == {"person": 3 * REVIEWS, "family/carer": 0, "staff": 0, "other": 0}

    chosen = preview_import(council_workbook(perspective_header="Attendee"), "reviews.xlsx",
                            dataclasses.replace(preview.mapping, perspective="Attendee"))
    assert chosen.by_perspective == expected_split() and chosen.perspective_lookalikes == ()

    declined = preview_import(council_workbook(perspective_header="Attendee"), "reviews.xlsx",
                              dataclasses.replace(preview.mapping, no_perspective=True))
    assert declined.perspective_lookalikes == () and declined.by_perspective["person"] == 3 * REVIEWS


# -- the Gather page asks, and shows the split, before anything is saved ----------------------------------

def upload(db_env, workbook: bytes):
    with Store(db_env) as store:
        workshop_id = store.create_workshop("Council reviews").id
    at = open_page("wtfc/app/gather_page.py", workshop_id)
    at.file_uploader[0].set_value(("reviews.xlsx", workbook,
                                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    at.run()
    assert not at.exception
    return at, workshop_id


def split_shown(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Whose view:**"))


def test_the_preview_shows_whose_view_each_statement_is_before_saving(db_env):
    at, workshop_id = upload(db_env, council_workbook())
    split = expected_split()

    assert split_shown(at) == (f"**Whose view:** Person {split['person']} · Family or carer {split['family/carer']}"
                               f" · Staff {split['staff']} · Other {split['other']}")
    assert not at.warning


def test_the_preview_asks_about_a_column_that_looks_like_who_spoke(db_env):
    at, workshop_id = upload(db_env, council_workbook(perspective_header="Attendee"))
    assert "“Attendee” looks like it says who each review was done with" in at.warning[0].value
    assert by_label(at.button, f"Import {3 * REVIEWS} statements").disabled  # not before the answer

    by_label(at.button, "Use “Attendee”").click()
    at.run()
    assert not at.warning
    by_label(at.button, f"Import {3 * REVIEWS} statements").click()
    at.run()
    assert not at.exception
    with Store(db_env) as store:
        saved = store.statements(workshop_id)
    assert {p: sum(s.perspective == p for s in saved) for p in expected_split()} == expected_split()


def test_saying_no_imports_every_statement_as_the_persons_view(db_env):
    at, workshop_id = upload(db_env, council_workbook(perspective_header="Attendee"))
    by_label(at.button, "No, every statement is the person's own view").click()
    at.run()
    by_label(at.button, f"Import {3 * REVIEWS} statements").click()
    at.run()
    with Store(db_env) as store:
        assert {s.perspective for s in store.statements(workshop_id)} == {"person"}


# -- the command line says it too --------------------------------------------------------------------------

def test_the_command_line_prints_the_split_by_perspective(tmp_path, capsys):
    (tmp_path / "reviews.xlsx").write_bytes(council_workbook())
    split = expected_split()

    assert main(["import", str(tmp_path / "reviews.xlsx"), "--workshop", "Council", "--db",
                 str(tmp_path / "cli.sqlite")]) == 0
    assert (f"Whose view: person {split['person']}, family or carer {split['family/carer']}, staff {split['staff']}, "
            f"other {split['other']}.") in capsys.readouterr().out


def test_the_command_line_asks_about_a_column_that_looks_like_who_spoke(tmp_path, capsys):
    (tmp_path / "reviews.xlsx").write_bytes(council_workbook(perspective_header="Attendee"))
    db = tmp_path / "cli.sqlite"
    command = ["import", str(tmp_path / "reviews.xlsx"), "--workshop", "Council", "--db", str(db)]

    assert main(command) == 2
    message = capsys.readouterr().err
    assert "“Attendee” looks like it says who each review was done with" in message
    assert '--perspective-column "Attendee"' in message
    with Store(db) as store:
        assert store.find_workshop("Council") is None  # nothing saved

    assert main([*command, "--perspective-column", "Attendee"]) == 0
    with Store(db) as store:
        saved = store.statements(store.find_workshop("Council").id)
    assert {p: sum(s.perspective == p for s in saved) for p in expected_split()} == expected_split()
