"""Small files that would exhaust the machine and workshop files that would crash or poison the store: each is
refused with one plain message, through the Gather or Workshops page and through the command line, and the
store file's full SQL dump is the same after as before. The files are built small (tests/hostile_files.py);
benchmarks/hostile.py runs them full size and measures seconds and memory.
"""
from __future__ import annotations

import csv

import pytest

from tests.hostile_files import (POISONED, deeply_nested, dump, far_cell_workbook, long_number, poisoned,
                                 shared_string_workbook, sound_workshop_file, unreplayable, wide_header_csv,
                                 wide_row_csv, workshop_bytes)
from tests.conftest import ROOT
from tests.pages import by_label, open_page
from wtfc import gather
from wtfc.cli import main as cli
from wtfc.reading import MAX_COLUMNS, MAX_FILE_BYTES, MAX_TEXT_CHARS, read_tables
from wtfc.store import Store
from wtfc.workshop_file import MAX_DEPTH, import_workshop
from wtfc.workshop_file import MAX_FILE_BYTES as MAX_WORKSHOP_FILE_BYTES

GOOD = b"Person ref,Statement,Category\r\nP1,The carers are kind,working\r\n"
TOO_MUCH_TEXT = f"holds more than {MAX_TEXT_CHARS:,} characters of text, over the limit for one import"
TOO_WIDE = f"has more than {MAX_COLUMNS:,} columns"

# Each: the file's name, how to build it, and the plain message it gets.
SPREADSHEETS = {
    "one shared string in every row": ("shared.xlsx", lambda: shared_string_workbook(1_100), TOO_MUCH_TEXT),
    "one cell over the text limit": ("cell.csv", lambda: b'Statement,Category\r\n"' + b"a" * (MAX_TEXT_CHARS + 1)
                                     + b'",working\r\n', TOO_MUCH_TEXT),
    "30,000 repeated rows in 12 KB": ("repeated.xlsx", lambda: far_cell_workbook(30_000),
                                      "would unpack to 2.2 MB, 194 times its size"),
    "a header of 1,001 named columns": ("header.csv", lambda: wide_header_csv(MAX_COLUMNS + 1),
                                        f"{TOO_WIDE} (row 1)"),
    "a header of 20,000 blank columns": ("blank.csv", lambda: wide_header_csv(20_000, named=False) + b"a,b," * 10_000,
                                         f"{TOO_WIDE} (row 3)"),
    "one very wide row": ("wide.csv", lambda: wide_row_csv(200, 20_000), f"{TOO_WIDE} (row 202)"),
}


@pytest.fixture
def workshop(db_env):
    """A workshop holding one statement, in the store the pages use, so "unchanged" is not trivially empty."""
    with Store(db_env) as store:
        workshop_id = store.create_workshop("Spring reviews").id
        gather.import_preview(store, workshop_id, gather.preview_file(store, workshop_id, GOOD, "first.csv"))
    return workshop_id


@pytest.mark.parametrize("case", SPREADSHEETS)
def test_the_gather_page_refuses_a_file_that_would_exhaust_the_machine(case, db_env, workshop):
    filename, build, message = SPREADSHEETS[case]
    at = open_page("wtfc/app/gather_page.py", workshop)
    before = dump(db_env)
    at.file_uploader[0].set_value((filename, build(), "text/csv"))
    at.run()
    assert not at.exception
    [error] = at.error
    assert error.value.startswith(f'{filename}: "{filename}"') and message in error.value
    assert dump(db_env) == before


