"""No personal detail reaches the store, whichever way the words come in.

Each test writes through one way in (a file, a typed review, a correction, a theme, a plan, a vote, the
command line) and then reads the whole SQLite file, every table and the edit log included, for the raw
details. All names, numbers and places are made up (Ofcom drama numbers, the NHS test range).
"""
import io
import json
import sqlite3

import pytest

from tests.test_import import csv_bytes
from wtfc import edits, gather
from wtfc.cli import main as cli
from wtfc.model import NOT_WORKING, PROVIDER, WHOLE_ROOM, Action, Statement, Theme, VotingRound
from wtfc.privacy import PURGED
from wtfc.store import StoreError
from wtfc.workshop_file import export_workshop, import_workshop

PHONE, PHONE_DOTTED, NHS, POSTCODE = "07700 900556", "07700.900.321", "943 476 5919", "LS1 4AP"
TITLED, LISTED = "Mrs Okonkwo-Bright", "Zebedee"
FILE_NAME = "Reviews for Mrs Okonkwo-Bright 07700900111.csv"
# Every raw form a detail above may take, as it must never appear in the file.
RAW = [PHONE, "07700900556", PHONE_DOTTED, "07700900321", NHS, "9434765919", POSTCODE, "Okonkwo", "Bright",
       "07700900111", LISTED, "03.04.1948", "Patel"]


def dump(db_path) -> str:
    """The whole store file as SQL text: every table, the edit log and the settings."""
    with sqlite3.connect(db_path) as db:
        return "\n".join(db.iterdump())


def assert_no_detail(db_path):
    # The names-to-remove list holds the listed name, as a JSON string, in the settings and in the edit that
    # added it; nowhere else may it appear.
    text = dump(db_path).replace(f'"{LISTED}"', "")
    leaked = [raw for raw in RAW if raw.casefold() in text.casefold()]
    assert leaked == [], f"stored verbatim: {leaked}"


@pytest.fixture
def workshop(store):
    workshop = store.create_workshop("Spring reviews")
    gather.add_names_to_redact(store, workshop.id, [LISTED])
    return workshop.id


REVIEW_ROWS = [["Person ref", "Statement", "Category", "Service", "Area"],
               [NHS, f"Ring my son on {PHONE_DOTTED}, he knows", "not working", f"Visits by Mrs Patel {PHONE}",
                POSTCODE],
               ["P2", f"{LISTED} b. 03.04.1948 likes the garden", "working", "Homecare North", "Leeds"]]


def test_an_imported_file_and_its_name_leave_no_detail(store, db_path, workshop):
    preview = gather.preview_file(store, workshop, csv_bytes(REVIEW_ROWS), FILE_NAME)
    assert gather.import_preview(store, workshop, preview) == 2
    [record] = [r for r in store.history(workshop) if r.kind == "import"]
    assert record.summary == "Added 2 statements from Reviews for [name] [phone].csv"
    first, second = store.statements(workshop)
    assert (first.service, first.area) == ("Visits by [name] [phone]", "[postcode]")
    assert second.text == "[name] b. [date of birth] likes the garden"
    assert_no_detail(db_path)


def test_a_detail_kept_as_a_false_alarm_in_the_preview_stays(store, workshop):
    rows = [["Statement", "Category"], ["We meet in room 0161 496 0000 on Mondays", "working"]]
    preview = gather.preview_file(store, workshop, csv_bytes(rows), "rooms.csv")
    gather.import_preview(store, workshop, preview, kept_details=[(0, 0)])
    [statement] = store.statements(workshop)
    assert statement.text == "We meet in room 0161 496 0000 on Mondays"
    assert statement.redactions == ()


def test_a_typed_review_leaves_no_detail_in_any_field(store, db_path, workshop):
    saved, person_ref = gather.typed_review(
        store, workshop, person_ref=NHS, perspective="person", service=f"Visits by Mrs Patel {PHONE}",
        area=POSTCODE, statements_by_category={NOT_WORKING: f"{LISTED} rings {PHONE_DOTTED} at night"})
    assert (saved, person_ref) == (1, "Person 1")
    [statement] = store.statements(workshop)
    assert (statement.person_ref, statement.service, statement.area) == ("Person 1", "Visits by [name] [phone]",
                                                                         "[postcode]")
    assert statement.text == "[name] rings [phone] at night"
    assert [r.kind for r in statement.redactions] == ["name", "phone"]
    assert [statement.text[r.start:r.end] for r in statement.redactions] == ["[name]", "[phone]"]
    assert_no_detail(db_path)


