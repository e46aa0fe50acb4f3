"""Importing review spreadsheets: every way in, and every way a file can be wrong.

All files are built here, in memory or in tmp_path, from made-up statements and names.
"""
import csv
import dataclasses
import io
import struct
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from wtfc.importer import (ColumnMapping, UnreadableFile, confirmed_statements, guess_mapping, normalise_category,
                           normalise_perspective, preview_import, read_tables, split_cell)
from wtfc.model import CATEGORIES

LONG_ROWS = [
    ["Person ref", "Statement", "Category", "Perspective", "Service", "Area", "Review date"],
    ["P-01", "I like my carers", "What's working", "Person", "Homecare North", "Leeds", "05/03/2024"],
    ["P-01", "Visits are often late", "Not working", "Family", "Homecare North", "Leeds", "2024-03-05"],
    ["P-02", "I want to go swimming", "Important for the future", "Support worker", "Homecare South",
     "Bradford", "6 March 2024"],
]
WIDE_ROWS = [
    ["Review ID", "What's working", "What's not working", "Important to me in the future"],
    ["R1", "My garden\nMy cat", "• Late visits\n• Rushed carers", "1. Go to the sea\n2) See my grandson"],
    ["R2", "", "Too many different carers", ""],
]


def csv_bytes(rows, *, delimiter=",", encoding="utf-8"):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(tmp_path, sheets):
    """A workbook written by openpyxl: {sheet title: rows}; a row may be None for a blank row."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for number, row in enumerate(rows, 1):
            for column, value in enumerate(row or [], 1):
                if value is not None:
                    sheet.cell(number, column, value)
    path = tmp_path / "reviews.xlsx"
    workbook.save(path)
    return path.read_bytes()


def texts(preview):
    return [row.statement.text for row in preview.rows]


# --- the layouts ----------------------------------------------------------------------------------

def test_long_csv():
    preview = preview_import(csv_bytes(LONG_ROWS), "reviews.csv")
    assert preview.needs_mapping == () and preview.problems == ()
    assert preview.mapping.layout == "long"
    first, second, third = (row.statement for row in preview.rows)
    assert (first.text, first.category, first.perspective, first.person_ref) == (
        "I like my carers", "working", "person", "P-01")
    assert (first.service, first.area, first.review_date) == ("Homecare North", "Leeds", "2024-03-05")
    assert (second.category, second.perspective, second.review_date) == ("not working", "family/carer", "2024-03-05")
    assert (third.category, third.perspective, third.review_date) == ("important for the future", "staff", "2024-03-06")
    assert [(s.source_file, s.source_sheet, s.source_row, s.position) for s in (first, second, third)] == [
        ("reviews.csv", "", 2, 0), ("reviews.csv", "", 3, 1), ("reviews.csv", "", 4, 2)]
    assert [row.column for row in preview.rows] == ["Statement"] * 3


def test_wide_csv_splits_cells_into_statements():
    preview = preview_import(csv_bytes(WIDE_ROWS), "wide.csv")
    assert preview.mapping.layout == "wide"
    assert preview.mapping.category_columns == {"What's working": "working", "What's not working": "not working",
                                                "Important to me in the future": "important for the future"}
    got = [(r.row, r.column, r.statement.text, r.statement.category, r.statement.person_ref) for r in preview.rows]
    assert got == [
        (2, "What's working", "My garden", "working", "R1"),
        (2, "What's working", "My cat", "working", "R1"),
        (2, "What's not working", "Late visits", "not working", "R1"),
        (2, "What's not working", "Rushed carers", "not working", "R1"),
        (2, "Important to me in the future", "Go to the sea", "important for the future", "R1"),
        (2, "Important to me in the future", "See my grandson", "important for the future", "R1"),
        (3, "What's not working", "Too many different carers", "not working", "R2"),
    ]
    assert preview.problems == ()  # blank wide cells are simply skipped


@pytest.mark.parametrize("cell, expected", [
    ("Garden\nCat", ["Garden", "Cat"]),
    ("- Garden\n- Cat", ["Garden", "Cat"]),
    ("* Garden\r\n* Cat", ["Garden", "Cat"]),
    ("• Garden • Cat · Dog", ["Garden", "Cat", "Dog"]),
    ("1. Garden\n2. Cat\n3) Dog", ["Garden", "Cat", "Dog"]),
    ("My well-being is good - mostly", ["My well-being is good - mostly"]),
    ("2 carers come at 7.30", ["2 carers come at 7.30"]),
    ("-", ["-"]),
])
def test_several_statements_per_wide_cell(cell, expected):
    preview = preview_import(csv_bytes([["Ref", "Working"], ["R1", cell]]), "wide.csv")
    assert texts(preview) == expected


def test_split_cell_gives_nothing_for_a_blank_box():
    assert split_cell("") == [] and split_cell(" \n \n") == []
    assert split_cell("Garden\n\n- Cat\n") == ["Garden", "Cat"]


def test_long_xlsx_reads_dates_numbers_and_true_row_numbers(tmp_path):
    data = xlsx_bytes(tmp_path, {"Reviews": [
        None, ["Notes: made-up review data"], None,
        ["Statement", "Category", "Review date", "Person ID"],
        ["I like the day centre", "working", datetime(2024, 3, 5), 17],
        None,
        ["The bus is late", "not working", date(2024, 3, 6), 18.0],
    ]})
    preview = preview_import(data, "reviews.xlsx")
    # "Notes…" is the first non-blank row, so it is taken as the header and nothing matches
    assert preview.needs_mapping
    [table] = preview.tables
    assert (table.sheet, table.header_row) == ("Reviews", 2)

    data = xlsx_bytes(tmp_path, {"Reviews": [
        None, None,
        ["Statement", "Category", "Review date", "Person ID"],
        ["I like the day centre", "working", datetime(2024, 3, 5), 17],
        None,
        ["The bus is late", "not working", date(2024, 3, 6), 18.0],
    ]})
    preview = preview_import(data, "reviews.xlsx")
    assert preview.sheet == "Reviews"
    got = [(r.row, r.statement.text, r.statement.review_date, r.statement.person_ref, r.statement.source_sheet)
           for r in preview.rows]
    assert got == [(4, "I like the day centre", "2024-03-05", "17", "Reviews"),
                   (6, "The bus is late", "2024-03-06", "18", "Reviews")]


def test_wide_xlsx(tmp_path):
    data = xlsx_bytes(tmp_path, {"Sheet1": [
        ["Person", "Working", "Not working?", "Future"],
        ["A", "Meals on time\nFriendly staff", None, "More trips"],
        ["B", None, "No one rings back", None],
    ]})
    preview = preview_import(data, "wide.xlsx")
    got = [(r.row, r.statement.category, r.statement.text, r.statement.person_ref) for r in preview.rows]
    assert got == [(2, "working", "Meals on time", "A"), (2, "working", "Friendly staff", "A"),
                   (2, "important for the future", "More trips", "A"), (3, "not working", "No one rings back", "B")]


def test_workbook_uses_first_sheet_that_matches_or_the_named_one(tmp_path):
    data = xlsx_bytes(tmp_path, {
        "Read me": [["How to fill this in"], ["One statement per row"]],
        "Team A": [["Statement", "Category"], ["Good food", "working"]],
        "Team B": [["Statement", "Category"], ["Cold food", "not working"]],
    })
    preview = preview_import(data, "teams.xlsx")
    assert [t.sheet for t in preview.tables] == ["Read me", "Team A", "Team B"]
    assert (preview.sheet, texts(preview)) == ("Team A", ["Good food"])
    assert texts(preview_import(data, "teams.xlsx", sheet="Team B")) == ["Cold food"]
    with pytest.raises(UnreadableFile, match='no sheet called "Team C"'):
        preview_import(data, "teams.xlsx", sheet="Team C")


def test_xlsx_cells_become_plain_text(tmp_path):
    data = xlsx_bytes(tmp_path, {"S": [["A", "B", "C", "D", "E"],
                                       [3.0, 2.5, datetime(2024, 1, 2), datetime(2024, 1, 2, 9, 30), True]]})
    [table] = read_tables(data, "cells.xlsx")
    assert table.rows == [["3", "2.5", "2024-01-02", "2024-01-02 09:30", "TRUE"]]


def test_openpyxl_parses_xml_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


# --- headers and values ---------------------------------------------------------------------------

@pytest.mark.parametrize("header, field", [
    *[(h, "text") for h in ["Statement", "Text", "comment", "STATEMENTS", "What they said", "what they said?"]],
    *[(h, "category") for h in ["Category", "Type", "heading"]],
    *[(h, "perspective") for h in ["Perspective", "Who", "Role", "From"]],
    *[(h, "person_ref") for h in ["Person", "Person ref", "Person reference", "Person ID", "Ref", "Review ID", "ID",
                                  "person_id"]],
    *[(h, "person_name") for h in ["Name", "Person name", "Full name", "full-name"]],
    *[(h, "service") for h in ["Service", "Provider"]],
    *[(h, "area") for h in ["Area", "Locality", "Team"]],
    *[(h, "review_date") for h in ["Review date", "Date", "Date of review", "review_date"]],
])
def test_header_spellings(header, field):
    other = "Comment" if field == "category" else "Type"
    mapping = guess_mapping(["Something else", header, other] if field != "text" else [header, "Category"])
    assert getattr(mapping, field) == header


@pytest.mark.parametrize("header, category", [
    *[(h, "working") for h in ["What's working", "What is working", "Working", "Working well", "WHAT’S WORKING?"]],
    *[(h, "not working") for h in ["What is not working", "What's not working", "Not working?", "Not working",
                                   "What isn't working", "What isn’t working for me"]],
    *[(h, "important for the future") for h in ["Important to me in the future", "Important for the future",
                                                "What's important for the future", "Future"]],
])
def test_wide_header_spellings(header, category):
    mapping = guess_mapping(["ID", header])
    assert mapping.layout == "wide"
    assert mapping.category_columns == {header: category}
    assert mapping.missing() == []


def test_statement_column_makes_the_layout_long_even_with_category_headers():
    mapping = guess_mapping(["Statement", "Category", "Working"])
    assert (mapping.layout, mapping.text, mapping.category, mapping.category_columns) == (
        "long", "Statement", "Category", {})


@pytest.mark.parametrize("value, category", [
    ("What's working?", "working"), ("Working well", "working"), ("working", "working"), ("W", "working"),
    ("NOT WORKING", "not working"), ("What isn't working", "not working"), ("Not working well", "not working"),
    ("NW", "not working"), ("Doesn't work", "not working"),
    ("Important to me in the future", "important for the future"), ("future", "important for the future"),
    ("Important for the future", "important for the future"), ("Important to me", "important for the future"),
    ("Fish", None), ("", None), ("Other", None),
])
def test_normalise_category(value, category):
    assert normalise_category(value) == category


@pytest.mark.parametrize("value, perspective", [
    ("Person", "person"), ("Service user", "person"), ("Me", "person"), ("client", "person"),
    ("Family", "family/carer"), ("Carer", "family/carer"), ("family member", "family/carer"),
    ("Unpaid carer", "family/carer"), ("Daughter", "family/carer"),
    ("Staff", "staff"), ("Support worker", "staff"), ("Care worker", "staff"), ("Paid carer", "staff"),
    ("Social worker", "other"), ("Other professional", "other"), ("Other", "other"), ("GP", "other"),
    ("Banana", None), ("", None),
])
def test_normalise_perspective(value, perspective):
    assert normalise_perspective(value) == perspective


def test_wrong_columns_need_mapping_then_a_manual_mapping_works():
    rows = [["Said", "Kind", "Who said it"], ["The food is cold", "Not good", "person"], ["Nice staff", "Good", "me"]]
    preview = preview_import(csv_bytes(rows), "odd.csv")
    assert preview.rows == () and preview.problems == ()
    assert preview.needs_mapping == ("the column with the statement text",
                                     "the column saying which category each statement is in "
                                     "(working, not working, important for the future)")
    assert preview.tables[0].columns == ["Said", "Kind", "Who said it"]

    mapping = ColumnMapping(text="Said", category="Kind", perspective="Who said it")
    preview = preview_import(csv_bytes(rows), "odd.csv", mapping)
    assert preview.needs_mapping == ()
    assert [p.message for p in preview.problems] == [
        '"Not good" is not a category; use one of working, not working, important for the future.',
        '"Good" is not a category; use one of working, not working, important for the future.']

    wide = ColumnMapping(layout="wide", category_columns={"Said": "not working", "Kind": "working"})
    assert texts(preview_import(csv_bytes(rows), "odd.csv", wide)) == ["The food is cold", "Not good",
                                                                        "Nice staff", "Good"]


def test_mapping_naming_a_column_the_file_lacks_needs_mapping():
    mapping = ColumnMapping(text="Statement", category="Heading")
    preview = preview_import(csv_bytes(LONG_ROWS), "reviews.csv", mapping)
    assert preview.needs_mapping == ('a column called "Heading" (this sheet has none)',)


def test_mapping_missing_explains_what_is_needed():
    assert ColumnMapping(layout="wide").missing() == [
        "the columns holding each category's statements (for example \"What's working\")"]
    assert ColumnMapping(layout="wide", category_columns={"Good": "great"}).missing() == [
        'a category for the column "Good" (one of: working, not working, important for the future)']
    assert ColumnMapping(layout="sideways").missing() == [
        "the layout: one statement per row, or one column for each category"]
    assert ColumnMapping(text="S", category="C").missing() == []


# --- encodings and delimiters ---------------------------------------------------------------------

SPECIAL = [["Statement", "Category"], ["It costs £5 and I can’t afford it", "not working"],
           ["The café is lovely", "working"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"])
def test_encodings(encoding):
    data = csv_bytes(SPECIAL, encoding=encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    preview = preview_import(data, "special.csv")
    assert preview.tables[0].columns == ["Statement", "Category"]  # no BOM left on the first header
    assert texts(preview) == ["It costs £5 and I can’t afford it", "The café is lovely"]


def test_mostly_utf8_file_with_one_stray_cp1252_byte_reads_both():
    data = csv_bytes(SPECIAL) + b"It was \xa310 a trip,not working\r\n"
    assert texts(preview_import(data, "mixed.csv")) == [
        "It costs £5 and I can’t afford it", "The café is lovely", "It was £10 a trip"]


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_delimiters_and_quoted_cells_with_new_lines(delimiter):
    rows = [["Statement", "Category", "Person ref"],
            ["Carers come late, sometimes; often", "not working", "P1"],
            ["I like:\nthe garden", "working", "P2"],
            ["Good food", "working", "P3"]]
    preview = preview_import(csv_bytes(rows, delimiter=delimiter), "d.csv")
    assert texts(preview) == ["Carers come late, sometimes; often", "I like:\nthe garden", "Good food"]
    assert [r.row for r in preview.rows] == [2, 3, 4]  # a cell's new line does not shift later rows


def test_blank_rows_are_skipped_but_row_numbers_stay_true():
    text = "\n\nStatement,Category\n\nGood food,working\n,\n  ,  \nCold tea,not working\n"
    preview = preview_import(text.encode(), "gaps.csv")
    assert preview.tables[0].header_row == 3
    assert [(r.row, r.statement.text, r.statement.source_row) for r in preview.rows] == [
        (5, "Good food", 5), (8, "Cold tea", 8)]
    assert preview.tables[0].row_numbers == [5, 8]


# --- whole files that cannot be read --------------------------------------------------------------

def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("data, filename, message", [
    (b"", "empty.csv", '"empty.csv" is empty.'),
    (b"\n \n,,\n", "blank.csv", '"blank.csv" has nothing in it to import.'),
    (b"Statement,Category\n", "header.csv", '"header.csv" has a header row but no statements below it.'),
    (b"Statement,Category\n\n,\n", "header.csv", '"header.csv" has a header row but no statements below it.'),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "photo.csv", "is not a text CSV file"),
    (bytes(range(1, 32)) * 100, "controls.csv", "is not a text CSV file"),
    (b"Statement,Category\nhello,working\n", "notes.pdf", "use a .csv or .xlsx file"),
    (b"Statement,Category\nhello,working\n", "reviews", "use a .csv or .xlsx file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls", "save it as .xlsx or .csv"),
    (b"Statement,Category\nhello,working\n", "renamed.xlsx", "is not a readable Excel .xlsx workbook"),
    (zip_bytes({"hello.txt": "not a workbook"}), "zip.xlsx", "is not a readable Excel .xlsx workbook"),
])
def test_unreadable_files(data, filename, message):
    with pytest.raises(UnreadableFile, match=message.replace("(", r"\(").replace(".", r"\.")):
        read_tables(data, filename)


def test_damaged_xlsx_is_unreadable(tmp_path):
    data = xlsx_bytes(tmp_path, {"S": [["Statement", "Category"], ["Good", "working"]]})
    with pytest.raises(UnreadableFile, match="not a readable Excel"):
        read_tables(data[: len(data) // 2], "cut.xlsx")


def test_zip_bomb_is_refused_by_ratio():
    data = zip_bytes({"[Content_Types].xml": "<Types/>", "xl/worksheets/sheet1.xml": b"\0" * 30_000_000})
    assert len(data) < 100_000
    with pytest.raises(UnreadableFile, match="would unpack to 30 MB"):
        read_tables(data, "bomb.xlsx")


def test_zip_member_declaring_a_huge_size_is_refused():
    data = bytearray(zip_bytes({"xl/worksheets/sheet1.xml": b"<x/>"}))
    central = data.rindex(b"PK\x01\x02")
    data[central + 24:central + 28] = struct.pack("<I", 3_000_000_000)  # declared uncompressed size
    with pytest.raises(UnreadableFile, match="would unpack to 3,000 MB"):
        read_tables(bytes(data), "liar.xlsx")


def test_size_and_row_limits_are_stated():
    data = csv_bytes([["Statement", "Category"]] + [[f"Statement {i}", "working"] for i in range(20)])
    with pytest.raises(UnreadableFile, match=r"over the limit of 0\.1 MB"):
        read_tables(data + b"x" * 100_000, "big.csv", max_bytes=100_000)
    with pytest.raises(UnreadableFile, match="more than 10 rows"):
        read_tables(data, "long.csv", max_rows=10)
    assert len(read_tables(data, "long.csv", max_rows=20)[0].rows) == 20


def test_a_five_thousand_row_file_is_previewed_whole():
    rows = [["Person ref", "Name", "Statement", "Category", "Perspective", "Review date"]]
    for i in range(5_000):
        rows.append([f"P{i % 400}", f"Firstname{i % 400} Surname{i % 97}",
                     f"Statement number {i} about carers arriving late, call 07700 900{i % 1000:03d}",
                     CATEGORIES[i % 3], "person", "01/02/2024"])
    data = csv_bytes(rows)
    preview = preview_import(data, "year.csv")
    assert len(preview.rows) == 5_000 and preview.problems == ()
    assert all("[phone]" in row.statement.text for row in preview.rows)


# --- rows that are not imported -------------------------------------------------------------------

def test_row_problems_name_the_row_and_column_and_skip_the_row():
    rows = [["Statement", "Category", "Perspective", "Review date"],
            ["Good food", "Brilliant", "person", ""],           # 2: unknown category
            ["", "working", "person", ""],                      # 3: no text
            ["Cold tea", "", "person", ""],                     # 4: no category
            ["Nice garden", "working", "Alien", ""],            # 5: unknown perspective
            ["Kind staff", "working", "", "31/02/2024"],         # 6: impossible date
            ["x" * 5_001, "working", "", ""],                   # 7: too long
            ["=HYPERLINK(\"http://x\")", "working", "", ""],    # 8: a formula
            ["", "", "", "01/01/2024"],                          # 9: nothing to import: skipped quietly
            ["Fine", "working", "", "1/2/24"]]                   # 10: imported
    preview = preview_import(csv_bytes(rows), "problems.csv")
    assert [(p.row, p.column) for p in preview.problems] == [
        (2, "Category"), (3, "Statement"), (4, "Category"), (5, "Perspective"), (6, "Review date"),
        (7, "Statement"), (8, "Statement")]
    messages = [p.message for p in preview.problems]
    assert messages[0] == '"Brilliant" is not a category; use one of working, not working, important for the future.'
    assert messages[1] == "No statement text: the statement cell is empty."
    assert messages[2].startswith("No category")
    assert messages[3] == '"Alien" is not a perspective we know; use one of person, family/carer, staff, other.'
    assert messages[4].startswith('The review date "31/02/2024" cannot be read')
    assert messages[5].startswith("This statement is 5,001 characters long; the most is 5,000.")
    assert "formula" in messages[6]
    assert [(r.row, r.statement.text, r.statement.review_date) for r in preview.rows] == [(10, "Fine", "2024-02-01")]


def test_formula_in_a_wide_cell_is_a_problem_other_cells_still_import():
    rows = [["Ref", "Working", "Not working"], ["R1", "=A1&B1", "Late visits"]]
    preview = preview_import(csv_bytes(rows), "wide.csv")
    assert [(p.row, p.column) for p in preview.problems] == [(2, "Working")]
    assert texts(preview) == ["Late visits"]


@pytest.mark.parametrize("written, iso", [
    ("2024-03-05", "2024-03-05"), ("2024-03-05 00:00:00", "2024-03-05"), ("05/03/2024", "2024-03-05"),
    ("5/3/24", "2024-03-05"), ("05.03.2024", "2024-03-05"), ("5 March 2024", "2024-03-05"),
    ("5th of Mar 2024", "2024-03-05"), ("March 5, 2024", "2024-03-05"), ("45356", "2024-03-05"),
    ("5 Sept 2024", "2024-09-05"), ("5 September 2024", "2024-09-05"), ("1st Dec 2023", "2023-12-01"),
])
def test_review_date_formats(written, iso):
    rows = [["Statement", "Category", "Date"], ["Good", "working", written]]
    [row] = preview_import(csv_bytes(rows), "d.csv").rows
    assert row.statement.review_date == iso


# --- flags: no content, duplicates -----------------------------------------------------------------

def test_no_content_rows_are_flagged_and_left_out_unless_asked():
    rows = [["Statement", "Category"], ["N/A", "working"], ["nothing", "not working"], ["-", "working"],
            ["No comment.", "future"], ["Not applicable", "working"], [".", "working"], ["none", "working"],
            ["Nothing is working", "not working"]]
    preview = preview_import(csv_bytes(rows), "empty-ish.csv")
    assert [r.no_content for r in preview.rows] == [True] * 7 + [False]
    assert preview.problems == ()
    assert [s.text for s in confirmed_statements(preview)] == ["Nothing is working"]
    assert len(confirmed_statements(preview, include_no_content=True)) == 8


def test_duplicates_in_the_file_and_in_the_workshop():
    rows = [["Statement", "Category"], ["Carers are late", "not working"], ["carers are LATE!", "not working"],
            ["I love the garden", "working"], ["Carers  are late.", "not working"], ["Lovely lunches", "working"]]
    preview = preview_import(csv_bytes(rows), "dups.csv", existing=["I love the garden."])
    assert [r.duplicate_of for r in preview.rows] == [None, 0, -1, 0, None]
    assert [s.text for s in confirmed_statements(preview, include_duplicates=False)] == [
        "Carers are late", "Lovely lunches"]
    assert len(confirmed_statements(preview)) == 5


# --- privacy --------------------------------------------------------------------------------------

def statement_fields(statement):
    return " ".join(str(value) for value in dataclasses.asdict(statement).values())


def test_names_from_the_name_column_are_redacted_and_never_stored():
    rows = [["Name", "Statement", "Category", "Service", "Area"],
            ["Jean Barker", "Jean likes Tom Hughes's jokes", "working", "Barker Care Ltd", "Leeds"],
            ["Tom Hughes", "I want to visit barker at home", "important for the future", "Sunrise", "Hull"],
            ["Tom Hughes", "The bus is late", "not working", "Sunrise", "Hull"],
            ["Aisha Rahman", "Aisha wants a new wheelchair", "not working", "Sunrise", "Hull"]]
    preview = preview_import(csv_bytes(rows), "Jean Barker reviews.csv", names=["Priya"])
    assert texts(preview) == ["[name] likes [name]'s jokes", "I want to visit [name] at home", "The bus is late",
                              "[name] wants a new wheelchair"]
    assert [r.statement.person_ref for r in preview.rows] == ["Person 1", "Person 2", "Person 2", "Person 3"]
    stored = "\n".join(statement_fields(s) for s in confirmed_statements(preview))
    for name_part in ["Jean", "Barker", "Tom", "Hughes", "Aisha", "Rahman"]:
        assert name_part.lower() not in stored.lower()
    assert preview.rows[0].statement.service == "[name] Care Ltd"
    assert preview.rows[0].statement.source_file == "[name] reviews.csv"
    assert preview.source_file == "[name] reviews.csv"  # it names the file in the history, so it is cleared too


def test_facilitator_names_are_redacted_too():
    rows = [["Statement", "Category"], ["Priya always helps", "working"]]
    assert texts(preview_import(csv_bytes(rows), "n.csv", names=["Priya Shah"])) == ["[name] always helps"]


def test_person_ref_falls_back_to_row_number_and_personal_refs_are_replaced():
    rows = [["Ref", "Statement", "Category"], ["", "Good food", "working"], ["07700 900123", "Nice", "working"]]
    preview = preview_import(csv_bytes(rows), "refs.csv")
    assert [r.statement.person_ref for r in preview.rows] == ["Row 2", "Row 3"]


def test_kept_details_restore_one_finding_and_keep_the_rest_redacted():
    rows = [["Statement", "Category"],
            ["Mr Bean sketches at LS1 4AP, ring 07700 900123", "working"],
            ["Mrs Khan is lovely", "working"]]
    preview = preview_import(csv_bytes(rows), "k.csv")
    first, second = preview.rows
    assert [f.kind for f in first.findings] == ["name", "postcode", "phone"]
    assert first.statement.text == "[name] sketches at [postcode], ring [phone]"

    [kept, untouched] = confirmed_statements(preview, kept_details={(0, 0)}, start_position=10)
    assert kept.text == "Mr Bean sketches at [postcode], ring [phone]"
    assert [kept.text[r.start:r.end] for r in kept.redactions] == ["[postcode]", "[phone]"]
    assert untouched.text == "[name] is lovely"
    assert [kept.position, untouched.position] == [10, 11]
    assert kept.id == first.statement.id


def test_original_text_never_reaches_a_statement():
    rows = [["Statement", "Category"], ["Email jo@example.org or ring 0161 496 0000, DOB 01/02/1940", "working"]]
    preview = preview_import(csv_bytes(rows), "o.csv")
    [row] = preview.rows
    assert row.original_text == "Email jo@example.org or ring 0161 496 0000, DOB 01/02/1940"
    for statement in [row.statement, *confirmed_statements(preview)]:
        stored = statement_fields(statement)
        assert "jo@example.org" not in stored and "496 0000" not in stored and "1940" not in stored
        assert statement.text == "Email [email] or ring [phone], DOB [date of birth]"


def test_the_importer_and_the_theming_engine_agree_on_what_has_no_content():
    from wtfc.importer import preview_import
    from wtfc.text import is_no_content

    texts = ["Nothing", "n/a", "Not sure", "No comment at this time", "-", "Nothing, all good", "More time"]
    data = ("Category,Statement\n" + "".join(f'Working,"{t}"\n' for t in texts)).encode()
    flagged = [row.no_content for row in preview_import(data, "f.csv").rows]
    assert flagged == [is_no_content(t) for t in texts] == [True, True, True, True, True, False, False]