@pytest.mark.parametrize("case", SPREADSHEETS)
def test_the_command_line_refuses_a_file_that_would_exhaust_the_machine(case, tmp_path, capsys):
    filename, build, message = SPREADSHEETS[case]
    db, good, bad = tmp_path / "cli.sqlite", tmp_path / "good.csv", tmp_path / filename
    good.write_bytes(GOOD)
    bad.write_bytes(build())
    assert cli(["import", str(good), "--workshop", "Spring", "--db", str(db)]) == 0
    before = dump(db)
    capsys.readouterr()
    assert cli(["import", str(bad), "--workshop", "Spring", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert cli(["import", str(bad), "--workshop", "New one", "--db", str(db)]) == 2
    assert dump(db) == before


def test_the_command_line_refuses_a_file_over_the_size_limit_before_reading_it(tmp_path, capsys):
    db, big = tmp_path / "cli.sqlite", tmp_path / "year.csv"
    with big.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # a sparse file: its size is known, its bytes never written
    assert cli(["import", str(big), "--workshop", "Spring", "--db", str(db)]) == 2
    assert '"year.csv" is 50 MB, over the limit of 50 MB for one import' in capsys.readouterr().err
    with Store(db) as store:
        assert store.workshops() == []


def test_one_wide_row_within_the_limit_pads_no_other_row():
    table, = read_tables(wide_row_csv(300, MAX_COLUMNS), "wide.csv")
    assert len(table.columns) == MAX_COLUMNS
    assert {len(cells) for cells in table.rows[:-1]} == {3}  # each row as long as what it holds
    assert len(table.rows[-1]) == MAX_COLUMNS
    assert table.column_values("Column ALL")[-1] == "x" and table.column_values("Column ALL")[0] == ""


def test_an_empty_cell_far_to_the_right_of_every_row_costs_nothing(db_env, workshop):
    tables = read_tables(far_cell_workbook(50), "far.xlsx")
    assert [len(cells) for cells in tables[0].rows] == [2] * 50  # not 16,384 cells a row
    with Store(db_env) as store:
        preview = gather.preview_file(store, workshop, far_cell_workbook(50), "far.xlsx")
    assert len(preview.rows) == 50 and not preview.problems


def test_a_workbook_whose_shared_string_stays_within_the_limit_is_read():
    rows = MAX_TEXT_CHARS // 5_001 - 1
    table, = read_tables(shared_string_workbook(rows), "shared.xlsx")
    assert len(table.rows) == rows and len(table.rows[0][0]) == 5_000


# --- workshop files -------------------------------------------------------------------------------

def sound(tmp_path) -> dict:
    with Store(tmp_path / "elsewhere.sqlite") as elsewhere:
        return sound_workshop_file(elsewhere)


# Each: how to build the file from a sound one, and what the message says.
WORKSHOP_FILES = {
    **{case: (lambda document, case=case: workshop_bytes(poisoned(document, case)), expected)
       for case, expected in [
           ("source_row 10**30", "statement 1, “source_row”: should be 9,223,372,036,854,775,807 or less"),
           ("seq 2**63", "edit 4, “seq”: should be 9,223,372,036,854,775,807 or less"),
           ("review_date not-a-date", "statement 1, “review_date”: should be a date written like 2025-03-31"),
           ("action due garbage", "action 1, “due”: should be a date written like 2025-03-31"),
           ("edit created_at yesterday", "edit 4, “created_at”: should be a date and time written like"),
           ("workshop created_at yesterday", "“workshop”, “created_at”: should be a date and time written"),
           ("settings redact_names 5", "“workshop”, “settings”, “redact_names”: should be a list, not a whole"),
       ]},
    "5,000-digit number": (lambda _: long_number(5_000), "it holds a number 5,000 digits long"),
    "200,000-deep nesting": (lambda _: deeply_nested(200_000), f"nested more than {MAX_DEPTH} deep"),
    "edit log that does not match the rows": (lambda document: workshop_bytes(unreplayable(document)),
                                              "history does not match its contents: edit 4 could not be undone"),
    "over the size limit": (lambda document: workshop_bytes(document) + b" " * MAX_WORKSHOP_FILE_BYTES,
                            "over the limit of 10 MB for a workshop file"),
}


def test_every_poisoned_value_is_tested():
    assert set(POISONED) <= set(WORKSHOP_FILES)


def test_the_sound_file_the_poisoned_ones_start_from_imports_and_undoes_to_the_start_and_back(tmp_path, store):
    imported = import_workshop(store, workshop_bytes(sound(tmp_path)))
    statements, actions = store.statements(imported.id), store.actions(imported.id)
    assert len(statements) == 6 and len(actions) == 1
    while store.undo(imported.id) is not None:
        pass
    assert store.statements(imported.id) == [] and store.actions(imported.id) == []
    while store.redo(imported.id) is not None:
        pass
    assert store.statements(imported.id) == statements and store.actions(imported.id) == actions


@pytest.mark.parametrize("case", WORKSHOP_FILES)
def test_the_workshops_page_refuses_a_workshop_file_that_would_crash_or_poison(case, tmp_path, db_env, workshop):
    build, message = WORKSHOP_FILES[case]
    data = build(sound(tmp_path))
    at = open_page("wtfc/app/workshops_page.py")
    before = dump(db_env)
    at.file_uploader(key="workshop-file").set_value(("shared.json", data, "application/json"))
    at.run()
    by_label(at.button, "Open it").click()
    at.run()
    assert not at.exception
    [error] = at.error
    assert error.value.startswith("shared.json: ") and message in error.value
    assert dump(db_env) == before


@pytest.mark.parametrize("case", WORKSHOP_FILES)
def test_the_command_line_refuses_a_workshop_file_that_would_crash_or_poison(case, tmp_path, capsys):
    build, message = WORKSHOP_FILES[case]
    file, db = tmp_path / "shared.json", tmp_path / "cli.sqlite"
    file.write_bytes(build(sound(tmp_path)))
    with Store(db) as store:
        store.create_workshop("Already here")
    before = dump(db)
    assert cli(["import-workshop", str(file), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert dump(db) == before



def test_rows_shorter_than_the_header_go_through_the_theming_command_with_blank_cells(tmp_path):
    """Rows keep only their cells up to the last one filled, so every reader of a table reads past the end as
    blank: here a "Notes" column only one row fills."""
    source = (ROOT / "sample_data" / "homecare_reviews.csv").read_text(encoding="utf-8-sig").splitlines()
    noted = [source[0] + ",Notes", source[1] + ",Seen twice", *source[2:]]
    (tmp_path / "noted.csv").write_text("\n".join(noted) + "\n", encoding="utf-8")
    out = tmp_path / "themed.csv"
    assert cli(["themes", str(tmp_path / "noted.csv"), "--out", str(out), "--category-column", "Category"]) == 0
    with out.open(encoding="utf-8-sig", newline="") as file:
        themed = list(csv.DictReader(file))
    assert len(themed) == len(source) - 1
    assert [row["Notes"] for row in themed] == ["Seen twice"] + [""] * (len(themed) - 1)