def test_people_with_personal_references_are_still_counted_apart(store, workshop):
    for ref in (NHS, PHONE):
        gather.typed_review(store, workshop, person_ref=ref, perspective="person",
                            statements_by_category={NOT_WORKING: "Visits are late"})
    assert sorted(s.person_ref for s in store.statements(workshop)) == ["Person 1", "Person 2"]


def test_a_correction_keeps_earlier_redaction_records_and_adds_new_ones(store, db_path, workshop):
    gather.typed_review(store, workshop, person_ref="P1", perspective="person",
                        statements_by_category={NOT_WORKING: "Mrs Patel is late"})
    [shown] = store.statements(workshop)
    gather.edit_statement(store, workshop, shown, text=f"{shown.text}, ring NHS:9434765919 or {PHONE}",
                          service=f"Care by {TITLED}")
    [statement] = store.statements(workshop)
    assert statement.text == "[name] is late, ring NHS:[NHS number] or [phone]"
    assert [r.kind for r in statement.redactions] == ["name", "NHS number", "phone"]
    assert statement.service == "Care by [name]"
    assert_no_detail(db_path)


def test_theme_names_plans_actions_votes_and_placings_leave_no_detail(store, db_path, workshop):
    theme = Theme(NOT_WORKING, f"I want {TITLED} back")
    store.apply(workshop, edits.create_theme(theme))
    [theme] = store.themes(workshop)
    assert theme.name == "I want [name] back"
    store.apply(workshop, edits.rename_theme(theme, f"I want to ring {PHONE_DOTTED}"))
    [theme] = store.themes(workshop)
    assert theme.name == "I want to ring [phone]"
    store.apply(workshop, edits.add_cause(theme, None, f"Only {LISTED} answers {PHONE}"))
    store.apply(workshop, edits.set_success(theme, store.plans(workshop).get(theme.id), "Mrs Patel rings back"))
    store.apply(workshop, edits.add_action(theme, Action(theme.id, f"Give {POSTCODE} a second car",
                                                         owner=f"Mrs Patel {PHONE}", level=PROVIDER)))
    store.apply(workshop, edits.open_round(VotingRound(WHOLE_ROOM, (theme.id,), title=f"Vote for {TITLED}")))
    store.apply(workshop, edits.set_priority(theme, WHOLE_ROOM, 1, f"{LISTED} said so, NHS#9434765919", []))
    plan = store.plans(workshop)[theme.id]
    assert (plan.causes, plan.success) == (("Only [name] answers [phone]",), "[name] rings back")
    [action] = store.actions(workshop)
    assert (action.description, action.owner) == ("Give [postcode] a second car", "[name] [phone]")
    assert store.rounds(workshop)[0].title == "Vote for [name]"
    assert store.priority_overrides(workshop)[0].reason == "[name] said so, NHS#[NHS number]"
    assert_no_detail(db_path)
    assert store.undo(workshop) and store.undo(workshop)  # what the log keeps undoes and redoes as before
    assert store.redo(workshop) and store.redo(workshop)
    assert store.priority_overrides(workshop)[0].reason == "[name] said so, NHS#[NHS number]"


def test_a_name_added_to_the_list_is_removed_from_the_edit_that_adds_it(store, workshop):
    settings = store.settings(workshop)
    store.apply(workshop, edits.combine("settings", "Added Quentin and his statement", [
        edits.update_settings(settings, redact_names=[*settings["redact_names"], "Quentin"]),
        edits.add_statements([Statement("Quentin is kind", NOT_WORKING)], "")]))
    assert store.statements(workshop)[0].text == "[name] is kind"
    assert store.history(workshop)[-1].summary == "Added [name] and his statement"


def test_the_command_line_import_leaves_no_detail(tmp_path, db_path, capsys):
    path = tmp_path / FILE_NAME
    path.write_bytes(csv_bytes(REVIEW_ROWS))
    assert cli(["import", str(path), "--workshop", "Spring", "--redact-name", LISTED, "--db", str(db_path)]) == 0
    assert_no_detail(db_path)
    assert "Added 2 statements from Reviews for [name] [phone].csv" in dump(db_path)


# --- removing a detail everywhere -------------------------------------------------------------------

def leaked_detail(store, workshop, detail_in_text="ring Dilys on 0161 496 0000"):
    """A statement the facilitator let through (the preview's "not personal, keep it"), then worked with."""
    rows = [["Statement", "Category"], [f"Please {detail_in_text} about the rota", "not working"]]
    preview = gather.preview_file(store, workshop, csv_bytes(rows), "rota.csv")
    gather.import_preview(store, workshop, preview, kept_details=[(0, i) for i in range(len(preview.rows[0].findings))])
    [statement] = store.statements(workshop)
    theme = Theme(NOT_WORKING, "I want Dilys to answer")
    store.apply(workshop, edits.create_theme(theme))
    store.apply(workshop, edits.move_statements([statement], theme))
    store.apply(workshop, edits.add_action(theme, Action(theme.id, "Dilys gets a second phone: 0161-496-0000")))
    gather.edit_statement(store, workshop, store.statements(workshop)[0], text=statement.text + ", Dilys says")
    return statement.id


def test_a_purged_detail_is_gone_from_every_row_and_the_whole_history(store, db_path, workshop):
    leaked_detail(store, workshop)
    assert "Dilys" in dump(db_path)
    places = gather.purge_detail(store, workshop, "dilys", author="Sam")
    assert places >= 6
    text = dump(db_path)
    assert "dilys" not in text.casefold()
    # (the correction checked the whole text again, so the number kept at import is now taken out too)
    assert store.statements(workshop)[0].text == ("Please ring [personal detail] on [phone] about the rota, "
                                                  "[personal detail] says")
    assert [r.kind for r in store.statements(workshop)[0].redactions] == [PURGED, "phone", PURGED]
    assert store.themes(workshop)[0].name == "I want [personal detail] to answer"
    last = store.history(workshop)[-1]
    assert (last.summary, last.author) == (f"Removed a personal detail everywhere ({places} places)", "Sam")


def test_a_purged_number_is_found_however_it_was_spaced(store, db_path, workshop):
    leaked_detail(store, workshop)
    gather.purge_detail(store, workshop, "01614960000")
    text = dump(db_path)
    assert "0161 496 0000" not in text and "0161-496-0000" not in text and "01614960000" not in text


def test_undo_and_redo_still_work_after_a_purge_and_never_bring_the_detail_back(store, db_path, workshop):
    leaked_detail(store, workshop)
    gather.purge_detail(store, workshop, "Dilys")
    assert store.can_undo(workshop)
    undone = store.undo(workshop)  # the correction before the purge; the purge itself cannot be undone
    assert undone.kind == "edit statement"
    assert store.statements(workshop)[0].text == "Please ring [personal detail] on 0161 496 0000 about the rota"
    while store.undo(workshop):
        pass
    assert store.statements(workshop) == [] and store.themes(workshop) == []
    while store.redo(workshop):
        pass
    assert store.themes(workshop)[0].name == "I want [personal detail] to answer"
    assert "dilys" not in dump(db_path).casefold()


def test_a_purge_needs_a_whole_detail(store, workshop):
    leaked_detail(store, workshop)
    before = dump(store.path)
    with pytest.raises(StoreError, match="at least 3 letters or digits"):
        gather.purge_detail(store, workshop, " D. ")
    assert dump(store.path) == before


def test_a_name_still_on_the_list_stays_on_it_and_leaves_the_history_once_taken_off(store, db_path, workshop):
    gather.add_names_to_redact(store, workshop, ["Dilys"])
    gather.purge_detail(store, workshop, "Dilys")
    assert gather.names_to_redact(store, workshop) == [LISTED, "Dilys"]
    gather.remove_names_to_redact(store, workshop, ["Dilys"])
    assert gather.names_to_redact(store, workshop) == [LISTED]
    assert "Dilys" in dump(db_path)  # the history of the list still holds it …
    gather.purge_detail(store, workshop, "Dilys")
    assert "Dilys" not in dump(db_path)  # … until it is purged
    while store.undo(workshop):
        pass
    assert gather.names_to_redact(store, workshop) == []


def test_the_command_line_purges_a_detail_read_from_standard_input(tmp_path, db_path, capsys, monkeypatch):
    path = tmp_path / "rota.csv"
    path.write_bytes(csv_bytes([["Statement", "Category"], ["Dilys is always late", "not working"]]))
    assert cli(["import", str(path), "--workshop", "Spring", "--db", str(db_path)]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("Dilys\n"))
    assert cli(["purge", "Spring", "--db", str(db_path)]) == 0
    assert "in 2 places" in capsys.readouterr().out  # the statement and the import in the history
    assert "Dilys" not in dump(db_path)
    assert "Removed a personal detail everywhere (2 places)" in dump(db_path)


def test_the_command_line_refuses_a_too_short_detail_with_exit_code_2(tmp_path, db_path, capsys):
    path = tmp_path / "rota.csv"
    path.write_bytes(csv_bytes([["Statement", "Category"], ["Dilys is always late", "not working"]]))
    cli(["import", str(path), "--workshop", "Spring", "--db", str(db_path)])
    before = dump(db_path)
    assert cli(["purge", "Spring", "--detail", "Di", "--db", str(db_path)]) == 2
    assert "at least 3 letters or digits" in capsys.readouterr().err
    assert dump(db_path) == before


# --- the names to remove leave the machine only when asked ---------------------------------------------

def test_the_workshop_file_leaves_out_the_names_to_remove_unless_asked(store, workshop):
    gather.add_names_to_redact(store, workshop, ["Dilys Price"])
    gather.typed_review(store, workshop, person_ref="P1", perspective="person",
                        statements_by_category={NOT_WORKING: "Dilys is late"})
    plain = export_workshop(store, workshop).decode()
    assert LISTED not in plain and "Dilys" not in plain
    assert json.loads(plain)["workshop"]["settings"] == {}
    with_names = json.loads(export_workshop(store, workshop, include_names=True))
    assert with_names["workshop"]["settings"]["redact_names"] == [LISTED, "Dilys Price"]
    # the file without the names still opens elsewhere with a history that undoes to the start
    copy = import_workshop(store, plain.encode(), "Copy")
    assert store.statements(copy.id)[0].text == "[name] is late"
    while store.undo(copy.id):
        pass
    assert store.statements(copy.id) == [] and store.settings(copy.id) == {}


def test_the_command_line_export_takes_names_only_with_include_names(tmp_path, db_path):
    path = tmp_path / "rota.csv"
    path.write_bytes(csv_bytes([["Statement", "Category"], ["Dilys is always late", "not working"]]))
    cli(["import", str(path), "--workshop", "Spring", "--redact-name", "Dilys", "--db", str(db_path)])
    cli(["export", "Spring", "--json", str(tmp_path / "plain.json"), "--db", str(db_path)])
    cli(["export", "Spring", "--json", str(tmp_path / "named.json"), "--include-names", "--db", str(db_path)])
    assert "Dilys" not in (tmp_path / "plain.json").read_text()
    assert json.loads((tmp_path / "named.json").read_text())["workshop"]["settings"]["redact_names"] == ["Dilys"]


def test_a_workshop_file_written_elsewhere_is_cleared_in_its_rows_and_history_alike(store, db_path, workshop):
    gather.typed_review(store, workshop, person_ref="P1", perspective="person",
                        statements_by_category={NOT_WORKING: "Visits are late"})
    theme = Theme(NOT_WORKING, "I want visits on time")
    store.apply(workshop, edits.create_theme(theme))
    store.apply(workshop, edits.move_statements(store.statements(workshop), theme))
    # A file edited by hand (or by an older tool): the same detail in the rows, the log's rows and a summary.
    document = export_workshop(store, workshop).decode()
    document = (document.replace("Visits are late", f"Visits are late, ring {PHONE}")
                .replace("I want visits on time", f"I want {TITLED} on time"))
    copy = import_workshop(store, document.encode(), "From elsewhere").id
    assert store.statements(copy)[0].text == "Visits are late, ring [phone]"
    assert [r.kind for r in store.statements(copy)[0].redactions] == ["phone"]
    assert store.themes(copy)[0].name == "I want [name] on time"
    assert_no_detail(db_path)
    while store.undo(copy):
        pass
    assert store.statements(copy) == [] and store.themes(copy) == []
    while store.redo(copy):
        pass
    assert store.themes(copy)[0].name == "I want [name] on time"


def test_a_workshop_name_is_cleared_too(store, db_path):
    assert store.create_workshop(f"Reviews for {TITLED} {PHONE}").name == "Reviews for [name] [phone]"
    assert_no_detail(db_path)
